/* Host underlay devices (see tnl-underlay.h). */
#include <config.h>
#include "tnl-underlay.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/pkt_cls.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "dpif.h"
#include "hash.h"
#include "hmap.h"
#include "netdev.h"
#include "rtnetlink.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(tnl_underlay);

/* Classic BPF with forward jumps to labels, resolved at the end.  Jump
 * offsets are 8 bits, so a program stays under 256 instructions. */
#define MAX_FILTER_PORTS 64
#define MAX_INSNS (48 + 2 * MAX_FILTER_PORTS + 9 * RTNL_MAX_ADDRS)
BUILD_ASSERT(MAX_INSNS <= UINT8_MAX);

/* A kernel device the tunnels use. */
struct underlay {
    struct hmap_node node;      /* In "underlays", by name. */
    struct netdev *netdev;      /* Its "system" netdev, a tap. */
    struct dpif *dpif;          /* The datapath it is a hidden port of. */
    uint32_t port_no;           /* Its number there. */
    bool wanted;                /* Asked for since tnl_underlay_begin(). */
    bool filtered;              /* Has the current filter. */
    bool in_datapath;           /* Is port "port_no" of "dpif". */

    /* The program at the device's tc ingress hook that takes the tunnel
     * frames for its addresses from the kernel (see take_frames()). */
    struct sock_filter taker[MAX_INSNS];
    size_t n_taker;             /* 0 if none is set. */
    int taker_error;            /* Last error setting it, to log once. */
};
static struct hmap underlays = HMAP_INITIALIZER;

/* Netdevs opened here point to this, as their owner. */
static const char underlay_owner;

/* Sockets that keep the kernel from answering tunnel frames: on a UDP
 * port (IPv4 and IPv6), or, with "port" 0, raw GRE. */
struct hush {
    uint16_t port;
    int fd4, fd6;
    bool wanted;
};
static struct hush *hushes;
static size_t n_hushes;

/* The tc priority ("pref") of the filter that takes tunnel frames. */
#define TAKER_PRIO 0x4f56

/* The UDP ports and protocols of the last tnl_underlay_end(). */
static uint16_t filter_ports[MAX_FILTER_PORTS];
static size_t n_filter_ports;
static bool filter_all_udp;
static bool filter_gre;

/* L_ACCEPT and L_DROP are the two verdicts; L_V6_ADDR + i starts the
 * comparison with the i-th IPv6 address. */
enum label {
    L_NEXT, L_ACCEPT, L_DROP, L_IPV4, L_IPV6, L_UDP_PORT, L_ICMP6,
    L_V4_OURS, L_V6_OURS, L_V6_ADDR, N_LABELS = L_V6_ADDR + RTNL_MAX_ADDRS
};
struct bpf_builder {
    struct sock_filter insns[MAX_INSNS];
    uint8_t jt[MAX_INSNS], jf[MAX_INSNS];
    size_t n;
    size_t at[N_LABELS];
};

static void
emit(struct bpf_builder *b, uint16_t code, uint32_t k, enum label jt,
     enum label jf)
{
    if (b->n >= MAX_INSNS) {
        OVSX_NOT_REACHED();     /* MAX_INSNS counts the longest program. */
    }
    b->insns[b->n] = (struct sock_filter) { code, 0, 0, k };
    b->jt[b->n] = jt;
    b->jf[b->n] = jf;
    b->n++;
}

static void
mark(struct bpf_builder *b, enum label l)
{
    b->at[l] = b->n;
}

static uint8_t
offset(const struct bpf_builder *b, size_t from, enum label l)
{
    /* At most MAX_INSNS instructions apart. */
    return l == L_NEXT ? 0 : b->at[l] - from - 1;
}

static void
resolve(struct bpf_builder *b)
{
    for (size_t i = 0; i < b->n; i++) {
        struct sock_filter *insn = &b->insns[i];
        if (insn->code == (BPF_JMP | BPF_JA)) {
            insn->k = offset(b, i, b->jt[i]);
        } else if (BPF_CLASS(insn->code) == BPF_JMP) {
            insn->jt = offset(b, i, b->jt[i]);
            insn->jf = offset(b, i, b->jf[i]);
        }
    }
}

