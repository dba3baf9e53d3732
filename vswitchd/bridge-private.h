/* What the bridge layer's files share (bridge.c, bridge-appctl.c): its
 * bridges and their interfaces, as bridge.c keeps them from the
 * Open_vSwitch database.  Not for other layers: they go through
 * bridge.h. */
#ifndef VSWITCHD_BRIDGE_PRIVATE_H
#define VSWITCHD_BRIDGE_PRIVATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "hmap.h"

struct bridge {
    struct hmap_node node;      /* In "all_bridges", by name. */
    char *name;                 /* Bridge.name. */
    char *dp_type;              /* Bridge.datapath_type ("" = netdev). */
    struct dpif *dpif;          /* NULL if "dp_type" is not supported. */
    struct ofproto *ofproto;    /* Its OpenFlow switch. */
    char *uuid;                 /* Bridge row UUID. */
    char datapath_id[17];       /* 16 hex digits, as in Bridge.datapath_id. */
    char written_dpid[17];      /* Bridge.datapath_id as last written. */
    json_t *row;                /* Bridge row as last applied (a
                                 * reference: an unchanged row is the same
                                 * object). */
    struct hmap ifaces;         /* struct iface, by name. */
    bool seen;                  /* Still in the database (reconfigure). */
    int min_mtu;                /* Of the ports whose MTU is their own
                                 * (see bridge_update_mtu()), INT_MAX at
                                 * first. */
};

struct iface {
    struct hmap_node node;      /* In its bridge's "ifaces", by name. */
    struct bridge *br;
    char *name;                 /* Interface.name. */
    char *uuid;                 /* Interface row UUID. */
    char *type;                 /* Interface.type ("" = system). */
    struct netdev *netdev;      /* NULL if it could not be set up. */
    char *error;                /* Why not, for Interface.error. */
    json_int_t ofport_request;  /* 0 if none. */
    json_int_t warned_request;  /* ofport_request last warned about. */
    json_int_t warned_mtu;      /* mtu_request last warned about. */
    bool mtu_user;              /* Interface.mtu_request is set. */
    json_int_t ofport_hint;     /* Interface.ofport as found in the
                                 * database (e.g. before a restart), or 0. */
    json_int_t ofport;          /* OpenFlow port, -1 if none. */
    uint32_t odp_port;          /* Datapath port, or DPIF_PORT_NONE. */
    json_int_t ofproto_port;    /* Port in the bridge's ofproto, or -1. */
    json_t *written;            /* Columns as last written to the DB. */
    bool dirty;                 /* Reconfigured since the last write. */
    bool seen;                  /* Still in the database (reconfigure). */
};

/* Every bridge, by name (struct bridge's "node"). */
const struct hmap *bridge_all(void);

/* The cells of the monitored rows as last seen (for "memory/show"). */
size_t bridge_db_cells(void);

void bridge_register_commands(void);

#endif /* vswitchd/bridge-private.h */
