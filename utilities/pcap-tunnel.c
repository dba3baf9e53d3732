/* ovsx-pcap's tunnel commands: "parse --decap" and "build". */
#include <config.h>
#include "pcap-tunnel.h"

#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csum.h"
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "geneve.h"
#include "gre.h"
#include "packets.h"
#include "tnl-header.h"
#include "util.h"

/* Appends to "line" the decapsulated view of "packet": the tunnel fields
 * and the inner flow, or "drop: REASON" for a malformed tunnel packet.  A
 * packet that is not a tunnel packet is printed as it is. */
void
pcap_tunnel_decap_format(struct ds *line, struct dp_packet *packet,
                         bool nvgre)
{
    struct tnl_pop_config cfg;
    struct flow_tnl tnl;
    struct flow flow;
    enum tnl_type type;
    uint16_t inner_proto = 0;

    tnl_pop_config_init(&cfg);
    cfg.gre_is_nvgre = nvgre;
    enum tnl_drop_reason reason = tnl_pop(packet, &cfg, &tnl, &type,
                                          &inner_proto);
    if (reason == TNL_DROP_NOT_TUNNEL) {
        flow_extract(packet, &flow);
    } else if (reason != TNL_DROP_NONE) {
        ds_put_format(line, "drop: %s", tnl_drop_reason_name(reason));
        return;
    } else if (inner_proto == ETH_TYPE_TEB) {
        flow_extract(packet, &flow);
        flow.tunnel = tnl;
    } else {
        flow_extract_l3(packet, htons(inner_proto), &flow);
        flow.tunnel = tnl;
    }
    flow_format(line, &flow);
}

/* ---------------------------------------------------------------------
 * build
 * --------------------------------------------------------------------- */

/* One packet to build, as its SPEC says. */
struct build_spec {
    struct tnl_config cfg;
    struct flow_tnl tnl;
    int family;                 /* AF_INET or AF_INET6, from the addresses. */
    bool have_local, have_remote;
    char inner[8];              /* "l2", "ipv4" or "ipv6". */
    be32 inner_src, inner_dst;  /* Inner IPv4 addresses. */
    uint16_t inner_sport, inner_dport;
};

static bool
parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;

    errno = 0;
    *out = strtoull(s, &end, 0);
    return !errno && *s && !*end && *out <= max;
}

/* Parses "CLASS:TYPE:HEX" and appends the option to spec->tnl.gnv_opts. */
static char *
parse_geneve_opt(struct build_spec *spec, const char *value)
{
    unsigned int opt_class, type;
    int n = 0;

    if (sscanf(value, "%i:%i:%n", (int *) &opt_class, (int *) &type, &n) != 2
        || !n || opt_class > 0xffff || type > 0xff) {
        return xasprintf("opt=%s: expected CLASS:TYPE:HEX", value);
    }
    const char *hex = value + n;
    size_t hex_len = strlen(hex);
    if (hex_len % 8 || hex_len / 2 > GENEVE_OPT_MAX_DATA_LEN) {
        return xasprintf("opt=%s: data must be a multiple of 4 bytes, "
                         "at most %d", value, GENEVE_OPT_MAX_DATA_LEN);
    }
    size_t len = GENEVE_OPT_HEADER_LEN + hex_len / 2;
    if (spec->tnl.gnv_opts_len + len > GENEVE_MAX_OPTS_LEN) {
        return xasprintf("opt=%s: options exceed %d bytes", value,
                         GENEVE_MAX_OPTS_LEN);
    }
    uint8_t *p = &spec->tnl.gnv_opts[spec->tnl.gnv_opts_len];
    put_unaligned_be16(p, opt_class);
    p[2] = type;
    p[3] = hex_len / 8;
    for (size_t i = 0; i < hex_len / 2; i++) {
        unsigned int byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) {
            return xasprintf("opt=%s: bad hex data", value);
        }
        p[4 + i] = byte;
    }
    spec->tnl.gnv_opts_len += len;
    return NULL;
}

