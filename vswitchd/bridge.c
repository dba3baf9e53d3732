/* The bridge layer: follows the Open_vSwitch database.
 *
 * This version keeps the session to ovsdb-server (monitor, reconnection
 * with backoff, echo replies) and acknowledges each configuration change
 * by copying Open_vSwitch.next_cfg into cur_cfg, which is what makes
 * "ovs-vsctl" (without --no-wait) return.  Bridges, ports and interfaces
 * are not configured yet: there is nothing to apply before acknowledging. */
#include <config.h>
#include "bridge.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "jsonrpc.h"
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

/* The one Open_vSwitch row, as last seen. */
static char *ovs_uuid;
static long long int next_cfg = -1, cur_cfg = -1;
static long long int cfg_sent = -1; /* next_cfg we last wrote to cur_cfg. */

void
bridge_init(const char *remote)
{
    db_remote = xstrdup(remote);
    next_connect = time_msec();
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

    json_t *params = json_pack("[s, n, {s: {s: [s, s]}}]", "Open_vSwitch",
                               "Open_vSwitch", "columns", "next_cfg",
                               "cur_cfg");
    json_t *request = jsonrpc_create_request("monitor", params, MONITOR_ID);
    error = jsonrpc_send(db, request);
    json_decref(request);
    if (error) {
        disconnect(strerror(error));
    }
}

/* Takes in the Open_vSwitch part of a monitor's table-updates. */
static void
process_updates(json_t *updates)
{
    json_t *rows = json_object_get(updates, "Open_vSwitch");
    const char *uuid;
    json_t *update;

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

/* Writes cur_cfg = next_cfg once per new next_cfg. */
static void
acknowledge_cfg(void)
{
    if (!db || !ovs_uuid || next_cfg < 0 || next_cfg == cur_cfg
        || next_cfg == cfg_sent) {
        return;
    }
    json_t *params = json_pack(
        "[s, {s:s, s:s, s:[[s, s, [s, s]]], s:{s:I}}]", "Open_vSwitch",
        "op", "update", "table", "Open_vSwitch",
        "where", "_uuid", "==", "uuid", ovs_uuid,
        "row", "cur_cfg", (json_int_t) next_cfg);
    json_t *request = jsonrpc_create_request("transact", params,
                                             next_txn_id++);
    int error = jsonrpc_send(db, request);
    json_decref(request);
    if (error) {
        disconnect(strerror(error));
        return;
    }
    VLOG_DBG("configuration %lld applied", next_cfg);
    cfg_sent = next_cfg;
}

static void
process_message(json_t *msg)
{
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *id = json_object_get(msg, "id");

    if (method && !strcmp(method, "echo")) {
        json_t *reply = json_pack("{s:O, s:n, s:O}", "result",
                                  json_object_get(msg, "params"), "error",
                                  "id", id);
        jsonrpc_send(db, reply);
        json_decref(reply);
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
    acknowledge_cfg();
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
}
