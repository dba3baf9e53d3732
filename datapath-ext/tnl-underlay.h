/* Host underlay devices: kernel devices that tunnels send on and receive
 * from without being ports of an ovsx bridge.
 *
 * This is the kernel's own tunnel-device model: the underlay address is
 * on an ordinary device ("ip addr add 172.31.0.1/24 dev eth1") and
 * nothing else is needed.  Such a device becomes a hidden port of the
 * datapath (it shows in "dpctl/show", in no bridge): an AF_PACKET socket,
 * not promiscuous, whose filter passes only what tunnels need (ARP, IPv6
 * neighbour discovery, UDP to a tunnel's port, GRE).  A packet socket
 * only taps, so the kernel gets every frame too; sockets on the tunnels'
 * UDP ports and raw GRE sockets, whose filters drop everything, keep it
 * from answering tunnel frames with ICMP "port unreachable" or "protocol
 * unreachable".
 *
 * Tunnel frames addressed to the device's own addresses need not go up
 * the kernel's IP stack at all: a classic BPF filter at the device's tc
 * ingress hook (a "clsact" qdisc, filter pref 0x4f56, 20310)
 * takes them, after the packet socket has its copy.  It is removed when
 * the device stops being an underlay and when ovsx exits; the qdisc
 * stays.
 *
 * The tunnel layer says, about once a second, which devices it wants
 * (tnl_underlay_begin(), tnl_underlay_want() for each, tnl_underlay_end()
 * with the UDP ports and protocols in use); devices no longer wanted are
 * closed. */
#ifndef TNL_UNDERLAY_H
#define TNL_UNDERLAY_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dpif;
struct netdev;

void tnl_underlay_begin(void);
bool tnl_underlay_want(struct dpif *, const char *dev);
void tnl_underlay_end(const uint16_t *udp_ports, size_t n_udp_ports,
                      bool gre);
void tnl_underlay_exit(void);

bool tnl_underlay_is(const struct netdev *);
void tnl_underlay_release(const char *dev);

#endif /* tnl-underlay.h */
