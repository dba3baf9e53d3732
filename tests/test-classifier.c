/* Tests lib/classifier against a linear scan of the same rules.
 *
 *   test-classifier [SEED]
 *
 * Runs directed checks, then a randomized differential test: thousands of
 * rules over a handful of masks are inserted, replaced and removed, and
 * every lookup is compared with a reference that scans all the rules with
 * match_matches_flow().  Lookups also check the wildcards they return, and
 * iteration is checked with and without a target, removing rules as it
 * goes.  Prints one line per part and exits nonzero on any failure. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "classifier.h"
#include "flow.h"
#include "match.h"
#include "test-util.h"
#include "util.h"

/* A rule as the caller of the classifier would have it. */
struct test_rule {
    struct cls_rule cr;         /* In the classifier. */
    struct match match;         /* Its match, for the reference. */
    size_t idx;                 /* Position in "rules". */
};

/* The reference: every rule in the classifier, in no order. */
static struct test_rule **rules;
static size_t n_rules, allocated_rules;

/* Two distinct tables, never dereferenced: the classifier only keeps the
 * pointer. */
static const int dummy_tab_a, dummy_tab_b;
#define TAB_A ((const struct tun_table *) (const void *) &dummy_tab_a)
#define TAB_B ((const struct tun_table *) (const void *) &dummy_tab_b)

/* xorshift64*, so that a seed reproduces a run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* Returns a pseudo-random 64-bit number. */
static uint64_t
rnd64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Returns a pseudo-random number in [0, "n"). */
static unsigned int
rnd(unsigned int n)
{
    return (rnd64() >> 32) % n;
}

/* A field of struct flow the random rules match on. */
struct field {
    const char *name;           /* For messages. */
    size_t ofs;                 /* Offset in struct flow. */
    size_t len;                 /* Bytes, at most 8. */
};

#define FIELD(NAME, MEMBER)                                             \
    { NAME, offsetof(struct flow, MEMBER),                              \
      sizeof ((struct flow *) 0)->MEMBER }

enum {
    F_IN_PORT, F_DL_TYPE, F_NW_SRC, F_NW_DST, F_TP_DST, F_TUN_ID, F_REG3,
    F_METADATA, F_TUN_OPT, F_TCP_FLAGS, N_FIELDS
};

static const struct field fields[N_FIELDS] = {
    [F_IN_PORT] = FIELD("in_port", in_port),
    [F_DL_TYPE] = FIELD("dl_type", dl_type),
    [F_NW_SRC] = FIELD("nw_src", nw_src),
    [F_NW_DST] = FIELD("nw_dst", nw_dst),
    [F_TP_DST] = FIELD("tp_dst", tp_dst),
    [F_TUN_ID] = FIELD("tun_id", tunnel.tun_id),
    [F_REG3] = FIELD("reg3", regs[3]),
    [F_METADATA] = FIELD("metadata", metadata),
    [F_TUN_OPT] = { "tun_metadata", offsetof(struct flow,
                                             tunnel.metadata.opts[10]), 4 },
    [F_TCP_FLAGS] = FIELD("tcp_flags", tcp_flags),
};

/* A mask: for each field, the bits it matches (0 for none). */
struct template {
    uint64_t masks[N_FIELDS];   /* Per-field masks, host order. */
};

static const struct template templates[] = {
    { { 0 } },                                  /* Catchall. */
    { { [F_IN_PORT] = 0xffffffff } },
    { { [F_IN_PORT] = 0xffffffff, [F_DL_TYPE] = 0xffff,
        [F_NW_DST] = 0xffffffff } },
    { { [F_DL_TYPE] = 0xffff, [F_NW_SRC] = 0xffffff00,
        [F_TP_DST] = 0xffff } },
    { { [F_TUN_ID] = UINT64_MAX, [F_IN_PORT] = 0xffffffff } },
    { { [F_NW_SRC] = 0xffff0000, [F_NW_DST] = 0xffffff00 } },
    { { [F_REG3] = 0x0000ff00, [F_METADATA] = UINT64_MAX } },
    { { [F_TUN_OPT] = 0xffffffff, [F_TCP_FLAGS] = 0x0fff,
        [F_DL_TYPE] = 0xffff } },
};

