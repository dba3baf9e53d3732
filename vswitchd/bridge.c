/* The bridge layer: follows the Open_vSwitch database.
 *
 * It keeps the session to ovsdb-server (monitor, reconnection with
 * backoff, echo replies), checks every interface of every bridge (type,
 * options, device), gives each an OpenFlow port number, and writes back,
 * in one transaction, each Interface's "ofport" and "error" and
 * Open_vSwitch.cur_cfg = next_cfg, which is what makes "ovs-vsctl"
 * (without --no-wait) return.  No packets move yet: ports are numbered and
 * checked, not opened. */
#include <config.h>
#include "bridge.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "jsonrpc.h"
#include "netdev-vport.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(bridge);

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 8000

/* Request ids: the monitor has its own, transactions count up from 2. */
#define MONITOR_ID 1

static char *db_remote;         /* "unix:PATH" or "tcp:IP:PORT". */
static struct jsonrpc *db;      /* Session, or NULL while disconnected. */
static long long int next_connect; /* time_msec() of the next attempt. */
static int backoff_ms = BACKOFF_MIN_MS;
static bool connect_failed;     /* Last attempt failed (log only once). */
static json_int_t next_txn_id = 2;

/* Rows of the monitored tables as last seen: for each table an object
 * from row UUID to row (the monitored columns). */
static json_t *bridges, *ports, *ifaces;

/* OpenFlow port numbers given so far, by Interface UUID, so that a port
 * keeps its number while it exists. */
static json_t *ofports;

#define OFPP_LOCAL 65534            /* The bridge's own (internal) port. */
#define OFPP_MAX 0xff00             /* Highest number for an ordinary port
                                     * is OFPP_MAX - 1 (65279). */

/* The one Open_vSwitch row, as last seen. */
static char *ovs_uuid;
static long long int next_cfg = -1, cur_cfg = -1;
static long long int cfg_sent = -1; /* next_cfg we last wrote to cur_cfg. */

void
bridge_init(const char *remote)
{
    db_remote = xstrdup(remote);
    next_connect = time_msec();
    bridges = json_object();
    ports = json_object();
    ifaces = json_object();
    ofports = json_object();
}

static void
disconnect(const char *why)
{
    VLOG_WARN("%s: connection dropped (%s)", db_remote, why);
    jsonrpc_close(db);
    db = NULL;
    cfg_sent = -1;
    next_connect = time_msec() + backoff_ms;
}

static void
try_connect(void)
{
    int error = jsonrpc_open(db_remote, &db);

    if (error) {
        if (!connect_failed) {
            VLOG_WARN("%s: connection attempt failed (%s)", db_remote,
                      strerror(error));
        }
        connect_failed = true;
        next_connect = time_msec() + backoff_ms;
        backoff_ms = MIN(2 * backoff_ms, BACKOFF_MAX_MS);
        return;
    }
    VLOG_INFO("%s: connected", db_remote);
    connect_failed = false;
    backoff_ms = BACKOFF_MIN_MS;

    json_t *params = json_pack(
        "[s, n, {s: {s: [s, s]}, s: {s: [s, s]}, s: {s: [s, s]},"
        " s: {s: [s, s, s, s, s, s]}}]", "Open_vSwitch",
        "Open_vSwitch", "columns", "next_cfg", "cur_cfg",
        "Bridge", "columns", "name", "ports",
        "Port", "columns", "name", "interfaces",
        "Interface", "columns", "name", "type", "ofport_request", "options",
        "ofport", "error");
    json_t *request = jsonrpc_create_request("monitor", params, MONITOR_ID);
    error = jsonrpc_send(db, request);
    json_decref(request);
    if (error) {
        disconnect(strerror(error));
    }
}

/* Applies one table's updates to "table" (UUID -> row). */
static void
update_table(json_t *table, json_t *rows)
{
    const char *uuid;
    json_t *update;

    json_object_foreach(rows, uuid, update) {
        json_t *row = json_object_get(update, "new");
        if (row) {
            json_object_set(table, uuid, row);
        } else {
            json_object_del(table, uuid);
        }
    }
}

/* Takes in a monitor's table-updates. */
static void
process_updates(json_t *updates)
{
    json_t *rows = json_object_get(updates, "Open_vSwitch");
    const char *uuid;
    json_t *update;

    update_table(bridges, json_object_get(updates, "Bridge"));
    update_table(ports, json_object_get(updates, "Port"));
    update_table(ifaces, json_object_get(updates, "Interface"));

    json_object_foreach(rows, uuid, update) {
        json_t *row = json_object_get(update, "new");
        if (!row) {
            continue;           /* Deleted: ovs-vsctl never does this. */
        }
        free(ovs_uuid);
        ovs_uuid = xstrdup(uuid);
        json_t *n = json_object_get(row, "next_cfg");
        json_t *c = json_object_get(row, "cur_cfg");
        if (json_is_integer(n)) {
            next_cfg = json_integer_value(n);
        }
        if (json_is_integer(c)) {
            cur_cfg = json_integer_value(c);
        }
    }
}

