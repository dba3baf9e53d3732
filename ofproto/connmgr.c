/* OpenFlow connection management. */
#include <config.h>
#include "connmgr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "dpif.h"
#include "ofp-msgs.h"
#include "ofp-packet-in.h"
#include "ofproto.h"
#include "ofpbuf.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "util.h"
#include "vconn.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(connmgr);

/* OpenFlow's default port, and how long an active connection waits
 * before trying again, at most (Open vSwitch's defaults). */
#define OFP_PORT 6653

/* Probes are at least this many seconds apart (Open vSwitch's floor). */
#define MIN_PROBE_INTERVAL_S 5

/* The miss_send_len a controller starts with (OpenFlow 1.0 §5.3.1). */
#define OFP_DEFAULT_MISS_SEND_LEN 128

enum ofconn_type {
    OFCONN_SERVICE,             /* ovs-ofctl and passive targets: no
                                 * asynchronous messages until asked. */
    OFCONN_PRIMARY,             /* A controller the switch connected to. */
};

struct controller;

struct ofconn {
    struct ofconn *next;
    struct vconn *vconn;
    enum ofconn_type type;
    struct controller *controller; /* The active target it came from. */
    uint16_t miss_send_len;     /* 0 on a service connection, as in Open
                                 * vSwitch. */
    bool flow_mod_table_id;     /* NXT_FLOW_MOD_TABLE_ID turned on. */
    int flow_format;            /* NXFF_* from NXT_SET_FLOW_FORMAT. */
    int packet_in_format;       /* NXPIF_* from NXT_SET_PACKET_IN_FORMAT. */
};

/* A passive target ("ptcp:", "punix:") or the management socket. */
struct listener {
    char *target;
    int fd;
    char *unlink_path;          /* Socket file to remove, or NULL. */
};

/* An active target ("tcp:", "unix:"), connected or being connected. */
struct controller {
    char *target;
    int fd;                     /* Connecting, or -1. */
    struct ofconn *ofconn;      /* Connected, or NULL. */
    int backoff;                /* Seconds before the next attempt. */
    int max_backoff;            /* Seconds, at most, between attempts. */
    int probe_interval;         /* Controller.inactivity_probe, seconds:
                                 * fail-open's clock (0: none). */
    long long int next_try;     /* time_msec() of the next attempt. */
    int n_failures;             /* In a row, for the log. */

    /* Admission, as Open vSwitch guesses it (for fail-open): a controller
     * has taken the switch once it sends something beyond the handshake
     * (a flow mod, a barrier...), or has stayed connected 30 s. */
    long long int last_connected; /* time_msec(). */
    long long int last_admitted;  /* time_msec(), creation at first. */
    bool probably_admitted;       /* On this connection. */

    /* Inactivity probes ("tcp:" only, as in Open vSwitch): an echo
     * request after probe_secs() without a message, a disconnection after
     * as long again without one. */
    long long int last_activity;  /* time_msec() of the last message. */
    bool probing;                 /* An echo request is out. */
};

struct connmgr {
    char *name;                 /* The bridge's. */
    bool miss_to_controller;    /* connmgr_wants_packet_in_on_miss() as
                                 * last seen. */
    char *mgmt_path;
    struct listener *listeners; /* [0] is the management socket. */
    size_t n_listeners;
    struct controller **controllers;
    size_t n_controllers;
    struct ofconn *conns;
    connmgr_handler *handler;
    void *aux;
};

static void
listener_close(struct listener *l)
{
    close(l->fd);
    if (l->unlink_path) {
        unlink(l->unlink_path);
    }
    free(l->unlink_path);
    free(l->target);
}

/* Listens for OpenFlow clients on unix socket "mgmt_path" (the switch of
 * bridge "name") and hands their messages to "handler".  Returns 0 or a
 * positive errno. */
