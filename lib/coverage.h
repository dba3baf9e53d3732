/* Named event counters, among them one for every reason a packet or a
 * message is rejected.
 *
 * A module defines a counter once at file scope with COVERAGE_DEFINE(name)
 * and bumps it with COVERAGE_INC(name).  Every defined counter registers
 * itself before main() runs, so coverage_show() lists all of them, zero or
 * not, the way "ovs-appctl coverage/show" will report them. */
#ifndef COVERAGE_H
#define COVERAGE_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "compiler.h"

struct coverage_counter {
    const char *name;           /* e.g. "geneve_drop_bad_version". */
    uint64_t count;             /* Events so far (relaxed atomic). */
    struct coverage_counter *next;
    struct coverage_rates *rates; /* Samples for the rates, or NULL. */
};

void coverage_register(struct coverage_counter *);

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
#define COVERAGE_ADD(NAME, N)                                          \
    __atomic_fetch_add(&NAME##_coverage.count, (N), __ATOMIC_RELAXED)

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
