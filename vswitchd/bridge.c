/* The bridge layer: follows the Open_vSwitch database.
 *
 * It keeps the session to ovsdb-server (monitor, reconnection with
 * backoff, echo replies) and turns the Bridge, Port and Interface rows
 * into bridges and interfaces: each interface gets a netdev of its type,
 * its options, an OpenFlow port number and a datapath port.  A change
 * touches only what changed: an interface whose type and options stay is
 * left alone.
 *
 * What it learns goes back to the database: for each new next_cfg one
 * transaction with every Interface column that changed (ofport, error,
 * admin_state, link_state, mac_in_use, mtu, status) and
 * Open_vSwitch.cur_cfg = next_cfg, which is what makes "ovs-vsctl"
 * (without --no-wait) return; statistics every stats-update-interval. */
#include <config.h>
#include "bridge.h"
#include "bridge-private.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dp-worker.h"
#include "dpif.h"
#include "ds.h"
#include "hash.h"
#include "hmap.h"
#include "jsonrpc.h"
#include "netdev.h"
#include "netdev-vport.h"
#include "ofproto.h"
#include "poll-loop.h"
#include "smap.h"
#include "tnl-underlay.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(bridge);

COVERAGE_DEFINE(bridge_reconfigure);

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 8000

/* Datapath worker threads when other_config:n-workers says nothing. */
#define DEFAULT_N_WORKERS 1

/* Statistics interval: Open_vSwitch other_config:stats-update-interval,
 * at least (and by default) 5 s, as in Open vSwitch. */
#define STATS_INTERVAL_MIN_MS 5000

/* Request ids: the monitor has its own, transactions count up from 2. */
#define MONITOR_ID 1

#define OFPP_MAX 0xff00             /* Highest number for an ordinary port
                                     * is OFPP_MAX - 1 (65279). */

static struct hmap all_bridges = HMAP_INITIALIZER;

const struct hmap *
bridge_all(void)
{
    return &all_bridges;
}

static char *db_remote;         /* "unix:PATH" or "tcp:IP:PORT". */
static struct jsonrpc *db;      /* Session, or NULL while disconnected. */
static long long int next_connect; /* time_msec() of the next attempt. */
static int backoff_ms = BACKOFF_MIN_MS;
static bool connect_failed;     /* Last attempt failed (log only once). */
static json_int_t next_txn_id = 2;

/* Rows of the monitored tables as last seen: for each table an object
 * from row UUID to row (the monitored columns). */
static json_t *bridge_rows, *port_rows, *iface_rows;
static json_t *ctl_rows;         /* Controller rows: target, is_connected. */

/* UUIDs of the Port and Interface rows that changed since the last
 * reconfiguration, as a set (UUID -> true): only the bridges they belong to
 * are looked at again, so that a change costs what it touches, not what
 * the whole switch has. */
static json_t *changed_rows;

/* The one Open_vSwitch row, as last seen. */
static char *ovs_uuid;
static long long int next_cfg = -1, cur_cfg = -1;
static long long int cfg_sent = -1; /* next_cfg we last wrote to cur_cfg. */
static int stats_interval = STATS_INTERVAL_MIN_MS;

static bool dummy_override;     /* --enable-dummy=override. */
static bool need_reconfigure;   /* Rows changed since the last pass. */
static bool need_ovs_row;       /* Open_vSwitch columns to (re)write. */
static bool need_status;        /* Port state may have changed. */
static long long int next_stats; /* time_msec() of the next statistics. */

/* The cells of the monitored rows as last seen. */
size_t
bridge_db_cells(void)
{
    json_t *tables[] = { bridge_rows, port_rows, iface_rows };
    size_t n = 0;

    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        const char *uuid;
        json_t *row;
        json_object_foreach(tables[i], uuid, row) {
            n += json_object_size(row);
        }
    }
    return n;
}

static netdev_rx_cb bridge_receive;

/* With "override" (ovsx-vswitchd --enable-dummy=override, as in Open
 * vSwitch), every bridge is on the dummy datapath and "system" interfaces
 * are dummy ones: nothing touches the host's devices. */
void
bridge_set_dummy_override(bool override)
{
    dummy_override = override;
}

void
bridge_init(const char *remote)
{
    db_remote = xstrdup(remote);
    next_connect = time_msec();
    bridge_rows = json_object();
    port_rows = json_object();
    iface_rows = json_object();
    ctl_rows = json_object();
    changed_rows = json_object();
    next_stats = time_msec() + stats_interval;
    bridge_register_commands();
    netdev_dummy_register_commands();
    dpif_register_commands();
    netdev_set_rx_handler(bridge_receive, NULL);
    ofproto_init();
}

/* Forgets what was written to the database, so that the next pass writes
 * every column again (after a reconnection or a failed transaction). */
