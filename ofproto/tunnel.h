/* Native tunnelling for the OpenFlow switches.
 *
 * Output to a tunnel port builds the outer headers (lib/tnl-header) from
 * the port's configuration and the packet's tunnel fields, finds the
 * underlay route ("ovs/route/add") and next hop's address
 * ("tnl/neigh/set", or learned from ARP), and hands the packet to the
 * bridge that owns the underlay address, as if that bridge's own port had
 * sent it.  A tunnel packet that NORMAL or a flow sends to the LOCAL port
 * of a bridge owning its destination address is popped instead, matched
 * to a tunnel port by (type, remote, local, key), and runs through that
 * port's bridge with its tunnel fields (Geneve options mapped by the
 * bridge's TLV table).  This is Open vSwitch's userspace model, tested
 * with dummy ports; kernel underlay devices are the datapath's work. */
#ifndef TUNNEL_H
#define TUNNEL_H 1

#include <stdbool.h>
#include <stdint.h>

struct dp_packet;
struct flow;
struct ofport;
struct ofproto;

void tunnel_init(void);
void tunnel_output(struct ofproto *, const struct ofport *,
                   const struct flow *, const struct dp_packet *, int depth);
bool tunnel_receive(struct ofproto *, const struct flow *,
                    const struct dp_packet *, int depth);

#endif /* tunnel.h */
