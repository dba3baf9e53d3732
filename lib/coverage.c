/* Named event counters. */
#include <config.h>
#include "coverage.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

/* Registered counters.  Registration happens in constructors, before any
 * thread exists, so the list needs no lock. */
static struct coverage_counter *counters;

void
coverage_register(struct coverage_counter *c)
{
    c->next = counters;
    counters = c;
}

/* Returns the count of the counter called "name", 0 if there is none. */
uint64_t
coverage_get(const char *name)
{
    for (const struct coverage_counter *c = counters; c; c = c->next) {
        if (!strcmp(c->name, name)) {
            return __atomic_load_n(&c->count, __ATOMIC_RELAXED);
        }
    }
    return 0;
}

static int
compare_counters(const void *a_, const void *b_)
{
    const struct coverage_counter *const *a = a_;
    const struct coverage_counter *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Prints "name count" lines sorted by name; zero counters only if
 * "show_zero". */
void
coverage_show(FILE *stream, int show_zero)
{
    size_t n = 0;
    for (const struct coverage_counter *c = counters; c; c = c->next) {
        n++;
    }

    struct coverage_counter **sorted = xmalloc(n * sizeof *sorted);
    n = 0;
    for (struct coverage_counter *c = counters; c; c = c->next) {
        sorted[n++] = c;
    }
    qsort(sorted, n, sizeof *sorted, compare_counters);
    for (size_t i = 0; i < n; i++) {
        uint64_t count = __atomic_load_n(&sorted[i]->count, __ATOMIC_RELAXED);
        if (count || show_zero) {
            fprintf(stream, "%s %llu\n", sorted[i]->name,
                    (unsigned long long) count);
        }
    }
    free(sorted);
}

void
coverage_clear(void)
{
    for (struct coverage_counter *c = counters; c; c = c->next) {
        __atomic_store_n(&c->count, 0, __ATOMIC_RELAXED);
    }
}
