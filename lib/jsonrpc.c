/* JSON-RPC 1.0 over a stream socket. */
#include <config.h>
#include "jsonrpc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "poll-loop.h"
#include "util.h"

struct jsonrpc {
    int fd;                     /* Connected stream socket. */
    char *rx;                   /* Bytes received, not yet parsed. */
    size_t rx_len;              /* Bytes in "rx". */
    size_t rx_alloc;            /* Bytes allocated at "rx". */
    json_int_t next_id;         /* Id of the next request we send. */
    json_t *notifications;      /* Array of messages that arrived while a
                                 * transaction waited for its reply. */
};

/* Connects to "unix:PATH" or "tcp:IP:PORT" (IPv4 or [IPv6]). */
static int
connect_stream(const char *name, int *fdp)
{
    int fd = -1;

    if (!strncmp(name, "unix:", 5)) {
        struct sockaddr_un sun = { .sun_family = AF_UNIX };
        if (strlen(name + 5) >= sizeof sun.sun_path) {
            return ENAMETOOLONG;
        }
        strcpy(sun.sun_path, name + 5);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return errno;
        }
        if (connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
            int error = errno;
            close(fd);
            return error;
        }
    } else if (!strncmp(name, "tcp:", 4)) {
        char *host = xstrdup(name + 4);
        char *port = strrchr(host, ':');
        struct sockaddr_storage ss;
        socklen_t len;

        if (!port) {
            free(host);
            return EINVAL;
        }
        *port++ = '\0';
        memset(&ss, 0, sizeof ss);
        if (host[0] == '[' && host[strlen(host) - 1] == ']') {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
            host[strlen(host) - 1] = '\0';
            sin6->sin6_family = AF_INET6;
            sin6->sin6_port = htons(atoi(port));
            len = inet_pton(AF_INET6, host + 1, &sin6->sin6_addr) == 1
                  ? sizeof *sin6 : 0;
        } else {
            struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
            sin->sin_family = AF_INET;
            sin->sin_port = htons(atoi(port));
            len = inet_pton(AF_INET, host, &sin->sin_addr) == 1
                  ? sizeof *sin : 0;
        }
        free(host);
        if (!len) {
            return EINVAL;
        }
        fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return errno;
        }
        if (connect(fd, (struct sockaddr *) &ss, len) < 0) {
            int error = errno;
            close(fd);
            return error;
        }
    } else {
        return EAFNOSUPPORT;
    }
    *fdp = fd;
    return 0;
}

/* Returns a session on the connected stream socket "fd", which it then
 * owns (a server's accepted connection, for example). */
struct jsonrpc *
jsonrpc_from_fd(int fd)
{
    struct jsonrpc *rpc = xzalloc(sizeof *rpc);

    rpc->fd = fd;
    rpc->next_id = 1;
    rpc->notifications = json_array();
    return rpc;
}

/* Opens a JSON-RPC session to "name" ("unix:PATH" or "tcp:IP:PORT").
 * Returns 0 and stores the session in "*rpcp", or a positive errno. */
int
jsonrpc_open(const char *name, struct jsonrpc **rpcp)
{
    int fd = -1;
    int error = connect_stream(name, &fd);

    *rpcp = NULL;
    if (error) {
        return error;
    }
    *rpcp = jsonrpc_from_fd(fd);
    return 0;
}

void
jsonrpc_close(struct jsonrpc *rpc)
{
    if (rpc) {
        close(rpc->fd);
        free(rpc->rx);
        json_decref(rpc->notifications);
        free(rpc);
    }
}

int
jsonrpc_fd(const struct jsonrpc *rpc)
{
    return rpc->fd;
}

/* Sends "msg" (not consumed).  Returns 0 or a positive errno. */
int
jsonrpc_send(struct jsonrpc *rpc, json_t *msg)
{
    char *s = json_dumps(msg, JSON_COMPACT);
    size_t len = s ? strlen(s) : 0;
    size_t sent = 0;

    if (!s) {
        return ENOMEM;
    }
    while (sent < len) {
        ssize_t n = send(rpc->fd, s + sent, len - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            int error = errno;
            free(s);
            return error;
        }
        sent += n;
    }
    free(s);
    return 0;
}

/* Tries to parse one message from the front of the receive buffer.
 * Returns 0 with "*msg" set, EAGAIN if the buffer holds only part of a
 * message, or EPROTO for bytes that can never become JSON. */
static int
parse_one(struct jsonrpc *rpc, json_t **msg)
{
    json_error_t err;
    size_t skip = 0;

    while (skip < rpc->rx_len && strchr(" \t\r\n", rpc->rx[skip])) {
        skip++;
    }
    if (skip == rpc->rx_len) {
        rpc->rx_len = 0;
        return EAGAIN;
    }
    *msg = json_loadb(rpc->rx + skip, rpc->rx_len - skip,
                      JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &err);
    if (!*msg) {
        /* jansson reports a value cut short by the end of the buffer as
         * an error at its end. */
        return (size_t) err.position >= rpc->rx_len - skip ? EAGAIN : EPROTO;
    }
    size_t used = skip + err.position;
    memmove(rpc->rx, rpc->rx + used, rpc->rx_len - used);
    rpc->rx_len -= used;
    if (!json_is_object(*msg)) {
        json_decref(*msg);
        *msg = NULL;
        return EPROTO;
    }
    return 0;
}

