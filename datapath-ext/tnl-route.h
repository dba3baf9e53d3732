/* The underlay route of a tunnel: which kernel device reaches the remote
 * end.  Read from the kernel's routing table as /proc shows it (main
 * table, longest prefix, then lowest metric). */
#ifndef TNL_ROUTE_H
#define TNL_ROUTE_H 1

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>

bool tnl_route_egress(const struct in6_addr *dst, char name[IF_NAMESIZE]);

/* Routes added by the user ("ovs-appctl ovs/route/add"), consulted before
 * the kernel's.  Addresses are struct in6_addr, IPv4 v4-mapped, and
 * prefix lengths count the 96 mapped bits for IPv4. */
struct ds;

/* Stores in "*addr"/"*plen" the IPv4 ("v4") or IPv6 address of device
 * "dev" (an ovsx port with an address, see netdev-dummy/ip4addr).
 * Returns false if it has none. */
typedef bool tnl_route_addr_cb(const char *dev, bool v4,
                               struct in6_addr *addr, int *plen);
void tnl_route_set_addr_cb(tnl_route_addr_cb *);

bool tnl_route_parse_addr(const char *, struct in6_addr *);
bool tnl_route_parse_prefix(const char *, struct in6_addr *, int *plen);
void tnl_route_format_addr(struct ds *, const struct in6_addr *);
bool tnl_route_add(const struct in6_addr *prefix, int plen, const char *dev,
                   const struct in6_addr *gw);
bool tnl_route_del(const struct in6_addr *prefix, int plen);
bool tnl_route_lookup(const struct in6_addr *dst, char dev[IF_NAMESIZE],
                      struct in6_addr *gw, struct in6_addr *src);
void tnl_route_format(struct ds *);
void tnl_route_register_commands(void);
void tnl_route_run(void);

#endif /* tnl-route.h */
