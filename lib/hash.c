#include <config.h>
#include "hash.h"

#include <string.h>

/* Returns the hash of the "n" bytes at "p", starting from "basis". */
uint32_t
hash_bytes(const void *p_, size_t n, uint32_t basis)
{
    const uint8_t *p = p_;
    uint32_t hash = basis;
    size_t i;

    for (i = 0; i + 4 <= n; i += 4) {
        uint32_t word;
        memcpy(&word, p + i, 4);
        hash = hash_add(hash, word);
    }
    if (i < n) {
        uint32_t word = 0;
        memcpy(&word, p + i, n - i);
        hash = hash_add(hash, word);
    }
    return hash_finish(hash, n);
}

/* Returns the hash of null-terminated "s". */
uint32_t
hash_string(const char *s, uint32_t basis)
{
    return hash_bytes(s, strlen(s), basis);
}

static inline uint64_t
rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Returns the hash of the "n" 64-bit words at "p", starting from "basis":
 * two independent lanes of multiply-rotate, then a final mix, several
 * times faster than hash_bytes() on long keys (a datapath flow key). */
uint32_t
hash_words64(const uint64_t *p, size_t n, uint32_t basis)
{
    const uint64_t k1 = 0x87c37b91114253d5ULL, k2 = 0x4cf5ad432745937fULL;
    uint64_t a = basis ^ 0x9e3779b97f4a7c15ULL, b = basis;
    size_t i;

    for (i = 0; i + 2 <= n; i += 2) {
        a = rotl64(a ^ (p[i] * k1), 31) * k2;
        b = rotl64(b ^ (p[i + 1] * k2), 33) * k1;
    }
    if (i < n) {
        a = rotl64(a ^ (p[i] * k1), 31) * k2;
    }
    uint64_t h = a ^ rotl64(b, 17) ^ n;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
