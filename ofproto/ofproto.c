/* An OpenFlow switch: for now the default pipeline of a new bridge. */
#include <config.h>
#include "ofproto.h"

#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "hash.h"
#include "hmap.h"
#include "mac-learning.h"
#include "netdev.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "util.h"

COVERAGE_DEFINE(ofproto_drop_no_flow);
COVERAGE_DEFINE(normal_drop_reserved_multicast);
COVERAGE_DEFINE(normal_drop_same_port);
COVERAGE_DEFINE(normal_flood);
COVERAGE_DEFINE(normal_output);

struct ofport {
    struct hmap_node node;      /* In struct ofproto's "ports". */
    uint32_t ofp_port;
    struct netdev *netdev;
};

struct ofproto {
    struct hmap_node node;      /* In "all_ofprotos", by name. */
    char *name;                 /* The bridge's. */
    bool fail_secure;           /* fail_mode=secure: no NORMAL flow. */
    struct hmap ports;          /* struct ofport, by number. */
    struct mac_learning *ml;
};

static struct hmap all_ofprotos = HMAP_INITIALIZER;

struct ofproto *
ofproto_create(const char *name)
{
    struct ofproto *ofproto = xzalloc(sizeof *ofproto);

    ofproto->name = xstrdup(name);
    hmap_init(&ofproto->ports);
    ofproto->ml = mac_learning_create(MAC_ENTRY_DEFAULT_IDLE_TIME);
    hmap_insert(&all_ofprotos, &ofproto->node, hash_string(name, 0));
    return ofproto;
}

void
ofproto_destroy(struct ofproto *ofproto)
{
    if (ofproto) {
        struct ofport *port, *next;
        HMAP_FOR_EACH_SAFE (port, next, node, &ofproto->ports) {
            hmap_remove(&ofproto->ports, &port->node);
            free(port);
        }
        hmap_destroy(&ofproto->ports);
        mac_learning_destroy(ofproto->ml);
        hmap_remove(&all_ofprotos, &ofproto->node);
        free(ofproto->name);
        free(ofproto);
    }
}

void
ofproto_set_fail_secure(struct ofproto *ofproto, bool secure)
{
    ofproto->fail_secure = secure;
}

static struct ofport *
ofport_lookup(const struct ofproto *ofproto, uint32_t ofp_port)
{
    struct ofport *port;

    HMAP_FOR_EACH_WITH_HASH (port, node, hash_int(ofp_port, 0),
                             &ofproto->ports) {
        if (port->ofp_port == ofp_port) {
            return port;
        }
    }
    return NULL;
}

/* Makes "netdev" OpenFlow port "ofp_port" of "ofproto" (the caller keeps
 * the netdev open while it is a port). */
void
ofproto_port_add(struct ofproto *ofproto, uint32_t ofp_port,
                 struct netdev *netdev)
{
    struct ofport *port = ofport_lookup(ofproto, ofp_port);

    if (!port) {
        port = xzalloc(sizeof *port);
        port->ofp_port = ofp_port;
        hmap_insert(&ofproto->ports, &port->node, hash_int(ofp_port, 0));
    }
    port->netdev = netdev;
}

void
ofproto_port_del(struct ofproto *ofproto, uint32_t ofp_port)
{
    struct ofport *port = ofport_lookup(ofproto, ofp_port);

    if (port) {
        hmap_remove(&ofproto->ports, &port->node);
        free(port);
        mac_learning_flush_port(ofproto->ml, ofp_port);
    }
}

/* IEEE 802.1D reserved group addresses 01:80:c2:00:00:0x, which a bridge
 * never forwards. */
static bool
eth_addr_is_reserved(struct eth_addr ea)
{
    static const uint8_t prefix[5] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };
    return !memcmp(ea.ea, prefix, sizeof prefix) && ea.ea[5] < 0x10;
}

/* The NORMAL action: learns where the source lives, then sends the packet
 * to the port where the destination was learned, or floods it to every
 * other port.  Every port is a trunk for all VLANs. */
