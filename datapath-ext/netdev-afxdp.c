/* "afxdp" ports: a kernel device whose frames reach ovsx through an
 * AF_XDP socket, as Open vSwitch's port type of the same name does.
 *
 * An XDP program on the device redirects every frame of its queue 0 to
 * the socket (frames of other queues go on to the kernel).  The socket
 * receives into, and sends from, a region of ovsx's memory (the UMEM)
 * that it shares with the kernel through four rings: the kernel takes
 * free frames from the fill ring, hands received ones over on the receive
 * ring, sends what ovsx puts on the transmit ring and gives those frames
 * back on the completion ring.  Received frames are copied into packets
 * and their frames go straight back on the fill ring; a packet to send is
 * copied into a free frame.
 *
 * Nothing here needs libbpf or libxdp.  The XDP program is five eBPF
 * instructions, loaded with bpf(2) and attached through a BPF link, so
 * that the kernel detaches it when ovsx closes the link or dies: an
 * afxdp port never leaves a device that drops what ovsx does not read.
 *
 * Options, as Open vSwitch takes them: "xdp-mode" (best-effort,
 * native-with-zerocopy, native, generic), "use-need-wakeup" and "n_rxq"
 * (1: ovsx reads queue 0 only). */
#include <config.h>
#include "netdev.h"
#include "netdev-linux.h"

#include <dirent.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dp-worker.h"
#include "poll-loop.h"
#include "smap.h"
#include "util.h"
#include "vlog.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef SOL_XDP
#define SOL_XDP 283
#endif

VLOG_DEFINE_THIS_MODULE(netdev_afxdp);

COVERAGE_DEFINE(netdev_afxdp_rx_bad_desc);
COVERAGE_DEFINE(netdev_afxdp_tx_bad_len);
COVERAGE_DEFINE(netdev_afxdp_tx_no_frame);
COVERAGE_DEFINE(netdev_afxdp_tx_error);

/* The UMEM: N_FRAMES frames of FRAME_SIZE bytes (16 MB), the first
 * RX_FRAMES for receiving (on the fill ring, the receive ring or in the
 * kernel's hands), the rest for sending.  A received frame comes after
 * the kernel's XDP headroom (XDP_PACKET_HEADROOM, 256 bytes), so it may
 * be up to MAX_FRAME_LEN bytes: an MTU of MAX_MTU with a VLAN tag, as much
 * as a veth with XDP takes anyway.  Each ring has room for every frame it
 * can be given, so that none is ever full. */
#define FRAME_SIZE 4096u
#define N_FRAMES 4096u
#define RX_FRAMES 2048u
#define TX_FRAMES (N_FRAMES - RX_FRAMES)
#define RING_SIZE 2048u
#define RING_MASK (RING_SIZE - 1)
#define UMEM_SIZE ((size_t) N_FRAMES * FRAME_SIZE)
#define MAX_FRAME_LEN (FRAME_SIZE - XDP_PACKET_HEADROOM)
#define MAX_MTU (MAX_FRAME_LEN - ETH_HLEN - 4)

enum afxdp_mode {
    AFXDP_BEST_EFFORT,          /* The first of the three below that works. */
    AFXDP_NATIVE_ZC,            /* Driver's XDP, frames not copied. */
    AFXDP_NATIVE,               /* Driver's XDP, frames copied. */
    AFXDP_GENERIC,              /* XDP on the kernel's socket buffers. */
};

static const char *const mode_names[] = {
    [AFXDP_BEST_EFFORT] = "best-effort",
    [AFXDP_NATIVE_ZC] = "native-with-zerocopy",
    [AFXDP_NATIVE] = "native",
    [AFXDP_GENERIC] = "generic",
};

/* One of the socket's rings, as mapped: the kernel's and ovsx's index
 * into it, its flags and its entries (struct xdp_desc for receive and
 * transmit, a frame address for fill and completion).  "local" is ovsx's
 * side: how far it has produced (fill, transmit) or consumed (receive,
 * completion), ahead of what it has published. */
struct xring {
    uint32_t *producer;
    uint32_t *consumer;
    uint32_t *flags;
    void *entries;
    void *map;
    size_t map_len;
    uint32_t local;
};

