/* "system" ports: an existing kernel network device.
 *
 * The device's state comes from sysfs (address, carrier, administrative
 * state, MTU, counters), which is what the bridge reports in the
 * Interface row.  Packets move through an AF_PACKET socket bound to the
 * device, in promiscuous mode, with PACKET_VNET_HDR so that what a local
 * sender left to the hardware arrives complete: a partial checksum is
 * finished here, and an unsegmented TCP packet (TSO, GRO) keeps its
 * segmentation request to hand to the kernel of the port it leaves by.
 * Without that, TCP forwarded between veth devices arrives with bad
 * checksums; nobody should need "ethtool -K tx off".
 *
 * The socket receives into a ring (TPACKET_V2) that the kernel fills from
 * its receive path and ovsx reads without a system call per batch; a
 * frame too big for a slot of the ring (an unsegmented TCP packet, say)
 * comes whole through the socket's queue instead (PACKET_COPY_THRESH). */
#include <config.h>
#include "netdev.h"
#include "netdev-linux.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "coverage.h"
#include "csum.h"
#include "dp-packet.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_linux);

COVERAGE_DEFINE(netdev_linux_rx_bad_vnet_hdr);
COVERAGE_DEFINE(netdev_linux_rx_truncated);
COVERAGE_DEFINE(netdev_linux_tx_error);

static void netdev_system_flush(struct netdev *);

/* Packets a "system" port has to send, sent together by one sendmmsg():
 * copies into slots of TXQ_SLOT_SIZE bytes, which are kept from batch to
 * batch (no allocation per packet).  Bigger packets are sent at once. */
#define TXQ_SLOT_SIZE 4096
struct netdev_linux_txq {
    int n;
    size_t len[DP_PACKET_BATCH_SIZE]; /* Bytes in each slot. */
    uint8_t data[DP_PACKET_BATCH_SIZE][TXQ_SLOT_SIZE]; /* Each a
                                                        * virtio_net_hdr,
                                                        * then the frame:
                                                        * one piece to
                                                        * send. */
};

/* The receive ring of a "system" port: RING_N_FRAMES slots of
 * RING_FRAME_SIZE bytes, each a struct tpacket2_hdr, room, the
 * virtio_net_hdr and the frame.  2 kB holds a frame of a 1500-byte MTU
 * with its headers; 1,024 of them (2 MB) hold a burst of small frames
 * four times as long as the socket's default buffer does. */
#define RING_FRAME_SIZE 2048
#define RING_BLOCK_SIZE (16 * RING_FRAME_SIZE)
#define RING_N_BLOCKS 64
#define RING_N_FRAMES (RING_N_BLOCKS * (RING_BLOCK_SIZE / RING_FRAME_SIZE))
#define RING_SIZE ((size_t) RING_N_BLOCKS * RING_BLOCK_SIZE)

struct netdev_linux {
    struct netdev up;
    int fd;                     /* AF_PACKET socket, or -1. */
    int ifindex;
    struct netdev_linux_txq *txq; /* "system" only. */
    uint8_t *ring;              /* Receive ring ("system"), or NULL. */
    unsigned int ring_next;     /* Slot the kernel fills after the last
                                 * one read. */
};

static struct netdev_linux *
netdev_linux_cast(const struct netdev *netdev)
{
    return (struct netdev_linux *) netdev;
}

/* Reads /sys/class/net/"name"/"attr" into "buf" without the newline.
 * Returns false if it cannot. */
static bool
read_sysfs(const char *name, const char *attr, char *buf, size_t size)
{
    char *path = xasprintf("/sys/class/net/%s/%s", name, attr);
    FILE *f = fopen(path, "r");
    bool ok = false;

    free(path);
    buf[0] = '\0';
    if (f) {
        ok = fgets(buf, size, f) != NULL;
        fclose(f);
        if (ok) {
            buf[strcspn(buf, "\n")] = '\0';
        } else {
            buf[0] = '\0';     /* e.g. "carrier" of a device that is down. */
        }
    }
    return ok;
}

static uint64_t
read_counter(const char *name, const char *counter)
{
    char attr[64], buf[32];

    snprintf(attr, sizeof attr, "statistics/%s", counter);
    return read_sysfs(name, attr, buf, sizeof buf) ? strtoull(buf, NULL, 10)
                                                   : 0;
}