/* The label of the comparison with IPv6 address "i" of "n". */
static enum label
v6_addr_label(size_t i, size_t n)
{
    return i < n ? L_V6_ADDR + i : L_DROP;
}

/* Compares the destination address of an IPv4 frame with "addrs": on to
 * L_V4_OURS if it is one of them, else L_DROP. */
static void
build_v4_addrs(struct bpf_builder *b, const struct rtnl_addrs *addrs)
{
    emit(b, BPF_LD | BPF_W | BPF_ABS, 14 + 16, 0, 0);    /* IPv4 dst. */
    for (size_t i = 0; i < addrs->n4; i++) {
        emit(b, BPF_JMP | BPF_JEQ | BPF_K, ntohl(addrs->v4[i]), L_V4_OURS,
             L_NEXT);
    }
    emit(b, BPF_JMP | BPF_JA, 0, L_DROP, 0);
    mark(b, L_V4_OURS);
}

/* The same for IPv6, a word at a time: on to L_V6_OURS or L_DROP. */
static void
build_v6_addrs(struct bpf_builder *b, const struct rtnl_addrs *addrs)
{
    size_t n = addrs->n6;

    for (size_t i = 0; i < n; i++) {
        mark(b, v6_addr_label(i, n));
        for (int w = 0; w < 4; w++) {
            uint32_t word;
            memcpy(&word, &addrs->v6[i].s6_addr[w * 4], 4);
            emit(b, BPF_LD | BPF_W | BPF_ABS, 14 + 24 + w * 4, 0, 0);
            emit(b, BPF_JMP | BPF_JEQ | BPF_K, ntohl(word),
                 w == 3 ? L_V6_OURS : L_NEXT, v6_addr_label(i + 1, n));
        }
    }
    if (!n) {
        emit(b, BPF_JMP | BPF_JA, 0, L_DROP, 0);
    }
    mark(b, L_V6_OURS);
}

/* The filter of the packet sockets: ARP, IPv6 neighbour solicitations
 * and advertisements, unfragmented UDP to one of the tunnels' ports (any
 * UDP with too many ports), and GRE if "filter_gre". */
static void
build_filter(struct bpf_builder *b)
{
    memset(b, 0, sizeof *b);
    emit(b, BPF_LD | BPF_H | BPF_ABS, 12, 0, 0);         /* EtherType. */
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0x0806, L_ACCEPT, L_NEXT);
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0x0800, L_IPV4, L_NEXT);
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0x86dd, L_IPV6, L_DROP);

    mark(b, L_IPV4);
    emit(b, BPF_LD | BPF_B | BPF_ABS, 23, 0, 0);         /* Protocol. */
    if (filter_gre) {
        emit(b, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_GRE, L_ACCEPT, L_NEXT);
    }
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, L_NEXT, L_DROP);
    emit(b, BPF_LD | BPF_H | BPF_ABS, 20, 0, 0);         /* MF, offset. */
    emit(b, BPF_JMP | BPF_JSET | BPF_K, 0x3fff, L_DROP, L_NEXT);
    emit(b, BPF_LDX | BPF_B | BPF_MSH, 14, 0, 0);        /* IHL * 4. */
    emit(b, BPF_LD | BPF_H | BPF_IND, 14 + 2, 0, 0);     /* UDP dst. */
    emit(b, BPF_JMP | BPF_JA, 0, L_UDP_PORT, 0);

    mark(b, L_IPV6);
    emit(b, BPF_LD | BPF_B | BPF_ABS, 14 + 6, 0, 0);     /* Next header. */
    if (filter_gre) {
        emit(b, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_GRE, L_ACCEPT, L_NEXT);
    }
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, L_ICMP6, L_NEXT);
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, L_NEXT, L_DROP);
    emit(b, BPF_LD | BPF_H | BPF_ABS, 14 + 40 + 2, 0, 0); /* UDP dst. */

    mark(b, L_UDP_PORT);
    if (filter_all_udp) {
        emit(b, BPF_JMP | BPF_JA, 0, L_ACCEPT, 0);
    }
    for (size_t i = 0; i < n_filter_ports; i++) {
        emit(b, BPF_JMP | BPF_JEQ | BPF_K, filter_ports[i], L_ACCEPT,
             L_NEXT);
    }
    emit(b, BPF_JMP | BPF_JA, 0, L_DROP, 0);

    mark(b, L_ICMP6);
    emit(b, BPF_LD | BPF_B | BPF_ABS, 14 + 40, 0, 0);    /* ICMPv6 type. */
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 135, L_ACCEPT, L_NEXT);
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 136, L_ACCEPT, L_DROP);

    mark(b, L_DROP);
    emit(b, BPF_RET | BPF_K, 0, 0, 0);
    mark(b, L_ACCEPT);
    emit(b, BPF_RET | BPF_K, UINT32_MAX, 0, 0);
    resolve(b);
}

