/* OpenFlow connection management. */
#include <config.h>
#include "connmgr.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "ofp-msgs.h"
#include "ofp-packet-in.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(connmgr);

struct ofconn {
    struct ofconn *next;
    struct vconn *vconn;
    uint16_t miss_send_len;     /* 0 on a management connection, as in
                                 * Open vSwitch. */
    bool flow_mod_table_id;     /* NXT_FLOW_MOD_TABLE_ID turned on. */
    int flow_format;            /* NXFF_* from NXT_SET_FLOW_FORMAT. */
    int packet_in_format;       /* NXPIF_* from NXT_SET_PACKET_IN_FORMAT. */
};

struct connmgr {
    char *path;                 /* The management socket. */
    int fd;                     /* Listening on it. */
    struct ofconn *conns;
    connmgr_handler *handler;
    void *aux;
};

/* Listens for OpenFlow clients on unix socket "mgmt_path" and hands their
 * messages to "handler".  Returns 0 or a positive errno. */
int
connmgr_create(const char *mgmt_path, connmgr_handler *handler, void *aux,
               struct connmgr **mgrp)
{
    int fd;
    int error = socket_listen_unix(mgmt_path, &fd);

    *mgrp = NULL;
    if (error) {
        VLOG_ERR("%s: listen failed (%s)", mgmt_path, strerror(error));
        return error;
    }
    struct connmgr *mgr = xzalloc(sizeof *mgr);
    mgr->path = xstrdup(mgmt_path);
    mgr->fd = fd;
    mgr->handler = handler;
    mgr->aux = aux;
    *mgrp = mgr;
    return 0;
}

/* Closes every connection and the socket, and removes it. */
void
connmgr_destroy(struct connmgr *mgr)
{
    if (mgr) {
        while (mgr->conns) {
            struct ofconn *next = mgr->conns->next;
            vconn_close(mgr->conns->vconn);
            free(mgr->conns);
            mgr->conns = next;
        }
        close(mgr->fd);
        unlink(mgr->path);
        free(mgr->path);
        free(mgr);
    }
}

void
connmgr_run(struct connmgr *mgr)
{
    int fd;

    while ((fd = accept4(mgr->fd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
        struct ofconn *ofconn = xzalloc(sizeof *ofconn);
        ofconn->vconn = vconn_from_fd(fd, OFP_SUPPORTED_VERSIONS);
        ofconn->next = mgr->conns;
        mgr->conns = ofconn;
    }

    for (struct ofconn **p = &mgr->conns; *p; ) {
        struct ofconn *ofconn = *p;
        struct ofpbuf *msg;
        int error;

        /* A bounded number per pass, so that one busy client cannot
         * starve the rest of the daemon, and none while the client is not
         * reading its replies (see VCONN_TX_BACKLOG_MAX). */
        error = EAGAIN;
        for (int i = 0; i < 50; i++) {
            if (vconn_tx_backlog(ofconn->vconn) > VCONN_TX_BACKLOG_MAX) {
                break;
            }
            error = vconn_recv(ofconn->vconn, &msg);
            if (error) {
                break;
            }
            mgr->handler(ofconn, msg, mgr->aux);
            ofpbuf_delete(msg);
        }
        vconn_run(ofconn->vconn);
        if (error && error != EAGAIN) {
            *p = ofconn->next;
            vconn_close(ofconn->vconn);
            free(ofconn);
        } else {
            p = &ofconn->next;
            if (!error
                && vconn_tx_backlog(ofconn->vconn) <= VCONN_TX_BACKLOG_MAX) {
                poll_immediate_wake();
            }
        }
    }
}

void
connmgr_wait(const struct connmgr *mgr)
{
    poll_fd_wait(mgr->fd, POLLIN);
    for (const struct ofconn *c = mgr->conns; c; c = c->next) {
        vconn_wait(c->vconn);
    }
}

void
ofconn_send(struct ofconn *ofconn, struct ofpbuf *msg)
{
    vconn_send(ofconn->vconn, msg);
}

uint8_t
ofconn_get_version(const struct ofconn *ofconn)
{
    return vconn_get_version(ofconn->vconn);
}

uint16_t
ofconn_get_miss_send_len(const struct ofconn *ofconn)
{
    return ofconn->miss_send_len;
}

void
ofconn_set_miss_send_len(struct ofconn *ofconn, uint16_t miss_send_len)
{
    ofconn->miss_send_len = miss_send_len;
}

bool
ofconn_get_flow_mod_table_id(const struct ofconn *ofconn)
{
    return ofconn->flow_mod_table_id;
}

void
ofconn_set_flow_mod_table_id(struct ofconn *ofconn, bool enable)
{
    ofconn->flow_mod_table_id = enable;
}

int
ofconn_get_flow_format(const struct ofconn *ofconn)
{
    return ofconn->flow_format;
}

void
ofconn_set_flow_format(struct ofconn *ofconn, int flow_format)
{
    ofconn->flow_format = flow_format;
}

int
ofconn_get_packet_in_format(const struct ofconn *ofconn)
{
    return ofconn->packet_in_format;
}

void
ofconn_set_packet_in_format(struct ofconn *ofconn, int format)
{
    ofconn->packet_in_format = format;
}

/* Sends "pin" to every connection that takes asynchronous messages, in the
 * format each asked for.  A connection to the management socket takes
 * them once it has set a non-zero miss_send_len (as "ovs-ofctl monitor
 * BRIDGE 65534" does), as in Open vSwitch.  Returns how many got it. */
int
connmgr_send_packet_in(struct connmgr *mgr,
                       const struct ofputil_packet_in *pin)
{
    int n = 0;

    for (struct ofconn *c = mgr->conns; c; c = c->next) {
        if (c->miss_send_len) {
            ofconn_send(c, ofputil_encode_packet_in(
                            pin, ofconn_get_version(c), c->packet_in_format));
            n++;
        }
    }
    return n;
}