/* Gives "dev"'s socket a receive ring, before it is bound: frames then
 * reach the ring, and only those too big for a slot the socket's queue.
 * Without one (the kernel refused it), frames are received by
 * recvmmsg(), which is slower but the same. */
static void
setup_rx_ring(struct netdev_linux *dev)
{
    struct tpacket_req req = {
        .tp_block_size = RING_BLOCK_SIZE,
        .tp_block_nr = RING_N_BLOCKS,
        .tp_frame_size = RING_FRAME_SIZE,
        .tp_frame_nr = RING_N_FRAMES,
    };
    int version = TPACKET_V2;
    int one = 1;

    if (setsockopt(dev->fd, SOL_PACKET, PACKET_VERSION, &version,
                   sizeof version) < 0
        || setsockopt(dev->fd, SOL_PACKET, PACKET_COPY_THRESH, &one,
                      sizeof one) < 0
        || setsockopt(dev->fd, SOL_PACKET, PACKET_RX_RING, &req,
                      sizeof req) < 0) {
        VLOG_WARN("%s: no receive ring (%s): receiving by recvmmsg()",
                  dev->up.name, strerror(errno));
        return;
    }
    void *ring = mmap(NULL, RING_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
                      dev->fd, 0);
    if (ring == MAP_FAILED) {
        struct tpacket_req none;

        VLOG_WARN("%s: mapping the receive ring failed (%s): receiving by "
                  "recvmmsg()", dev->up.name, strerror(errno));
        memset(&none, 0, sizeof none);
        setsockopt(dev->fd, SOL_PACKET, PACKET_RX_RING, &none, sizeof none);
        return;
    }
    dev->ring = ring;
    dev->ring_next = 0;
}

static void
close_socket(struct netdev_linux *dev)
{
    if (dev->ring) {
        munmap(dev->ring, RING_SIZE);
        dev->ring = NULL;
    }
    if (dev->fd >= 0) {
        close(dev->fd);
        dev->fd = -1;
    }
}

/* The slot of "dev"'s ring to read next, if the kernel has filled it. */
static struct tpacket2_hdr *
ring_frame(const struct netdev_linux *dev)
{
    struct tpacket2_hdr *h = (void *) (dev->ring + (size_t) dev->ring_next
                                                   * RING_FRAME_SIZE);

    /* Acquire: the frame is read only after its status says it is ours. */
    return (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER
            ? h : NULL);
}

/* Gives slot "h" of "dev"'s ring back to the kernel. */
static void
ring_release(struct netdev_linux *dev, struct tpacket2_hdr *h)
{
    __atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
    dev->ring_next = (dev->ring_next + 1) % RING_N_FRAMES;
}

/* Opens the AF_PACKET socket of "dev".  Returns 0 or a positive errno. */
static int
open_socket(struct netdev_linux *dev)
{
    int one = 1;
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    htons(ETH_P_ALL));
    if (fd < 0) {
        return errno;
    }

    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ETH_P_ALL),
        .sll_ifindex = dev->ifindex,
    };
    struct packet_mreq mreq = {
        .mr_ifindex = dev->ifindex,
        .mr_type = PACKET_MR_PROMISC,
    };
    if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one) < 0
        || setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0
        || setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
                      sizeof one) < 0) {
        int error = errno;
        close(fd);
        return error;
    }
    dev->fd = fd;
    setup_rx_ring(dev);
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0
        || setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                      sizeof mreq) < 0) {
        int error = errno;
        close_socket(dev);
        return error;
    }
    return 0;
}

/* The socket or TAP file a datapath worker waits on. */
static int
netdev_linux_get_rx_fd(const struct netdev *netdev)
{
    return netdev_linux_cast(netdev)->fd;
}

/* Takes the device's address and MTU from sysfs again (someone may have
 * changed them with "ip link set"): tells the upper layers if they
 * changed, since tunnel translation sizes packets by the MTU. */
void
netdev_linux_refresh(struct netdev *netdev)
{
    struct eth_addr mac = netdev->mac;
    int mtu = netdev->mtu;

    netdev_linux_read_attrs(netdev);
    if (mtu != netdev->mtu || !eth_addr_equals(mac, netdev->mac)) {
        netdev_changed(netdev);
    }
}

