/* An OpenFlow switch: ports, the OpenFlow connection's messages, and
 * NORMAL.  Flow tables are in oftable.c, packets through them in
 * xlate.c. */
#include <config.h>
#include "ofproto.h"

#include <inttypes.h>
#include <arpa/inet.h>
#include <endian.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "connmgr.h"
#include "fail-open.h"
#include "dpif.h"
#include "netdev-vport.h"
#include "coverage.h"
#include "dirs.h"
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "hash.h"
#include "hmap.h"
#include "mac-learning.h"
#include "netdev.h"
#include "ofp-msgs.h"
#include "ofp-packet-in.h"
#include "ofp-actions.h"
#include "ofp-errors.h"
#include "ofp-flow.h"
#include "nx-match.h"
#include "ofp-print.h"
#include "match.h"
#include "ofpbuf.h"
#include "ofproto-provider.h"
#include "tun-metadata.h"
#include "tunnel.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto);

COVERAGE_DEFINE(normal_drop_same_port);
COVERAGE_DEFINE(normal_flood);
COVERAGE_DEFINE(normal_output);

static connmgr_handler handle_openflow;
static void put_port_state(struct ofpbuf *, uint8_t version,
                           const struct ofport *, bool admin_up, bool link,
                           bool live);
static void send_port_status(struct ofproto *, const struct ofport *,
                             uint8_t reason);
static void update_port_status(struct ofproto *);

static struct hmap all_ofprotos = HMAP_INITIALIZER;

struct ofproto *
ofproto_create(const char *name)
{
    struct ofproto *ofproto = xzalloc(sizeof *ofproto);

    static uint32_t next_serial = 1;

    ofproto->name = xstrdup(name);
    ofproto->serial = next_serial++;
    hmap_init(&ofproto->ports);
    ofproto->ml = mac_learning_create(MAC_ENTRY_DEFAULT_IDLE_TIME);
    ofproto->tun_table = tun_table_create();
    ofproto->next_bogus_packet_in = LLONG_MAX;
    oftables_init(ofproto);
    ofproto_flush_flows(ofproto);
    hmap_insert(&all_ofprotos, &ofproto->node, hash_string(name, 0));

    char *path = xasprintf("%s/%s.mgmt", ovs_rundir(), name);
    connmgr_create(name, path, handle_openflow, ofproto, &ofproto->connmgr);
    free(path);
    return ofproto;
}

void
ofproto_destroy(struct ofproto *ofproto)
{
    if (ofproto) {
        struct ofport *port, *next;
        dpif_invalidate();
        HMAP_FOR_EACH_SAFE (port, next, node, &ofproto->ports) {
            hmap_remove(&ofproto->ports, &port->node);
            free(port);
        }
        hmap_destroy(&ofproto->ports);
        oftables_destroy(ofproto);
        tun_table_destroy(ofproto->tun_table);
        for (size_t i = 0; i < ofproto->n_old_tun_tables; i++) {
            tun_table_destroy(ofproto->old_tun_tables[i]);
        }
        free(ofproto->old_tun_tables);
        mac_learning_destroy(ofproto->ml);
        connmgr_destroy(ofproto->connmgr);
        hmap_remove(&all_ofprotos, &ofproto->node);
        free(ofproto->name);
        free(ofproto);
    }
}

/* The switch's controllers: the targets of its Bridge.controller rows. */
void
ofproto_set_controllers(struct ofproto *ofproto,
                        const struct ofproto_controller *controllers,
                        size_t n)
{
    if (ofproto->connmgr) {
        bool had = connmgr_has_controllers(ofproto->connmgr);
        connmgr_set_controllers(ofproto->connmgr, controllers, n);
        if (had != connmgr_has_controllers(ofproto->connmgr)) {
            /* As Open vSwitch: gaining the first controller or losing the
             * last one flushes the flows. */
            ofproto_flush_flows(ofproto);
        }
    }
}

/* Whether controller "target" of the switch is connected. */
bool
ofproto_controller_is_connected(const struct ofproto *ofproto,
                                const char *target)
{
    return ofproto->connmgr && connmgr_is_connected(ofproto->connmgr,
                                                    target);
}

/* The datapath whose ports the switch's are; packet-outs run there. */
void
ofproto_set_dpif(struct ofproto *ofproto, struct dpif *dpif)
{
    ofproto->dpif = dpif;
}

void
ofproto_set_datapath_id(struct ofproto *ofproto, uint64_t datapath_id)
{
    ofproto->datapath_id = datapath_id;
}

/* Sets the fail mode.  As in Open vSwitch, a change with no controller
 * flushes every flow, and "standalone" then installs the default flow
 * "priority=0 actions=NORMAL". */
void
ofproto_set_fail_secure(struct ofproto *ofproto, bool secure)
{
    if (ofproto->fail_secure != secure) {
        ofproto->fail_secure = secure;
        ofproto_flush_flows(ofproto);
    }
}

struct ofport *
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

/* Makes "netdev" OpenFlow port "ofp_port" of "ofproto", datapath port
 * "odp_port" (the caller keeps the netdev open while it is a port). */
void
ofproto_port_add(struct ofproto *ofproto, uint32_t ofp_port,
                 struct netdev *netdev, uint32_t odp_port)
{
    struct ofport *port = ofport_lookup(ofproto, ofp_port);

    if (port && port->netdev != netdev) {
        VLOG_ERR("%s: port %"PRIu32" is taken, not added again", ofproto->name,
                 ofp_port);
        return;
    }
    bool added = !port;
    if (added) {
        port = xzalloc(sizeof *port);
        port->ofp_port = ofp_port;
        port->created = time_msec();
        hmap_insert(&ofproto->ports, &port->node, hash_int(ofp_port, 0));
    }
    port->netdev = netdev;
    port->odp_port = odp_port;
    port->admin_up = netdev_get_admin_up(netdev);
    port->carrier = netdev_get_carrier(netdev);
    dpif_invalidate();
    tunnel_ports_changed();
    if (added) {
        send_port_status(ofproto, port, OFPPR_ADD);
        ofproto->port_status_due = true;    /* Then live. */
    }
}

/* The non-tunnel port that is datapath port "odp_port", and its switch in
 * "*ofprotop". */
