/* Network devices: the generic part. */
#include <config.h>
#include "netdev.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dp-packet-gso.h"
#include "dp-worker.h"
#include "hash.h"
#include "poll-loop.h"
#include "util.h"

COVERAGE_DEFINE(netdev_received);
COVERAGE_DEFINE(netdev_sent);
COVERAGE_DEFINE(netdev_tx_drop_no_io);
COVERAGE_DEFINE(netdev_tx_drop_gso);
COVERAGE_DEFINE(netdev_tx_gso);
COVERAGE_DEFINE(netdev_tx_batch_contended);

static const struct netdev_class *const classes[] = {
    &netdev_dummy_class,
    &netdev_dummy_internal_class,
    &netdev_tap_class,
    &netdev_system_class,
    &netdev_afxdp_class,
    &netdev_geneve_class,
    &netdev_vxlan_class,
    &netdev_gre_class,
    &netdev_nvgre_class,
};

/* Every open netdev, by name: a name is one device, whichever bridge it
 * is on. */
static struct hmap netdevs = HMAP_INITIALIZER;

/* Counts netdevs opened and closed, under the datapath lock (see
 * netdev_set_seq()). */
static unsigned int set_seq;

static netdev_rx_cb *rx_cb;
static void *rx_aux;

/* A thread's batch of sends, between netdev_tx_begin() and
 * netdev_tx_end(): the netdevs whose tx mutex it holds until the end. */
#define TX_HELD_MAX 8
struct tx_batch {
    bool active;                /* Within netdev_tx_begin() and _end(). */
    bool unheld;                /* Sent without holding: flush all. */
    size_t n_held;
    struct netdev *held[TX_HELD_MAX];
};
static __thread struct tx_batch tx_batch;

static const struct netdev_class *
class_from_type(const char *type)
{
    if (!type[0]) {
        type = "system";
    }
    for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
        if (!strcmp(classes[i]->type, type)) {
            return classes[i];
        }
    }
    return NULL;
}

/* Tells whether ovsx has a provider for Interface.type "type" ("" is
 * "system"). */
bool
netdev_type_is_known(const char *type)
{
    return class_from_type(type) != NULL;
}

/* Adds each Interface.type ovsx has to "types", as keys. */
void
netdev_list_types(struct smap *types)
{
    for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
        smap_replace(types, classes[i]->type, "");
    }
    smap_replace(types, "internal", "");   /* "tap" or "dummy-internal". */
}

/* Returns the open netdev called "name", or NULL. */
struct netdev *
netdev_from_name(const char *name)
{
    struct netdev *netdev;

    HMAP_FOR_EACH_WITH_HASH (netdev, node, hash_string(name, 0), &netdevs) {
        if (!strcmp(netdev->name, name)) {
            return netdev;
        }
    }
    return NULL;
}

/* Iterates over the open netdevs (under the datapath lock in a worker). */
struct netdev *
netdev_first(void)
{
    struct hmap_node *node = hmap_first(&netdevs);
    return node ? CONTAINER_OF(node, struct netdev, node) : NULL;
}

struct netdev *
netdev_next(const struct netdev *netdev)
{
    struct hmap_node *node = hmap_next(&netdevs, &netdev->node);
    return node ? CONTAINER_OF(node, struct netdev, node) : NULL;
}

/* Opens "name" of "type" into "*netdevp".  Returns 0, EAFNOSUPPORT for a
 * type ovsx does not have, EEXIST if "name" is open already, or the
 * provider's error. */
int
netdev_open(const char *name, const char *type, struct netdev **netdevp)
{
    const struct netdev_class *class = class_from_type(type);

    *netdevp = NULL;
    if (!class) {
        return EAFNOSUPPORT;
    } else if (netdev_from_name(name)) {
        return EEXIST;
    }

    struct netdev *netdev = xzalloc(class->size);
    netdev->in4_plen = netdev->in6_plen = -1;
    netdev->name = xstrdup(name);
    netdev->class = class;
    netdev->admin_up = true;
    smap_init(&netdev->config);
    int error = class->construct ? class->construct(netdev) : 0;
    if (error) {
        smap_destroy(&netdev->config);
        free(netdev->name);
        free(netdev);
        return error;
    }
    pthread_mutex_init(&netdev->tx_mutex, NULL);
    dp_lock_write();
    hmap_insert(&netdevs, &netdev->node, hash_string(name, 0));
    set_seq++;
    dp_unlock_write();
    *netdevp = netdev;
    return 0;
}