/* Takes the device's address and MTU from sysfs. */
void
netdev_linux_read_attrs(struct netdev *netdev)
{
    char buf[64];

    if (read_sysfs(netdev->name, "address", buf, sizeof buf)) {
        eth_addr_from_string(buf, &netdev->mac);
    }
    if (read_sysfs(netdev->name, "mtu", buf, sizeof buf)) {
        netdev->mtu = atoi(buf);
    }
}

static int
netdev_system_construct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    dev->fd = -1;
    dev->ifindex = if_nametoindex(netdev->name);
    if (!dev->ifindex) {
        return ENODEV;
    }
    netdev->ifindex = dev->ifindex;
    int error = open_socket(dev);
    if (error) {
        return error;
    }
    netdev_linux_read_attrs(netdev);
    return 0;
}

int
netdev_system_get_stats(const struct netdev *netdev,
                        struct netdev_stats *stats)
{
    stats->rx_packets = read_counter(netdev->name, "rx_packets");
    stats->rx_bytes = read_counter(netdev->name, "rx_bytes");
    stats->rx_errors = read_counter(netdev->name, "rx_errors");
    stats->rx_dropped = read_counter(netdev->name, "rx_dropped");
    stats->tx_packets = read_counter(netdev->name, "tx_packets");
    stats->tx_bytes = read_counter(netdev->name, "tx_bytes");
    stats->tx_errors = read_counter(netdev->name, "tx_errors");
    stats->tx_dropped = read_counter(netdev->name, "tx_dropped");
    stats->collisions = read_counter(netdev->name, "collisions");
    return 0;
}

bool
netdev_system_get_carrier(const struct netdev *netdev)
{
    char buf[16];

    return (read_sysfs(netdev->name, "carrier", buf, sizeof buf)
            && !strcmp(buf, "1"));
}

bool
netdev_system_get_admin_up(const struct netdev *netdev)
{
    char buf[32];

    return (read_sysfs(netdev->name, "flags", buf, sizeof buf)
            && (strtoul(buf, NULL, 0) & IFF_UP));
}

void
netdev_system_get_status(const struct netdev *netdev, struct smap *status)
{
    char buf[256];
    char *link = xasprintf("/sys/class/net/%s/device/driver", netdev->name);
    ssize_t n = readlink(link, buf, sizeof buf - 1);

    free(link);
    if (n > 0) {
        buf[n] = '\0';
        const char *slash = strrchr(buf, '/');
        smap_add(status, "driver_name", slash ? slash + 1 : buf);
    }
}

static void
netdev_system_destruct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    if (dev->txq) {
        netdev_system_flush(netdev);
        free(dev->txq);
    }
    close_socket(dev);
}

/* Turns "system" netdev "netdev" into a tap for the tunnels on a device
 * the host owns: no promiscuous mode, and only what "filter" (classic
 * BPF) passes is received; what was queued before is thrown away.
 * Returns 0 or a positive errno. */
int
netdev_system_tap(struct netdev *netdev, const struct sock_fprog *filter)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct packet_mreq mreq = {
        .mr_ifindex = dev->ifindex,
        .mr_type = PACKET_MR_PROMISC,
    };
    uint8_t buf[1];

    if (netdev->class != &netdev_system_class || dev->fd < 0) {
        return EINVAL;
    }
    if (setsockopt(dev->fd, SOL_SOCKET, SO_ATTACH_FILTER, filter,
                   sizeof *filter) < 0) {
        return errno;
    }
    /* Not a member any more: an error only means it was not one. */
    setsockopt(dev->fd, SOL_PACKET, PACKET_DROP_MEMBERSHIP, &mreq,
               sizeof mreq);
    if (dev->ring) {
        for (struct tpacket2_hdr *h; (h = ring_frame(dev)); ) {
            if (h->tp_status & TP_STATUS_COPY) {
                recv(dev->fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC);
            }
            ring_release(dev, h);
        }
    } else {
        while (recv(dev->fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC)
               >= 0) {
            continue;
        }
    }
    return 0;
}

/* Issues ioctl "request" with "ifr" (its name set here) for "netdev".
 * Returns 0 or an errno value. */