struct netdev_afxdp {
    struct netdev up;
    int promisc_fd;             /* Packet socket that keeps it promiscuous. */

    /* As configured. */
    enum afxdp_mode mode;
    bool need_wakeup;

    /* What is open: -1 and NULL while nothing is. */
    int xsk_fd;                 /* The AF_XDP socket. */
    int map_fd;                 /* XSKMAP: queue 0 to xsk_fd. */
    int prog_fd;                /* The XDP program... */
    int link_fd;                /* ...attached to the device while open. */
    enum afxdp_mode mode_in_use;
    uint8_t *umem;
    struct xring rx, fill;      /* The receiving thread's. */
    struct xring tx, comp;      /* Under the netdev's tx_mutex. */

    /* Sending, under tx_mutex. */
    uint32_t n_tx_free;
    uint32_t tx_unpublished;    /* On the transmit ring, not yet told. */
    uint64_t tx_free[TX_FRAMES]; /* Addresses of free frames. */
    uint64_t tx_dropped;        /* No frame, or too big. */
};

static struct netdev_afxdp *
netdev_afxdp_cast(const struct netdev *netdev)
{
    return (struct netdev_afxdp *) netdev;
}

static int
sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
    return syscall(__NR_bpf, cmd, attr, sizeof *attr);
}

/* Creates the XSKMAP, one entry (queue 0).  Returns its fd or -1. */
static int
create_xskmap(void)
{
    union bpf_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.map_type = BPF_MAP_TYPE_XSKMAP;
    attr.key_size = sizeof(uint32_t);
    attr.value_size = sizeof(uint32_t);
    attr.max_entries = 1;
    return sys_bpf(BPF_MAP_CREATE, &attr);
}

/* Reduces the verifier's log "log" to its last line that says something
 * (the error comes last, before a "processed N insns" summary). */
static void
last_log_line(char *log)
{
    char *line = NULL;

    for (char *p = strtok(log, "\n"); p; p = strtok(NULL, "\n")) {
        if (strncmp(p, "processed ", 10)) {
            line = p;
        }
    }
    memmove(log, line ? line : "", line ? strlen(line) + 1 : 1);
}

/* Loads the XDP program that sends each frame of a queue with a socket in
 * "map_fd" to that socket, and every other frame on to the kernel:
 *
 *     return bpf_redirect_map(&map, ctx->rx_queue_index, XDP_PASS);
 *
 * (the flags' low bits are the verdict for a queue with no socket).
 * Returns the program's fd, or -1 with the verifier's words in "log". */
static int
load_xdp_program(int map_fd, char *log, size_t log_size)
{
    const struct bpf_insn insns[] = {
        { .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = BPF_REG_2,
          .src_reg = BPF_REG_1,
          .off = offsetof(struct xdp_md, rx_queue_index) },
        { .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
          .src_reg = BPF_PSEUDO_MAP_FD, .imm = map_fd },
        { .code = 0 },          /* The upper half of the 64-bit load. */
        { .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3,
          .imm = XDP_PASS },
        { .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_redirect_map },
        { .code = BPF_JMP | BPF_EXIT },
    };
    union bpf_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.prog_type = BPF_PROG_TYPE_XDP;
    attr.insns = (uintptr_t) insns;
    attr.insn_cnt = ARRAY_SIZE(insns);
    attr.license = (uintptr_t) "Apache-2.0";
    snprintf(attr.prog_name, sizeof attr.prog_name, "ovsx_xsk");
    int fd = sys_bpf(BPF_PROG_LOAD, &attr);
    if (fd < 0 && log_size) {
        int error = errno;
        attr.log_level = 1;
        attr.log_buf = (uintptr_t) log;
        attr.log_size = log_size;
        log[0] = '\0';
        int fd2 = sys_bpf(BPF_PROG_LOAD, &attr);
        if (fd2 >= 0) {
            close(fd2);         /* Not expected: it failed a moment ago. */
        }
        last_log_line(log);
        errno = error;
    }
    return fd;
}