const struct ofport *
ofport_by_odp_port(uint32_t odp_port, struct ofproto **ofprotop)
{
    struct ofproto *ofproto;

    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        const struct ofport *p;
        HMAP_FOR_EACH (p, node, &ofproto->ports) {
            if (p->odp_port == odp_port
                && !netdev_vport_get_tunnel_config(p->netdev)) {
                *ofprotop = ofproto;
                return p;
            }
        }
    }
    return NULL;
}

void
ofproto_port_del(struct ofproto *ofproto, uint32_t ofp_port)
{
    struct ofport *port = ofport_lookup(ofproto, ofp_port);

    if (port) {
        dpif_invalidate();
        tunnel_ports_changed();
        send_port_status(ofproto, port, OFPPR_DELETE);
        hmap_remove(&ofproto->ports, &port->node);
        free(port);
        mac_learning_flush_port(ofproto->ml, ofp_port);
    }
}

/* IEEE 802.1D reserved group addresses 01:80:c2:00:00:0x, which a bridge
 * never forwards. */
bool
eth_addr_is_reserved(struct eth_addr ea)
{
    static const uint8_t prefix[5] = { 0x01, 0x80, 0xc2, 0x00, 0x00 };
    return !memcmp(ea.ea, prefix, sizeof prefix) && ea.ea[5] < 0x10;
}

/* The NORMAL action: learns where the source lives (unless "learn" is
 * false, for a trace; returns true if that changed what was known), then
 * sends the packet
 * to the port where the destination was learned, or floods it to every
 * other port, each time through "output" (which knows tunnel ports and
 * the bridge's own address).  Every port is a trunk for all VLANs. */
bool
ofproto_normal(struct ofproto *ofproto, const struct flow *flow,
               uint32_t in_port, bool learn, ofproto_output_cb *output,
               void *aux)
{
    bool changed = false;

    if (eth_addr_is_reserved(flow->dl_dst)) {
        return false;
    }
    uint16_t vlan = (flow->vlans[0].tci & htons(VLAN_CFI)
                     ? ntohs(flow->vlans[0].tci) & VLAN_VID_MASK : 0);
    if (learn) {
        changed = mac_learning_learn(ofproto->ml, flow->dl_src, vlan,
                                     in_port);
    }

    struct mac_entry *e = (flow->dl_dst.ea[0] & 1 ? NULL
                           : mac_learning_lookup(ofproto->ml, flow->dl_dst,
                                                 vlan));
    if (e) {
        if (e->port == in_port) {
            COVERAGE_INC(normal_drop_same_port);
        } else if (ofport_lookup(ofproto, e->port)) {
            COVERAGE_INC(normal_output);
            output(aux, e->port);
        }
        return changed;
    }
    COVERAGE_INC(normal_flood);

    /* Collect the ports first: an output may change the bridge (a tunnel
     * packet that comes back through it). */
    size_t n = 0;
    uint32_t *ports = xmalloc((hmap_count(&ofproto->ports) + 1)
                              * sizeof *ports);
    struct ofport *port;
    HMAP_FOR_EACH (port, node, &ofproto->ports) {
        if (port->ofp_port != in_port) {
            ports[n++] = port->ofp_port;
        }
    }
    for (size_t i = 0; i < n; i++) {
        output(aux, ports[i]);
    }
    free(ports);
    return changed;
}

/* The switch of bridge "name", or NULL. */
struct ofproto *
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
    dpif_invalidate();
    unixctl_command_reply(conn, "table successfully flushed");
}

