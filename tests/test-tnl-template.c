/* Unit test for tnl_push_from_template(): the headers it puts in front of
 * a packet are tnl_push()'s, byte for byte but the IP ID, with a correct
 * IP checksum; and pushes a template cannot serve get none. */
#include <config.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csum.h"
#include "dp-packet.h"
#include "flow.h"
#include "packets.h"
#include "tnl-header.h"
#include "test-util.h"

static struct eth_addr
mac(uint8_t last)
{
    struct eth_addr ea = { { 0x02, 0, 0, 0, 0, last } };
    return ea;
}

/* A UDP packet of "l7_len" payload bytes. */
static struct dp_packet *
inner(size_t l7_len)
{
    struct dp_packet *p = dp_packet_new(2048, DP_PACKET_HEADROOM);
    struct flow f;

    memset(&f, 0, sizeof f);
    f.dl_src = mac(1);
    f.dl_dst = mac(2);
    f.dl_type = htons(ETH_TYPE_IP);
    f.nw_src = htonl(0x0a000001);
    f.nw_dst = htonl(0x0a000002);
    f.nw_proto = IPPROTO_UDP;
    f.nw_ttl = 64;
    f.tp_src = htons(1000);
    f.tp_dst = htons(2000);
    flow_compose(p, &f, l7_len);
    return p;
}

/* Pushes "cfg"/"tnl" both ways onto packets of several sizes and hashes
 * and compares. */
static void
check_same(const struct tnl_config *cfg, const struct flow_tnl *tnl)
{
    struct tnl_push_template t;

    tnl_push_template_build(&t, cfg, tnl, mac(0xa), mac(0xb));
    CHECK(t.len > 0);
    if (!t.len) {
        return;
    }
    for (size_t l7 = 0; l7 < 1400; l7 += 97) {
        for (uint32_t hash = 0; hash < 0xf0000000u; hash += 0x1f3a7c91u) {
            struct dp_packet *a = inner(l7), *b = inner(l7);

            CHECK(!tnl_push(a, cfg, tnl, mac(0xa), mac(0xb), hash));
            tnl_push_from_template(b, &t, hash);
            CHECK(dp_packet_size(a) == dp_packet_size(b));
            if (dp_packet_size(a) != dp_packet_size(b)) {
                return;
            }

            uint8_t *ha = dp_packet_data(a), *hb = dp_packet_data(b);
            struct ip_header *ipb = (struct ip_header *) (hb + ETH_HEADER_LEN);
            CHECK(csum(ipb, sizeof *ipb) == 0);
            /* Same bytes once the ID and checksum are the same. */
            memcpy(ha + ETH_HEADER_LEN + 4, hb + ETH_HEADER_LEN + 4, 2);
            memcpy(ha + ETH_HEADER_LEN + 10, hb + ETH_HEADER_LEN + 10, 2);
            CHECK(!memcmp(ha, hb, dp_packet_size(a)));
            dp_packet_delete(a);
            dp_packet_delete(b);
        }
    }
}

static void
base(struct tnl_config *cfg, struct flow_tnl *tnl, enum tnl_type type)
{
    tnl_config_init(cfg, type);
    memset(tnl, 0, sizeof *tnl);
    tnl->tun_id = htobe64(0x123456);
    tnl->flags = FLOW_TNL_F_KEY;
    tnl->ip_src = htonl(0xc0a80001);
    tnl->ip_dst = htonl(0xc0a80002);
}

int
main(void)
{
    struct tnl_config cfg;
    struct flow_tnl tnl;
    struct tnl_push_template t;

    /* Geneve with no option, one critical option, four options. */
    base(&cfg, &tnl, TNL_GENEVE);
    check_same(&cfg, &tnl);
    static const uint8_t crit[8] = { 0x01, 0x02, 0x80, 0x01, 1, 2, 3, 4 };
    memcpy(tnl.gnv_opts, crit, sizeof crit);
    tnl.gnv_opts_len = sizeof crit;
    check_same(&cfg, &tnl);
    for (int i = 0; i < 4; i++) {
        static const uint8_t opt[8] = { 0xff, 0xff, 0x00, 0x01, 9, 9, 9, 9 };
        memcpy(&tnl.gnv_opts[i * 8], opt, sizeof opt);
    }
    tnl.gnv_opts_len = 32;
    check_same(&cfg, &tnl);

    /* VXLAN with DF, a TOS and a TTL, and another UDP port. */
    base(&cfg, &tnl, TNL_VXLAN);
    cfg.df_default = true;
    cfg.tos = 0x28;
    cfg.ttl = 9;
    cfg.dst_port = 4790;
    check_same(&cfg, &tnl);

    /* No template: UDP checksum, inherited TOS or TTL, IPv6, GRE. */
    base(&cfg, &tnl, TNL_GENEVE);
    cfg.csum = true;
    tnl_push_template_build(&t, &cfg, &tnl, mac(0xa), mac(0xb));
    CHECK(!t.len);
    base(&cfg, &tnl, TNL_GENEVE);
    cfg.tos = TNL_INHERIT;
    tnl_push_template_build(&t, &cfg, &tnl, mac(0xa), mac(0xb));
    CHECK(!t.len);
    base(&cfg, &tnl, TNL_VXLAN);
    cfg.ttl = TNL_INHERIT;
    tnl_push_template_build(&t, &cfg, &tnl, mac(0xa), mac(0xb));
    CHECK(!t.len);
    base(&cfg, &tnl, TNL_GENEVE);
    tnl.ip_src = tnl.ip_dst = 0;
    tnl.ipv6_dst.s6_addr[15] = 1;
    tnl_push_template_build(&t, &cfg, &tnl, mac(0xa), mac(0xb));
    CHECK(!t.len);
    base(&cfg, &tnl, TNL_GRE);
    tnl_push_template_build(&t, &cfg, &tnl, mac(0xa), mac(0xb));
    CHECK(!t.len);

    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("all template checks passed\n");
    return EXIT_SUCCESS;
}