void
netdev_close(struct netdev *netdev)
{
    if (netdev) {
        /* No worker reads from it or sends to it once it is gone. */
        dp_lock_write();
        hmap_remove(&netdevs, &netdev->node);
        set_seq++;
        if (netdev->class->destruct) {
            netdev->class->destruct(netdev);
        }
        dp_unlock_write();
        pthread_mutex_destroy(&netdev->tx_mutex);
        smap_destroy(&netdev->config);
        free(netdev->name);
        free(netdev);
    }
}

const char *
netdev_get_type(const struct netdev *netdev)
{
    return netdev->class->type;
}

/* Applies "options" unless they are what the netdev has already, so that
 * nothing is restarted that did not change. */
char *
netdev_set_config(struct netdev *netdev, const struct smap *options)
{
    if (netdev->configured && smap_equal(&netdev->config, options)) {
        return NULL;
    }
    if (!netdev->class->set_config) {
        const struct smap_node **nodes = smap_sort(options);
        char *error = (smap_count(options)
                       ? xasprintf("%s: %s interface does not support "
                                   "option '%s'", netdev->name,
                                   netdev->class->type, nodes[0]->key)
                       : NULL);
        free(nodes);
        netdev->configured = !error;
        return error;
    }
    char *error = netdev->class->set_config(netdev, options);
    if (!error) {
        smap_destroy(&netdev->config);
        smap_clone(&netdev->config, options);
        netdev->configured = true;
    }
    return error;
}

void
netdev_get_config(const struct netdev *netdev, struct smap *config)
{
    if (netdev->class->get_config) {
        netdev->class->get_config(netdev, config);
    }
}

void
netdev_get_status(const struct netdev *netdev, struct smap *status)
{
    if (netdev->class->get_status) {
        netdev->class->get_status(netdev, status);
    }
}

void
netdev_get_stats(const struct netdev *netdev, struct netdev_stats *stats)
{
    if (!netdev->class->get_stats
        || netdev->class->get_stats(netdev, stats)) {
        *stats = netdev->stats;
    }
}

bool
netdev_get_carrier(const struct netdev *netdev)
{
    return (netdev->class->get_carrier
            ? netdev->class->get_carrier(netdev)
            : netdev->admin_up);
}

bool
netdev_get_admin_up(const struct netdev *netdev)
{
    return (netdev->class->get_admin_up
            ? netdev->class->get_admin_up(netdev)
            : netdev->admin_up);
}

/* Sets the MTU of "netdev" (Interface.mtu_request).  Returns 0, EINVAL for
 * a value the device refuses, or EOPNOTSUPP for a device without one. */
int
netdev_set_mtu(struct netdev *netdev, int mtu)
{
    if (!netdev->class->set_mtu) {
        return EOPNOTSUPP;
    }
    return netdev->mtu == mtu ? 0 : netdev->class->set_mtu(netdev, mtu);
}

/* Gives "netdev" Ethernet address "mac". */
int
netdev_set_mac(struct netdev *netdev, struct eth_addr mac)
{
    int error = netdev->class->set_mac ? netdev->class->set_mac(netdev, mac)
                                       : 0;
    if (!error) {
        netdev->mac = mac;
    }
    return error;
}

/* Tells, to a caller holding the datapath lock, how many times a netdev
 * was opened or closed: while it stays the same, the netdevs seen under an
 * earlier hold of the lock are still there. */
unsigned int
netdev_set_seq(void)
{
    return set_seq;
}

/* Counts changes of port state that the database should hear of. */
static unsigned int change_seq;

