/* OpenFlow flow table: tuple-space search over compact matches. */
#include <config.h>
#include "classifier.h"

#include <string.h>
#include "flow.h"
#include "hash.h"
#include "match.h"
#include "util.h"

/* struct flow seen as 8-byte words.  Word "i" covers bytes [8i, 8i + 8).
 * The struct holds 64-bit members, so its size is a multiple of 8 and no
 * word is partial. */
#define FLOW_BYTES sizeof(struct flow)
#define FLOW_WORDS (FLOW_BYTES / 8)
BUILD_ASSERT(FLOW_BYTES % 8 == 0);
#define FLOW_MAP_UNITS ((FLOW_WORDS + 63) / 64)

/* The bytes of the tunnel TLV table pointer, which is not packet data and
 * never takes part in a mask. */
#define FLOW_TAB_OFS offsetof(struct flow, tunnel.metadata.tab)
#define FLOW_TAB_LEN sizeof(const struct tun_table *)

/* A match, compact: only the words of struct flow its mask touches.
 *
 * Word "i" of the mask is nonzero iff bit "i" of "map" is set.  "words"
 * holds the n = popcount(map) nonzero mask words, in increasing "i", then
 * the n value words in the same order.  Values are always masked. */
struct minimatch {
    uint64_t map[FLOW_MAP_UNITS]; /* Bit i: mask word i is nonzero. */
    size_t n_words;             /* Bits set in "map", counted once. */
    uint64_t words[];           /* "n" mask words, then "n" value words. */
};

/* A minimatch with room for every word, for building on the stack. */
struct minimatch_buf {
    uint64_t map[FLOW_MAP_UNITS]; /* As in struct minimatch. */
    uint64_t words[2 * FLOW_WORDS]; /* As in struct minimatch. */
};

/* All the rules that share one mask. */
struct cls_subtable {
    struct hmap_node node;      /* In the classifier's "subtables", by the
                                 * hash of the mask. */
    struct hmap rules;          /* Heads of lists of rules with equal
                                 * matches, by hash of masked values. */
    size_t n_rules;             /* Rules in all lists of "rules". */
    int max_priority;           /* Highest priority of any rule. */
    size_t max_count;           /* Rules with "max_priority". */
    size_t n_words;             /* Nonzero mask words: popcount of "map". */
    uint64_t map[FLOW_MAP_UNITS]; /* Bit i: mask word i is nonzero. */
    uint64_t mask[];            /* "n_words" nonzero mask words. */
};

/* Returns word "i" of "flow". */
static inline uint64_t
flow_word(const struct flow *flow, size_t i)
{
    uint64_t w;

    memcpy(&w, (const char *) flow + i * 8, 8);
    return w;
}

/* Stores "w" into word "i" of "flow". */
static inline void
flow_word_set(struct flow *flow, size_t i, uint64_t w)
{
    memcpy((char *) flow + i * 8, &w, 8);
}

/* Returns word "i" of the mask "wc", without the bytes of the TLV table
 * pointer, which a mask must never cover. */
static uint64_t
mask_word(const struct flow *wc, size_t i)
{
    size_t start = i * 8;

    if (start + 8 <= FLOW_TAB_OFS || start >= FLOW_TAB_OFS + FLOW_TAB_LEN) {
        return flow_word(wc, i);
    }

    uint8_t bytes[8];
    memcpy(bytes, (const char *) wc + start, 8);
    for (size_t j = 0; j < 8; j++) {
        if (start + j >= FLOW_TAB_OFS
            && start + j < FLOW_TAB_OFS + FLOW_TAB_LEN) {
            bytes[j] = 0;
        }
    }

    uint64_t w;
    memcpy(&w, bytes, 8);
    return w;
}

/* Returns the index of the next set bit of "map" at or after "i", or
 * FLOW_WORDS if there is none. */
static inline size_t
map_next(const uint64_t map[FLOW_MAP_UNITS], size_t i)
{
    while (i < FLOW_WORDS) {
        uint64_t bits = map[i / 64] >> (i % 64);
        if (bits) {
            return i + __builtin_ctzll(bits);
        }
        i = (i / 64 + 1) * 64;
    }
    return FLOW_WORDS;
}

