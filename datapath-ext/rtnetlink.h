/* The few rtnetlink requests ovsx makes of the kernel: a device's
 * addresses, and a classic-BPF filter at a device's tc ingress hook.
 *
 * Each call opens a NETLINK_ROUTE socket, makes one request, waits for
 * the kernel's answer and closes the socket: these run about once a
 * second at most, from the main thread, never on the packet path.  All
 * return 0 or a positive errno value. */
#ifndef RTNETLINK_H
#define RTNETLINK_H 1

#include <linux/filter.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* The addresses of one device, up to RTNL_MAX_ADDRS of each family, in
 * the kernel's order.  IPv6 link-local addresses are left out. */
#define RTNL_MAX_ADDRS 4
struct rtnl_addrs {
    size_t n4, n6;
    uint32_t v4[RTNL_MAX_ADDRS];        /* Network byte order. */
    struct in6_addr v6[RTNL_MAX_ADDRS];
};

int rtnl_get_addrs(int ifindex, struct rtnl_addrs *);

int rtnl_ingress_bpf_set(int ifindex, uint16_t prio,
                         const struct sock_filter *, size_t n_insns);
int rtnl_ingress_bpf_del(int ifindex, uint16_t prio);

#endif /* rtnetlink.h */