int
connmgr_create(const char *name, const char *mgmt_path,
               connmgr_handler *handler, void *aux, struct connmgr **mgrp)
{
    int fd;
    int error = socket_listen_unix(mgmt_path, &fd);

    *mgrp = NULL;
    if (error) {
        VLOG_ERR("%s: listen failed (%s)", mgmt_path, strerror(error));
        return error;
    }
    struct connmgr *mgr = xzalloc(sizeof *mgr);
    mgr->name = xstrdup(name);
    mgr->mgmt_path = xstrdup(mgmt_path);
    mgr->listeners = xzalloc(sizeof *mgr->listeners);
    mgr->listeners[0].target = xasprintf("punix:%s", mgmt_path);
    mgr->listeners[0].fd = fd;
    mgr->listeners[0].unlink_path = xstrdup(mgmt_path);
    mgr->n_listeners = 1;
    mgr->handler = handler;
    mgr->aux = aux;
    *mgrp = mgr;
    return 0;
}

static void
ofconn_destroy(struct connmgr *mgr, struct ofconn *ofconn)
{
    for (struct ofconn **p = &mgr->conns; *p; p = &(*p)->next) {
        if (*p == ofconn) {
            *p = ofconn->next;
            break;
        }
    }
    if (ofconn->controller) {
        ofconn->controller->ofconn = NULL;
    }
    vconn_close(ofconn->vconn);
    free(ofconn);
}

static void
controller_destroy(struct connmgr *mgr, struct controller *c)
{
    if (c->ofconn) {
        ofconn_destroy(mgr, c->ofconn);
    }
    if (c->fd >= 0) {
        close(c->fd);
    }
    free(c->target);
    free(c);
}

/* Closes every connection and socket, and removes the socket files. */
void
connmgr_destroy(struct connmgr *mgr)
{
    if (mgr) {
        for (size_t i = 0; i < mgr->n_controllers; i++) {
            controller_destroy(mgr, mgr->controllers[i]);
        }
        free(mgr->controllers);
        while (mgr->conns) {
            ofconn_destroy(mgr, mgr->conns);
        }
        for (size_t i = 0; i < mgr->n_listeners; i++) {
            listener_close(&mgr->listeners[i]);
        }
        free(mgr->listeners);
        free(mgr->mgmt_path);
        free(mgr->name);
        free(mgr);
    }
}

/* Parses "HOST[:PORT]" ("ptcp:" allows an empty host, and puts the port
 * first: "PORT[:IP]") into "sin". */
static bool
parse_inet(const char *s, bool passive, struct sockaddr_in *sin)
{
    char *copy = xstrdup(s);
    char *colon = strchr(copy, ':');
    const char *host = passive ? (colon ? colon + 1 : "") : copy;
    const char *port = passive ? copy : (colon ? colon + 1 : "");
    bool ok = true;

    if (colon) {
        *colon = '\0';
    }
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(*port ? atoi(port) : OFP_PORT);
    if (*host) {
        ok = inet_pton(AF_INET, host, &sin->sin_addr) == 1;
    }
    if (*port && (atoi(port) <= 0 || atoi(port) > 65535)) {
        ok = false;
    }
    free(copy);
    return ok;
}

static int
listen_tcp(const char *spec, int *fdp)
{
    struct sockaddr_in sin;
    int one = 1;

    if (!parse_inet(spec, true, &sin)) {
        return EINVAL;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        return errno;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *) &sin, sizeof sin) < 0
        || listen(fd, 10) < 0) {
        int error = errno;
        close(fd);
        return error;
    }
    *fdp = fd;
    return 0;
}

static bool
add_listener(struct connmgr *mgr, const char *target)
{
    char *unlink_path = NULL;
    int fd = -1, error;

    if (!strncmp(target, "ptcp:", 5)) {
        error = listen_tcp(target + 5, &fd);
    } else {
        /* As Open vSwitch: only "punix:RUNDIR/BRIDGE.*", which cannot
         * overwrite a file of someone else's. */
        const char *path = target + 6;
        size_t prefix = strlen(mgr->mgmt_path) - strlen("mgmt");
        if (strncmp(path, mgr->mgmt_path, prefix)) {
            VLOG_ERR("bridge %s: Not adding Unix domain socket controller "
                     "\"%s\" due to possibility of overwriting local files. "
                     "Instead, specify path in permitted format \"punix:%.*s*"
                     "\" or connect to \"unix:%s\" (which is always "
                     "available without special configuration).", mgr->name,
                     target, (int) prefix, mgr->mgmt_path, mgr->mgmt_path);
            return false;
        }
        error = socket_listen_unix(path, &fd);
        unlink_path = xstrdup(path);
    }
    if (error) {
        VLOG_ERR("%s: %s: listen failed (%s)", mgr->name, target,
                 strerror(error));
        free(unlink_path);
        return false;
    }
    mgr->listeners = xrealloc(mgr->listeners, (mgr->n_listeners + 1)
                              * sizeof *mgr->listeners);
    struct listener *l = &mgr->listeners[mgr->n_listeners++];
    l->target = xstrdup(target);
    l->fd = fd;
    l->unlink_path = unlink_path;
    VLOG_INFO("%s: added service controller \"%s\"", mgr->name, target);
    return true;
}

