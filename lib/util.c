/* Allocation that never returns NULL, and other small utilities. */
#include <config.h>
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Prints "format" to stderr and exits: for states a program cannot continue
 * from, such as running out of memory. */
void
ovsx_fatal(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(EXIT_FAILURE);
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        ovsx_fatal("out of memory allocating %zu bytes", n);
    }
    return p;
}

void *
xzalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        ovsx_fatal("out of memory allocating %zu bytes", n);
    }
    return p;
}

void *
xrealloc(void *old, size_t n)
{
    void *p = realloc(old, n ? n : 1);
    if (!p) {
        ovsx_fatal("out of memory allocating %zu bytes", n);
    }
    return p;
}

char *
xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

char *
xasprintf(const char *format, ...)
{
    va_list args;
    char *s;

    va_start(args, format);
    if (vasprintf(&s, format, args) < 0) {
        ovsx_fatal("out of memory formatting a string");
    }
    va_end(args);
    return s;
}

/* Milliseconds on the monotonic clock: for timeouts and backoff, never for
 * wall-clock time. */
long long int
time_msec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long int) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