static int
device_ioctl(const struct netdev *netdev, unsigned long request,
             struct ifreq *ifr)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int error = 0;

    if (fd < 0) {
        return errno;
    }
    snprintf(ifr->ifr_name, sizeof ifr->ifr_name, "%s", netdev->name);
    if (ioctl(fd, request, ifr) < 0) {
        error = errno;
    }
    close(fd);
    return error;
}

/* Sets the device's MTU with SIOCSIFMTU. */
int
netdev_system_set_mtu(struct netdev *netdev, int mtu)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_mtu = mtu;
    int error = device_ioctl(netdev, SIOCSIFMTU, &ifr);
    if (!error) {
        netdev->mtu = mtu;
    }
    return error;
}

/* Sets the device's Ethernet address with SIOCSIFHWADDR. */
static int
netdev_system_set_mac(struct netdev *netdev, struct eth_addr mac)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, mac.ea, ETH_ADDR_LEN);
    return device_ioctl(netdev, SIOCSIFHWADDR, &ifr);
}

/* Completes the checksum the sender left partial: the field at
 * "csum_start" + "csum_offset" holds the pseudo-header sum, the rest is
 * the ones' complement sum from "csum_start" to the end. */
static bool
finish_csum(uint8_t *data, size_t len, size_t start, size_t offset)
{
    if (start + offset + 2 > len) {
        return false;
    }
    be16 sum = csum(data + start, len - start);
    if (!sum && offset == 6) {
        sum = 0xffff;           /* UDP (RFC 768): zero means none. */
    }
    memcpy(data + start + offset, &sum, sizeof sum);
    return true;
}

/* Puts back the VLAN tag the kernel took off into auxiliary data. */
static void
restore_vlan(struct dp_packet *packet, const struct tpacket_auxdata *aux)
{
    uint8_t *data = dp_packet_data(packet);
    be16 tpid = htons(aux->tp_status & TP_STATUS_VLAN_TPID_VALID
                      ? aux->tp_vlan_tpid : ETH_TYPE_VLAN_8021Q);
    be16 tci = htons(aux->tp_vlan_tci);

    if (dp_packet_size(packet) < 2 * ETH_ADDR_LEN) {
        return;
    }
    uint8_t *new = dp_packet_push_uninit(packet, 4);
    memmove(new, data, 2 * ETH_ADDR_LEN);
    memcpy(new + 2 * ETH_ADDR_LEN, &tpid, 2);
    memcpy(new + 2 * ETH_ADDR_LEN + 2, &tci, 2);
    if (packet->gso.type) {
        packet->gso.hdr_len += 4;
        packet->gso.csum_start += 4;
    }
}

/* Turns "n" bytes received at "buf" (a virtio_net_hdr, then the frame)
 * into a packet, or returns NULL (counted) if the header is bad. */
static struct dp_packet *
packet_from_vnet(const uint8_t *buf, size_t n)
{
    struct virtio_net_hdr vnet;

    if (n < sizeof vnet) {
        return NULL;
    }
    memcpy(&vnet, buf, sizeof vnet);
    const uint8_t *frame = buf + sizeof vnet;
    size_t len = n - sizeof vnet;

    struct dp_packet *packet = dp_packet_new(len + 4, DP_PACKET_HEADROOM);
    dp_packet_put(packet, frame, len);
    if (vnet.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
        packet->gso = (struct dp_packet_gso) {
            .type = vnet.gso_type,
            .size = vnet.gso_size,
            .hdr_len = vnet.hdr_len,
            .csum_start = vnet.csum_start,
            .csum_offset = vnet.csum_offset,
        };
    } else if (vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM
               && !finish_csum(dp_packet_data(packet), len, vnet.csum_start,
                               vnet.csum_offset)) {
        COVERAGE_INC(netdev_linux_rx_bad_vnet_hdr);
        dp_packet_delete(packet);
        return NULL;
    }
    return packet;
}

/* The virtio_net_hdr that asks the kernel to finish "packet". */
static void
vnet_from_packet(const struct dp_packet *packet, struct virtio_net_hdr *vnet)
{
    memset(vnet, 0, sizeof *vnet);
    if (packet->gso.type) {
        vnet->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
        vnet->gso_type = packet->gso.type;
        vnet->gso_size = packet->gso.size;
        vnet->hdr_len = packet->gso.hdr_len;
        vnet->csum_start = packet->gso.csum_start;
        vnet->csum_offset = packet->gso.csum_offset;
    }
}

