/* Packet buffers with headroom, and batches of them. */
#include <config.h>
#include "dp-packet.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The packet pool: each thread keeps up to POOL_MAX freed packets of
 * DP_PACKET_POOL_BYTES for its next ones.  Packets of that size are too big
 * for malloc()'s per-thread cache, and a malloc() and free() per packet
 * were a tenth of the datapath's time.  A packet freed by another thread
 * than the one that made it goes to the freeing thread's list.  Under the
 * address sanitizer there is no pool, so that reuse hides no bug. */
#define POOL_ENABLED (!OVSX_SANITIZED)
#define POOL_MAX 512

struct packet_pool {
    struct dp_packet *packets[POOL_MAX];
    size_t n;
};

static __thread struct packet_pool *pool;
static pthread_key_t pool_key;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

/* At the exit of a thread: frees its pool. */
static void
pool_destroy(void *pool_)
{
    struct packet_pool *p = pool_;

    for (size_t i = 0; i < p->n; i++) {
        free(p->packets[i]);
    }
    free(p);
    pool = NULL;                /* A later free in this thread makes anew. */
}

static void
pool_init_key(void)
{
    pthread_key_create(&pool_key, pool_destroy);
}

/* This thread's pool, made on first use. */
static struct packet_pool *
pool_get(void)
{
    if (OVSX_UNLIKELY(!pool)) {
        pthread_once(&pool_once, pool_init_key);
        pool = xzalloc(sizeof *pool);
        pthread_setspecific(pool_key, pool);
    }
    return pool;
}

/* Returns a new empty packet with room for "capacity" bytes of data after
 * "headroom" bytes of headroom. */
struct dp_packet *
dp_packet_new(size_t capacity, size_t headroom)
{
    /* One allocation for the struct and the bytes: a packet costs one
     * malloc and one free, or neither when the pool has one. */
    size_t allocated = capacity + headroom;
    struct dp_packet *p;
    bool pooled = POOL_ENABLED && allocated <= DP_PACKET_POOL_BYTES;

    if (pooled) {
        struct packet_pool *pp = pool_get();
        p = pp->n ? pp->packets[--pp->n]
                  : xmalloc(sizeof *p + DP_PACKET_POOL_BYTES);
        allocated = DP_PACKET_POOL_BYTES;
    } else {
        p = xmalloc(sizeof *p + (allocated ? allocated : 1));
    }

    memset(p, 0, sizeof *p);
    p->pooled = pooled;
    p->allocated = allocated;
    p->base = (uint8_t *) (p + 1);
    p->base_inline = true;
    p->data_ofs = headroom;
    dp_packet_reset_offsets(p);
    return p;
}

/* Returns a new packet holding a copy of the "size" bytes at "data", with
 * DP_PACKET_HEADROOM bytes of headroom. */
struct dp_packet *
dp_packet_clone_data(const void *data, size_t size)
{
    struct dp_packet *p = dp_packet_new(size, DP_PACKET_HEADROOM);

    dp_packet_put(p, data, size);
    return p;
}

/* Returns a copy of "p": its bytes, header offsets and metadata. */
struct dp_packet *
dp_packet_clone(const struct dp_packet *p)
{
    struct dp_packet *copy = dp_packet_clone_data(dp_packet_data(p),
                                                  dp_packet_size(p));
    uint8_t *base = copy->base;
    uint32_t allocated = copy->allocated, data_ofs = copy->data_ofs;
    bool base_inline = copy->base_inline, pooled = copy->pooled;

    *copy = *p;
    copy->base = base;
    copy->allocated = allocated;
    copy->data_ofs = data_ofs;
    copy->base_inline = base_inline;
    copy->pooled = pooled;
    return copy;
}

void
dp_packet_delete(struct dp_packet *p)
{
    if (p) {
        if (!p->base_inline) {
            free(p->base);
        }
        if (p->pooled) {
            struct packet_pool *pp = pool_get();
            if (pp->n < POOL_MAX) {
                pp->packets[pp->n++] = p;
                return;
            }
        }
        free(p);
    }
}

