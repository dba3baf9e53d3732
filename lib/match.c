/* Flow matches. */
#include <config.h>
#include "match.h"

#include <string.h>
#include "hash.h"

/* struct flow is compared and masked as an array of bytes.  The TLV table
 * pointer inside the tunnel metadata is the one member that is not data;
 * a match keeps it zero in "wc", so it never takes part. */
static const uint8_t *
flow_bytes(const struct flow *flow)
{
    return (const uint8_t *) flow;
}

void
match_init_catchall(struct match *match)
{
    memset(match, 0, sizeof *match);
}

/* Zeroes every bit of "match->flow" that "match->wc" does not cover. */
void
match_zero_wildcarded(struct match *match)
{
    const struct tun_table *tab = match->flow.tunnel.metadata.tab;

    match->wc.tunnel.metadata.tab = NULL;
    flow_and(&match->flow, &match->flow, &match->wc);
    match->flow.tunnel.metadata.tab = tab;
}

bool
match_is_catchall(const struct match *match)
{
    const uint8_t *w = flow_bytes(&match->wc);

    for (size_t i = 0; i < sizeof match->wc; i++) {
        if (w[i]) {
            return false;
        }
    }
    return true;
}

void
flow_and(struct flow *dst, const struct flow *a, const struct flow *b)
{
    uint8_t *d = (uint8_t *) dst;
    const uint8_t *x = flow_bytes(a), *y = flow_bytes(b);

    for (size_t i = 0; i < sizeof *dst; i++) {
        d[i] = x[i] & y[i];
    }
}

/* Tells whether "a" and "b" agree on every bit of "mask". */
bool
flow_equal_masked(const struct flow *a, const struct flow *b,
                  const struct flow *mask)
{
    const uint8_t *x = flow_bytes(a), *y = flow_bytes(b);
    const uint8_t *m = flow_bytes(mask);

    for (size_t i = 0; i < sizeof *a; i++) {
        if ((x[i] ^ y[i]) & m[i]) {
            return false;
        }
    }
    return true;
}

bool
match_matches_flow(const struct match *match, const struct flow *flow)
{
    return flow_equal_masked(&match->flow, flow, &match->wc);
}

/* Tells whether "a" and "b" match exactly the same flows. */
bool
match_equal(const struct match *a, const struct match *b)
{
    return (!memcmp(&a->wc, &b->wc, sizeof a->wc)
            && flow_equal_masked(&a->flow, &b->flow, &a->wc));
}

/* Tells whether every flow "a" matches is also matched by "b": "b" looks
 * at no bit "a" leaves out, and they agree on the bits "b" looks at. */
bool
match_is_subset_of(const struct match *a, const struct match *b)
{
    const uint8_t *wa = flow_bytes(&a->wc), *wb = flow_bytes(&b->wc);

    for (size_t i = 0; i < sizeof a->wc; i++) {
        if (wb[i] & ~wa[i]) {
            return false;
        }
    }
    return flow_equal_masked(&a->flow, &b->flow, &b->wc);
}

/* A hash of the masked values and the mask. */
uint32_t
match_hash(const struct match *match, uint32_t basis)
{
    struct flow masked;

    flow_and(&masked, &match->flow, &match->wc);
    return hash_bytes(&match->wc, sizeof match->wc,
                      hash_bytes(&masked, sizeof masked, basis));
}
