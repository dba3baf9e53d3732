/* The underlay route of a tunnel: which kernel device reaches the remote
 * end.  Read from the kernel's routing table as /proc shows it (main
 * table, longest prefix, then lowest metric). */
#ifndef TNL_ROUTE_H
#define TNL_ROUTE_H 1

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>

bool tnl_route_egress(const struct in6_addr *dst, char name[IF_NAMESIZE]);

#endif /* tnl-route.h */
