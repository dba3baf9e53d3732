/* OpenFlow connections. */
#include <config.h>
#include "vconn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "coverage.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vconn);

COVERAGE_DEFINE(vconn_received);
COVERAGE_DEFINE(vconn_sent);
COVERAGE_DEFINE(vconn_drop_bad_length);
COVERAGE_DEFINE(vconn_drop_no_common_version);

struct vconn {
    int fd;
    uint32_t allowed;           /* Versions we accept, 1 << version. */
    uint8_t version;            /* Negotiated, or 0 before the HELLO. */
    bool closing;               /* Flush what is queued, then close. */
    bool shut;                  /* Closing: our side is shut down. */
    long long int close_deadline; /* Closing: give up on the peer then. */
    struct ofpbuf rx;           /* Received, not yet a whole message. */
    struct ofpbuf tx;           /* Queued for sending, from "tx_ofs". */
    size_t tx_ofs;              /* Bytes of "tx" already sent. */
};

static int highest_version(uint32_t bitmap)
{
    return bitmap ? 31 - __builtin_clz(bitmap) : 0;
}

/* Starts an OpenFlow session on connected socket "fd" (taken over) that
 * accepts the versions in "allowed_versions" and sends our HELLO. */
struct vconn *
vconn_from_fd(int fd, uint32_t allowed_versions)
{
    struct vconn *vconn = xzalloc(sizeof *vconn);
    struct ofpbuf *hello = ofpbuf_new(16);

    vconn->fd = fd;
    vconn->allowed = allowed_versions;
    ofpbuf_init(&vconn->rx, 4096);
    ofpbuf_init(&vconn->tx, 0);

    /* HELLO of our highest version with a version bitmap element. */
    struct ofp_header *oh = ofpbuf_put_zeros(hello, sizeof *oh);
    oh->version = highest_version(allowed_versions);
    oh->type = OFPT_HELLO;
    oh->length = htons(16);
    struct ofp_hello_elem_header *elem = ofpbuf_put_zeros(hello,
                                                          sizeof *elem);
    elem->type = htons(OFPHET_VERSIONBITMAP);
    elem->length = htons(8);
    be32 bitmap = htonl(allowed_versions);
    ofpbuf_put(hello, &bitmap, sizeof bitmap);
    vconn_send(vconn, hello);
    return vconn;
}

void
vconn_close(struct vconn *vconn)
{
    if (vconn) {
        close(vconn->fd);
        ofpbuf_uninit(&vconn->rx);
        ofpbuf_uninit(&vconn->tx);
        free(vconn);
    }
}

uint8_t
vconn_get_version(const struct vconn *vconn)
{
    return vconn->version;
}

bool
vconn_is_closing(const struct vconn *vconn)
{
    return vconn->closing;
}

/* Bytes queued and not yet sent. */
size_t
vconn_tx_backlog(const struct vconn *vconn)
{
    return vconn->tx.size - vconn->tx_ofs;
}

/* Writes what it can of the queue. */
void
vconn_run(struct vconn *vconn)
{
    while (vconn_tx_backlog(vconn)) {
        ssize_t n = send(vconn->fd, vconn->tx.data + vconn->tx_ofs,
                         vconn_tx_backlog(vconn), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                vconn->tx_ofs = vconn->tx.size;  /* Peer gone: recv sees
                                                  * it. */
            }
            break;
        }
        vconn->tx_ofs += n;
    }
    /* Compact now and then, not on every send, so that draining a long
     * queue stays linear. */
    if (vconn->tx_ofs == vconn->tx.size) {
        vconn->tx.size = vconn->tx_ofs = 0;
    } else if (vconn->tx_ofs > vconn->tx.size / 2) {
        ofpbuf_pull(&vconn->tx, vconn->tx_ofs);
        vconn->tx_ofs = 0;
    }
}

void
vconn_wait(const struct vconn *vconn)
{
    size_t backlog = vconn_tx_backlog(vconn);

    poll_fd_wait(vconn->fd, ((backlog <= VCONN_TX_BACKLOG_MAX ? POLLIN : 0)
                             | (backlog ? POLLOUT : 0)));
    if (vconn->closing) {
        poll_timer_wait(vconn->close_deadline - time_msec());
    }
}

/* Queues "msg" (taken over) and sends what it can. */
int
vconn_send(struct vconn *vconn, struct ofpbuf *msg)
{
    COVERAGE_INC(vconn_sent);
    ofpbuf_put(&vconn->tx, msg->data, msg->size);
    ofpbuf_delete(msg);
    vconn_run(vconn);
    return 0;
}

/* Sends OFPT_ERROR HELLO_FAILED/INCOMPATIBLE with "text" and closes once
 * it is out. */
static void
hello_failed(struct vconn *vconn, uint8_t version, const char *text)
{
    struct ofpbuf *msg = ofpbuf_new(64);
    struct ofp_header *oh = ofpbuf_put_zeros(msg, sizeof *oh);
    struct ofp_error_msg *em = ofpbuf_put_zeros(msg, sizeof *em);

    oh->version = version;
    oh->type = OFPT_ERROR;
    em->type = htons(OFPET_HELLO_FAILED);
    em->code = htons(OFPHFC_INCOMPATIBLE);
    ofpbuf_put(msg, text, strlen(text));
    oh = (struct ofp_header *) msg->data;
    oh->length = htons(msg->size);
    VLOG_WARN("version negotiation failed: %s", text);
    COVERAGE_INC(vconn_drop_no_common_version);
    vconn_send(vconn, msg);
    vconn->closing = true;
    vconn->close_deadline = time_msec() + 2000;
}