/* Values per field: few, so that random rules and flows often agree. */
#define POOL_SIZE 5

/* Returns value number "k" (of a small pool) for field "f", so that random
 * rules and flows often agree. */
static uint64_t
pool_value(int f, unsigned int k)
{
    uint64_t v = (k + 1) * 0x0101010101010101ULL ^ (uint64_t) f << 8;

    return v ^ (k & 1 ? 0xff000000ffULL : 0);
}

/* Stores the low "fields[f].len" bytes of "v" into field "f" of "flow". */
static void
field_set(struct flow *flow, int f, uint64_t v)
{
    memcpy((char *) flow + fields[f].ofs, &v, fields[f].len);
}

/* Makes "match" use the mask of "t" with pool values. */
static void
random_match(struct match *match, const struct template *t)
{
    match_init_catchall(match);
    for (int f = 0; f < N_FIELDS; f++) {
        if (t->masks[f]) {
            field_set(&match->wc, f, t->masks[f]);
            uint64_t v = pool_value(f, rnd(POOL_SIZE));
            field_set(&match->flow, f, v & t->masks[f]);
        }
    }
    match->flow.tunnel.metadata.tab = rnd(2) ? TAB_A : NULL;
}

/* Fills "flow" with random bytes, then mostly pool values in the fields,
 * and a table pointer no rule has. */
static void
random_flow(struct flow *flow)
{
    uint8_t *p = (uint8_t *) flow;

    for (size_t i = 0; i < sizeof *flow; i++) {
        p[i] = rnd64() >> 56;
    }
    for (int f = 0; f < N_FIELDS; f++) {
        if (rnd(10)) {
            field_set(flow, f, pool_value(f, rnd(POOL_SIZE)));
        }
    }
    flow->tunnel.metadata.tab = TAB_B;
}

/* Makes "flow" a random flow that, with luck, matches a random rule of
 * the reference: random_flow(), then the values of the rule. */
static void
random_flow_near_rule(struct flow *flow)
{
    random_flow(flow);
    if (n_rules) {
        const struct match *m = &rules[rnd(n_rules)]->match;
        const uint8_t *v = (const uint8_t *) &m->flow;
        const uint8_t *w = (const uint8_t *) &m->wc;
        uint8_t *p = (uint8_t *) flow;

        for (size_t i = 0; i < sizeof *flow; i++) {
            p[i] = (v[i] & w[i]) | (p[i] & ~w[i]);
        }
        flow->tunnel.metadata.tab = TAB_B;
    }
}

/* Reference. */

/* Adds "tr" to the reference. */
static void
ref_add(struct test_rule *tr)
{
    if (n_rules >= allocated_rules) {
        allocated_rules = allocated_rules ? 2 * allocated_rules : 64;
        rules = xrealloc(rules, allocated_rules * sizeof *rules);
    }
    tr->idx = n_rules;
    rules[n_rules++] = tr;
}

/* Removes "tr" from the reference. */
static void
ref_remove(struct test_rule *tr)
{
    rules[tr->idx] = rules[--n_rules];
    rules[tr->idx]->idx = tr->idx;
}

/* Returns the highest priority of a reference rule matching "flow", or
 * -1 if none does (test priorities are nonnegative). */
static int
ref_lookup(const struct flow *flow)
{
    int best = -1;

    for (size_t i = 0; i < n_rules; i++) {
        int pri = cls_rule_priority(&rules[i]->cr);
        if (pri > best && match_matches_flow(&rules[i]->match, flow)) {
            best = pri;
        }
    }
    return best;
}

/* Returns a new rule for "match" at "priority". */
static struct test_rule *
test_rule_create(const struct match *match, int priority)
{
    struct test_rule *tr = xmalloc(sizeof *tr);

    tr->match = *match;
    cls_rule_init(&tr->cr, match, priority);
    return tr;
}

/* Frees "tr". */
static void
test_rule_destroy(struct test_rule *tr)
{
    cls_rule_destroy(&tr->cr);
    free(tr);
}

/* Inserts "tr" into "cls" and the reference, checking what the classifier
 * displaces against the reference. */
