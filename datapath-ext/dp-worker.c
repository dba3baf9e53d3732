/* Datapath worker threads (see dp-worker.h). */
#include <config.h>
#include "dp-worker.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dpif.h"
#include "ds.h"
#include "netdev.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dp_worker);

COVERAGE_DEFINE(datapath_worker_miss);
COVERAGE_DEFINE(datapath_drop_worker_queue);

/* The datapath lock, and how deep the main thread holds it for writing.
 * Writers go first: a worker under constant traffic takes it again at
 * once, and must not keep the main thread out. */
static pthread_rwlock_t dp_rwlock;
static pthread_once_t dp_rwlock_once = PTHREAD_ONCE_INIT;
static int write_depth;

static void
dp_rwlock_init(void)
{
    pthread_rwlockattr_t attr;

    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(
        &attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&dp_rwlock, &attr);
    pthread_rwlockattr_destroy(&attr);
}

void
dp_lock_read(void)
{
    pthread_once(&dp_rwlock_once, dp_rwlock_init);
    pthread_rwlock_rdlock(&dp_rwlock);
}

void
dp_unlock_read(void)
{
    pthread_rwlock_unlock(&dp_rwlock);
}

/* Main thread only; nests. */
void
dp_lock_write(void)
{
    if (!write_depth++) {
        pthread_once(&dp_rwlock_once, dp_rwlock_init);
        pthread_rwlock_wrlock(&dp_rwlock);
    }
}

void
dp_unlock_write(void)
{
    if (!--write_depth) {
        pthread_rwlock_unlock(&dp_rwlock);
    }
}

/* The datapaths a worker may see, each with its exact-match cache: the
 * "dummy" one and the "netdev" one. */
#define N_DPIF_SLOTS 2

struct dp_worker {
    pthread_t thread;
    int index;
    int wake_fd;                /* eventfd: look at the ports again. */
    bool stop;                  /* Written by the main thread. */
    struct emc *emcs[N_DPIF_SLOTS];
    uint64_t n_batches;         /* Passes that found packets (relaxed). */
    uint64_t epoch;             /* Polls left (see dp_workers_sync()). */
    bool in_poll;               /* In poll(), or about to be. */
};

#define MAX_WORKERS 64

static __thread struct dp_worker *self;
static struct dp_worker **workers;
static int n_workers;

struct dp_worker *
dp_worker_self(void)
{
    return self;
}

int
dp_worker_index(const struct dp_worker *w)
{
    return w->index;
}

int
dp_workers_count(void)
{
    return n_workers;
}

/* Whether a worker, not the main thread, receives on "netdev": a kernel
 * device that is a datapath port, while there are workers. */
bool
dp_worker_owns_rx(const struct netdev *netdev)
{
    return (n_workers > 0 && netdev->dpif && netdev->class->get_rx_fd
            && netdev->class->get_rx_fd(netdev) >= 0);
}

/* Which worker receives on "netdev" (see dp_worker_owns_rx()). */
static int
rx_worker(const struct netdev *netdev)
{
    return netdev->dp_port_no % n_workers;
}

static int
dpif_slot(const struct dpif *dpif)
{
    return !strcmp(dpif->type, "dummy") ? 0 : 1;
}

struct emc **
dp_worker_emc(struct dp_worker *w, const struct dpif *dpif)
{
    return &w->emcs[dpif_slot(dpif)];
}

/* Frees every worker's exact-match cache of "dpif": under the write lock,
 * when megaflows they may point to go.  (They come back empty.) */
void
dp_workers_clear_emcs(const struct dpif *dpif)
{
    for (int i = 0; i < n_workers; i++) {
        struct emc **slot = dp_worker_emc(workers[i], dpif);
        free(*slot);
        *slot = NULL;
    }
}

/* ---------------------------------------------------------------------
 * Hand-offs to the main thread.
 * --------------------------------------------------------------------- */

enum item_type { ITEM_MISS, ITEM_USERSPACE };

struct item {
    struct item *next;
    enum item_type type;
    struct dpif *dpif;
    struct dp_packet *packet;
    struct flow key;            /* ITEM_MISS. */
    int depth;                  /* ITEM_MISS. */
    size_t len;                 /* ITEM_USERSPACE: bytes at "data". */
    uint8_t data[];
};