static void
forget_written(void)
{
    struct bridge *br;
    struct iface *iface;

    HMAP_FOR_EACH (br, node, &all_bridges) {
        br->written_dpid[0] = '\0';
        HMAP_FOR_EACH (iface, node, &br->ifaces) {
            json_decref(iface->written);
            iface->written = json_object();
        }
    }
    need_status = true;
    need_ovs_row = true;
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

    /* A fresh monitor replaces everything we knew of the database. */
    json_object_clear(bridge_rows);
    json_object_clear(port_rows);
    json_object_clear(iface_rows);
    json_object_clear(ctl_rows);
    forget_written();

    json_t *params = json_pack(
        "[s, n, {s: {s: [s, s, s]}, s: {s: [s, s, s, s, s, s]},"
        " s: {s: [s, s]}, s: {s: [s, s, s, s, s, s]},"
        " s: {s: [s, s, s, s]}}]",
        "Open_vSwitch",
        "Open_vSwitch", "columns", "next_cfg", "cur_cfg", "other_config",
        "Bridge", "columns", "name", "ports", "datapath_type", "fail_mode",
        "other_config", "controller",
        "Port", "columns", "name", "interfaces",
        "Interface", "columns", "name", "type", "ofport_request", "options",
        "ofport", "mtu_request",
        "Controller", "columns", "target", "is_connected",
        "inactivity_probe", "max_backoff");
    json_t *request = jsonrpc_create_request("monitor", params, MONITOR_ID);
    error = jsonrpc_send(db, request);
    json_decref(request);
    if (error) {
        disconnect(strerror(error));
    }
}

static struct bridge *bridge_lookup(const char *name);
static const char *row_name(json_t *table, const char *uuid);

/* Applies one table's updates to "table" (UUID -> row). */
static void
update_table(json_t *table, json_t *rows)
{
    const char *uuid;
    json_t *update;

    json_object_foreach(rows, uuid, update) {
        json_object_set_new(changed_rows, uuid, json_true());
        json_t *row = json_object_get(update, "new");
        if (row) {
            json_object_set(table, uuid, row);
        } else {
            json_object_del(table, uuid);
        }
        need_reconfigure = true;
    }
}

/* Whether column "name" differs between Controller rows "a" and "b". */
static bool
ctl_column_changed(json_t *a, json_t *b, const char *name)
{
    json_t *x = json_object_get(a, name), *y = json_object_get(b, name);
    return !x || !y || !json_equal(x, y);
}

/* Applies the Controller table's updates; a new target, probe interval or
 * backoff needs the bridges looked at again ("is_connected" is ours). */
static void
update_controllers(json_t *rows)
{
    const char *uuid;
    json_t *update;

    json_object_foreach(rows, uuid, update) {
        json_t *row = json_object_get(update, "new");
        json_t *old = json_object_get(ctl_rows, uuid);
        if (!old || !row || ctl_column_changed(old, row, "target")
            || ctl_column_changed(old, row, "inactivity_probe")
            || ctl_column_changed(old, row, "max_backoff")) {
            need_reconfigure = true;
        }
        if (row) {
            json_object_set(ctl_rows, uuid, row);
        } else {
            json_object_del(ctl_rows, uuid);
        }
    }
}

/* Calls "cb" with each UUID of OVSDB set-of-uuids "value". */
static void
for_each_uuid(json_t *value, void (*cb)(const char *uuid, void *aux),
              void *aux)
{
    const char *tag = json_string_value(json_array_get(value, 0));

    if (tag && !strcmp(tag, "uuid")) {
        cb(json_string_value(json_array_get(value, 1)), aux);
    } else if (tag && !strcmp(tag, "set")) {
        size_t i;
        json_t *elem;
        json_array_foreach(json_array_get(value, 1), i, elem) {
            const char *uuid = json_string_value(json_array_get(elem, 1));
            if (uuid) {
                cb(uuid, aux);
            }
        }
    }
}

struct targets {
    struct ofproto_controller *controllers;
    size_t n;
};

/* Optional integer "name" of "row" (milliseconds) in seconds, or "dflt"
 * when it is not set. */
static int
ctl_seconds(json_t *row, const char *name, int dflt)
{
    json_t *value = json_object_get(row, name);
    return json_is_integer(value) ? json_integer_value(value) / 1000 : dflt;
}

static void
add_target(const char *uuid, void *targets_)
{
    struct targets *t = targets_;
    json_t *row = json_object_get(ctl_rows, uuid);
    const char *target = json_string_value(json_object_get(row, "target"));
    if (target) {
        t->controllers = xrealloc(t->controllers, (t->n + 1)
                                  * sizeof *t->controllers);
        t->controllers[t->n++] = (struct ofproto_controller) {
            .target = target,
            .probe_interval = ctl_seconds(row, "inactivity_probe", 5),
            .max_backoff = ctl_seconds(row, "max_backoff", 8),
        };
    }
}

/* Gives each bridge's switch the targets of its Controller rows. */
static void
bridge_configure_controllers(void)
{
    const char *uuid;
    json_t *row;

    json_object_foreach(bridge_rows, uuid, row) {
        struct bridge *br = bridge_lookup(row_name(bridge_rows, uuid));
        struct targets t = { NULL, 0 };
        if (br) {
            for_each_uuid(json_object_get(row, "controller"), add_target, &t);
            ofproto_set_controllers(br->ofproto, t.controllers, t.n);
        }
        free(t.controllers);
    }
}

struct ctl_status {
    struct bridge *br;
    json_t *ops;                /* NULL: only tell whether one is due. */
    bool due;
};

static void
write_ctl_status(const char *uuid, void *cs_)
{
    struct ctl_status *cs = cs_;
    json_t *row = json_object_get(ctl_rows, uuid);
    const char *target = json_string_value(json_object_get(row, "target"));
    json_t *written = json_object_get(row, "is_connected");

    if (!target) {
        return;
    }
    bool connected = ofproto_controller_is_connected(cs->br->ofproto,
                                                     target);
    if (json_is_boolean(written) && json_is_true(written) == connected) {
        return;
    }
    cs->due = true;
    if (cs->ops) {
        json_array_append_new(cs->ops, json_pack(
            "{s:s, s:s, s:[[s, s, [s, s]]], s:{s:b}}",
            "op", "update", "table", "Controller",
            "where", "_uuid", "==", "uuid", uuid,
            "row", "is_connected", connected));
        /* Until the monitor says it is written. */
        json_object_set_new(row, "is_connected", json_boolean(connected));
    }
}

