/* Native tunnelling. */
#include <config.h>
#include "tunnel.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <endian.h>
#include <string.h>
#include "coverage.h"
#include "csum.h"
#include "dp-packet.h"
#include "dpif.h"
#include "flow.h"
#include "hash.h"
#include "netdev.h"
#include "netdev-vport.h"
#include "ofproto-provider.h"
#include "ofproto.h"
#include "packets.h"
#include "tnl-header.h"
#include "tnl-neigh.h"
#include "tnl-route.h"
#include "tnl-underlay.h"
#include "tun-metadata.h"
#include "util.h"

COVERAGE_DECLARE(tunnel_drop_no_remote);
COVERAGE_DECLARE(tunnel_drop_no_route);
COVERAGE_DEFINE(tunnel_drop_no_neigh);
COVERAGE_DECLARE(tunnel_drop_no_underlay);
COVERAGE_DECLARE(tunnel_drop_bad_options);
COVERAGE_DECLARE(tunnel_drop_no_port);
COVERAGE_DECLARE(tunnel_drop_loop);
COVERAGE_DECLARE(tunnel_drop_l3_payload);
COVERAGE_DEFINE(tunnel_arp_request);
COVERAGE_DEFINE(tunnel_neighbor_solicit);
COVERAGE_DEFINE(tunnel_neigh_learned);
COVERAGE_DEFINE(tunnel_drop_underlay_opening);

/* A tunnel packet that leads back into a tunnel this many times is
 * dropped. */
#define TUNNEL_MAX_DEPTH 4

static void
set_v4mapped(struct in6_addr *a, be32 ip)
{
    memset(a, 0, sizeof *a);
    a->s6_addr[10] = a->s6_addr[11] = 0xff;
    memcpy(&a->s6_addr[12], &ip, 4);
}

static be32
get_v4mapped(const struct in6_addr *a)
{
    be32 ip;
    memcpy(&ip, &a->s6_addr[12], 4);
    return ip;
}

/* The kernel's IPv4 ("v4") or IPv6 address of device "dev" (global
 * scope for IPv6), as getifaddrs() lists them. */
static bool
kernel_addr__(const char *dev, bool v4, struct in6_addr *addr, int *plen)
{
    struct ifaddrs *ifas, *ifa;
    bool found = false;

    if (getifaddrs(&ifas)) {
        return false;
    }
    for (ifa = ifas; ifa && !found; ifa = ifa->ifa_next) {
        if (!ifa->ifa_addr || strcmp(ifa->ifa_name, dev)) {
            continue;
        }
        if (v4 && ifa->ifa_addr->sa_family == AF_INET) {
            const struct sockaddr_in *sin = (const void *) ifa->ifa_addr;
            const struct sockaddr_in *mask = (const void *) ifa->ifa_netmask;
            set_v4mapped(addr, sin->sin_addr.s_addr);
            *plen = 96 + (mask ? __builtin_popcount(mask->sin_addr.s_addr)
                          : 32);
            found = true;
        } else if (!v4 && ifa->ifa_addr->sa_family == AF_INET6) {
            const struct sockaddr_in6 *sin6 = (const void *) ifa->ifa_addr;
            const struct sockaddr_in6 *mask
                = (const void *) ifa->ifa_netmask;
            if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr)) {
                continue;
            }
            *addr = sin6->sin6_addr;
            *plen = 0;
            for (int i = 0; mask && i < 16; i++) {
                *plen += __builtin_popcount(mask->sin6_addr.s6_addr[i]);
            }
            found = true;
        }
    }
    freeifaddrs(ifas);
    return found;
}

/* Kernel addresses, looked up at most once a second per device: every
 * packet NORMAL floods to a bridge's own port asks. */
struct addr_cache_entry {
    char dev[IF_NAMESIZE];
    bool v4;
    bool found;
    struct in6_addr addr;
    int plen;
    long long int expires;
};
#define ADDR_CACHE_SIZE 16
static struct addr_cache_entry addr_cache[ADDR_CACHE_SIZE];

static bool
kernel_addr(const char *dev, bool v4, struct in6_addr *addr, int *plen)
{
    long long int now = time_msec();
    struct addr_cache_entry *e = NULL, *oldest = &addr_cache[0];

    for (int i = 0; i < ADDR_CACHE_SIZE; i++) {
        struct addr_cache_entry *c = &addr_cache[i];
        if (c->v4 == v4 && !strcmp(c->dev, dev)) {
            e = c;
            break;
        }
        if (c->expires < oldest->expires) {
            oldest = c;
        }
    }
    if (!e || now >= e->expires) {
        e = e ? e : oldest;
        snprintf(e->dev, sizeof e->dev, "%s", dev);
        e->v4 = v4;
        e->found = kernel_addr__(dev, v4, &e->addr, &e->plen);
        e->expires = now + 1000;
    }
    if (e->found) {
        *addr = e->addr;
        *plen = e->plen;
    }
    return e->found;
}