/* Forgets the header offsets, e.g. after the packet's bytes changed shape. */
void
dp_packet_reset_offsets(struct dp_packet *p)
{
    p->l2_5_ofs = p->l3_ofs = p->l4_ofs = DP_PACKET_OFS_NONE;
}

/* Shifts a header offset by "delta" bytes, keeping "none" as none. */
static void
shift_ofs(uint16_t *ofs, int delta)
{
    if (*ofs != DP_PACKET_OFS_NONE) {
        *ofs += delta;
    }
}

/* Grows the allocation so that at least "headroom" bytes precede the data
 * and "tailroom" bytes follow it.  Only the slow path gets here: packets are
 * allocated with DP_PACKET_HEADROOM, enough for every tunnel header. */
static void
dp_packet_reserve(struct dp_packet *p, size_t headroom, size_t tailroom)
{
    size_t new_head = MAX(headroom, p->data_ofs);
    size_t new_tail = MAX(tailroom, dp_packet_tailroom(p));
    size_t new_alloc = new_head + p->size + new_tail;
    uint8_t *base = xmalloc(new_alloc);

    memcpy(base + new_head, dp_packet_data(p), p->size);
    if (!p->base_inline) {
        free(p->base);
    }
    p->base = base;
    p->base_inline = false;
    p->allocated = new_alloc;
    p->data_ofs = new_head;
}

/* Moves the start of the packet "n" bytes back and returns it; the new
 * bytes are uninitialized.  Header offsets stay on the same headers. */
void *
dp_packet_push_uninit(struct dp_packet *p, size_t n)
{
    if (OVSX_UNLIKELY(n > p->data_ofs)) {
        dp_packet_reserve(p, n + DP_PACKET_HEADROOM, 0);
    }
    p->data_ofs -= n;
    p->size += n;
    shift_ofs(&p->l2_5_ofs, n);
    shift_ofs(&p->l3_ofs, n);
    shift_ofs(&p->l4_ofs, n);
    return dp_packet_data(p);
}

/* Pushes a copy of the "n" bytes at "data" in front of the packet. */
void *
dp_packet_push(struct dp_packet *p, const void *data, size_t n)
{
    return memcpy(dp_packet_push_uninit(p, n), data, n);
}

/* Removes "n" bytes from the front of the packet and returns the new start,
 * or NULL (changing nothing) if the packet is shorter than "n".  Header
 * offsets are forgotten: what they pointed to may be gone. */
void *
dp_packet_pull(struct dp_packet *p, size_t n)
{
    if (n > p->size) {
        return NULL;
    }
    p->data_ofs += n;
    p->size -= n;
    dp_packet_reset_offsets(p);
    return dp_packet_data(p);
}

/* Appends "n" uninitialized bytes to the packet and returns them. */
void *
dp_packet_put_uninit(struct dp_packet *p, size_t n)
{
    if (OVSX_UNLIKELY(n > dp_packet_tailroom(p))) {
        dp_packet_reserve(p, 0, n + 256);
    }
    void *tail = dp_packet_data(p) + p->size;
    p->size += n;
    return tail;
}

void *
dp_packet_put(struct dp_packet *p, const void *data, size_t n)
{
    return memcpy(dp_packet_put_uninit(p, n), data, n);
}

void *
dp_packet_put_zeros(struct dp_packet *p, size_t n)
{
    return memset(dp_packet_put_uninit(p, n), 0, n);
}

/* Truncates or extends (with uninitialized bytes) the packet to "size". */
void
dp_packet_set_size(struct dp_packet *p, uint32_t size)
{
    if (size > p->size) {
        dp_packet_put_uninit(p, size - p->size);
    } else {
        p->size = size;
    }
}

void
dp_packet_batch_delete_all(struct dp_packet_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        dp_packet_delete(b->packets[i]);
    }
    b->count = 0;
}
