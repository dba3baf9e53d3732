/* The one hash map: intrusive, chained, grows and shrinks by powers of 2.
 *
 * A struct that lives in a map embeds a "struct hmap_node"; the caller
 * computes the hash and compares keys itself:
 *
 *     struct bridge { struct hmap_node node; char *name; };
 *
 *     hmap_insert(&bridges, &br->node, hash_string(br->name, 0));
 *     HMAP_FOR_EACH_WITH_HASH (br, node, hash_string(name, 0), &bridges) {
 *         if (!strcmp(br->name, name)) { ... }
 *     }
 */
#ifndef HMAP_H
#define HMAP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap_node {
    uint32_t hash;              /* As given to hmap_insert(). */
    struct hmap_node *next;     /* Next in the same bucket. */
};

struct hmap {
    struct hmap_node **buckets; /* "mask + 1" chains. */
    size_t mask;                /* Number of buckets minus 1. */
    size_t n;                   /* Number of nodes. */
};

#define HMAP_INITIALIZER { NULL, 0, 0 }

void hmap_init(struct hmap *);
void hmap_destroy(struct hmap *);
void hmap_insert(struct hmap *, struct hmap_node *, uint32_t hash);
void hmap_remove(struct hmap *, struct hmap_node *);

static inline size_t hmap_count(const struct hmap *map) { return map->n; }
static inline bool hmap_is_empty(const struct hmap *map) { return !map->n; }

struct hmap_node *hmap_first_with_hash(const struct hmap *, uint32_t hash);
struct hmap_node *hmap_next_with_hash(const struct hmap_node *);
struct hmap_node *hmap_first(const struct hmap *);
struct hmap_node *hmap_next(const struct hmap *, const struct hmap_node *);

#define HMAP_CONTAINER(NODE, OBJECT, MEMBER)                            \
    ((NODE) ? (void *) ((char *) (NODE)                                 \
                        - offsetof(__typeof__(*(OBJECT)), MEMBER))      \
            : NULL)

#define HMAP_FOR_EACH_WITH_HASH(OBJECT, MEMBER, HASH, MAP)              \
    for ((OBJECT) = HMAP_CONTAINER(hmap_first_with_hash(MAP, HASH),     \
                                   OBJECT, MEMBER);                     \
         (OBJECT);                                                      \
         (OBJECT) = HMAP_CONTAINER(hmap_next_with_hash(&(OBJECT)->MEMBER), \
                                   OBJECT, MEMBER))

#define HMAP_FOR_EACH(OBJECT, MEMBER, MAP)                              \
    for ((OBJECT) = HMAP_CONTAINER(hmap_first(MAP), OBJECT, MEMBER);    \
         (OBJECT);                                                      \
         (OBJECT) = HMAP_CONTAINER(hmap_next(MAP, &(OBJECT)->MEMBER),   \
                                   OBJECT, MEMBER))

/* Safe against removal of OBJECT; NEXT is a second variable of the same
 * type. */
#define HMAP_FOR_EACH_SAFE(OBJECT, NEXT, MEMBER, MAP)                   \
    for ((OBJECT) = HMAP_CONTAINER(hmap_first(MAP), OBJECT, MEMBER);    \
         ((OBJECT)                                                      \
          ? ((NEXT) = HMAP_CONTAINER(hmap_next(MAP, &(OBJECT)->MEMBER), \
                                     OBJECT, MEMBER), 1)                \
          : 0);                                                         \
         (OBJECT) = (NEXT))

#endif /* hmap.h */