static bool
target_in(const char *target, const struct ofproto_controller *controllers,
          size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(target, controllers[i].target)) {
            return true;
        }
    }
    return false;
}

static void
controller_configure(struct controller *c,
                     const struct ofproto_controller *cfg)
{
    c->probe_interval = MAX(cfg->probe_interval, 0);
    c->max_backoff = MAX(cfg->max_backoff, 1);
    c->backoff = MIN(c->backoff, c->max_backoff);
}

/* Makes the switch's controllers (Bridge.controller's rows)
 * "controllers": "tcp:IP[:PORT]" and "unix:PATH" are connected to
 * (primary controllers, reconnected with backoff), "ptcp:[PORT][:IP]" and
 * "punix:PATH" are listened on (service connections, as "ovs-ofctl" to
 * the management socket).  Unchanged targets keep their connections, with
 * the new probe interval and backoff. */
void
connmgr_set_controllers(struct connmgr *mgr,
                        const struct ofproto_controller *controllers,
                        size_t n)
{
    /* Remove what is no longer wanted. */
    for (size_t i = 1; i < mgr->n_listeners; ) {
        if (target_in(mgr->listeners[i].target, controllers, n)) {
            i++;
            continue;
        }
        VLOG_INFO("%s: removed service controller \"%s\"", mgr->name,
                  mgr->listeners[i].target);
        listener_close(&mgr->listeners[i]);
        mgr->listeners[i] = mgr->listeners[--mgr->n_listeners];
    }
    for (size_t i = 0; i < mgr->n_controllers; ) {
        struct controller *c = mgr->controllers[i];
        if (target_in(c->target, controllers, n)) {
            i++;
            continue;
        }
        VLOG_INFO("%s: removed primary controller \"%s\"", mgr->name,
                  c->target);
        controller_destroy(mgr, c);
        mgr->controllers[i] = mgr->controllers[--mgr->n_controllers];
    }

    /* Add what is new. */
    for (size_t i = 0; i < n; i++) {
        const char *t = controllers[i].target;
        bool have = false;
        for (size_t j = 1; j < mgr->n_listeners; j++) {
            have |= !strcmp(mgr->listeners[j].target, t);
        }
        for (size_t j = 0; j < mgr->n_controllers; j++) {
            if (!strcmp(mgr->controllers[j]->target, t)) {
                controller_configure(mgr->controllers[j], &controllers[i]);
                have = true;
            }
        }
        if (have) {
            continue;
        }
        if (!strncmp(t, "ptcp:", 5) || !strncmp(t, "punix:", 6)) {
            add_listener(mgr, t);
        } else if (!strncmp(t, "tcp:", 4) || !strncmp(t, "unix:", 5)) {
            struct controller *c = xzalloc(sizeof *c);
            c->target = xstrdup(t);
            c->fd = -1;
            c->backoff = 1;
            c->last_admitted = time_msec();
            controller_configure(c, &controllers[i]);
            mgr->controllers = xrealloc(mgr->controllers,
                                        (mgr->n_controllers + 1)
                                        * sizeof *mgr->controllers);
            mgr->controllers[mgr->n_controllers++] = c;
            VLOG_INFO("%s: added primary controller \"%s\"", mgr->name, t);
        } else {
            VLOG_ERR("%s: controller \"%s\": unsupported connection type "
                     "(tcp:, unix:, ptcp: and punix: are)", mgr->name, t);
        }
    }
}

/* Whether the switch has controllers it connects to (Open vSwitch's
 * "primary" ones). */
bool
connmgr_has_controllers(const struct connmgr *mgr)
{
    return mgr->n_controllers > 0;
}

