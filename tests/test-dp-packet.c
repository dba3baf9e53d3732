/* Unit tests for lib/dp-packet: headers are pushed into the headroom
 * without moving the payload, pulls are bounded, batches hold packets. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dp-packet.h"
#include "test-util.h"

static void
test_push_keeps_payload(void)
{
    static const char payload[] = "inner frame";
    struct dp_packet *p = dp_packet_clone_data(payload, sizeof payload);
    const uint8_t *before = dp_packet_data(p);

    /* 326 bytes: the largest outer header (IPv6 Geneve with 252 bytes of
     * options) fits the default headroom, so the payload stays put. */
    memset(dp_packet_push_uninit(p, 326), 0xab, 326);
    CHECK(dp_packet_data(p) + 326 == before);
    CHECK(!memcmp(before, payload, sizeof payload));
    CHECK(dp_packet_size(p) == 326 + sizeof payload);

    /* Pulling the header back returns the payload, and a pull past the
     * end fails without changing anything. */
    CHECK(dp_packet_pull(p, 326) == before);
    CHECK(dp_packet_pull(p, 1000) == NULL);
    CHECK(dp_packet_size(p) == sizeof payload);

    /* Beyond the headroom the buffer grows and keeps the bytes. */
    dp_packet_push_uninit(p, DP_PACKET_HEADROOM + 100);
    CHECK(!memcmp(dp_packet_data(p) + DP_PACKET_HEADROOM + 100, payload,
                  sizeof payload));
    dp_packet_delete(p);
}

static void
test_offsets_follow_push(void)
{
    struct dp_packet *p = dp_packet_new(64, DP_PACKET_HEADROOM);

    dp_packet_put_zeros(p, 64);
    p->l3_ofs = 14;
    p->l4_ofs = 34;
    dp_packet_push_uninit(p, 50);
    CHECK(p->l3_ofs == 64 && p->l4_ofs == 84);
    CHECK(p->l2_5_ofs == DP_PACKET_OFS_NONE);
    CHECK(dp_packet_at(p, 100, 14) != NULL);
    CHECK(dp_packet_at(p, 101, 14) == NULL);
    dp_packet_delete(p);
}

static void
test_batch(void)
{
    struct dp_packet_batch b;
    struct dp_packet *p;
    size_t n = 0;

    dp_packet_batch_init(&b);
    while (!dp_packet_batch_is_full(&b)) {
        dp_packet_batch_add(&b, dp_packet_clone_data("x", 1));
    }
    CHECK(b.count == DP_PACKET_BATCH_SIZE);
    DP_PACKET_BATCH_FOR_EACH (i, p, &b) {
        n += dp_packet_size(p);
    }
    CHECK(n == DP_PACKET_BATCH_SIZE);
    dp_packet_batch_delete_all(&b);
    CHECK(b.count == 0);
}

int
main(void)
{
    test_push_keeps_payload();
    test_offsets_follow_push();
    test_batch();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("all dp-packet checks passed\n");
    return EXIT_SUCCESS;
}