/* A bound on what waits for the main thread: past it, misses are dropped
 * (counted) until it catches up, as Open vSwitch bounds its upcalls. */
#define MAX_QUEUED 4096

static pthread_mutex_t queue_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct item *queue_head, **queue_tail = &queue_head;
static int n_queued;
static int main_wake_fd = -1;

static void
wake_fd(int fd)
{
    uint64_t one = 1;
    if (fd >= 0 && write(fd, &one, sizeof one) < 0 && errno != EAGAIN) {
        VLOG_WARN("waking a thread failed (%s)", strerror(errno));
    }
}

static void
drain_fd(int fd)
{
    uint64_t n;
    if (read(fd, &n, sizeof n) < 0) {
        /* Nothing was written: nothing to do. */
    }
}

static void
queue_item(struct item *item)
{
    bool wake;

    pthread_mutex_lock(&queue_mutex);
    if (n_queued >= MAX_QUEUED) {
        pthread_mutex_unlock(&queue_mutex);
        COVERAGE_INC(datapath_drop_worker_queue);
        dp_packet_delete(item->packet);
        free(item);
        return;
    }
    wake = !n_queued++;
    item->next = NULL;
    *queue_tail = item;
    queue_tail = &item->next;
    pthread_mutex_unlock(&queue_mutex);
    if (wake) {
        wake_fd(main_wake_fd);
    }
}

/* A packet of "dpif" that missed the megaflows in a worker: a copy goes
 * to the main thread, for the upcall. */
void
dp_worker_queue_miss(struct dpif *dpif, const struct dp_packet *packet,
                     const struct flow *key, int depth)
{
    struct item *item = xmalloc(sizeof *item);

    COVERAGE_INC(datapath_worker_miss);
    item->type = ITEM_MISS;
    item->dpif = dpif;
    item->packet = dp_packet_clone(packet);
    item->key = *key;
    item->depth = depth;
    item->len = 0;
    queue_item(item);
}

/* A packet that a "userspace" action sends up (with its "data"). */
void
dp_worker_queue_userspace(struct dpif *dpif, const struct dp_packet *packet,
                          const void *data, size_t len)
{
    struct item *item = xmalloc(sizeof *item + len);

    item->type = ITEM_USERSPACE;
    item->dpif = dpif;
    item->packet = dp_packet_clone(packet);
    item->depth = 0;
    item->len = len;
    memcpy(item->data, data, len);
    queue_item(item);
}

static struct item *
take_queue(void)
{
    pthread_mutex_lock(&queue_mutex);
    struct item *items = queue_head;
    queue_head = NULL;
    queue_tail = &queue_head;
    n_queued = 0;
    pthread_mutex_unlock(&queue_mutex);
    return items;
}

/* "dpif" goes away: what waits for it goes too. */
void
dp_worker_forget_dpif(const struct dpif *dpif)
{
    struct item *keep = NULL, **keep_tail = &keep;
    struct item *items = take_queue();

    while (items) {
        struct item *next = items->next;
        if (items->dpif == dpif) {
            dp_packet_delete(items->packet);
            free(items);
        } else {
            items->next = NULL;
            *keep_tail = items;
            keep_tail = &items->next;
        }
        items = next;
    }
    /* Put the rest back in front of anything queued since. */
    if (keep) {
        pthread_mutex_lock(&queue_mutex);
        *keep_tail = queue_head;
        queue_head = keep;
        if (queue_tail == &queue_head) {
            queue_tail = keep_tail;
        }
        for (struct item *i = keep; i; i = i->next) {
            n_queued++;
        }
        pthread_mutex_unlock(&queue_mutex);
    }
}

/* The main thread takes what the workers handed it. */
void
dp_workers_run(void (*miss)(struct dpif *, struct dp_packet *,
                            const struct flow *key, int depth),
               void (*userspace)(const struct dp_packet *, const void *data,
                                 size_t len))
{
    if (main_wake_fd < 0) {
        return;
    }
    drain_fd(main_wake_fd);
    for (struct item *items = take_queue(); items; ) {
        struct item *next = items->next;
        if (items->type == ITEM_MISS) {
            miss(items->dpif, items->packet, &items->key, items->depth);
        } else {
            userspace(items->packet, items->data, items->len);
        }
        dp_packet_delete(items->packet);
        free(items);
        items = next;
    }
}