/* Adds to "ops" (or, if NULL, only tells whether there is any) an update
 * of each Controller row whose "is_connected" is not what it is. */
static bool
controllers_status(json_t *ops)
{
    struct ctl_status cs = { NULL, ops, false };
    const char *uuid;
    json_t *row;

    json_object_foreach(bridge_rows, uuid, row) {
        cs.br = bridge_lookup(row_name(bridge_rows, uuid));
        if (cs.br) {
            for_each_uuid(json_object_get(row, "controller"),
                          write_ctl_status, &cs);
        }
    }
    return cs.due;
}

/* Converts OVSDB map "value" (["map", [[k, v], ...]]) into "smap". */
static void
smap_from_ovsdb(json_t *value, struct smap *smap)
{
    size_t i;
    json_t *pair;

    smap_init(smap);
    json_array_foreach(json_array_get(value, 1), i, pair) {
        const char *k = json_string_value(json_array_get(pair, 0));
        const char *v = json_string_value(json_array_get(pair, 1));
        if (k && v) {
            smap_replace(smap, k, v);
        }
    }
}

static json_t *
smap_to_ovsdb(const struct smap *smap)
{
    const struct smap_node **nodes = smap_sort(smap);
    json_t *pairs = json_array();

    for (size_t i = 0; i < smap_count(smap); i++) {
        json_array_append_new(pairs, json_pack("[s, s]", nodes[i]->key,
                                               nodes[i]->value));
    }
    free(nodes);
    return json_pack("[s, o]", "map", pairs);
}