/* Parses an IPv4 or IPv6 address into the tunnel source or destination. */
static char *
parse_outer_addr(struct build_spec *spec, const char *key, const char *value,
                 bool local)
{
    int family = strchr(value, ':') ? AF_INET6 : AF_INET;
    void *dst = (family == AF_INET
                 ? (void *) (local ? &spec->tnl.ip_src : &spec->tnl.ip_dst)
                 : (void *) (local ? &spec->tnl.ipv6_src
                                   : &spec->tnl.ipv6_dst));

    if (inet_pton(family, value, dst) != 1) {
        return xasprintf("%s=%s: not an IP address", key, value);
    }
    if (spec->family && spec->family != family) {
        return xasprintf("%s=%s: local and remote must be the same family",
                         key, value);
    }
    spec->family = family;
    return NULL;
}

/* Parses one SPEC ("geneve,local=...,remote=...,...") into "spec".  Returns
 * NULL, or an error message the caller frees. */
static char *
parse_spec(const char *text, struct build_spec *spec)
{
    char *copy = xstrdup(text), *save = NULL, *error = NULL;
    char *type = strtok_r(copy, ",", &save);
    enum tnl_type t;

    memset(spec, 0, sizeof *spec);
    if (!type) {
        error = xstrdup("empty SPEC");
        goto out;
    } else if (!strcmp(type, "geneve")) {
        t = TNL_GENEVE;
    } else if (!strcmp(type, "vxlan")) {
        t = TNL_VXLAN;
    } else if (!strcmp(type, "gre")) {
        t = TNL_GRE;
    } else if (!strcmp(type, "nvgre")) {
        t = TNL_NVGRE;
    } else {
        error = xasprintf("%s: unknown tunnel type (geneve, vxlan, gre, "
                          "nvgre)", type);
        goto out;
    }
    tnl_config_init(&spec->cfg, t);
    strcpy(spec->inner, "l2");
    spec->inner_src = htonl(0xc0a80101);    /* 192.168.1.1 */
    spec->inner_dst = htonl(0xc0a80102);    /* 192.168.1.2 */
    spec->inner_sport = 1234;
    spec->inner_dport = 5678;

    for (char *kv; !error && (kv = strtok_r(NULL, ",", &save)); ) {
        char *value = strchr(kv, '=');
        unsigned long long n;

        if (value) {
            *value++ = '\0';
        }
#define NEED_VALUE                                                       \
        if (!value) {                                                    \
            error = xasprintf("%s: needs a value", kv);                  \
            break;                                                       \
        }
#define NEED_UINT(MAX)                                                   \
        NEED_VALUE                                                       \
        if (!parse_uint(value, (MAX), &n)) {                             \
            error = xasprintf("%s=%s: not a number up to %#llx", kv,     \
                              value, (unsigned long long) (MAX));        \
            break;                                                       \
        }
        if (!strcmp(kv, "local") || !strcmp(kv, "remote")) {
            NEED_VALUE
            error = parse_outer_addr(spec, kv, value, kv[0] == 'l');
            spec->have_local |= kv[0] == 'l';
            spec->have_remote |= kv[0] == 'r';
        } else if (!strcmp(kv, "vni")) {
            NEED_UINT(0xffffff)
            spec->tnl.tun_id = htobe64(n);
        } else if (!strcmp(kv, "key")) {
            NEED_UINT(0xffffffff)
            spec->tnl.tun_id = htobe64(n);
            spec->tnl.flags |= FLOW_TNL_F_KEY;
        } else if (!strcmp(kv, "vsid")) {
            NEED_UINT(0xffffff)
            if (n < NVGRE_VSID_MIN || n > NVGRE_VSID_MAX) {
                error = xasprintf("vsid=%s: reserved (RFC 7637 §3.2: use "
                                  "0x1000..0xfffffe)", value);
                break;
            }
            spec->tnl.tun_id = htobe64(n);
        } else if (!strcmp(kv, "flowid")) {
            NEED_UINT(0xff)
            spec->cfg.flowid = n;
        } else if (!strcmp(kv, "opt")) {
            NEED_VALUE
            error = parse_geneve_opt(spec, value);
        } else if (!strcmp(kv, "oam") && !value) {
            spec->tnl.flags |= FLOW_TNL_F_OAM;
        } else if (!strcmp(kv, "csum") && !value) {
            spec->cfg.csum = true;
        } else if (!strcmp(kv, "df") && !value) {
            spec->cfg.df_default = true;
        } else if (!strcmp(kv, "tos") || !strcmp(kv, "ttl")) {
            int *field = kv[1] == 'o' ? &spec->cfg.tos : &spec->cfg.ttl;
            if (value && !strcmp(value, "inherit")) {
                *field = TNL_INHERIT;
            } else {
                NEED_UINT(0xff)
                *field = n;
            }
        } else if (!strcmp(kv, "dst_port")) {
            NEED_UINT(0xffff)
            spec->cfg.dst_port = n;
        } else if (!strcmp(kv, "inner")) {
            NEED_VALUE
            if (strcmp(value, "l2") && strcmp(value, "ipv4")
                && strcmp(value, "ipv6")) {
                error = xasprintf("inner=%s: expected l2, ipv4 or ipv6",
                                  value);
                break;
            }
            if (strcmp(value, "l2") && t != TNL_GENEVE) {
                error = xasprintf("inner=%s: only Geneve carries bare L3",
                                  value);
                break;
            }
            strcpy(spec->inner, value);
            spec->cfg.inner_proto = (!strcmp(value, "ipv4") ? ETH_TYPE_IP
                                     : !strcmp(value, "ipv6")
                                     ? ETH_TYPE_IPV6 : ETH_TYPE_TEB);
        } else if (!strcmp(kv, "inner_src") || !strcmp(kv, "inner_dst")) {
            NEED_VALUE
            if (inet_pton(AF_INET, value, kv[6] == 's' ? &spec->inner_src
                                                       : &spec->inner_dst)
                != 1) {
                error = xasprintf("%s=%s: not an IPv4 address", kv, value);
            }
        } else if (!strcmp(kv, "inner_sport") || !strcmp(kv, "inner_dport")) {
            NEED_UINT(0xffff)
            *(kv[6] == 's' ? &spec->inner_sport : &spec->inner_dport) = n;
        } else {
            error = xasprintf("%s: unknown option", kv);
        }
#undef NEED_UINT
#undef NEED_VALUE
    }
    if (!error && (!spec->have_local || !spec->have_remote)) {
        error = xstrdup("local= and remote= are required");
    }
    if (!error && spec->tnl.gnv_opts_len && t != TNL_GENEVE) {
        error = xstrdup("opt= is for geneve only");
    }
    if (!error && t == TNL_NVGRE && !spec->tnl.tun_id) {
        error = xstrdup("nvgre needs vsid=");
    }

out:
    free(copy);
    return error;
}

