/* An OpenFlow switch: for now the default pipeline of a new bridge. */
#include <config.h>
#include "ofproto.h"

#include <inttypes.h>
#include <arpa/inet.h>
#include <endian.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "connmgr.h"
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
#include "ofpbuf.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofproto);

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
    uint64_t datapath_id;       /* As OpenFlow reports it. */
    uint16_t frag_flags;        /* OFPC_FRAG_* from OFPT_SET_CONFIG: normal
                                 * (0), drop (1) or nx-match (3). */
    struct connmgr *connmgr;    /* OpenFlow clients. */
};

static connmgr_handler handle_openflow;

static struct hmap all_ofprotos = HMAP_INITIALIZER;

struct ofproto *
ofproto_create(const char *name)
{
    struct ofproto *ofproto = xzalloc(sizeof *ofproto);

    ofproto->name = xstrdup(name);
    hmap_init(&ofproto->ports);
    ofproto->ml = mac_learning_create(MAC_ENTRY_DEFAULT_IDLE_TIME);
    hmap_insert(&all_ofprotos, &ofproto->node, hash_string(name, 0));

    char *path = xasprintf("%s/%s.mgmt", ovs_rundir(), name);
    connmgr_create(path, handle_openflow, ofproto, &ofproto->connmgr);
    free(path);
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
        connmgr_destroy(ofproto->connmgr);
        hmap_remove(&all_ofprotos, &ofproto->node);
        free(ofproto->name);
        free(ofproto);
    }
}

void
ofproto_set_datapath_id(struct ofproto *ofproto, uint64_t datapath_id)
{
    ofproto->datapath_id = datapath_id;
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

    if (port && port->netdev != netdev) {
        VLOG_ERR("%s: port %"PRIu32" is taken, not added again", ofproto->name,
                 ofp_port);
        return;
    } else if (!port) {
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
        if (ofproto->connmgr) {
            connmgr_run(ofproto->connmgr);
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
    const struct netdev *netdev = port->netdev;
    bool down = !netdev_get_admin_up(netdev);
    bool link = netdev_get_carrier(netdev);
    be32 config = htonl(down ? OFPPC_PORT_DOWN : 0);

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
        be32 state = htonl(link ? OFPPS11_LIVE : OFPPS_LINK_DOWN);
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

/* Replies to "oh" with an error, in the request's own version (as Open
 * vSwitch does, so that a client that sent the wrong version can read
 * it). */
static void
reply_error(struct ofconn *ofconn, const struct ofp_header *oh,
            uint16_t type, uint16_t code)
{
    ofconn_send(ofconn, ofp_error_new(oh->version, type, code, oh));
}

/* Every message an OpenFlow client sends comes here.  Lengths are checked
 * exactly, as Open vSwitch checks them: a fixed-size request with extra
 * bytes gets OFPBRC_BAD_LEN. */
static void
handle_openflow(struct ofconn *ofconn, const struct ofpbuf *buf, void *aux)
{
    struct ofproto *ofproto = aux;
    const struct ofp_header *oh = (const void *) buf->data;
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
            } else {
                VLOG_WARN("%s: fragment handling mode reassemble is not "
                          "supported", ofproto->name);
            }
            ofconn_set_miss_send_len(ofconn, get_unaligned_be16(body + 2));
        }
        return;
    case OFPT_EXPERIMENTER:
        reply_error(ofconn, oh, OFPET_BAD_REQUEST,
                    (body_len >= 4 && get_unaligned_be32(body) == NX_VENDOR_ID
                     ? OFPBRC_BAD_SUBTYPE : OFPBRC_BAD_EXPERIMENTER));
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