void
dp_workers_wait(void)
{
    if (main_wake_fd >= 0) {
        poll_fd_wait(main_wake_fd, POLLIN);
    }
}

/* ---------------------------------------------------------------------
 * The threads.
 * --------------------------------------------------------------------- */

/* A device that gave a whole batch likely has more: it is read again, up to
 * this many times, before the next poll().  Under load that saves a
 * poll() per batch; the bound keeps the other devices (and a sync, which
 * waits for the next poll()) from waiting long. */
#define WORKER_MAX_PASSES 16

static void *
worker_main(void *w_)
{
    struct dp_worker *w = w_;
    /* The devices' files and then wake_fd, and the device of each. */
    size_t allocated = 16;
    struct pollfd *pfds = xmalloc(allocated * sizeof *pfds);
    struct netdev **devs = xmalloc(allocated * sizeof *devs);

    self = w;
    while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
        /* The devices this worker receives on, as they are now.  A device
         * closed while we wait only wakes us up: we look again, under the
         * lock, before reading anything. */
        size_t n = 0;
        dp_lock_read();
        unsigned int seq = netdev_set_seq();
        for (struct netdev *netdev = netdev_first(); netdev;
             netdev = netdev_next(netdev)) {
            if (dp_worker_owns_rx(netdev) && rx_worker(netdev) == w->index) {
                if (n + 1 >= allocated) {  /* Room for wake_fd too. */
                    allocated *= 2;
                    pfds = xrealloc(pfds, allocated * sizeof *pfds);
                    devs = xrealloc(devs, allocated * sizeof *devs);
                }
                pfds[n].fd = netdev->class->get_rx_fd(netdev);
                pfds[n].events = POLLIN;
                devs[n++] = netdev;
            }
        }
        dp_unlock_read();
        pfds[n].fd = w->wake_fd;
        pfds[n].events = POLLIN;
        __atomic_store_n(&w->in_poll, true, __ATOMIC_SEQ_CST);
        int ready = poll(pfds, n + 1, 1000);
        /* Out of poll(): no file closed before now is held. */
        __atomic_store_n(&w->in_poll, false, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&w->epoch, 1, __ATOMIC_SEQ_CST);
        if (ready <= 0) {
            continue;
        }
        if (pfds[n].revents) {
            drain_fd(w->wake_fd);
        }

        /* Only the devices poll() found ready: reading an idle one costs
         * a system call (a TAP device's read(), say) per pass.  If devices
         * came or went meanwhile, "devs" may name freed ones: the next
         * pass looks again (poll() says at once what is still waiting). */
        for (int pass = 0; pass < WORKER_MAX_PASSES; pass++) {
            bool more = false;

            dp_lock_read();
            dpif_batch_begin();
            if (netdev_set_seq() == seq) {
                for (size_t i = 0; i < n; i++) {
                    struct netdev *netdev = devs[i];
                    if (pfds[i].revents && netdev->class->run
                        && dp_worker_owns_rx(netdev)
                        && rx_worker(netdev) == w->index) {
                        uint64_t before = netdev->stats.rx_packets;
                        netdev->class->run(netdev);
                        if (netdev->stats.rx_packets - before
                            >= DP_PACKET_BATCH_SIZE) {
                            more = true;
                        } else {
                            pfds[i].revents = 0;
                        }
                    }
                }
            }
            dpif_batch_end();
            dp_unlock_read();
            __atomic_fetch_add(&w->n_batches, 1, __ATOMIC_RELAXED);
            if (!more || __atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
                break;
            }
        }
    }
    free(pfds);
    free(devs);
    return NULL;
}

/* Waits until every worker has left the poll() it may be in, and so holds
 * no file closed before this call: the kernel releases a file when its
 * last user lets go, and a TAP device goes with its file.  The bridge
 * calls this before it reports a configuration applied, so that a
 * deleted bridge's device is gone when "ovs-vsctl del-br" returns.
 * Only workers in poll() are waited for: one elsewhere (waiting for the
 * datapath lock, say) takes no file it does not find open when it next
 * polls.  So the caller may hold the lock.  Gives up after a second (a
 * worker not scheduled). */