static void
insert_rule(struct classifier *cls, struct test_rule *tr)
{
    struct test_rule *dup = NULL;

    for (size_t i = 0; i < n_rules; i++) {
        if (cls_rule_priority(&rules[i]->cr) == cls_rule_priority(&tr->cr)
            && match_equal(&rules[i]->match, &tr->match)) {
            dup = rules[i];
            break;
        }
    }

    struct cls_rule *old = classifier_replace(cls, &tr->cr);
    CHECK(old == (dup ? &dup->cr : NULL));
    if (old) {
        struct test_rule *old_tr = CLS_RULE_CONTAINER(old, old_tr, cr);
        ref_remove(old_tr);
        test_rule_destroy(old_tr);
    }
    ref_add(tr);
}

/* Removes "tr" from "cls" and the reference, and frees it. */
static void
remove_rule(struct classifier *cls, struct test_rule *tr)
{
    classifier_remove(cls, &tr->cr);
    ref_remove(tr);
    test_rule_destroy(tr);
}

/* Looks "flow" up in "cls" and checks the result against the reference,
 * then checks the wildcards: flows that agree with "flow" on them must get
 * the same rule. */
static void
check_lookup(const struct classifier *cls, const struct flow *flow)
{
    int expected = ref_lookup(flow);
    const struct cls_rule *cr = classifier_lookup(cls, flow, NULL);

    if (expected < 0) {
        CHECK(cr == NULL);
    } else {
        CHECK(cr != NULL);
        if (cr) {
            const struct test_rule *tr = CLS_RULE_CONTAINER(cr, tr, cr);
            CHECK(cls_rule_priority(cr) == expected);
            CHECK(cls_rule_matches_flow(cr, flow));
            CHECK(match_matches_flow(&tr->match, flow));
        }
    }

    struct flow wc;
    memset(&wc, 0, sizeof wc);
    CHECK(classifier_lookup(cls, flow, &wc) == cr);
    CHECK(wc.tunnel.metadata.tab == NULL);

    const uint8_t *f = (const uint8_t *) flow, *w = (const uint8_t *) &wc;
    for (int i = 0; i < 8; i++) {
        struct flow other;
        uint8_t *o = (uint8_t *) &other;

        if (i % 2) {
            random_flow(&other);
        } else {
            random_flow_near_rule(&other);
        }
        for (size_t j = 0; j < sizeof other; j++) {
            o[j] = (f[j] & w[j]) | (o[j] & ~w[j]);
        }
        other.tunnel.metadata.tab = TAB_A;
        CHECK(classifier_lookup(cls, &other, NULL) == cr);
    }
}

/* Checks that "cls" holds exactly the reference rules: by count, by exact
 * find, and by iteration. */
static void
check_tables(const struct classifier *cls)
{
    CHECK(classifier_count(cls) == n_rules);
    CHECK(classifier_is_empty(cls) == !n_rules);

    for (size_t i = 0; i < n_rules; i++) {
        struct test_rule *tr = rules[i];
        CHECK(classifier_find_match_exactly(cls, &tr->match,
                                            cls_rule_priority(&tr->cr))
              == &tr->cr);
    }

    uint8_t *seen = xzalloc(n_rules + 1);
    size_t n = 0;
    struct test_rule *tr;
    CLS_FOR_EACH (tr, cr, cls) {
        CHECK(tr->idx < n_rules && rules[tr->idx] == tr);
        if (tr->idx < n_rules) {
            CHECK(!seen[tr->idx]);
            seen[tr->idx] = 1;
        }
        n++;
    }
    CHECK(n == n_rules);
    free(seen);
}

/* Makes "target" a random loose target: some of the fields of a template,
 * with pool values, or occasionally a catchall. */
static void
random_target(struct match *target)
{
    const struct template *t = &templates[rnd(ARRAY_SIZE(templates))];

    match_init_catchall(target);
    for (int f = 0; f < N_FIELDS; f++) {
        if (t->masks[f] && rnd(2)) {
            /* All of the rules' mask, or part of it. */
            uint64_t m = t->masks[f] & (rnd(2) ? UINT64_MAX
                                        : t->masks[f] << 8);
            field_set(&target->wc, f, m);
            field_set(&target->flow, f, pool_value(f, rnd(POOL_SIZE)) & m);
        }
    }
}

/* Checks CLS_FOR_EACH_TARGET for "target" against the reference, removing
 * the rules it visits if "remove" is true. */
