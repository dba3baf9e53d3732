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
