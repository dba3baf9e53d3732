/* The tunnel neighbour cache: the Ethernet address of each underlay next
 * hop, per bridge (device), set by "ovs-appctl tnl/neigh/set" or learned
 * from ARP packets that reach a bridge owning an underlay address.
 * Learned entries expire; set ones stay until flushed. */
#ifndef TNL_NEIGH_H
#define TNL_NEIGH_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include "packets.h"

#define TNL_NEIGH_EXPIRY_MS (15 * 60 * 1000) /* As Open vSwitch's. */

void tnl_neigh_set(const char *dev, const struct in6_addr *,
                   struct eth_addr, bool is_static);
bool tnl_neigh_lookup(const char *dev, const struct in6_addr *,
                      struct eth_addr *);
void tnl_neigh_flush(void);
void tnl_neigh_register_commands(void);

#endif /* tnl-neigh.h */