/* Attaches "prog_fd" to device "ifindex" by a BPF link, in the driver
 * ("native") or not.  Returns the link's fd or -1. */
static int
attach_xdp(int prog_fd, int ifindex, bool native)
{
    union bpf_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.link_create.prog_fd = prog_fd;
    attr.link_create.target_ifindex = ifindex;
    attr.link_create.attach_type = BPF_XDP;
    attr.link_create.flags = native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
    return sys_bpf(BPF_LINK_CREATE, &attr);
}

/* Puts socket "xsk_fd" into "map_fd" for queue 0.  Returns 0 or -1. */
static int
xskmap_set(int map_fd, int xsk_fd)
{
    uint32_t key = 0, value = xsk_fd;
    union bpf_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.map_fd = map_fd;
    attr.key = (uintptr_t) &key;
    attr.value = (uintptr_t) &value;
    attr.flags = BPF_ANY;
    return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static void
xring_unmap(struct xring *r)
{
    if (r->map) {
        munmap(r->map, r->map_len);
    }
    memset(r, 0, sizeof *r);
}

static void
unmap_rings(struct netdev_afxdp *dev)
{
    xring_unmap(&dev->rx);
    xring_unmap(&dev->fill);
    xring_unmap(&dev->tx);
    xring_unmap(&dev->comp);
}

/* Maps the ring of "fd" at "pgoff" whose offsets are "off" and whose
 * entries are "entry_size" bytes.  Returns 0 or -1. */
static int
xring_map(struct xring *r, int fd, const struct xdp_ring_offset *off,
          off_t pgoff, size_t entry_size)
{
    r->map_len = off->desc + RING_SIZE * entry_size;
    r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_POPULATE, fd, pgoff);
    if (r->map == MAP_FAILED) {
        r->map = NULL;
        return -1;
    }
    uint8_t *base = r->map;
    r->producer = (uint32_t *) (base + off->producer);
    r->consumer = (uint32_t *) (base + off->consumer);
    r->flags = (uint32_t *) (base + off->flags);
    r->entries = base + off->desc;
    r->local = 0;
    return 0;
}

/* Closes what is open of "dev"'s socket and program; the device is left
 * as it was before (the link's end detaches the program). */
static void
afxdp_close(struct netdev_afxdp *dev)
{
    if (dev->link_fd >= 0) {
        close(dev->link_fd);
    }
    if (dev->xsk_fd >= 0) {
        close(dev->xsk_fd);
    }
    unmap_rings(dev);
    if (dev->umem) {
        munmap(dev->umem, UMEM_SIZE);
    }
    if (dev->prog_fd >= 0) {
        close(dev->prog_fd);
    }
    if (dev->map_fd >= 0) {
        close(dev->map_fd);
    }
    dev->link_fd = dev->xsk_fd = dev->prog_fd = dev->map_fd = -1;
    dev->umem = NULL;
    dev->n_tx_free = dev->tx_unpublished = 0;
}

/* Opens "dev"'s AF_XDP socket on its UMEM (already mapped), maps the
 * rings, gives the kernel the receive frames and binds to queue 0 with
 * "bind_flags".  Returns 0 or a positive errno, and leaves no socket
 * open on error. */