/* Builds the inner packet of "spec": a UDP datagram with a short payload,
 * in an Ethernet frame or bare, as spec->inner says. */
static struct dp_packet *
build_inner(const struct build_spec *spec)
{
    static const char payload[] = "ovsx-pcap";
    struct dp_packet *p = dp_packet_new(256, DP_PACKET_HEADROOM);
    bool v6 = !strcmp(spec->inner, "ipv6");
    size_t l4_len = sizeof(struct udp_header) + sizeof payload - 1;

    if (!strcmp(spec->inner, "l2")) {
        struct eth_header eth = {
            .eth_dst = {{ 0x0a, 0x00, 0x00, 0x00, 0x00, 0x02 }},
            .eth_src = {{ 0x0a, 0x00, 0x00, 0x00, 0x00, 0x01 }},
            .eth_type = htons(ETH_TYPE_IP),
        };
        dp_packet_put(p, &eth, sizeof eth);
    }

    uint32_t partial;
    if (v6) {
        struct ipv6_header ip6 = {
            .ip6_vtc_flow = htonl(6u << 28),
            .ip6_plen = htons(l4_len),
            .ip6_nxt = IPPROTO_NUM_UDP,
            .ip6_hlim = 64,
        };
        struct in6_addr src, dst;
        inet_pton(AF_INET6, "fd00::1", &src);
        inet_pton(AF_INET6, "fd00::2", &dst);
        memcpy(&ip6.ip6_src, &src, sizeof src);
        memcpy(&ip6.ip6_dst, &dst, sizeof dst);
        dp_packet_put(p, &ip6, sizeof ip6);
        partial = csum_pseudo_ipv6(&src, &dst, IPPROTO_NUM_UDP, l4_len);
    } else {
        struct ip_header ip = {
            .ip_ihl_ver = IP_IHL_VER(5, 4),
            .ip_tot_len = htons(IP_HEADER_LEN + l4_len),
            .ip_ttl = 64,
            .ip_proto = IPPROTO_NUM_UDP,
            .ip_src = spec->inner_src,
            .ip_dst = spec->inner_dst,
        };
        ip.ip_csum = csum(&ip, sizeof ip);
        dp_packet_put(p, &ip, sizeof ip);
        partial = csum_pseudo_ipv4(ip.ip_src, ip.ip_dst, IPPROTO_NUM_UDP,
                                   l4_len);
    }

    struct udp_header *udp = dp_packet_put_zeros(p, sizeof *udp);
    udp->udp_src = htons(spec->inner_sport);
    udp->udp_dst = htons(spec->inner_dport);
    udp->udp_len = htons(l4_len);
    dp_packet_put(p, payload, sizeof payload - 1);
    be16 c = csum_finish(csum_add_bytes(partial, udp, l4_len));
    udp->udp_csum = c ? c : 0xffff;
    return p;
}

