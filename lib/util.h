/* Allocation that never returns NULL, and other small utilities. */
#ifndef UTIL_H
#define UTIL_H 1

#include <stdlib.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "compiler.h"

/* Marks a point the code can never reach. */
#define OVSX_NOT_REACHED() abort()

void *xmalloc(size_t);
void *xzalloc(size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xasprintf(const char *format, ...) OVSX_PRINTF(1, 2);
long long int time_msec(void);

/* Zeroes the "n" bytes at "p", "n" a multiple of 8 known at compile time,
 * with 16-byte stores (and an 8-byte one for an odd 8).  For the few
 * hundred bytes of a flow key cleared per packet: memset() of such a size
 * compiles to "rep stos", which takes longer to start than these stores
 * take to run. */
static inline void
zero_small(void *p, size_t n)
{
    typedef uint64_t two_words __attribute__((__vector_size__(16)));
    const two_words zero = { 0, 0 };
    const uint64_t zero_word = 0;
    size_t i;

    /* Unrolled whole: as a loop, the compiler would make it memset()
     * again. */
#pragma GCC unroll 64
    for (i = 0; i + 16 <= n; i += 16) {
        memcpy((char *) p + i, &zero, 16);
    }
    if (i < n) {
        memcpy((char *) p + i, &zero_word, 8);
    }
}
void ovsx_fatal(const char *format, ...) OVSX_PRINTF(1, 2)
    __attribute__((__noreturn__));

#endif /* util.h */
