/* Unit test of the coverage counters' per-thread counts: what threads
 * count, alive or gone, adds up; coverage_clear(), coverage_snapshot()
 * and coverage_restore() act on the sum. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "coverage.h"
#include "ds.h"
#include "test-util.h"

COVERAGE_DEFINE(test_events);
COVERAGE_DEFINE(test_other);

#define N_THREADS 4
#define PER_THREAD 100000

static void *
count_and_exit(void *aux OVSX_UNUSED)
{
    for (int i = 0; i < PER_THREAD; i++) {
        COVERAGE_INC(test_events);
    }
    COVERAGE_ADD(test_other, 2);
    return NULL;
}

/* A thread that counts "n" when told to, and stays until told to go. */
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int to_count;            /* Events to count next; -1: exit. */

static void *
count_on_demand(void *aux OVSX_UNUSED)
{
    pthread_mutex_lock(&mutex);
    for (;;) {
        while (!to_count) {
            pthread_cond_wait(&cond, &mutex);
        }
        if (to_count < 0) {
            break;
        }
        COVERAGE_ADD(test_events, to_count);
        to_count = 0;
        pthread_cond_broadcast(&cond);
    }
    pthread_mutex_unlock(&mutex);
    return NULL;
}

/* Has the waiting thread count "n", and waits until it has. */
static void
count_there(int n)
{
    pthread_mutex_lock(&mutex);
    to_count = n;
    pthread_cond_broadcast(&cond);
    while (to_count > 0) {
        pthread_cond_wait(&cond, &mutex);
    }
    pthread_mutex_unlock(&mutex);
}

int
main(void)
{
    pthread_t threads[N_THREADS], waiter;

    COVERAGE_ADD(test_events, 5);
    for (int i = 0; i < N_THREADS; i++) {
        pthread_create(&threads[i], NULL, count_and_exit, NULL);
    }
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(threads[i], NULL);
    }
    /* The threads have exited: their counts stay. */
    CHECK(coverage_get("test_events") == 5 + N_THREADS * PER_THREAD);
    CHECK(coverage_get("test_other") == 2 * N_THREADS);

    pthread_create(&waiter, NULL, count_on_demand, NULL);
    count_there(7);
    CHECK(coverage_get("test_events") == 12 + N_THREADS * PER_THREAD);

    /* Put back: what was counted after the snapshot, in any thread, is
     * taken away again. */
    struct coverage_snapshot *snap = coverage_snapshot();
    count_there(3);
    COVERAGE_INC(test_events);
    CHECK(coverage_get("test_events") == 16 + N_THREADS * PER_THREAD);
    coverage_restore(snap);
    CHECK(coverage_get("test_events") == 12 + N_THREADS * PER_THREAD);

    /* Cleared, then counted again in both threads. */
    coverage_clear();
    CHECK(coverage_get("test_events") == 0);
    CHECK(coverage_get("test_other") == 0);
    count_there(4);
    COVERAGE_INC(test_events);
    CHECK(coverage_get("test_events") == 5);

    /* The waiting thread exits: its count stays. */
    pthread_mutex_lock(&mutex);
    to_count = -1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&mutex);
    pthread_join(waiter, NULL);
    CHECK(coverage_get("test_events") == 5);

    struct ds ds = DS_EMPTY_INITIALIZER;
    coverage_format(&ds);
    CHECK(strstr(ds_cstr(&ds), "total: 5\n") != NULL);
    ds_destroy(&ds);

    if (failures) {
        printf("%d checks failed\n", failures);
        return 1;
    }
    printf("all coverage checks passed\n");
    return 0;
}
