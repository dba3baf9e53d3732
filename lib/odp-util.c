/* Datapath flows in text: parsing one, and formatting a megaflow. */
#include <config.h>
#include "odp-util.h"

#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "ds.h"
#include "geneve.h"
#include "packets.h"
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

/* Names of the TCP flag bits, lowest first, as Open vSwitch writes them;
 * the three reserved bits have no name but their value in brackets. */
static const char *const tcp_flag_names[] = {
    "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
    "[200]", "[400]", "[800]",
};

/* TCP flags as a number or as names joined by '|' ("syn|ack"). */
static bool
parse_tcp_flags(const char *s, be16 *flags)
{
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
        for (i = 0; i < ARRAY_SIZE(tcp_flag_names); i++) {
            if (!strcmp(name, tcp_flag_names[i])) {
                x |= 1u << i;
                break;
            }
        }
        ok = i < ARRAY_SIZE(tcp_flag_names);
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
    } else if (!strcmp(key, "packet_type")) {
        /* "packet_type(ns=N,id=N)", which every megaflow of the userspace
         * datapath carries. */
        char *save, *field;
        for (field = strtok_r(args, ",", &save); field;
             field = strtok_r(NULL, ",", &save)) {
            char *value = strchr(field, '=');
            if (!value) {
                return false;
            }
            *value++ = '\0';
            if (!strcmp(field, "ns")) {
                if (!parse_uint(value, 0xffff, &x)) {
                    return false;
                }
                flow->packet_ns = x;
            } else if (strcmp(field, "id")
                       || !parse_be16(value, &flow->packet_type)) {
                return false;
            }
        }
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

/* ---------------------------------------------------------------------
 * Formatting a megaflow.
 *
 * Open vSwitch prints a datapath flow by converting key and mask to
 * netlink attributes (OVS_KEY_ATTR_*) and printing the attributes in
 * the order the conversion puts them.  This writes the same text
 * directly from struct flow, so it copies the conversion's choices: which
 * attributes a key has, how a mask narrows to a field's width, and that
 * an attribute whose mask is all zeros is left out unless it nests others
 * (tunnel, encap).  Inside an attribute, a field with a zero mask is left
 * out and a partly masked one is written "value/mask".  Every attribute
 * and field is written with a trailing ',' that the next level chomps.
 * --------------------------------------------------------------------- */

static bool
is_all_byte(const void *p_, size_t n, uint8_t byte)
{
    const uint8_t *p = p_;

    for (size_t i = 0; i < n; i++) {
        if (p[i] != byte) {
            return false;
        }
    }
    return true;
}

/* Appends integer field "name" unless "mask" is 0: "key" in decimal, or
 * in hex with "hex", then "/mask" in hex unless "mask" is "full". */
static void
put_int_field(struct ds *ds, const char *name, bool hex, uint64_t key,
              uint64_t mask, uint64_t full)
{
    if (mask) {
        ds_put_format(ds, hex ? "%s=%#"PRIx64 : "%s=%"PRIu64, name, key);
        if (mask != full) {
            ds_put_format(ds, "/%#"PRIx64, mask);
        }
        ds_put_char(ds, ',');
    }
}

static void
put_ipv4_field(struct ds *ds, const char *name, be32 key, be32 mask)
{
    if (mask) {
        ds_put_format(ds, "%s="IP_FMT, name, IP_ARGS(key));
        if (mask != UINT32_MAX) {
            ds_put_format(ds, "/"IP_FMT, IP_ARGS(mask));
        }
        ds_put_char(ds, ',');
    }
}

/* The mask of an IPv6 address is written as an address too, not as a
 * prefix length. */
static void
put_ipv6_field(struct ds *ds, const char *name, const struct in6_addr *key,
               const struct in6_addr *mask)
{
    char buf[INET6_ADDRSTRLEN];

    if (ipv6_addr_is_zero(mask)) {
        return;
    }
    ds_put_format(ds, "%s=%s", name,
                  inet_ntop(AF_INET6, key, buf, sizeof buf));
    if (!is_all_byte(mask, sizeof *mask, 0xff)) {
        ds_put_format(ds, "/%s", inet_ntop(AF_INET6, mask, buf, sizeof buf));
    }
    ds_put_char(ds, ',');
}

static void
put_eth_field(struct ds *ds, const char *name, struct eth_addr key,
              struct eth_addr mask)
{
    if (eth_addr_is_zero(mask)) {
        return;
    }
    ds_put_format(ds, "%s="ETH_ADDR_FMT, name, ETH_ADDR_ARGS(key));
    if (!is_all_byte(&mask, sizeof mask, 0xff)) {
        ds_put_format(ds, "/"ETH_ADDR_FMT, ETH_ADDR_ARGS(mask));
    }
    ds_put_char(ds, ',');
}

/* Appends "n" bytes at "p" as one hex number without leading zeros, "0"
 * if they are all zero. */
static void
put_hex_number(struct ds *ds, const uint8_t *p, size_t n)
{
    if (is_all_byte(p, n, 0)) {
        ds_put_char(ds, '0');
    } else {
        ds_put_hex(ds, p, n);
    }
}

/* Appends the bits of "flags" that "mask" covers, "names[i]" naming bit i
 * of the "n" bits.  Under a full mask, the names of the bits that are set
 * are joined by '|' ("0" for none); under a partial one each covered bit
 * is "+name" or "-name". */
static void
put_flags(struct ds *ds, const char *const names[], size_t n,
          uint32_t flags, uint32_t mask)
{
    if (mask == (1u << n) - 1) {
        if (!flags) {
            ds_put_char(ds, '0');
        }
        for (size_t i = 0; i < n; i++) {
            if (flags & (1u << i)) {
                ds_put_format(ds, "%s|", names[i]);
            }
        }
        ds_chomp(ds, '|');
    } else {
        for (size_t i = 0; i < n; i++) {
            if (mask & (1u << i)) {
                ds_put_format(ds, "%c%s", flags & (1u << i) ? '+' : '-',
                              names[i]);
            }
        }
    }
}

/* Appends the Geneve options "opts", "len" bytes as on the wire, under
 * "mask", which has the same layout.  An option's class, type and length
 * are masked like its data: the datapath matches the option's header
 * only for an option the flow table looked at. */
static void
format_geneve_opts(struct ds *ds, const uint8_t *opts, const uint8_t *mask,
                   size_t len)
{
    while (len > 0) {
        if (len < GENEVE_OPT_HEADER_LEN) {
            ds_put_format(ds, "opt len %zu less than minimum %d", len,
                          GENEVE_OPT_HEADER_LEN);
            return;
        }
        size_t data_len = (opts[3] & GENEVE_OPT_LEN_MASK5) * 4;
        size_t opt_len = GENEVE_OPT_HEADER_LEN + data_len;
        if (opt_len > len) {
            ds_put_format(ds, "opt len %zu greater than remaining %zu",
                          opt_len, len);
            return;
        }

        /* The length field's mask has 5 bits; all of them stand for the
         * whole byte count. */
        uint8_t len_mask = mask[3] & GENEVE_OPT_LEN_MASK5;
        ds_put_char(ds, '{');
        put_int_field(ds, "class", true, get_unaligned_be16(opts),
                      get_unaligned_be16(mask), 0xffff);
        put_int_field(ds, "type", true, opts[2], mask[2], 0xff);
        put_int_field(ds, "len", false, data_len,
                      len_mask == GENEVE_OPT_LEN_MASK5 ? 0xff : len_mask,
                      0xff);
        const uint8_t *data = opts + GENEVE_OPT_HEADER_LEN;
        const uint8_t *data_mask = mask + GENEVE_OPT_HEADER_LEN;
        if (data_len && !is_all_byte(data_mask, data_len, 0)) {
            put_hex_number(ds, data, data_len);
            if (!is_all_byte(data_mask, data_len, 0xff)) {
                ds_put_char(ds, '/');
                put_hex_number(ds, data_mask, data_len);
            }
        } else {
            ds_chomp(ds, ',');
        }
        ds_put_char(ds, '}');

        opts += opt_len;
        mask += opt_len;
        len -= opt_len;
    }
}

/* The tunnel flags Open vSwitch names in a datapath flow, by bit. */
static const char *const tnl_flag_names[] = { "oam", "df", "csum", "key" };
BUILD_ASSERT(FLOW_TNL_F_OAM == 1 << 0 && FLOW_TNL_F_DONT_FRAGMENT == 1 << 1
             && FLOW_TNL_F_CSUM == 1 << 2 && FLOW_TNL_F_KEY == 1 << 3);

/* Appends "tunnel(...)," for the outer headers in "key".  A field is there
 * only when the key has it (non-zero, except the TTL); the "key" flag
 * comes from whether the key has a tunnel ID, and is then always in the
 * flags' mask. */
static void
format_tunnel(struct ds *ds, const struct flow_tnl *key,
              const struct flow_tnl *mask)
{
    const uint16_t other_flags = (FLOW_TNL_F_OAM | FLOW_TNL_F_DONT_FRAGMENT
                                  | FLOW_TNL_F_CSUM);
    bool has_id = key->tun_id || key->flags & FLOW_TNL_F_KEY;
    uint16_t key_flag = has_id ? FLOW_TNL_F_KEY : 0;
    uint16_t flags = key_flag | (key->flags & other_flags);
    uint16_t flags_mask = key_flag | (mask->flags & other_flags);

    ds_put_cstr(ds, "tunnel(");
    if (has_id && mask->tun_id) {
        ds_put_format(ds, "tun_id=0x%"PRIx64, be64toh(key->tun_id));
        if (mask->tun_id != UINT64_MAX) {
            ds_put_format(ds, "/%#"PRIx64, be64toh(mask->tun_id));
        }
        ds_put_char(ds, ',');
    }
    if (key->ip_src) {
        put_ipv4_field(ds, "src", key->ip_src, mask->ip_src);
    }
    if (key->ip_dst) {
        put_ipv4_field(ds, "dst", key->ip_dst, mask->ip_dst);
    }
    if (!ipv6_addr_is_zero(&key->ipv6_src)) {
        put_ipv6_field(ds, "ipv6_src", &key->ipv6_src, &mask->ipv6_src);
    }
    if (!ipv6_addr_is_zero(&key->ipv6_dst)) {
        put_ipv6_field(ds, "ipv6_dst", &key->ipv6_dst, &mask->ipv6_dst);
    }
    if (key->ip_tos) {
        put_int_field(ds, "tos", true, key->ip_tos, mask->ip_tos, 0xff);
    }
    put_int_field(ds, "ttl", false, key->ip_ttl, mask->ip_ttl, 0xff);
    if (key->tp_src) {
        put_int_field(ds, "tp_src", false, ntohs(key->tp_src),
                      ntohs(mask->tp_src), 0xffff);
    }
    if (key->tp_dst) {
        put_int_field(ds, "tp_dst", false, ntohs(key->tp_dst),
                      ntohs(mask->tp_dst), 0xffff);
    }
    if (key->gnv_opts_len) {
        ds_put_cstr(ds, "geneve(");
        format_geneve_opts(ds, key->gnv_opts, mask->gnv_opts,
                           key->gnv_opts_len);
        ds_put_cstr(ds, "),");
    }
    if (flags_mask) {
        ds_put_cstr(ds, "flags(");
        put_flags(ds, tnl_flag_names, ARRAY_SIZE(tnl_flag_names), flags,
                  flags_mask);
        ds_put_cstr(ds, "),");
    }
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "),");
}