/* Takes in a monitor's table-updates. */
static void
process_updates(json_t *updates)
{
    json_t *rows = json_object_get(updates, "Open_vSwitch");
    const char *uuid;
    json_t *update;

    update_table(bridge_rows, json_object_get(updates, "Bridge"));
    update_table(port_rows, json_object_get(updates, "Port"));
    update_table(iface_rows, json_object_get(updates, "Interface"));
    update_controllers(json_object_get(updates, "Controller"));

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

        struct smap other_config;
        smap_from_ovsdb(json_object_get(row, "other_config"), &other_config);
        const char *interval = smap_get(&other_config,
                                        "stats-update-interval");
        stats_interval = MAX(interval ? atoi(interval) : 0,
                             STATS_INTERVAL_MIN_MS);
        const char *max_idle = smap_get(&other_config, "max-idle");
        dpif_set_max_idle(max_idle ? atoi(max_idle) : 0);
        /* Datapath worker threads (see datapath-ext/dp-worker.h). */
        const char *workers = smap_get(&other_config, "n-workers");
        dp_workers_set(workers ? atoi(workers) : DEFAULT_N_WORKERS);
        smap_destroy(&other_config);
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

/* ---------------------------------------------------------------------
 * Bridges and interfaces.
 * --------------------------------------------------------------------- */

static struct bridge *
bridge_lookup(const char *name)
{
    struct bridge *br;

    HMAP_FOR_EACH_WITH_HASH (br, node, hash_string(name, 0), &all_bridges) {
        if (!strcmp(br->name, name)) {
            return br;
        }
    }
    return NULL;
}

static struct iface *
iface_lookup(const struct bridge *br, const char *name)
{
    struct iface *iface;

    HMAP_FOR_EACH_WITH_HASH (iface, node, hash_string(name, 0),
                             &br->ifaces) {
        if (!strcmp(iface->name, name)) {
            return iface;
        }
    }
    return NULL;
}

/* Takes "iface" out of the datapath and closes its netdev. */
static void
iface_close(struct iface *iface)
{
    if (iface->ofproto_port > 0) {
        ofproto_port_del(iface->br->ofproto, iface->ofproto_port);
    }
    iface->ofproto_port = -1;
    if (iface->odp_port != DPIF_PORT_NONE && iface->br->dpif) {
        dpif_port_del(iface->br->dpif, iface->odp_port);
    }
    iface->odp_port = DPIF_PORT_NONE;
    netdev_close(iface->netdev);
    iface->netdev = NULL;
}

static void
iface_destroy(struct iface *iface)
{
    VLOG_INFO("bridge %s: deleted interface %s on port %lld",
              iface->br->name, iface->name, (long long) iface->ofport);
    iface_close(iface);
    hmap_remove(&iface->br->ifaces, &iface->node);
    free(iface->name);
    free(iface->uuid);
    free(iface->type);
    free(iface->error);
    json_decref(iface->written);
    free(iface);
}

static void
bridge_destroy(struct bridge *br)
{
    struct iface *iface, *next;

    HMAP_FOR_EACH_SAFE (iface, next, node, &br->ifaces) {
        iface_destroy(iface);
    }
    VLOG_INFO("bridge %s: deleted", br->name);
    dpif_close(br->dpif);
    ofproto_destroy(br->ofproto);
    hmap_remove(&all_bridges, &br->node);
    hmap_destroy(&br->ifaces);
    free(br->name);
    free(br->uuid);
    free(br->dp_type);
    json_decref(br->row);
    free(br);
}

/* Sets "iface"'s error to "error" (taken over; NULL clears it) and, with
 * an error, takes it down. */
static void
iface_set_error(struct iface *iface, char *error)
{
    if (error && (!iface->error || strcmp(error, iface->error))) {
        VLOG_WARN("%s", error);     /* Once per new error, not per pass. */
    }
    free(iface->error);
    iface->error = error;
    if (error) {
        iface_close(iface);
        iface->ofport = -1;
    }
}

/* Brings "iface" to what "row" says: opens its netdev if it has none (or
 * the type changed) and applies the options. */
static void
iface_reconfigure(struct iface *iface, json_t *row)
{
    const char *type = json_string_value(json_object_get(row, "type"));
    json_t *req = json_object_get(row, "ofport_request");
    struct smap options;

    type = type ? type : "";
    json_t *hint = json_object_get(row, "ofport");
    iface->ofport_request = (json_is_integer(req) ? json_integer_value(req)
                             : 0);
    iface->ofport_hint = (json_is_integer(hint) && json_integer_value(hint) > 0
                          ? json_integer_value(hint) : 0);
    if (strcmp(iface->type, type)) {
        iface_close(iface);
        free(iface->type);
        iface->type = xstrdup(type);
    }

    if (!iface->br->dpif) {
        iface_set_error(iface, xasprintf("%s: datapath type %s of bridge "
                                         "%s is not supported (use netdev "
                                         "or dummy)", iface->name,
                                         iface->br->dp_type, iface->br->name));
        return;
    }
    if (!iface->netdev) {
        /* The netdev behind an Interface.type: the bridge's own port is a
         * TAP device on the netdev datapath, a device-less one on the
         * dummy datapath, as in Open vSwitch. */
        bool dummy_dp = !strcmp(iface->br->dpif->type, "dummy");
        const char *netdev_type = (!strcmp(type, "internal")
                                   ? (dummy_dp ? "dummy-internal" : "tap")
                                   : (!type[0] || !strcmp(type, "system"))
                                     && dummy_override ? "dummy" : type);
        /* A device the tunnels use as a host underlay becomes a port. */
        tnl_underlay_release(iface->name);
        int error = netdev_open(iface->name, netdev_type, &iface->netdev);
        if (error == EAFNOSUPPORT) {
            iface_set_error(iface, xasprintf("could not open network device "
                                             "%s (Address family not "
                                             "supported by protocol)",
                                             iface->name));
            return;
        } else if (error) {
            iface_set_error(iface, xasprintf("could not open network device "
                                             "%s (%s)", iface->name,
                                             strerror(error)));
            return;
        }
        iface->netdev->owner = iface;
    }

    smap_from_ovsdb(json_object_get(row, "options"), &options);
    char *error = netdev_set_config(iface->netdev, &options);
    smap_destroy(&options);
    if (error) {
        iface_set_error(iface, error);
        return;
    }
    iface_set_error(iface, NULL);

    /* mtu_request: a value the device refuses is logged and the MTU stays
     * as it was, as in Open vSwitch. */
    json_t *mtu_req = json_object_get(row, "mtu_request");
    iface->mtu_user = json_is_integer(mtu_req);
    if (json_is_integer(mtu_req)) {
        int mtu_error = netdev_set_mtu(iface->netdev,
                                       json_integer_value(mtu_req));
        if (mtu_error && mtu_error != EOPNOTSUPP
            && json_integer_value(mtu_req) != iface->warned_mtu) {
            iface->warned_mtu = json_integer_value(mtu_req);
            VLOG_WARN("%s: setting MTU %lld failed (%s)", iface->name,
                      (long long) json_integer_value(mtu_req),
                      strerror(mtu_error));
        }
    }

    /* A tunnel whose UDP port changed moves to another datapath port. */
    if (iface->odp_port != DPIF_PORT_NONE) {
        const struct netdev_tunnel_config *tnl
            = netdev_vport_get_tunnel_config(iface->netdev);
        struct dpif_port *port = dpif_port_by_number(iface->br->dpif,
                                                     iface->odp_port);
        char *name = tnl ? netdev_vport_dpif_port_name(tnl) : NULL;
        if (name && port && strcmp(name, port->name)) {
            dpif_port_del(iface->br->dpif, iface->odp_port);
            iface->odp_port = DPIF_PORT_NONE;
        }
        free(name);
    }
    if (iface->odp_port == DPIF_PORT_NONE) {
        dpif_port_add(iface->br->dpif, iface->netdev, &iface->odp_port);
    }
}

/* Collects the interface rows of one bridge, through its ports. */
struct iface_rows {
    const char **uuids;
    size_t n, allocated;
};

static void
add_iface_row(json_t *elem, void *aux)
{
    struct iface_rows *rows = aux;
    const char *uuid = json_string_value(json_array_get(elem, 1));

    if (uuid && json_object_get(iface_rows, uuid)) {
        if (rows->n >= rows->allocated) {
            rows->allocated = rows->allocated ? 2 * rows->allocated : 16;
            rows->uuids = xrealloc(rows->uuids,
                                   rows->allocated * sizeof *rows->uuids);
        }
        rows->uuids[rows->n++] = uuid;
    }
}

static void
add_port_row(json_t *elem, void *aux)
{
    json_t *port = json_object_get(port_rows,
                                   json_string_value(json_array_get(elem, 1)));
    for_each_elem(json_object_get(port, "interfaces"), add_iface_row, aux);
}

static const char *
row_name(json_t *table, const char *uuid)
{
    const char *name = json_string_value(
        json_object_get(json_object_get(table, uuid), "name"));
    return name ? name : "";
}

static int
compare_iface_rows(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(row_name(iface_rows, *a), row_name(iface_rows, *b));
}

static bool
ofport_in_use(const struct bridge *br, json_int_t ofport)
{
    struct iface *iface;

    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        if (iface->ofport == ofport) {
            return true;
        }
    }
    return false;
}

