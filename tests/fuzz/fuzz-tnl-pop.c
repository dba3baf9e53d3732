/* libFuzzer target: arbitrary frames through tunnel classification and
 * pop (Geneve, VXLAN, GRE, and GRE read as NVGRE), then extraction and
 * printing of what was decapsulated, and the TLV table's conversion of
 * the Geneve options there and back. */
#include <config.h>
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "packets.h"
#include "tnl-header.h"
#include "tun-metadata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A table with a few mappings, made once. */
static const struct tun_table *
fuzz_table(void)
{
    static struct tun_table *tab;

    if (!tab) {
        static const struct tun_table_mapping maps[] = {
            { .opt_class = 0x102, .type = 0x80, .len = 4, .index = 0 },
            { .opt_class = 0xffff, .type = 0, .len = 8, .index = 1 },
            { .opt_class = 0x1, .type = 0x1, .len = 0, .index = 63 },
        };
        struct tun_table *empty = tun_table_create();
        tun_table_mod(empty, TUN_TABLE_ADD, maps, 3, NULL, NULL, &tab);
        tun_table_destroy(empty);
    }
    return tab;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int nvgre = 0; nvgre < 2; nvgre++) {
        struct tnl_pop_config cfg;
        struct flow_tnl tnl;
        struct flow flow;
        enum tnl_type type;
        uint16_t inner_proto;
        struct ds s = DS_EMPTY_INITIALIZER;

        tnl_pop_config_init(&cfg);
        cfg.gre_is_nvgre = nvgre;

        /* Exactly "size" bytes and no headroom: ASan sees any read outside
         * the frame. */
        struct dp_packet *p = dp_packet_new(size, 0);
        dp_packet_put(p, data, size);
        if (tnl_pop(p, &cfg, &tnl, &type, &inner_proto) == TNL_DROP_NONE) {
            if (inner_proto == ETH_TYPE_TEB) {
                flow_extract(p, &flow);
            } else {
                flow_extract_l3(p, htons(inner_proto), &flow);
            }
            flow.tunnel = tnl;
            flow_format(&s, &flow);

            uint8_t pass[252], out[252];
            size_t pass_len, out_len;
            bool critical;
            struct tun_metadata *md = &flow.tunnel.metadata;
            if (!tun_metadata_from_geneve(fuzz_table(), tnl.gnv_opts,
                                          tnl.gnv_opts_len, md, pass,
                                          &pass_len)) {
                tun_metadata_to_geneve(md, pass, pass_len, out, &out_len,
                                       &critical);
            }
        }
        dp_packet_delete(p);
        ds_destroy(&s);
    }
    return 0;
}