static void
check_target(struct classifier *cls, const struct match *target,
             bool remove)
{
    size_t expected = 0;
    for (size_t i = 0; i < n_rules; i++) {
        bool loose = match_is_subset_of(&rules[i]->match, target);
        CHECK(loose == cls_rule_is_loose_match(&rules[i]->cr, target));
        expected += loose;
    }

    size_t n = 0;
    struct test_rule *tr;
    CLS_FOR_EACH_TARGET (tr, cr, cls, target) {
        CHECK(match_is_subset_of(&tr->match, target));
        n++;
        if (remove) {
            remove_rule(cls, tr);
        }
    }
    CHECK(n == expected);

    if (remove) {
        for (size_t i = 0; i < n_rules; i++) {
            CHECK(!match_is_subset_of(&rules[i]->match, target));
        }
    }
}

/* Reference for cls_rule_overlaps(): the same priority and, on every bit
 * both matches constrain, the same value. */
static bool
ref_overlaps(const struct test_rule *a, const struct test_rule *b)
{
    const uint8_t *fa = (const uint8_t *) &a->match.flow;
    const uint8_t *fb = (const uint8_t *) &b->match.flow;
    const uint8_t *wa = (const uint8_t *) &a->match.wc;
    const uint8_t *wb = (const uint8_t *) &b->match.wc;

    if (cls_rule_priority(&a->cr) != cls_rule_priority(&b->cr)) {
        return false;
    }
    for (size_t i = 0; i < sizeof a->match.flow; i++) {
        if ((fa[i] ^ fb[i]) & wa[i] & wb[i]) {
            return false;
        }
    }
    return true;
}

/* Directed tests. */

/* Priorities that interleave across subtables, and several priorities for
 * one match. */
static void
test_priorities(void)
{
    struct classifier cls;
    struct match port1, port1_ip, any;
    struct flow flow;

    classifier_init(&cls);
    match_init_catchall(&any);
    match_init_catchall(&port1);
    field_set(&port1.wc, F_IN_PORT, 0xffffffff);
    field_set(&port1.flow, F_IN_PORT, 1);
    port1_ip = port1;
    field_set(&port1_ip.wc, F_DL_TYPE, 0xffff);
    field_set(&port1_ip.flow, F_DL_TYPE, 0x0800);

    struct test_rule *a10 = test_rule_create(&port1, 10);
    struct test_rule *a1 = test_rule_create(&port1, 1);
    struct test_rule *b5 = test_rule_create(&port1_ip, 5);
    struct test_rule *c7 = test_rule_create(&any, 7);
    struct test_rule *c3 = test_rule_create(&any, 3);

    memset(&flow, 0, sizeof flow);
    field_set(&flow, F_IN_PORT, 1);
    field_set(&flow, F_DL_TYPE, 0x0800);

    CHECK(classifier_is_empty(&cls));
    CHECK(classifier_lookup(&cls, &flow, NULL) == NULL);
    CHECK(cls_rule_is_catchall(&c7->cr) && !cls_rule_is_catchall(&a1->cr));

    CHECK(classifier_replace(&cls, &a1->cr) == NULL);
    CHECK(classifier_replace(&cls, &c3->cr) == NULL);
    CHECK(classifier_replace(&cls, &b5->cr) == NULL);
    CHECK(classifier_lookup(&cls, &flow, NULL) == &b5->cr);
    CHECK(classifier_replace(&cls, &a10->cr) == NULL);
    CHECK(classifier_replace(&cls, &c7->cr) == NULL);
    CHECK(classifier_count(&cls) == 5);
    CHECK(classifier_lookup(&cls, &flow, NULL) == &a10->cr);

    classifier_remove(&cls, &a10->cr);
    CHECK(classifier_lookup(&cls, &flow, NULL) == &c7->cr);
    classifier_remove(&cls, &c7->cr);
    CHECK(classifier_lookup(&cls, &flow, NULL) == &b5->cr);
    classifier_remove(&cls, &b5->cr);
    CHECK(classifier_lookup(&cls, &flow, NULL) == &c3->cr);
    classifier_remove(&cls, &c3->cr);
    CHECK(classifier_lookup(&cls, &flow, NULL) == &a1->cr);
    CHECK(classifier_find_match_exactly(&cls, &port1, 1) == &a1->cr);
    CHECK(classifier_find_match_exactly(&cls, &port1, 10) == NULL);

    /* Replacing a rule hands the old one back. */
    struct test_rule *a1b = test_rule_create(&port1, 1);
    CHECK(cls_rule_equal(&a1->cr, &a1b->cr));
    CHECK(!cls_rule_equal(&a1->cr, &a10->cr));
    CHECK(classifier_replace(&cls, &a1b->cr) == &a1->cr);
    CHECK(classifier_count(&cls) == 1);
    CHECK(classifier_lookup(&cls, &flow, NULL) == &a1b->cr);
    classifier_remove(&cls, &a1b->cr);
    classifier_remove(&cls, &a1b->cr);  /* Not in it: no effect. */
    CHECK(classifier_is_empty(&cls));

    /* A rule left in the classifier is detached by destroy. */
    CHECK(classifier_replace(&cls, &a1->cr) == NULL);
    classifier_destroy(&cls);

    test_rule_destroy(a10);
    test_rule_destroy(a1);
    test_rule_destroy(a1b);
    test_rule_destroy(b5);
    test_rule_destroy(c7);
    test_rule_destroy(c3);
    printf("priorities: ok\n");
}

