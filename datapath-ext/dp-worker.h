/* Datapath worker threads.
 *
 * With n workers (Open_vSwitch other_config:n-workers, 1 by default, 0 to
 * do everything in the main thread), the packets of the kernel devices
 * (system ports, the bridges' TAP devices, host underlay devices) are
 * received and forwarded by the workers, each device by one of them: the
 * exact-match cache (one per worker), the megaflows, the actions, the
 * sends.  The main thread keeps OVSDB, OpenFlow, unixctl, dummy ports and
 * every upcall: a worker hands a packet that misses the megaflows, or
 * that a "userspace" action sends up, to the main thread through a queue,
 * and goes on.
 *
 * The megaflows, the datapath ports and the set of open netdevs are read
 * by the workers under the datapath lock and changed only by the main
 * thread, which takes it for writing while it does (dp_lock_write(), which
 * nests in the main thread).  The main thread reads them without it. */
#ifndef DP_WORKER_H
#define DP_WORKER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "flow.h"

struct dp_packet;
struct dpif;
struct ds;
struct emc;
struct netdev;

void dp_lock_read(void);
void dp_unlock_read(void);
void dp_lock_write(void);
void dp_unlock_write(void);

/* The worker running this code, or NULL in the main thread. */
struct dp_worker *dp_worker_self(void);
int dp_worker_index(const struct dp_worker *);

void dp_workers_set(int n);
int dp_workers_count(void);
bool dp_worker_owns_rx(const struct netdev *);
void dp_workers_wake(void);
void dp_workers_sync(void);
void dp_workers_stop(void);

/* The exact-match cache this thread uses for "dpif". */
struct emc **dp_worker_emc(struct dp_worker *, const struct dpif *);
void dp_workers_clear_emcs(const struct dpif *);

/* Hand-offs to the main thread. */
void dp_worker_queue_miss(struct dpif *, const struct dp_packet *,
                          const struct flow *key, int depth);
void dp_worker_queue_userspace(struct dpif *, const struct dp_packet *,
                               const void *data, size_t len);
void dp_worker_forget_dpif(const struct dpif *);
void dp_workers_run(void (*miss)(struct dpif *, struct dp_packet *,
                                 const struct flow *key, int depth),
                    void (*userspace)(const struct dp_packet *,
                                      const void *data, size_t len));
void dp_workers_wait(void);
void dp_workers_format(struct ds *);

#endif /* dp-worker.h */
