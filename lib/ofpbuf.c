#include <config.h>
#include "ofpbuf.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

void
ofpbuf_init(struct ofpbuf *b, size_t capacity)
{
    b->data = capacity ? xmalloc(capacity) : NULL;
    b->size = 0;
    b->allocated = capacity;
}

void
ofpbuf_uninit(struct ofpbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->size = b->allocated = 0;
}

struct ofpbuf *
ofpbuf_new(size_t capacity)
{
    struct ofpbuf *b = xmalloc(sizeof *b);
    ofpbuf_init(b, capacity);
    return b;
}

void
ofpbuf_delete(struct ofpbuf *b)
{
    if (b) {
        ofpbuf_uninit(b);
        free(b);
    }
}

/* Appends "n" bytes and returns them, uninitialized.  Earlier pointers
 * into the buffer are invalid afterwards. */
void *
ofpbuf_put_uninit(struct ofpbuf *b, size_t n)
{
    if (b->size + n > b->allocated) {
        b->allocated = MAX(2 * b->allocated, b->size + n);
        b->data = xrealloc(b->data, b->allocated);
    }
    void *p = b->data + b->size;
    b->size += n;
    return p;
}

void *
ofpbuf_put_zeros(struct ofpbuf *b, size_t n)
{
    return memset(ofpbuf_put_uninit(b, n), 0, n);
}

void *
ofpbuf_put(struct ofpbuf *b, const void *p, size_t n)
{
    return memcpy(ofpbuf_put_uninit(b, n), p, n);
}

/* Removes the first "n" bytes. */
void
ofpbuf_pull(struct ofpbuf *b, size_t n)
{
    memmove(b->data, b->data + n, b->size - n);
    b->size -= n;
}