/* Kernel devices that translation found a tunnel's route to and that
 * are not ovsx ports, for tunnels with remote_ip=flow, whose routes are
 * known only from packets.  Kept while there are tunnel ports. */
static char (*underlay_requests)[IF_NAMESIZE];
static size_t n_underlay_requests;
static bool underlay_refresh_now;

/* Tells whether "dev" is a kernel device that is not an ovsx bridge or
 * port (or is one of the host underlay devices already). */
static bool
host_device(const char *dev)
{
    const struct netdev *netdev = netdev_from_name(dev);

    return (!ofproto_lookup(dev) && (!netdev || tnl_underlay_is(netdev))
            && if_nametoindex(dev));
}

static void
underlay_request(const char *dev)
{
    for (size_t i = 0; i < n_underlay_requests; i++) {
        if (!strcmp(underlay_requests[i], dev)) {
            return;
        }
    }
    underlay_requests = xrealloc(underlay_requests, (n_underlay_requests + 1)
                                 * sizeof *underlay_requests);
    snprintf(underlay_requests[n_underlay_requests++], IF_NAMESIZE, "%s",
             dev);
    underlay_refresh_now = true;
}

static int
compare_u16(const void *a_, const void *b_)
{
    const uint16_t *a = a_, *b = b_;
    return *a < *b ? -1 : *a > *b;
}

/* Makes the host underlay devices those that the tunnel ports of the
 * "netdev" datapath route through (see tnl-underlay.h), with the UDP
 * ports and protocols those tunnels receive on. */
static void
underlay_refresh(void)
{
    uint16_t *udp_ports = NULL;
    size_t n_udp_ports = 0;
    bool gre = false;
    struct dpif *dpif = NULL;
    struct ofproto *ofproto;

    underlay_refresh_now = false;
    tnl_underlay_begin();
    HMAP_FOR_EACH (ofproto, node, ofproto_all()) {
        if (!ofproto->dpif || strcmp(ofproto->dpif->type, "netdev")) {
            continue;
        }
        const struct ofport *p;
        HMAP_FOR_EACH (p, node, &ofproto->ports) {
            const struct netdev_tunnel_config *cfg
                = netdev_vport_get_tunnel_config(p->netdev);
            char dev[IF_NAMESIZE];
            struct in6_addr gw, src;

            if (!cfg) {
                continue;
            }
            dpif = ofproto->dpif;
            if (cfg->tnl.type == TNL_GRE || cfg->tnl.type == TNL_NVGRE) {
                gre = true;
            } else {
                uint16_t port = netdev_vport_udp_port(cfg);
                if (!n_udp_ports
                    || !bsearch(&port, udp_ports, n_udp_ports, sizeof port,
                                compare_u16)) {
                    udp_ports = xrealloc(udp_ports, (n_udp_ports + 1)
                                         * sizeof *udp_ports);
                    udp_ports[n_udp_ports++] = port;
                    qsort(udp_ports, n_udp_ports, sizeof *udp_ports,
                          compare_u16);
                }
            }
            if (!cfg->remote_is_flow
                && tnl_route_lookup(&cfg->remote, dev, &gw, &src)
                && host_device(dev)) {
                tnl_underlay_want(dpif, dev);
            }
        }
    }
    if (dpif) {
        for (size_t i = 0; i < n_underlay_requests; ) {
            if (host_device(underlay_requests[i])) {
                tnl_underlay_want(dpif, underlay_requests[i++]);
            } else {
                memmove(underlay_requests[i],
                        underlay_requests[--n_underlay_requests],
                        IF_NAMESIZE);
            }
        }
    } else {
        n_underlay_requests = 0;
    }
    tnl_underlay_end(udp_ports, n_udp_ports, gre);
    free(udp_ports);
}

/* Looks again, before the next packets, at the devices the tunnel ports
 * route through: a port was added, deleted or configured anew.  Until the
 * host underlay device is open (and the kernel kept quiet on the tunnel's
 * ports), the kernel would answer the peer's first frames with ICMP
 * "port unreachable". */
void
tunnel_ports_changed(void)
{
    underlay_refresh_now = true;
}

/* Reads again, once a second, the kernel addresses looked up so far (and
 * the routes); a change makes the megaflows go, since whether a packet is
 * for us (popped) or is sent at all depends on them. */