unsigned int
netdev_change_seq(void)
{
    return change_seq;
}

/* Something about "netdev" that the database or translation depends on
 * changed (its MTU, its address). */
void
netdev_changed(struct netdev *netdev OVSX_UNUSED)
{
    change_seq++;
}

void
netdev_set_admin_up(struct netdev *netdev, bool up)
{
    if (netdev->admin_up != up) {
        netdev->admin_up = up;
        change_seq++;
    }
}

/* Sets the administrative state of every open netdev of "class". */
void
netdev_set_admin_up_all(const struct netdev_class *class, bool up)
{
    struct netdev *netdev;

    HMAP_FOR_EACH (netdev, node, &netdevs) {
        if (netdev->class == class) {
            netdev_set_admin_up(netdev, up);
        }
    }
}

/* Tells whether the port is up as far as moving packets goes: a kernel
 * device's own state is the kernel's business (it drops what a down
 * device would carry), so only the state kept here counts. */
static bool
netdev_is_up_for_io(const struct netdev *netdev)
{
    return netdev->class->get_admin_up || netdev->admin_up;
}

static void
send_segment(struct dp_packet *segment, void *netdev)
{
    netdev_send(netdev, segment);
    dp_packet_delete(segment);
}

/* Starts a batch of sends in this thread: netdev_send() keeps the tx
 * mutex of each netdev it sends to (up to TX_HELD_MAX of them) until
 * netdev_tx_end(), which flushes just those.  A batch costs a lock and an
 * unlock per netdev rather than per packet, and no look at the netdevs
 * it did not send to.
 *
 * Only for a thread that does not wait for the datapath's write lock in
 * the batch (a worker): another thread that waits for one of the mutexes
 * held may hold the datapath's read lock. */
void
netdev_tx_begin(void)
{
    tx_batch.active = true;
}

/* Flushes and unlocks the netdevs this thread's batch holds. */
static void
tx_release(void)
{
    for (size_t i = 0; i < tx_batch.n_held; i++) {
        struct netdev *netdev = tx_batch.held[i];
        if (netdev->class->flush) {
            netdev->class->flush(netdev);
        }
        pthread_mutex_unlock(&netdev->tx_mutex);
    }
    tx_batch.n_held = 0;
}

/* Ends this thread's batch of sends: what it queued goes out. */
void
netdev_tx_end(void)
{
    tx_release();
    if (tx_batch.unheld) {
        tx_batch.unheld = false;
        netdev_flush_all();
    }
    tx_batch.active = false;
}

/* Within a batch, makes sure this thread holds "netdev"'s tx mutex until
 * the batch ends, and returns true.  Returns false if the caller is to
 * lock it for one packet instead: outside a batch, with TX_HELD_MAX held
 * already, or when another thread has it.  In those last two cases this
 * thread lets go of every mutex it holds first: it never waits for one
 * while it holds another, so two threads never wait for each other. */
static bool
tx_hold(struct netdev *netdev)
{
    if (!tx_batch.active) {
        return false;
    }
    for (size_t i = 0; i < tx_batch.n_held; i++) {
        if (tx_batch.held[i] == netdev) {
            return true;
        }
    }
    if (tx_batch.n_held < TX_HELD_MAX
        && !pthread_mutex_trylock(&netdev->tx_mutex)) {
        tx_batch.held[tx_batch.n_held++] = netdev;
        return true;
    }
    COVERAGE_INC(netdev_tx_batch_contended);
    tx_release();
    tx_batch.unheld = true;
    return false;
}

/* Sends "packet" (the caller keeps it) if the port is up; counts it.  A
 * packet that still needs segmentation is cut here for a port whose
 * kernel cannot do it.  Within a batch (netdev_tx_begin()) the packet may
 * wait in the netdev's queue until the batch ends. */
