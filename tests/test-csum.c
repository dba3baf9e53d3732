/* Unit tests for lib/csum: known vectors, pseudo-headers and incremental
 * update checked against a full recomputation. */
#include <config.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csum.h"
#include "packets.h"
#include "test-util.h"

/* The IPv4 header example that circulates with RFC 1071 discussions:
 * 45 00 00 73 00 00 40 00 40 11 [b8 61] c0 a8 00 01 c0 a8 00 c7. */
static void
test_ipv4_header(void)
{
    uint8_t hdr[20] = {
        0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
        0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
    };
    be16 c = csum(hdr, sizeof hdr);

    CHECK(ntohs(c) == 0xb861);
    memcpy(&hdr[10], &c, 2);
    CHECK(csum(hdr, sizeof hdr) == 0);
}

/* Odd lengths pad with a zero byte (RFC 1071 §4.1). */
static void
test_odd_length(void)
{
    const uint8_t odd[3] = { 0x01, 0x02, 0x03 };
    const uint8_t even[4] = { 0x01, 0x02, 0x03, 0x00 };

    CHECK(csum(odd, 3) == csum(even, 4));
}

/* A UDP datagram over IPv4 whose checksum was computed by the Linux
 * kernel and captured: 10.0.0.1:1234 -> 10.0.0.2:5678, payload "hi". */
static void
test_udp_pseudo(void)
{
    uint8_t udp[10] = { 0x04, 0xd2, 0x16, 0x2e, 0x00, 0x0a, 0, 0, 'h', 'i' };
    be32 src = htonl(0x0a000001), dst = htonl(0x0a000002);
    uint32_t partial = csum_pseudo_ipv4(src, dst, IPPROTO_NUM_UDP,
                                        sizeof udp);
    be16 c = csum_finish(csum_add_bytes(partial, udp, sizeof udp));

    memcpy(&udp[6], &c, 2);
    /* Verifying over pseudo-header + segment with the checksum in place
     * must give zero. */
    partial = csum_pseudo_ipv4(src, dst, IPPROTO_NUM_UDP, sizeof udp);
    CHECK(csum_finish(csum_add_bytes(partial, udp, sizeof udp)) == 0);
    CHECK(c != 0);
}

static void
test_ipv6_pseudo(void)
{
    struct in6_addr src, dst;
    uint8_t icmp6[8] = { ICMP6_ECHO_REQUEST, 0, 0, 0, 0x12, 0x34, 0, 1 };

    inet_pton(AF_INET6, "fe80::1", &src);
    inet_pton(AF_INET6, "fe80::2", &dst);
    uint32_t partial = csum_pseudo_ipv6(&src, &dst, IPPROTO_NUM_ICMPV6,
                                        sizeof icmp6);
    be16 c = csum_finish(csum_add_bytes(partial, icmp6, sizeof icmp6));
    memcpy(&icmp6[2], &c, 2);
    partial = csum_pseudo_ipv6(&src, &dst, IPPROTO_NUM_ICMPV6, sizeof icmp6);
    CHECK(csum_finish(csum_add_bytes(partial, icmp6, sizeof icmp6)) == 0);
}

/* Incremental update must agree with recomputation for many random
 * headers and rewrites, including the 0x0000/0xffff corner cases. */
static void
test_incremental(void)
{
    srand(1);
    for (int i = 0; i < 100000; i++) {
        uint8_t hdr[20];
        for (size_t j = 0; j < sizeof hdr; j++) {
            hdr[j] = rand();
        }
        if (i % 7 == 0) {
            memset(hdr, 0, sizeof hdr);
        }
        hdr[10] = hdr[11] = 0;
        be16 c = csum(hdr, sizeof hdr);

        be32 old32, new32 = htonl((uint32_t) rand() << 1 ^ rand());
        memcpy(&old32, &hdr[12], 4);
        memcpy(&hdr[12], &new32, 4);
        be16 inc = csum_update32(c, old32, new32);
        be16 full = csum(hdr, sizeof hdr);
        /* 0x0000 and 0xffff are the same value in one's complement. */
        CHECK(inc == full || (inc == 0xffff && full == 0)
              || (inc == 0 && full == 0xffff));

        be16 old16, new16 = htons(rand());
        memcpy(&old16, &hdr[8], 2);
        memcpy(&hdr[8], &new16, 2);
        inc = csum_update16(full, old16, new16);
        full = csum(hdr, sizeof hdr);
        CHECK(inc == full || (inc == 0xffff && full == 0)
              || (inc == 0 && full == 0xffff));
        if (failures) {
            break;
        }
    }
}