void
tunnel_run(void)
{
    static long long int next;
    long long int now = time_msec();

    tnl_route_run();
    if (underlay_refresh_now) {
        underlay_refresh();
    }
    if (now < next) {
        return;
    }
    next = now + 1000;
    underlay_refresh();
    for (int i = 0; i < ADDR_CACHE_SIZE; i++) {
        struct addr_cache_entry *e = &addr_cache[i];
        struct in6_addr addr;
        int plen = 0;
        if (!e->dev[0]) {
            continue;
        }
        memset(&addr, 0, sizeof addr);
        bool found = kernel_addr__(e->dev, e->v4, &addr, &plen);
        if (found != e->found
            || (found && (memcmp(&addr, &e->addr, sizeof addr)
                          || plen != e->plen))) {
            e->found = found;
            e->addr = addr;
            e->plen = plen;
            dpif_invalidate();
        }
        e->expires = now + 1000;
    }
}

/* tnl_route_addr_cb: the underlay address of device "dev": the one given
 * to an ovsx port (netdev-dummy/ip4addr), else the kernel's. */
static bool
underlay_addr(const char *dev, bool v4, struct in6_addr *addr, int *plen)
{
    const struct netdev *netdev = netdev_from_name(dev);

    if (netdev && (v4 ? netdev->in4_plen : netdev->in6_plen) >= 0) {
        *addr = v4 ? netdev->in4 : netdev->in6;
        *plen = v4 ? netdev->in4_plen : netdev->in6_plen;
        return true;
    }
    return kernel_addr(dev, v4, addr, plen);
}

void
tunnel_init(void)
{
    tnl_route_set_addr_cb(underlay_addr);
    tnl_route_register_commands();
    tnl_neigh_register_commands();
}

/* Sends "packet", built by the tunnel code, out of underlay device
 * "dev": through the bridge of that name as if from its own port, or on
 * the port whose device it is. */
static void
underlay_send(const char *dev, struct dp_packet *packet, int depth)
{
    struct ofproto *br = ofproto_lookup(dev);

    if (br) {
        xlate_inject(br, OFPP_LOCAL, packet, depth + 1);
        return;
    }
    struct netdev *netdev = netdev_from_name(dev);
    if (netdev && !netdev_vport_get_tunnel_config(netdev)) {
        netdev_send(netdev, packet);
    } else {
        COVERAGE_INC(tunnel_drop_no_underlay);
    }
}

/* Asks for the Ethernet address of IPv6 "nexthop" with a neighbour
 * solicitation (RFC 4861 §4.3) from "src" out of "dev", to the
 * solicited-node multicast address, with our address as an option. */
static void
send_neighbor_solicit(const char *dev, const struct netdev *underlay,
                      const struct in6_addr *src,
                      const struct in6_addr *nexthop, int depth)
{
    struct dp_packet *p = dp_packet_new(128, DP_PACKET_HEADROOM);
    struct eth_header *eth = dp_packet_put_zeros(p, sizeof *eth);
    struct ipv6_header *ip6 = dp_packet_put_zeros(p, sizeof *ip6);
    struct icmp6_header *icmp6 = dp_packet_put_zeros(p, sizeof *icmp6);
    struct nd_msg *ns = dp_packet_put_zeros(p, sizeof *ns);
    uint8_t *opt = dp_packet_put_zeros(p, 8);
    struct in6_addr snm;
    size_t l4_len = sizeof *icmp6 + sizeof *ns + 8;

    /* ff02::1:ffXX:XXXX and its Ethernet group 33:33:ff:XX:XX:XX. */
    memset(&snm, 0, sizeof snm);
    snm.s6_addr[0] = 0xff;
    snm.s6_addr[1] = 0x02;
    snm.s6_addr[11] = 0x01;
    snm.s6_addr[12] = 0xff;
    memcpy(&snm.s6_addr[13], &nexthop->s6_addr[13], 3);
    eth->eth_dst.ea[0] = eth->eth_dst.ea[1] = 0x33;
    memcpy(&eth->eth_dst.ea[2], &snm.s6_addr[12], 4);
    eth->eth_src = underlay->mac;
    eth->eth_type = htons(ETH_TYPE_IPV6);
    ip6->ip6_vtc_flow = htonl(6u << 28);
    ip6->ip6_plen = htons(l4_len);
    ip6->ip6_nxt = IPPROTO_ICMPV6;
    ip6->ip6_hlim = 255;
    memcpy(&ip6->ip6_src, src, sizeof *src);
    memcpy(&ip6->ip6_dst, &snm, sizeof snm);
    icmp6->icmp6_type = ND_NEIGHBOR_SOLICIT;
    memcpy(&ns->nd_target, nexthop, sizeof *nexthop);
    opt[0] = ND_OPT_SOURCE_LINKADDR;
    opt[1] = 1;
    memcpy(opt + 2, underlay->mac.ea, ETH_ADDR_LEN);
    icmp6->icmp6_csum = csum_finish(csum_add_bytes(
        csum_pseudo_ipv6(src, &snm, IPPROTO_ICMPV6, l4_len), icmp6, l4_len));
    COVERAGE_INC(tunnel_neighbor_solicit);
    underlay_send(dev, p, depth);
    dp_packet_delete(p);
}