/* Iterates "IDX" over the set bits of "MAP". */
#define MAP_FOR_EACH_INDEX(IDX, MAP)                                    \
    for ((IDX) = map_next(MAP, 0); (IDX) < FLOW_WORDS;                  \
         (IDX) = map_next(MAP, (IDX) + 1))

/* Tells whether bit "i" of "map" is set. */
static inline bool
map_has(const uint64_t map[FLOW_MAP_UNITS], size_t i)
{
    return (map[i / 64] >> (i % 64)) & 1;
}

/* Mixes "w" into "hash". */
static inline uint32_t
hash_word(uint32_t hash, uint64_t w)
{
    return hash_add(hash_add(hash, (uint32_t) w), (uint32_t) (w >> 32));
}

/* Returns a hash of the "n" words in "words". */
static uint32_t
hash_words(const uint64_t *words, size_t n, uint32_t basis)
{
    uint32_t hash = basis;

    for (size_t i = 0; i < n; i++) {
        hash = hash_word(hash, words[i]);
    }
    return hash_finish(hash, n * 8);
}

/* Fills "buf" with the compact form of "match" and returns its number of
 * mask words. */
static size_t
minimatch_build(struct minimatch_buf *mm, const struct match *match)
{
    size_t n = 0;

    memset(mm->map, 0, sizeof mm->map);
    for (size_t i = 0; i < FLOW_WORDS; i++) {
        uint64_t m = mask_word(&match->wc, i);
        if (m) {
            mm->map[i / 64] |= UINT64_C(1) << (i % 64);
            mm->words[n++] = m;
        }
    }

    size_t j = 0, i;
    MAP_FOR_EACH_INDEX (i, mm->map) {
        mm->words[n + j] = flow_word(&match->flow, i) & mm->words[j];
        j++;
    }
    return n;
}

/* Returns the number of mask words in "mm". */
static inline size_t
minimatch_n_words(const struct minimatch *mm)
{
    return mm->n_words;
}

/* Returns the mask words of "mm". */
static inline const uint64_t *
minimatch_mask(const struct minimatch *mm)
{
    return mm->words;
}

/* Returns the value words of "mm", which has "n" mask words. */
static inline const uint64_t *
minimatch_values(const struct minimatch *mm, size_t n)
{
    return mm->words + n;
}

/* Initializes "rule" to match what "match" matches, at "priority".  The
 * rule is in no classifier; cls_rule_destroy() frees what this
 * allocates. */
void
cls_rule_init(struct cls_rule *rule, const struct match *match,
              int priority)
{
    struct minimatch_buf buf;
    size_t n = minimatch_build(&buf, match);
    size_t n_bytes = 2 * n * sizeof buf.words[0];

    rule->match = xmalloc(sizeof *rule->match + n_bytes);
    memcpy(rule->match->map, buf.map, sizeof buf.map);
    rule->match->n_words = n;
    memcpy(rule->match->words, buf.words, n_bytes);
    rule->tab = match->flow.tunnel.metadata.tab;
    rule->priority = priority;
    rule->next = NULL;
    rule->subtable = NULL;
    rule->node.hash = 0;
    rule->node.next = NULL;
}

/* Frees what "rule" allocated.  "rule" must be in no classifier. */
void
cls_rule_destroy(struct cls_rule *rule)
{
    free(rule->match);
    rule->match = NULL;
}

/* Expands the match of "rule" into "match". */
void
cls_rule_get_match(const struct cls_rule *rule, struct match *match)
{
    const struct minimatch *mm = rule->match;
    size_t n = minimatch_n_words(mm);
    size_t j = 0, i;

    memset(match, 0, sizeof *match);
    MAP_FOR_EACH_INDEX (i, mm->map) {
        flow_word_set(&match->wc, i, minimatch_mask(mm)[j]);
        flow_word_set(&match->flow, i, minimatch_values(mm, n)[j]);
        j++;
    }
    match->flow.tunnel.metadata.tab = rule->tab;
}

/* Returns the priority of "rule". */
int
cls_rule_priority(const struct cls_rule *rule)
{
    return rule->priority;
}

