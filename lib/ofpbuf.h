/* A growable byte buffer for building and holding OpenFlow messages. */
#ifndef OFPBUF_H
#define OFPBUF_H 1

#include <stddef.h>
#include <stdint.h>

struct ofpbuf {
    uint8_t *data;
    size_t size;                /* Bytes used. */
    size_t allocated;
};

void ofpbuf_init(struct ofpbuf *, size_t capacity);
void ofpbuf_uninit(struct ofpbuf *);
struct ofpbuf *ofpbuf_new(size_t capacity);
void ofpbuf_delete(struct ofpbuf *);
void *ofpbuf_put_uninit(struct ofpbuf *, size_t);
void *ofpbuf_put_zeros(struct ofpbuf *, size_t);
void *ofpbuf_put(struct ofpbuf *, const void *, size_t);
void ofpbuf_pull(struct ofpbuf *, size_t);

#endif /* ofpbuf.h */