/* A received frame at most, behind its vnet header. */
#define RX_BUF_SIZE (sizeof(struct virtio_net_hdr) + 65536)

static pthread_key_t rx_buf_key;
static pthread_once_t rx_buf_once = PTHREAD_ONCE_INIT;

static void
rx_buf_init(void)
{
    pthread_key_create(&rx_buf_key, free);
}

/* This thread's receive buffers, a batch of them: datapath workers
 * receive at the same time as each other and the main thread. */
static uint8_t (*rx_bufs(void))[RX_BUF_SIZE]
{
    pthread_once(&rx_buf_once, rx_buf_init);
    void *bufs = pthread_getspecific(rx_buf_key);
    if (!bufs) {
        bufs = xmalloc(DP_PACKET_BATCH_SIZE * RX_BUF_SIZE);
        pthread_setspecific(rx_buf_key, bufs);
    }
    return bufs;
}

/* Receives up to "max" (at most a batch) packets from the socket's queue
 * and passes them on. */
static void
system_recv(struct netdev *netdev, int max)
{
    /* One recvmmsg() takes up to a batch of packets, each with its vnet
     * header and auxiliary data (the VLAN tag the kernel kept aside). */
    uint8_t (*bufs)[RX_BUF_SIZE] = rx_bufs();
    static __thread union {
        struct cmsghdr cmsg;
        char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } cmsg_bufs[DP_PACKET_BATCH_SIZE];
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct mmsghdr msgs[DP_PACKET_BATCH_SIZE];
    struct iovec iovs[DP_PACKET_BATCH_SIZE];

    memset(msgs, 0, max * sizeof *msgs);
    for (int i = 0; i < max; i++) {
        iovs[i].iov_base = bufs[i];
        iovs[i].iov_len = RX_BUF_SIZE;
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_control = &cmsg_bufs[i];
        msgs[i].msg_hdr.msg_controllen = sizeof cmsg_bufs[i];
    }

    int n = recvmmsg(dev->fd, msgs, max, MSG_DONTWAIT, NULL);
    struct dp_packet_batch batch;
    dp_packet_batch_init(&batch);
    for (int i = 0; i < n; i++) {
        struct msghdr *msg = &msgs[i].msg_hdr;
        struct dp_packet *packet = packet_from_vnet(bufs[i], msgs[i].msg_len);
        if (!packet) {
            continue;
        }
        for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c;
             c = CMSG_NXTHDR(msg, c)) {
            if (c->cmsg_level == SOL_PACKET
                && c->cmsg_type == PACKET_AUXDATA
                && c->cmsg_len >= CMSG_LEN(sizeof(struct tpacket_auxdata))) {
                const struct tpacket_auxdata *aux = (void *) CMSG_DATA(c);
                if (aux->tp_status & TP_STATUS_VLAN_VALID) {
                    restore_vlan(packet, aux);
                }
            }
        }
        dp_packet_batch_add(&batch, packet);
    }
    netdev_received_batch(netdev, &batch);
}

/* Turns slot "h" of a ring into a packet, or returns NULL (counted). */
static struct dp_packet *
packet_from_ring(const struct tpacket2_hdr *h)
{
    if (h->tp_snaplen < h->tp_len
        || h->tp_mac < sizeof(struct virtio_net_hdr)
        || h->tp_mac + h->tp_snaplen > RING_FRAME_SIZE) {
        /* Too big for a slot, and the socket's queue was full: the kernel
         * kept only its head. */
        COVERAGE_INC(netdev_linux_rx_truncated);
        return NULL;
    }

    /* The kernel puts the virtio_net_hdr right before the frame. */
    const uint8_t *vnet = ((const uint8_t *) h + h->tp_mac
                           - sizeof(struct virtio_net_hdr));
    struct dp_packet *packet = packet_from_vnet(
        vnet, sizeof(struct virtio_net_hdr) + h->tp_snaplen);
    if (packet && h->tp_status & TP_STATUS_VLAN_VALID) {
        struct tpacket_auxdata aux = {
            .tp_status = h->tp_status,
            .tp_vlan_tci = h->tp_vlan_tci,
            .tp_vlan_tpid = h->tp_vlan_tpid,
        };
        restore_vlan(packet, &aux);
    }
    return packet;
}

