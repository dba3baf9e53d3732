/* Between dpif.c (datapaths and ports) and dpif-userspace.c (the flow
 * caches and the packet path). */
#ifndef DPIF_PRIVATE_H
#define DPIF_PRIVATE_H 1

struct dpif;

void dpif_cache_init(struct dpif *);
void dpif_cache_destroy(struct dpif *);

#endif /* dpif-private.h */
