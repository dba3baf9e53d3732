/* Named event counters. */
#include <config.h>
#include "coverage.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "ds.h"
#include "hash.h"
#include "util.h"

/* Registered counters, "n_counters" of them.  Registration happens in
 * constructors, before any thread exists, so the list needs no lock. */
static struct coverage_counter *counters;
static size_t n_counters;

void
coverage_register(struct coverage_counter *c)
{
    c->index = n_counters++;
    c->next = counters;
    counters = c;
}

/* The threads' counts.  "threads_mutex" guards the list of threads and
 * "base"; each thread's counts are its own to write. */
struct coverage_thread {
    uint64_t *counts;           /* "n_counters" of them. */
    struct coverage_thread *next;
};
static pthread_mutex_t threads_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct coverage_thread *threads;
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

/* Per counter, what threads that have exited counted, less what
 * coverage_clear() and coverage_restore() took away (modulo 2^64). */
static uint64_t *base;

__thread uint64_t *coverage_counts;

/* A thread exits: what it counted goes into "base". */
static void
thread_exit(void *t_)
{
    struct coverage_thread *t = t_;

    pthread_mutex_lock(&threads_mutex);
    for (struct coverage_thread **p = &threads; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    for (size_t i = 0; i < n_counters; i++) {
        base[i] += t->counts[i];
    }
    pthread_mutex_unlock(&threads_mutex);
    free(t->counts);
    free(t);
    coverage_counts = NULL;     /* A later count in this thread starts anew. */
}

static void
thread_key_init(void)
{
    pthread_key_create(&thread_key, thread_exit);
}

/* Gives this thread counts of its own, and returns them. */
uint64_t *
coverage_thread_init(void)
{
    struct coverage_thread *t = xmalloc(sizeof *t);

    pthread_once(&thread_once, thread_key_init);
    t->counts = xzalloc(MAX(n_counters, 1) * sizeof *t->counts);
    pthread_mutex_lock(&threads_mutex);
    if (!base) {
        base = xzalloc(MAX(n_counters, 1) * sizeof *base);
    }
    t->next = threads;
    threads = t;
    pthread_mutex_unlock(&threads_mutex);
    pthread_setspecific(thread_key, t);
    coverage_counts = t->counts;
    return t->counts;
}

/* The count of "c" over every thread; "threads_mutex" is held. */
static uint64_t
total_locked(const struct coverage_counter *c)
{
    uint64_t total = base ? base[c->index] : 0;

    for (const struct coverage_thread *t = threads; t; t = t->next) {
        total += __atomic_load_n(&t->counts[c->index], __ATOMIC_RELAXED);
    }
    return total;
}

/* The count of "c" over every thread. */
static uint64_t
total(const struct coverage_counter *c)
{
    pthread_mutex_lock(&threads_mutex);
    uint64_t n = total_locked(c);
    pthread_mutex_unlock(&threads_mutex);
    return n;
}

/* Makes the count of "c" read "value" from now on; "threads_mutex" is
 * held. */
static void
set_locked(const struct coverage_counter *c, uint64_t value)
{
    if (!base) {
        base = xzalloc(MAX(n_counters, 1) * sizeof *base);
    }
    base[c->index] += value - total_locked(c);
}

/* Returns the count of the counter called "name", 0 if there is none. */
uint64_t
coverage_get(const char *name)
{
    for (const struct coverage_counter *c = counters; c; c = c->next) {
        if (!strcmp(c->name, name)) {
            return total(c);
        }
    }
    return 0;
}

/* Tells whether a counter called "name" exists. */
bool
coverage_exists(const char *name)
{
    for (const struct coverage_counter *c = counters; c; c = c->next) {
        if (!strcmp(c->name, name)) {
            return true;
        }
    }
    return false;
}

static int
compare_counters(const void *a_, const void *b_)
{
    const struct coverage_counter *const *a = a_;
    const struct coverage_counter *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Rates, as Open vSwitch keeps them: every COVERAGE_RUN_INTERVAL each
 * counter's increase goes into a ring of the last minute's intervals,
 * and each minute's sum into a ring of the last hour's minutes. */
#define COVERAGE_RUN_INTERVAL 5000              /* ms */
#define MIN_SLOTS (60000 / COVERAGE_RUN_INTERVAL)
#define HR_SLOTS 60

struct coverage_rates {
    uint64_t last_total;        /* Count at the last interval. */
    uint64_t min[MIN_SLOTS];    /* Increase in each interval. */
    uint64_t hr[HR_SLOTS];      /* Increase in each minute. */
};

static long long int next_run;
static unsigned int min_idx, hr_idx;

/* Takes a sample every interval.  Call it from the main loop. */
void
coverage_run(void)
{
    long long int now = time_msec();

    if (!next_run) {
        next_run = now + COVERAGE_RUN_INTERVAL;
    }
    while (now >= next_run) {
        for (struct coverage_counter *c = counters; c; c = c->next) {
            if (!c->rates) {
                c->rates = xzalloc(sizeof *c->rates);
            }
            struct coverage_rates *r = c->rates;
            uint64_t n = total(c);
            r->min[min_idx] = n - r->last_total;
            r->last_total = n;
            if (min_idx == MIN_SLOTS - 1) {
                uint64_t sum = 0;
                for (int i = 0; i < MIN_SLOTS; i++) {
                    sum += r->min[i];
                }
                r->hr[hr_idx] = sum;
            }
        }
        if (++min_idx == MIN_SLOTS) {
            min_idx = 0;
            hr_idx = (hr_idx + 1) % HR_SLOTS;
        }
        next_run += COVERAGE_RUN_INTERVAL;
    }
}

/* Returns when coverage_run() next has work. */
long long int
coverage_next_run(void)
{
    return next_run ? next_run : time_msec();
}

/* Appends the counters as "ovs-appctl coverage/show" prints Open
 * vSwitch's: average rates over the last 5 seconds, minute and hour and
 * the total of each counter that was ever hit, then how many never
 * were. */
void
coverage_format(struct ds *ds)
{
    size_t n = 0, n_never = 0;
    uint32_t hash = 0;

    for (const struct coverage_counter *c = counters; c; c = c->next) {
        n++;
    }
    struct coverage_counter **sorted = xmalloc((n + 1) * sizeof *sorted);
    n = 0;
    for (struct coverage_counter *c = counters; c; c = c->next) {
        sorted[n++] = c;
    }
    qsort(sorted, n, sizeof *sorted, compare_counters);
    uint64_t *totals = xmalloc((n + 1) * sizeof *totals);
    for (size_t i = 0; i < n; i++) {
        totals[i] = total(sorted[i]);
        if (totals[i]) {
            hash = hash_string(sorted[i]->name, hash);
        }
    }

    ds_put_format(ds, "Event coverage, avg rate over last: %d seconds, "
                  "last minute, last hour,  hash=%08"PRIx32":\n",
                  COVERAGE_RUN_INTERVAL / 1000, hash);
    for (size_t i = 0; i < n; i++) {
        const struct coverage_counter *c = sorted[i];
        const struct coverage_rates *r = c->rates;
        uint64_t last = 0, minute = 0, hour = 0;

        if (!totals[i]) {
            n_never++;
            continue;
        }
        if (r) {
            last = r->min[(min_idx + MIN_SLOTS - 1) % MIN_SLOTS];
            for (int j = 0; j < MIN_SLOTS; j++) {
                minute += r->min[j];
            }
            for (int j = 0; j < HR_SLOTS; j++) {
                hour += r->hr[j];
            }
        }
        ds_put_format(ds, "%-24s %5.1f/sec %9.3f/sec %13.4f/sec   "
                      "total: %"PRIu64"\n", c->name,
                      last / (COVERAGE_RUN_INTERVAL / 1000.0),
                      minute / 60.0, hour / 3600.0, totals[i]);
    }
    ds_put_format(ds, "%zu events never hit\n", n_never);
    free(totals);
    free(sorted);
}

/* Makes every counter read 0.  A count another thread makes meanwhile
 * may survive it. */
void
coverage_clear(void)
{
    pthread_mutex_lock(&threads_mutex);
    for (struct coverage_counter *c = counters; c; c = c->next) {
        set_locked(c, 0);
    }
    pthread_mutex_unlock(&threads_mutex);
}

struct coverage_snapshot {
    size_t n;
    uint64_t counts[];
};

/* Takes every counter's count, in registration order. */
struct coverage_snapshot *
coverage_snapshot(void)
{
    size_t n = 0;

    for (const struct coverage_counter *c = counters; c; c = c->next) {
        n++;
    }
    struct coverage_snapshot *snap = xmalloc(sizeof *snap
                                             + n * sizeof *snap->counts);
    snap->n = n;
    n = 0;
    pthread_mutex_lock(&threads_mutex);
    for (const struct coverage_counter *c = counters; c; c = c->next) {
        snap->counts[n++] = total_locked(c);
    }
    pthread_mutex_unlock(&threads_mutex);
    return snap;
}

/* Puts back the counts of "snap", and frees it. */
void
coverage_restore(struct coverage_snapshot *snap)
{
    size_t n = 0;

    pthread_mutex_lock(&threads_mutex);
    for (struct coverage_counter *c = counters; c && n < snap->n;
         c = c->next) {
        set_locked(c, snap->counts[n++]);
    }
    pthread_mutex_unlock(&threads_mutex);
    free(snap);
}