/* Tells whether "rule" matches every packet. */
bool
cls_rule_is_catchall(const struct cls_rule *rule)
{
    for (size_t u = 0; u < FLOW_MAP_UNITS; u++) {
        if (rule->match->map[u]) {
            return false;
        }
    }
    return true;
}

/* Tells whether "rule" matches "flow".  This is the check of every
 * exact-match cache hit: it walks the map's bits unit by unit, and
 * gathers the differences rather than branch on each word. */
bool
cls_rule_matches_flow(const struct cls_rule *rule, const struct flow *flow)
{
    const struct minimatch *mm = rule->match;
    size_t n = minimatch_n_words(mm);
    const uint64_t *mask = minimatch_mask(mm);
    const uint64_t *values = minimatch_values(mm, n);
    uint64_t diff = 0;

    for (size_t u = 0; u < FLOW_MAP_UNITS; u++) {
        for (uint64_t bits = mm->map[u]; bits; bits &= bits - 1) {
            size_t i = u * 64 + __builtin_ctzll(bits);
            diff |= (flow_word(flow, i) & *mask++) ^ *values++;
        }
    }
    return !diff;
}

/* Asks the CPU to bring the words cls_rule_matches_flow() reads of
 * "rule" into the cache, for a check soon after. */
void
cls_rule_prefetch(const struct cls_rule *rule)
{
    /* The map and the first words, and the next line of words. */
    __builtin_prefetch(rule->match);
    __builtin_prefetch((const char *) rule->match + 64);
}

/* Tells whether "rule" matches "target" loosely, in the OpenFlow sense of
 * a non-strict flow_mod or flow_stats request: "rule" constrains at least
 * every bit "target" constrains, to the same value.  Equivalently, every
 * packet "rule" matches, "target" matches too. */
bool
cls_rule_is_loose_match(const struct cls_rule *rule,
                        const struct match *target)
{
    const struct minimatch *mm = rule->match;
    size_t n = minimatch_n_words(mm);
    const uint64_t *mask = minimatch_mask(mm);
    const uint64_t *values = minimatch_values(mm, n);
    size_t j = 0;

    for (size_t i = 0; i < FLOW_WORDS; i++) {
        uint64_t rm = 0, rv = 0;
        if (map_has(mm->map, i)) {
            rm = mask[j];
            rv = values[j];
            j++;
        }

        uint64_t tm = mask_word(&target->wc, i);
        if ((tm & ~rm) || ((rv ^ flow_word(&target->flow, i)) & tm)) {
            return false;
        }
    }
    return true;
}

/* Tells whether "a" and "b" have the same priority and match the same
 * packets. */
bool
cls_rule_equal(const struct cls_rule *a, const struct cls_rule *b)
{
    if (a->priority != b->priority
        || memcmp(a->match->map, b->match->map, sizeof a->match->map)) {
        return false;
    }

    size_t n = minimatch_n_words(a->match);
    return !memcmp(a->match->words, b->match->words,
                   2 * n * sizeof a->match->words[0]);
}

/* Tells whether "a" and "b" have the same priority and some packet would
 * match both, which is what OFPFF_CHECK_OVERLAP refuses. */
bool
cls_rule_overlaps(const struct cls_rule *a, const struct cls_rule *b)
{
    if (a->priority != b->priority) {
        return false;
    }

    const struct minimatch *ma = a->match, *mb = b->match;
    size_t na = minimatch_n_words(ma), nb = minimatch_n_words(mb);
    size_t ja = 0, jb = 0;

    /* Two matches overlap unless some bit both constrain has different
     * values; walk the words both masks touch. */
    for (size_t i = 0; i < FLOW_WORDS; i++) {
        bool in_a = map_has(ma->map, i), in_b = map_has(mb->map, i);
        if (in_a && in_b) {
            uint64_t both = ma->words[ja] & mb->words[jb];
            if ((ma->words[na + ja] ^ mb->words[nb + jb]) & both) {
                return false;
            }
        }
        ja += in_a;
        jb += in_b;
    }
    return true;
}

/* Returns the bytes "rule" occupies: the struct itself plus the compact
 * match it allocated (not counting the allocator's own overhead). */