/* Receives up to a batch of packets and passes them on. */
static void
netdev_system_run(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    if (dev->fd < 0) {
        return;
    } else if (!dev->ring) {
        system_recv(netdev, DP_PACKET_BATCH_SIZE);
        return;
    }

    struct tpacket2_hdr *h = ring_frame(dev);
    if (!h) {
        /* Nothing in the ring: perhaps the device went down, which leaves
         * an error on the socket (poll() says so until it is read) that
         * the next send would fail with instead. */
        int error;
        socklen_t len = sizeof error;
        getsockopt(dev->fd, SOL_SOCKET, SO_ERROR, &error, &len);
        return;
    }
    /* The frames go to the datapath as one batch, and the slots back to
     * the kernel as soon as they are copied. */
    struct dp_packet_batch batch;
    dp_packet_batch_init(&batch);
    for (int i = 0; i < DP_PACKET_BATCH_SIZE && h; i++, h = ring_frame(dev)) {
        if (h->tp_status & TP_STATUS_COPY) {
            /* Too big for a slot: the kernel queued it whole on the
             * socket, in the same order, after what came before. */
            netdev_received_batch(netdev, &batch);
            system_recv(netdev, 1);
        } else {
            struct dp_packet *packet = packet_from_ring(h);
            if (packet) {
                dp_packet_batch_add(&batch, packet);
            }
        }
        ring_release(dev, h);
    }
    netdev_received_batch(netdev, &batch);
}

static void
netdev_system_wait(const struct netdev *netdev)
{
    const struct netdev_linux *dev = netdev_linux_cast(netdev);

    if (dev->fd >= 0) {
        poll_fd_wait(dev->fd, POLLIN);
    }
}

/* Sends "packet", behind the virtio_net_hdr that carries the
 * segmentation request it came with, if any.  Both the AF_PACKET socket of
 * a system port and the file of a TAP device take it the same way. */
static int
netdev_linux_send(struct netdev *netdev, const struct dp_packet *packet)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct virtio_net_hdr vnet;

    vnet_from_packet(packet, &vnet);
    struct iovec iov[2] = {
        { &vnet, sizeof vnet },
        { dp_packet_data(packet), dp_packet_size(packet) },
    };
    if (writev(dev->fd, iov, 2) < 0) {
        COVERAGE_INC(netdev_linux_tx_error);
        return errno;
    }
    return 0;
}

/* Sends the queued packets of "netdev", as many as sendmmsg() takes in
 * one call each time. */
static void
netdev_system_flush(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct netdev_linux_txq *q = dev->txq;
    struct mmsghdr msgs[DP_PACKET_BATCH_SIZE];
    struct iovec iovs[DP_PACKET_BATCH_SIZE];

    if (!q || !q->n) {
        return;
    }
    memset(msgs, 0, q->n * sizeof msgs[0]);
    for (int i = 0; i < q->n; i++) {
        iovs[i].iov_base = q->data[i];
        iovs[i].iov_len = q->len[i];
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    for (int sent = 0; sent < q->n; ) {
        int n = sendmmsg(dev->fd, &msgs[sent], q->n - sent, 0);
        if (n <= 0) {
            /* The first one failed: count it and go on with the rest. */
            COVERAGE_INC(netdev_linux_tx_error);
            sent++;
        } else {
            sent += n;
        }
    }
    q->n = 0;
}

/* Queues a copy of "packet" for the next flush (at the latest when the
 * main loop goes to sleep). */
static int
netdev_system_send(struct netdev *netdev, const struct dp_packet *packet)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    if (dev->fd < 0) {
        COVERAGE_INC(netdev_linux_tx_error);
        return EBADF;
    }
    if (packet->gso.type || (dp_packet_size(packet)
                             > TXQ_SLOT_SIZE - sizeof(struct virtio_net_hdr))) {
        /* A large segment: copying it costs more than the system call it
         * would share.  What is queued goes first, to keep the order. */
        netdev_system_flush(netdev);
        return netdev_linux_send(netdev, packet);
    }
    if (!dev->txq) {
        dev->txq = xzalloc(sizeof *dev->txq);
    }
    if (dev->txq->n >= DP_PACKET_BATCH_SIZE) {
        netdev_system_flush(netdev);
    }
    struct netdev_linux_txq *q = dev->txq;
    struct virtio_net_hdr vnet;
    vnet_from_packet(packet, &vnet);
    memcpy(q->data[q->n], &vnet, sizeof vnet);
    memcpy(q->data[q->n] + sizeof vnet, dp_packet_data(packet),
           dp_packet_size(packet));
    q->len[q->n] = sizeof vnet + dp_packet_size(packet);
    q->n++;
    return 0;
}