/* Gives every working interface of "br" its OpenFlow port number: the
 * bridge's own internal port is LOCAL; a port keeps its number while it
 * exists unless it requests another; a requested number is honoured if
 * free; then the number the database already shows for the interface (so
 * that numbers survive a restart of the daemon), if free; the rest get
 * the lowest free numbers, in name order. */
static void
bridge_number_ports(struct bridge *br, const struct iface_rows *rows)
{
    /* Three passes, strongest claim first: numbers kept and requested,
     * then numbers from the database, then the lowest free. */
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < rows->n; i++) {
            struct iface *iface = iface_lookup(br, row_name(iface_rows,
                                                            rows->uuids[i]));
            json_int_t req, hint;

            if (!iface || !iface->netdev) {
                continue;
            }
            req = iface->ofport_request;
            hint = iface->ofport_hint;
            if (!strcmp(iface->type, "internal")
                && !strcmp(iface->name, br->name)) {
                iface->ofport = OFPP_LOCAL;
            } else if (pass == 0) {
                if (iface->ofport > 0 && (!req || req == iface->ofport)) {
                    continue;   /* Keeps its number. */
                }
                iface->ofport = -1;
                if (req > 0 && req < OFPP_MAX && !ofport_in_use(br, req)) {
                    iface->ofport = req;
                } else if (req && req != iface->warned_request) {
                    iface->warned_request = req;
                    VLOG_WARN("bridge %s: %s: ofport_request %lld is %s",
                              br->name, iface->name, (long long) req,
                              req > 0 && req < OFPP_MAX ? "already in use"
                              : "out of range");
                }
            } else if (iface->ofport < 0 && pass == 1) {
                if (hint && hint < OFPP_MAX && !ofport_in_use(br, hint)) {
                    iface->ofport = hint;
                }
            } else if (iface->ofport < 0) {
                json_int_t ofport = 1;
                while (ofport_in_use(br, ofport)) {
                    ofport++;
                }
                iface->ofport = ofport;
                VLOG_INFO("bridge %s: added interface %s on port %lld",
                          br->name, iface->name, (long long) ofport);
            }
        }
    }
}

/* Brings bridge "br" to what its row says. */
static void
bridge_reconfigure_one(struct bridge *br, json_t *row)
{
    struct iface_rows rows = { NULL, 0, 0 };
    struct iface *iface, *next;

    for_each_elem(json_object_get(row, "ports"), add_port_row, &rows);
    qsort(rows.uuids, rows.n, sizeof *rows.uuids, compare_iface_rows);

    /* Interfaces that are gone go first, so that what replaces them in
     * the same transaction can take their datapath port numbers. */
    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        iface->seen = false;
    }
    for (size_t i = 0; i < rows.n; i++) {
        iface = iface_lookup(br, row_name(iface_rows, rows.uuids[i]));
        if (iface && !strcmp(iface->uuid, rows.uuids[i])) {
            iface->seen = true;
        }
    }
    HMAP_FOR_EACH_SAFE (iface, next, node, &br->ifaces) {
        if (!iface->seen) {
            iface_destroy(iface);
        } else {
            iface->seen = false;
        }
    }
    for (size_t i = 0; i < rows.n; i++) {
        json_t *irow = json_object_get(iface_rows, rows.uuids[i]);
        const char *name = row_name(iface_rows, rows.uuids[i]);

        if (!name[0]) {
            continue;
        }
        iface = iface_lookup(br, name);
        if (iface && strcmp(iface->uuid, rows.uuids[i])) {
            iface_destroy(iface);   /* Same name, a new row. */
            iface = NULL;
        }
        if (!iface) {
            iface = xzalloc(sizeof *iface);
            iface->br = br;
            iface->name = xstrdup(name);
            iface->uuid = xstrdup(rows.uuids[i]);
            iface->type = xstrdup("");
            iface->ofport = -1;
            iface->odp_port = DPIF_PORT_NONE;
            iface->ofproto_port = -1;
            iface->written = json_object();
            hmap_insert(&br->ifaces, &iface->node, hash_string(name, 0));
        } else if (iface->seen) {
            continue;               /* Listed twice. */
        }
        iface->seen = true;
        iface->dirty = true;
        iface_reconfigure(iface, irow);
    }
    bridge_number_ports(br, &rows);
    free(rows.uuids);

    /* The OpenFlow switch gets the ports as numbered. */
    const char *fail_mode = json_string_value(json_object_get(row,
                                                              "fail_mode"));
    ofproto_set_fail_secure(br->ofproto,
                            fail_mode && !strcmp(fail_mode, "secure"));

    /* The datapath ID: other_config:datapath-id, or, as Open vSwitch
     * does, the address of the bridge's own port. */
    struct smap other_config;
    smap_from_ovsdb(json_object_get(row, "other_config"), &other_config);
    const char *dpid = smap_get(&other_config, "datapath-id");
    const char *hwaddr = smap_get(&other_config, "hwaddr");
    struct eth_addr ea;
    iface = iface_lookup(br, br->name);

    /* other_config:hwaddr: the address of the bridge's own port, a unicast
     * one (Open vSwitch ignores a multicast address). */
    if (iface && iface->netdev && hwaddr && eth_addr_from_string(hwaddr, &ea)
        && !(ea.ea[0] & 1) && memcmp(&iface->netdev->mac, &ea, sizeof ea)) {
        int error = netdev_set_mac(iface->netdev, ea);
        if (error) {
            VLOG_WARN("%s: setting address %s failed (%s)", br->name, hwaddr,
                      strerror(error));
        }
        iface->dirty = true;
    }
    if (dpid && strlen(dpid) == 16 && strspn(dpid, "0123456789abcdefABCDEF")
        == 16) {
        snprintf(br->datapath_id, sizeof br->datapath_id, "%s", dpid);
    } else if (iface && iface->netdev) {
        struct eth_addr mac = iface->netdev->mac;
        snprintf(br->datapath_id, sizeof br->datapath_id,
                 "0000%02x%02x%02x%02x%02x%02x", mac.ea[0], mac.ea[1],
                 mac.ea[2], mac.ea[3], mac.ea[4], mac.ea[5]);
    }
    smap_destroy(&other_config);
    ofproto_set_datapath_id(br->ofproto,
                            strtoull(br->datapath_id, NULL, 16));
    /* Two passes, so that numbers that move between ports in one change
     * are free before they are taken again. */
    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        if (iface->ofproto_port != iface->ofport && iface->ofproto_port > 0) {
            ofproto_port_del(br->ofproto, iface->ofproto_port);
            iface->ofproto_port = -1;
        }
    }
    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        if (iface->ofproto_port != iface->ofport && iface->netdev
            && iface->ofport > 0) {
            ofproto_port_add(br->ofproto, iface->ofport, iface->netdev,
                             iface->odp_port);
            iface->ofproto_port = iface->ofport;
        }
    }
}

