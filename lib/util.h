/* Allocation that never returns NULL, and other small utilities. */
#ifndef UTIL_H
#define UTIL_H 1

#include <stdlib.h>

#include <stddef.h>
#include "compiler.h"

/* Marks a point the code can never reach. */
#define OVSX_NOT_REACHED() abort()

void *xmalloc(size_t);
void *xzalloc(size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xasprintf(const char *format, ...) OVSX_PRINTF(1, 2);
long long int time_msec(void);
void ovsx_fatal(const char *format, ...) OVSX_PRINTF(1, 2)
    __attribute__((__noreturn__));

#endif /* util.h */