/* cls_rule_get_match() gives back the match, table pointer included, for
 * fields all over struct flow. */
static void
test_roundtrip(void)
{
    for (size_t t = 0; t < ARRAY_SIZE(templates); t++) {
        for (int i = 0; i < 20; i++) {
            struct match match, back;
            struct cls_rule cr;

            random_match(&match, &templates[t]);
            cls_rule_init(&cr, &match, i);
            cls_rule_get_match(&cr, &back);
            CHECK(!memcmp(&match, &back, sizeof match));
            CHECK(back.flow.tunnel.metadata.tab
                  == match.flow.tunnel.metadata.tab);
            CHECK(cls_rule_is_catchall(&cr) == (t == 0));
            cls_rule_destroy(&cr);
        }
    }

    /* A stray table pointer in the mask is not a bit to match. */
    struct match match, back;
    struct cls_rule cr;
    match_init_catchall(&match);
    match.wc.tunnel.metadata.tab = TAB_A;
    cls_rule_init(&cr, &match, 0);
    CHECK(cls_rule_is_catchall(&cr));
    cls_rule_get_match(&cr, &back);
    CHECK(back.wc.tunnel.metadata.tab == NULL);
    cls_rule_destroy(&cr);
    printf("roundtrip: ok\n");
}

/* Prints what a typical rule costs: in_port, dl_type and nw_dst. */
static void
test_memory(void)
{
    struct match match;
    struct cls_rule cr;

    random_match(&match, &templates[2]);
    cls_rule_init(&cr, &match, 100);
    printf("memory: struct match %zu bytes, struct cls_rule %zu bytes, "
           "3-field rule %zu bytes in all\n", sizeof match, sizeof cr,
           cls_rule_size(&cr));
    CHECK(cls_rule_size(&cr) * 8 < sizeof match);
    cls_rule_destroy(&cr);
}

/* 100,000 rules in one subtable, plus a catchall. */
static void
test_scale(void)
{
    enum { N = 100000 };
    struct classifier cls;
    struct test_rule **big = xmalloc(N * sizeof *big);
    struct match match;
    struct flow flow;

    classifier_init(&cls);
    for (int i = 0; i < N; i++) {
        match_init_catchall(&match);
        field_set(&match.wc, F_IN_PORT, 0xffffffff);
        field_set(&match.wc, F_DL_TYPE, 0xffff);
        field_set(&match.wc, F_NW_DST, 0xffffffff);
        field_set(&match.flow, F_IN_PORT, i % 7);
        field_set(&match.flow, F_DL_TYPE, 0x0800);
        field_set(&match.flow, F_NW_DST, i);
        big[i] = test_rule_create(&match, i % 3);
        CHECK(classifier_replace(&cls, &big[i]->cr) == NULL);
    }
    match_init_catchall(&match);
    struct test_rule *low = test_rule_create(&match, 1);
    CHECK(classifier_replace(&cls, &low->cr) == NULL);
    CHECK(classifier_count(&cls) == N + 1);

    memset(&flow, 0, sizeof flow);
    field_set(&flow, F_DL_TYPE, 0x0800);
    for (int i = 0; i < N; i++) {
        field_set(&flow, F_IN_PORT, i % 7);
        field_set(&flow, F_NW_DST, i);
        const struct cls_rule *cr = classifier_lookup(&cls, &flow, NULL);
        CHECK(cr == (i % 3 >= 1 ? &big[i]->cr : &low->cr)
              || (i % 3 == 1 && cls_rule_priority(cr) == 1));
    }

    size_t n = 0;
    struct test_rule *tr;
    CLS_FOR_EACH (tr, cr, &cls) {
        classifier_remove(&cls, &tr->cr);
        n++;
    }
    CHECK(n == N + 1);
    CHECK(classifier_is_empty(&cls));
    classifier_destroy(&cls);

    for (int i = 0; i < N; i++) {
        test_rule_destroy(big[i]);
    }
    test_rule_destroy(low);
    free(big);
    printf("scale: %d rules inserted, looked up, removed: ok\n", N);
}