/* Appends "vlan(...)," for one tag.  The VID and PCP are written when the
 * key or the mask has bits in them; a tag without VLAN_CFI says so. */
static void
format_vlan(struct ds *ds, be16 key_tci, be16 mask_tci)
{
    uint16_t tci = ntohs(key_tci);
    uint16_t mask = ntohs(mask_tci);

    ds_put_cstr(ds, "vlan(");
    if ((tci | mask) & VLAN_VID_MASK) {
        ds_put_format(ds, "vid=%u", tci & VLAN_VID_MASK);
        if ((mask & VLAN_VID_MASK) != VLAN_VID_MASK) {
            ds_put_format(ds, "/0x%x", mask & VLAN_VID_MASK);
        }
        ds_put_char(ds, ',');
    }
    if ((tci | mask) & VLAN_PCP_MASK) {
        ds_put_format(ds, "pcp=%u", (tci & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT);
        if ((mask & VLAN_PCP_MASK) != VLAN_PCP_MASK) {
            ds_put_format(ds, "/0x%x",
                          (mask & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT);
        }
        ds_put_char(ds, ',');
    }
    if (!(tci & VLAN_CFI)) {
        ds_put_cstr(ds, "cfi=0,");
    }
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "),");
}

/* The datapath's fragment type of "nw_frag". */
static const char *
frag_name(uint8_t nw_frag)
{
    return (!(nw_frag & FLOW_NW_FRAG_ANY) ? "no"
            : nw_frag & FLOW_NW_FRAG_LATER ? "later" : "first");
}

/* The datapath's fragment type is one value, not bits: matched whole when
 * the flow looks at whether the packet is a fragment at all. */
static void
put_frag_field(struct ds *ds, uint8_t key, uint8_t mask)
{
    if (mask & FLOW_NW_FRAG_ANY) {
        ds_put_format(ds, "frag=%s,", frag_name(key));
    }
}

static void
format_ipv4(struct ds *ds, const struct flow *key, const struct flow *mask)
{
    if (!mask->nw_src && !mask->nw_dst && !mask->nw_proto && !mask->nw_tos
        && !mask->nw_ttl && !(mask->nw_frag & FLOW_NW_FRAG_ANY)) {
        return;
    }
    ds_put_cstr(ds, "ipv4(");
    put_ipv4_field(ds, "src", key->nw_src, mask->nw_src);
    put_ipv4_field(ds, "dst", key->nw_dst, mask->nw_dst);
    put_int_field(ds, "proto", false, key->nw_proto, mask->nw_proto, 0xff);
    put_int_field(ds, "tos", true, key->nw_tos, mask->nw_tos, 0xff);
    put_int_field(ds, "ttl", false, key->nw_ttl, mask->nw_ttl, 0xff);
    put_frag_field(ds, key->nw_frag, mask->nw_frag);
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "),");
}