/* Reads what the socket has into the receive buffer, without blocking if
 * "dontwait".  Returns 0, EAGAIN, EOF or a positive errno. */
static int
fill(struct jsonrpc *rpc, bool dontwait)
{
    if (rpc->rx_alloc - rpc->rx_len < 4096) {
        rpc->rx_alloc = MAX(2 * rpc->rx_alloc, rpc->rx_len + 4096);
        rpc->rx = xrealloc(rpc->rx, rpc->rx_alloc);
    }
    for (;;) {
        ssize_t n = recv(rpc->fd, rpc->rx + rpc->rx_len,
                         rpc->rx_alloc - rpc->rx_len,
                         dontwait ? MSG_DONTWAIT : 0);
        if (n > 0) {
            rpc->rx_len += n;
            return 0;
        } else if (n == 0) {
            return EOF;
        } else if (errno != EINTR) {
            return errno == EWOULDBLOCK ? EAGAIN : errno;
        }
    }
}

/* Parses the next message into "*msg", reading the socket as needed,
 * waiting for it only if "wait". */
static int
recv__(struct jsonrpc *rpc, json_t **msg, bool wait)
{
    for (;;) {
        int error = parse_one(rpc, msg);
        if (error != EAGAIN) {
            return error;
        }
        error = fill(rpc, !wait);
        if (error) {
            return error;
        }
    }
}

/* Waits for the next message and stores it in "*msg" (the caller owns
 * it).  Returns 0, EOF when the peer closed the session, EPROTO for a
 * malformed stream, or another positive errno. */
int
jsonrpc_recv_block(struct jsonrpc *rpc, json_t **msg)
{
    return recv__(rpc, msg, true);
}

/* Like jsonrpc_recv_block() but returns EAGAIN instead of waiting; the
 * caller then waits with jsonrpc_recv_wait(). */
int
jsonrpc_recv(struct jsonrpc *rpc, json_t **msg)
{
    return recv__(rpc, msg, false);
}

void
jsonrpc_recv_wait(const struct jsonrpc *rpc)
{
    poll_fd_wait(rpc->fd, POLLIN);
}

/* Tells whether "msg" is an "echo" request, which the peer (ovsdb-server,
 * for one) sends to check the session is alive. */
bool
jsonrpc_is_echo_request(const json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));

    return method && !strcmp(method, "echo") && json_object_get(msg, "id");
}

/* Answers "echo" request "msg" with its own params, as RFC 7047 §4.1.11
 * asks.  Returns 0 or a positive errno. */
int
jsonrpc_reply_echo(struct jsonrpc *rpc, const json_t *msg)
{
    json_t *reply = json_pack("{s:O, s:n, s:O}", "result",
                              json_object_get(msg, "params"), "error",
                              "id", json_object_get(msg, "id"));
    int error = jsonrpc_send(rpc, reply);

    json_decref(reply);
    return error;
}

/* Returns a new request {"method": METHOD, "params": PARAMS, "id": ID};
 * "params" is consumed. */
json_t *
jsonrpc_create_request(const char *method, json_t *params, json_int_t id)
{
    return json_pack("{s:s, s:o, s:I}", "method", method, "params", params,
                     "id", id);
}

/* Sends request "method" with "params" (consumed) and waits for its reply.
 * Meanwhile answers the server's "echo" requests and keeps other messages
 * for jsonrpc_pop_notification().  On success stores the reply's "result"
 * in "*result" and its "error" in "*error" (either may be JSON null; the
 * caller owns both) and returns 0; otherwise returns a positive errno. */
int
jsonrpc_transact_block(struct jsonrpc *rpc, const char *method,
                       json_t *params, json_t **result, json_t **error)
{
    json_int_t id = rpc->next_id++;
    json_t *request = jsonrpc_create_request(method, params, id);
    int retval = jsonrpc_send(rpc, request);

    json_decref(request);
    *result = *error = NULL;
    while (!retval) {
        json_t *msg;

        retval = jsonrpc_recv_block(rpc, &msg);
        if (retval) {
            break;
        }
        json_t *msg_id = json_object_get(msg, "id");
        const char *msg_method = json_string_value(
            json_object_get(msg, "method"));
        if (jsonrpc_is_echo_request(msg)) {
            retval = jsonrpc_reply_echo(rpc, msg);
            json_decref(msg);
        } else if (!msg_method && json_is_integer(msg_id)
                   && json_integer_value(msg_id) == id) {
            *result = json_incref(json_object_get(msg, "result"));
            *error = json_incref(json_object_get(msg, "error"));
            json_decref(msg);
            return 0;
        } else {
            json_array_append_new(rpc->notifications, msg);
        }
    }
    return retval;
}

/* Returns the oldest message kept while a transaction waited, or NULL.
 * The caller owns it. */
json_t *
jsonrpc_pop_notification(struct jsonrpc *rpc)
{
    if (!json_array_size(rpc->notifications)) {
        return NULL;
    }
    json_t *msg = json_incref(json_array_get(rpc->notifications, 0));
    json_array_remove(rpc->notifications, 0);
    return msg;
}