/* Jumps to L_ACCEPT if the UDP destination port in A is one of the
 * tunnels' ports whose hush socket of "family" is bound: the frames the
 * kernel would have given that socket.  Else to L_DROP. */
static void
build_hushed_ports(struct bpf_builder *b, int family)
{
    for (size_t i = 0; i < n_hushes; i++) {
        const struct hush *h = &hushes[i];
        if (h->port && (family == AF_INET ? h->fd4 : h->fd6) >= 0) {
            emit(b, BPF_JMP | BPF_JEQ | BPF_K, h->port, L_ACCEPT, L_NEXT);
        }
    }
    emit(b, BPF_JMP | BPF_JA, 0, L_DROP, 0);
}

/* Builds the program that takes tunnel frames from the kernel at a
 * device's tc ingress hook, in direct-action mode: TC_ACT_SHOT (at
 * L_ACCEPT) for an untagged, unfragmented UDP frame to the device's own
 * Ethernet address, one of "addrs" and a tunnel port whose hush socket
 * of that family is bound; TC_ACT_UNSPEC (at L_DROP: the next filter, or
 * the kernel, has it) for all else.
 *
 * GRE is not taken: a raw GRE socket does not keep the kernel's own GRE
 * tunnels from their frames, and a port whose hush socket could not bind
 * is someone else's.  Every load is checked against the frame's length
 * first: a classic BPF program that loads past the end returns 0, which
 * here would be TC_ACT_OK. */
static void
build_taker(struct bpf_builder *b, const struct rtnl_addrs *addrs)
{
    memset(b, 0, sizeof *b);
    emit(b, BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE, 0, 0);
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, PACKET_HOST, L_NEXT, L_DROP);
    emit(b, BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT,
         0, 0);
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, L_NEXT, L_DROP);
    emit(b, BPF_LD | BPF_H | BPF_ABS, 12, 0, 0);         /* EtherType. */
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0x0800, L_IPV4, L_NEXT);
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0x86dd, L_IPV6, L_DROP);

    mark(b, L_IPV4);
    emit(b, BPF_LD | BPF_W | BPF_LEN, 0, 0, 0);
    emit(b, BPF_JMP | BPF_JGE | BPF_K, 14 + 20, L_NEXT, L_DROP);
    build_v4_addrs(b, addrs);
    emit(b, BPF_LD | BPF_B | BPF_ABS, 23, 0, 0);         /* Protocol. */
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, L_NEXT, L_DROP);
    emit(b, BPF_LD | BPF_H | BPF_ABS, 20, 0, 0);         /* MF, offset. */
    emit(b, BPF_JMP | BPF_JSET | BPF_K, 0x3fff, L_DROP, L_NEXT);
    emit(b, BPF_LDX | BPF_B | BPF_MSH, 14, 0, 0);        /* IHL * 4. */
    emit(b, BPF_MISC | BPF_TXA, 0, 0, 0);                /* The UDP ports' */
    emit(b, BPF_ALU | BPF_ADD | BPF_K, 14 + 4, 0, 0);    /* end must be */
    emit(b, BPF_MISC | BPF_TAX, 0, 0, 0);                /* in the frame. */
    emit(b, BPF_LD | BPF_W | BPF_LEN, 0, 0, 0);
    emit(b, BPF_JMP | BPF_JGE | BPF_X, 0, L_NEXT, L_DROP);
    emit(b, BPF_LDX | BPF_B | BPF_MSH, 14, 0, 0);
    emit(b, BPF_LD | BPF_H | BPF_IND, 14 + 2, 0, 0);     /* UDP dst. */
    build_hushed_ports(b, AF_INET);

    mark(b, L_IPV6);
    emit(b, BPF_LD | BPF_W | BPF_LEN, 0, 0, 0);
    emit(b, BPF_JMP | BPF_JGE | BPF_K, 14 + 40 + 4, L_NEXT, L_DROP);
    build_v6_addrs(b, addrs);
    emit(b, BPF_LD | BPF_B | BPF_ABS, 14 + 6, 0, 0);     /* Next header. */
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, L_NEXT, L_DROP);
    emit(b, BPF_LD | BPF_H | BPF_ABS, 14 + 40 + 2, 0, 0); /* UDP dst. */
    build_hushed_ports(b, AF_INET6);

    mark(b, L_DROP);
    emit(b, BPF_RET | BPF_K, (uint32_t) TC_ACT_UNSPEC, 0, 0);
    mark(b, L_ACCEPT);
    emit(b, BPF_RET | BPF_K, TC_ACT_SHOT, 0, 0);
    resolve(b);
}

