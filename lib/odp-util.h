/* Datapath flows in text: the syntax "ovs-appctl dpctl/dump-flows" prints
 * and "ovs-appctl netdev-dummy/receive" accepts, e.g.
 *
 *     in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),
 *     eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,tos=0,
 *     ttl=64,frag=no),icmp(type=8,code=0)
 *
 * Masks ("/mask") are accepted and ignored: what is read here is one
 * exact flow, to build a packet from. */
#ifndef ODP_UTIL_H
#define ODP_UTIL_H 1

#include "flow.h"

struct ds;

char *odp_flow_from_string(const char *, struct flow *);

/* Writes the megaflow "key" masked by "mask" (1-bits: matched) in the
 * syntax of "ovs-appctl dpctl/dump-flows".
 *
 * The text is Open vSwitch 3.1's for its userspace datapath, up to the
 * ", packets:" that follows: fields are written with the values "key"
 * has, not ANDed with "mask", and wildcarded ones are left out.  Fields
 * Open vSwitch does not have (NVGRE FlowID, the Geneve C bit) are not
 * written; nor is the empty "geneve()" of a Geneve packet without
 * options, which "key" cannot tell from other tunnels. */
void odp_flow_format(struct ds *, const struct flow *key,
                     const struct flow *mask);

#endif /* odp-util.h */
