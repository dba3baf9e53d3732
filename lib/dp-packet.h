/* Packet buffers with headroom, and batches of them.
 *
 * A dp_packet owns one contiguous allocation.  The packet's bytes start
 * "headroom" bytes into it, so a tunnel header is pushed in front of the
 * payload by moving the start pointer back, never by copying the payload.
 * Offsets of the L2.5/L3/L4 headers are kept relative to the start of the
 * packet data and are set by flow extraction. */
#ifndef DP_PACKET_H
#define DP_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"

/* Headroom every packet gets: room for the largest outer header ovsx pushes
 * (Ethernet 14 + VLAN 4 + IPv6 40 + UDP 8 + Geneve 8 + 252 options = 326),
 * rounded up to a cache line. */
#define DP_PACKET_HEADROOM 384

#define DP_PACKET_OFS_NONE UINT16_MAX

/* A packet larger than the MTU that the kernel handed over unsegmented
 * (a TCP segment of up to 64 kB from a local sender, see virtio_net_hdr in
 * <linux/virtio_net.h>): it is segmented, and its checksum completed, by
 * the kernel of the port it leaves by.  "type" 0 means an ordinary
 * packet. */
struct dp_packet_gso {
    uint8_t type;               /* VIRTIO_NET_HDR_GSO_*, 0 for none. */
    uint16_t size;              /* Segment payload size (MSS). */
    uint16_t hdr_len;           /* Bytes of headers before the payload. */
    uint16_t csum_start;        /* Where the L4 checksum's coverage starts. */
    uint16_t csum_offset;       /* Where, after that, the checksum goes. */
};

struct dp_packet {
    uint8_t *base;              /* Start of the allocation. */
    uint32_t allocated;         /* Bytes at "base". */
    uint32_t data_ofs;          /* Offset of the packet's first byte. */
    uint32_t size;              /* Bytes of packet data. */
    uint16_t l2_5_ofs;          /* MPLS label stack, or DP_PACKET_OFS_NONE. */
    uint16_t l3_ofs;            /* Network header, or DP_PACKET_OFS_NONE. */
    uint16_t l4_ofs;            /* Transport header, or DP_PACKET_OFS_NONE. */
    uint32_t in_port;           /* Datapath port the packet arrived on. */
    uint32_t pkt_mark;          /* Packet mark (skb->mark). */
    struct dp_packet_gso gso;   /* Segmentation the kernel left to do. */
    bool base_inline;           /* "base" is in the same allocation, right
                                 * after this struct. */
    bool pooled;                /* The allocation has DP_PACKET_POOL_BYTES
                                 * after this struct, and can be reused. */
};

/* Packets that fit this many bytes (headroom included) come from a free
 * list of the thread's own, not malloc(): a frame of 1,600 bytes with
 * full headroom fits. */
#define DP_PACKET_POOL_BYTES 2048

struct dp_packet *dp_packet_new(size_t capacity, size_t headroom);
struct dp_packet *dp_packet_clone_data(const void *, size_t);
struct dp_packet *dp_packet_clone(const struct dp_packet *);
void dp_packet_delete(struct dp_packet *);

static inline uint8_t *
dp_packet_data(const struct dp_packet *p)
{
    return p->base + p->data_ofs;
}

static inline uint32_t
dp_packet_size(const struct dp_packet *p)
{
    return p->size;
}

static inline size_t
dp_packet_headroom(const struct dp_packet *p)
{
    return p->data_ofs;
}

static inline size_t
dp_packet_tailroom(const struct dp_packet *p)
{
    return p->allocated - p->data_ofs - p->size;
}

/* Returns the "n" bytes at offset "ofs" of the packet data, or NULL if the
 * packet is too short: every read of a header goes through a check like
 * this one. */
static inline void *
dp_packet_at(const struct dp_packet *p, size_t ofs, size_t n)
{
    return ofs + n <= p->size ? dp_packet_data(p) + ofs : NULL;
}

void *dp_packet_push_uninit(struct dp_packet *, size_t);
void *dp_packet_push(struct dp_packet *, const void *, size_t);
void *dp_packet_pull(struct dp_packet *, size_t);
void *dp_packet_put_uninit(struct dp_packet *, size_t);
void *dp_packet_put(struct dp_packet *, const void *, size_t);
void *dp_packet_put_zeros(struct dp_packet *, size_t);
void dp_packet_set_size(struct dp_packet *, uint32_t);
void dp_packet_reset_offsets(struct dp_packet *);

static inline void *
dp_packet_l3(const struct dp_packet *p)
{
    return p->l3_ofs != DP_PACKET_OFS_NONE ? dp_packet_data(p) + p->l3_ofs
                                           : NULL;
}

static inline void *
dp_packet_l4(const struct dp_packet *p)
{
    return p->l4_ofs != DP_PACKET_OFS_NONE ? dp_packet_data(p) + p->l4_ofs
                                           : NULL;
}

/* Bytes from the L4 header to the end of the packet, 0 without one. */
static inline size_t
dp_packet_l4_size(const struct dp_packet *p)
{
    return p->l4_ofs != DP_PACKET_OFS_NONE ? p->size - p->l4_ofs : 0;
}

/* A batch is the unit of work of the packet path. */
#define DP_PACKET_BATCH_SIZE 32

struct dp_packet_batch {
    size_t count;
    struct dp_packet *packets[DP_PACKET_BATCH_SIZE];
};

static inline void
dp_packet_batch_init(struct dp_packet_batch *b)
{
    b->count = 0;
}

static inline bool
dp_packet_batch_is_full(const struct dp_packet_batch *b)
{
    return b->count >= DP_PACKET_BATCH_SIZE;
}

/* Adds "p" to "b", which must not be full. */
static inline void
dp_packet_batch_add(struct dp_packet_batch *b, struct dp_packet *p)
{
    b->packets[b->count++] = p;
}

void dp_packet_batch_delete_all(struct dp_packet_batch *);

#define DP_PACKET_BATCH_FOR_EACH(IDX, PACKET, BATCH)                  \
    for (size_t IDX = 0; IDX < (BATCH)->count                         \
                         && ((PACKET) = (BATCH)->packets[IDX], 1);    \
         IDX++)

#endif /* dp-packet.h */