size_t
cls_rule_size(const struct cls_rule *rule)
{
    size_t n = minimatch_n_words(rule->match);

    return (sizeof *rule + sizeof *rule->match
            + 2 * n * sizeof rule->match->words[0]);
}

/* Subtables. */

/* Returns the hash of the mask with "map" and nonzero words "mask". */
static uint32_t
subtable_hash(const uint64_t map[FLOW_MAP_UNITS], const uint64_t *mask,
              size_t n)
{
    return hash_words(mask, n, hash_words(map, FLOW_MAP_UNITS, 0));
}

/* Returns the subtable of "cls" whose mask has "map" and the "n" nonzero
 * words "mask", or NULL. */
static struct cls_subtable *
find_subtable(const struct classifier *cls,
              const uint64_t map[FLOW_MAP_UNITS], const uint64_t *mask,
              size_t n)
{
    uint32_t hash = subtable_hash(map, mask, n);
    struct cls_subtable *st;

    HMAP_FOR_EACH_WITH_HASH (st, node, hash, &cls->subtables) {
        if (!memcmp(st->map, map, sizeof st->map)
            && !memcmp(st->mask, mask, n * sizeof st->mask[0])) {
            return st;
        }
    }
    return NULL;
}

/* Returns the position of "st" in "cls->by_priority". */
static size_t
subtable_index(const struct classifier *cls, const struct cls_subtable *st)
{
    for (size_t i = 0; i < cls->n_subtables; i++) {
        if (cls->by_priority[i] == st) {
            return i;
        }
    }
    OVSX_NOT_REACHED();
}

/* Moves "st", whose "max_priority" changed, to its place in
 * "cls->by_priority", which is otherwise sorted. */
static void
subtable_reorder(struct classifier *cls, struct cls_subtable *st)
{
    struct cls_subtable **v = cls->by_priority;
    size_t i = subtable_index(cls, st);

    while (i > 0 && v[i - 1]->max_priority < st->max_priority) {
        v[i] = v[i - 1];
        i--;
    }
    while (i + 1 < cls->n_subtables
           && v[i + 1]->max_priority > st->max_priority) {
        v[i] = v[i + 1];
        i++;
    }
    v[i] = st;
}

/* Adds to "cls" an empty subtable for the mask of "mm", which has "n"
 * words, and returns it. */
static struct cls_subtable *
subtable_create(struct classifier *cls, const struct minimatch *mm,
                size_t n)
{
    struct cls_subtable *st = xmalloc(sizeof *st + n * sizeof st->mask[0]);

    hmap_init(&st->rules);
    st->n_rules = 0;
    st->max_priority = 0;
    st->max_count = 0;
    st->n_words = n;
    memcpy(st->map, mm->map, sizeof st->map);
    memcpy(st->mask, minimatch_mask(mm), n * sizeof st->mask[0]);
    hmap_insert(&cls->subtables, &st->node,
                subtable_hash(st->map, st->mask, n));

    if (cls->n_subtables >= cls->allocated) {
        cls->allocated = cls->allocated ? 2 * cls->allocated : 8;
        cls->by_priority = xrealloc(cls->by_priority,
                                    cls->allocated * sizeof *cls->by_priority);
    }
    cls->by_priority[cls->n_subtables++] = st;
    return st;
}

/* Removes "st", which has no rules, from "cls" and frees it. */
static void
subtable_destroy(struct classifier *cls, struct cls_subtable *st)
{
    size_t i = subtable_index(cls, st);

    memmove(&cls->by_priority[i], &cls->by_priority[i + 1],
            (cls->n_subtables - i - 1) * sizeof *cls->by_priority);
    cls->n_subtables--;
    hmap_remove(&cls->subtables, &st->node);
    hmap_destroy(&st->rules);
    free(st);
}

/* Recomputes "st->max_priority" and "st->max_count" from its rules.  Only
 * list heads need looking at, since each list is sorted. */
