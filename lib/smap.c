#include <config.h>
#include "smap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "util.h"

void
smap_init(struct smap *smap)
{
    hmap_init(&smap->map);
}

void
smap_destroy(struct smap *smap)
{
    smap_clear(smap);
    hmap_destroy(&smap->map);
}

/* Removes every pair. */
void
smap_clear(struct smap *smap)
{
    struct smap_node *node, *next;

    HMAP_FOR_EACH_SAFE (node, next, node, &smap->map) {
        hmap_remove(&smap->map, &node->node);
        free(node->key);
        free(node->value);
        free(node);
    }
}

static struct smap_node *
smap_find(const struct smap *smap, const char *key)
{
    struct smap_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, node, hash_string(key, 0), &smap->map) {
        if (!strcmp(node->key, key)) {
            return node;
        }
    }
    return NULL;
}

static void
smap_add_nocopy(struct smap *smap, char *key, char *value)
{
    struct smap_node *node = xmalloc(sizeof *node);

    node->key = key;
    node->value = value;
    hmap_insert(&smap->map, &node->node, hash_string(key, 0));
}

/* Adds "key"="value"; "key" must not be present yet. */
void
smap_add(struct smap *smap, const char *key, const char *value)
{
    smap_add_nocopy(smap, xstrdup(key), xstrdup(value));
}

void
smap_add_format(struct smap *smap, const char *key, const char *format, ...)
{
    va_list args;
    char *value;

    va_start(args, format);
    if (vasprintf(&value, format, args) < 0) {
        ovsx_fatal("out of memory");
    }
    va_end(args);
    smap_add_nocopy(smap, xstrdup(key), value);
}

/* Sets "key" to "value", whether or not it was present. */
void
smap_replace(struct smap *smap, const char *key, const char *value)
{
    struct smap_node *node = smap_find(smap, key);

    if (node) {
        free(node->value);
        node->value = xstrdup(value);
    } else {
        smap_add(smap, key, value);
    }
}

/* Returns the value of "key", or NULL. */
const char *
smap_get(const struct smap *smap, const char *key)
{
    struct smap_node *node = smap_find(smap, key);
    return node ? node->value : NULL;
}

/* Returns "key" as a boolean as OVSDB columns spell it ("true"/"false"),
 * or "def" if it is absent or something else. */
bool
smap_get_bool(const struct smap *smap, const char *key, bool def)
{
    const char *value = smap_get(smap, key);

    if (value && !strcmp(value, "true")) {
        return true;
    } else if (value && !strcmp(value, "false")) {
        return false;
    }
    return def;
}

size_t
smap_count(const struct smap *smap)
{
    return hmap_count(&smap->map);
}

bool
smap_equal(const struct smap *a, const struct smap *b)
{
    const struct smap_node *node;

    if (smap_count(a) != smap_count(b)) {
        return false;
    }
    SMAP_FOR_EACH (node, a) {
        const char *value = smap_get(b, node->key);
        if (!value || strcmp(value, node->value)) {
            return false;
        }
    }
    return true;
}

void
smap_clone(struct smap *dst, const struct smap *src)
{
    const struct smap_node *node;

    smap_init(dst);
    SMAP_FOR_EACH (node, src) {
        smap_add(dst, node->key, node->value);
    }
}

static int
compare_nodes_by_key(const void *a_, const void *b_)
{
    const struct smap_node *const *a = a_;
    const struct smap_node *const *b = b_;
    return strcmp((*a)->key, (*b)->key);
}

/* Returns the pairs sorted by key, in an array of smap_count() elements
 * that the caller frees. */
const struct smap_node **
smap_sort(const struct smap *smap)
{
    const struct smap_node **nodes;
    const struct smap_node *node;
    size_t i = 0;

    nodes = xmalloc((smap_count(smap) + 1) * sizeof *nodes);
    SMAP_FOR_EACH (node, smap) {
        nodes[i++] = node;
    }
    qsort(nodes, i, sizeof *nodes, compare_nodes_by_key);
    return nodes;
}