const struct netdev_class netdev_system_class = {
    .type = "system",
    .size = sizeof(struct netdev_linux),
    .construct = netdev_system_construct,
    .destruct = netdev_system_destruct,
    .run = netdev_system_run,
    .get_rx_fd = netdev_linux_get_rx_fd,
    .refresh = netdev_linux_refresh,
    .wait = netdev_system_wait,
    .send = netdev_system_send,
    .flush = netdev_system_flush,
    .can_gso = true,
    .set_mtu = netdev_system_set_mtu,
    .get_stats = netdev_system_get_stats,
    .get_carrier = netdev_system_get_carrier,
    .get_admin_up = netdev_system_get_admin_up,
    .get_status = netdev_system_get_status,
};

/* ---------------------------------------------------------------------
 * "tap": the bridge's own port on the netdev datapath, a TAP device of the
 * bridge's name in the daemon's network namespace, as Open vSwitch makes
 * it.  Like Open vSwitch, ovsx leaves it administratively down until the
 * user brings it up.
 * --------------------------------------------------------------------- */

static int
netdev_tap_construct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);
    struct ifreq ifr;

    dev->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (dev->fd < 0) {
        return errno;
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", netdev->name);
    if (ioctl(dev->fd, TUNSETIFF, &ifr) < 0) {
        int error = errno;
        close(dev->fd);
        dev->fd = -1;
        return error;
    }
    /* Persistent, as Open vSwitch makes it: the device, and the address a
     * user gave it, outlive a restart of the daemon; removing the port
     * removes the device. */
    if (ioctl(dev->fd, TUNSETPERSIST, 1) < 0) {
        VLOG_WARN("%s: making the TAP device persistent failed (%s)",
                  netdev->name, strerror(errno));
    }
    dev->ifindex = if_nametoindex(netdev->name);
    netdev->ifindex = dev->ifindex;
    netdev_linux_read_attrs(netdev);
    return 0;
}

static void
netdev_tap_run(struct netdev *netdev)
{
    uint8_t *buf = rx_bufs()[0];
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    struct dp_packet_batch batch;
    dp_packet_batch_init(&batch);
    for (int i = 0; i < DP_PACKET_BATCH_SIZE; i++) {
        ssize_t n = read(dev->fd, buf, RX_BUF_SIZE);
        if (n < 0) {
            break;
        }
        struct dp_packet *packet = packet_from_vnet(buf, n);
        if (packet) {
            dp_packet_batch_add(&batch, packet);
        }
    }
    netdev_received_batch(netdev, &batch);
}

/* Whether TAP devices stay when closed: true while the daemon exits
 * without --cleanup. */
static bool keep_taps;

void
netdev_linux_keep_taps(bool keep)
{
    keep_taps = keep;
}

static void
netdev_tap_destruct(struct netdev *netdev)
{
    struct netdev_linux *dev = netdev_linux_cast(netdev);

    if (dev->fd >= 0 && !keep_taps) {
        ioctl(dev->fd, TUNSETPERSIST, 0);
    }
    netdev_system_destruct(netdev);
}

const struct netdev_class netdev_tap_class = {
    .type = "tap",
    .size = sizeof(struct netdev_linux),
    .construct = netdev_tap_construct,
    .destruct = netdev_tap_destruct,
    .run = netdev_tap_run,
    .get_rx_fd = netdev_linux_get_rx_fd,
    .refresh = netdev_linux_refresh,
    .wait = netdev_system_wait,
    .send = netdev_linux_send,
    .can_gso = true,
    .set_mtu = netdev_system_set_mtu,
    .set_mac = netdev_system_set_mac,
    .get_stats = netdev_system_get_stats,
    .get_carrier = netdev_system_get_carrier,
    .get_admin_up = netdev_system_get_admin_up,
};