static int
xsk_open(struct netdev_afxdp *dev, uint16_t bind_flags)
{
    struct xdp_umem_reg reg = {
        .addr = (uintptr_t) dev->umem,
        .len = UMEM_SIZE,
        .chunk_size = FRAME_SIZE,
    };
    unsigned int ring_size = RING_SIZE;
    struct xdp_mmap_offsets off;
    socklen_t off_len = sizeof off;
    int error;

    int fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    dev->xsk_fd = fd;
    if (setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof reg) < 0
        || setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &ring_size,
                      sizeof ring_size) < 0
        || setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ring_size,
                      sizeof ring_size) < 0
        || setsockopt(fd, SOL_XDP, XDP_RX_RING, &ring_size,
                      sizeof ring_size) < 0
        || setsockopt(fd, SOL_XDP, XDP_TX_RING, &ring_size,
                      sizeof ring_size) < 0
        || getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &off_len) < 0
        || xring_map(&dev->rx, fd, &off.rx, XDP_PGOFF_RX_RING,
                     sizeof(struct xdp_desc)) < 0
        || xring_map(&dev->tx, fd, &off.tx, XDP_PGOFF_TX_RING,
                     sizeof(struct xdp_desc)) < 0
        || xring_map(&dev->fill, fd, &off.fr, XDP_UMEM_PGOFF_FILL_RING,
                     sizeof(uint64_t)) < 0
        || xring_map(&dev->comp, fd, &off.cr, XDP_UMEM_PGOFF_COMPLETION_RING,
                     sizeof(uint64_t)) < 0) {
        goto error;
    }

    uint64_t *fill = dev->fill.entries;
    for (uint32_t i = 0; i < RX_FRAMES; i++) {
        fill[i] = (uint64_t) i * FRAME_SIZE;
    }
    dev->fill.local = RX_FRAMES;
    __atomic_store_n(dev->fill.producer, RX_FRAMES, __ATOMIC_RELEASE);
    dev->n_tx_free = 0;
    for (uint32_t i = 0; i < TX_FRAMES; i++) {
        dev->tx_free[dev->n_tx_free++] = (uint64_t) (RX_FRAMES + i)
                                         * FRAME_SIZE;
    }
    dev->tx_unpublished = 0;

    struct sockaddr_xdp sxdp = {
        .sxdp_family = AF_XDP,
        .sxdp_flags = bind_flags | (dev->need_wakeup
                                    ? XDP_USE_NEED_WAKEUP : 0),
        .sxdp_ifindex = dev->up.ifindex,
        .sxdp_queue_id = 0,
    };
    /* A socket closed a moment ago lets go of the queue a little later
     * (the kernel frees its UMEM from a work queue). */
    for (int tries = 0; bind(fd, (struct sockaddr *) &sxdp, sizeof sxdp) < 0;
         tries++) {
        if (errno != EBUSY || tries >= 100) {
            goto error;
        }
        usleep(10 * 1000);
    }
    return 0;

error:
    error = errno;
    close(fd);
    dev->xsk_fd = -1;
    unmap_rings(dev);
    return error;
}

/* The number of receive queues device "name" has, or 0 if unknown. */
static int
count_rx_queues(const char *name)
{
    char *path = xasprintf("/sys/class/net/%s/queues", name);
    DIR *dir = opendir(path);
    int n = 0;

    free(path);
    if (dir) {
        for (struct dirent *de; (de = readdir(dir)); ) {
            n += !strncmp(de->d_name, "rx-", 3);
        }
        closedir(dir);
    }
    return n;
}

/* Opens "dev" in its configured mode.  Returns NULL or an error message
 * for Interface.error; nothing stays open on error. */