static void
set_filter(struct underlay *u)
{
    struct bpf_builder b;
    build_filter(&b);
    struct sock_fprog prog = { .len = b.n, .filter = b.insns };
    int error = netdev_system_tap(u->netdev, &prog);
    if (error) {
        VLOG_WARN("%s: cannot filter what the tunnels receive (%s)",
                  u->netdev->name, strerror(error));
    }
    u->filtered = !error;
}

/* The tunnels' UDP ports whose hush socket of either family is ovsx's. */
static size_t
n_hushed_udp_ports(void)
{
    size_t n = 0;

    for (size_t i = 0; i < n_hushes; i++) {
        n += hushes[i].port && (hushes[i].fd4 >= 0 || hushes[i].fd6 >= 0);
    }
    return n;
}

/* Removes the program that takes "u"'s tunnel frames, if it has one. */
static void
give_back_frames(struct underlay *u)
{
    if (u->n_taker) {
        int error = rtnl_ingress_bpf_del(u->netdev->ifindex, TAKER_PRIO);
        if (error) {
            VLOG_WARN("%s: cannot remove the tc ingress filter that takes "
                      "tunnel frames (%s)", u->netdev->name,
                      strerror(error));
        }
        u->n_taker = 0;
    }
}

/* Sets or updates the program at "u"'s tc ingress hook that takes from
 * the kernel the tunnel frames addressed to "u"'s own addresses.
 *
 * The packet socket has seen each of them by then: the kernel hands a
 * frame to packet sockets before its ingress hook.  Without the program,
 * each would also go up the kernel's IP stack, only for a hush socket to
 * drop it, and on the CPU that received it, which is often the sender's.
 * Tunnel frames for other local addresses still go up the stack to the
 * hush sockets (see build_taker() for what else is left alone). */
static void
take_frames(struct underlay *u)
{
    struct rtnl_addrs addrs;
    struct bpf_builder b;

    /* Not without a port in the datapath and a socket with its filter,
     * which may not be receiving at all; and not with too many tunnel
     * ports to list, where the sockets take all UDP. */
    if (!u->in_datapath || !u->filtered || filter_all_udp
        || !n_hushed_udp_ports()) {
        give_back_frames(u);
        return;
    }
    int error = rtnl_get_addrs(u->netdev->ifindex, &addrs);
    if (!error) {
        if (!addrs.n4 && !addrs.n6) {
            give_back_frames(u);
            return;
        }
        build_taker(&b, &addrs);
        if (b.n == u->n_taker
            && !memcmp(b.insns, u->taker, b.n * sizeof *b.insns)) {
            return;
        }
        error = rtnl_ingress_bpf_set(u->netdev->ifindex, TAKER_PRIO,
                                     b.insns, b.n);
    }
    if (error) {
        /* The frames still reach ovsx; the kernel just does more work. */
        if (error != u->taker_error) {
            VLOG_INFO("%s: cannot take tunnel frames from the kernel at "
                      "its tc ingress hook (%s); they go up its IP stack "
                      "too", u->netdev->name, strerror(error));
        }
        u->taker_error = error;
        return;
    }
    if (!u->n_taker) {
        VLOG_INFO("%s: tunnel frames for its addresses are taken from the "
                  "kernel at its tc ingress hook (filter pref %d)",
                  u->netdev->name, TAKER_PRIO);
    }
    u->taker_error = 0;
    u->n_taker = b.n;
    memcpy(u->taker, b.insns, b.n * sizeof *b.insns);
}