/* Tells whether "br", whose row is "row" now, has to be looked at again:
 * its row, or one of its ports' or interfaces' rows, changed. */
static bool
bridge_changed(const struct bridge *br, json_t *row)
{
    json_t *ports = json_object_get(row, "ports");
    const char *tag = json_string_value(json_array_get(ports, 0));
    json_t *elems = (tag && !strcmp(tag, "set") ? json_array_get(ports, 1)
                     : NULL);
    size_t n = elems ? json_array_size(elems) : ports ? 1 : 0;

    if (br->row != row) {
        return true;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *elem = elems ? json_array_get(elems, i) : ports;
        const char *uuid = json_string_value(json_array_get(elem, 1));
        if (!uuid || json_object_get(changed_rows, uuid)) {
            return true;
        }
        json_t *ifaces = json_object_get(json_object_get(port_rows, uuid),
                                         "interfaces");
        const char *itag = json_string_value(json_array_get(ifaces, 0));
        json_t *ielems = (itag && !strcmp(itag, "set")
                          ? json_array_get(ifaces, 1) : NULL);
        size_t m = ielems ? json_array_size(ielems) : ifaces ? 1 : 0;
        for (size_t j = 0; j < m; j++) {
            json_t *ielem = ielems ? json_array_get(ielems, j) : ifaces;
            const char *iuuid = json_string_value(json_array_get(ielem, 1));
            if (!iuuid || json_object_get(changed_rows, iuuid)) {
                return true;
            }
        }
    }
    return false;
}

/* Whether "iface" takes the MTU of the bridge's other ports: the bridge's
 * own (internal) port, unless mtu_request says otherwise. */
static bool
iface_mtu_follows(const struct iface *iface)
{
    return !strcmp(iface->type, "internal") && !iface->mtu_user;
}

/* Open vSwitch's MTU rule for internal ports: they take the smallest MTU
 * of the bridge's other ports that have one (tunnel ports have none), or
 * 1500; each time that minimum changes, every such port is set to it, and
 * one whose MTU is above it is lowered to it. */
static void
bridge_update_mtu(struct bridge *br)
{
    struct iface *iface;
    int min = 0;

    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        if (iface->netdev && !iface_mtu_follows(iface)
            && iface->netdev->mtu > 0) {
            min = min ? MIN(min, iface->netdev->mtu) : iface->netdev->mtu;
        }
    }
    min = min ? min : 1500;

    bool changed = min != br->min_mtu;
    br->min_mtu = min;
    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        if (iface->netdev && iface_mtu_follows(iface)
            && (changed ? iface->netdev->mtu != min
                : iface->netdev->mtu > min)
            && !netdev_set_mtu(iface->netdev, min)) {
            iface->dirty = true;
            need_status = true;
        }
    }
}

