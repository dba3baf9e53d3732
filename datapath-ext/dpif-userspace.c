/* The userspace datapath's packet path: flow caches, upcalls, actions.
 *
 * A packet received on a port is looked up by its flow, first in a small
 * exact-match cache (EMC: a direct-mapped array indexed by the flow's hash
 * that remembers which megaflow the last packet with that hash hit), then
 * in the megaflow classifier (tuple-space search over the masks the
 * megaflows have).  A hit runs the megaflow's datapath actions.  A miss is
 * an upcall: the upper layer translates the packet's flow into actions
 * and a mask; the actions run on the packet and, unless the upper layer
 * says each packet must be seen, the megaflow (the flow under the mask)
 * is installed for the packets that follow.
 *
 * Revalidation: any change that could make a megaflow wrong (flow
 * tables, ports, TLV tables, MAC learning, neighbours, routes) credits
 * every megaflow's statistics upward and lets go of what they point to
 * upstairs (the "ukey"), at once, before anything is freed there.  Then,
 * before the next packet, each megaflow's key (the flow of the packet
 * that made it) is translated again, without side effects: a megaflow
 * whose translation now needs to see each packet, or looks at bits its
 * mask does not match, goes; one whose actions changed gets the new
 * ones; the others stay, with their counters.  A change made while a
 * packet is being processed (MAC learning in an upcall) is taken into
 * account before the next packet.  Megaflows idle for max_idle ms
 * expire.  "revalidator/purge" and "dpctl/del-flows" flush instead.
 *
 * The packet path also runs in the datapath workers (dp-worker.h): each
 * with exact-match caches of its own, megaflow statistics kept with
 * atomic adds, and what needs an upcall or a "userspace" action handed to
 * the main thread.  Everything that changes the megaflows runs in the
 * main thread, under the datapath lock for writing. */
#include <config.h>
#include "dpif.h"
#include "dpif-private.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dp-packet-gso.h"
#include "dp-worker.h"
#include "ds.h"
#include "hash.h"
#include "match.h"
#include "netdev.h"
#include "odp-actions.h"
#include "odp-util.h"
#include "packet-rewrite.h"
#include "packets.h"
#include "poll-loop.h"
#include "tnl-header.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_userspace);

COVERAGE_DEFINE(datapath_upcall);
COVERAGE_DEFINE(datapath_flow_install);
COVERAGE_DEFINE(datapath_flush);
COVERAGE_DEFINE(datapath_flow_modify);
COVERAGE_DEFINE(datapath_revalidate);
COVERAGE_DEFINE(datapath_revalidate_keep);
COVERAGE_DEFINE(datapath_revalidate_delete);
COVERAGE_DEFINE(datapath_drop_no_upcall);
COVERAGE_DEFINE(datapath_drop_recirc_depth);
COVERAGE_DEFINE(tunnel_drop_gso);
COVERAGE_DEFINE(tunnel_gso);
COVERAGE_DEFINE(tunnel_fragment);
COVERAGE_DEFINE(tunnel_push);
COVERAGE_DEFINE(tunnel_push_template);
COVERAGE_DEFINE(tunnel_pop);
COVERAGE_DEFINE(tunnel_drop_too_big);
COVERAGE_DEFINE(tunnel_icmp_too_big);
COVERAGE_DECLARE(tunnel_drop_l3_payload);

/* Megaflows unused this long expire (Open vSwitch's default max-idle). */
#define DP_FLOW_MAX_IDLE 10000
static int max_idle = DP_FLOW_MAX_IDLE;

/* Open_vSwitch other_config:max-idle: how long an unused megaflow stays,
 * in ms (at least 500, as Open vSwitch's minimum; <= 0 for the default). */
void
dpif_set_max_idle(int ms)
{
    max_idle = ms <= 0 ? DP_FLOW_MAX_IDLE : MAX(ms, 500);
}

/* A packet popped out of this many tunnels in a row is dropped. */
#define DP_MAX_RECIRC 6

#define EMC_SIZE 8192           /* Entries, a power of 2. */

/* A megaflow's counters of one thread slot (DPIF_STAT_SLOTS). */
struct dp_flow_stats {
    uint64_t n_packets, n_bytes;
};

/* What a hit reads and writes comes first, in two cache lines: the rule
 * (its match), the actions, "used" and the counters' slots. */
struct dp_flow {
    struct cls_rule cr;         /* In struct dpif's "flows". */
    struct odp_action *actions;
    size_t actions_len;
    long long int used;         /* time_msec() of the last hit, 0: none. */
    struct dp_flow_stats stats[DPIF_STAT_SLOTS]; /* Add up for the total. */
    void *ukey;                 /* The upper layer's, for statistics. */
    uint64_t pushed_packets, pushed_bytes; /* Credited upward so far. */
    long long int created;
    struct flow key;            /* The flow translated, to do it again. */
};

struct emc_entry {
    uint32_t hash;
    struct dp_flow *flow;       /* NULL: empty. */
};

struct emc {
    struct emc_entry entries[EMC_SIZE];
};

static const struct dpif_upcall_class *upcall_class;

/* This thread's counter slot: 0 for the main thread, 1 + i for worker i.
 * With more workers than slots, every worker shares its slot with others
 * and adds atomically.  (The count is fixed for a worker thread's life:
 * a change of n-workers stops the workers and starts new ones.) */
struct stat_slot {
    int index;
    bool shared;
};

static struct stat_slot
stat_slot(void)
{
    static __thread struct stat_slot slot = { -1, false };

    if (slot.index < 0) {
        struct dp_worker *w = dp_worker_self();
        int i = w ? dp_worker_index(w) : -1;
        slot.index = w ? 1 + i % (DPIF_STAT_SLOTS - 1) : 0;
        slot.shared = w && dp_workers_count() > DPIF_STAT_SLOTS - 1;
    }
    return slot;
}

/* Adds "n" to counter "*c" of slot "s".  A slot this thread has alone
 * needs no locked add: an atomic load and store keep readers (the main
 * thread's statistics) from seeing a torn value. */
