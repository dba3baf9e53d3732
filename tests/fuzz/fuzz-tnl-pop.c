/* libFuzzer target: arbitrary frames through tunnel classification and
 * pop (Geneve, VXLAN, GRE, and GRE read as NVGRE), then extraction and
 * printing of what was decapsulated. */
#include <config.h>
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "packets.h"
#include "tnl-header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        }
        dp_packet_delete(p);
        ds_destroy(&s);
    }
    return 0;
}