/* Brings every bridge to what the database says. */
static void
bridge_reconfigure(void)
{
    struct bridge *br, *next;
    const char *uuid;
    json_t *row;

    COVERAGE_INC(bridge_reconfigure);
    /* Megaflows were translated from what is about to change. */
    dpif_invalidate();
    HMAP_FOR_EACH (br, node, &all_bridges) {
        br->seen = false;
    }
    json_object_foreach(bridge_rows, uuid, row) {
        const char *name = row_name(bridge_rows, uuid);
        const char *dp_type = json_string_value(json_object_get(
                                                    row, "datapath_type"));
        dp_type = dp_type ? dp_type : "";

        br = bridge_lookup(name);
        if (br && strcmp(br->dp_type, dp_type)) {
            bridge_destroy(br);     /* Moves to another datapath. */
            br = NULL;
        }
        if (!br) {
            br = xzalloc(sizeof *br);
            br->min_mtu = INT_MAX;
            br->name = xstrdup(name);
            br->dp_type = xstrdup(dp_type);
            hmap_init(&br->ifaces);
            br->ofproto = ofproto_create(name);
            if (dummy_override) {
                br->dpif = dpif_open("dummy");
            } else if (dpif_type_is_supported(dp_type)) {
                br->dpif = dpif_open(dp_type[0] ? dp_type : "netdev");
            } else {
                VLOG_ERR("bridge %s: datapath type %s is not supported",
                         name, dp_type);
            }
            ofproto_set_dpif(br->ofproto, br->dpif);
            hmap_insert(&all_bridges, &br->node, hash_string(name, 0));
            VLOG_INFO("bridge %s: added", name);
        }
        br->seen = true;
        if (!br->uuid || strcmp(br->uuid, uuid)) {
            free(br->uuid);
            br->uuid = xstrdup(uuid);
            br->written_dpid[0] = '\0';
        }
    }
    HMAP_FOR_EACH_SAFE (br, next, node, &all_bridges) {
        if (!br->seen) {
            bridge_destroy(br);
        }
    }
    json_object_foreach(bridge_rows, uuid, row) {
        br = bridge_lookup(row_name(bridge_rows, uuid));
        if (bridge_changed(br, row)) {
            bridge_reconfigure_one(br, row);
            json_decref(br->row);
            br->row = json_incref(row);
        }
        bridge_update_mtu(br);
    }
    bridge_configure_controllers();
    json_object_clear(changed_rows);
}

/* ---------------------------------------------------------------------
 * Writing back.
 * --------------------------------------------------------------------- */

/* Adds to "cols" the Interface columns ovsx owns for "iface", statistics
 * only if "with_stats". */
static void
iface_get_columns(const struct iface *iface, bool with_stats, json_t *cols)
{
    json_t *empty_set = json_pack("[s, []]", "set");

    json_object_set_new(cols, "ofport", json_integer(iface->ofport));
    json_object_set_new(cols, "error", (iface->error
                                        ? json_string(iface->error)
                                        : json_deep_copy(empty_set)));
    if (iface->netdev) {
        struct netdev *netdev = iface->netdev;
        char mac[18];
        struct smap status;

        json_object_set_new(cols, "admin_state", json_string(
                                netdev_get_admin_up(netdev) ? "up" : "down"));
        json_object_set_new(cols, "link_state", json_string(
                                netdev_get_carrier(netdev) ? "up" : "down"));
        snprintf(mac, sizeof mac, ETH_ADDR_FMT, ETH_ADDR_ARGS(netdev->mac));
        json_object_set_new(cols, "mac_in_use", json_string(mac));
        json_object_set_new(cols, "ifindex", json_integer(netdev->ifindex));
        json_object_set_new(cols, "mtu", (netdev->mtu
                                          ? json_integer(netdev->mtu)
                                          : json_deep_copy(empty_set)));
        smap_init(&status);
        netdev_get_status(netdev, &status);
        json_object_set_new(cols, "status", smap_to_ovsdb(&status));
        smap_destroy(&status);
    } else {
        json_object_set_new(cols, "admin_state", json_deep_copy(empty_set));
        json_object_set_new(cols, "link_state", json_deep_copy(empty_set));
        json_object_set_new(cols, "mac_in_use", json_deep_copy(empty_set));
        json_object_set_new(cols, "mtu", json_deep_copy(empty_set));
        json_object_set_new(cols, "status", json_pack("[s, []]", "map"));
    }
    if (with_stats && iface->netdev) {
        struct netdev_stats s;
        netdev_get_stats(iface->netdev, &s);
        json_object_set_new(cols, "statistics", json_pack(
            "[s, [[s, I], [s, I], [s, I], [s, I], [s, I], [s, I], [s, I],"
            " [s, I], [s, I]]]", "map",
            "collisions", (json_int_t) s.collisions,
            "rx_bytes", (json_int_t) s.rx_bytes,
            "rx_dropped", (json_int_t) s.rx_dropped,
            "rx_errors", (json_int_t) s.rx_errors,
            "rx_packets", (json_int_t) s.rx_packets,
            "tx_bytes", (json_int_t) s.tx_bytes,
            "tx_dropped", (json_int_t) s.tx_dropped,
            "tx_errors", (json_int_t) s.tx_errors,
            "tx_packets", (json_int_t) s.tx_packets));
    }
    json_decref(empty_set);
}

/* Appends to "ops" an update of the columns of "iface" that differ from
 * what was last written. */
static void
iface_write(struct iface *iface, bool with_stats, json_t *ops)
{
    json_t *cols = json_object();
    json_t *changed = json_object();
    const char *key;
    json_t *value;

    iface_get_columns(iface, with_stats, cols);
    json_object_foreach(cols, key, value) {
        if (!json_equal(json_object_get(iface->written, key), value)) {
            json_object_set(changed, key, value);
            json_object_set(iface->written, key, value);
        }
    }
    if (json_object_size(changed)) {
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:[[s, s, [s, s]]], s:o}",
            "op", "update", "table", "Interface",
            "where", "_uuid", "==", "uuid", iface->uuid, "row", changed));
    } else {
        json_decref(changed);
    }
    json_decref(cols);
}

/* Sends "ops" as one transaction (taking them over), unless empty. */
static void
transact(json_t *ops)
{
    if (!json_array_size(ops)) {
        json_decref(ops);
        return;
    }
    json_array_insert_new(ops, 0, json_string("Open_vSwitch"));
    json_t *request = jsonrpc_create_request("transact", ops,
                                             next_txn_id++);
    int error = jsonrpc_send(db, request);
    json_decref(request);
    if (error) {
        disconnect(strerror(error));
    }
}