static void
format_ipv6(struct ds *ds, const struct flow *key, const struct flow *mask)
{
    uint32_t label = ntohl(key->ipv6_label);
    uint32_t label_mask = ntohl(mask->ipv6_label);

    if (ipv6_addr_is_zero(&mask->ipv6_src)
        && ipv6_addr_is_zero(&mask->ipv6_dst)
        && !(label_mask & IPV6_LABEL_MASK) && !mask->nw_proto
        && !mask->nw_tos && !mask->nw_ttl
        && !(mask->nw_frag & FLOW_NW_FRAG_ANY)) {
        return;
    }
    ds_put_cstr(ds, "ipv6(");
    put_ipv6_field(ds, "src", &key->ipv6_src, &mask->ipv6_src);
    put_ipv6_field(ds, "dst", &key->ipv6_dst, &mask->ipv6_dst);
    if (label_mask) {
        ds_put_format(ds, "label=%#"PRIx32, label);
        if ((label_mask & IPV6_LABEL_MASK) != IPV6_LABEL_MASK) {
            ds_put_format(ds, "/%#"PRIx32, label_mask);
        }
        ds_put_char(ds, ',');
    }
    put_int_field(ds, "proto", false, key->nw_proto, mask->nw_proto, 0xff);
    put_int_field(ds, "tclass", true, key->nw_tos, mask->nw_tos, 0xff);
    put_int_field(ds, "hlimit", false, key->nw_ttl, mask->nw_ttl, 0xff);
    put_frag_field(ds, key->nw_frag, mask->nw_frag);
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "),");
}