static inline void
stat_add(struct stat_slot s, uint64_t *c, uint64_t n)
{
    if (OVSX_LIKELY(!s.shared)) {
        __atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + n,
                         __ATOMIC_RELAXED);
    } else {
        __atomic_fetch_add(c, n, __ATOMIC_RELAXED);
    }
}

/* The counters of "flow", added up over the slots. */
static struct dp_flow_stats
flow_stats(const struct dp_flow *flow)
{
    struct dp_flow_stats sum = { 0, 0 };

    for (size_t i = 0; i < DPIF_STAT_SLOTS; i++) {
        sum.n_packets += __atomic_load_n(&flow->stats[i].n_packets,
                                         __ATOMIC_RELAXED);
        sum.n_bytes += __atomic_load_n(&flow->stats[i].n_bytes,
                                       __ATOMIC_RELAXED);
    }
    return sum;
}

uint64_t
dpif_n_hit(const struct dpif *dpif)
{
    uint64_t n = 0;

    for (size_t i = 0; i < DPIF_STAT_SLOTS; i++) {
        n += __atomic_load_n(&dpif->n_hit[i], __ATOMIC_RELAXED);
    }
    return n;
}

/* The exact-match cache of "dpif" for this thread. */
static struct emc *
emc_for(struct dpif *dpif)
{
    struct dp_worker *w = dp_worker_self();

    if (!w) {
        return dpif->emc;
    }
    struct emc **slot = dp_worker_emc(w, dpif);
    if (!*slot) {
        *slot = xzalloc(sizeof **slot);
    }
    return *slot;
}

/* Empties every thread's exact-match cache of "dpif": megaflows they may
 * point to are going (under the write lock). */
static void
clear_emcs(struct dpif *dpif)
{
    memset(dpif->emc, 0, sizeof *dpif->emc);
    dp_workers_clear_emcs(dpif);
}

/* Packets being processed now (invalidation waits for them to finish),
 * and what waits. */
static int busy;
static bool invalidate_pending;
static bool revalidate_pending;

static void invalidate_all(void);
static void revalidate_all(void);

/* time_msec() at the resolution of the kernel's tick, which is plenty for
 * a megaflow's "used" and costs a fraction of a precise read, per
 * packet. */
static long long int
coarse_msec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (long long int) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The time this thread's batch of packets started (coarse_msec()), or 0
 * outside a batch. */
static __thread long long int batch_msec;

/* Brackets a batch of packets this thread receives (at most a device's
 * DP_PACKET_BATCH_SIZE, or a few devices' worth): their megaflows' "used"
 * is the batch's start, read once, and their sends are batched (see
 * netdev_tx_begin(), which says which threads may). */
void
dpif_batch_begin(void)
{
    batch_msec = coarse_msec();
    netdev_tx_begin();
}

/* Ends the batch dpif_batch_begin() started: the sends go out. */
void
dpif_batch_end(void)
{
    netdev_tx_end();
    batch_msec = 0;
}

void
dpif_set_upcall_class(const struct dpif_upcall_class *class)
{
    upcall_class = class;
}

void
dpif_cache_init(struct dpif *dpif)
{
    classifier_init(&dpif->flows);
    dpif->emc = xzalloc(sizeof *dpif->emc);
}

static void
credit(struct dp_flow *flow)
{
    struct dp_flow_stats st = flow_stats(flow);
    uint64_t n_packets = st.n_packets, n_bytes = st.n_bytes;
    uint64_t n = n_packets - flow->pushed_packets;

    if (n && upcall_class && flow->ukey) {
        upcall_class->credit(flow->ukey, n, n_bytes - flow->pushed_bytes,
                             __atomic_load_n(&flow->used, __ATOMIC_RELAXED));
    }
    flow->pushed_packets = n_packets;
    flow->pushed_bytes = n_bytes;
}

static void
flow_free(struct dpif *dpif, struct dp_flow *flow)
{
    credit(flow);
    classifier_remove(&dpif->flows, &flow->cr);
    cls_rule_destroy(&flow->cr);
    if (upcall_class && flow->ukey) {
        upcall_class->free_ukey(flow->ukey);
    }
    free(flow->actions);
    free(flow);
}

static struct dp_flow **all_flows(struct dpif *, size_t *n);

static void
flush_dpif(struct dpif *dpif)
{
    size_t n;
    struct dp_flow **flows = all_flows(dpif, &n);

    dp_lock_write();
    for (size_t i = 0; i < n; i++) {
        flow_free(dpif, flows[i]);
    }
    clear_emcs(dpif);
    dp_unlock_write();
    free(flows);
}

void
dpif_cache_destroy(struct dpif *dpif)
{
    flush_dpif(dpif);
    classifier_destroy(&dpif->flows);
    free(dpif->emc);
}

/* The megaflows of "dpif", in an array of "*n" the caller frees. */
static struct dp_flow **
all_flows(struct dpif *dpif, size_t *n)
{
    struct cls_cursor cursor = cls_cursor_start(&dpif->flows, NULL);
    struct dp_flow **flows = xmalloc((classifier_count(&dpif->flows) + 1)
                                     * sizeof *flows);
    struct cls_rule *cr;

    *n = 0;
    while ((cr = cls_cursor_next(&cursor)) != NULL) {
        flows[(*n)++] = CONTAINER_OF(cr, struct dp_flow, cr);
    }
    return flows;
}

/* "revalidator/purge": every megaflow goes, its statistics credited. */
void
dpif_purge(void)
{
    COVERAGE_INC(datapath_flush);
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        flush_dpif(dpif);
    }
}

/* Credits every megaflow and lets go of its ukey, which may point to
 * what is about to change; revalidation gives it a new one. */
static void
invalidate_all(void)
{
    invalidate_pending = false;
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        size_t n;
        struct dp_flow **flows = all_flows(dpif, &n);
        for (size_t i = 0; i < n; i++) {
            credit(flows[i]);
            if (upcall_class && flows[i]->ukey) {
                upcall_class->free_ukey(flows[i]->ukey);
            }
            flows[i]->ukey = NULL;
            revalidate_pending = true;
        }
        free(flows);
    }
}

/* Something the megaflows were translated from changed: they are
 * revalidated before the next packet (see above). */