/* The randomized differential test: "n_ops" random operations, keeping
 * at most "max_rules" rules.  With few rules, lookups often go through
 * every subtable, which tests the wildcards best; with many, replacement
 * and early stopping. */
static void
test_random(int n_ops, size_t max_rules)
{
    struct classifier cls;
    size_t n_lookups = 0, n_replaced = 0, n_overlaps = 0, peak = 0;

    classifier_init(&cls);
    for (int op = 0; op < n_ops; op++) {
        unsigned int r = rnd(100);

        if (r < 55 && n_rules < max_rules) {
            struct match match;
            random_match(&match,
                         &templates[rnd(ARRAY_SIZE(templates))]);
            size_t before = n_rules;
            insert_rule(&cls, test_rule_create(&match, rnd(40)));
            n_replaced += n_rules == before;
            peak = MAX(peak, n_rules);
        } else if (r < 75 && n_rules) {
            remove_rule(&cls, rules[rnd(n_rules)]);
        } else if (r < 97) {
            struct flow flow;
            if (rnd(2)) {
                random_flow(&flow);
            } else {
                random_flow_near_rule(&flow);
            }
            check_lookup(&cls, &flow);
            n_lookups++;
        } else if (n_rules) {
            for (int i = 0; i < 50; i++) {
                struct test_rule *a = rules[rnd(n_rules)];
                struct test_rule *b = rules[rnd(n_rules)];
                bool overlap = cls_rule_overlaps(&a->cr, &b->cr);
                CHECK(overlap == ref_overlaps(a, b));
                CHECK(cls_rule_overlaps(&b->cr, &a->cr) == overlap);
                CHECK(cls_rule_equal(&a->cr, &b->cr)
                      == (a == b
                          || (cls_rule_priority(&a->cr)
                              == cls_rule_priority(&b->cr)
                              && match_equal(&a->match, &b->match))));
                n_overlaps += overlap;
            }
        }

        if (op % 4000 == 3999) {
            struct match target;
            check_tables(&cls);
            random_target(&target);
            check_target(&cls, &target, false);
            random_target(&target);
            check_target(&cls, &target, op % 8000 == 7999);
            check_tables(&cls);
        }
    }
    printf("random: %d operations, %zu lookups, %zu replaced, "
           "%zu overlaps, %zu rules at most: %s\n", n_ops, n_lookups,
           n_replaced, n_overlaps, peak, failures ? "FAILED" : "ok");

    /* Empty it by iteration with a catchall target. */
    struct match all;
    match_init_catchall(&all);
    check_target(&cls, &all, true);
    CHECK(classifier_is_empty(&cls) && !n_rules);
    classifier_destroy(&cls);
    free(rules);
    rules = NULL;
    n_rules = allocated_rules = 0;
}

int
main(int argc, char *argv[])
{
    if (argc > 1) {
        /* Any seed, 0 included, gives a nonzero state. */
        rng_state = strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ULL + 1;
    }

    test_priorities();
    test_roundtrip();
    test_memory();
    test_random(20000, 30);
    test_random(40000, 5000);
    test_scale();

    if (failures) {
        printf("%d checks failed\n", failures);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