static char *
afxdp_open(struct netdev_afxdp *dev)
{
    const char *name = dev->up.name;
    char log[4096];
    char *msg;

    dev->umem = mmap(NULL, UMEM_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (dev->umem == MAP_FAILED) {
        dev->umem = NULL;
        return xasprintf("%s: no memory for the AF_XDP frames (%s)", name,
                         strerror(errno));
    }
    dev->map_fd = create_xskmap();
    if (dev->map_fd < 0) {
        msg = xasprintf("%s: creating the XSKMAP failed (%s)", name,
                        strerror(errno));
        goto error;
    }
    dev->prog_fd = load_xdp_program(dev->map_fd, log, sizeof log);
    if (dev->prog_fd < 0) {
        msg = xasprintf("%s: loading the XDP program failed (%s%s%s)", name,
                        strerror(errno), log[0] ? ": " : "", log);
        goto error;
    }

    /* The program first, in the driver if the mode allows it: in
     * best-effort mode a device without XDP in its driver gets it
     * generic. */
    enum afxdp_mode mode = dev->mode;
    if (mode != AFXDP_GENERIC) {
        dev->link_fd = attach_xdp(dev->prog_fd, dev->up.ifindex, true);
        if (dev->link_fd < 0
            && (mode != AFXDP_BEST_EFFORT || errno != EOPNOTSUPP)) {
            msg = xasprintf("%s: attaching the XDP program in native mode "
                            "failed (%s)%s", name, strerror(errno),
                            errno == EBUSY || errno == EEXIST
                            ? ": the device has another XDP program" : "");
            goto error;
        }
        if (dev->link_fd < 0) {
            VLOG_INFO("%s: no native XDP (%s): using generic mode", name,
                      strerror(errno));
            mode = AFXDP_GENERIC;
        }
    }
    if (mode == AFXDP_GENERIC) {
        dev->link_fd = attach_xdp(dev->prog_fd, dev->up.ifindex, false);
        if (dev->link_fd < 0) {
            msg = xasprintf("%s: attaching the XDP program failed (%s)%s",
                            name, strerror(errno),
                            errno == EBUSY || errno == EEXIST
                            ? ": the device has another XDP program" : "");
            goto error;
        }
    }

    /* Then the socket: without copying frames where the driver can, in
     * best-effort mode; copying them otherwise. */
    int error = 0;
    if (mode == AFXDP_NATIVE_ZC || mode == AFXDP_BEST_EFFORT) {
        error = xsk_open(dev, XDP_ZEROCOPY);
        if (!error) {
            mode = AFXDP_NATIVE_ZC;
        } else if (mode == AFXDP_NATIVE_ZC) {
            msg = xasprintf("%s: the driver cannot do zero-copy AF_XDP "
                            "(%s)", name, strerror(error));
            goto error;
        } else {
            mode = AFXDP_NATIVE;
        }
    }
    if (mode == AFXDP_NATIVE || mode == AFXDP_GENERIC) {
        error = xsk_open(dev, XDP_COPY);
        if (error) {
            msg = xasprintf("%s: opening the AF_XDP socket failed (%s)",
                            name, strerror(error));
            goto error;
        }
    }
    if (xskmap_set(dev->map_fd, dev->xsk_fd) < 0) {
        msg = xasprintf("%s: putting the AF_XDP socket into the XSKMAP "
                        "failed (%s)", name, strerror(errno));
        goto error;
    }
    dev->mode_in_use = mode;
    VLOG_INFO("%s: AF_XDP socket on queue 0, xdp-mode %s", name,
              mode_names[mode]);
    if (dev->up.mtu > (int) MAX_MTU) {
        VLOG_WARN("%s: MTU %d: frames over %u bytes are dropped (an afxdp "
                  "port takes an MTU of up to %u)", name, dev->up.mtu,
                  MAX_FRAME_LEN, MAX_MTU);
    }
    int n_rxq = count_rx_queues(name);
    if (n_rxq > 1) {
        VLOG_WARN("%s: %d receive queues: ovsx reads queue 0 only, the "
                  "kernel gets the frames of the others (ethtool -L %s "
                  "combined 1)", name, n_rxq, name);
    }
    return NULL;

error:
    afxdp_close(dev);
    return msg;
}

/* Keeps "dev" promiscuous as long as ovsx has it: a packet socket that
 * receives nothing (protocol 0) and is a member of its promiscuous
 * group, which the kernel ends with the socket. */
static int
open_promisc(struct netdev_afxdp *dev)
{
    struct packet_mreq mreq = {
        .mr_ifindex = dev->up.ifindex,
        .mr_type = PACKET_MR_PROMISC,
    };
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        return errno;
    }
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                   sizeof mreq) < 0) {
        int error = errno;
        close(fd);
        return error;
    }
    dev->promisc_fd = fd;
    return 0;
}

static int
netdev_afxdp_construct(struct netdev *netdev)
{
    struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);

    dev->promisc_fd = dev->xsk_fd = dev->map_fd = -1;
    dev->prog_fd = dev->link_fd = -1;
    dev->need_wakeup = true;
    netdev->ifindex = if_nametoindex(netdev->name);
    if (!netdev->ifindex) {
        return ENODEV;
    }
    netdev_linux_read_attrs(netdev);
    return open_promisc(dev);
}

static void
netdev_afxdp_destruct(struct netdev *netdev)
{
    struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);

    afxdp_close(dev);
    if (dev->promisc_fd >= 0) {
        close(dev->promisc_fd);
    }
}