void
dpif_invalidate(void)
{
    if (busy) {
        invalidate_pending = true;
    } else {
        invalidate_all();
    }
}

/* The megaflow mask as install() keeps it: in_port exact, the mapped
 * Geneve options matched as the raw ones. */
static void
normalize_mask(struct flow *mask)
{
    mask->in_port = UINT32_MAX;
    memset(&mask->tunnel.metadata, 0, sizeof mask->tunnel.metadata);
}

/* Tells whether "mask" has a 1-bit that "installed" lacks. */
static bool
mask_wider(const struct flow *mask, const struct flow *installed)
{
    const uint8_t *a = (const uint8_t *) mask;
    const uint8_t *b = (const uint8_t *) installed;

    for (size_t i = 0; i < sizeof *mask; i++) {
        if (a[i] & ~b[i]) {
            return true;
        }
    }
    return false;
}

/* Translates the key of "flow" again: true if it may stay, with the new
 * actions (then "*modified") and ukey. */
static bool
revalidate_flow(struct dpif *dpif, struct dp_flow *flow, bool *modified)
{
    struct dpif_upcall u;
    struct match installed;

    memset(&u, 0, sizeof u);
    u.dpif = dpif;
    u.key = &flow->key;
    u.revalidate = true;
    u.cacheable = true;
    ofpbuf_init(&u.actions, 256);
    upcall_class->upcall(&u);
    normalize_mask(&u.mask);
    cls_rule_get_match(&flow->cr, &installed);

    bool keep = u.cacheable && !mask_wider(&u.mask, &installed.wc);
    if (keep) {
        if (u.actions.size != flow->actions_len
            || memcmp(u.actions.data, flow->actions, flow->actions_len)) {
            *modified = true;
            free(flow->actions);
            flow->actions = xmalloc(u.actions.size + 1);
            memcpy(flow->actions, u.actions.data, u.actions.size);
            flow->actions_len = u.actions.size;
        }
        flow->ukey = u.ukey;
    } else if (u.ukey) {
        upcall_class->free_ukey(u.ukey);
    }
    ofpbuf_uninit(&u.actions);
    return keep;
}

/* Revalidates every megaflow (see above).  Translation without side
 * effects still bumps the counters of what it would drop: they are put
 * back as they were. */
static void
revalidate_all(void)
{
    revalidate_pending = false;
    if (!upcall_class) {
        return;
    }
    /* The workers wait meanwhile: the actions they would run change, and
     * nothing they count must be lost by coverage_restore(). */
    dp_lock_write();
    struct coverage_snapshot *snap = coverage_snapshot();
    size_t n_kept = 0, n_gone = 0, n_modified = 0;
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        size_t n;
        struct dp_flow **flows = all_flows(dpif, &n);
        bool gone = false;
        for (size_t i = 0; i < n; i++) {
            bool modified = false;
            if (revalidate_flow(dpif, flows[i], &modified)) {
                n_kept++;
                n_modified += modified;
            } else {
                flow_free(dpif, flows[i]);
                gone = true;
                n_gone++;
            }
        }
        if (gone) {
            clear_emcs(dpif);
        }
        free(flows);
    }
    coverage_restore(snap);
    dp_unlock_write();
    COVERAGE_INC(datapath_revalidate);
    COVERAGE_ADD(datapath_revalidate_keep, n_kept);
    COVERAGE_ADD(datapath_revalidate_delete, n_gone);
    COVERAGE_ADD(datapath_flow_modify, n_modified);
}

/* What an invalidation asked for, done now unless a packet is being
 * processed. */
static void
revalidate_if_needed(void)
{
    if (busy) {
        return;
    }
    if (invalidate_pending) {
        invalidate_all();
    }
    if (revalidate_pending) {
        revalidate_all();
    }
}

/* Credits every megaflow's statistics upward, so that what the upper
 * layer reports (OpenFlow flow counters) is up to date. */
void
dpif_push_stats(void)
{
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        struct cls_cursor cursor = cls_cursor_start(&dpif->flows, NULL);
        struct cls_rule *cr;
        while ((cr = cls_cursor_next(&cursor)) != NULL) {
            credit(CONTAINER_OF(cr, struct dp_flow, cr));
        }
    }
}

size_t
dpif_flow_count(const struct dpif *dpif)
{
    return classifier_count(&dpif->flows);
}

/* The hash of a flow key for the EMC: of the fields that tell flows apart
 * in practice (port, Ethernet and IP addresses, protocol, ports, the outer
 * VLAN, the tunnel's ID and endpoints), not of every byte.  Keys that
 * differ elsewhere share a slot, and lookup() checks the megaflow against
 * the whole key anyway. */
static uint32_t
key_hash(const struct flow *key)
{
    uint64_t macs = (eth_addr_hash_word(&key->dl_src)
                     ^ (eth_addr_hash_word(&key->dl_dst) << 16));

    uint64_t h = hash_pairs_start(0);
    h = hash_pair_add(h, 0,
                      (((uint64_t) key->in_port << 32) ^ key->pkt_mark
                       ^ ((uint64_t) key->dl_type << 16) ^ key->nw_proto),
                      ((uint64_t) key->nw_src << 32) | key->nw_dst);
    h = hash_pair_add(h, 1,
                      (((uint64_t) key->vlans[0].tci << 32)
                       | ((uint64_t) key->tp_src << 16) | key->tp_dst),
                      macs);
    size_t n = 2;
    if (key->dl_type == htons(ETH_TYPE_IPV6)) {
        uint64_t a[2], b[2];
        memcpy(a, &key->ipv6_src, 16);
        memcpy(b, &key->ipv6_dst, 16);
        h = hash_pair_add(h, n++, a[0], a[1]);
        h = hash_pair_add(h, n++, b[0], b[1]);
    }

    const struct flow_tnl *tnl = &key->tunnel;
    if (tnl->ip_dst || !ipv6_addr_is_zero(&tnl->ipv6_dst)) {
        uint64_t ends;
        if (tnl->ip_dst) {
            ends = ((uint64_t) tnl->ip_src << 32) | tnl->ip_dst;
        } else {
            uint64_t a, b;
            memcpy(&a, &tnl->ipv6_src.s6_addr[8], 8);
            memcpy(&b, &tnl->ipv6_dst.s6_addr[8], 8);
            ends = a ^ (b << 1);
        }
        h = hash_pair_add(h, n++, tnl->tun_id ^ ((uint64_t) tnl->flags << 48),
                          ends);
    }
    return hash_pairs_finish(h, n);
}