/* Whether a table miss sends the packet to the controllers, as OpenFlow
 * 1.0 to 1.2 say (1.3 made it a drop unless a table-miss flow says
 * otherwise): Open vSwitch does so while any connection has not settled
 * on 1.3 or later.  Only connections that take packet-ins (a non-zero
 * miss_send_len) count here, which sends the same packet-ins to the same
 * connections, and spares the megaflows a flush each time an "ovs-ofctl"
 * command connects. */
bool
connmgr_wants_packet_in_on_miss(const struct connmgr *mgr)
{
    for (const struct ofconn *c = mgr->conns; c; c = c->next) {
        uint8_t version = vconn_get_version(c->vconn);
        if (c->miss_send_len && (!version || version < OFP13_VERSION)) {
            return true;
        }
    }
    return false;
}

/* Translation asked connmgr_wants_packet_in_on_miss(): when the answer
 * changes, the megaflows go. */
static void
update_miss_to_controller(struct connmgr *mgr)
{
    bool miss = connmgr_wants_packet_in_on_miss(mgr);

    if (miss != mgr->miss_to_controller) {
        mgr->miss_to_controller = miss;
        dpif_invalidate();
    }
}

/* Whether the controller "target" has a connection now. */
bool
connmgr_is_connected(const struct connmgr *mgr, const char *target)
{
    for (size_t i = 0; i < mgr->n_controllers; i++) {
        if (!strcmp(mgr->controllers[i]->target, target)) {
            return mgr->controllers[i]->ofconn != NULL;
        }
    }
    return false;
}

static struct ofconn *
ofconn_create(struct connmgr *mgr, int fd, enum ofconn_type type)
{
    struct ofconn *ofconn = xzalloc(sizeof *ofconn);

    ofconn->vconn = vconn_from_fd(fd, OFP_SUPPORTED_VERSIONS);
    ofconn->type = type;
    ofconn->miss_send_len = (type == OFCONN_PRIMARY
                             ? OFP_DEFAULT_MISS_SEND_LEN : 0);
    ofconn->next = mgr->conns;
    mgr->conns = ofconn;
    return ofconn;
}

static void
controller_failed(struct connmgr *mgr, struct controller *c, int error)
{
    if (c->n_failures++ < 4) {
        VLOG_WARN("%s<->%s: connection failed (%s)", mgr->name, c->target,
                  strerror(error));
        VLOG_INFO("%s<->%s: waiting %d seconds before reconnect", mgr->name,
                  c->target, c->backoff);
    }
    c->next_try = time_msec() + c->backoff * 1000LL;
    c->backoff = MIN(2 * c->backoff, c->max_backoff);
}

static void
controller_connected(struct connmgr *mgr, struct controller *c, int fd)
{
    VLOG_INFO("%s<->%s: connected", mgr->name, c->target);
    c->ofconn = ofconn_create(mgr, fd, OFCONN_PRIMARY);
    c->ofconn->controller = c;
    c->backoff = 1;
    c->n_failures = 0;
    c->last_connected = c->last_activity = time_msec();
    c->probably_admitted = c->probing = false;
}

/* Whether a message of "type" in OpenFlow "version" says that the
 * controller has taken the switch, rather than that it is still looking
 * at it (the handshake, configuration and capability queries), as Open
 * vSwitch's rconn guesses. */
static bool
is_admitted_msg(uint8_t version, uint8_t type, const struct ofpbuf *msg)
{
    if (type <= OFPT_SET_CONFIG && type != OFPT_EXPERIMENTER) {
        return false;
    }
    if (version == OFP10_VERSION) {
        return type != 20 && type != 21; /* Queue get config. */
    }
    if ((version <= OFP13_VERSION && (type == 22 || type == 23))
        || (version >= OFP13_VERSION && (type == 26 || type == 27))) {
        return false;           /* Queue get config, get async. */
    }
    if ((type == 18 || type == 19) && msg->size >= 10) {
        /* Multipart: the group and table description ones. */
        const uint8_t *p = msg->data;
        uint16_t mp_type = (p[8] << 8) | p[9];
        return !(mp_type == 6 || mp_type == 7 || mp_type == 8
                 || mp_type == 12 || mp_type == 14);
    }
    return true;
}

/* Notes message "msg" that controller "c" sent: activity, and maybe
 * admission. */
