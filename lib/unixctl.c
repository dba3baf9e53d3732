/* The unixctl server. */
#include <config.h>
#include "unixctl.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "ds.h"
#include "jsonrpc.h"
#include "poll-loop.h"
#include "socket-util.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(unixctl);

struct unixctl_command {
    char *name;
    char *usage;
    int min_args, max_args;
    unixctl_cb_func *cb;
    void *aux;
    struct unixctl_command *next;
};

/* Registered commands, shared by every server of the process. */
static struct unixctl_command *commands;

#define UNIXCTL_MAX_CONNS 16

struct unixctl_conn {
    struct jsonrpc *rpc;
    json_t *request_id;         /* Id of the request being answered. */
};

struct unixctl_server {
    int fd;                     /* Listening socket. */
    char *path;                 /* Its name in the file system. */
    struct unixctl_conn conns[UNIXCTL_MAX_CONNS]; /* rpc NULL: free. */
};

static void list_commands(struct unixctl_conn *, int argc,
                          const char *argv[], void *aux);

/* Registers command "name", which takes "min_args" to "max_args" arguments
 * described by "usage", handled by "cb" with "aux". */
void
unixctl_command_register(const char *name, const char *usage, int min_args,
                         int max_args, unixctl_cb_func *cb, void *aux)
{
    struct unixctl_command *c = xzalloc(sizeof *c);

    c->name = xstrdup(name);
    c->usage = xstrdup(usage);
    c->min_args = min_args;
    c->max_args = max_args;
    c->cb = cb;
    c->aux = aux;
    c->next = commands;
    commands = c;
}

static const struct unixctl_command *
lookup_command(const char *name)
{
    for (const struct unixctl_command *c = commands; c; c = c->next) {
        if (!strcmp(c->name, name)) {
            return c;
        }
    }
    return NULL;
}

/* Sends the reply to the request being handled.  A non-empty body gets a
 * final new-line if it lacks one, as Open vSwitch does, so that ovs-appctl
 * prints whole lines. */
static void
reply(struct unixctl_conn *conn, const char *body, bool success)
{
    size_t len = body ? strlen(body) : 0;
    json_t *text = (len && body[len - 1] != '\n'
                    ? json_sprintf("%s\n", body)
                    : json_string(body ? body : ""));
    json_t *msg = json_pack("{s:o, s:o, s:O}",
                            "result", success ? text : json_null(),
                            "error", success ? json_null() : text,
                            "id", conn->request_id);

    /* A peer that went away is noticed on its next receive. */
    jsonrpc_send(conn->rpc, msg);
    json_decref(msg);
}

void
unixctl_command_reply(struct unixctl_conn *conn, const char *body)
{
    reply(conn, body, true);
}

void
unixctl_command_reply_error(struct unixctl_conn *conn, const char *body)
{
    reply(conn, body, false);
}