/* The EMC is 2-way: a key may sit in either of two slots, picked by two
 * parts of its hash.  With one slot, any two of the busy keys that hash to
 * the same one push each other out on every packet (a tenth of 2,000 keys
 * in 8,192 slots), and each such packet takes the megaflow lookup. */
static struct emc_entry *
emc_slot(struct emc *emc, uint32_t hash, int way)
{
    uint32_t h = way ? (hash >> 16) ^ (hash << 3) : hash;
    return &emc->entries[h & (EMC_SIZE - 1)];
}

/* Remembers in "emc" that the key of "hash" hit "flow": in a slot of its
 * own, or an empty one, or else in the one the hash's top bit picks. */
static void
emc_insert(struct emc *emc, uint32_t hash, struct dp_flow *flow)
{
    struct emc_entry *a = emc_slot(emc, hash, 0);
    struct emc_entry *b = emc_slot(emc, hash, 1);
    struct emc_entry *e = (a->hash == hash || !a->flow ? a
                           : b->hash == hash || !b->flow ? b
                           : hash >> 31 ? b : a);
    e->hash = hash;
    e->flow = flow;
}

static struct dp_flow *
lookup(struct dpif *dpif, const struct flow *key, uint32_t hash)
{
    struct emc *emc = emc_for(dpif);

    for (int way = 0; way < 2; way++) {
        struct emc_entry *e = emc_slot(emc, hash, way);
        if (e->flow && e->hash == hash
            && cls_rule_matches_flow(&e->flow->cr, key)) {
            return e->flow;
        }
    }
    const struct cls_rule *cr = classifier_lookup(&dpif->flows, key, NULL);
    if (cr) {
        struct dp_flow *flow = CONTAINER_OF(cr, struct dp_flow, cr);
        emc_insert(emc, hash, flow);
        return flow;
    }
    return NULL;
}

static void execute(struct dpif *, struct dp_packet *, const struct flow *key,
                    const struct odp_action *, size_t len, bool upcall,
                    int depth);

static void
install(struct dpif *dpif, struct dpif_upcall *u, uint32_t hash)
{
    struct dp_flow *flow = xzalloc(sizeof *flow);
    struct match match;

    match.flow = *u->key;
    match.wc = u->mask;
    match.wc.in_port = UINT32_MAX;
    memset(&match.wc.tunnel.metadata, 0, sizeof match.wc.tunnel.metadata);
    match_zero_wildcarded(&match);
    cls_rule_init(&flow->cr, &match, 0);
    flow->actions = xmalloc(u->actions.size + 1);
    memcpy(flow->actions, u->actions.data, u->actions.size);
    flow->actions_len = u->actions.size;
    flow->ukey = u->ukey;
    flow->created = time_msec();
    flow->key = *u->key;

    dp_lock_write();
    struct cls_rule *old = classifier_replace(&dpif->flows, &flow->cr);
    if (old) {
        /* A megaflow of the same match: the new translation wins. */
        clear_emcs(dpif);
        struct dp_flow *of = CONTAINER_OF(old, struct dp_flow, cr);
        credit(of);
        cls_rule_destroy(&of->cr);
        if (upcall_class && of->ukey) {
            upcall_class->free_ukey(of->ukey);
        }
        free(of->actions);
        free(of);
    }
    dp_unlock_write();
    emc_insert(dpif->emc, hash, flow);
    COVERAGE_INC(datapath_flow_install);
}

/* Runs "packet", whose flow is "key" of key_hash() "hash", through
 * "dpif": the flow caches, or an upcall.  Takes over nothing: the caller
 * frees the packet. */
static void
process_hashed(struct dpif *dpif, struct dp_packet *packet,
               const struct flow *key, uint32_t hash, int depth)
{
    struct dp_flow *flow = lookup(dpif, key, hash);

    if (flow) {
        struct stat_slot s = stat_slot();
        stat_add(s, &dpif->n_hit[s.index], 1);
        stat_add(s, &flow->stats[s.index].n_packets, 1);
        stat_add(s, &flow->stats[s.index].n_bytes, dp_packet_size(packet));
        long long int now = batch_msec ? batch_msec : coarse_msec();
        if (__atomic_load_n(&flow->used, __ATOMIC_RELAXED) != now) {
            /* Written once a millisecond, not per packet: a line fewer
             * that threads forwarding the same megaflow pass around. */
            __atomic_store_n(&flow->used, now, __ATOMIC_RELAXED);
        }
        execute(dpif, packet, key, flow->actions, flow->actions_len, false,
                depth);
        return;
    }
    if (dp_worker_self()) {
        /* The main thread does the upcall (and counts the miss). */
        dp_worker_queue_miss(dpif, packet, key, depth);
        return;
    }

    dpif->n_missed++;
    if (!upcall_class) {
        COVERAGE_INC(datapath_drop_no_upcall);
        return;
    }
    COVERAGE_INC(datapath_upcall);

    struct dpif_upcall u;
    memset(&u, 0, sizeof u);
    u.dpif = dpif;
    u.key = key;
    u.packet = packet;
    ofpbuf_init(&u.actions, 256);
    u.cacheable = true;
    size_t size = dp_packet_size(packet);
    upcall_class->upcall(&u);

    /* Translation did not count the packet; the megaflow's statistics
     * start after it, as Open vSwitch's do. */
    if (u.ukey) {
        upcall_class->credit(u.ukey, 1, size, time_msec());
    }
    if (u.cacheable) {
        install(dpif, &u, hash);
    } else if (u.ukey) {
        upcall_class->free_ukey(u.ukey);
    }
    /* Run from the upcall's own copy of the actions, which nothing the
     * actions do can free. */
    execute(dpif, packet, key, (const struct odp_action *) u.actions.data,
            u.actions.size, true, depth);
    ofpbuf_uninit(&u.actions);
}