/* The sum of 16-bit big-endian words, a byte pair at a time: the
 * definition, against which the word-at-a-time csum_add_bytes() is
 * checked, for every length up to 100 at every alignment. */
static uint32_t
reference_sum(uint32_t partial, const uint8_t *data, size_t n)
{
    uint64_t sum = partial;

    for (; n >= 2; n -= 2, data += 2) {
        sum += (uint32_t) (data[0] << 8 | data[1]);
    }
    if (n) {
        sum += (uint32_t) data[0] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

static void
test_against_reference(void)
{
    uint8_t buf[128];
    uint32_t seed = 12345;

    for (size_t i = 0; i < sizeof buf; i++) {
        seed = seed * 1103515245 + 12345;
        buf[i] = seed >> 16;
    }
    for (size_t ofs = 0; ofs < 8; ofs++) {
        for (size_t n = 0; n <= 100; n++) {
            seed = seed * 1103515245 + 12345;
            uint32_t partial = n % 3 ? seed : 0;
            be16 fast = csum_finish(csum_add_bytes(partial, buf + ofs, n));
            be16 ref = csum_finish(reference_sum(partial, buf + ofs, n));
            CHECK(fast == ref);
        }
    }
    /* All ones: the sum that carries the most. */
    memset(buf, 0xff, sizeof buf);
    CHECK(csum_finish(csum_add_bytes(0xffffffff, buf, 99))
          == csum_finish(reference_sum(0xffffffff, buf, 99)));
}

/* csum_ipv4_header_ok() against the plain check, !csum(): headers of
 * random bytes with the checksum set right, then with one bit flipped,
 * then left random; 20 and 24 bytes, at every alignment; and the all-ones
 * and all-zero headers, where the folding carries most and least. */
static void
test_ipv4_header_ok(void)
{
    uint8_t buf[40];
    uint32_t seed = 777;

    for (int round = 0; round < 2000; round++) {
        size_t ofs = round % 8;
        size_t ihl = round % 3 ? 20 : 24;
        uint8_t *ip = buf + ofs;
        for (size_t i = 0; i < ihl; i++) {
            seed = seed * 1103515245 + 12345;
            ip[i] = seed >> 16;
        }
        if (round % 4) {
            memset(ip + 10, 0, 2);
            be16 c = csum(ip, ihl);
            memcpy(ip + 10, &c, 2);
            CHECK(csum_ipv4_header_ok(ip, ihl));
            ip[seed % ihl] ^= 1 << (seed >> 8) % 8;
            CHECK(!csum_ipv4_header_ok(ip, ihl));
        }
        CHECK(csum_ipv4_header_ok(ip, ihl) == !csum(ip, ihl));
    }
    memset(buf, 0xff, sizeof buf);
    CHECK(csum_ipv4_header_ok(buf, 20) == !csum(buf, 20));
    memset(buf, 0, sizeof buf);
    CHECK(csum_ipv4_header_ok(buf, 20) == !csum(buf, 20));
}

int
main(void)
{
    test_ipv4_header();
    test_ipv4_header_ok();
    test_against_reference();
    test_odd_length();
    test_udp_pseudo();
    test_ipv6_pseudo();
    test_incremental();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("all checksum checks passed\n");
    return EXIT_SUCCESS;
}
