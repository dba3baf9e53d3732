/* Helpers shared by the unit-test programs tests/test-*.c. */
#ifndef TESTS_TEST_UTIL_H
#define TESTS_TEST_UTIL_H 1

#include <stdio.h>

/* Failed checks so far; main() returns failure if any. */
static int failures;

/* Checks "COND", reporting the file, line and condition when it fails and
 * going on with the next check. */
#define CHECK(COND)                                                      \
    do {                                                                 \
        if (!(COND)) {                                                   \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,       \
                    __LINE__, #COND);                                    \
            failures++;                                                  \
        }                                                                \
    } while (0)

#endif /* tests/test-util.h */
