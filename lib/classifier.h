/* An OpenFlow flow table: rules of (match, priority), looked up by packet.
 *
 * The classifier uses tuple-space search.  Rules with the same mask form a
 * "subtable", a hash table keyed by the rule's masked values, so a lookup
 * costs one hash probe per distinct mask rather than one comparison per
 * rule.  Subtables are visited in descending order of the highest priority
 * they hold, and the search stops as soon as no remaining subtable can hold
 * a rule that beats the best one found.
 *
 * A rule is a "struct cls_rule" embedded in the caller's own rule struct:
 *
 *     struct rule { struct cls_rule cr; struct ofpact *actions; ... };
 *
 *     cls_rule_init(&rule->cr, &match, priority);
 *     displaced = classifier_replace(&table->cls, &rule->cr);
 *     ...
 *     cr = classifier_lookup(&table->cls, &flow, &wc);
 *
 * A cls_rule stores its match compactly (only the 8-byte words of struct
 * flow that its mask touches), so 100,000 rules cost a few megabytes rather
 * than 100,000 copies of struct match.
 *
 * Two rules with the same match and the same priority cannot both be in a
 * classifier; classifier_replace() swaps the old one out.  Rules with the
 * same match and different priorities can.
 *
 * Threads: a classifier is single-threaded for now; the caller serializes
 * every call.  Letting readers run concurrently with a writer is a later
 * step: it will give each rule a visibility version (see struct cls_rule)
 * and defer freeing behind RCU, without changing the lookup algorithm. */
#ifndef CLASSIFIER_H
#define CLASSIFIER_H 1

#include <stdbool.h>
#include <stddef.h>
#include "hmap.h"

struct flow;
struct match;
struct minimatch;
struct cls_subtable;
struct tun_table;

/* A rule in (or about to go in) a classifier.  Members are private to the
 * classifier; use the cls_rule_*() functions. */
struct cls_rule {
    struct hmap_node node;       /* In the subtable's "rules", while this
                                  * rule heads its list of equal matches. */
    struct cls_rule *next;       /* Next rule with the same match, lower
                                  * priority; NULL at the end of the list. */
    struct cls_subtable *subtable; /* Subtable holding this rule, NULL while
                                    * it is in no classifier. */
    struct minimatch *match;     /* The match, compact; owned. */
    const struct tun_table *tab; /* The match's flow.tunnel.metadata.tab,
                                  * which names no bits and so is not in
                                  * "match". */
    int priority;                /* Higher wins. */
    /* For concurrent readers, an "add_version"/"remove_version" pair goes
     * here: a reader at version V sees the rule iff add <= V < remove. */
};

void cls_rule_init(struct cls_rule *, const struct match *, int priority);
void cls_rule_destroy(struct cls_rule *);
void cls_rule_get_match(const struct cls_rule *, struct match *);
int cls_rule_priority(const struct cls_rule *);
bool cls_rule_is_catchall(const struct cls_rule *);
bool cls_rule_matches_flow(const struct cls_rule *, const struct flow *);
void cls_rule_prefetch(const struct cls_rule *);
bool cls_rule_is_loose_match(const struct cls_rule *,
                             const struct match *target);
bool cls_rule_equal(const struct cls_rule *, const struct cls_rule *);
bool cls_rule_overlaps(const struct cls_rule *, const struct cls_rule *);
size_t cls_rule_size(const struct cls_rule *);

/* A flow table. */
struct classifier {
    struct hmap subtables;       /* "struct cls_subtable"s, by mask hash. */
    struct cls_subtable **by_priority; /* Every subtable, highest
                                        * "max_priority" first. */
    size_t n_subtables;          /* Elements in "by_priority". */
    size_t allocated;            /* Capacity of "by_priority". */
    size_t n_rules;              /* Rules in all subtables. */
};

void classifier_init(struct classifier *);
void classifier_destroy(struct classifier *);
struct cls_rule *classifier_replace(struct classifier *, struct cls_rule *);
void classifier_remove(struct classifier *, struct cls_rule *);
const struct cls_rule *classifier_lookup(const struct classifier *,
                                         const struct flow *,
                                         struct flow *wc);
struct cls_rule *classifier_find_match_exactly(const struct classifier *,
                                               const struct match *,
                                               int priority);
size_t classifier_count(const struct classifier *);
bool classifier_is_empty(const struct classifier *);

/* Iteration.
 *
 * The cursor walks the rules in no particular order.  While it runs, the
 * caller may remove (and free) the rule it was just given, and no other;
 * it may not insert.  A cursor holds no memory, so breaking out of a loop
 * is fine. */
struct cls_cursor {
    const struct classifier *cls; /* Classifier being walked. */
    const struct match *target;  /* Visit only rules loosely matching this,
                                  * or every rule if NULL. */
    struct cls_rule *rule;       /* Rule to return next; NULL at the end. */
    struct hmap_node *next_head; /* Head of the list after "rule"'s, in the
                                  * same subtable, or NULL. */
    struct cls_subtable *next_subtable; /* Subtable after "rule"'s, or
                                         * NULL. */
};

struct cls_cursor cls_cursor_start(const struct classifier *,
                                   const struct match *target);
struct cls_rule *cls_cursor_next(struct cls_cursor *);

/* Converts "CR", a "struct cls_rule *" or NULL, into a pointer to the
 * struct that embeds it as "MEMBER", of the type "OBJECT" points to. */
#define CLS_RULE_CONTAINER(CR, OBJECT, MEMBER)                          \
    ((__typeof__(OBJECT)) cls_rule_container__(                        \
        CR, offsetof(__typeof__(*(OBJECT)), MEMBER)))

/* Visits every rule in "CLS", setting "RULE" to the struct embedding it
 * as "MEMBER". */
#define CLS_FOR_EACH(RULE, MEMBER, CLS)                                 \
    CLS_FOR_EACH_TARGET (RULE, MEMBER, CLS, NULL)

/* Visits every rule in "CLS" that loosely matches "TARGET" (see
 * cls_rule_is_loose_match()), or every rule if "TARGET" is NULL. */
#define CLS_FOR_EACH_TARGET(RULE, MEMBER, CLS, TARGET)                  \
    for (struct cls_cursor cursor__ = cls_cursor_start(CLS, TARGET);    \
         ((RULE) = CLS_RULE_CONTAINER(cls_cursor_next(&cursor__),       \
                                      RULE, MEMBER)) != NULL;)

/* Helper for CLS_RULE_CONTAINER: "rule" minus "offset" bytes, or NULL. */
static inline void *
cls_rule_container__(const struct cls_rule *rule, size_t offset)
{
    return rule ? (void *) ((char *) rule - offset) : NULL;
}

#endif /* classifier.h */