void
dp_workers_sync(void)
{
    uint64_t epochs[MAX_WORKERS];
    bool polling[MAX_WORKERS];

    for (int i = 0; i < n_workers; i++) {
        epochs[i] = __atomic_load_n(&workers[i]->epoch, __ATOMIC_SEQ_CST);
        polling[i] = __atomic_load_n(&workers[i]->in_poll, __ATOMIC_SEQ_CST);
    }
    dp_workers_wake();
    for (int i = 0, tries = 0; i < n_workers && tries < 20000; ) {
        if (!polling[i]
            || __atomic_load_n(&workers[i]->epoch, __ATOMIC_SEQ_CST)
               != epochs[i]) {
            i++;
        } else {
            usleep(50);
            tries++;
        }
    }
}

/* Wakes every worker, to look at its devices again. */
void
dp_workers_wake(void)
{
    for (int i = 0; i < n_workers; i++) {
        wake_fd(workers[i]->wake_fd);
    }
}

/* Stops every worker; their devices go back to the main thread.  Not
 * under the lock: a worker may be waiting for it to finish its pass. */
void
dp_workers_stop(void)
{
    for (int i = 0; i < n_workers; i++) {
        __atomic_store_n(&workers[i]->stop, true, __ATOMIC_RELEASE);
        wake_fd(workers[i]->wake_fd);
    }
    for (int i = 0; i < n_workers; i++) {
        pthread_join(workers[i]->thread, NULL);
    }

    dp_lock_write();
    struct dp_worker **old = workers;
    int n = n_workers;
    workers = NULL;
    n_workers = 0;
    dp_unlock_write();

    for (int i = 0; i < n; i++) {
        close(old[i]->wake_fd);
        for (int j = 0; j < N_DPIF_SLOTS; j++) {
            free(old[i]->emcs[j]);
        }
        free(old[i]);
    }
    free(old);
}

/* Runs "n" workers (0: none, the main thread receives everywhere). */
void
dp_workers_set(int n)
{
    n = MAX(0, MIN(n, MAX_WORKERS));
    if (n == n_workers) {
        return;
    }
    dp_workers_stop();
    if (main_wake_fd < 0) {
        main_wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    }

    struct dp_worker **new = xzalloc((n ? n : 1) * sizeof *new);
    int started = 0;
    for (int i = 0; i < n; i++) {
        struct dp_worker *w = xzalloc(sizeof *w);
        w->index = i;
        w->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        new[i] = w;
    }
    /* Publish the count first, under the lock: a worker's view of which
     * devices are its own depends on it. */
    dp_lock_write();
    workers = new;
    n_workers = n;
    dp_unlock_write();
    for (int i = 0; i < n; i++) {
        int error = pthread_create(&new[i]->thread, NULL, worker_main,
                                   new[i]);
        if (error) {
            VLOG_ERR("starting datapath worker %d failed (%s)", i,
                     strerror(error));
            break;
        }
        started++;
    }
    if (started < n) {
        /* Those that did not start cannot be joined: run with fewer. */
        dp_lock_write();
        for (int i = started; i < n; i++) {
            close(new[i]->wake_fd);
            free(new[i]);
        }
        n_workers = started;
        dp_unlock_write();
    }
    VLOG_INFO("%d datapath worker thread%s", n_workers,
              n_workers == 1 ? "" : "s");
}

/* "dpif/show-workers": each worker and the devices it receives on. */
void
dp_workers_format(struct ds *ds)
{
    if (!n_workers) {
        ds_put_cstr(ds, "no workers: the main thread receives on every "
                    "port\n");
        return;
    }
    for (int i = 0; i < n_workers; i++) {
        ds_put_format(ds, "worker %d: passes:%"PRIu64"\n", i,
                      __atomic_load_n(&workers[i]->n_batches,
                                      __ATOMIC_RELAXED));
        for (struct netdev *netdev = netdev_first(); netdev;
             netdev = netdev_next(netdev)) {
            if (dp_worker_owns_rx(netdev) && rx_worker(netdev) == i) {
                ds_put_format(ds, "  %s\n", netdev->name);
            }
        }
    }
}