/* Calls "cb" for each element of OVSDB set "value" (a bare atom is a set of
 * one). */
static void
for_each_elem(json_t *value, void (*cb)(json_t *elem, void *aux), void *aux)
{
    const char *tag = json_string_value(json_array_get(value, 0));

    if (tag && !strcmp(tag, "set")) {
        size_t i;
        json_t *elem;
        json_array_foreach(json_array_get(value, 1), i, elem) {
            cb(elem, aux);
        }
    } else if (value) {
        cb(value, aux);
    }
}

/* Returns why interface "row" cannot be set up, or NULL if it can: the
 * type must be one ovsx has, a tunnel's options must be valid (see
 * netdev_vport_parse()), a system device must exist. */
static char *
check_iface(const char *name, json_t *row)
{
    const char *type = json_string_value(json_object_get(row, "type"));
    json_t *options = json_object_get(row, "options");

    if (!type || !type[0] || !strcmp(type, "system")) {
        if (!if_nametoindex(name)) {
            return xasprintf("could not open network device %s (No such "
                             "device)", name);
        }
        return NULL;
    } else if (!strcmp(type, "internal") || !strcmp(type, "dummy")) {
        return NULL;
    } else if (netdev_vport_is_tunnel(type)) {
        struct netdev_vport_option opts[64];
        struct netdev_tunnel_config cfg;
        size_t n = 0, i;
        json_t *pair;

        json_array_foreach(json_array_get(options, 1), i, pair) {
            if (n < ARRAY_SIZE(opts)) {
                opts[n].key = json_string_value(json_array_get(pair, 0));
                opts[n].value = json_string_value(json_array_get(pair, 1));
                if (opts[n].key && opts[n].value) {
                    n++;
                }
            }
        }
        return netdev_vport_parse(name, type, opts, n, &cfg);
    }
    return xasprintf("could not open network device %s (Address family "
                     "not supported by protocol)", name);
}

/* The interfaces of one bridge, gathered through its ports. */
struct bridge_ifaces {
    const char *uuids[1024];
    size_t n;
};

static void
add_iface(json_t *elem, void *aux)
{
    struct bridge_ifaces *b = aux;
    const char *uuid = json_string_value(json_array_get(elem, 1));

    if (uuid && b->n < ARRAY_SIZE(b->uuids)) {
        b->uuids[b->n++] = uuid;
    }
}

static void
add_port(json_t *elem, void *aux)
{
    json_t *port = json_object_get(ports,
                                   json_string_value(json_array_get(elem, 1)));
    for_each_elem(json_object_get(port, "interfaces"), add_iface, aux);
}

static const char *
iface_name(const char *uuid)
{
    return json_string_value(json_object_get(json_object_get(ifaces, uuid),
                                             "name"));
}

static int
compare_iface_names(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    const char *na = iface_name(*a), *nb = iface_name(*b);
    return strcmp(na ? na : "", nb ? nb : "");
}

static bool
ofport_in_use(const struct bridge_ifaces *b, json_int_t ofport)
{
    for (size_t i = 0; i < b->n; i++) {
        if (json_integer_value(json_object_get(ofports, b->uuids[i]))
            == ofport) {
            return true;
        }
    }
    return false;
}

/* Gives every interface of bridge "br" its port number, or -1 with an
 * error; appends an update of each Interface whose ofport or error
 * changes to "ops". */