/* Reads "value" of option "key" as a mode into "*mode".  Returns NULL or
 * an error message. */
static char *
parse_mode(const struct netdev *netdev, const char *value,
           enum afxdp_mode *mode)
{
    for (size_t i = 0; i < ARRAY_SIZE(mode_names); i++) {
        if (!strcmp(value, mode_names[i])) {
            *mode = i;
            return NULL;
        }
    }
    return xasprintf("%s: xdp-mode \"%s\" is not one of best-effort, "
                     "native-with-zerocopy, native, generic", netdev->name,
                     value);
}

/* Applies "options".  A change of mode reopens the socket; a datapath
 * worker that reads the device waits meanwhile (the datapath's write
 * lock).  If the new mode does not open, nothing stays open: the bridge
 * takes a port with an error out of the datapath. */
static char *
netdev_afxdp_set_config(struct netdev *netdev, const struct smap *options)
{
    struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);
    enum afxdp_mode mode = AFXDP_BEST_EFFORT;
    bool need_wakeup = true;
    const struct smap_node *node;
    char *error = NULL;

    SMAP_FOR_EACH (node, options) {
        if (!strcmp(node->key, "xdp-mode")) {
            error = parse_mode(netdev, node->value, &mode);
        } else if (!strcmp(node->key, "use-need-wakeup")) {
            if (!strcmp(node->value, "true") || !strcmp(node->value, "false")) {
                need_wakeup = !strcmp(node->value, "true");
            } else {
                error = xasprintf("%s: use-need-wakeup \"%s\" is not true or "
                                  "false", netdev->name, node->value);
            }
        } else if (!strcmp(node->key, "n_rxq")) {
            if (strcmp(node->value, "1")) {
                error = xasprintf("%s: n_rxq %s: ovsx reads one queue "
                                  "(queue 0) of an afxdp port", netdev->name,
                                  node->value);
            }
        } else {
            error = xasprintf("%s: afxdp interface does not support option "
                              "'%s'", netdev->name, node->key);
        }
        if (error) {
            return error;
        }
    }
    if (dev->xsk_fd >= 0 && mode == dev->mode
        && need_wakeup == dev->need_wakeup) {
        return NULL;
    }

    bool live = netdev->dpif != NULL;
    if (live) {
        dp_lock_write();
    }
    afxdp_close(dev);
    if (live) {
        dp_workers_sync();      /* No worker polls the old socket now. */
    }
    dev->mode = mode;
    dev->need_wakeup = need_wakeup;
    error = afxdp_open(dev);
    if (live) {
        dp_unlock_write();
        dp_workers_wake();     /* To poll the new socket. */
    }
    return error;
}

/* Sets the device's MTU, up to what a frame of the UMEM holds. */
static int
netdev_afxdp_set_mtu(struct netdev *netdev, int mtu)
{
    return mtu > (int) MAX_MTU ? EINVAL : netdev_system_set_mtu(netdev, mtu);
}

/* For "dpif/show", as Open vSwitch prints an afxdp port. */
static void
netdev_afxdp_get_config(const struct netdev *netdev, struct smap *config)
{
    const struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);

    smap_add(config, "n_rxq", "1");
    smap_add(config, "use-need-wakeup", dev->need_wakeup ? "true" : "false");
    smap_add(config, "xdp-mode", mode_names[dev->mode]);
    if (dev->xsk_fd >= 0) {
        smap_add(config, "xdp-mode-in-use", mode_names[dev->mode_in_use]);
    }
}

/* The kernel's counters of the device, and what the socket and ovsx
 * dropped on the way. */
static int
netdev_afxdp_get_stats(const struct netdev *netdev,
                       struct netdev_stats *stats)
{
    const struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);

    netdev_system_get_stats(netdev, stats);
    if (dev->xsk_fd >= 0) {
        struct xdp_statistics st;
        socklen_t len = sizeof st;

        memset(&st, 0, sizeof st);
        if (!getsockopt(dev->xsk_fd, SOL_XDP, XDP_STATISTICS, &st, &len)) {
            /* A frame the fill ring had no room for is in rx_dropped
             * too. */
            stats->rx_dropped += st.rx_dropped + st.rx_ring_full;
            stats->rx_errors += st.rx_invalid_descs;
            stats->tx_errors += st.tx_invalid_descs;
        }
    }
    stats->tx_dropped += __atomic_load_n(&dev->tx_dropped, __ATOMIC_RELAXED);
    return 0;
}