static void
format_arp(struct ds *ds, const struct flow *key, const struct flow *mask)
{
    /* The datapath's opcode is 16 bits; a full mask of our 8 is full. */
    uint16_t op_mask = mask->nw_proto == UINT8_MAX ? 0xffff : mask->nw_proto;

    if (!mask->nw_src && !mask->nw_dst && !op_mask
        && eth_addr_is_zero(mask->arp_sha)
        && eth_addr_is_zero(mask->arp_tha)) {
        return;
    }
    ds_put_cstr(ds, "arp(");
    put_ipv4_field(ds, "sip", key->nw_src, mask->nw_src);
    put_ipv4_field(ds, "tip", key->nw_dst, mask->nw_dst);
    put_int_field(ds, "op", false, key->nw_proto, op_mask, 0xffff);
    put_eth_field(ds, "sha", key->arp_sha, mask->arp_sha);
    put_eth_field(ds, "tha", key->arp_tha, mask->arp_tha);
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "),");
}

/* Appends "name(src=...,dst=...)," for TCP, UDP or SCTP ports. */
static void
format_ports(struct ds *ds, const char *name, const struct flow *key,
             const struct flow *mask)
{
    if (mask->tp_src || mask->tp_dst) {
        ds_put_format(ds, "%s(", name);
        put_int_field(ds, "src", false, ntohs(key->tp_src),
                      ntohs(mask->tp_src), 0xffff);
        put_int_field(ds, "dst", false, ntohs(key->tp_dst),
                      ntohs(mask->tp_dst), 0xffff);
        ds_chomp(ds, ',');
        ds_put_cstr(ds, "),");
    }
}