static void
subtable_recompute_max(struct cls_subtable *st)
{
    const struct cls_rule *head;

    st->max_count = 0;
    HMAP_FOR_EACH (head, node, &st->rules) {
        if (!st->max_count || head->priority > st->max_priority) {
            st->max_priority = head->priority;
            st->max_count = 1;
        } else if (head->priority == st->max_priority) {
            st->max_count++;
        }
    }
}

/* Returns the hash under which a rule with "values" goes in "st". */
static inline uint32_t
subtable_rule_hash(const struct cls_subtable *st, const uint64_t *values)
{
    return hash_words(values, st->n_words, 0);
}

/* Returns the head of the list in "st" whose masked values are "values"
 * (hash "hash"), or NULL. */
static struct cls_rule *
subtable_find_list(const struct cls_subtable *st, const uint64_t *values,
                   uint32_t hash)
{
    struct cls_rule *head;

    HMAP_FOR_EACH_WITH_HASH (head, node, hash, &st->rules) {
        if (!memcmp(minimatch_values(head->match, st->n_words), values,
                    st->n_words * sizeof *values)) {
            return head;
        }
    }
    return NULL;
}

/* Puts "new" in the place of "old" in "map", with the same hash, so that
 * no other node moves (which keeps cursors valid).  hmap.h has no replace
 * operation; this relies only on struct hmap's documented layout. */
static void
replace_in_hmap(struct hmap *map, struct hmap_node *old,
                struct hmap_node *new)
{
    struct hmap_node **p = &map->buckets[old->hash & map->mask];

    while (*p != old) {
        p = &(*p)->next;
    }
    new->hash = old->hash;
    new->next = old->next;
    *p = new;
}

/* Returns the rule in "st" matching "flow", or NULL.  Of several lists
 * that could match, only one can: they differ in some masked word. */
static const struct cls_rule *
subtable_lookup(const struct cls_subtable *st, const struct flow *flow)
{
    uint64_t values[FLOW_WORDS];
    uint32_t hash = 0;
    size_t j = 0;

    for (size_t u = 0; u < FLOW_MAP_UNITS; u++) {
        for (uint64_t bits = st->map[u]; bits; bits &= bits - 1) {
            size_t i = u * 64 + __builtin_ctzll(bits);
            values[j] = flow_word(flow, i) & st->mask[j];
            hash = hash_word(hash, values[j]);
            j++;
        }
    }
    hash = hash_finish(hash, st->n_words * 8);
    return subtable_find_list(st, values, hash);
}

/* ORs the mask of "st" into "wc". */
static void
subtable_or_mask(const struct cls_subtable *st, struct flow *wc)
{
    size_t j = 0, i;

    MAP_FOR_EACH_INDEX (i, st->map) {
        flow_word_set(wc, i, flow_word(wc, i) | st->mask[j]);
        j++;
    }
}

/* Classifier. */

/* Initializes "cls" as an empty classifier. */
void
classifier_init(struct classifier *cls)
{
    hmap_init(&cls->subtables);
    cls->by_priority = NULL;
    cls->n_subtables = 0;
    cls->allocated = 0;
    cls->n_rules = 0;
}

/* Frees what "cls" allocated.  The rules belong to the caller and are not
 * freed; any still in "cls" are detached from it, so that
 * cls_rule_destroy() may be called on them afterward. */
void
classifier_destroy(struct classifier *cls)
{
    struct cls_subtable *st, *next_st;

    HMAP_FOR_EACH_SAFE (st, next_st, node, &cls->subtables) {
        struct cls_rule *head, *next_head;
        HMAP_FOR_EACH_SAFE (head, next_head, node, &st->rules) {
            struct cls_rule *rule, *next;
            for (rule = head; rule; rule = next) {
                next = rule->next;
                rule->next = NULL;
                rule->subtable = NULL;
            }
        }
        hmap_destroy(&st->rules);
        free(st);
    }
    hmap_destroy(&cls->subtables);
    free(cls->by_priority);
    classifier_init(cls);
}

/* Inserts "rule", which is in no classifier, into "cls".  If "cls" holds a
 * rule with the same match and priority, that rule is removed and
 * returned, for the caller to destroy; otherwise returns NULL. */