static struct underlay *
underlay_find(const char *dev)
{
    struct underlay *u;

    HMAP_FOR_EACH_WITH_HASH (u, node, hash_string(dev, 0), &underlays) {
        if (!strcmp(u->netdev->name, dev)) {
            return u;
        }
    }
    return NULL;
}

static void
underlay_close(struct underlay *u)
{
    VLOG_INFO("%s: no longer a tunnel underlay", u->netdev->name);
    hmap_remove(&underlays, &u->node);
    give_back_frames(u);
    if (u->in_datapath) {
        dpif_port_del(u->dpif, u->port_no);
    }
    netdev_close(u->netdev);
    dpif_close(u->dpif);
    free(u);
}

/* Starts a round of tnl_underlay_want() calls. */
void
tnl_underlay_begin(void)
{
    struct underlay *u;

    HMAP_FOR_EACH (u, node, &underlays) {
        u->wanted = false;
    }
}

/* Keeps or makes kernel device "dev" an underlay of "dpif".  Returns
 * false if it cannot be: no such device, an ovsx port, or an underlay of
 * another datapath already. */
bool
tnl_underlay_want(struct dpif *dpif, const char *dev)
{
    struct underlay *u = underlay_find(dev);

    if (u) {
        u->wanted |= u->dpif == dpif;
        return u->dpif == dpif;
    }

    struct netdev *netdev;
    int error = netdev_open(dev, "system", &netdev);
    if (error) {
        if (error != EEXIST) {
            VLOG_WARN("%s: cannot open as a tunnel underlay (%s)", dev,
                      strerror(error));
        }
        return false;
    }
    u = xzalloc(sizeof *u);
    u->netdev = netdev;
    netdev->owner = (void *) &underlay_owner;
    set_filter(u);
    u->dpif = dpif_open(dpif->type);
    error = dpif_port_add(u->dpif, netdev, &u->port_no);
    if (error) {
        VLOG_WARN("%s: cannot add to datapath %s as a tunnel underlay (%s)",
                  dev, dpif->name, strerror(error));
    }
    u->in_datapath = !error;
    u->wanted = true;
    hmap_insert(&underlays, &u->node, hash_string(dev, 0));
    VLOG_INFO("%s: tunnel underlay: tunnel frames for its addresses are "
              "received and sent here (port %"PRIu32" of %s)", dev,
              u->port_no, dpif->name);
    return true;
}

static void
hush_close(struct hush *h)
{
    if (h->fd4 >= 0) {
        close(h->fd4);
    }
    if (h->fd6 >= 0) {
        close(h->fd6);
    }
}

/* A socket of "family" on UDP "port" (or raw GRE for 0) that drops all
 * it gets.  Returns it, or -1. */