/* Passes what the receive ring holds, up to a batch, to the datapath; the
 * frames go back on the fill ring as soon as they are copied. */
static void
netdev_afxdp_run(struct netdev *netdev)
{
    struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);

    if (dev->xsk_fd < 0) {
        return;
    }
    struct xring *rx = &dev->rx, *fill = &dev->fill;
    uint32_t avail = (__atomic_load_n(rx->producer, __ATOMIC_ACQUIRE)
                      - rx->local);
    uint32_t n = MIN(avail, DP_PACKET_BATCH_SIZE);
    if (!n) {
        return;
    }

    const struct xdp_desc *descs = rx->entries;
    uint64_t *frames = fill->entries;
    struct dp_packet_batch batch;
    dp_packet_batch_init(&batch);
    for (uint32_t i = 0; i < n; i++) {
        const struct xdp_desc *d = &descs[(rx->local + i) & RING_MASK];
        uint64_t frame = d->addr & ~(uint64_t) (FRAME_SIZE - 1);

        if (frame >= (uint64_t) RX_FRAMES * FRAME_SIZE) {
            /* Not one of ours: the kernel would never. */
            COVERAGE_INC(netdev_afxdp_rx_bad_desc);
            continue;
        } else if (d->addr - frame + d->len > FRAME_SIZE) {
            COVERAGE_INC(netdev_afxdp_rx_bad_desc);
            frames[fill->local++ & RING_MASK] = frame;
            continue;
        }
        struct dp_packet *packet = dp_packet_new(d->len, DP_PACKET_HEADROOM);
        dp_packet_put(packet, dev->umem + d->addr, d->len);
        dp_packet_batch_add(&batch, packet);
        frames[fill->local++ & RING_MASK] = frame;
    }
    rx->local += n;
    /* Release: the frames were read before the kernel may refill them. */
    __atomic_store_n(rx->consumer, rx->local, __ATOMIC_RELEASE);
    __atomic_store_n(fill->producer, fill->local, __ATOMIC_RELEASE);
    if (dev->need_wakeup
        && __atomic_load_n(fill->flags, __ATOMIC_RELAXED)
           & XDP_RING_NEED_WAKEUP) {
        recvfrom(dev->xsk_fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
    }
    netdev_received_batch(netdev, &batch);
}

static int
netdev_afxdp_get_rx_fd(const struct netdev *netdev)
{
    return netdev_afxdp_cast(netdev)->xsk_fd;
}

static void
netdev_afxdp_wait(const struct netdev *netdev)
{
    const struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);

    if (dev->xsk_fd >= 0) {
        poll_fd_wait(dev->xsk_fd, POLLIN);
    }
}

/* Takes back the frames the kernel has sent. */
static void
reclaim_tx_frames(struct netdev_afxdp *dev)
{
    struct xring *comp = &dev->comp;
    uint32_t prod = __atomic_load_n(comp->producer, __ATOMIC_ACQUIRE);
    const uint64_t *frames = comp->entries;

    if (prod == comp->local) {
        return;
    }
    for (; comp->local != prod && dev->n_tx_free < TX_FRAMES; comp->local++) {
        dev->tx_free[dev->n_tx_free++] = (frames[comp->local & RING_MASK]
                                          & ~(uint64_t) (FRAME_SIZE - 1));
    }
    __atomic_store_n(comp->consumer, comp->local, __ATOMIC_RELEASE);
}

/* Tells the kernel about the frames put on the transmit ring and has it
 * send them: in copy mode it sends only within sendto(), a few dozen at
 * a time. */
