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
uint32_t hash_string(const char *, uint32_t basis);

/* The 128-bit product of "a" and "b", folded to 64 bits: one multiply
 * that mixes every bit of both into the result. */
static inline uint64_t
hash_mum(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t) a * b;
    return (uint64_t) r ^ (uint64_t) (r >> 64);
}

/* A quick hash for the packet path, of up to 6 pairs of 64-bit words
 * taken as values (in registers, not stored to an array and loaded back,
 * which would stall on the store):
 *
 *     uint64_t h = hash_pairs_start(basis);
 *     h = hash_pair_add(h, 0, a, b);
 *     h = hash_pair_add(h, 1, c, d);
 *     return hash_pairs_finish(h, 2);
 *
 * Each pair takes one multiply, independent of the other pairs', so the
 * multiplies overlap; one more finishes.  Each position has constants of
 * its own, so swapping words changes the hash. */
static inline uint64_t
hash_pairs_start(uint64_t basis)
{
    return basis ^ 0x2d358dccaa6c78a5ULL;
}

static inline uint64_t
hash_pair_add(uint64_t h, size_t pair, uint64_t a, uint64_t b)
{
    static const uint64_t k[12] = {
        0xa0761d6478bd642fULL, 0xe7037ed1a0b428dbULL,
        0x8ebc6af09c88c6e3ULL, 0x589965cc75374cc3ULL,
        0x1d8e4e27c47d124fULL, 0x9e3779b97f4a7c15ULL,
        0xbf58476d1ce4e5b9ULL, 0x94d049bb133111ebULL,
        0xd6e8feb86659fd93ULL, 0xff51afd7ed558ccdULL,
        0xc4ceb9fe1a85ec53ULL, 0x2127599bf4325c37ULL,
    };
    return h + hash_mum(a ^ k[2 * pair], b ^ k[2 * pair + 1]);
}

static inline uint32_t
hash_pairs_finish(uint64_t h, size_t n_pairs)
{
    h = hash_mum(h ^ n_pairs, 0x8bb84b93962eacc9ULL);
    return h ^ (h >> 32);
}

static inline uint32_t
hash_int(uint32_t x, uint32_t basis)
{
    return hash_finish(hash_add(basis, x), 4);
}

#endif /* hash.h */
