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

char *odp_flow_from_string(const char *, struct flow *);

#endif /* odp-util.h */
