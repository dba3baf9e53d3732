/* Compiler helpers and byte-order types shared by every module. */
#ifndef COMPILER_H
#define COMPILER_H 1

#include <stddef.h>
#include <stdint.h>

/* Network byte order integers.  They are plain integers to the compiler;
 * the name tells the reader (and sparse-like reviews) the byte order. */
typedef uint16_t be16;
typedef uint32_t be32;
typedef uint64_t be64;

#define OVSX_PACKED __attribute__((__packed__))
#define OVSX_UNUSED __attribute__((__unused__))
#define OVSX_LIKELY(x) __builtin_expect(!!(x), 1)
#define OVSX_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define OVSX_PRINTF(FMT, ARG1) __attribute__((__format__(printf, FMT, ARG1)))

/* Whether this is a build under the address sanitizer (gcc's or
 * clang's): caches that reuse memory step aside, and checks of invariants
 * that cost too much in a release build run. */
#if defined(__SANITIZE_ADDRESS__)
#define OVSX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OVSX_SANITIZED 1
#endif
#endif
#ifndef OVSX_SANITIZED
#define OVSX_SANITIZED 0
#endif

/* The struct of type TYPE whose member MEMBER is at POINTER. */
#define CONTAINER_OF(POINTER, TYPE, MEMBER) \
    ((TYPE *) (void *) ((char *) (POINTER) - offsetof(TYPE, MEMBER)))

#define ARRAY_SIZE(a) (sizeof (a) / sizeof (a)[0])
#define BUILD_ASSERT(EXPR) _Static_assert(EXPR, #EXPR)
#define ROUND_UP(x, y) (((x) + ((y) - 1)) / (y) * (y))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif /* compiler.h */
