/* A map from string to string: OVSDB's map<string,string> columns
 * (options, status, other_config) and the like. */
#ifndef SMAP_H
#define SMAP_H 1

#include <stdbool.h>
#include "hmap.h"

struct smap_node {
    struct hmap_node node;      /* In struct smap's "map", by key. */
    char *key;
    char *value;
};

struct smap {
    struct hmap map;            /* Contains struct smap_node. */
};

#define SMAP_INITIALIZER { HMAP_INITIALIZER }

#define SMAP_FOR_EACH(NODE, SMAP) HMAP_FOR_EACH (NODE, node, &(SMAP)->map)

void smap_init(struct smap *);
void smap_destroy(struct smap *);
void smap_clear(struct smap *);
void smap_add(struct smap *, const char *key, const char *value);
void smap_add_format(struct smap *, const char *key, const char *format, ...)
    __attribute__((__format__(__printf__, 3, 4)));
void smap_replace(struct smap *, const char *key, const char *value);
const char *smap_get(const struct smap *, const char *key);
bool smap_get_bool(const struct smap *, const char *key, bool def);
size_t smap_count(const struct smap *);
bool smap_equal(const struct smap *, const struct smap *);
void smap_clone(struct smap *dst, const struct smap *src);
const struct smap_node **smap_sort(const struct smap *);

#endif /* smap.h */
