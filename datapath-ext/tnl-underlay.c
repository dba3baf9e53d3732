/* Host underlay devices (see tnl-underlay.h). */
#include <config.h>
#include "tnl-underlay.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "dpif.h"
#include "hash.h"
#include "hmap.h"
#include "netdev.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(tnl_underlay);

/* A kernel device the tunnels use. */
struct underlay {
    struct hmap_node node;      /* In "underlays", by name. */
    struct netdev *netdev;      /* Its "system" netdev, a tap. */
    struct dpif *dpif;          /* The datapath it is a hidden port of. */
    uint32_t port_no;           /* Its number there. */
    bool wanted;                /* Asked for since tnl_underlay_begin(). */
    bool filtered;              /* Has the current filter. */
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

/* The UDP ports and protocols of the last tnl_underlay_end(). */
#define MAX_FILTER_PORTS 64
static uint16_t filter_ports[MAX_FILTER_PORTS];
static size_t n_filter_ports;
static bool filter_all_udp;
static bool filter_gre;

/* Classic BPF with forward jumps to labels, resolved at the end. */
enum label {
    L_NEXT, L_ACCEPT, L_DROP, L_IPV4, L_IPV6, L_UDP_PORT, L_ICMP6, N_LABELS
};
#define MAX_INSNS (32 + 2 * MAX_FILTER_PORTS)
BUILD_ASSERT(MAX_INSNS <= UINT8_MAX);
struct bpf_builder {
    struct sock_filter insns[MAX_INSNS];
    uint8_t jt[MAX_INSNS], jf[MAX_INSNS];
    int n;
    int at[N_LABELS];
};

static void
emit(struct bpf_builder *b, uint16_t code, uint32_t k, enum label jt,
     enum label jf)
{
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
offset(const struct bpf_builder *b, int from, enum label l)
{
    /* At most 32 + 2 * MAX_FILTER_PORTS instructions apart. */
    return l == L_NEXT ? 0 : b->at[l] - from - 1;
}

static void
resolve(struct bpf_builder *b)
{
    for (int i = 0; i < b->n; i++) {
        struct sock_filter *insn = &b->insns[i];
        if (insn->code == (BPF_JMP | BPF_JA)) {
            insn->k = offset(b, i, b->jt[i]);
        } else if (BPF_CLASS(insn->code) == BPF_JMP) {
            insn->jt = offset(b, i, b->jt[i]);
            insn->jf = offset(b, i, b->jf[i]);
        }
    }
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
    dpif_port_del(u->dpif, u->port_no);
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
    dpif_port_add(u->dpif, netdev, &u->port_no);
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
