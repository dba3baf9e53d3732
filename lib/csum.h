/* Internet checksums (RFC 1071), pseudo-headers (RFC 768, RFC 8200 §8.1)
 * and incremental update (RFC 1624). */
#ifndef CSUM_H
#define CSUM_H 1

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
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
