/* Datapath flows in text. */
#include <config.h>
#include "odp-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* Parses unsigned "s" (decimal, 0x hex or 0 octal) no larger than
 * "max". */
static bool
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;

    errno = 0;
    *out = strtoul(s, &end, 0);
    return *s && *s != '-' && !*end && !errno && *out <= max;
}

static bool
parse_be16(const char *s, be16 *out)
{
    unsigned long x;

    if (!parse_uint(s, 0xffff, &x)) {
        return false;
    }
    *out = htons(x);
    return true;
}

static bool
parse_u8(const char *s, uint8_t *out)
{
    unsigned long x;

    if (!parse_uint(s, 0xff, &x)) {
        return false;
    }
    *out = x;
    return true;
}

static bool
parse_ipv4(const char *s, be32 *ip)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1) {
        return false;
    }
    *ip = a.s_addr;
    return true;
}

static bool
parse_frag(const char *s, uint8_t *nw_frag)
{
    if (!strcmp(s, "no")) {
        *nw_frag = 0;
    } else if (!strcmp(s, "first")) {
        *nw_frag = FLOW_NW_FRAG_ANY;
    } else if (!strcmp(s, "later")) {
        *nw_frag = FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER;
    } else {
        return false;
    }
    return true;
}

/* TCP flags as a number or as names joined by '|' ("syn|ack"). */
static bool
parse_tcp_flags(const char *s, be16 *flags)
{
    static const char *const names[] = {
        "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
    };
    unsigned long x = 0;

    if (parse_uint(s, 0xfff, &x)) {
        *flags = htons(x);
        return true;
    }
    char *copy = xstrdup(s), *save, *name;
    bool ok = true;
    x = 0;
    for (name = strtok_r(copy, "|", &save); name && ok;
         name = strtok_r(NULL, "|", &save)) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(names); i++) {
            if (!strcmp(name, names[i])) {
                x |= 1u << i;
                break;
            }
        }
        ok = i < ARRAY_SIZE(names);
    }
    free(copy);
    *flags = htons(x);
    return ok;
}

/* One "name=value" of a key's fields: sets "flow" from it for key "key",
 * or returns false. */
static bool
parse_field(const char *key, const char *name, const char *value,
            struct flow *flow)
{
    struct in6_addr a6;
    unsigned long x;

#define IS(K, N) (!strcmp(key, K) && !strcmp(name, N))
    if (IS("eth", "src")) {
        return eth_addr_from_string(value, &flow->dl_src);
    } else if (IS("eth", "dst")) {
        return eth_addr_from_string(value, &flow->dl_dst);
    } else if (IS("ipv4", "src") || IS("arp", "sip")) {
        return parse_ipv4(value, &flow->nw_src);
    } else if (IS("ipv4", "dst") || IS("arp", "tip")) {
        return parse_ipv4(value, &flow->nw_dst);
    } else if (IS("ipv4", "proto") || IS("ipv6", "proto")) {
        return parse_u8(value, &flow->nw_proto);
    } else if (IS("ipv4", "tos") || IS("ipv6", "tclass")) {
        return parse_u8(value, &flow->nw_tos);
    } else if (IS("ipv4", "ttl") || IS("ipv6", "hlimit")) {
        return parse_u8(value, &flow->nw_ttl);
    } else if (IS("ipv4", "frag") || IS("ipv6", "frag")) {
        return parse_frag(value, &flow->nw_frag);
    } else if (IS("ipv6", "src") || IS("ipv6", "dst")
               || IS("nd", "target")) {
        if (inet_pton(AF_INET6, value, &a6) != 1) {
            return false;
        }
        *(name[0] == 's' ? &flow->ipv6_src
          : name[0] == 'd' ? &flow->ipv6_dst : &flow->nd_target) = a6;
        return true;
    } else if (IS("ipv6", "label")) {
        if (!parse_uint(value, 0xfffff, &x)) {
            return false;
        }
        flow->ipv6_label = htonl(x);
        return true;
    } else if (!strcmp(key, "tcp") || !strcmp(key, "udp")
               || !strcmp(key, "sctp")) {
        return (!strcmp(name, "src") ? parse_be16(value, &flow->tp_src)
                : !strcmp(name, "dst") ? parse_be16(value, &flow->tp_dst)
                : false);
    } else if (!strcmp(key, "icmp") || !strcmp(key, "icmpv6")) {
        uint8_t v;
        if (strcmp(name, "type") && strcmp(name, "code")) {
            return false;
        } else if (!parse_u8(value, &v)) {
            return false;
        }
        *(name[0] == 't' ? &flow->tp_src : &flow->tp_dst) = htons(v);
        return true;
    } else if (IS("arp", "op")) {
        return parse_u8(value, &flow->nw_proto);
    } else if (IS("arp", "sha") || IS("nd", "sll")) {
        return eth_addr_from_string(value, &flow->arp_sha);
    } else if (IS("arp", "tha") || IS("nd", "tll")) {
        return eth_addr_from_string(value, &flow->arp_tha);
    }
#undef IS
    return false;
}

