/* libFuzzer target: arbitrary frames through flow key extraction and
 * printing, as an Ethernet frame and as a bare IPv4/IPv6 packet. */
#include <config.h>
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "packets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct flow flow;

    /* A copy of exactly "size" bytes, so ASan sees any over-read. */
    struct dp_packet *p = dp_packet_new(size, 0);
    dp_packet_put(p, data, size);
    flow_extract(p, &flow);
    flow_format(&s, &flow);
    ds_clear(&s);
    flow_extract_l3(p, htons(size & 1 ? ETH_TYPE_IPV6 : ETH_TYPE_IP), &flow);
    flow_format(&s, &flow);
    dp_packet_delete(p);
    ds_destroy(&s);
    return 0;
}