/* Runs "packet", whose flow is "key", through "dpif" (see
 * process_hashed()). */
static void
process(struct dpif *dpif, struct dp_packet *packet, const struct flow *key,
        int depth)
{
    process_hashed(dpif, packet, key, key_hash(key), depth);
}

/* The keys of a batch of received packets go into this thread's
 * "rx_keys", whose tunnel fields (three quarters of each key) stay zero
 * from one batch to the next: nothing writes a received packet's key
 * after extraction (a pop writes into a key of its own), so only the rest
 * needs zeroing per packet.  A receive nested in another's processing in
 * the same thread takes its packets one at a time, with a key on the
 * stack. */
static __thread struct flow rx_keys[DP_PACKET_BATCH_SIZE];
static __thread bool rx_keys_busy;

/* Checks, in the sanitizer builds that "make check" runs, that the first
 * "n" of "rx_keys" still have zero tunnel fields. */
static void
rx_keys_check(size_t n)
{
    if (OVSX_SANITIZED) {
        static const struct flow_tnl zero;
        for (size_t i = 0; i < n; i++) {
            if (memcmp(&rx_keys[i].tunnel, &zero, sizeof zero)) {
                OVSX_NOT_REACHED();
            }
        }
    }
}

/* Runs the "n" packets (at most DP_PACKET_BATCH_SIZE) received on
 * "netdev" through "dpif", in passes, so that what each packet's lookup
 * reads is on its way from memory while the other packets are worked on:
 * the keys and their hashes, with the exact-match cache's slots
 * prefetched; the megaflows those slots name; their matches and actions;
 * then each packet's lookup and actions.  Only the last pass acts on what
 * it reads: a packet's upcall may change the megaflows under the next. */
static void
receive_batch(struct dpif *dpif, struct netdev *netdev,
              struct dp_packet **packets, size_t n)
{
    struct emc *emc = emc_for(dpif);
    uint32_t hashes[DP_PACKET_BATCH_SIZE];
    struct dp_flow *flows[DP_PACKET_BATCH_SIZE];