/* Appends "name(type=...,code=...)," for ICMP or ICMPv6, whose type and
 * code are 8 bits in the datapath. */
static void
format_icmp(struct ds *ds, const char *name, const struct flow *key,
            const struct flow *mask)
{
    uint8_t type_mask = ntohs(mask->tp_src);
    uint8_t code_mask = ntohs(mask->tp_dst);

    if (type_mask || code_mask) {
        ds_put_format(ds, "%s(", name);
        put_int_field(ds, "type", false, (uint8_t) ntohs(key->tp_src),
                      type_mask, 0xff);
        put_int_field(ds, "code", false, (uint8_t) ntohs(key->tp_dst),
                      code_mask, 0xff);
        ds_chomp(ds, ',');
        ds_put_cstr(ds, "),");
    }
}

/* Appends "nd(...)," for an IPv6 neighbour solicitation or advertisement
 * ("key" code 0), if the flow matches its ICMPv6 type and code exactly:
 * only then does the datapath look at the ND fields. */
static void
format_nd(struct ds *ds, const struct flow *key, const struct flow *mask)
{
    uint16_t type = ntohs(key->tp_src);

    if (key->tp_dst || (type != ND_NEIGHBOR_SOLICIT
                        && type != ND_NEIGHBOR_ADVERT)
        || (ntohs(mask->tp_src) & 0xff) != 0xff
        || (ntohs(mask->tp_dst) & 0xff) != 0xff) {
        return;
    }
    if (ipv6_addr_is_zero(&mask->nd_target)
        && eth_addr_is_zero(mask->arp_sha)
        && eth_addr_is_zero(mask->arp_tha)) {
        return;
    }
    ds_put_cstr(ds, "nd(");
    put_ipv6_field(ds, "target", &key->nd_target, &mask->nd_target);
    put_eth_field(ds, "sll", key->arp_sha, mask->arp_sha);
    put_eth_field(ds, "tll", key->arp_tha, mask->arp_tha);
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "),");
}

/* Appends the L3 attribute of "key" and the L4 ones after it. */
static void
format_l3_l4(struct ds *ds, const struct flow *key, const struct flow *mask)
{
    uint16_t dl_type = ntohs(key->dl_type);
    bool is_ipv4 = dl_type == ETH_TYPE_IP;
    bool is_ipv6 = dl_type == ETH_TYPE_IPV6;

    if (is_ipv4) {
        format_ipv4(ds, key, mask);
    } else if (is_ipv6) {
        format_ipv6(ds, key, mask);
    } else if (dl_type == ETH_TYPE_ARP || dl_type == 0x8035 /* RARP */) {
        format_arp(ds, key, mask);
    }

    /* A later fragment has no L4 header. */
    if ((!is_ipv4 && !is_ipv6) || key->nw_frag & FLOW_NW_FRAG_LATER) {
        return;
    }
    if (key->nw_proto == IPPROTO_NUM_TCP) {
        uint16_t flags_mask = TCP_FLAGS(ntohs(mask->tcp_flags));
        format_ports(ds, "tcp", key, mask);
        if (flags_mask) {
            ds_put_cstr(ds, "tcp_flags(");
            put_flags(ds, tcp_flag_names, ARRAY_SIZE(tcp_flag_names),
                      TCP_FLAGS(ntohs(key->tcp_flags)), flags_mask);
            ds_put_cstr(ds, "),");
        }
    } else if (key->nw_proto == IPPROTO_NUM_UDP) {
        format_ports(ds, "udp", key, mask);
    } else if (key->nw_proto == IPPROTO_NUM_SCTP) {
        format_ports(ds, "sctp", key, mask);
    } else if (is_ipv4 && key->nw_proto == IPPROTO_NUM_ICMP) {
        format_icmp(ds, "icmp", key, mask);
    } else if (is_ipv6 && key->nw_proto == IPPROTO_NUM_ICMPV6) {
        format_icmp(ds, "icmpv6", key, mask);
        format_nd(ds, key, mask);
    }
}