static int
compare_commands(const void *a_, const void *b_)
{
    const struct unixctl_command *const *a = a_;
    const struct unixctl_command *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* "list-commands": every command with its usage, sorted by name. */
static void
list_commands(struct unixctl_conn *conn, int argc OVSX_UNUSED,
              const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t n = 0;

    for (const struct unixctl_command *c = commands; c; c = c->next) {
        n++;
    }
    const struct unixctl_command **sorted = xmalloc(n * sizeof *sorted);
    n = 0;
    for (const struct unixctl_command *c = commands; c; c = c->next) {
        sorted[n++] = c;
    }
    qsort(sorted, n, sizeof *sorted, compare_commands);
    ds_put_cstr(&s, "The available commands are:\n");
    for (size_t i = 0; i < n; i++) {
        ds_put_format(&s, "  %-23s %s\n", sorted[i]->name, sorted[i]->usage);
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    free(sorted);
    ds_destroy(&s);
}

/* Creates a server listening on the unix socket "path" (replacing a stale
 * one).  Returns 0 or a positive errno. */
int
unixctl_server_create(const char *path, struct unixctl_server **serverp)
{
    int fd;

    *serverp = NULL;
    int error = socket_listen_unix(path, &fd);
    if (error) {
        return error;
    }
    if (!lookup_command("list-commands")) {
        unixctl_command_register("list-commands", "", 0, 0, list_commands,
                                 NULL);
    }

    struct unixctl_server *server = xzalloc(sizeof *server);
    server->fd = fd;
    server->path = xstrdup(path);
    *serverp = server;
    return 0;
}

/* Checks a request's command and arguments and runs its handler, or
 * replies with the error Open vSwitch gives. */
static void
process_request(struct unixctl_conn *conn, json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    const struct unixctl_command *c;
    const char *argv[64];
    char *error = NULL;
    size_t argc;

    conn->request_id = json_object_get(msg, "id");
    VLOG_DBG("received request %s", method ? method : "(none)");
    if (!method || !json_is_array(params) || !conn->request_id) {
        error = xstrdup("malformed request");
    } else if (!(c = lookup_command(method))) {
        error = xasprintf("\"%s\" is not a valid command (use "
                          "list-commands to see a list of valid commands)",
                          method);
    } else if ((argc = json_array_size(params)) < (size_t) c->min_args) {
        error = xasprintf("\"%s\" command requires at least %d arguments",
                          method, c->min_args);
    } else if (argc > (size_t) c->max_args || argc + 1 > ARRAY_SIZE(argv)) {
        error = xasprintf("\"%s\" command takes at most %d arguments",
                          method, c->max_args);
    } else {
        argv[0] = method;
        for (size_t i = 0; i < argc; i++) {
            argv[i + 1] = json_string_value(json_array_get(params, i));
            if (!argv[i + 1]) {
                error = xstrdup("command has non-string argument");
                break;
            }
        }
        if (!error) {
            c->cb(conn, argc + 1, argv, c->aux);
        }
    }
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    }
    conn->request_id = NULL;
}

static void
conn_close(struct unixctl_conn *conn)
{
    jsonrpc_close(conn->rpc);
    conn->rpc = NULL;
}

/* Accepts connections and answers the requests that have arrived, without
 * blocking. */
void
unixctl_server_run(struct unixctl_server *server)
{
    for (;;) {
        int fd = accept4(server->fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            break;
        }
        size_t i;
        for (i = 0; i < UNIXCTL_MAX_CONNS && server->conns[i].rpc; i++) {
            continue;
        }
        if (i == UNIXCTL_MAX_CONNS) {
            close(fd);          /* Too many clients: this one must retry. */
        } else {
            server->conns[i].rpc = jsonrpc_from_fd(fd);
        }
    }

    for (size_t i = 0; i < UNIXCTL_MAX_CONNS; i++) {
        struct unixctl_conn *conn = &server->conns[i];
        json_t *msg;
        int error = EAGAIN;

        while (conn->rpc && !(error = jsonrpc_recv(conn->rpc, &msg))) {
            process_request(conn, msg);
            json_decref(msg);
        }
        if (conn->rpc && error != EAGAIN) {
            conn_close(conn);
        }
    }
}

void
unixctl_server_wait(struct unixctl_server *server)
{
    poll_fd_wait(server->fd, POLLIN);
    for (size_t i = 0; i < UNIXCTL_MAX_CONNS; i++) {
        if (server->conns[i].rpc) {
            jsonrpc_recv_wait(server->conns[i].rpc);
        }
    }
}

/* Closes every connection and the listening socket, and removes it. */
void
unixctl_server_destroy(struct unixctl_server *server)
{
    if (server) {
        for (size_t i = 0; i < UNIXCTL_MAX_CONNS; i++) {
            if (server->conns[i].rpc) {
                conn_close(&server->conns[i]);
            }
        }
        close(server->fd);
        unlink(server->path);
        free(server->path);
        free(server);
    }
}