/* "ovs-appctl bridge/dump-flows BRIDGE": every flow, hidden ones too. */
static void
cmd_bridge_dump_flows(struct unixctl_conn *conn, int argc,
                      const char *argv[], void *aux OVSX_UNUSED)
{
    struct ofproto *ofproto = ofproto_lookup(argv[argc - 1]);
    struct ds ds = DS_EMPTY_INITIALIZER;

    if (!ofproto) {
        unixctl_command_reply_error(conn, "Unknown bridge");
        return;
    }
    ofproto_format_all_flows(ofproto, &ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* "ovs-appctl revalidator/wait": the datapath flows' statistics reach
 * the OpenFlow flows. */
static void
cmd_revalidator_wait(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                     const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    dpif_push_stats();
    unixctl_command_reply(conn, "");
}

/* "ovs-appctl revalidator/purge": the datapath flows go, their
 * statistics credited first. */
static void
cmd_revalidator_purge(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                      const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    dpif_purge();
    unixctl_command_reply(conn, "");
}

/* "ovs-appctl ofproto/trace BRIDGE FLOW": FLOW in Open vSwitch's flow
 * syntax ("in_port=1,tcp,nw_dst=10.0.0.2,tun_metadata0=0x5"). */
static void
cmd_trace(struct unixctl_conn *conn, int argc OVSX_UNUSED,
          const char *argv[], void *aux OVSX_UNUSED)
{
    struct ofproto *ofproto = ofproto_lookup(argv[1]);
    struct flow flow;
    char *error;

    if (!ofproto) {
        unixctl_command_reply_error(conn, "no bridge named this");
        return;
    }
    memset(&flow, 0, sizeof flow);
    error = ofp_parse_flow(argv[2], ofproto->tun_table, &flow);
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }

    struct ds ds;
    ds_init(&ds);
    xlate_trace(ofproto, &flow, &ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* Every switch, in "all_ofprotos" order. */
struct hmap *
ofproto_all(void)
{
    return &all_ofprotos;
}

void
ofproto_init(void)
{
    tunnel_init();
    xlate_init();
    unixctl_command_register("ofproto/trace", "bridge br_flow", 2, 2,
                             cmd_trace, NULL);
    unixctl_command_register("bridge/dump-flows", "[--offload-stats] bridge",
                             1, 2, cmd_bridge_dump_flows, NULL);
    unixctl_command_register("revalidator/wait", "", 0, 0,
                             cmd_revalidator_wait, NULL);
    unixctl_command_register("revalidator/purge", "", 0, 0,
                             cmd_revalidator_purge, NULL);
    unixctl_command_register("fdb/show", "bridge", 1, 1, cmd_fdb_show, NULL);
    unixctl_command_register("fdb/flush", "[bridge]", 0, 1, cmd_fdb_flush,
                             NULL);
}

/* Expires learned addresses. */
void
ofproto_run(void)
{
    struct ofproto *ofproto;

    static unsigned int netdev_seq;
    bool netdevs_changed = netdev_change_seq() != netdev_seq;

    netdev_seq = netdev_change_seq();
    if (netdevs_changed) {
        /* A port's state, MTU or address may be in a translation. */
        dpif_invalidate();
    }
    tunnel_run();
    HMAP_FOR_EACH (ofproto, node, &all_ofprotos) {
        if (netdevs_changed || ofproto->port_status_due) {
            update_port_status(ofproto);
        }
        if (time_msec() >= mac_learning_next_expiry(ofproto->ml)) {
            dpif_push_stats();
            if (mac_learning_expire(ofproto->ml)) {
                dpif_invalidate();
            }
        }
        ofproto_expire_flows(ofproto);
        if (ofproto->connmgr) {
            connmgr_run(ofproto->connmgr);
        }
        fail_open_run(ofproto);
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
        if (ofproto->next_expiry != LLONG_MAX) {
            poll_timer_wait(ofproto->next_expiry - time_msec());
        }
        fail_open_wait(ofproto);
        if (ofproto->connmgr) {
            connmgr_wait(ofproto->connmgr);
        }
    }
}

/* ---------------------------------------------------------------------
 * OpenFlow messages.
 * --------------------------------------------------------------------- */

static int
compare_ofports(const void *a_, const void *b_)
{
    const struct ofport *const *a = a_;
    const struct ofport *const *b = b_;
    return ((*a)->ofp_port > (*b)->ofp_port) - ((*a)->ofp_port
                                                < (*b)->ofp_port);
}

/* Returns the ports in number order (LOCAL last), in an array the caller
 * frees. */
static struct ofport **
sorted_ports(const struct ofproto *ofproto, size_t *n)
{
    struct ofport **ports = xmalloc((hmap_count(&ofproto->ports) + 1)
                                    * sizeof *ports);
    struct ofport *port;

    *n = 0;
    HMAP_FOR_EACH (port, node, &ofproto->ports) {
        ports[(*n)++] = port;
    }
    qsort(ports, *n, sizeof *ports, compare_ofports);
    return ports;
}

/* Appends "port" in the wire format of "version". */
static void
put_port(struct ofpbuf *msg, uint8_t version, const struct ofport *port)
{
    bool link = netdev_get_carrier(port->netdev);
    put_port_state(msg, version, port, netdev_get_admin_up(port->netdev),
                   link, link);
}

/* Appends the description of "port" in "version" with the given state. */
static void
put_port_state(struct ofpbuf *msg, uint8_t version, const struct ofport *port,
               bool admin_up, bool link, bool live)
{
    const struct netdev *netdev = port->netdev;
    be32 config = htonl(admin_up ? 0 : OFPPC_PORT_DOWN);

    if (version == OFP10_VERSION) {
        struct ofp10_phy_port *pp = ofpbuf_put_zeros(msg, sizeof *pp);
        pp->port_no = htons(port->ofp_port == OFPP_LOCAL ? OFPP10_LOCAL
                            : port->ofp_port);
        pp->hw_addr = netdev->mac;
        strncpy(pp->name, netdev->name, sizeof pp->name - 1);
        pp->config = config;
        pp->state = htonl(link ? 0 : OFPPS_LINK_DOWN);
    } else {
        be32 port_no = htonl(port->ofp_port == OFPP_LOCAL ? OFPP11_LOCAL
                             : port->ofp_port);
        be32 state = htonl((link ? 0 : OFPPS_LINK_DOWN)
                           | (live ? OFPPS11_LIVE : 0));
        if (version == OFP13_VERSION) {
            struct ofp11_port *op = ofpbuf_put_zeros(msg, sizeof *op);
            op->port_no = port_no;
            op->hw_addr = netdev->mac;
            strncpy(op->name, netdev->name, sizeof op->name - 1);
            op->config = config;
            op->state = state;
        } else {
            struct ofp14_port *op = ofpbuf_put_zeros(msg, sizeof *op);
            struct ofp14_port_desc_prop_ethernet *eth;
            op->port_no = port_no;
            op->length = htons(sizeof *op + sizeof *eth);
            op->hw_addr = netdev->mac;
            strncpy(op->name, netdev->name, sizeof op->name - 1);
            op->config = config;
            op->state = state;
            eth = ofpbuf_put_zeros(msg, sizeof *eth);
            eth->length = htons(sizeof *eth);
        }
    }
}

struct port_status {
    const struct ofport *port;
    uint8_t reason;
};

static struct ofpbuf *
encode_port_status(uint8_t version, int flow_format OVSX_UNUSED,
                   const void *ps_)
{
    const struct port_status *ps = ps_;
    const struct ofport *port = ps->port;
    struct ofpbuf *msg = ofp_msg_new(version, OFPT_PORT_STATUS, 0, 0);
    uint8_t *body = ofpbuf_put_zeros(msg, 8);

    body[0] = ps->reason;
    put_port_state(msg, version, port, port->admin_up, port->carrier,
                   port->live);
    ofp_msg_finish(msg);
    return msg;
}

/* Tells the connections that take asynchronous messages that "port" was
 * added, deleted or changed (OFPPR_*), with the state last noted in it. */
static void
send_port_status(struct ofproto *ofproto, const struct ofport *port,
                 uint8_t reason)
{
    struct port_status ps = { port, reason };

    if (ofproto->connmgr) {
        connmgr_send_async_format(ofproto->connmgr, encode_port_status, &ps);
    }
}

static struct ofpbuf *
encode_port_status_live(uint8_t version, int flow_format, const void *ps)
{
    /* OpenFlow 1.0 has no OFPPS_LIVE: nothing changed for it. */
    return (version == OFP10_VERSION ? NULL
            : encode_port_status(version, flow_format, ps));
}

/* Reports the ports of "ofproto" whose state changed: first liveness
 * (OpenFlow 1.1+ only), then administrative and link state, one
 * OFPPR_MODIFY each, as Open vSwitch does. */
static void
update_port_status(struct ofproto *ofproto)
{
    struct ofport *port;

    ofproto->port_status_due = false;
    HMAP_FOR_EACH (port, node, &ofproto->ports) {
        bool admin_up = netdev_get_admin_up(port->netdev);
        bool carrier = netdev_get_carrier(port->netdev);
        bool live = admin_up && carrier;
        if (live != port->live) {
            struct port_status ps = { port, OFPPR_MODIFY };
            port->live = live;
            if (ofproto->connmgr) {
                connmgr_send_async_format(ofproto->connmgr,
                                          encode_port_status_live, &ps);
            }
        }
        if (admin_up != port->admin_up || carrier != port->carrier) {
            port->admin_up = admin_up;
            port->carrier = carrier;
            send_port_status(ofproto, port, OFPPR_MODIFY);
        }
    }
}

static size_t
port_size(uint8_t version)
{
    return (version == OFP10_VERSION ? sizeof(struct ofp10_phy_port)
            : version == OFP13_VERSION ? sizeof(struct ofp11_port)
            : sizeof(struct ofp14_port)
              + sizeof(struct ofp14_port_desc_prop_ethernet));
}

static void
handle_features_request(struct ofproto *ofproto, struct ofconn *ofconn,
                        const struct ofp_header *oh)
{
    uint8_t version = ofconn_get_version(ofconn);
    struct ofpbuf *msg = ofp_msg_new(version, OFPT_FEATURES_REPLY, oh->xid,
                                     sizeof(struct ofp10_switch_features));
    void *body = msg->data + sizeof(struct ofp_header);

    if (version == OFP10_VERSION) {
        struct ofp10_switch_features *sf = body;
        sf->datapath_id = htobe64(ofproto->datapath_id);
        sf->n_tables = 254;
        sf->capabilities = htonl(OFPC_FLOW_STATS | OFPC_TABLE_STATS
                                 | OFPC_PORT_STATS | OFPC_QUEUE_STATS
                                 | OFPC10_ARP_MATCH_IP);
        sf->actions = htonl(0xfff);     /* Every OpenFlow 1.0 action. */

        /* The ports, if they fit; otherwise the client asks for them
         * with a port description request. */
        size_t n;
        struct ofport **ports = sorted_ports(ofproto, &n);
        if (msg->size + n * port_size(version) <= OFP_MAX_MSG_LEN) {
            for (size_t i = 0; i < n; i++) {
                put_port(msg, version, ports[i]);
            }
        }
        free(ports);
    } else {
        struct ofp13_switch_features *sf = body;
        sf->datapath_id = htobe64(ofproto->datapath_id);
        sf->n_tables = 254;
        sf->capabilities = htonl(OFPC_FLOW_STATS | OFPC_TABLE_STATS
                                 | OFPC_PORT_STATS | OFPC_GROUP_STATS
                                 | OFPC_QUEUE_STATS);
    }
    ofp_msg_finish(msg);
    ofconn_send(ofconn, msg);
}

/* Starts a statistics (1.0) or multipart (1.3+) reply of "stats_type". */
static struct ofpbuf *
stats_reply_new(uint8_t version, const struct ofp_header *request,
                uint16_t stats_type)
{
    struct ofpbuf *msg;

    if (version == OFP10_VERSION) {
        msg = ofp_msg_new(version, OFPT10_STATS_REPLY, request->xid,
                          sizeof(struct ofp10_stats_msg));
        struct ofp10_stats_msg *sm = (void *) (msg->data
                                               + sizeof(struct ofp_header));
        sm->type = htons(stats_type);
    } else {
        msg = ofp_msg_new(version, OFPT13_MULTIPART_REPLY, request->xid,
                          sizeof(struct ofp13_multipart_msg));
        struct ofp13_multipart_msg *mm = (void *) (msg->data
                                                   + sizeof(struct ofp_header));
        mm->type = htons(stats_type);
    }
    return msg;
}

/* Makes room for "len" more bytes in the reply "*msgp": when they would
 * not fit, sends it with the "more" flag and starts the next one. */
static void
stats_reply_reserve(struct ofconn *ofconn, struct ofpbuf **msgp, size_t len,
                    const struct ofp_header *request, uint16_t stats_type)
{
    if ((*msgp)->size + len > OFP_MAX_MSG_LEN) {
        struct ofpbuf *msg = *msgp;
        uint8_t version = ofconn_get_version(ofconn);
        be16 *flags = (be16 *) (msg->data + sizeof(struct ofp_header) + 2);
        *flags = htons(OFPSF_REPLY_MORE);
        ofp_msg_finish(msg);
        ofconn_send(ofconn, msg);
        *msgp = stats_reply_new(version, request, stats_type);
    }
}

static void
handle_desc_request(struct ofproto *ofproto, struct ofconn *ofconn,
                    const struct ofp_header *oh)
{
    struct ofpbuf *msg = stats_reply_new(ofconn_get_version(ofconn), oh,
                                         OFPST_DESC);
    struct ofp_desc_stats *ds = ofpbuf_put_zeros(msg, sizeof *ds);

    snprintf(ds->mfr_desc, sizeof ds->mfr_desc, "ovsx");
    snprintf(ds->hw_desc, sizeof ds->hw_desc, "ovsx");
    snprintf(ds->sw_desc, sizeof ds->sw_desc, "%s", PACKAGE_VERSION);
    snprintf(ds->serial_num, sizeof ds->serial_num, "None");
    snprintf(ds->dp_desc, sizeof ds->dp_desc, "%s", ofproto->name);
    ofp_msg_finish(msg);
    ofconn_send(ofconn, msg);
}

/* Port description: all ports, or in 1.5 the one in the request. */
static void
handle_port_desc_request(struct ofproto *ofproto, struct ofconn *ofconn,
                         const struct ofp_header *oh, const uint8_t *body,
                         size_t body_len)
{
    uint8_t version = ofconn_get_version(ofconn);
    uint32_t only = OFPP11_ANY;

    if (version >= OFP15_VERSION && body_len >= 4) {
        uint32_t p = get_unaligned_be32(body);
        only = p == OFPP11_LOCAL ? OFPP_LOCAL : p;
    }

    struct ofpbuf *msg = stats_reply_new(version, oh, OFPST_PORT_DESC);
    size_t n;
    struct ofport **ports = sorted_ports(ofproto, &n);
    for (size_t i = 0; i < n; i++) {
        if (only == OFPP11_ANY || only == ports[i]->ofp_port) {
            stats_reply_reserve(ofconn, &msg, port_size(version), oh,
                                OFPST_PORT_DESC);
            put_port(msg, version, ports[i]);
        }
    }
    free(ports);
    ofp_msg_finish(msg);
    ofconn_send(ofconn, msg);
}

/* Appends the counters of "port" to a port statistics reply, in the
 * wire format of "version": OpenFlow 1.0's, 1.3's (with the time since
 * the port was added), or 1.4's (an Ethernet property for the error
 * counters).  The counters are the device's. */
static void
put_port_stats(struct ofpbuf *msg, uint8_t version, const struct ofport *port)
{
    struct netdev_stats st;
    long long int age = time_msec() - port->created;
    uint32_t port_no = port->ofp_port;
    uint8_t *p;

    netdev_get_stats(port->netdev, &st);
    const uint64_t main[] = {
        st.rx_packets, st.tx_packets, st.rx_bytes, st.tx_bytes,
        st.rx_dropped, st.tx_dropped, st.rx_errors, st.tx_errors,
    };
    /* Frame, overrun and CRC errors: ovsx knows none of them apart. */
    const uint64_t eth[] = { UINT64_MAX, UINT64_MAX, UINT64_MAX,
                             st.collisions };

    if (version == OFP10_VERSION) {
        p = ofpbuf_put_zeros(msg, 8);
        put_unaligned_be16(p, port_no == OFPP_LOCAL ? OFPP10_LOCAL
                           : port_no);
    } else if (version == OFP13_VERSION) {
        p = ofpbuf_put_zeros(msg, 8);
        put_unaligned_be32(p, port_no == OFPP_LOCAL ? OFPP11_LOCAL
                           : port_no);
    } else {
        p = ofpbuf_put_zeros(msg, 16);
        put_unaligned_be16(p, 16 + 8 * ARRAY_SIZE(main) + 8
                           + 8 * ARRAY_SIZE(eth));
        put_unaligned_be32(p + 4, port_no == OFPP_LOCAL ? OFPP11_LOCAL
                           : port_no);
        put_unaligned_be32(p + 8, age / 1000);
        put_unaligned_be32(p + 12, age % 1000 * 1000000);
    }
    for (size_t i = 0; i < ARRAY_SIZE(main); i++) {
        put_unaligned_be64(ofpbuf_put_uninit(msg, 8), main[i]);
    }
    if (version >= OFP14_VERSION) {
        p = ofpbuf_put_zeros(msg, 8);
        put_unaligned_be16(p, 0);               /* OFPPSPT14_ETHERNET. */
        put_unaligned_be16(p + 2, 8 + 8 * ARRAY_SIZE(eth));
    }
    for (size_t i = 0; i < ARRAY_SIZE(eth); i++) {
        put_unaligned_be64(ofpbuf_put_uninit(msg, 8), eth[i]);
    }
    if (version == OFP13_VERSION) {
        p = ofpbuf_put_uninit(msg, 8);
        put_unaligned_be32(p, age / 1000);
        put_unaligned_be32(p + 4, age % 1000 * 1000000);
    }
}

static size_t
port_stats_size(uint8_t version)
{
    return (version == OFP10_VERSION ? 104
            : version == OFP13_VERSION ? 112 : 120);
}

/* Port statistics ("ovs-ofctl dump-ports BRIDGE [PORT]"): every port, or
 * the one the request names (none for a port that does not exist, as in
 * Open vSwitch). */
static void
handle_port_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                          const struct ofp_header *oh, const uint8_t *body)
{
    uint8_t version = ofconn_get_version(ofconn);
    uint32_t only;

    if (version == OFP10_VERSION) {
        uint16_t p = get_unaligned_be16(body);
        only = (p == OFPP10_NONE ? OFPP11_ANY
                : p == OFPP10_LOCAL ? OFPP_LOCAL : p);
    } else {
        uint32_t p = get_unaligned_be32(body);
        only = p == OFPP11_LOCAL ? OFPP_LOCAL : p;
    }

    struct ofpbuf *msg = stats_reply_new(version, oh, OFPST_PORT);
    size_t n;
    struct ofport **ports = sorted_ports(ofproto, &n);
    for (size_t i = 0; i < n; i++) {
        if (only == OFPP11_ANY || only == ports[i]->ofp_port) {
            stats_reply_reserve(ofconn, &msg, port_stats_size(version), oh,
                                OFPST_PORT);
            put_port_stats(msg, version, ports[i]);
        }
    }
    free(ports);
    ofp_msg_finish(msg);
    ofconn_send(ofconn, msg);
}

/* Replies to "oh" with an error, in the request's own version (as Open
 * vSwitch does, so that a client that sent the wrong version can read
 * it). */
static void
reply_error(struct ofconn *ofconn, const struct ofp_header *oh,
            uint16_t type, uint16_t code)
{
    ofconn_send(ofconn, ofp_error_new(oh->version, type, code, oh));
}

static void
handle_flow_mod(struct ofproto *ofproto, struct ofconn *ofconn,
                const struct ofp_header *oh)
{
    struct ofputil_flow_mod fm;
    struct ofpbuf ofpacts;
    enum ofperr error;

    ofpbuf_init(&ofpacts, 64);
    error = ofputil_decode_flow_mod(&fm, oh,
                                    ofconn_get_flow_mod_table_id(ofconn),
                                    ofproto->tun_table, &ofpacts);
    if (!error) {
        error = ofproto_flow_mod(ofproto, &fm);
    }
    if (error) {
        ofconn_send(ofconn, ofperr_encode_reply(error, oh));
    }
    ofpbuf_uninit(&ofpacts);
}

/* OFPT_PACKET_OUT (OpenFlow 1.0 §5.3.6, 1.3 §7.3.7, 1.5 §7.3.7): runs
 * the actions on the packet that comes with them.  ovsx keeps no packet
 * buffers, so a buffer ID other than "none" is OFPBRC_BUFFER_UNKNOWN, as
 * in Open vSwitch. */
static void
handle_packet_out(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    const uint8_t *p = (const uint8_t *) oh + sizeof *oh;
    size_t len = ntohs(oh->length) - sizeof *oh;
    uint32_t buffer_id, in_port;
    size_t actions_len, hdr;
    struct match match;
    enum ofperr error;

    match_init_catchall(&match);
    if (oh->version == OFP10_VERSION) {
        hdr = 8;
        if (len < hdr) {
            error = OFPERR_OFPBRC_BAD_LEN;
            goto fail;
        }
        buffer_id = get_unaligned_be32(p);
        in_port = get_unaligned_be16(p + 4);
        in_port = in_port >= 0xff00 ? in_port + 0xffff0000u : in_port;
        actions_len = get_unaligned_be16(p + 6);
    } else if (oh->version < OFP15_VERSION) {
        hdr = 16;
        if (len < hdr) {
            error = OFPERR_OFPBRC_BAD_LEN;
            goto fail;
        }
        buffer_id = get_unaligned_be32(p);
        in_port = get_unaligned_be32(p + 4);
        actions_len = get_unaligned_be16(p + 8);
    } else {
        size_t consumed;
        if (len < 8) {
            error = OFPERR_OFPBRC_BAD_LEN;
            goto fail;
        }
        buffer_id = get_unaligned_be32(p);
        actions_len = get_unaligned_be16(p + 4);
        error = oxm_pull_match(p + 8, len - 8, ofproto->tun_table, &match,
                               &consumed);
        if (error) {
            goto fail;
        }
        hdr = 8 + consumed;
        in_port = match.flow.in_port == OFPP_LOCAL ? OFPP_LOCAL_32
                  : match.flow.in_port >= 0xff00
                  ? match.flow.in_port + 0xffff0000u : match.flow.in_port;
    }
    if (actions_len > len - hdr) {
        error = OFPERR_OFPBRC_BAD_LEN;
        goto fail;
    }
    if (in_port >= OFPROTO_MAX_PORTS && in_port != OFPP_LOCAL_32
        && in_port != OFPP_CONTROLLER && in_port != OFPP_ANY) {
        error = OFPERR_OFPBRC_BAD_PORT;
        goto fail;
    }

    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    error = ofpacts_pull_openflow_actions(p + hdr, actions_len, oh->version,
                                          ofproto->tun_table, &ofpacts);
    if (!error && buffer_id != UINT32_MAX) {
        error = OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    if (!error) {
        /* The actions are checked against the packet's own flow. */
        struct dp_packet *packet;
        packet = dp_packet_clone_data(p + hdr + actions_len,
                                      len - hdr - actions_len);
        uint32_t port16 = (in_port == OFPP_LOCAL_32 ? OFPP_LOCAL
                           : in_port >= 0xffffff00 ? in_port - 0xffff0000u
                           : in_port);
        flow_extract(packet, &match.flow);
        match.flow.in_port = port16;
        memset(&match.wc, 0xff, sizeof match.wc);
        match.wc.tunnel.metadata.tab = NULL;
        error = ofpacts_check_consistency((const void *) ofpacts.data,
                                          ofpacts.size, &match,
                                          OFPROTO_MAX_PORTS, 0,
                                          OFPROTO_N_TABLES, oh->version);
        if (!error) {
            xlate_packet_out(ofproto, port16, (const void *) ofpacts.data,
                             ofpacts.size, packet);
        }
        dp_packet_delete(packet);
    }
    ofpbuf_uninit(&ofpacts);
    if (!error) {
        return;
    }
fail:
    ofconn_send(ofconn, ofperr_encode_reply(error, oh));
}

/* Nicira statistics (OpenFlow 1.0 OFPST_VENDOR): "body" is what follows
 * the vendor ID. */
static void
handle_nx_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                        const struct ofp_header *oh, const uint8_t *body,
                        size_t len)
{
    if (len < 4 || get_unaligned_be32(body) != NX_VENDOR_ID) {
        ofconn_send(ofconn, ofperr_encode_reply(OFPERR_OFPBRC_BAD_VENDOR,
                                                oh));
    } else if (len < 12) {
        ofconn_send(ofconn, ofperr_encode_reply(OFPERR_OFPBRC_BAD_LEN, oh));
    } else {
        switch (get_unaligned_be32(body + 4)) {
        case NXST_FLOW:
        case NXST_AGGREGATE:
            ofproto_handle_flow_stats_request(ofproto, ofconn, oh);
            break;
        default:
            ofconn_send(ofconn,
                        ofperr_encode_reply(OFPERR_OFPBRC_BAD_SUBTYPE, oh));
            break;
        }
    }
}

/* NXT_TLV_TABLE_MOD and its reply's layout (Open vSwitch nicira-ext.h):
 * a command, then mappings of 8 bytes each. */
#define NXT_TLV_TABLE_MOD 24
#define NXT_TLV_TABLE_REQUEST 25
#define NXT_TLV_TABLE_REPLY 26

struct nx_tlv_map {
    be16 option_class;
    uint8_t option_type;
    uint8_t option_len;         /* Bytes of option data, multiple of 4. */
    be16 index;                 /* tun_metadataN. */
    uint8_t pad[2];
};
BUILD_ASSERT(sizeof(struct nx_tlv_map) == 8);

static enum ofperr
tun_table_error_to_ofperr(enum tun_table_error error)
{
    switch (error) {
    case TUN_TABLE_OK: return OFPERR_OK;
    case TUN_TABLE_BAD_COMMAND: return OFPERR_NXTTMFC_BAD_COMMAND;
    case TUN_TABLE_BAD_OPT_LEN: return OFPERR_NXTTMFC_BAD_OPT_LEN;
    case TUN_TABLE_BAD_FIELD_IDX: return OFPERR_NXTTMFC_BAD_FIELD_IDX;
    case TUN_TABLE_TABLE_FULL: return OFPERR_NXTTMFC_TABLE_FULL;
    case TUN_TABLE_ALREADY_MAPPED: return OFPERR_NXTTMFC_ALREADY_MAPPED;
    case TUN_TABLE_DUP_ENTRY: return OFPERR_NXTTMFC_DUP_ENTRY;
    case TUN_TABLE_INVALID_TLV_DEL: return OFPERR_NXTTMFC_INVALID_TLV_DEL;
    }
    return OFPERR_NXTTMFC_BAD_COMMAND;
}

/* "ovs-ofctl add-tlv-map / del-tlv-map": all or nothing.  The table is
 * replaced by a new one; the old one stays allocated because flows keep
 * pointing at it (the offsets of the mappings that remain do not move). */
static enum ofperr
handle_tlv_table_mod(struct ofproto *ofproto, const uint8_t *arg,
                     size_t len)
{
    if (len < 8 || (len - 8) % sizeof(struct nx_tlv_map)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    uint16_t command = get_unaligned_be16(arg);
    size_t n = (len - 8) / sizeof(struct nx_tlv_map);
    struct tun_table_mapping *maps = xmalloc((n + 1) * sizeof *maps);
    for (size_t i = 0; i < n; i++) {
        const uint8_t *m = arg + 8 + i * sizeof(struct nx_tlv_map);
        uint16_t index = get_unaligned_be16(m + 4);
        maps[i].opt_class = get_unaligned_be16(m);
        maps[i].type = m[2];
        maps[i].len = m[3];
        maps[i].index = index > 255 ? 255 : index;
    }

    enum tun_table_command cmd = (command == 0 ? TUN_TABLE_ADD
                                  : command == 1 ? TUN_TABLE_DELETE
                                  : TUN_TABLE_CLEAR);
    struct tun_table *new_table = NULL;
    enum tun_table_error error = TUN_TABLE_BAD_COMMAND;
    if (command <= 2) {
        error = tun_table_mod(ofproto->tun_table, cmd, maps, n,
                              ofproto_tun_metadata_in_use, ofproto,
                              &new_table);
    }
    free(maps);
    if (error) {
        return tun_table_error_to_ofperr(error);
    }
    ofproto->old_tun_tables = xrealloc(ofproto->old_tun_tables,
                                       (ofproto->n_old_tun_tables + 1)
                                       * sizeof *ofproto->old_tun_tables);
    ofproto->old_tun_tables[ofproto->n_old_tun_tables++]
        = ofproto->tun_table;
    dpif_invalidate();
    ofproto->tun_table = new_table;
    return OFPERR_OK;
}

static void
handle_tlv_table_request(struct ofproto *ofproto, struct ofconn *ofconn,
                         const struct ofp_header *oh)
{
    struct tun_table_mapping maps[TUN_METADATA_NUM_OPTS];
    size_t n = tun_table_list(ofproto->tun_table, maps);
    struct ofpbuf *msg = ofp_msg_new(oh->version, OFPT_EXPERIMENTER,
                                     oh->xid, 8 + 16);
    uint8_t *p = msg->data + sizeof *oh;

    put_unaligned_be32(p, NX_VENDOR_ID);
    put_unaligned_be32(p + 4, NXT_TLV_TABLE_REPLY);
    put_unaligned_be32(p + 8, TUN_METADATA_TOT_OPT_SIZE);
    put_unaligned_be16(p + 12, TUN_METADATA_NUM_OPTS);
    for (size_t i = 0; i < n; i++) {
        uint8_t *m = ofpbuf_put_zeros(msg, sizeof(struct nx_tlv_map));
        put_unaligned_be16(m, maps[i].opt_class);
        m[2] = maps[i].type;
        m[3] = maps[i].len;
        put_unaligned_be16(m + 4, maps[i].index);
    }
    ofp_msg_finish(msg);
    ofconn_send(ofconn, msg);
}

/* Vendor (1.0) or experimenter (1.3+) messages: the Nicira extensions. */
static void
handle_experimenter(struct ofproto *ofproto, struct ofconn *ofconn,
                    const struct ofp_header *oh, const uint8_t *body,
                    size_t len)
{
    enum ofperr error = OFPERR_OK;

    if (len < 4 || get_unaligned_be32(body) != NX_VENDOR_ID) {
        reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_EXPERIMENTER);
        return;
    }
    if (len < 8) {
        reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
        return;
    }

    uint32_t subtype = get_unaligned_be32(body + 4);
    const uint8_t *arg = body + 8;
    size_t arg_len = len - 8;
    bool of10 = oh->version == OFP10_VERSION;

    switch (subtype) {
    case NXT_SET_FLOW_FORMAT:
        if (arg_len != 4) {
            error = OFPERR_OFPBRC_BAD_LEN;
        } else {
            uint32_t format = get_unaligned_be32(arg);
            if (format != NXFF_OPENFLOW10 && format != NXFF_NXM) {
                error = OFPERR_OFPBRC_EPERM;
            } else {
                ofconn_set_flow_format(ofconn, format);
            }
        }
        break;
    case NXT_FLOW_MOD:
        if (!of10) {
            error = OFPERR_OFPBRC_BAD_SUBTYPE;
        } else {
            handle_flow_mod(ofproto, ofconn, oh);
        }
        break;
    case NXT_TLV_TABLE_MOD:
        error = handle_tlv_table_mod(ofproto, arg, arg_len);
        break;
    case NXT_TLV_TABLE_REQUEST:
        if (arg_len) {
            error = OFPERR_OFPBRC_BAD_LEN;
        } else {
            handle_tlv_table_request(ofproto, ofconn, oh);
        }
        break;
    case NXT_SET_PACKET_IN_FORMAT:
        if (arg_len != 4) {
            error = OFPERR_OFPBRC_BAD_LEN;
        } else {
            uint32_t format = get_unaligned_be32(arg);
            if (format > NXPIF_NXT_PACKET_IN2) {
                error = OFPERR_OFPBRC_EPERM;
            } else {
                ofconn_set_packet_in_format(ofconn, format);
            }
        }
        break;
    case NXT_FLOW_MOD_TABLE_ID:
        if (arg_len != 8) {
            error = OFPERR_OFPBRC_BAD_LEN;
        } else {
            ofconn_set_flow_mod_table_id(ofconn, arg[0] != 0);
        }
        break;
    default:
        error = OFPERR_OFPBRC_BAD_SUBTYPE;
        break;
    }
    if (error) {
        ofconn_send(ofconn, ofperr_encode_reply(error, oh));
    }
}

/* Every message an OpenFlow client sends comes here.  Lengths are checked
 * exactly, as Open vSwitch checks them: a fixed-size request with extra
 * bytes gets OFPBRC_BAD_LEN. */
static void
handle_openflow(struct ofconn *ofconn, const struct ofpbuf *buf, void *aux)
{
    struct ofproto *ofproto = aux;
    const struct ofp_header *oh = (const void *) buf->data;

    /* A controller that took the switch ends fail-open before its message
     * acts. */
    fail_open_maybe_recover(ofproto);

    /* Whatever the message reads (flow and table statistics), it sees the
     * packets the datapath forwarded so far. */
    dpif_push_stats();
    uint8_t version = ofconn_get_version(ofconn);
    const uint8_t *body = buf->data + sizeof *oh;
    size_t body_len = buf->size - sizeof *oh;
    bool of10 = version == OFP10_VERSION;

    /* Echoes and errors may come in any version; the rest must be in the
     * negotiated one. */
    switch (oh->type) {
    case OFPT_ECHO_REQUEST: {
        struct ofpbuf *msg = ofp_msg_new(oh->version, OFPT_ECHO_REPLY,
                                         oh->xid, 0);
        ofpbuf_put(msg, body, body_len);
        ofp_msg_finish(msg);
        ofconn_send(ofconn, msg);
        return;
    }
    case OFPT_ECHO_REPLY:
        return;
    case OFPT_HELLO:            /* Only one, and the connection took it. */
    case OFPT_ERROR:            /* A switch has nothing to do with one. */
        reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE);
        return;
    }
    if (oh->version != version) {
        reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION);
        return;
    }

    switch (oh->type) {
    case OFPT_FEATURES_REQUEST:
        if (body_len) {
            reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
        } else {
            handle_features_request(ofproto, ofconn, oh);
        }
        return;
    case OFPT_GET_CONFIG_REQUEST: {
        if (body_len) {
            reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
            return;
        }
        struct ofpbuf *msg = ofp_msg_new(version, OFPT_GET_CONFIG_REPLY,
                                         oh->xid,
                                         sizeof(struct ofp_switch_config));
        struct ofp_switch_config *sc = (void *) (msg->data + sizeof *oh);
        sc->flags = htons(ofproto->frag_flags);
        sc->miss_send_len = htons(ofconn_get_miss_send_len(ofconn));
        ofp_msg_finish(msg);
        ofconn_send(ofconn, msg);
        return;
    }
    case OFPT_SET_CONFIG:
        if (body_len != sizeof(struct ofp_switch_config)) {
            reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
        } else {
            /* Fragment handling is the switch's, the miss length the
             * connection's.  "reassemble" (2) is not supported and, as in
             * Open vSwitch, leaves the mode as it was. */
            uint16_t frag = get_unaligned_be16(body) & OFPC_FRAG_MASK;
            if (frag != 2) {
                ofproto->frag_flags = frag;
                dpif_invalidate();
            } else {
                VLOG_WARN("%s: fragment handling mode reassemble is not "
                          "supported", ofproto->name);
            }
            ofconn_set_miss_send_len(ofconn, get_unaligned_be16(body + 2));
        }
        return;
    case OFPT_EXPERIMENTER:
        handle_experimenter(ofproto, ofconn, oh, body, body_len);
        return;
    case OFPT10_FLOW_MOD:       /* The same number in every version. */
        handle_flow_mod(ofproto, ofconn, oh);
        return;
    case OFPT_PACKET_OUT:       /* Likewise. */
        handle_packet_out(ofproto, ofconn, oh);
        return;
    }

    if (oh->type == (of10 ? OFPT10_BARRIER_REQUEST : OFPT13_BARRIER_REQUEST)) {
        if (body_len) {
            reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
            return;
        }
        struct ofpbuf *msg = ofp_msg_new(version, of10 ? OFPT10_BARRIER_REPLY
                                         : OFPT13_BARRIER_REPLY, oh->xid, 0);
        ofp_msg_finish(msg);
        ofconn_send(ofconn, msg);
    } else if (oh->type == (of10 ? OFPT10_STATS_REQUEST
                            : OFPT13_MULTIPART_REQUEST)) {
        size_t hdr = (of10 ? sizeof(struct ofp10_stats_msg)
                      : sizeof(struct ofp13_multipart_msg));
        if (body_len < hdr) {
            reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
            return;
        }
        /* The request bodies: none, except a port number in 1.5's port
         * description request. */
        size_t req_len = body_len - hdr;
        switch (get_unaligned_be16(body)) {
        case OFPST_DESC:
            if (req_len) {
                reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
            } else {
                handle_desc_request(ofproto, ofconn, oh);
            }
            break;
        case OFPST_FLOW:
        case OFPST_AGGREGATE:
            ofproto_handle_flow_stats_request(ofproto, ofconn, oh);
            break;
        case OFPST_TABLE:
            if (req_len) {
                reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
            } else {
                ofproto_handle_table_stats_request(ofproto, ofconn, oh);
            }
            break;
        case OFPMP_TABLE_FEATURES:
            if (of10) {
                reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT);
            } else {
                ofproto_handle_table_features_request(ofproto, ofconn, oh);
            }
            break;
        case OFPST_VENDOR:
            /* Nicira statistics exist in OpenFlow 1.0 only. */
            if (of10) {
                handle_nx_stats_request(ofproto, ofconn, oh, body + hdr,
                                        req_len);
            } else {
                reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT);
            }
            break;
        case OFPST_PORT:
            if (req_len != 8) {
                reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
            } else {
                handle_port_stats_request(ofproto, ofconn, oh, body + hdr);
            }
            break;
        case OFPST_PORT_DESC:
            if (req_len != (version >= OFP15_VERSION ? 8 : 0)) {
                reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN);
            } else {
                handle_port_desc_request(ofproto, ofconn, oh, body + hdr,
                                         req_len);
            }
            break;
        default:
            reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT);
            break;
        }
    } else {
        reply_error(ofconn, oh, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE);
    }
}
