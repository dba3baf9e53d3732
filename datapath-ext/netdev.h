/* Network devices: the ports of a bridge, whatever is behind them.
 *
 * A netdev is opened by name and type ("dummy", "system", "tap",
 * "geneve", ...); its class (a netdev provider) does the work.  What the
 * bridge layer needs from every port is here: configuration from
 * Interface.options, the columns it reports back (MAC, link and admin
 * state, status, statistics), and a way to send and receive packets.
 *
 * Tunnel ports do no packet I/O yet: that is the userspace datapath's
 * native tunnelling. */
#ifndef NETDEV_H
#define NETDEV_H 1

#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"
#include "packets.h"
#include "smap.h"

struct dp_packet;
struct dpif;

/* Counters, as Interface.statistics names them. */
struct netdev_stats {
    uint64_t rx_packets, rx_bytes, rx_errors, rx_dropped;
    uint64_t tx_packets, tx_bytes, tx_errors, tx_dropped;
    uint64_t collisions;
};

struct netdev {
    char *name;                     /* Interface.name. */
    const struct netdev_class *class;
    struct hmap_node node;          /* In the table of open netdevs. */
    struct smap config;             /* Options as last applied. */
    bool configured;                /* "config" has been applied. */
    bool admin_up;                  /* Administratively up. */
    struct eth_addr mac;            /* Address in use. */
    struct netdev_stats stats;      /* For providers that count here. */
    int mtu;                        /* 0 if the device has none. */
    int ifindex;                    /* Kernel ifindex, 0 if none. */
    void *owner;                    /* For the layer that opened it. */
    struct dpif *dpif;              /* Datapath it is a port of, or NULL. */
    pthread_mutex_t tx_mutex;       /* Held while sending: a worker and the
                                     * main thread may both send. */
    uint32_t dp_port_no;            /* Its port number there. */

    /* Underlay addresses (netdev-dummy/ip4addr, ip6addr), for the tunnel
     * routes through this device.  plen < 0: none. */
    struct in6_addr in4;            /* v4-mapped. */
    int in4_plen;                   /* 96 + IPv4 prefix length. */
    struct in6_addr in6;
    int in6_plen;
};

struct netdev_class {
    const char *type;               /* Interface.type, e.g. "dummy". */
    size_t size;                    /* Of the provider's struct, which
                                     * begins with a struct netdev. */

    /* Sets up or tears down provider state; "construct" returns 0 or an
     * errno value ("No such device" for a missing kernel device). */
    int (*construct)(struct netdev *);
    void (*destruct)(struct netdev *);

    /* Applies Interface.options; returns NULL or an error message for
     * Interface.error (freed by the caller).  The netdev keeps its last
     * good configuration on error.  May be NULL: no options accepted. */
    char *(*set_config)(struct netdev *, const struct smap *options);

    /* Adds the configuration as "dpif/show" prints it.  May be NULL. */
    void (*get_config)(const struct netdev *, struct smap *);

    /* Adds Interface.status.  May be NULL. */
    void (*get_status)(const struct netdev *, struct smap *);

    /* Fills the counters.  May be NULL: the "stats" member is used. */
    int (*get_stats)(const struct netdev *, struct netdev_stats *);

    /* Link state (carrier) and administrative state.  May be NULL: the
     * link follows "admin_up". */
    bool (*get_carrier)(const struct netdev *);
    bool (*get_admin_up)(const struct netdev *);

    /* Sets the MTU; returns 0 or a positive errno (EINVAL out of range).
     * May be NULL: the device has no MTU to set. */
    int (*set_mtu)(struct netdev *, int mtu);

    /* Sets the Ethernet address; returns 0 or a positive errno.  May be
     * NULL: the address is ovsx's own and just changes. */
    int (*set_mac)(struct netdev *, struct eth_addr);

    /* Receives what has arrived and passes it to netdev_received(), and
     * says what it waits for.  May be NULL (nothing to poll). */
    void (*run)(struct netdev *);
    void (*wait)(const struct netdev *);

    /* The file descriptor "run" reads, for a datapath worker to wait on
     * (see dp-worker.h), or -1.  May be NULL: the main thread receives on
     * such a netdev.  "run" must then be safe to call from any one thread
     * at a time. */
    int (*get_rx_fd)(const struct netdev *);

    /* Transmits "packet" (which the caller keeps).  May be NULL: the port
     * cannot send yet, the packet is counted as a tx drop. */
    int (*send)(struct netdev *, const struct dp_packet *);

    /* Reads again, about once a second, what others may change behind
     * ovsx's back (a kernel device's MTU); calls netdev_changed() if
     * something did.  May be NULL. */
    void (*refresh)(struct netdev *);

    /* Sends whatever "send" queued.  May be NULL: "send" sends at once.
     * netdev_run() and netdev_wait() flush every netdev, so nothing stays
     * queued while the daemon sleeps. */
    void (*flush)(struct netdev *);

    /* "send" takes packets that still need segmentation (struct
     * dp_packet_gso): the kernel behind it segments them. */
    bool can_gso;
};

int netdev_open(const char *name, const char *type, struct netdev **);
void netdev_close(struct netdev *);
struct netdev *netdev_from_name(const char *name);
struct netdev *netdev_first(void);
struct netdev *netdev_next(const struct netdev *);
bool netdev_type_is_known(const char *type);
void netdev_list_types(struct smap *types);

char *netdev_set_config(struct netdev *, const struct smap *options);
void netdev_get_config(const struct netdev *, struct smap *);
void netdev_get_status(const struct netdev *, struct smap *);
void netdev_get_stats(const struct netdev *, struct netdev_stats *);
bool netdev_get_carrier(const struct netdev *);
bool netdev_get_admin_up(const struct netdev *);
int netdev_set_mtu(struct netdev *, int mtu);
int netdev_set_mac(struct netdev *, struct eth_addr);
void netdev_set_admin_up(struct netdev *, bool up);
void netdev_set_admin_up_all(const struct netdev_class *, bool up);
unsigned int netdev_change_seq(void);
unsigned int netdev_set_seq(void);
void netdev_changed(struct netdev *);
int netdev_send(struct netdev *, const struct dp_packet *);
void netdev_tx_begin(void);
void netdev_tx_end(void);
void netdev_flush_all(void);
void netdev_linux_keep_taps(bool keep);
struct sock_fprog;
int netdev_system_tap(struct netdev *, const struct sock_fprog *filter);
const char *netdev_get_type(const struct netdev *);

/* Received packets go to the datapath's handler, a batch at a time; it
 * takes over the "n" packets. */
struct dp_packet_batch;
typedef void netdev_rx_cb(struct netdev *, struct dp_packet **, size_t n,
                          void *aux);
void netdev_set_rx_handler(netdev_rx_cb *, void *aux);
void netdev_received(struct netdev *, struct dp_packet *);
void netdev_received_batch(struct netdev *, struct dp_packet_batch *);
void netdev_run(void);
void netdev_wait(void);

/* The providers. */
extern const struct netdev_class netdev_dummy_class;
extern const struct netdev_class netdev_dummy_internal_class;
extern const struct netdev_class netdev_tap_class;
extern const struct netdev_class netdev_system_class;
extern const struct netdev_class netdev_afxdp_class;
extern const struct netdev_class netdev_geneve_class;
extern const struct netdev_class netdev_vxlan_class;
extern const struct netdev_class netdev_gre_class;
extern const struct netdev_class netdev_nvgre_class;

void netdev_dummy_register_commands(void);

#endif /* netdev.h */