/* Describes the version bitmap "bits" as "0x01, 0x04 to 0x06". */
static void
format_versions(char *buf, size_t size, uint32_t bits)
{
    size_t len = 0;

    buf[0] = '\0';
    for (int v = 0; v < 32 && len < size; v++) {
        if (!(bits & (1u << v))) {
            continue;
        }
        int last = v;
        while (last + 1 < 32 && bits & (1u << (last + 1))) {
            last++;
        }
        len += snprintf(buf + len, size - len, "%s0x%02x", len ? ", " : "",
                        v);
        if (last > v && len < size) {
            len += snprintf(buf + len, size - len, " to 0x%02x", last);
        }
        v = last;
    }
}

/* Settles the version from the peer's HELLO "oh" of "len" bytes. */
static void
process_hello(struct vconn *vconn, const struct ofp_header *oh, size_t len)
{
    uint32_t peer = (oh->version < 32 ? (2u << oh->version) - 1 : ~0u);
    const uint8_t *p = (const uint8_t *) (oh + 1);
    const uint8_t *end = (const uint8_t *) oh + len;
    bool have_bitmap = false;

    /* Elements: the last version bitmap wins; others are skipped. */
    while (end - p >= (ptrdiff_t) sizeof(struct ofp_hello_elem_header)) {
        const struct ofp_hello_elem_header *e = (const void *) p;
        size_t elen = ntohs(e->length);
        size_t padded = (elen + 7) / 8 * 8;
        if (elen < sizeof *e || elen > (size_t) (end - p)) {
            break;
        }
        if (ntohs(e->type) == OFPHET_VERSIONBITMAP && elen >= 8) {
            be32 word;
            memcpy(&word, p + sizeof *e, sizeof word);
            peer = ntohl(word);
            have_bitmap = true;
        }
        p += MIN(padded, (size_t) (end - p));
    }

    uint32_t common = peer & vconn->allowed;
    if (!common) {
        char ours[64], text[256];
        format_versions(ours, sizeof ours, vconn->allowed);
        if (have_bitmap) {
            char theirs[64];
            format_versions(theirs, sizeof theirs, peer);
            snprintf(text, sizeof text, "We support versions %s but you "
                     "support %s.", ours, theirs);
        } else {
            snprintf(text, sizeof text, "We support versions %s but you "
                     "support no later than version 0x%02x.", ours,
                     oh->version);
        }
        hello_failed(vconn, MIN(oh->version,
                                highest_version(vconn->allowed)), text);
        return;
    }
    vconn->version = highest_version(common);
    VLOG_DBG("negotiated OpenFlow version 0x%02x", vconn->version);
}

/* Fills the receive buffer from the socket.  Returns 0, EAGAIN or EOF. */
static int
fill(struct vconn *vconn)
{
    uint8_t buf[4096];
    ssize_t n = recv(vconn->fd, buf, sizeof buf, MSG_DONTWAIT);

    if (n > 0) {
        ofpbuf_put(&vconn->rx, buf, n);
        return 0;
    } else if (!n) {
        return EOF;
    }
    return errno == EAGAIN || errno == EINTR ? EAGAIN : EOF;
}

/* Once the error that ends a session is out, shuts our side and discards
 * what the peer still sends until it closes (so that it reads the error
 * instead of a reset), for at most a couple of seconds. */
static int
drain(struct vconn *vconn)
{
    if (vconn_tx_backlog(vconn)) {
        return time_msec() < vconn->close_deadline ? EAGAIN : EOF;
    }
    if (!vconn->shut) {
        shutdown(vconn->fd, SHUT_WR);
        vconn->shut = true;
    }
    for (;;) {
        uint8_t buf[4096];
        ssize_t n = recv(vconn->fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)
                   && time_msec() < vconn->close_deadline) {
            return EAGAIN;
        }
        return EOF;
    }
}

/* Receives the next message into "*msgp" (the caller frees it).  Returns
 * 0, EAGAIN when none is complete yet, EOF when the peer is gone or the
 * connection is closing, EPROTO for a message too short to be one. */
int
vconn_recv(struct vconn *vconn, struct ofpbuf **msgp)
{
    *msgp = NULL;
    for (;;) {
        if (vconn->closing) {
            return drain(vconn);
        }
        if (vconn->rx.size >= sizeof(struct ofp_header)) {
            const struct ofp_header *oh = (const void *) vconn->rx.data;
            size_t len = ntohs(oh->length);
            if (len < sizeof *oh) {
                VLOG_WARN("received message with bad length %zu", len);
                COVERAGE_INC(vconn_drop_bad_length);
                return EPROTO;
            }
            if (vconn->rx.size >= len) {
                COVERAGE_INC(vconn_received);
                if (!vconn->version) {
                    if (oh->type == OFPT_HELLO) {
                        process_hello(vconn, oh, len);
                    } else {
                        hello_failed(vconn, highest_version(vconn->allowed),
                                     "Expected a HELLO.");
                    }
                    ofpbuf_pull(&vconn->rx, len);
                    continue;
                }
                struct ofpbuf *msg = ofpbuf_new(len);
                ofpbuf_put(msg, vconn->rx.data, len);
                ofpbuf_pull(&vconn->rx, len);
                *msgp = msg;
                return 0;
            }
        }
        int error = fill(vconn);
        if (error) {
            return error;
        }
    }
}