static void
controller_received(struct controller *c, const struct ofpbuf *msg)
{
    const uint8_t *p = msg->data;
    long long int now = time_msec();

    if (c->probably_admitted || is_admitted_msg(p[0], p[1], msg)
        || now - c->last_connected >= 30 * 1000) {
        c->probably_admitted = true;
        c->last_admitted = now;
    }
    c->last_activity = now;
    c->probing = false;
}

static bool
controller_is_admitted(const struct controller *c)
{
    return c->ofconn && c->last_admitted >= c->last_connected;
}

/* Seconds for which every controller has been without a connection that
 * took the switch (0 if one has one, or there are none): Open vSwitch's
 * failure duration, which decides fail-open. */
int
connmgr_failure_duration(const struct connmgr *mgr)
{
    long long int now = time_msec();
    int min = INT_MAX;

    if (!mgr->n_controllers) {
        return 0;
    }
    for (size_t i = 0; i < mgr->n_controllers; i++) {
        const struct controller *c = mgr->controllers[i];
        int d = (controller_is_admitted(c) ? 0
                 : (int) ((now - c->last_admitted) / 1000));
        min = MIN(min, d);
    }
    return min;
}

/* The longest inactivity probe interval of the controllers, in seconds,
 * as configured (0 without controllers). */
int
connmgr_max_probe_interval(const struct connmgr *mgr)
{
    int max = 0;

    for (size_t i = 0; i < mgr->n_controllers; i++) {
        max = MAX(max, mgr->controllers[i]->probe_interval);
    }
    return max;
}

/* The seconds of silence after which controller "c" is probed: 0 for a
 * "unix:" one or probes turned off, at least MIN_PROBE_INTERVAL_S. */
static int
probe_secs(const struct controller *c)
{
    return (strncmp(c->target, "tcp:", 4) || !c->probe_interval ? 0
            : MAX(c->probe_interval, MIN_PROBE_INTERVAL_S));
}

bool
connmgr_is_any_controller_connected(const struct connmgr *mgr)
{
    for (size_t i = 0; i < mgr->n_controllers; i++) {
        if (mgr->controllers[i]->ofconn) {
            return true;
        }
    }
    return false;
}

bool
connmgr_is_any_controller_admitted(const struct connmgr *mgr)
{
    for (size_t i = 0; i < mgr->n_controllers; i++) {
        if (controller_is_admitted(mgr->controllers[i])) {
            return true;
        }
    }
    return false;
}

/* Sends inactivity probes to the "tcp:" controllers that said nothing for
 * their probe interval, and drops those that did not answer one in as
 * long. */
static void
probe_controllers(struct connmgr *mgr)
{
    long long int now = time_msec();

    for (size_t i = 0; i < mgr->n_controllers; i++) {
        struct controller *c = mgr->controllers[i];
        int secs = probe_secs(c);
        uint8_t version;
        if (!c->ofconn || !secs || now < c->last_activity + secs * 1000LL) {
            continue;
        }
        version = ofconn_get_version(c->ofconn);
        if (!c->probing) {
            c->probing = true;
            c->last_activity = now;
            if (version) {
                struct ofpbuf *msg = ofp_msg_new(version, OFPT_ECHO_REQUEST,
                                                 0, 0);
                ofp_msg_finish(msg);
                ofconn_send(c->ofconn, msg);
            }
        } else {
            VLOG_ERR("%s<->%s: no response to inactivity probe after %d "
                     "seconds, disconnecting", mgr->name, c->target, secs);
            ofconn_destroy(mgr, c->ofconn);
            c->next_try = now;
            update_miss_to_controller(mgr);
        }
    }
}

/* Starts connecting "c" (non-blocking). */
static void
controller_connect(struct connmgr *mgr, struct controller *c)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int fd;

    memset(&ss, 0, sizeof ss);
    if (!strncmp(c->target, "unix:", 5)) {
        struct sockaddr_un *sun = (struct sockaddr_un *) &ss;
        const char *path = c->target + 5;
        if (strlen(path) >= sizeof sun->sun_path) {
            controller_failed(mgr, c, ENAMETOOLONG);
            return;
        }
        sun->sun_family = AF_UNIX;
        strcpy(sun->sun_path, path);
        len = sizeof *sun;
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
        if (!parse_inet(c->target + 4, false, sin)) {
            controller_failed(mgr, c, EINVAL);
            return;
        }
        len = sizeof *sin;
    }

    if (c->n_failures < 4) {
        VLOG_INFO("%s<->%s: connecting...", mgr->name, c->target);
    }
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        controller_failed(mgr, c, errno);
        return;
    }
    if (ss.ss_family == AF_INET) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    if (!connect(fd, (struct sockaddr *) &ss, len)) {
        controller_connected(mgr, c, fd);
    } else if (errno == EINPROGRESS) {
        c->fd = fd;
    } else {
        int error = errno;
        close(fd);
        controller_failed(mgr, c, error);
    }
}