static void
configure_bridge(json_t *br, json_t *ops)
{
    const char *br_name = json_string_value(json_object_get(br, "name"));
    struct bridge_ifaces b = { .n = 0 };

    for_each_elem(json_object_get(br, "ports"), add_port, &b);
    /* By name, so that ports added together are numbered predictably. */
    qsort(b.uuids, b.n, sizeof *b.uuids, compare_iface_names);

    /* Two passes: numbers already given and requested ones first, so that
     * a new port never takes a number another asked for. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < b.n; i++) {
            json_t *row = json_object_get(ifaces, b.uuids[i]);
            const char *name = json_string_value(json_object_get(row,
                                                                 "name"));
            if (!row || !name) {
                continue;
            }
            char *error = check_iface(name, row);
            json_int_t ofport = -1;
            json_t *given = json_object_get(ofports, b.uuids[i]);
            json_t *req = json_object_get(row, "ofport_request");
            const char *type = json_string_value(json_object_get(row,
                                                                 "type"));

            if (error) {
                ofport = -1;
            } else if (type && !strcmp(type, "internal")
                       && br_name && !strcmp(name, br_name)) {
                ofport = OFPP_LOCAL;
            } else if (json_is_integer(given) && json_integer_value(given) > 0
                       && !(json_is_integer(req)
                            && json_integer_value(req)
                               != json_integer_value(given))) {
                ofport = json_integer_value(given);
            } else if (pass == 0) {
                if (json_is_integer(req) && json_integer_value(req) > 0
                    && json_integer_value(req) < OFPP_MAX
                    && !ofport_in_use(&b, json_integer_value(req))) {
                    ofport = json_integer_value(req);
                } else {
                    free(error);
                    continue;   /* Numbered in the second pass. */
                }
            } else {
                for (ofport = 1; ofport < OFPP_MAX; ofport++) {
                    if (!ofport_in_use(&b, ofport)) {
                        break;
                    }
                }
            }
            if (pass == 1 && json_is_integer(given)
                && json_integer_value(given) == ofport) {
                free(error);
                continue;       /* Done in the first pass. */
            }
            json_object_set_new(ofports, b.uuids[i], json_integer(ofport));

            json_t *old_error = json_object_get(row, "error");
            const char *old_text = json_string_value(old_error);
            json_t *old_ofport = json_object_get(row, "ofport");
            bool same = (json_is_integer(old_ofport)
                         && json_integer_value(old_ofport) == ofport
                         && (error ? old_text && !strcmp(old_text, error)
                                   : !old_text));
            if (error) {
                VLOG_WARN("%s", error);
            }
            if (!same) {
                json_array_append_new(ops, json_pack(
                    "{s:s, s:s, s:[[s, s, [s, s]]], s:{s:I, s:o}}",
                    "op", "update", "table", "Interface",
                    "where", "_uuid", "==", "uuid", b.uuids[i],
                    "row", "ofport", ofport, "error",
                    error ? json_string(error)
                          : json_pack("[s, []]", "set")));
            }
            free(error);
        }
    }
}

/* Once per new next_cfg: configures every bridge and writes back the
 * interfaces' ofport and error and cur_cfg = next_cfg, in one
 * transaction. */
static void
apply_cfg(void)
{
    if (!db || !ovs_uuid || next_cfg < 0 || next_cfg == cfg_sent
        || (next_cfg == cur_cfg && cfg_sent >= 0)) {
        return;
    }

    json_t *ops = json_array();
    const char *uuid;
    json_t *br;
    json_object_foreach(bridges, uuid, br) {
        configure_bridge(br, ops);
    }
    if (next_cfg != cur_cfg) {
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:[[s, s, [s, s]]], s:{s:I}}",
            "op", "update", "table", "Open_vSwitch",
            "where", "_uuid", "==", "uuid", ovs_uuid,
            "row", "cur_cfg", (json_int_t) next_cfg));
    }
    if (json_array_size(ops)) {
        json_array_insert_new(ops, 0, json_string("Open_vSwitch"));
        json_t *request = jsonrpc_create_request("transact", ops,
                                                 next_txn_id++);
        int error = jsonrpc_send(db, request);
        json_decref(request);
        if (error) {
            disconnect(strerror(error));
            return;
        }
    } else {
        json_decref(ops);
    }
    VLOG_DBG("configuration %lld applied", next_cfg);
    cfg_sent = next_cfg;
}

static void
process_message(json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *id = json_object_get(msg, "id");

    if (jsonrpc_is_echo_request(msg)) {
        jsonrpc_reply_echo(db, msg);
    } else if (method && !strcmp(method, "update")) {
        process_updates(json_array_get(json_object_get(msg, "params"), 1));
    } else if (!method && json_integer_value(id) == MONITOR_ID) {
        json_t *error = json_object_get(msg, "error");
        if (error && !json_is_null(error)) {
            char *s = json_dumps(error, JSON_COMPACT);
            VLOG_ERR("%s: monitor refused: %s", db_remote, s ? s : "?");
            free(s);
        } else {
            process_updates(json_object_get(msg, "result"));
        }
    } else if (!method) {
        json_t *result = json_object_get(msg, "result");
        json_t *error = json_object_get(msg, "error");
        json_t *first_error = json_object_get(json_array_get(result, 0),
                                              "error");
        if ((error && !json_is_null(error)) || first_error) {
            char *s = json_dumps(msg, JSON_COMPACT);
            VLOG_WARN("%s: transaction failed: %s", db_remote, s ? s : "?");
            free(s);
            cfg_sent = -1;
        }
    }
}

void
bridge_run(void)
{
    if (!db && time_msec() >= next_connect) {
        try_connect();
    }
    while (db) {
        json_t *msg;
        int error = jsonrpc_recv(db, &msg);

        if (error == EAGAIN) {
            break;
        } else if (error) {
            disconnect(error == EOF ? "end of file" : strerror(error));
            break;
        }
        process_message(msg);
        json_decref(msg);
    }
    apply_cfg();
}

void
bridge_wait(void)
{
    if (db) {
        jsonrpc_recv_wait(db);
    } else {
        poll_timer_wait(next_connect - time_msec());
    }
}

void
bridge_exit(void)
{
    jsonrpc_close(db);
    db = NULL;
    free(db_remote);
    free(ovs_uuid);
    json_decref(bridges);
    json_decref(ports);
    json_decref(ifaces);
    json_decref(ofports);
}