/* "ovsx-pcap build OUT.pcap SPEC...": one encapsulated packet per SPEC. */
int
pcap_tunnel_build_main(int argc, char *argv[])
{
    static const struct eth_addr outer_src = {{ 2, 0, 0, 0, 0, 1 }};
    static const struct eth_addr outer_dst = {{ 2, 0, 0, 0, 0, 2 }};

    if (argc < 3) {
        fprintf(stderr, "usage: ovsx-pcap build OUT.pcap SPEC...\n");
        return 1;
    }

    /* Parse everything first, so a bad SPEC writes no file. */
    struct build_spec *specs = xzalloc((argc - 2) * sizeof *specs);
    for (int i = 2; i < argc; i++) {
        char *error = parse_spec(argv[i], &specs[i - 2]);
        if (error) {
            fprintf(stderr, "ovsx-pcap build: %s\n", error);
            free(error);
            free(specs);
            return 1;
        }
    }

    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *dumper = pcap_dump_open(dead, argv[1]);
    if (!dumper) {
        fprintf(stderr, "ovsx-pcap build: %s: %s\n", argv[1],
                pcap_geterr(dead));
        pcap_close(dead);
        free(specs);
        return 1;
    }

    for (int i = 0; i < argc - 2; i++) {
        const struct build_spec *spec = &specs[i];
        struct dp_packet *p = build_inner(spec);
        struct flow flow;

        if (!strcmp(spec->inner, "l2")) {
            flow_extract(p, &flow);
        } else {
            flow_extract_l3(p, htons(spec->cfg.inner_proto), &flow);
        }
        int error = tnl_push(p, &spec->cfg, &spec->tnl, outer_src, outer_dst,
                             flow_hash_5tuple(&flow, 0));
        if (error) {
            fprintf(stderr, "ovsx-pcap build: %s: %s\n", argv[i + 2],
                    strerror(error));
        } else {
            struct pcap_pkthdr hdr = {
                .ts = { .tv_sec = i, .tv_usec = 0 },
                .caplen = dp_packet_size(p),
                .len = dp_packet_size(p),
            };
            pcap_dump((u_char *) dumper, &hdr, dp_packet_data(p));
        }
        dp_packet_delete(p);
    }
    pcap_dump_close(dumper);
    pcap_close(dead);
    free(specs);
    return 0;
}