int
netdev_send(struct netdev *netdev, const struct dp_packet *packet)
{
    if (packet->gso.type && !netdev->class->can_gso) {
        if (dp_packet_gso_segment(packet, send_segment, netdev)) {
            COVERAGE_INC(netdev_tx_gso);
            return 0;
        }
        COVERAGE_INC(netdev_tx_drop_gso);
        netdev->stats.tx_dropped++;
        return EMSGSIZE;
    }
    bool held = tx_hold(netdev);
    if (!held) {
        pthread_mutex_lock(&netdev->tx_mutex);
    }
    int error;
    if (!netdev_is_up_for_io(netdev) || !netdev->class->send) {
        if (!netdev->class->send) {
            COVERAGE_INC(netdev_tx_drop_no_io);
        }
        netdev->stats.tx_dropped++;
        error = EAGAIN;
    } else {
        error = netdev->class->send(netdev, packet);
        if (error) {
            netdev->stats.tx_errors++;
        } else {
            COVERAGE_INC(netdev_sent);
            netdev->stats.tx_packets++;
            netdev->stats.tx_bytes += dp_packet_size(packet);
        }
    }
    if (!held) {
        pthread_mutex_unlock(&netdev->tx_mutex);
    }
    return error;
}

/* The datapath's receive handler: it takes every received packet. */
void
netdev_set_rx_handler(netdev_rx_cb *cb, void *aux)
{
    rx_cb = cb;
    rx_aux = aux;
}

/* Called by a provider with a batch of packets received on "netdev";
 * passes them on to the receive handler, which takes them over, and
 * empties "batch".  A port that is down drops them. */
void
netdev_received_batch(struct netdev *netdev, struct dp_packet_batch *batch)
{
    size_t n = batch->count;

    if (!n) {
        return;
    }
    batch->count = 0;
    if (!netdev_is_up_for_io(netdev)) {
        netdev->stats.rx_dropped += n;
        for (size_t i = 0; i < n; i++) {
            dp_packet_delete(batch->packets[i]);
        }
        return;
    }
    COVERAGE_ADD(netdev_received, n);
    netdev->stats.rx_packets += n;
    for (size_t i = 0; i < n; i++) {
        netdev->stats.rx_bytes += dp_packet_size(batch->packets[i]);
    }
    if (rx_cb) {
        rx_cb(netdev, batch->packets, n, rx_aux);
    } else {
        for (size_t i = 0; i < n; i++) {
            dp_packet_delete(batch->packets[i]);
        }
    }
}

/* Like netdev_received_batch(), for one packet. */
void
netdev_received(struct netdev *netdev, struct dp_packet *packet)
{
    struct dp_packet_batch batch;

    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, packet);
    netdev_received_batch(netdev, &batch);
}

/* Lets every open netdev receive what has arrived. */
void
netdev_run(void)
{
    struct netdev *netdev, *next;

    static long long int next_refresh;
    long long int now = time_msec();

    if (now >= next_refresh) {
        next_refresh = now + 1000;
        HMAP_FOR_EACH (netdev, node, &netdevs) {
            if (netdev->class->refresh) {
                netdev->class->refresh(netdev);
            }
        }
    }

    /* What one port's batch of packets made the others send goes out
     * before the next port's batch is read. */
    HMAP_FOR_EACH_SAFE (netdev, next, node, &netdevs) {
        if (netdev->class->run && !dp_worker_owns_rx(netdev)) {
            netdev->class->run(netdev);
            netdev_flush_all();
        }
    }
}

/* Sends what every netdev has queued. */
void
netdev_flush_all(void)
{
    struct netdev *netdev;

    HMAP_FOR_EACH (netdev, node, &netdevs) {
        if (netdev->class->flush) {
            pthread_mutex_lock(&netdev->tx_mutex);
            netdev->class->flush(netdev);
            pthread_mutex_unlock(&netdev->tx_mutex);
        }
    }
}

void
netdev_wait(void)
{
    struct netdev *netdev;

    netdev_flush_all();
    HMAP_FOR_EACH (netdev, node, &netdevs) {
        if (netdev->class->wait && !dp_worker_owns_rx(netdev)) {
            netdev->class->wait(netdev);
        }
        if (netdev->class->refresh) {
            poll_timer_wait(1000);
        }
    }
}
