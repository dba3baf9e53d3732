/* Internet checksums (RFC 1071), pseudo-headers (RFC 768, RFC 8200 §8.1)
 * and incremental update (RFC 1624). */
#ifndef CSUM_H
#define CSUM_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "compiler.h"

/* A partial sum: 32-bit accumulator of 16-bit big-endian words, not yet
 * folded.  Start from 0 and add pieces with csum_add_*(); pieces of odd
 * length may only come last. */
uint32_t csum_add_bytes(uint32_t partial, const void *, size_t);
uint32_t csum_add_be16(uint32_t partial, be16);
uint32_t csum_add_be32(uint32_t partial, be32);

/* Folds a partial sum and complements it: the value to store in a
 * checksum field, in network byte order. */
be16 csum_finish(uint32_t partial);

/* The checksum of "n" bytes at "data", e.g. an IPv4 header whose checksum
 * field is zero.  A buffer that includes a correct checksum gives 0. */
be16 csum(const void *data, size_t n);

/* Tells whether the IPv4 header of "ihl" bytes at "ip" has a correct
 * checksum: whether its 16-bit words sum to all ones.  The common
 * 20-byte header is summed inline as five 32-bit words, in the machine's
 * byte order (all ones reads the same either way); others through
 * csum(). */
static inline bool
csum_ipv4_header_ok(const void *ip, size_t ihl)
{
    if (ihl != 20) {
        return !csum(ip, ihl);
    }

    uint32_t w[5];
    memcpy(w, ip, sizeof w);
    uint64_t sum = (uint64_t) w[0] + w[1] + w[2] + w[3] + w[4];
    /* Five words make at most 0x4fffffffb; folded to 32 bits, at most
     * 2^32 + 3; to 16, at most 0x1fffe, or 0x10003 from above 2^32; and
     * once more, at most 0xffff. */
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return sum == 0xffff;
}

/* Partial sums of the pseudo-headers for a transport payload of "l4_len"
 * bytes of protocol "proto". */
uint32_t csum_pseudo_ipv4(be32 src, be32 dst, uint8_t proto,
                          uint16_t l4_len);
uint32_t csum_pseudo_ipv6(const struct in6_addr *src,
                          const struct in6_addr *dst, uint8_t proto,
                          uint32_t l4_len);

/* Incremental update (RFC 1624 eqn. 3): the new checksum after a 16-bit or
 * 32-bit word covered by "old_csum" changed from "old" to "new". */
be16 csum_update16(be16 old_csum, be16 old, be16 new);
be16 csum_update32(be16 old_csum, be32 old, be32 new);

#endif /* csum.h */
