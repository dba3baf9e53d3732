/* A flow match: values and a mask over struct flow.
 *
 * "wc" has a 1-bit for every bit of the flow that must match; "flow" holds
 * the values, with every bit "wc" leaves out zero, so that two matches that
 * mean the same thing compare equal byte for byte. */
#ifndef MATCH_H
#define MATCH_H 1

#include <stdbool.h>
#include <stdint.h>
#include "flow.h"

struct ds;

struct match {
    struct flow flow;           /* Values; zero where "wc" is zero. */
    struct flow wc;             /* Mask: 1-bits must match. */
};

void match_init_catchall(struct match *);
void match_zero_wildcarded(struct match *);
bool match_is_catchall(const struct match *);
bool match_matches_flow(const struct match *, const struct flow *);
bool match_equal(const struct match *, const struct match *);
bool match_is_subset_of(const struct match *, const struct match *);
uint32_t match_hash(const struct match *, uint32_t basis);

/* Byte-wise helpers over the flow layout: "a & b" of whole flows. */
void flow_and(struct flow *dst, const struct flow *a, const struct flow *b);
bool flow_equal_masked(const struct flow *a, const struct flow *b,
                       const struct flow *mask);

#endif /* match.h */