static bool
is_ethernet(const struct flow *flow)
{
    return flow->packet_ns == PT_ETH && !flow->packet_type;
}

/* Appends the attributes from VLAN tag "level" of "key" inward: for each
 * tag "eth_type(TPID),vlan(...),encap(...)" around the rest.  A tag with
 * a zero TCI and a VLAN ethertype after it is a truncated tag, which
 * ends the frame. */
static void
format_vlans_and_below(struct ds *ds, const struct flow *key,
                       const struct flow *mask, int level)
{
    uint16_t dl_type = ntohs(key->dl_type);

    if (level < FLOW_MAX_VLAN_HEADERS && is_ethernet(key)) {
        const struct flow_vlan *vlan = &key->vlans[level];
        if (vlan->tci || eth_type_is_vlan(dl_type)) {
            uint16_t tpid = vlan->tci ? ntohs(vlan->tpid) : dl_type;
            ds_put_format(ds, "eth_type(0x%04"PRIx16"),", tpid);
            if (mask->vlans[level].tci) {
                format_vlan(ds, vlan->tci, mask->vlans[level].tci);
            }
            ds_put_cstr(ds, "encap(");
            if (vlan->tci) {
                format_vlans_and_below(ds, key, mask, level + 1);
            }
            ds_chomp(ds, ',');
            ds_put_cstr(ds, "),");
            return;
        }
    }

    if (dl_type < ETH_TYPE_MIN) {
        /* An 802.3 frame has no ethertype in the key, but the mask has an
         * exact one.  Open vSwitch writes that after all else, or not at
         * all inside "encap()"; nothing else follows it here. */
        if (!level) {
            ds_put_cstr(ds, "eth_type(0/0xffff),");
        }
        return;
    }
    if (mask->dl_type) {
        ds_put_format(ds, "eth_type(0x%04"PRIx16, dl_type);
        if (mask->dl_type != UINT16_MAX) {
            ds_put_format(ds, "/0x%04"PRIx16, ntohs(mask->dl_type));
        }
        ds_put_cstr(ds, "),");
    }
    if (!eth_type_is_vlan(dl_type)) {
        format_l3_l4(ds, key, mask);
    }
}

void
odp_flow_format(struct ds *ds, const struct flow *key,
                const struct flow *mask)
{
    if (key->tunnel.ip_dst || !ipv6_addr_is_zero(&key->tunnel.ipv6_dst)) {
        format_tunnel(ds, &key->tunnel, &mask->tunnel);
    }
    if (mask->pkt_mark) {
        ds_put_format(ds, "skb_mark(%#"PRIx32, key->pkt_mark);
        if (mask->pkt_mark != UINT32_MAX) {
            ds_put_format(ds, "/%#"PRIx32, mask->pkt_mark);
        }
        ds_put_cstr(ds, "),");
    }

    /* Recirculation does not exist here yet: every flow is the first
     * pass, which the datapath always matches exactly. */
    ds_put_cstr(ds, "recirc_id(0),");

    if (mask->in_port) {
        ds_put_format(ds, "in_port(%"PRIu32, key->in_port);
        if (mask->in_port != UINT32_MAX) {
            ds_put_format(ds, "/%#"PRIx32, mask->in_port);
        }
        ds_put_cstr(ds, "),");
    }
    if (mask->packet_ns || mask->packet_type) {
        ds_put_cstr(ds, "packet_type(");
        put_int_field(ds, "ns", false, key->packet_ns, mask->packet_ns,
                      0xffff);
        put_int_field(ds, "id", true, ntohs(key->packet_type),
                      ntohs(mask->packet_type), 0xffff);
        ds_chomp(ds, ',');
        ds_put_cstr(ds, "),");
    }

    /* With packet_type in every flow, the userspace datapath leaves out
     * an Ethernet header that is all wildcards, unlike the kernel's. */
    if (is_ethernet(key)
        && (!eth_addr_is_zero(mask->dl_src)
            || !eth_addr_is_zero(mask->dl_dst))) {
        ds_put_cstr(ds, "eth(");
        put_eth_field(ds, "src", key->dl_src, mask->dl_src);
        put_eth_field(ds, "dst", key->dl_dst, mask->dl_dst);
        ds_chomp(ds, ',');
        ds_put_cstr(ds, "),");
    }
    format_vlans_and_below(ds, key, mask, 0);
    ds_chomp(ds, ',');
}