static void
normal(struct ofproto *ofproto, uint32_t in_port, struct dp_packet *packet)
{
    struct flow flow;

    flow_extract(packet, &flow);
    if (eth_addr_is_reserved(flow.dl_dst)) {
        COVERAGE_INC(normal_drop_reserved_multicast);
        return;
    }
    uint16_t vlan = (flow.vlans[0].tci & htons(VLAN_CFI)
                     ? ntohs(flow.vlans[0].tci) & VLAN_VID_MASK : 0);
    mac_learning_learn(ofproto->ml, flow.dl_src, vlan, in_port);

    struct mac_entry *e = (flow.dl_dst.ea[0] & 1 ? NULL
                           : mac_learning_lookup(ofproto->ml, flow.dl_dst,
                                                 vlan));
    if (e) {
        struct ofport *port = ofport_lookup(ofproto, e->port);
        if (e->port == in_port) {
            COVERAGE_INC(normal_drop_same_port);
        } else if (port) {
            COVERAGE_INC(normal_output);
            netdev_send(port->netdev, packet);
        }
        return;
    }
    COVERAGE_INC(normal_flood);
    struct ofport *port;
    HMAP_FOR_EACH (port, node, &ofproto->ports) {
        if (port->ofp_port != in_port) {
            netdev_send(port->netdev, packet);
        }
    }
}

/* Runs "packet", received on "in_port", through the switch; takes it
 * over. */
void
ofproto_receive(struct ofproto *ofproto, uint32_t in_port,
                struct dp_packet *packet)
{
    if (ofproto->fail_secure) {
        COVERAGE_INC(ofproto_drop_no_flow);
    } else {
        normal(ofproto, in_port, packet);
    }
    dp_packet_delete(packet);
}

static struct ofproto *
ofproto_lookup(const char *name)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH_WITH_HASH (ofproto, node, hash_string(name, 0),
                             &all_ofprotos) {
        if (!strcmp(ofproto->name, name)) {
            return ofproto;
        }
    }
    return NULL;
}

static int
compare_entries_by_use(const void *a_, const void *b_)
{
    const struct mac_entry *const *a = a_;
    const struct mac_entry *const *b = b_;
    return ((*a)->seq > (*b)->seq) - ((*a)->seq < (*b)->seq);
}

/* "ovs-appctl fdb/show BRIDGE": the learned addresses, least recently
 * used first, as Open vSwitch prints them. */
static void
cmd_fdb_show(struct unixctl_conn *conn, int argc OVSX_UNUSED,
             const char *argv[], void *aux OVSX_UNUSED)
{
    struct ofproto *ofproto = ofproto_lookup(argv[1]);

    if (!ofproto) {
        unixctl_command_reply_error(conn, "no such bridge");
        return;
    }

    struct mac_learning *ml = ofproto->ml;
    struct mac_entry **entries, *e;
    size_t n = 0;
    struct ds ds;

    mac_learning_expire(ml);
    entries = xmalloc((hmap_count(&ml->table) + 1) * sizeof *entries);
    HMAP_FOR_EACH (e, node, &ml->table) {
        entries[n++] = e;
    }
    qsort(entries, n, sizeof *entries, compare_entries_by_use);

    ds_init(&ds);
    ds_put_cstr(&ds, " port  VLAN  MAC                Age\n");
    for (size_t i = 0; i < n; i++) {
        char port[16];
        e = entries[i];
        if (e->port == OFPP_LOCAL) {
            snprintf(port, sizeof port, "LOCAL");
        } else {
            snprintf(port, sizeof port, "%"PRIu32, e->port);
        }
        ds_put_format(&ds, "%5s  %4d  "ETH_ADDR_FMT"  %3d\n", port,
                      e->vlan, ETH_ADDR_ARGS(e->mac),
                      (int) ((time_msec() - e->used) / 1000));
    }
    free(entries);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* "ovs-appctl fdb/flush [BRIDGE]". */
static void
cmd_fdb_flush(struct unixctl_conn *conn, int argc, const char *argv[],
              void *aux OVSX_UNUSED)
{
    struct ofproto *ofproto;

    if (argc > 1) {
        ofproto = ofproto_lookup(argv[1]);
        if (!ofproto) {
            unixctl_command_reply_error(conn, "no such bridge");
            return;
        }
        mac_learning_flush(ofproto->ml);
    } else {
        HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
            mac_learning_flush(ofproto->ml);
        }
    }
    unixctl_command_reply(conn, "table successfully flushed");
}

void
ofproto_init(void)
{
    unixctl_command_register("fdb/show", "bridge", 1, 1, cmd_fdb_show, NULL);
    unixctl_command_register("fdb/flush", "[bridge]", 0, 1, cmd_fdb_flush,
                             NULL);
}

/* Expires learned addresses. */
void
ofproto_run(void)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        if (time_msec() >= mac_learning_next_expiry(ofproto->ml)) {
            mac_learning_expire(ofproto->ml);
        }
    }
}

void
ofproto_wait(void)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        long long int next = mac_learning_next_expiry(ofproto->ml);
        if (next != LLONG_MAX) {
            poll_timer_wait(next - time_msec());
        }
    }
}