static void
netdev_afxdp_flush(struct netdev *netdev)
{
    struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);
    struct xring *tx = &dev->tx;

    if (dev->xsk_fd < 0) {
        return;
    }
    if (dev->tx_unpublished) {
        __atomic_store_n(tx->producer, tx->local, __ATOMIC_RELEASE);
        dev->tx_unpublished = 0;
    }
    uint32_t cons = __atomic_load_n(tx->consumer, __ATOMIC_ACQUIRE);
    if (cons == tx->local) {
        reclaim_tx_frames(dev);
        return;                 /* Nothing waits on the ring. */
    }
    if (dev->mode_in_use == AFXDP_NATIVE_ZC) {
        /* The driver sends by itself once woken, if it needs waking. */
        if (!dev->need_wakeup
            || __atomic_load_n(tx->flags, __ATOMIC_RELAXED)
               & XDP_RING_NEED_WAKEUP) {
            sendto(dev->xsk_fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
        }
    } else {
        /* Until the ring is empty or a call sends nothing more: EAGAIN
         * (a batch sent, more to go, or the socket's buffer full) and
         * EBUSY (the device's queue full) are worth another go only as
         * long as they make progress. */
        for (;;) {
            int error = (sendto(dev->xsk_fd, NULL, 0, MSG_DONTWAIT, NULL, 0)
                         < 0 ? errno : 0);
            uint32_t now = __atomic_load_n(tx->consumer, __ATOMIC_ACQUIRE);
            if (error && error != EAGAIN && error != EBUSY) {
                COVERAGE_INC(netdev_afxdp_tx_error);
                break;
            } else if (now == tx->local || now == cons) {
                break;
            }
            cons = now;
        }
    }
    reclaim_tx_frames(dev);
}

/* Copies "packet" into a free frame on the transmit ring; a batch of
 * them goes out at once, the rest at the next flush. */
static int
netdev_afxdp_send(struct netdev *netdev, const struct dp_packet *packet)
{
    struct netdev_afxdp *dev = netdev_afxdp_cast(netdev);
    size_t size = dp_packet_size(packet);

    if (dev->xsk_fd < 0) {
        return EBADF;
    }
    if (size > FRAME_SIZE || size < ETH_HLEN) {
        COVERAGE_INC(netdev_afxdp_tx_bad_len);
        __atomic_add_fetch(&dev->tx_dropped, 1, __ATOMIC_RELAXED);
        return EMSGSIZE;
    }
    if (!dev->n_tx_free) {
        reclaim_tx_frames(dev);
        if (!dev->n_tx_free) {
            netdev_afxdp_flush(netdev);
        }
        if (!dev->n_tx_free) {
            COVERAGE_INC(netdev_afxdp_tx_no_frame);
            __atomic_add_fetch(&dev->tx_dropped, 1, __ATOMIC_RELAXED);
            return ENOBUFS;
        }
    }
    uint64_t frame = dev->tx_free[--dev->n_tx_free];
    memcpy(dev->umem + frame, dp_packet_data(packet), size);
    struct xdp_desc *d = dev->tx.entries;
    d[dev->tx.local++ & RING_MASK] = (struct xdp_desc) {
        .addr = frame,
        .len = size,
    };
    if (++dev->tx_unpublished >= DP_PACKET_BATCH_SIZE) {
        netdev_afxdp_flush(netdev);
    }
    return 0;
}

const struct netdev_class netdev_afxdp_class = {
    .type = "afxdp",
    .size = sizeof(struct netdev_afxdp),
    .construct = netdev_afxdp_construct,
    .destruct = netdev_afxdp_destruct,
    .set_config = netdev_afxdp_set_config,
    .get_config = netdev_afxdp_get_config,
    .get_status = netdev_system_get_status,
    .get_stats = netdev_afxdp_get_stats,
    .get_carrier = netdev_system_get_carrier,
    .get_admin_up = netdev_system_get_admin_up,
    .set_mtu = netdev_afxdp_set_mtu,
    .run = netdev_afxdp_run,
    .wait = netdev_afxdp_wait,
    .get_rx_fd = netdev_afxdp_get_rx_fd,
    .send = netdev_afxdp_send,
    .flush = netdev_afxdp_flush,
    .refresh = netdev_linux_refresh,
};
