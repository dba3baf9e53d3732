/* An OpenFlow connection: message framing over a stream socket and the
 * HELLO exchange that settles the version (1.3 §6.3.1, "version bitmap").
 *
 * vconn_recv() never returns a HELLO: the connection answers it itself
 * and from then on vconn_get_version() is the negotiated version.  A peer
 * with no version in common gets OFPET_HELLO_FAILED and is disconnected,
 * as Open vSwitch does. */
#ifndef VCONN_H
#define VCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofpbuf;
struct vconn;

/* Reply bytes a peer may leave unread before the connection stops reading
 * its requests (they wait in the socket instead of replies in memory, as
 * with Open vSwitch's OFCONN_REPLY_MAX). */
#define VCONN_TX_BACKLOG_MAX (1024 * 1024)

struct vconn *vconn_from_fd(int fd, uint32_t allowed_versions);
void vconn_close(struct vconn *);
int vconn_recv(struct vconn *, struct ofpbuf **msgp);
int vconn_send(struct vconn *, struct ofpbuf *msg);
uint8_t vconn_get_version(const struct vconn *);
void vconn_run(struct vconn *);
void vconn_wait(const struct vconn *);
bool vconn_is_closing(const struct vconn *);
size_t vconn_tx_backlog(const struct vconn *);

#endif /* vconn.h */