/* Asks for the Ethernet address of "nexthop" with an ARP request from
 * "src" out of "dev" (a neighbour solicitation for IPv6). */
static void
send_arp_request(const char *dev, const struct netdev *underlay,
                 const struct in6_addr *src, const struct in6_addr *nexthop,
                 int depth)
{
    if (!IN6_IS_ADDR_V4MAPPED(nexthop)) {
        send_neighbor_solicit(dev, underlay, src, nexthop, depth);
        return;
    }
    struct dp_packet *p = dp_packet_new(64, DP_PACKET_HEADROOM);
    struct eth_header *eth = dp_packet_put_zeros(p, sizeof *eth);
    struct arp_eth_header *arp = dp_packet_put_zeros(p, sizeof *arp);

    memset(eth->eth_dst.ea, 0xff, ETH_ADDR_LEN);
    eth->eth_src = underlay->mac;
    eth->eth_type = htons(ETH_TYPE_ARP);
    arp->ar_hrd = htons(ARP_HTYPE_ETH);
    arp->ar_pro = htons(ETH_TYPE_IP);
    arp->ar_hln = ETH_ADDR_LEN;
    arp->ar_pln = 4;
    arp->ar_op = htons(1);
    arp->ar_sha = underlay->mac;
    arp->ar_spa = get_v4mapped(src);
    arp->ar_tpa = get_v4mapped(nexthop);
    COVERAGE_INC(tunnel_arp_request);
    underlay_send(dev, p, depth);
    dp_packet_delete(p);
}

/* Translates output of a packet whose flow (as the actions left it) is
 * "flow" to tunnel port "port": fills in "*push", the encapsulation, and
 * "dev", the underlay device to send it from, and adds to "wc" the tunnel
 * fields it looked at.  Or says why the packet cannot go: TUNNEL_OUT_DROP
 * with "*reason", or TUNNEL_OUT_NO_NEIGH when the next hop's Ethernet
 * address is not known yet (it is asked for, if "side_effects"). */
enum tunnel_out
tunnel_output_xlate(const struct ofport *port, const struct flow *flow,
                    struct flow *wc, bool side_effects, int depth,
                    struct odpa_tnl_push *push, char dev[IF_NAMESIZE],
                    enum odp_drop_reason *reason)
{
    const struct netdev_tunnel_config *cfg
        = netdev_vport_get_tunnel_config(port->netdev);
    struct flow_tnl tnl;
    struct in6_addr dst, src, gw;

    if (depth >= TUNNEL_MAX_DEPTH) {
        *reason = ODP_DROP_TNL_LOOP;
        return TUNNEL_OUT_DROP;
    }
    /* The tunnel fields this output reads.  (Mapped Geneve options come
     * from raw options that the megaflow of a tunnel packet matches
     * whole, or from actions.) */
    if (cfg->remote_is_flow) {
        wc->tunnel.ip_dst = UINT32_MAX;
        memset(&wc->tunnel.ipv6_dst, 0xff, sizeof wc->tunnel.ipv6_dst);
    }
    if (cfg->local_is_flow) {
        wc->tunnel.ip_src = UINT32_MAX;
        memset(&wc->tunnel.ipv6_src, 0xff, sizeof wc->tunnel.ipv6_src);
    }
    if (cfg->out_key_flow) {
        wc->tunnel.tun_id = UINT64_MAX;
    }

    /* Where to: the port's remote, or the flow's for remote_ip=flow. */
    memset(&tnl, 0, sizeof tnl);
    if (cfg->remote_is_flow) {
        if (flow->tunnel.ip_dst) {
            set_v4mapped(&dst, flow->tunnel.ip_dst);
        } else {
            dst = flow->tunnel.ipv6_dst;
        }
    } else {
        dst = cfg->remote;
    }
    if (ipv6_addr_is_zero(&dst) || (IN6_IS_ADDR_V4MAPPED(&dst)
                                    && !get_v4mapped(&dst))) {
        *reason = ODP_DROP_TNL_NO_REMOTE;
        return TUNNEL_OUT_DROP;
    }