    for (size_t i = 0; i < n; i++) {
        flow_extract_inner(packets[i], &rx_keys[i]);
        rx_keys[i].in_port = netdev->dp_port_no;
        hashes[i] = key_hash(&rx_keys[i]);
        __builtin_prefetch(emc_slot(emc, hashes[i], 0));
        __builtin_prefetch(emc_slot(emc, hashes[i], 1));
    }
    for (size_t i = 0; i < n; i++) {
        const struct emc_entry *e = emc_slot(emc, hashes[i], 0);
        if (e->hash != hashes[i]) {
            e = emc_slot(emc, hashes[i], 1);
        }
        flows[i] = e->hash == hashes[i] ? e->flow : NULL;
        if (flows[i]) {
            __builtin_prefetch(flows[i]);
            __builtin_prefetch((const char *) flows[i] + 64);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (flows[i]) {
            cls_rule_prefetch(&flows[i]->cr);
            __builtin_prefetch(flows[i]->actions);
        }
    }
    for (size_t i = 0; i < n; i++) {
        process_hashed(dpif, packets[i], &rx_keys[i], hashes[i], 0);
    }
}

/* The netdev receive handler: every packet of every port comes here, in
 * batches of "n" "packets", which it takes over. */
void
dpif_receive_batch(struct netdev *netdev, struct dp_packet **packets,
                   size_t n)
{
    struct dpif *dpif = netdev->dpif;
    /* A worker works under the datapath lock, as the main thread left
     * the megaflows; the main thread revalidates first, if it is due. */
    bool main_thread = !dp_worker_self();

    if (dpif && main_thread) {
        revalidate_if_needed();
        busy++;
    }
    if (dpif && !rx_keys_busy) {
        rx_keys_busy = true;
        for (size_t i = 0; i < n; i += DP_PACKET_BATCH_SIZE) {
            size_t k = MIN(n - i, DP_PACKET_BATCH_SIZE);
            receive_batch(dpif, netdev, &packets[i], k);
            rx_keys_check(k);
        }
        rx_keys_busy = false;
    } else if (dpif) {
        for (size_t i = 0; i < n; i++) {
            struct flow key;
            flow_extract(packets[i], &key);
            key.in_port = netdev->dp_port_no;
            process(dpif, packets[i], &key, 0);
        }
    }
    if (dpif && main_thread) {
        busy--;
    }
    for (size_t i = 0; i < n; i++) {
        dp_packet_delete(packets[i]);
    }
}

/* The main thread's part of a worker's miss: the upcall. */
static void
worker_miss(struct dpif *dpif, struct dp_packet *packet,
            const struct flow *key, int depth)
{
    busy++;
    process(dpif, packet, key, depth);
    busy--;
}

static void
worker_userspace(const struct dp_packet *packet, const void *data,
                 size_t len)
{
    if (upcall_class && upcall_class->userspace) {
        upcall_class->userspace(packet, data, len);
    }
}

/* Runs "actions" on "packet" (whose flow is "key"), outside the caches:
 * an OpenFlow packet-out.  The caller keeps the packet. */
void
dpif_execute(struct dpif *dpif, struct dp_packet *packet,
             const struct flow *key, const struct odp_action *actions,
             size_t len)
{
    busy++;
    execute(dpif, packet, key, actions, len, true, 0);
    busy--;
}

static void
execute_set(struct dp_packet *p, const struct odpa_set *set)
{
    const struct flow *f = &set->flow;
    uint32_t x = set->fields;

    if (x & ODP_SET_ETH_SRC) {
        packet_set_eth_src(p, f->dl_src);
    }
    if (x & ODP_SET_ETH_DST) {
        packet_set_eth_dst(p, f->dl_dst);
    }
    if (x & ODP_SET_VLAN_TCI) {
        packet_set_vlan_tci(p, f->vlans[0].tci, htons(0xffff));
    }
    if (x & ODP_SET_ARP) {
        packet_set_arp(p, f->nw_proto, f->nw_src, f->nw_dst, f->arp_sha,
                       f->arp_tha);
    }
    if (x & ODP_SET_NW_SRC) {
        packet_set_ipv4_src(p, f->nw_src);
    }
    if (x & ODP_SET_NW_DST) {
        packet_set_ipv4_dst(p, f->nw_dst);
    }
    if (x & ODP_SET_IPV6_SRC) {
        packet_set_ipv6_addr(p, true, &f->ipv6_src);
    }
    if (x & ODP_SET_IPV6_DST) {
        packet_set_ipv6_addr(p, false, &f->ipv6_dst);
    }
    if (x & ODP_SET_IPV6_LABEL) {
        packet_set_ipv6_label(p, f->ipv6_label);
    }
    if (x & ODP_SET_DSCP) {
        packet_set_ip_dscp(p, f->nw_tos);
    }
    if (x & ODP_SET_ECN) {
        packet_set_ip_ecn(p, f->nw_tos);
    }
    if (x & ODP_SET_TTL) {
        packet_set_ip_ttl(p, f->nw_ttl);
    }
    if (x & ODP_SET_ICMP) {
        packet_set_icmp(p, ntohs(f->tp_src), ntohs(f->tp_dst));
    }
    if (x & ODP_SET_TP_SRC) {
        packet_set_l4_port(p, true, f->tp_src);
    }
    if (x & ODP_SET_TP_DST) {
        packet_set_l4_port(p, false, f->tp_dst);
    }
}

static void
execute_tnl_pop(struct dpif *dpif, struct dp_packet *packet,
                const struct odpa_tnl_pop *pop, int depth)
{
    struct flow key;
    enum tnl_type type;
    uint16_t inner_proto;

    if (depth + 1 >= DP_MAX_RECIRC) {
        COVERAGE_INC(datapath_drop_recirc_depth);
        return;
    }
    /* The outer headers go straight into the inner packet's key; its
     * TLV-mapped metadata stays zero, as in every datapath key. */
    if (tnl_pop(packet, &pop->pop, &key.tunnel, &type, &inner_proto)
        != TNL_DROP_NONE) {
        /* tnl_pop() counted why. */
        return;
    }
    COVERAGE_INC(tunnel_pop);
    if (inner_proto == ETH_TYPE_IP || inner_proto == ETH_TYPE_IPV6) {
        /* A bare L3 payload (Geneve packet_type=legacy_l3): an all-zero
         * Ethernet header, and a mark for the port lookup. */
        packet_push_eth(packet, inner_proto);
        key.tunnel.flags |= FLOW_TNL_F_L3_PAYLOAD;
    } else if (inner_proto != ETH_TYPE_TEB) {
        COVERAGE_INC(tunnel_drop_l3_payload);
        return;
    }

    flow_extract_inner(packet, &key);
    key.in_port = pop->tnl_port;
    process(dpif, packet, &key, depth + 1);
}

/* "packet" does not fit the underlay of tunnel push "p" with its outer
 * headers: it is dropped, and its sender (the port it came in on) gets
 * the ICMP that path MTU discovery needs, if the packet asked for it. */
static void
too_big(struct dpif *dpif, const struct dp_packet *packet,
        const struct flow *key, const struct odpa_tnl_push *p)
{
    bool has_eth = p->cfg.inner_proto == ETH_TYPE_TEB;
    struct dp_packet *reply = tnl_too_big_reply(packet, has_eth, p->max_len);

    COVERAGE_INC(tunnel_drop_too_big);
    if (!reply) {
        return;
    }
    if (!has_eth) {
        /* The port stripped the Ethernet header: the reply gets one with
         * the addresses the packet came with, swapped. */
        const uint8_t *d = dp_packet_data(reply);
        packet_push_eth(reply, (d[0] >> 4) == 6 ? ETH_TYPE_IPV6
                                                : ETH_TYPE_IP);
        struct eth_header *eth = (struct eth_header *) dp_packet_data(reply);
        eth->eth_dst = key->dl_src;
        eth->eth_src = key->dl_dst;
    }
    struct dpif_port *in = dpif_port_by_number(dpif, key->in_port);
    if (in && in->netdev) {
        COVERAGE_INC(tunnel_icmp_too_big);
        netdev_send(in->netdev, reply);
    }
    dp_packet_delete(reply);
}

/* The rest of an action list, for each segment of a cut packet. */
struct gso_aux {
    struct dpif *dpif;
    const struct flow *key;
    const struct odp_action *actions;
    size_t len;
    bool upcall;
    int depth;
};

static void
gso_execute(struct dp_packet *segment, void *aux_)
{
    const struct gso_aux *aux = aux_;

    execute(aux->dpif, segment, aux->key, aux->actions, aux->len,
            aux->upcall, aux->depth);
    dp_packet_delete(segment);
}

/* Runs "actions" on "packet".  "upcall": the packet was just translated,
 * and translation counted its drops already. */
static void
execute(struct dpif *dpif, struct dp_packet *packet, const struct flow *key,
        const struct odp_action *actions, size_t len, bool upcall, int depth)
{
    const struct odp_action *a;

    ODP_ACTION_FOR_EACH (a, actions, len) {
        switch ((enum odp_action_type) a->type) {
        case ODPA_OUTPUT: {
            const struct odpa_output *o = (const void *) a;
            struct dpif_port *port = dpif_port_by_number(dpif, o->port);
            if (port && port->netdev) {
                netdev_send(port->netdev, packet);
            }
            break;
        }
        case ODPA_SET:
            execute_set(packet, (const struct odpa_set *) a);
            break;
        case ODPA_PUSH_VLAN: {
            const struct odpa_push_vlan *v = (const void *) a;
            packet_push_vlan(packet, v->tpid, v->tci);
            break;
        }
        case ODPA_POP_VLAN:
            packet_pop_vlan(packet);
            break;
        case ODPA_POP_ETH:
            packet_pop_eth(packet);
            break;
        case ODPA_TNL_PUSH: {
            const struct odpa_tnl_push *p = (const void *) a;
            /* What cuts the packet first runs the rest of the actions,
             * this push included, on each piece. */
            struct gso_aux rest = {
                .dpif = dpif, .key = key, .actions = a,
                .len = len - ((const uint8_t *) a - (const uint8_t *) actions),
                .upcall = upcall, .depth = depth,
            };
            if (packet->gso.type) {
                /* A TCP packet of up to 64 kB that the kernel was to
                 * cut: once inside a tunnel nobody would. */
                if (!dp_packet_gso_segment(packet, gso_execute, &rest)) {
                    COVERAGE_INC(tunnel_drop_gso);
                } else {
                    COVERAGE_INC(tunnel_gso);
                }
                return;
            }
            if (p->max_len && dp_packet_size(packet) > p->max_len) {
                /* IPv4 that may be fragmented is, before it goes into the
                 * tunnel; the rest gets ICMP back. */
                if (dp_packet_ip_fragment(packet,
                                          p->cfg.inner_proto == ETH_TYPE_TEB,
                                          p->max_len, gso_execute, &rest)) {
                    COVERAGE_INC(tunnel_fragment);
                } else {
                    too_big(dpif, packet, key, p);
                }
                return;
            }
            if (p->tmpl.len) {
                tnl_push_from_template(packet, &p->tmpl,
                                       flow_hash_5tuple(key, 0));
                COVERAGE_INC(tunnel_push_template);
            } else if (tnl_push(packet, &p->cfg, &p->tnl, p->src, p->dst,
                                flow_hash_5tuple(key, 0))) {
                odp_drop_count(ODP_DROP_TNL_BAD_OPTIONS);
                return;
            }
            COVERAGE_INC(tunnel_push);
            break;
        }
        case ODPA_TNL_POP:
            execute_tnl_pop(dpif, packet, (const struct odpa_tnl_pop *) a,
                            depth);
            /* The packet is the inner one now, and went on its way. */
            return;
        case ODPA_CLONE: {
            size_t n;
            const struct odp_action *nested = odp_clone_actions(a, &n);
            if ((const uint8_t *) odp_action_next(a)
                == (const uint8_t *) actions + len) {
                /* Nothing after it sees the packet: no copy. */
                execute(dpif, packet, key, nested, n, upcall, depth);
                return;
            }
            struct dp_packet *copy = dp_packet_clone(packet);
            execute(dpif, copy, key, nested, n, upcall, depth);
            dp_packet_delete(copy);
            break;
        }
        case ODPA_DROP:
            if (!upcall) {
                odp_drop_count(((const struct odpa_drop *) a)->reason);
            }
            break;
        case ODPA_USERSPACE:
            if (upcall_class && upcall_class->userspace) {
                size_t n;
                const void *data = odp_userspace_data(a, &n);
                if (dp_worker_self()) {
                    dp_worker_queue_userspace(dpif, packet, data, n);
                } else {
                    upcall_class->userspace(packet, data, n);
                }
            }
            break;
        }
    }
}

/* Expires idle megaflows. */
void
dpif_run(void)
{
    static long long int next_sweep;
    long long int now = time_msec();

    revalidate_if_needed();
    /* What the workers handed over, after any revalidation. */
    dp_workers_run(worker_miss, worker_userspace);
    if (now < next_sweep) {
        return;
    }
    next_sweep = now + 1000;
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        struct cls_cursor cursor = cls_cursor_start(&dpif->flows, NULL);
        struct cls_rule *cr;
        size_t n = 0;
        struct dp_flow **idle = xmalloc((classifier_count(&dpif->flows) + 1)
                                        * sizeof *idle);
        while ((cr = cls_cursor_next(&cursor)) != NULL) {
            struct dp_flow *flow = CONTAINER_OF(cr, struct dp_flow, cr);
            credit(flow);
            long long int used = __atomic_load_n(&flow->used,
                                                 __ATOMIC_RELAXED);
            if (MAX(used, flow->created) + max_idle < now) {
                idle[n++] = flow;
            }
        }
        if (n) {
            dp_lock_write();
            clear_emcs(dpif);
            for (size_t i = 0; i < n; i++) {
                flow_free(dpif, idle[i]);
            }
            dp_unlock_write();
        }
        free(idle);
    }
}