/* Moves the active targets along: connects, or finishes connecting. */
static void
run_controllers(struct connmgr *mgr)
{
    long long int now = time_msec();

    for (size_t i = 0; i < mgr->n_controllers; i++) {
        struct controller *c = mgr->controllers[i];
        if (c->ofconn) {
            continue;
        }
        if (c->fd >= 0) {
            struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
            if (poll(&pfd, 1, 0) > 0) {
                int error = 0;
                socklen_t len = sizeof error;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &len);
                int fd = c->fd;
                c->fd = -1;
                if (error) {
                    close(fd);
                    controller_failed(mgr, c, error);
                } else {
                    controller_connected(mgr, c, fd);
                }
            }
        } else if (now >= c->next_try) {
            controller_connect(mgr, c);
        }
    }
}

void
connmgr_run(struct connmgr *mgr)
{
    for (size_t i = 0; i < mgr->n_listeners; i++) {
        int fd;
        while ((fd = accept4(mgr->listeners[i].fd, NULL, NULL,
                             SOCK_CLOEXEC)) >= 0) {
            ofconn_create(mgr, fd, OFCONN_SERVICE);
        }
    }
    run_controllers(mgr);
    probe_controllers(mgr);

    for (struct ofconn *ofconn = mgr->conns, *next; ofconn; ofconn = next) {
        struct ofpbuf *msg;
        int error;

        next = ofconn->next;
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
            if (ofconn->controller) {
                controller_received(ofconn->controller, msg);
            }
            mgr->handler(ofconn, msg, mgr->aux);
            ofpbuf_delete(msg);
        }
        vconn_run(ofconn->vconn);
        update_miss_to_controller(mgr);
        if (error && error != EAGAIN) {
            struct controller *c = ofconn->controller;
            if (c) {
                VLOG_INFO("%s<->%s: connection closed by peer", mgr->name,
                          c->target);
                c->next_try = time_msec();
            }
            ofconn_destroy(mgr, ofconn);
            update_miss_to_controller(mgr);
        } else if (!error
                   && vconn_tx_backlog(ofconn->vconn) <= VCONN_TX_BACKLOG_MAX) {
            poll_immediate_wake();
        }
    }
}

void
connmgr_wait(const struct connmgr *mgr)
{
    for (size_t i = 0; i < mgr->n_listeners; i++) {
        poll_fd_wait(mgr->listeners[i].fd, POLLIN);
    }
    for (size_t i = 0; i < mgr->n_controllers; i++) {
        const struct controller *c = mgr->controllers[i];
        if (c->fd >= 0) {
            poll_fd_wait(c->fd, POLLOUT);
        } else if (!c->ofconn) {
            poll_timer_wait(c->next_try - time_msec());
        } else if (probe_secs(c)) {
            poll_timer_wait(c->last_activity + probe_secs(c) * 1000LL
                            - time_msec());
        }
    }
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

/* Sends an asynchronous message to every connection that takes them: the
 * one "encode" makes for the connection's OpenFlow version and flow format
 * (NXT_SET_FLOW_FORMAT), none if it returns NULL. */
void
connmgr_send_async_format(struct connmgr *mgr,
                          struct ofpbuf *(*encode)(uint8_t version,
                                                   int flow_format,
                                                   const void *aux),
                          const void *aux)
{
    for (struct ofconn *c = mgr->conns; c; c = c->next) {
        uint8_t version = ofconn_get_version(c);
        if (c->miss_send_len && version) {
            struct ofpbuf *msg = encode(version, c->flow_format, aux);
            if (msg) {
                ofconn_send(c, msg);
            }
        }
    }
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
