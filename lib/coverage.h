/* Named event counters, among them one for every reason a packet or a
 * message is rejected.
 *
 * A module defines a counter once at file scope with COVERAGE_DEFINE(name)
 * and bumps it with COVERAGE_INC(name).  Every defined counter registers
 * itself before main() runs, so coverage_show() lists all of them, zero or
 * not, the way "ovs-appctl coverage/show" will report them.
 *
 * Each thread counts in an array of its own, without a locked
 * instruction: several counters are bumped for every packet, by every
 * datapath thread.  Reading a counter adds up the threads' arrays (and
 * what threads that have exited counted). */
#ifndef COVERAGE_H
#define COVERAGE_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "compiler.h"

struct coverage_counter {
    const char *name;           /* e.g. "geneve_drop_bad_version". */
    size_t index;               /* Its place in each thread's counts. */
    struct coverage_counter *next;
    struct coverage_rates *rates; /* Samples for the rates, or NULL. */
};

void coverage_register(struct coverage_counter *);

/* This thread's counts, indexed by "index", or NULL before its first. */
extern __thread uint64_t *coverage_counts;
uint64_t *coverage_thread_init(void);

/* Adds "n" to "c" in this thread's counts.  Only this thread writes
 * them; the store is atomic for the threads that read them. */
static inline void
coverage_add(const struct coverage_counter *c, uint64_t n)
{
    uint64_t *counts = coverage_counts;

    if (OVSX_UNLIKELY(!counts)) {
        counts = coverage_thread_init();
    }
    __atomic_store_n(&counts[c->index], counts[c->index] + n,
                     __ATOMIC_RELAXED);
}

#define COVERAGE_DEFINE(NAME)                                          \
    struct coverage_counter NAME##_coverage = { .name = #NAME };     \
    static void NAME##_coverage_init(void)                             \
        __attribute__((__constructor__));                              \
    static void NAME##_coverage_init(void)                             \
    {                                                                  \
        coverage_register(&NAME##_coverage);                           \
    }

/* Counters defined in another file are declared with this. */
#define COVERAGE_DECLARE(NAME) extern struct coverage_counter NAME##_coverage

#define COVERAGE_INC(NAME) COVERAGE_ADD(NAME, 1)
#define COVERAGE_ADD(NAME, N) coverage_add(&NAME##_coverage, (N))

struct ds;

uint64_t coverage_get(const char *name);
bool coverage_exists(const char *name);
void coverage_format(struct ds *);
void coverage_run(void);
long long int coverage_next_run(void);
void coverage_clear(void);

/* Every counter's count, to put back later (single-threaded use). */
struct coverage_snapshot;
struct coverage_snapshot *coverage_snapshot(void);
void coverage_restore(struct coverage_snapshot *);

#endif /* coverage.h */