    if (!tnl_route_lookup(&dst, dev, &gw, &src)) {
        *reason = ODP_DROP_TNL_NO_ROUTE;
        return TUNNEL_OUT_DROP;
    }
    if (cfg->local_is_flow && (flow->tunnel.ip_src
                               || !ipv6_addr_is_zero(&flow->tunnel.ipv6_src))) {
        if (flow->tunnel.ip_src) {
            set_v4mapped(&src, flow->tunnel.ip_src);
        } else {
            src = flow->tunnel.ipv6_src;
        }
    } else if (!ipv6_addr_is_zero(&cfg->local)) {
        src = cfg->local;
    }
    if (IN6_IS_ADDR_V4MAPPED(&dst)) {
        tnl.ip_dst = get_v4mapped(&dst);
        tnl.ip_src = get_v4mapped(&src);
    } else {
        tnl.ipv6_dst = dst;
        tnl.ipv6_src = src;
    }

    /* The key: fixed, or the flow's for key=flow. */
    if (cfg->out_key_flow) {
        tnl.tun_id = flow->tunnel.tun_id;
        tnl.flags |= FLOW_TNL_F_KEY;
    } else if (cfg->out_key_present) {
        tnl.tun_id = htobe64(cfg->out_key);
        tnl.flags |= FLOW_TNL_F_KEY;
    }
    tnl.nvgre_flowid = flow->tunnel.nvgre_flowid;

    /* Geneve options: the mapped fields, then what came in unmapped. */
    if (cfg->tnl.type == TNL_GENEVE) {
        size_t len;
        bool critical;
        if (tun_metadata_to_geneve(&flow->tunnel.metadata,
                                   flow->tunnel.gnv_opts,
                                   flow->tunnel.gnv_opts_len,
                                   tnl.gnv_opts, &len, &critical)) {
            *reason = ODP_DROP_TNL_BAD_OPTIONS;
            return TUNNEL_OUT_DROP;
        }
        tnl.gnv_opts_len = len;
        if (critical) {
            tnl.flags |= FLOW_TNL_F_CRIT_OPT;
        }
    }

    struct in6_addr nexthop = ipv6_addr_is_zero(&gw) ? dst : gw;
    const struct netdev *underlay = netdev_from_name(dev);
    struct eth_addr dmac;
    if (!underlay && host_device(dev)) {
        /* A kernel device that becomes a host underlay device: not this
         * packet, but the ones after it, go. */
        if (side_effects) {
            COVERAGE_INC(tunnel_drop_underlay_opening);
            underlay_request(dev);
        }
        return TUNNEL_OUT_NO_NEIGH;
    } else if (!underlay) {
        *reason = ODP_DROP_TNL_NO_UNDERLAY;
        return TUNNEL_OUT_DROP;
    }
    if (!tnl_neigh_lookup(dev, &nexthop, &dmac)) {
        /* As Open vSwitch does: ask, and drop this packet. */
        COVERAGE_INC(tunnel_drop_no_neigh);
        if (side_effects) {
            send_arp_request(dev, underlay, &src, &nexthop, depth);
        }
        return TUNNEL_OUT_NO_NEIGH;
    }

    push->tnl_port = port->odp_port;
    push->cfg = cfg->tnl;
    push->tnl = tnl;
    memset(&push->tnl.metadata, 0, sizeof push->tnl.metadata);
    push->src = underlay->mac;
    push->dst = dmac;
    return TUNNEL_OUT_PUSH;
}

/* Tells whether tunnel port "cfg" takes a packet of "type" on UDP port
 * "udp_port" from "tnl", with "exact_key": a port with a fixed key that
 * equals the packet's (first pass) or one with key=flow (second). */
static bool
port_takes(const struct netdev_tunnel_config *cfg, enum tnl_type type,
           uint16_t udp_port, const struct flow_tnl *tnl, bool exact_key)
{
    struct in6_addr src, dst;

    if (cfg->tnl.type != type
        || (udp_port && netdev_vport_udp_port(cfg) != udp_port)) {
        return false;
    }
    if (tnl->ip_dst) {
        set_v4mapped(&src, tnl->ip_src);
        set_v4mapped(&dst, tnl->ip_dst);
    } else {
        src = tnl->ipv6_src;
        dst = tnl->ipv6_dst;
    }
    if (!cfg->remote_is_flow && memcmp(&cfg->remote, &src, sizeof src)) {
        return false;
    }
    if (!cfg->local_is_flow && !ipv6_addr_is_zero(&cfg->local)
        && memcmp(&cfg->local, &dst, sizeof dst)) {
        return false;
    }
    if (exact_key) {
        uint64_t key = be64toh(tnl->tun_id);
        return (!cfg->in_key_flow
                && (cfg->in_key_present ? cfg->in_key == key : !key));
    }
    return cfg->in_key_flow;
}