/* Returns the offset in "s" of the ')' that closes the '(' before "s", or
 * -1. */
static int
find_close(const char *s)
{
    int depth = 0;

    for (int i = 0; s[i]; i++) {
        if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')' && !depth--) {
            return i;
        }
    }
    return -1;
}

static bool parse_keys(const char *s, struct flow *, int n_vlans,
                       const char **errorp);

/* Parses key "key" whose arguments are "args"; "n_vlans" is how many VLAN
 * tags are outside it. */
static bool
parse_key(const char *key, char *args, struct flow *flow, int *n_vlans,
          const char **errorp)
{
    unsigned long x;

    if (!strcmp(key, "in_port")) {
        if (!parse_uint(args, UINT32_MAX, &x)) {
            return false;
        }
        flow->in_port = x;
    } else if (!strcmp(key, "skb_mark")) {
        if (!parse_uint(args, UINT32_MAX, &x)) {
            return false;
        }
        flow->pkt_mark = x;
    } else if (!strcmp(key, "recirc_id") || !strcmp(key, "dp_hash")
               || !strcmp(key, "skb_priority")) {
        return parse_uint(args, UINT32_MAX, &x);
    } else if (!strcmp(key, "eth_type")) {
        return parse_be16(args, &flow->dl_type);
    } else if (!strcmp(key, "tcp_flags")) {
        return parse_tcp_flags(args, &flow->tcp_flags);
    } else if (!strcmp(key, "vlan")) {
        unsigned long vid = 0, pcp = 0;
        char *save, *field;
        if (*n_vlans >= FLOW_MAX_VLAN_HEADERS) {
            return false;
        }
        for (field = strtok_r(args, ",", &save); field;
             field = strtok_r(NULL, ",", &save)) {
            char *value = strchr(field, '=');
            if (!value) {
                return false;
            }
            *value++ = '\0';
            if (!strcmp(field, "vid") ? !parse_uint(value, 4095, &vid)
                : !strcmp(field, "pcp") ? !parse_uint(value, 7, &pcp)
                : !strcmp(field, "cfi") ? !parse_uint(value, 1, &x)
                : true) {
                return false;
            }
        }
        struct flow_vlan *vlan = &flow->vlans[(*n_vlans)++];
        vlan->tpid = (eth_type_is_vlan(ntohs(flow->dl_type))
                      ? flow->dl_type : htons(ETH_TYPE_VLAN_8021Q));
        vlan->tci = htons((pcp << VLAN_PCP_SHIFT) | VLAN_CFI | vid);
    } else if (!strcmp(key, "encap")) {
        return parse_keys(args, flow, *n_vlans, errorp);
    } else if (!strcmp(key, "eth") || !strcmp(key, "ipv4")
               || !strcmp(key, "ipv6") || !strcmp(key, "tcp")
               || !strcmp(key, "udp") || !strcmp(key, "sctp")
               || !strcmp(key, "icmp") || !strcmp(key, "icmpv6")
               || !strcmp(key, "arp") || !strcmp(key, "nd")) {
        char *save, *field;
        for (field = strtok_r(args, ",", &save); field;
             field = strtok_r(NULL, ",", &save)) {
            char *value = strchr(field, '=');
            if (!value) {
                return false;
            }
            *value++ = '\0';
            value[strcspn(value, "/")] = '\0';  /* Mask: ignored. */
            if (!parse_field(key, field, value, flow)) {
                return false;
            }
        }
    } else {
        return false;
    }
    return true;
}

/* Parses the comma-separated keys in "s".  On error points "*errorp" into
 * "s" at the key that failed. */
static bool
parse_keys(const char *s, struct flow *flow, int n_vlans,
           const char **errorp)
{
    const char *p = s;

    for (;;) {
        p += strspn(p, ", \t\n");
        if (!*p) {
            return true;
        }
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
        if (!n || p[n] != '(') {
            *errorp = p;
            return false;
        }
        int close = find_close(p + n + 1);
        if (close < 0) {
            *errorp = p;
            return false;
        }
        char *key = xmalloc(n + 1);
        memcpy(key, p, n);
        key[n] = '\0';
        char *args = xmalloc(close + 1);
        memcpy(args, p + n + 1, close);
        args[close] = '\0';
        const char *inner_error = NULL;
        bool ok = parse_key(key, args, flow, &n_vlans, &inner_error);
        free(key);
        free(args);
        if (!ok) {
            /* An error inside "encap(...)" points into our copy; report
             * the whole key instead. */
            *errorp = p;
            return false;
        }
        p += n + 1 + close + 1;
    }
}

/* Parses datapath flow "s" into "flow".  Returns NULL, or an error
 * message ("syntax error at ...", as Open vSwitch words it) that the
 * caller frees. */
char *
odp_flow_from_string(const char *s, struct flow *flow)
{
    const char *error_at = NULL;

    memset(flow, 0, sizeof *flow);
    flow->in_port = FLOW_PORT_ANY;
    if (!parse_keys(s, flow, 0, &error_at)) {
        return xasprintf("syntax error at %s", error_at);
    }
    return NULL;
}
