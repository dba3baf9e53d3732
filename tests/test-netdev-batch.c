/* Unit test of batched sends (netdev_tx_begin(), netdev_tx_end()).
 *
 * Two threads send, in batches, to the same two dummy netdevs in opposite
 * orders: each one's batch holds the first netdev's tx mutex when it
 * comes to the second, which the other may hold.  Neither may wait for
 * the other (an alarm ends a deadlocked run), and no send may go
 * uncounted.  Then, from this thread: a batch keeps the mutex of a netdev
 * it sent to until it ends, and only then. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include "dp-packet.h"
#include "netdev.h"
#include "test-util.h"

#define N_BATCHES 200000
#define PER_NETDEV 4            /* Sends to each netdev per batch. */

static struct netdev *a, *b;
static struct dp_packet *packet;

/* Sends batches to "first", then "second". */
static void *
sender(void *first_is_a)
{
    struct netdev *first = first_is_a ? a : b;
    struct netdev *second = first_is_a ? b : a;

    for (int i = 0; i < N_BATCHES; i++) {
        netdev_tx_begin();
        for (int j = 0; j < PER_NETDEV; j++) {
            netdev_send(first, packet);
        }
        for (int j = 0; j < PER_NETDEV; j++) {
            netdev_send(second, packet);
        }
        netdev_tx_end();
    }
    return NULL;
}

/* Whether another thread could lock "netdev"'s tx mutex now. */
static bool
lockable(struct netdev *netdev)
{
    if (pthread_mutex_trylock(&netdev->tx_mutex)) {
        return false;
    }
    pthread_mutex_unlock(&netdev->tx_mutex);
    return true;
}

static void *
probe(void *netdev)
{
    return (void *) (uintptr_t) lockable(netdev);
}

/* Asks a thread of its own: a mutex this thread holds would be taken
 * again by its own trylock, which is undefined for a normal mutex. */
static bool
lockable_elsewhere(struct netdev *netdev)
{
    pthread_t t;
    void *ok;

    pthread_create(&t, NULL, probe, netdev);
    pthread_join(t, &ok);
    return ok != NULL;
}

int
main(void)
{
    pthread_t t1, t2;

    alarm(60);
    if (netdev_open("batch-a", "dummy", &a)
        || netdev_open("batch-b", "dummy", &b)) {
        fprintf(stderr, "cannot open dummy netdevs\n");
        return 1;
    }
    netdev_set_admin_up(a, true);
    netdev_set_admin_up(b, true);
    packet = dp_packet_new(64, 0);
    memset(dp_packet_put_uninit(packet, 64), 0x5a, 64);

    pthread_create(&t1, NULL, sender, (void *) 1);
    pthread_create(&t2, NULL, sender, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    CHECK(a->stats.tx_packets == 2ULL * N_BATCHES * PER_NETDEV);
    CHECK(b->stats.tx_packets == 2ULL * N_BATCHES * PER_NETDEV);
    CHECK(lockable_elsewhere(a) && lockable_elsewhere(b));

    /* Held from the first send of a batch to its end. */
    netdev_tx_begin();
    CHECK(lockable_elsewhere(a));
    netdev_send(a, packet);
    CHECK(!lockable_elsewhere(a));
    CHECK(lockable_elsewhere(b));
    netdev_tx_end();
    CHECK(lockable_elsewhere(a));
    /* Outside a batch, only for the send itself. */
    netdev_send(a, packet);
    CHECK(lockable_elsewhere(a));

    dp_packet_delete(packet);
    netdev_close(a);
    netdev_close(b);
    if (failures) {
        printf("%d checks failed\n", failures);
        return 1;
    }
    printf("all batch checks passed\n");
    return 0;
}