void
dpif_wait(void)
{
    if (invalidate_pending || revalidate_pending) {
        poll_immediate_wake();
    }
    dp_workers_wait();
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        if (!classifier_is_empty(&dpif->flows)) {
            poll_timer_wait(1000);
            break;
        }
    }
}

/* ---------------------------------------------------------------------
 * ovs-appctl dpctl/...
 * --------------------------------------------------------------------- */

/* The datapath named by "argv[1]" ("netdev@ovs-netdev", "ovs-netdev"),
 * or the only one. */
static struct dpif *
dpif_from_args(int argc, const char *argv[], char **errorp)
{
    *errorp = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            continue;
        }
        for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
            char *full = xasprintf("%s@%s", dpif->type, dpif->name);
            bool same = !strcmp(argv[i], full)
                        || !strcmp(argv[i], dpif->name);
            free(full);
            if (same) {
                return dpif;
            }
        }
        *errorp = xasprintf("%s: no such datapath", argv[i]);
        return NULL;
    }
    struct dpif *dpif = dpif_first();
    if (!dpif) {
        *errorp = xstrdup("no datapaths exist");
    } else if (dpif_next(dpif)) {
        *errorp = xstrdup("multiple datapaths, specify one");
        return NULL;
    }
    return dpif;
}

static void
format_used(struct ds *ds, long long int used, long long int now)
{
    if (!used) {
        ds_put_cstr(ds, "never");
    } else {
        ds_put_format(ds, "%.3fs", (now - used) / 1000.0);
    }
}

