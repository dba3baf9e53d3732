#include <config.h>
#include "hmap.h"

#include <stdlib.h>
#include "util.h"

void
hmap_init(struct hmap *map)
{
    map->buckets = NULL;
    map->mask = 0;
    map->n = 0;
}

/* Frees the buckets, not the nodes (they belong to the caller). */
void
hmap_destroy(struct hmap *map)
{
    free(map->buckets);
    hmap_init(map);
}

/* Rehashes "map" into "n_buckets" buckets (a power of 2). */
static void
hmap_resize(struct hmap *map, size_t n_buckets)
{
    struct hmap_node **buckets = xzalloc(n_buckets * sizeof *buckets);

    if (map->buckets) {
        for (size_t i = 0; i <= map->mask; i++) {
            struct hmap_node *node, *next;
            for (node = map->buckets[i]; node; node = next) {
                struct hmap_node **b = &buckets[node->hash & (n_buckets - 1)];
                next = node->next;
                node->next = *b;
                *b = node;
            }
        }
    }
    free(map->buckets);
    map->buckets = buckets;
    map->mask = n_buckets - 1;
}

void
hmap_insert(struct hmap *map, struct hmap_node *node, uint32_t hash)
{
    if (!map->buckets) {
        hmap_resize(map, 1);
    } else if (map->n / 2 > map->mask) {
        hmap_resize(map, 2 * (map->mask + 1));
    }
    struct hmap_node **b = &map->buckets[hash & map->mask];
    node->hash = hash;
    node->next = *b;
    *b = node;
    map->n++;
}

/* Removes "node", which must be in "map". */
void
hmap_remove(struct hmap *map, struct hmap_node *node)
{
    struct hmap_node **p = &map->buckets[node->hash & map->mask];

    while (*p != node) {
        p = &(*p)->next;
    }
    *p = node->next;
    map->n--;
    /* Never shrinks here, so that HMAP_FOR_EACH_SAFE stays valid. */
}

struct hmap_node *
hmap_first_with_hash(const struct hmap *map, uint32_t hash)
{
    if (!map->buckets) {
        return NULL;
    }
    struct hmap_node *node = map->buckets[hash & map->mask];
    while (node && node->hash != hash) {
        node = node->next;
    }
    return node;
}

struct hmap_node *
hmap_next_with_hash(const struct hmap_node *node)
{
    uint32_t hash = node->hash;

    for (node = node->next; node && node->hash != hash; node = node->next) {
        continue;
    }
    return (struct hmap_node *) node;
}

static struct hmap_node *
first_from_bucket(const struct hmap *map, size_t i)
{
    for (; map->buckets && i <= map->mask; i++) {
        if (map->buckets[i]) {
            return map->buckets[i];
        }
    }
    return NULL;
}

struct hmap_node *
hmap_first(const struct hmap *map)
{
    return first_from_bucket(map, 0);
}

struct hmap_node *
hmap_next(const struct hmap *map, const struct hmap_node *node)
{
    return (node->next ? node->next
            : first_from_bucket(map, (node->hash & map->mask) + 1));
}