static int
hush_socket(int family, uint16_t port)
{
    static struct sock_filter drop[] = { { BPF_RET | BPF_K, 0, 0, 0 } };
    struct sock_fprog prog = { .len = 1, .filter = drop };
    int one = 1;
    int fd = socket(family, (port ? SOCK_DGRAM : SOCK_RAW) | SOCK_CLOEXEC,
                    port ? IPPROTO_UDP : IPPROTO_GRE);

    if (fd < 0) {
        if (errno != EAFNOSUPPORT) {
            VLOG_WARN("socket for %s %s failed (%s)",
                      family == AF_INET ? "IPv4" : "IPv6",
                      port ? "UDP" : "GRE", strerror(errno));
        }
        return -1;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog)
        || (family == AF_INET6
            && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one))) {
        VLOG_WARN("setting up a %s socket failed (%s)",
                  port ? "UDP" : "GRE", strerror(errno));
        close(fd);
        return -1;
    }
    if (port) {
        struct sockaddr_in sin = {
            .sin_family = AF_INET, .sin_port = htons(port),
        };
        struct sockaddr_in6 sin6 = {
            .sin6_family = AF_INET6, .sin6_port = htons(port),
        };
        int error = (family == AF_INET
                     ? bind(fd, (struct sockaddr *) &sin, sizeof sin)
                     : bind(fd, (struct sockaddr *) &sin6, sizeof sin6));
        if (error) {
            /* Someone else's socket takes the frames: the kernel does not
             * answer them either. */
            VLOG_INFO("UDP port %"PRIu16" (%s) is bound already (%s)", port,
                      family == AF_INET ? "IPv4" : "IPv6", strerror(errno));
            close(fd);
            return -1;
        }
    }
    return fd;
}

static void
hush_want(uint16_t port)
{
    for (size_t i = 0; i < n_hushes; i++) {
        if (hushes[i].port == port) {
            hushes[i].wanted = true;
            return;
        }
    }
    hushes = xrealloc(hushes, (n_hushes + 1) * sizeof *hushes);
    struct hush *h = &hushes[n_hushes++];
    h->port = port;
    h->fd4 = hush_socket(AF_INET, port);
    h->fd6 = hush_socket(AF_INET6, port);
    h->wanted = true;
}

/* Ends a round: closes the devices not wanted, and gives the others the
 * filter for "udp_ports" and GRE if "gre"; the kernel is kept quiet on
 * those while there is an underlay device. */
void
tnl_underlay_end(const uint16_t *udp_ports, size_t n_udp_ports, bool gre)
{
    struct underlay *u, *next;

    HMAP_FOR_EACH_SAFE (u, next, node, &underlays) {
        if (!u->wanted) {
            underlay_close(u);
        }
    }

    bool all_udp = n_udp_ports > MAX_FILTER_PORTS;
    size_t n = all_udp ? 0 : n_udp_ports;
    bool changed = (all_udp != filter_all_udp || gre != filter_gre
                    || n != n_filter_ports
                    || (n && memcmp(filter_ports, udp_ports,
                                    n * sizeof *udp_ports)));
    filter_all_udp = all_udp;
    filter_gre = gre;
    n_filter_ports = n;
    if (n) {
        memcpy(filter_ports, udp_ports, n * sizeof *udp_ports);
    }
    HMAP_FOR_EACH (u, node, &underlays) {
        if (changed || !u->filtered) {
            set_filter(u);
        }
    }

    for (size_t i = 0; i < n_hushes; i++) {
        hushes[i].wanted = false;
    }
    if (!hmap_is_empty(&underlays)) {
        for (size_t i = 0; i < n_udp_ports; i++) {
            hush_want(udp_ports[i]);
        }
        if (gre) {
            hush_want(0);
        }
    }
    for (size_t i = 0; i < n_hushes; ) {
        if (!hushes[i].wanted) {
            hush_close(&hushes[i]);
            hushes[i] = hushes[--n_hushes];
        } else {
            i++;
        }
    }

    /* The hush sockets are there first, for the frames a program may not
     * take. */
    HMAP_FOR_EACH (u, node, &underlays) {
        take_frames(u);
    }
}

/* Gives the kernel back the tunnel frames taken at the underlay devices'
 * tc ingress hooks: ovsx is exiting. */
void
tnl_underlay_exit(void)
{
    struct underlay *u;

    HMAP_FOR_EACH (u, node, &underlays) {
        give_back_frames(u);
    }
}

/* Tells whether "netdev" is a host underlay device, opened here. */
bool
tnl_underlay_is(const struct netdev *netdev)
{
    return netdev->owner == &underlay_owner;
}

/* Gives up device "dev", if it is an underlay: it is becoming a port. */
void
tnl_underlay_release(const char *dev)
{
    struct underlay *u = underlay_find(dev);

    if (u) {
        underlay_close(u);
    }
}