static void
cmd_dump_flows(struct unixctl_conn *conn, int argc, const char *argv[],
               void *aux OVSX_UNUSED)
{
    char *error;
    struct dpif *dpif = dpif_from_args(argc, argv, &error);

    revalidate_if_needed();
    if (!dpif) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    struct cls_cursor cursor = cls_cursor_start(&dpif->flows, NULL);
    struct cls_rule *cr;
    long long int now = time_msec();
    while ((cr = cls_cursor_next(&cursor)) != NULL) {
        const struct dp_flow *flow = CONTAINER_OF(cr, struct dp_flow, cr);
        struct match match;
        cls_rule_get_match(&flow->cr, &match);
        odp_flow_format(&ds, &match.flow, &match.wc);
        struct dp_flow_stats st = flow_stats(flow);
        ds_put_format(&ds, ", packets:%"PRIu64", bytes:%"PRIu64", used:",
                      st.n_packets, st.n_bytes);
        format_used(&ds, __atomic_load_n(&flow->used, __ATOMIC_RELAXED),
                    now);
        ds_put_cstr(&ds, ", actions:");
        odp_actions_format(&ds, flow->actions, flow->actions_len);
        ds_put_char(&ds, '\n');
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct dpif_port *const *a = a_, *const *b = b_;
    return (*a)->port_no < (*b)->port_no ? -1 : (*a)->port_no > (*b)->port_no;
}

/* The type "dpctl/show" prints for "port", as Open vSwitch's. */
static void
put_port_type(struct ds *ds, const struct dpif *dpif,
              const struct dpif_port *port)
{
    if (port->netdev) {
        ds_put_cstr(ds, netdev_get_type(port->netdev));
        return;
    }
    /* A shared tunnel port: "genev_sys_6081", "vxlan_sys_4789",
     * "gre_sys". */
    const char *digits = port->name + strcspn(port->name, "0123456789");
    unsigned long udp = strtoul(digits, NULL, 10);
    if (!strncmp(port->name, "genev_sys_", 10)) {
        ds_put_cstr(ds, "geneve: ");
        if (udp != 6081) {
            ds_put_format(ds, "dst_port=%lu, ", udp);
        }
    } else if (!strncmp(port->name, "vxlan_sys_", 10)) {
        ds_put_cstr(ds, "vxlan: ");
        if (udp != 4789) {
            ds_put_format(ds, "dst_port=%lu, ", udp);
        }
    } else {
        ds_put_cstr(ds, "gre: ");
    }
    ds_put_cstr(ds, "packet_type=ptap");
    (void) dpif;
}

static void
put_counter(struct ds *ds, const char *name, uint64_t value, bool known)
{
    if (known) {
        ds_put_format(ds, " %s:%"PRIu64, name, value);
    } else {
        ds_put_format(ds, " %s:?", name);
    }
}

/* "ovs-appctl dpctl/show [-s] [DP]": each datapath's lookups, megaflow
 * count and ports (port 0 is the datapath's own), with "-s" each port's
 * counters; what a port does not count is "?", as Open vSwitch prints
 * it. */
static void
cmd_show(struct unixctl_conn *conn, int argc, const char *argv[],
         void *aux OVSX_UNUSED)
{
    bool stats = false;
    const char *name = NULL;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--statistics")) {
            stats = true;
        } else {
            name = argv[i];
        }
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        if (name && strcmp(name, dpif->name)
            && (strncmp(name, dpif->type, strlen(dpif->type))
                || name[strlen(dpif->type)] != '@'
                || strcmp(name + strlen(dpif->type) + 1, dpif->name))) {
            continue;
        }
        ds_put_format(&ds, "%s@%s:\n", dpif->type, dpif->name);
        ds_put_format(&ds, "  lookups: hit:%"PRIu64" missed:%"PRIu64
                      " lost:0\n", dpif_n_hit(dpif), dpif->n_missed);
        ds_put_format(&ds, "  flows: %zu\n", dpif_flow_count(dpif));

        size_t n = 0;
        struct dpif_port **ports = xmalloc((hmap_count(&dpif->ports) + 1)
                                           * sizeof *ports);
        struct dpif_port *port;
        HMAP_FOR_EACH (port, node, &dpif->ports) {
            ports[n++] = port;
        }
        qsort(ports, n, sizeof *ports, compare_ports);

        /* Port 0, the datapath's own: no device here. */
        ds_put_format(&ds, "  port 0: %s (%s)\n", dpif->name,
                      !strcmp(dpif->type, "dummy") ? "dummy-internal"
                      : "tap");
        for (size_t i = 0; i <= n; i++) {
            if (i) {
                port = ports[i - 1];
                ds_put_format(&ds, "  port %"PRIu32": %s (", port->port_no,
                              port->name);
                put_port_type(&ds, dpif, port);
                ds_put_cstr(&ds, ")\n");
            }
            if (!stats) {
                continue;
            }
            struct netdev_stats st;
            memset(&st, 0, sizeof st);
            bool full = false;
            if (i && port->netdev) {
                netdev_get_stats(port->netdev, &st);
                full = port->netdev->class->get_stats != NULL;
            }
            ds_put_format(&ds, "    RX packets:%"PRIu64, st.rx_packets);
            put_counter(&ds, "errors", st.rx_errors, full);
            put_counter(&ds, "dropped", st.rx_dropped, full);
            ds_put_cstr(&ds, " overruns:? frame:?\n");
            ds_put_format(&ds, "    TX packets:%"PRIu64, st.tx_packets);
            put_counter(&ds, "errors", st.tx_errors, full);
            put_counter(&ds, "dropped", st.tx_dropped, full);
            ds_put_cstr(&ds, " aborted:? carrier:?\n");
            ds_put_cstr(&ds, "   ");
            put_counter(&ds, "collisions", st.collisions, full);
            ds_put_format(&ds, "\n    RX bytes:%"PRIu64"  TX bytes:%"PRIu64
                          "\n", st.rx_bytes, st.tx_bytes);
        }
        free(ports);
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
cmd_del_flows(struct unixctl_conn *conn, int argc, const char *argv[],
              void *aux OVSX_UNUSED)
{
    char *error;
    struct dpif *dpif = dpif_from_args(argc, argv, &error);

    if (!dpif) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    flush_dpif(dpif);
    unixctl_command_reply(conn, "");
}

static void
cmd_show_workers(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                 const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    dp_workers_format(&ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

void
dpif_register_commands(void)
{
    unixctl_command_register("dpif/show-workers", "", 0, 0,
                             cmd_show_workers, NULL);
    unixctl_command_register("dpctl/dump-flows", "[DP]", 0, 2,
                             cmd_dump_flows, NULL);
    unixctl_command_register("dpctl/del-flows", "[DP]", 0, 1,
                             cmd_del_flows, NULL);
    unixctl_command_register("dpctl/show", "[-s] [DP]", 0, 2, cmd_show,
                             NULL);
}
