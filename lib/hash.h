/* Hash functions for in-memory tables (not for anything on the wire). */
#ifndef HASH_H
#define HASH_H 1

#include <stddef.h>
#include <stdint.h>

/* Mixes 32-bit "data" into "hash" (the MurmurHash3 step). */
static inline uint32_t
hash_add(uint32_t hash, uint32_t data)
{
    data *= 0xcc9e2d51;
    data = (data << 15) | (data >> 17);
    data *= 0x1b873593;
    hash ^= data;
    hash = (hash << 13) | (hash >> 19);
    return hash * 5 + 0xe6546b64;
}

/* Finishes "hash" after "n_bytes" were mixed in, so that every input bit
 * affects every output bit. */
static inline uint32_t
hash_finish(uint32_t hash, uint32_t n_bytes)
{
    hash ^= n_bytes;
    hash ^= hash >> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35;
    return hash ^ (hash >> 16);
}

uint32_t hash_bytes(const void *, size_t n, uint32_t basis);
uint32_t hash_words64(const uint64_t *, size_t n, uint32_t basis);
uint32_t hash_string(const char *, uint32_t basis);

static inline uint32_t
hash_int(uint32_t x, uint32_t basis)
{
    return hash_finish(hash_add(basis, x), 4);
}

#endif /* hash.h */