/* The tunnel port that takes the popped packet "tnl", and its bridge. */
static const struct ofport *
find_port(enum tnl_type type, uint16_t udp_port, const struct flow_tnl *tnl,
          struct ofproto **ofprotop)
{
    for (int pass = 0; pass < 2; pass++) {
        struct ofproto *ofproto;
        HMAP_FOR_EACH (ofproto, node, ofproto_all()) {
            const struct ofport *port;
            HMAP_FOR_EACH (port, node, &ofproto->ports) {
                const struct netdev_tunnel_config *cfg
                    = netdev_vport_get_tunnel_config(port->netdev);
                if (cfg && port_takes(cfg, type, udp_port, tnl, !pass)) {
                    *ofprotop = ofproto;
                    return port;
                }
            }
        }
    }
    return NULL;
}

/* A tunnel port of "type" (on UDP "port", unless 0), in any bridge. */
static const struct ofport *
any_port(enum tnl_type type, uint16_t port)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, ofproto_all()) {
        const struct ofport *p;
        HMAP_FOR_EACH (p, node, &ofproto->ports) {
            const struct netdev_tunnel_config *cfg
                = netdev_vport_get_tunnel_config(p->netdev);
            if (cfg && cfg->tnl.type == type
                && (!port || netdev_vport_udp_port(cfg) == port)) {
                return p;
            }
        }
    }
    return NULL;
}

static bool
udp_port_in_use(enum tnl_type type, uint16_t port)
{
    return any_port(type, port) != NULL;
}

/* A tunnel port whose packets the datapath receives on "odp_port". */
static const struct ofport *
odp_port_tunnel(uint32_t odp_port)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, ofproto_all()) {
        const struct ofport *p;
        HMAP_FOR_EACH (p, node, &ofproto->ports) {
            if (p->odp_port == odp_port
                && netdev_vport_get_tunnel_config(p->netdev)) {
                return p;
            }
        }
    }
    return NULL;
}

static bool
nvgre_ports_only(void)
{
    struct ofproto *ofproto;
    bool nvgre = false;

    HMAP_FOR_EACH (ofproto, node, ofproto_all()) {
        const struct ofport *p;
        HMAP_FOR_EACH (p, node, &ofproto->ports) {
            const struct netdev_tunnel_config *cfg
                = netdev_vport_get_tunnel_config(p->netdev);
            if (cfg && cfg->tnl.type == TNL_GRE) {
                return false;
            }
            nvgre |= cfg && cfg->tnl.type == TNL_NVGRE;
        }
    }
    return nvgre;
}

/* Translates a packet that reaches underlay device "dev" (the LOCAL
 * port of a bridge, or a host underlay device), whose flow is "flow": a
 * tunnel packet addressed to the device is popped (TUNNEL_IN_POP, with
 * the datapath tunnel port to look the inner packet up on and how to read
 * the headers), and the sender of an ARP or neighbour discovery packet
 * for the device's address is learned, if "side_effects"
 * (TUNNEL_IN_LEARN: translation must see each such packet).  Adds to "wc"
 * the fields it looked at. */
static enum tunnel_in
receive_xlate(const char *dev, const struct flow *flow, struct flow *wc,
              bool side_effects, uint32_t *tnl_port,
              struct tnl_pop_config *pop)
{
    struct in6_addr in4, in6;
    int plen;

    bool has4 = underlay_addr(dev, true, &in4, &plen);
    bool has6 = underlay_addr(dev, false, &in6, &plen);
    if (!has4 && !has6) {
        return TUNNEL_IN_NONE;
    }
    wc->dl_type = UINT16_MAX;
    wc->nw_proto = wc->nw_frag = UINT8_MAX;
    if (flow->dl_type == htons(ETH_TYPE_ARP)) {
        wc->nw_src = wc->nw_dst = UINT32_MAX;
    } else if (flow->dl_type == htons(ETH_TYPE_IP)) {
        wc->nw_dst = UINT32_MAX;
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        memset(&wc->ipv6_dst, 0xff, sizeof wc->ipv6_dst);
        if (flow->nw_proto == IPPROTO_ICMPV6) {
            wc->tp_src = wc->tp_dst = UINT16_MAX;
        }
    }
    if (flow->nw_proto == IPPROTO_UDP) {
        wc->tp_dst = UINT16_MAX;
    }

    if (flow->dl_type == htons(ETH_TYPE_ARP)) {
        if (has4 && flow->nw_dst == get_v4mapped(&in4)
            && (flow->nw_proto == 1 || flow->nw_proto == 2)) {
            struct in6_addr sender;
            set_v4mapped(&sender, flow->nw_src);
            if (side_effects) {
                tnl_neigh_set(dev, &sender, flow->arp_sha, false);
                COVERAGE_INC(tunnel_neigh_learned);
            }
            return TUNNEL_IN_LEARN;
        }
        return TUNNEL_IN_NONE;
    }