/* Writes back what changed: after a reconfiguration, with cur_cfg =
 * next_cfg; when port state may have changed; statistics when due. */
static void
write_back(void)
{
    bool cfg_due = (ovs_uuid && next_cfg >= 0 && next_cfg != cfg_sent
                    && !(next_cfg == cur_cfg && cfg_sent >= 0));
    bool stats_due = time_msec() >= next_stats;

    bool ctl_due = db && ovs_uuid && controllers_status(NULL);

    if (!db || !ovs_uuid
        || (!cfg_due && !need_status && !stats_due && !need_ovs_row
            && !ctl_due)) {
        return;
    }

    json_t *ops = json_array();
    struct bridge *br;
    struct iface *iface;
    bool all = need_status || stats_due;
    HMAP_FOR_EACH (br, node, &all_bridges) {
        HMAP_FOR_EACH (iface, node, &br->ifaces) {
            if (all || iface->dirty) {
                iface_write(iface, stats_due, ops);
                iface->dirty = false;
            }
        }
        if (br->uuid && br->datapath_id[0]
            && strcmp(br->datapath_id, br->written_dpid)) {
            json_array_append_new(ops, json_pack(
                "{s:s, s:s, s:[[s, s, [s, s]]], s:{s:s}}",
                "op", "update", "table", "Bridge",
                "where", "_uuid", "==", "uuid", br->uuid,
                "row", "datapath_id", br->datapath_id));
            memcpy(br->written_dpid, br->datapath_id, sizeof br->datapath_id);
        }
    }
    if (need_ovs_row) {
        /* What this switch can do, where ovs-vsctl users look for it. */
        struct smap types;
        smap_init(&types);
        netdev_list_types(&types);
        const struct smap_node **nodes = smap_sort(&types);
        json_t *iface_types = json_array();
        for (size_t i = 0; i < smap_count(&types); i++) {
            json_array_append_new(iface_types, json_string(nodes[i]->key));
        }
        free(nodes);
        smap_destroy(&types);
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:[[s, s, [s, s]]],"
            " s:{s:[s, [s, s]], s:[s, o], s:b, s:s}}",
            "op", "update", "table", "Open_vSwitch",
            "where", "_uuid", "==", "uuid", ovs_uuid,
            "row", "datapath_types", "set", "dummy", "netdev",
            "iface_types", "set", iface_types,
            "dpdk_initialized", 0, "dpdk_version", "none"));
        need_ovs_row = false;
    }
    if (ctl_due) {
        controllers_status(ops);
    }
    if (cfg_due && next_cfg != cur_cfg) {
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:[[s, s, [s, s]]], s:{s:I}}",
            "op", "update", "table", "Open_vSwitch",
            "where", "_uuid", "==", "uuid", ovs_uuid,
            "row", "cur_cfg", (json_int_t) next_cfg));
    }
    transact(ops);
    if (!db) {
        return;                 /* The send failed: all again next time. */
    }
    if (cfg_due) {
        VLOG_DBG("configuration %lld applied", next_cfg);
        cfg_sent = next_cfg;
    }
    if (stats_due) {
        next_stats = time_msec() + stats_interval;
    }
    need_status = false;
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
        size_t i;
        json_t *op;
        bool failed = error && !json_is_null(error);

        json_array_foreach(result, i, op) {
            failed |= json_object_get(op, "error") != NULL;
        }
        if (failed) {
            char *s = json_dumps(msg, JSON_COMPACT);
            VLOG_WARN("%s: transaction failed: %s", db_remote, s ? s : "?");
            free(s);
            cfg_sent = -1;
            forget_written();
        }
    }
}

void
bridge_run(void)
{
    static unsigned int netdev_seq;

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
    /* Without a database the last configuration stays in force. */
    if (db && need_reconfigure && ovs_uuid) {
        need_reconfigure = false;
        bridge_reconfigure();
        /* Devices closed by it are released before it is reported. */
        dp_workers_sync();
    }
    if (netdev_change_seq() != netdev_seq) {
        struct bridge *br;
        netdev_seq = netdev_change_seq();
        need_status = true;
        HMAP_FOR_EACH (br, node, &all_bridges) {
            bridge_update_mtu(br);
        }
    }
    write_back();
    netdev_run();
    ofproto_run();
    dpif_run();
}

void
bridge_wait(void)
{
    netdev_wait();
    ofproto_wait();
    dpif_wait();
    if (db) {
        jsonrpc_recv_wait(db);
        poll_timer_wait(next_stats - time_msec());
    } else {
        poll_timer_wait(next_connect - time_msec());
    }
}

void
bridge_exit(void)
{
    struct bridge *br, *next;

    dp_workers_stop();
    HMAP_FOR_EACH_SAFE (br, next, node, &all_bridges) {
        bridge_destroy(br);
    }
    hmap_destroy(&all_bridges);
    tnl_underlay_exit();
    jsonrpc_close(db);
    db = NULL;
    free(db_remote);
    free(ovs_uuid);
    json_decref(bridge_rows);
    json_decref(port_rows);
    json_decref(iface_rows);
    json_decref(ctl_rows);
    json_decref(changed_rows);
}

/* Every received packet goes to the datapath of its port. */
static void
bridge_receive(struct netdev *netdev, struct dp_packet **packets, size_t n,
               void *aux OVSX_UNUSED)
{
    dpif_receive_batch(netdev, packets, n);
}