struct cls_rule *
classifier_replace(struct classifier *cls, struct cls_rule *rule)
{
    const struct minimatch *mm = rule->match;
    size_t n = minimatch_n_words(mm);
    const uint64_t *values = minimatch_values(mm, n);
    struct cls_subtable *st = find_subtable(cls, mm->map,
                                            minimatch_mask(mm), n);

    if (!st) {
        st = subtable_create(cls, mm, n);
    }
    rule->subtable = st;

    uint32_t hash = subtable_rule_hash(st, values);
    struct cls_rule *head = subtable_find_list(st, values, hash);
    if (!head) {
        rule->next = NULL;
        hmap_insert(&st->rules, &rule->node, hash);
    } else {
        /* Find the first rule in the list not above "rule"; "*prev" is the
         * link that points to it. */
        struct cls_rule **prev = &head, *old;
        while (*prev && (*prev)->priority > rule->priority) {
            prev = &(*prev)->next;
        }
        old = *prev;
        if (old && old->priority == rule->priority) {
            rule->next = old->next;
            old->next = NULL;
            old->subtable = NULL;
            if (old == head) {
                replace_in_hmap(&st->rules, &old->node, &rule->node);
            } else {
                *prev = rule;
            }
            return old;
        }
        rule->next = old;
        if (old == head) {
            replace_in_hmap(&st->rules, &old->node, &rule->node);
        } else {
            *prev = rule;
        }
    }

    st->n_rules++;
    cls->n_rules++;
    if (st->n_rules == 1 || rule->priority > st->max_priority) {
        st->max_priority = rule->priority;
        st->max_count = 1;
        subtable_reorder(cls, st);
    } else if (rule->priority == st->max_priority) {
        st->max_count++;
    }
    return NULL;
}

/* Removes "rule" from "cls".  The caller still owns "rule" and should
 * destroy it.  Does nothing if "rule" is in no classifier. */
void
classifier_remove(struct classifier *cls, struct cls_rule *rule)
{
    struct cls_subtable *st = rule->subtable;

    if (!st) {
        return;
    }

    const uint64_t *values = minimatch_values(rule->match, st->n_words);
    uint32_t hash = subtable_rule_hash(st, values);
    struct cls_rule *head = subtable_find_list(st, values, hash);

    if (head == rule) {
        if (rule->next) {
            replace_in_hmap(&st->rules, &rule->node, &rule->next->node);
        } else {
            hmap_remove(&st->rules, &rule->node);
        }
    } else {
        struct cls_rule *prev = head;
        while (prev->next != rule) {
            prev = prev->next;
        }
        prev->next = rule->next;
    }
    rule->next = NULL;
    rule->subtable = NULL;

    cls->n_rules--;
    if (!--st->n_rules) {
        subtable_destroy(cls, st);
    } else if (rule->priority == st->max_priority && !--st->max_count) {
        subtable_recompute_max(st);
        subtable_reorder(cls, st);
    }
}

/* Returns the highest-priority rule in "cls" that matches "flow", or NULL
 * if none does.  Among rules of equal priority, which one wins depends
 * only on the history of insertions and removals, not on "flow".
 *
 * If "wc" is nonnull, ORs into it every bit of "flow" the lookup examined:
 * any flow that agrees with "flow" on the bits set in "wc" afterward gets
 * the same result.  This is what a megaflow's mask is made of. */
const struct cls_rule *
classifier_lookup(const struct classifier *cls, const struct flow *flow,
                  struct flow *wc)
{
    const struct cls_rule *best = NULL;

    for (size_t i = 0; i < cls->n_subtables; i++) {
        const struct cls_subtable *st = cls->by_priority[i];

        if (best && st->max_priority <= best->priority) {
            break;
        }
        if (wc) {
            subtable_or_mask(st, wc);
        }

        const struct cls_rule *rule = subtable_lookup(st, flow);
        if (rule && (!best || rule->priority > best->priority)) {
            best = rule;
        }
    }
    return best;
}

/* Returns the rule in "cls" whose match is exactly "match" and whose
 * priority is "priority", or NULL.  This is an OpenFlow "strict" match. */
