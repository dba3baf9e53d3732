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

#include <net/if.h>
#include "odp-actions.h"

struct dpif_upcall;
struct flow;
struct flow_tnl;
struct ofport;
struct ofproto;
struct tnl_pop_config;

void tunnel_init(void);
void tunnel_run(void);
void tunnel_ports_changed(void);

enum tunnel_out {
    TUNNEL_OUT_PUSH,            /* Encapsulate and send. */
    TUNNEL_OUT_DROP,            /* Cannot: drop, for a reason. */
    TUNNEL_OUT_NO_NEIGH,        /* Next hop unknown yet: drop this one. */
};
enum tunnel_out tunnel_output_xlate(const struct ofport *, const struct flow *,
                                    struct flow *wc, bool side_effects,
                                    int depth, struct odpa_tnl_push *,
                                    char dev[IF_NAMESIZE],
                                    enum odp_drop_reason *);

enum tunnel_in {
    TUNNEL_IN_NONE,             /* Not for the tunnel code. */
    TUNNEL_IN_LEARN,            /* ARP or ND for us: learned from. */
    TUNNEL_IN_POP,              /* A tunnel packet for us: pop it. */
};
enum tunnel_in tunnel_receive_xlate(struct ofproto *, const struct flow *,
                                    struct flow *wc, bool side_effects,
                                    uint32_t *tnl_port,
                                    struct tnl_pop_config *);

bool tunnel_underlay_upcall(struct dpif_upcall *);

struct ofproto *tunnel_upcall_port(const struct flow *key, uint32_t *ofp_port,
                                   struct flow_tnl *, struct flow *mask,
                                   enum odp_drop_reason *);

#endif /* tunnel.h */