    /* Neighbour solicitations and advertisements for our IPv6 address
     * teach the cache too: a solicitation's source with its source
     * link-layer option, an advertisement's target with its target
     * link-layer option. */
    if (flow->dl_type == htons(ETH_TYPE_IPV6) && has6
        && flow->nw_proto == IPPROTO_ICMPV6 && !flow->tp_dst) {
        uint16_t type = ntohs(flow->tp_src);
        if (type == ND_NEIGHBOR_SOLICIT || type == ND_NEIGHBOR_ADVERT) {
            if (!side_effects) {
                /* Nothing to learn in a trace. */
            } else if (type == ND_NEIGHBOR_SOLICIT
                       && !eth_addr_is_zero(flow->arp_sha)
                       && !memcmp(&flow->nd_target, &in6, sizeof in6)) {
                tnl_neigh_set(dev, &flow->ipv6_src, flow->arp_sha,
                              false);
                COVERAGE_INC(tunnel_neigh_learned);
            } else if (type == ND_NEIGHBOR_ADVERT
                       && !eth_addr_is_zero(flow->arp_tha)
                       && !memcmp(&flow->ipv6_dst, &in6, sizeof in6)) {
                tnl_neigh_set(dev, &flow->nd_target, flow->arp_tha,
                              false);
                COVERAGE_INC(tunnel_neigh_learned);
            }
            return TUNNEL_IN_LEARN;
        }
        return TUNNEL_IN_NONE;
    }

    bool to_us = ((flow->dl_type == htons(ETH_TYPE_IP) && has4
                   && flow->nw_dst == get_v4mapped(&in4))
                  || (flow->dl_type == htons(ETH_TYPE_IPV6) && has6
                      && !memcmp(&flow->ipv6_dst, &in6,
                                 sizeof flow->ipv6_dst)));
    if (!to_us || flow->nw_frag) {
        return TUNNEL_IN_NONE;
    }

    enum tnl_type type;
    uint16_t udp_port = 0;
    tnl_pop_config_init(pop);
    if (flow->nw_proto == IPPROTO_UDP) {
        udp_port = ntohs(flow->tp_dst);
        if (udp_port_in_use(TNL_GENEVE, udp_port)) {
            type = TNL_GENEVE;
            pop->geneve_port = udp_port;
            pop->vxlan_port = 0;
        } else if (udp_port_in_use(TNL_VXLAN, udp_port)) {
            type = TNL_VXLAN;
            pop->vxlan_port = udp_port;
            pop->geneve_port = 0;
        } else {
            return TUNNEL_IN_NONE;
        }
    } else if (flow->nw_proto == IPPROTO_GRE) {
        pop->gre_is_nvgre = nvgre_ports_only();
        type = pop->gre_is_nvgre ? TNL_NVGRE : TNL_GRE;
    } else {
        return TUNNEL_IN_NONE;
    }
    const struct ofport *port = any_port(type, udp_port);
    if (!port) {
        return TUNNEL_IN_NONE;
    }
    *tnl_port = port->odp_port;
    return TUNNEL_IN_POP;
}

/* Translates a packet on its way to the LOCAL port of "ofproto": see
 * receive_xlate(). */
enum tunnel_in
tunnel_receive_xlate(struct ofproto *ofproto, const struct flow *flow,
                     struct flow *wc, bool side_effects, uint32_t *tnl_port,
                     struct tnl_pop_config *pop)
{
    const struct ofport *local = ofport_lookup(ofproto, OFPP_LOCAL);

    return (local
            ? receive_xlate(local->netdev->name, flow, wc, side_effects,
                            tnl_port, pop)
            : TUNNEL_IN_NONE);
}

/* The upcall "u" of a packet received on a host underlay device (a
 * hidden datapath port, see tnl-underlay.h): a tunnel packet for the
 * device's address is popped, ARP and neighbour discovery for it teach
 * the neighbour cache (the kernel, which taps the same frames, answers
 * them), and anything else is the kernel's alone.  Returns false if "u"
 * is not such an upcall. */
bool
tunnel_underlay_upcall(struct dpif_upcall *u)
{
    const struct dpif_port *dp = dpif_port_by_number(u->dpif,
                                                     u->key->in_port);
    struct tnl_pop_config pop;
    uint32_t tnl_port;

    if (!dp || !dp->netdev || !tnl_underlay_is(dp->netdev)) {
        return false;
    }
    memset(&u->mask, 0, sizeof u->mask);
    switch (receive_xlate(dp->netdev->name, u->key, &u->mask,
                          !u->revalidate, &tnl_port, &pop)) {
    case TUNNEL_IN_POP:
        odp_put_tnl_pop(&u->actions, tnl_port, &pop);
        break;
    case TUNNEL_IN_LEARN:
        u->cacheable = false;
        break;
    case TUNNEL_IN_NONE:
        break;
    }
    return true;
}