struct cls_rule *
classifier_find_match_exactly(const struct classifier *cls,
                              const struct match *match, int priority)
{
    struct minimatch_buf buf;
    size_t n = minimatch_build(&buf, match);
    const struct cls_subtable *st = find_subtable(cls, buf.map, buf.words, n);

    if (!st) {
        return NULL;
    }

    const uint64_t *values = buf.words + n;
    struct cls_rule *rule = subtable_find_list(st, values,
                                               subtable_rule_hash(st, values));
    while (rule && rule->priority > priority) {
        rule = rule->next;
    }
    return rule && rule->priority == priority ? rule : NULL;
}

/* Returns the number of rules in "cls". */
size_t
classifier_count(const struct classifier *cls)
{
    return cls->n_rules;
}

/* Tells whether "cls" has no rules. */
bool
classifier_is_empty(const struct classifier *cls)
{
    return !cls->n_rules;
}

/* Iteration. */

/* Tells whether some rule in "st" could loosely match "target": the mask
 * of "st" covers every bit "target" constrains. */
static bool
subtable_covers(const struct cls_subtable *st, const struct match *target)
{
    size_t j = 0;

    for (size_t i = 0; i < FLOW_WORDS; i++) {
        uint64_t m = 0;
        if (map_has(st->map, i)) {
            m = st->mask[j++];
        }
        if (mask_word(&target->wc, i) & ~m) {
            return false;
        }
    }
    return true;
}

/* Moves "cursor" to the first rule of the first subtable at or after
 * "st" that could hold a match for the target, or to the end. */
static void
cursor_enter_subtable(struct cls_cursor *cursor, struct cls_subtable *st)
{
    const struct hmap *subtables = &cursor->cls->subtables;

    for (; st; st = HMAP_CONTAINER(hmap_next(subtables, &st->node), st,
                                   node)) {
        if (!cursor->target || subtable_covers(st, cursor->target)) {
            struct hmap_node *first = hmap_first(&st->rules);
            cursor->rule = HMAP_CONTAINER(first, cursor->rule, node);
            cursor->next_head = hmap_next(&st->rules, first);
            cursor->next_subtable = HMAP_CONTAINER(
                hmap_next(subtables, &st->node), st, node);
            return;
        }
    }
    cursor->rule = NULL;
    cursor->next_head = NULL;
    cursor->next_subtable = NULL;
}

/* Moves "cursor" one rule forward, regardless of the target.  Only uses
 * "cursor->rule" while it is still in the classifier. */
static void
cursor_step(struct cls_cursor *cursor)
{
    struct cls_rule *rule = cursor->rule;

    if (rule->next) {
        cursor->rule = rule->next;
    } else if (cursor->next_head) {
        cursor->rule = HMAP_CONTAINER(cursor->next_head, rule, node);
        cursor->next_head = hmap_next(&rule->subtable->rules,
                                      cursor->next_head);
    } else {
        cursor_enter_subtable(cursor, cursor->next_subtable);
    }
}

/* Moves "cursor" forward to a rule that matches its target, if it is not
 * at one already. */
static void
cursor_settle(struct cls_cursor *cursor)
{
    while (cursor->rule && cursor->target
           && !cls_rule_is_loose_match(cursor->rule, cursor->target)) {
        cursor_step(cursor);
    }
}

/* Returns a cursor over the rules in "cls" that loosely match "target"
 * (every rule if "target" is NULL).  "target" must stay valid while the
 * cursor is in use. */
struct cls_cursor
cls_cursor_start(const struct classifier *cls, const struct match *target)
{
    struct cls_cursor cursor = { .cls = cls, .target = target };

    cursor_enter_subtable(&cursor, HMAP_CONTAINER(hmap_first(&cls->subtables),
                                                  cursor.next_subtable,
                                                  node));
    cursor_settle(&cursor);
    return cursor;
}

/* Returns the rule "cursor" is at, or NULL at the end, and moves the
 * cursor past it.  The caller may then remove the returned rule. */
struct cls_rule *
cls_cursor_next(struct cls_cursor *cursor)
{
    struct cls_rule *rule = cursor->rule;

    if (rule) {
        cursor_step(cursor);
        cursor_settle(cursor);
    }
    return rule;
}