/* For the upcall of a packet popped out of a tunnel, received on datapath
 * port "key->in_port" with outer headers "key->tunnel" (Geneve options
 * raw): finds the tunnel port that takes it and its bridge, and maps its
 * options into "*tnl" by the bridge's TLV table.  Adds to "mask" the key
 * fields that decided.  Returns NULL, with "*reason", if nothing takes
 * the packet. */
struct ofproto *
tunnel_upcall_port(const struct flow *key, uint32_t *ofp_port,
                   struct flow_tnl *tnl, struct flow *mask,
                   enum odp_drop_reason *reason)
{
    const struct ofport *dp_port = odp_port_tunnel(key->in_port);
    const struct netdev_tunnel_config *cfg
        = dp_port ? netdev_vport_get_tunnel_config(dp_port->netdev) : NULL;

    /* Everything about the outer headers decides. */
    struct flow_tnl *m = &mask->tunnel;
    m->tun_id = UINT64_MAX;
    m->ip_src = m->ip_dst = UINT32_MAX;
    memset(&m->ipv6_src, 0xff, sizeof m->ipv6_src);
    memset(&m->ipv6_dst, 0xff, sizeof m->ipv6_dst);
    m->flags = UINT16_MAX;
    m->tp_dst = UINT16_MAX;
    m->nvgre_flowid = UINT8_MAX;
    m->gnv_opts_len = UINT8_MAX;
    /* The bytes past the options are zero in every key. */
    memset(m->gnv_opts, 0xff, key->tunnel.gnv_opts_len);

    *tnl = key->tunnel;
    if (!cfg) {
        *reason = ODP_DROP_TNL_NO_PORT;
        return NULL;
    }
    enum tnl_type type = cfg->tnl.type;
    uint16_t udp_port = (type == TNL_GENEVE || type == TNL_VXLAN
                         ? ntohs(key->tunnel.tp_dst) : 0);
    struct ofproto *ofproto;
    bool l3 = tnl->flags & FLOW_TNL_F_L3_PAYLOAD;
    tnl->flags &= ~FLOW_TNL_F_L3_PAYLOAD;
    const struct ofport *port = find_port(type, udp_port, tnl, &ofproto);
    if (!port) {
        COVERAGE_INC(tunnel_drop_no_port);
        *reason = ODP_DROP_TNL_NO_PORT;
        return NULL;
    }
    const struct netdev_tunnel_config *pcfg
        = netdev_vport_get_tunnel_config(port->netdev);
    if (l3 != (pcfg->tnl.inner_proto != ETH_TYPE_TEB)) {
        /* An L3 payload for an Ethernet port, or the other way round. */
        COVERAGE_INC(tunnel_drop_l3_payload);
        *reason = ODP_DROP_TNL_L3_PAYLOAD;
        return NULL;
    }

    /* Geneve options: the ones the bridge's TLV table maps become
     * tun_metadata; unknown non-critical ones stay to be sent on. */
    if (type == TNL_GENEVE) {
        uint8_t pass[FLOW_TNL_MAX_GNV_OPTS];
        size_t pass_len;
        enum tun_metadata_error error = tun_metadata_from_geneve(
            ofproto->tun_table, key->tunnel.gnv_opts,
            key->tunnel.gnv_opts_len, &tnl->metadata, pass, &pass_len);
        switch (error) {
        case TUN_METADATA_OK:
            break;
        case TUN_METADATA_TRUNCATED:
            *reason = ODP_DROP_TUN_MD_TRUNCATED;
            return NULL;
        case TUN_METADATA_BAD_LEN:
            *reason = ODP_DROP_TUN_MD_BAD_LEN;
            return NULL;
        case TUN_METADATA_CRIT_UNKNOWN:
            *reason = ODP_DROP_TUN_MD_CRIT_UNKNOWN;
            return NULL;
        case TUN_METADATA_DUP_OPTION:
        case TUN_METADATA_TOO_LONG:
        default:
            *reason = ODP_DROP_TUN_MD_DUP_OPTION;
            return NULL;
        }
        memcpy(tnl->gnv_opts, pass, pass_len);
        tnl->gnv_opts_len = pass_len;
    }
    tnl->metadata.tab = ofproto->tun_table;
    *ofp_port = port->ofp_port;
    return ofproto;
}
