/* Translation: running a flow through the OpenFlow tables.
 *
 * The result is datapath actions (lib/odp-actions) and the megaflow mask:
 * every bit of the flow that a lookup, a rewrite or a decision looked at.
 * The datapath caches the two for the packets that follow (DESIGN.md's
 * packet path); the statistics of those packets come back through the
 * "xlate cache" that translation leaves: the rules and tables it went
 * through, and the MAC addresses NORMAL learned.
 *
 * Header rewrites change only the flow as translation goes; an output
 * first commits the difference between what the packet has and what the
 * flow says as set/push/pop actions (odp_commit()).  Translation also
 * makes the megaflow match every field it rewrites, so that the same
 * actions are right for every packet of the megaflow. */
#include <config.h>

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <string.h>
#include "coverage.h"
#include "dp-packet.h"
#include "dpif.h"
#include "ds.h"
#include "flow.h"
#include "mac-learning.h"
#include "match.h"
#include "meta-flow.h"
#include "netdev.h"
#include "netdev-vport.h"
#include "odp-actions.h"
#include "connmgr.h"
#include "ofp-actions.h"
#include "ofp-packet-in.h"
#include "ofp-print.h"
#include "ofpbuf.h"
#include "ofproto.h"
#include "ofproto-provider.h"
#include "packet-rewrite.h"
#include "tnl-header.h"
#include "tunnel.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(xlate);

COVERAGE_DECLARE(xlate_too_many_resubmits);
COVERAGE_DEFINE(xlate_controller_no_controller);
COVERAGE_DEFINE(xlate_output_in_port);
COVERAGE_DECLARE(xlate_ttl_expired);

/* Open vSwitch's limits on resubmit recursion and total work. */
#define XLATE_MAX_DEPTH 64
#define XLATE_MAX_RESUBMITS 4096

/* What a megaflow's packets are credited to. */
struct xc_rule {
    struct rule *rule;
};

struct xc_table {
    struct ofproto *ofproto;
    uint8_t table_id;
    bool matched;
};

struct xc_learn {
    struct ofproto *ofproto;
    struct eth_addr mac;
    uint16_t vlan;
    uint32_t port;
};

struct xlate_cache {
    struct rule **rules;
    size_t n_rules, allocated_rules;
    struct xc_table *tables;
    size_t n_tables, allocated_tables;
    struct xc_learn *learns;
    size_t n_learns, allocated_learns;
};

struct xlate_ctx {
    struct ofproto *ofproto;
    struct flow flow;           /* As the actions so far changed it. */
    struct flow base;           /* What the packet's headers are, as the
                                 * datapath actions so far leave them. */
    struct flow wc;             /* Bits looked at: the megaflow mask. */
    struct ofpbuf *odp;         /* Datapath actions, appended to. */
    struct xlate_cache *xc;     /* NULL for a trace. */
    uint8_t table_id;           /* Table whose actions run now. */
    be64 cookie;                /* Of the flow whose actions run now. */
    int depth;                  /* Nested resubmits. */
    int resubmits;              /* Resubmits so far. */
    bool exit;                  /* Stop this table's actions. */
    bool error;                 /* Drop the packet: recursion too deep.
                                 * Stops everything. */
    bool packet_out;            /* Actions of a packet-out: may output to
                                 * TABLE. */
    bool slow;                  /* Each packet must be translated. */
    int tnl_depth;              /* Tunnels this packet went into to get
                                 * here (a guard against loops). */
    struct ds *trace;           /* ofproto/trace: what happens is written
                                 * here, and nothing is changed. */
    bool side_effects;          /* Learn, count, ask for neighbours: not
                                 * in a trace or a revalidation. */
    struct ofpbuf action_set;   /* write_actions, run at the end. */
};

static void do_actions(struct xlate_ctx *, const struct ofpact *,
                       size_t len);
static void do_table(struct xlate_ctx *, uint8_t table_id);
static void xlate_ctx_init(struct xlate_ctx *, struct ofproto *,
                           const struct flow *, struct ofpbuf *odp,
                           struct xlate_cache *, struct ds *trace);
static void xlate_run(struct xlate_ctx *);

/* Grows "*array" of "*n" elements of "size" bytes, "*allocated" of them
 * allocated, by one, and returns the new last element. */
static void *
xc_append(void **array, size_t *n, size_t *allocated, size_t size)
{
    if (*n >= *allocated) {
        *allocated = *allocated ? 2 * *allocated : 4;
        *array = xrealloc(*array, *allocated * size);
    }
    return (uint8_t *) *array + (*n)++ * size;
}

#define XC_APPEND(XC, ARRAY, N, ALLOCATED)                              \
    ((__typeof__((XC)->ARRAY)) xc_append((void **) &(XC)->ARRAY,        \
                                         &(XC)->N, &(XC)->ALLOCATED,    \
                                         sizeof *(XC)->ARRAY))

static void
xc_add_rule(struct xlate_ctx *ctx, struct rule *rule)
{
    if (ctx->xc) {
        *XC_APPEND(ctx->xc, rules, n_rules, allocated_rules) = rule;
    }
}

static void
xc_add_table(struct xlate_ctx *ctx, uint8_t table_id, bool matched)
{
    if (ctx->xc) {
        struct xc_table *t = XC_APPEND(ctx->xc, tables, n_tables,
                                       allocated_tables);
        t->ofproto = ctx->ofproto;
        t->table_id = table_id;
        t->matched = matched;
    }
}

/* Credits "n_packets" and "n_bytes" to what "xc" went through. */
static void
xlate_cache_credit(void *xc_, uint64_t n_packets, uint64_t n_bytes,
                   long long int used)
{
    struct xlate_cache *xc = xc_;

    for (size_t i = 0; i < xc->n_rules; i++) {
        struct rule *rule = xc->rules[i];
        rule->n_packets += n_packets;
        rule->n_bytes += n_bytes;
        rule->used = MAX(rule->used, used);
    }
    for (size_t i = 0; i < xc->n_tables; i++) {
        const struct xc_table *t = &xc->tables[i];
        struct oftable *table = &t->ofproto->tables[t->table_id];
        table->n_lookups += n_packets;
        table->n_matches += t->matched ? n_packets : 0;
    }
    for (size_t i = 0; i < xc->n_learns; i++) {
        const struct xc_learn *l = &xc->learns[i];
        mac_learning_refresh(l->ofproto->ml, l->mac, l->vlan, l->port,
                             used);
    }
}

static void
xlate_cache_free(void *xc_)
{
    struct xlate_cache *xc = xc_;

    if (xc) {
        free(xc->rules);
        free(xc->tables);
        free(xc->learns);
        free(xc);
    }
}

/* Makes the megaflow match all of "field". */
static void
unwildcard_field(struct xlate_ctx *ctx, const struct mf_field *field)
{
    if (field->id >= MFF_TUN_METADATA0 && field->id <= MFF_TUN_METADATA63) {
        /* Mapped Geneve options: the datapath matches the raw options of
         * a tunnel packet whole. */
        return;
    }
    if (field->id == MFF_VLAN_TCI || field->id == MFF_DL_VLAN
        || field->id == MFF_VLAN_VID || field->id == MFF_DL_VLAN_PCP
        || field->id == MFF_VLAN_PCP) {
        memset(ctx->wc.vlans, 0xff, sizeof ctx->wc.vlans);
        return;
    }

    struct match m;
    union mf_value v;
    m.flow = ctx->flow;
    m.wc = ctx->wc;
    mf_get_value(field, &ctx->flow, &v);
    mf_set(field, &v, NULL, &m);
    ctx->wc = m.wc;
}

/* Adds the actions that make the packet's headers those of the flow. */
static void
commit(struct xlate_ctx *ctx)
{
    size_t before = ctx->odp->size;

    odp_commit(ctx->odp, &ctx->base, &ctx->flow);
    if (ctx->odp->size != before) {
        /* Which header a set action writes depends on these. */
        ctx->wc.dl_type = UINT16_MAX;
        ctx->wc.nw_proto = UINT8_MAX;
    }
}

/* Drops the packet, for "reason", counted now unless translation has no
 * side effects (a trace, a revalidation). */
static void
xlate_drop(struct xlate_ctx *ctx, enum odp_drop_reason reason)
{
    odp_put_drop(ctx->odp, reason);
    if (ctx->side_effects) {
        odp_drop_count(reason);
    }
}

/* Pushes an outermost tag "tpid"/"tci" onto the flow. */
static void
push_vlan(struct flow *flow, be16 tpid, be16 tci)
{
    flow->vlans[1] = flow->vlans[0];
    flow->vlans[0].tpid = tpid;
    flow->vlans[0].tci = tci;
}

/* Sets the bits "mask" of the outermost tag's TCI to "bits"; a flow
 * without a tag gets one if "push_if_needed" (as OpenFlow 1.0's
 * mod_vlan_vid and mod_vlan_pcp do). */
static void
set_vlan_bits(struct flow *flow, be16 bits, be16 mask, bool push_if_needed)
{
    be16 tci = bits | htons(VLAN_CFI);

    if (flow->vlans[0].tci & htons(VLAN_CFI)) {
        flow->vlans[0].tci = (flow->vlans[0].tci & ~mask) | tci;
    } else if (push_if_needed) {
        push_vlan(flow, htons(ETH_TYPE_VLAN_8021Q), tci);
    }
}

/* Applies a header-rewriting action to "ctx->flow".  Returns false if the
 * packet must be dropped (TTL ran out). */
static bool
do_rewrite(struct xlate_ctx *ctx, const struct ofpact *a)
{
    struct flow *flow = &ctx->flow;
    struct flow *wc = &ctx->wc;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_SET_VLAN_VID: {
        const struct ofpact_vlan_vid *v = (const void *) a;
        memset(wc->vlans, 0xff, sizeof wc->vlans);
        set_vlan_bits(flow, htons(v->vlan_vid), htons(VLAN_VID_MASK),
                      v->push_vlan_if_needed);
        break;
    }
    case OFPACT_SET_VLAN_PCP: {
        const struct ofpact_vlan_pcp *v = (const void *) a;
        memset(wc->vlans, 0xff, sizeof wc->vlans);
        set_vlan_bits(flow, htons(v->vlan_pcp << VLAN_PCP_SHIFT),
                      htons(VLAN_PCP_MASK), v->push_vlan_if_needed);
        break;
    }
    case OFPACT_STRIP_VLAN:
        memset(wc->vlans, 0xff, sizeof wc->vlans);
        flow->vlans[0] = flow->vlans[1];
        memset(&flow->vlans[1], 0, sizeof flow->vlans[1]);
        break;
    case OFPACT_PUSH_VLAN:
        memset(wc->vlans, 0xff, sizeof wc->vlans);
        push_vlan(flow, ((const struct ofpact_push_vlan *) a)->ethertype,
                  flow->vlans[0].tci | htons(VLAN_CFI));
        break;
    case OFPACT_SET_ETH_SRC:
        memset(&wc->dl_src, 0xff, sizeof wc->dl_src);
        flow->dl_src = ((const struct ofpact_mac *) a)->mac;
        break;
    case OFPACT_SET_ETH_DST:
        memset(&wc->dl_dst, 0xff, sizeof wc->dl_dst);
        flow->dl_dst = ((const struct ofpact_mac *) a)->mac;
        break;
    case OFPACT_SET_IPV4_SRC:
        wc->nw_src = UINT32_MAX;
        flow->nw_src = ((const struct ofpact_ipv4 *) a)->ipv4;
        break;
    case OFPACT_SET_IPV4_DST:
        wc->nw_dst = UINT32_MAX;
        flow->nw_dst = ((const struct ofpact_ipv4 *) a)->ipv4;
        break;
    case OFPACT_SET_IP_DSCP: {
        uint8_t dscp = ((const struct ofpact_dscp *) a)->dscp;
        wc->nw_tos |= 0xfc;
        flow->nw_tos = (flow->nw_tos & 3) | (dscp & 0xfc);
        break;
    }
    case OFPACT_SET_L4_SRC_PORT:
        wc->tp_src = UINT16_MAX;
        flow->tp_src = htons(((const struct ofpact_l4_port *) a)->port);
        break;
    case OFPACT_SET_L4_DST_PORT:
        wc->tp_dst = UINT16_MAX;
        flow->tp_dst = htons(((const struct ofpact_l4_port *) a)->port);
        break;
    case OFPACT_DEC_TTL:
        wc->dl_type = UINT16_MAX;
        if (flow->dl_type != htons(ETH_TYPE_IP)
            && flow->dl_type != htons(ETH_TYPE_IPV6)) {
            break;
        }
        wc->nw_ttl = UINT8_MAX;
        if (flow->nw_ttl <= 1) {
            xlate_drop(ctx, ODP_DROP_TTL_EXPIRED);
            return false;
        }
        flow->nw_ttl--;
        break;
    default:
        break;
    }
    return true;
}

/* The 16-bit-style port number (65534 for LOCAL) of 32-bit "port". */
static uint32_t
port_from_ofpact(uint32_t port)
{
    return port == OFPP_LOCAL_32 ? OFPP_LOCAL : port;
}

/* Output to tunnel port "port": a clone of the packet is encapsulated and
 * goes out of the underlay, through the bridge that owns the underlay
 * device (translated here, in a context of its own) or out of the port of
 * that device. */
static void
output_tunnel(struct xlate_ctx *ctx, const struct ofport *port)
{
    struct odpa_tnl_push push;
    enum odp_drop_reason reason;
    char dev[IF_NAMESIZE];

    memset(&push, 0, sizeof push);
    switch (tunnel_output_xlate(port, &ctx->flow, &ctx->wc, ctx->side_effects,
                                ctx->tnl_depth, &push, dev, &reason)) {
    case TUNNEL_OUT_PUSH:
        break;
    case TUNNEL_OUT_DROP:
        xlate_drop(ctx, reason);
        return;
    case TUNNEL_OUT_NO_NEIGH:
        ctx->slow = true;
        return;
    }

    bool l3 = push.cfg.inner_proto != ETH_TYPE_TEB;
    if (l3) {
        /* packet_type=legacy_l3: the port sends the IP packet alone. */
        ctx->wc.dl_type = UINT16_MAX;
        if (ctx->flow.dl_type != htons(ETH_TYPE_IP)
            && ctx->flow.dl_type != htons(ETH_TYPE_IPV6)) {
            xlate_drop(ctx, ODP_DROP_TNL_L3_NOT_IP);
            return;
        }
        push.cfg.inner_proto = ntohs(ctx->flow.dl_type);
    }

    commit(ctx);
    size_t clone_ofs = odp_start_clone(ctx->odp);
    if (l3) {
        odp_put_pop_eth(ctx->odp);
    }
    struct odpa_tnl_push *p = odp_put_tnl_push(ctx->odp);
    push.hdr = p->hdr;
    *p = push;
    tnl_push_template_build(&p->tmpl, &p->cfg, &p->tnl, p->src, p->dst);

    /* The outer headers this push builds on this flow: how much they add
     * (against the underlay's MTU) and the outer flow. */
    struct dp_packet *sample = dp_packet_new(256, DP_PACKET_HEADROOM);
    struct flow outer;
    flow_compose(sample, &ctx->flow, 0);
    if (l3) {
        packet_pop_eth(sample);
    }
    size_t inner_len = dp_packet_size(sample);
    tnl_push(sample, &push.cfg, &push.tnl, push.src, push.dst,
             flow_hash_5tuple(&ctx->flow, 0));
    size_t overhead = dp_packet_size(sample) - inner_len - ETH_HEADER_LEN;
    flow_extract(sample, &outer);
    dp_packet_delete(sample);
    const struct netdev *underlay = netdev_from_name(dev);
    if (underlay && underlay->mtu > 0 && (size_t) underlay->mtu > overhead) {
        p->max_len = underlay->mtu - overhead;
    }

    struct ofproto *br = ofproto_lookup(dev);
    if (br) {
        outer.in_port = OFPP_LOCAL;

        struct xlate_ctx sub;
        xlate_ctx_init(&sub, br, &outer, ctx->odp, ctx->xc, ctx->trace);
        sub.tnl_depth = ctx->tnl_depth + 1;
        sub.side_effects = ctx->side_effects;
        sub.depth = ctx->depth;
        if (ctx->trace) {
            ds_put_format(ctx->trace, "%*s-> encapsulated by %s, to bridge "
                          "\"%s\"\n", 4 * ctx->depth, "", port->netdev->name,
                          br->name);
        }
        xlate_run(&sub);
        ctx->slow |= sub.slow;
        ofpbuf_uninit(&sub.action_set);
    } else {
        /* An ovsx port, or a host underlay device (a hidden port). */
        const struct netdev *netdev = netdev_from_name(dev);
        if (netdev && netdev->dpif && netdev->dpif == ctx->ofproto->dpif) {
            odp_put_output(ctx->odp, netdev->dp_port_no);
        } else {
            xlate_drop(ctx, ODP_DROP_TNL_NO_UNDERLAY);
        }
    }
    odp_end_clone(ctx->odp, clone_ofs);
}

/* Sends the packet to port "ofp_port": a tunnel port encapsulates it, the
 * bridge's own port may terminate a tunnel, any other port sends it. */
static void
output_port(struct xlate_ctx *ctx, uint32_t ofp_port)
{
    struct ofport *port = ofport_lookup(ctx->ofproto, ofp_port);

    if (!port) {
        return;
    }
    if (netdev_vport_get_tunnel_config(port->netdev)) {
        output_tunnel(ctx, port);
        return;
    }
    if (ofp_port == OFPP_LOCAL) {
        struct tnl_pop_config pop;
        uint32_t tnl_port;
        switch (tunnel_receive_xlate(ctx->ofproto, &ctx->flow, &ctx->wc,
                                     ctx->side_effects, &tnl_port, &pop)) {
        case TUNNEL_IN_NONE:
            break;
        case TUNNEL_IN_LEARN:
            ctx->slow = true;
            break;
        case TUNNEL_IN_POP: {
            commit(ctx);
            size_t clone_ofs = odp_start_clone(ctx->odp);
            odp_put_tnl_pop(ctx->odp, tnl_port, &pop);
            odp_end_clone(ctx->odp, clone_ofs);
            return;
        }
        }
    }
    commit(ctx);
    odp_put_output(ctx->odp, port->odp_port);
}

static void
normal_output_cb(void *ctx, uint32_t ofp_port)
{
    output_port(ctx, ofp_port);
}

static void
output_all(struct xlate_ctx *ctx, bool include_in_port)
{
    size_t n = 0;
    uint32_t *ports = xmalloc((hmap_count(&ctx->ofproto->ports) + 1)
                              * sizeof *ports);
    struct ofport *port;

    HMAP_FOR_EACH (port, node, &ctx->ofproto->ports) {
        if (include_in_port || port->ofp_port != ctx->flow.in_port) {
            ports[n++] = port->ofp_port;
        }
    }
    for (size_t i = 0; i < n; i++) {
        output_port(ctx, ports[i]);
    }
    free(ports);
}

/* What an ODPA_USERSPACE for the controller carries: enough to build the
 * packet-in when the datapath runs it on a packet, cached or not. */
struct packet_in_record {
    uint32_t serial;            /* Of the switch (struct ofproto). */
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;
    be64 cookie;
    struct flow flow;           /* Metadata fields, as translation had
                                 * them at the action. */
};

/* The controller action: the packet, as the actions so far made it, goes
 * up to the OpenFlow connections that take packet-ins. */
static void
do_controller(struct xlate_ctx *ctx, uint8_t reason)
{
    struct packet_in_record pr;

    commit(ctx);
    memset(&pr, 0, sizeof pr);
    pr.serial = ctx->ofproto->serial;
    pr.reason = reason;
    pr.table_id = ctx->table_id;
    pr.cookie = ctx->cookie;
    pr.flow = ctx->flow;
    /* The metadata a packet-in reports comes from the flow, so the
     * megaflow must match it. */
    ctx->wc.in_port = UINT32_MAX;
    ctx->wc.metadata = UINT64_MAX;
    memset(ctx->wc.regs, 0xff, sizeof ctx->wc.regs);
    ctx->wc.pkt_mark = UINT32_MAX;
    ctx->wc.tunnel.tun_id = UINT64_MAX;
    ctx->wc.tunnel.ip_src = ctx->wc.tunnel.ip_dst = UINT32_MAX;
    memset(&ctx->wc.tunnel.ipv6_src, 0xff, sizeof ctx->wc.tunnel.ipv6_src);
    memset(&ctx->wc.tunnel.ipv6_dst, 0xff, sizeof ctx->wc.tunnel.ipv6_dst);
    odp_put_userspace(ctx->odp, &pr, sizeof pr);
}

/* The datapath ran an ODPA_USERSPACE of do_controller() on "packet". */
static void
xlate_userspace(const struct dp_packet *packet, const void *data,
                size_t len)
{
    struct packet_in_record pr;
    struct ofproto *ofproto;

    if (len < sizeof pr) {
        return;
    }
    memcpy(&pr, data, sizeof pr);
    HMAP_FOR_EACH (ofproto, node, ofproto_all()) {
        if (ofproto->serial == pr.serial) {
            struct ofputil_packet_in pin;
            pin.packet = dp_packet_data(packet);
            pin.packet_len = dp_packet_size(packet);
            pin.reason = pr.reason;
            pin.table_id = pr.table_id;
            pin.cookie = pr.cookie;
            pr.flow.tunnel.metadata.tab = ofproto->tun_table;
            ofputil_packet_in_metadata(&pr.flow, &pin.metadata);
            if (!ofproto->connmgr
                || !connmgr_send_packet_in(ofproto->connmgr, &pin)) {
                COVERAGE_INC(xlate_controller_no_controller);
            }
            return;
        }
    }
}

/* NORMAL: learns (unless tracing) and forwards by MAC address.  The
 * megaflow matches what it looks at, so that a packet from a MAC address
 * not learned yet, or to another destination, is translated again. */
static void
do_normal(struct xlate_ctx *ctx)
{
    const struct flow *flow = &ctx->flow;

    ctx->wc.in_port = UINT32_MAX;
    memset(&ctx->wc.dl_src, 0xff, sizeof ctx->wc.dl_src);
    memset(&ctx->wc.dl_dst, 0xff, sizeof ctx->wc.dl_dst);
    memset(ctx->wc.vlans, 0xff, sizeof ctx->wc.vlans);
    if (eth_addr_is_reserved(flow->dl_dst)) {
        /* IEEE 802.1D reserved group addresses: a bridge never forwards
         * them. */
        xlate_drop(ctx, ODP_DROP_NORMAL_RESERVED_MCAST);
        return;
    }
    if (ofproto_normal(ctx->ofproto, flow, flow->in_port, ctx->side_effects,
                       normal_output_cb, ctx)) {
        dpif_invalidate();
    }
    if (ctx->xc && !(flow->dl_src.ea[0] & 1)) {
        struct xc_learn *l = XC_APPEND(ctx->xc, learns, n_learns,
                                       allocated_learns);
        l->ofproto = ctx->ofproto;
        l->mac = flow->dl_src;
        l->vlan = (flow->vlans[0].tci & htons(VLAN_CFI)
                   ? ntohs(flow->vlans[0].tci) & VLAN_VID_MASK : 0);
        l->port = flow->in_port;
    }
}

static void
do_output(struct xlate_ctx *ctx, uint32_t port)
{
    switch (port) {
    case OFPP_IN_PORT:
        output_port(ctx, ctx->flow.in_port);
        break;
    case OFPP_NORMAL:
        do_normal(ctx);
        break;
    case OFPP_FLOOD:
        output_all(ctx, false);
        break;
    case OFPP_ALL:
        output_all(ctx, false);
        break;
    case OFPP_CONTROLLER:
        do_controller(ctx, OFPR_ACTION);
        break;
    case OFPP_TABLE:
        /* Only a packet-out may send a packet through the tables. */
        if (ctx->packet_out) {
            ctx->packet_out = false;
            do_table(ctx, 0);
        }
        break;
    case OFPP_ANY:
        break;
    default:
        port = port_from_ofpact(port);
        ctx->wc.in_port = UINT32_MAX;
        if (port == ctx->flow.in_port) {
            /* OpenFlow drops output to the input port unless it is
             * asked for as IN_PORT. */
            if (ctx->side_effects) {
                COVERAGE_INC(xlate_output_in_port);
            }
        } else {
            output_port(ctx, port);
        }
        break;
    }
}

/* Where an action goes in the action set (OpenFlow 1.3 §5.10): the set
 * runs in this order, and holds at most one action of each kind, except
 * that set actions on different fields all stay. */
enum action_set_slot {
    SET_SLOT_POP,               /* strip_vlan / pop_vlan. */
    SET_SLOT_PUSH,              /* push_vlan. */
    SET_SLOT_DEC_TTL,
    SET_SLOT_SET,               /* set_field, load, move, mod_*. */
    SET_SLOT_OUTPUT,            /* output, controller, output:REG. */
};

static enum action_set_slot
action_set_slot(const struct ofpact *a)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_STRIP_VLAN:
        return SET_SLOT_POP;
    case OFPACT_PUSH_VLAN:
        return SET_SLOT_PUSH;
    case OFPACT_DEC_TTL:
        return SET_SLOT_DEC_TTL;
    case OFPACT_OUTPUT:
    case OFPACT_CONTROLLER:
    case OFPACT_OUTPUT_REG:
        return SET_SLOT_OUTPUT;
    default:
        return SET_SLOT_SET;
    }
}

/* Tells whether set actions "a" and "b" write the same thing, so that the
 * later replaces the earlier in the action set. */
static bool
action_set_same(const struct ofpact *a, const struct ofpact *b)
{
    if (a->type != b->type) {
        return false;
    }
    switch ((enum ofpact_type) a->type) {
    case OFPACT_SET_FIELD:
        return (((const struct ofpact_set_field *) a)->field
                == ((const struct ofpact_set_field *) b)->field);
    case OFPACT_REG_LOAD:
        return (((const struct ofpact_reg_load *) a)->dst.field
                == ((const struct ofpact_reg_load *) b)->dst.field);
    case OFPACT_REG_MOVE:
        return (((const struct ofpact_reg_move *) a)->dst.field
                == ((const struct ofpact_reg_move *) b)->dst.field);
    default:
        return true;
    }
}

/* write_actions: merges "ofpacts" into the action set "set", which stays
 * in execution order with one action per kind (per field for set
 * actions), so it never grows past a few hundred bytes. */
static void
action_set_write(struct ofpbuf *set, const struct ofpact *ofpacts,
                 size_t len)
{
    struct ofpbuf merged;
    const struct ofpact *a, *b;

    ofpbuf_init(&merged, set->size + len);
    for (int slot = SET_SLOT_POP; slot <= SET_SLOT_OUTPUT; slot++) {
        /* What the set had in this slot, unless the new actions replace
         * it, then the new ones (the last of each kind). */
        OFPACT_FOR_EACH (a, (const struct ofpact *) set->data, set->size) {
            bool replaced = false;
            if (action_set_slot(a) != (enum action_set_slot) slot) {
                continue;
            }
            OFPACT_FOR_EACH (b, ofpacts, len) {
                if (action_set_slot(b) == (enum action_set_slot) slot
                    && (slot != SET_SLOT_SET || action_set_same(a, b))) {
                    replaced = true;
                }
            }
            if (!replaced) {
                ofpbuf_put(&merged, a, OFPACT_ALIGN(a->len));
            }
        }
        OFPACT_FOR_EACH (a, ofpacts, len) {
            bool later = false;
            if (action_set_slot(a) != (enum action_set_slot) slot) {
                continue;
            }
            for (b = ofpact_next(a); b < ofpact_end(ofpacts, len);
                 b = ofpact_next(b)) {
                if (action_set_slot(b) == (enum action_set_slot) slot
                    && (slot != SET_SLOT_SET || action_set_same(a, b))) {
                    later = true;
                }
            }
            if (!later) {
                ofpbuf_put(&merged, a, OFPACT_ALIGN(a->len));
            }
        }
    }
    ofpbuf_uninit(set);
    *set = merged;
}

/* Looks "ctx->flow" up in "table_id" and runs what it finds. */
static void
do_table(struct xlate_ctx *ctx, uint8_t table_id)
{
    if (table_id >= OFPROTO_N_TABLES) {
        return;
    }
    if (ctx->depth >= XLATE_MAX_DEPTH
        || ctx->resubmits >= XLATE_MAX_RESUBMITS) {
        if (ctx->side_effects) {
            COVERAGE_INC(xlate_too_many_resubmits);
        }
        ctx->error = ctx->exit = true;
        return;
    }

    struct oftable *table = &ctx->ofproto->tables[table_id];
    const struct cls_rule *cr = classifier_lookup(&table->cls, &ctx->flow,
                                                  &ctx->wc);
    xc_add_table(ctx, table_id, cr != NULL);
    if (ctx->trace) {
        ds_put_format(ctx->trace, "%*s%2d. ", 4 * ctx->depth, "", table_id);
        if (!cr) {
            ds_put_cstr(ctx->trace, "No match.\n");
        }
    }
    if (ctx->trace && cr) {
        const struct rule *r = CONTAINER_OF(cr, struct rule, cr);
        struct match match;
        size_t start = ctx->trace->length;
        ofproto_rule_get_match(r, &match);
        ofp_match_format(ctx->trace, &match);
        ds_put_format(ctx->trace, "%spriority %d",
                      ctx->trace->length > start ? ", " : "",
                      cls_rule_priority(cr));
        if (r->cookie) {
            ds_put_format(ctx->trace, ", cookie %#"PRIx64,
                          be64toh(r->cookie));
        }
        ds_put_format(ctx->trace, "\n%*s    ", 4 * ctx->depth, "");
        ofpacts_format(r->ofpacts, r->ofpacts_len, ctx->trace);
        ds_put_char(ctx->trace, '\n');
    }
    if (!cr) {
        xlate_drop(ctx, ODP_DROP_TABLE_MISS);
        /* OpenFlow 1.0's table miss, while a connection wants it. */
        if (ctx->ofproto->connmgr
            && connmgr_wants_packet_in_on_miss(ctx->ofproto->connmgr)) {
            uint8_t old_table = ctx->table_id;
            be64 old_cookie = ctx->cookie;
            ctx->table_id = table_id;
            ctx->cookie = 0;
            do_controller(ctx, OFPR_NO_MATCH);
            ctx->table_id = old_table;
            ctx->cookie = old_cookie;
        }
        return;
    }

    struct rule *rule = CONTAINER_OF(cr, struct rule, cr);
    xc_add_rule(ctx, rule);

    uint8_t old_table = ctx->table_id;
    be64 old_cookie = ctx->cookie;
    ctx->depth++;
    ctx->resubmits++;
    ctx->table_id = table_id;
    ctx->cookie = rule->cookie;
    do_actions(ctx, rule->ofpacts, rule->ofpacts_len);
    ctx->table_id = old_table;
    ctx->cookie = old_cookie;
    ctx->depth--;
}

static void
do_resubmit(struct xlate_ctx *ctx, const struct ofpact_resubmit *r)
{
    uint32_t old_in_port = ctx->flow.in_port;
    uint8_t table_id = r->table_id == 255 ? ctx->table_id : r->table_id;

    if (r->in_port != OFPP_IN_PORT) {
        ctx->flow.in_port = port_from_ofpact(r->in_port);
    }
    do_table(ctx, table_id);
    ctx->flow.in_port = old_in_port;
    ctx->exit = false;
}

static void
do_actions(struct xlate_ctx *ctx, const struct ofpact *ofpacts, size_t len)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (ctx->exit || ctx->error) {
            break;
        }
        switch ((enum ofpact_type) a->type) {
        case OFPACT_OUTPUT:
            do_output(ctx, ((const struct ofpact_output *) a)->port);
            break;
        case OFPACT_CONTROLLER:
            do_controller(ctx, ((const struct ofpact_controller *) a)->reason);
            break;
        case OFPACT_OUTPUT_REG: {
            const struct ofpact_output_reg *or = (const void *) a;
            union mf_subvalue v;
            unwildcard_field(ctx, or->src.field);
            mf_read_subfield(&or->src, &ctx->flow, &v);
            uint32_t port = get_unaligned_be32(&v.u8[124]);
            /* A 16-bit port number, as Open vSwitch reads it: reserved
             * ports 0xff00 and up are the 32-bit ones. */
            if (port <= UINT16_MAX) {
                do_output(ctx, port >= 0xff00 ? port + 0xffff0000u : port);
            }
            break;
        }
        case OFPACT_RESUBMIT:
            do_resubmit(ctx, (const struct ofpact_resubmit *) a);
            break;
        case OFPACT_SET_FIELD: {
            const struct ofpact_set_field *sf = (const void *) a;
            union mf_value v;
            unsigned int n = mf_field_len(sf->field,
                                          ctx->ofproto->tun_table);
            mf_get_value(sf->field, &ctx->flow, &v);
            for (unsigned int i = 0; i < n; i++) {
                v.u8[i] = ((v.u8[i] & ~sf->mask.u8[i])
                           | (sf->value.u8[i] & sf->mask.u8[i]));
            }
            mf_set_flow_value(sf->field, &v, &ctx->flow);
            unwildcard_field(ctx, sf->field);
            break;
        }
        case OFPACT_REG_LOAD: {
            const struct ofpact_reg_load *load = (const void *) a;
            mf_write_subfield_flow(&load->dst, &load->value, &ctx->flow);
            unwildcard_field(ctx, load->dst.field);
            break;
        }
        case OFPACT_REG_MOVE: {
            const struct ofpact_reg_move *move = (const void *) a;
            union mf_subvalue v;
            unwildcard_field(ctx, move->src.field);
            mf_read_subfield(&move->src, &ctx->flow, &v);
            mf_write_subfield_flow(&move->dst, &v, &ctx->flow);
            unwildcard_field(ctx, move->dst.field);
            break;
        }
        case OFPACT_SET_TUNNEL:
            ctx->flow.tunnel.tun_id
                = htobe64(((const struct ofpact_tunnel *) a)->tun_id);
            break;
        case OFPACT_DELETE_FIELD: {
            const struct ofpact_delete_field *df = (const void *) a;
            tun_metadata_clear(&ctx->flow.tunnel.metadata,
                               df->field->id - MFF_TUN_METADATA0);
            break;
        }
        case OFPACT_CLONE: {
            /* The clone works on a copy of the packet and of its flow;
             * what it changes is not seen afterwards. */
            const struct ofpact_nest *nest = (const void *) a;
            struct flow saved = ctx->flow;
            struct flow saved_base = ctx->base;
            size_t clone_ofs = odp_start_clone(ctx->odp);
            do_actions(ctx, nest->actions, ofpact_nest_get_action_len(nest));
            odp_end_clone(ctx->odp, clone_ofs);
            ctx->flow = saved;
            ctx->base = saved_base;
            ctx->exit = false;
            break;
        }
        case OFPACT_WRITE_METADATA: {
            const struct ofpact_metadata *md = (const void *) a;
            ctx->flow.metadata = ((ctx->flow.metadata & ~md->mask)
                                  | (md->metadata & md->mask));
            break;
        }
        case OFPACT_CLEAR_ACTIONS:
            ctx->action_set.size = 0;
            break;
        case OFPACT_WRITE_ACTIONS: {
            const struct ofpact_nest *nest = (const void *) a;
            action_set_write(&ctx->action_set, nest->actions,
                             ofpact_nest_get_action_len(nest));
            break;
        }
        case OFPACT_GOTO_TABLE:
            do_table(ctx, ((const struct ofpact_goto_table *) a)->table_id);
            ctx->exit = true;
            break;
        case OFPACT_NOTE:
            break;
        case OFPACT_SET_VLAN_VID:
        case OFPACT_SET_VLAN_PCP:
        case OFPACT_STRIP_VLAN:
        case OFPACT_PUSH_VLAN:
        case OFPACT_SET_ETH_SRC:
        case OFPACT_SET_ETH_DST:
        case OFPACT_SET_IPV4_SRC:
        case OFPACT_SET_IPV4_DST:
        case OFPACT_SET_IP_DSCP:
        case OFPACT_SET_L4_SRC_PORT:
        case OFPACT_SET_L4_DST_PORT:
        case OFPACT_DEC_TTL:
            if (!do_rewrite(ctx, a)) {
                ctx->exit = true;
            }
            break;
        }
    }
}

static void
xlate_ctx_init(struct xlate_ctx *ctx, struct ofproto *ofproto,
               const struct flow *flow, struct ofpbuf *odp,
               struct xlate_cache *xc, struct ds *trace)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->ofproto = ofproto;
    ctx->flow = *flow;
    ctx->flow.tunnel.metadata.tab = ofproto->tun_table;
    ctx->base = ctx->flow;
    ctx->odp = odp;
    ctx->xc = xc;
    ctx->trace = trace;
    ctx->side_effects = !trace;
    ofpbuf_init(&ctx->action_set, 0);
}

/* Runs the flow from table 0, then its action set.  Translation that went
 * wrong (too many resubmits) drops the packet altogether. */
static void
xlate_run(struct xlate_ctx *ctx)
{
    size_t start = ctx->odp->size;

    do_table(ctx, 0);
    if (ctx->action_set.size && !ctx->error) {
        ctx->exit = false;
        do_actions(ctx, (const void *) ctx->action_set.data,
                   ctx->action_set.size);
    }
    if (ctx->error) {
        ctx->odp->size = start;
        odp_put_drop(ctx->odp, ODP_DROP_TOO_MANY_RESUBMITS);
    }
}

/* The datapath's upcall: translates the flow of a packet that missed the
 * flow caches. */
static void
xlate_upcall(struct dpif_upcall *u)
{
    const struct flow *key = u->key;
    struct xlate_cache *xc = xzalloc(sizeof *xc);
    struct ofproto *ofproto = NULL;
    struct flow flow = *key;
    enum odp_drop_reason reason = ODP_DROP_TNL_NO_PORT;

    if (tunnel_underlay_upcall(u)) {
        free(xc);
        return;
    }
    memset(&u->mask, 0, sizeof u->mask);
    u->ukey = xc;
    const struct ofport *port = ofport_by_odp_port(key->in_port, &ofproto);
    if (port) {
        flow.in_port = port->ofp_port;
    } else {
        uint32_t ofp_port;
        ofproto = tunnel_upcall_port(key, &ofp_port, &flow.tunnel, &u->mask,
                                     &reason);
        flow.in_port = ofp_port;
    }
    if (!ofproto) {
        /* Counted where the reason was found. */
        odp_put_drop(&u->actions, reason);
        return;
    }

    struct xlate_ctx ctx;
    xlate_ctx_init(&ctx, ofproto, &flow, &u->actions, xc, NULL);
    ctx.side_effects = !u->revalidate;
    ctx.wc = u->mask;
    xlate_run(&ctx);
    u->mask = ctx.wc;
    u->cacheable = !ctx.slow;
    ofpbuf_uninit(&ctx.action_set);
}

static const struct dpif_upcall_class xlate_upcall_class = {
    xlate_upcall,
    xlate_cache_credit,
    xlate_cache_free,
    xlate_userspace,
};

void
xlate_init(void)
{
    dpif_set_upcall_class(&xlate_upcall_class);
}

/* Translates and runs, outside the caches, "packet" with "ctx"'s actions
 * in "odp", counting it once. */
static void
execute_now(struct ofproto *ofproto, struct dp_packet *packet,
            const struct flow *flow, struct ofpbuf *odp,
            struct xlate_cache *xc)
{
    xlate_cache_credit(xc, 1, dp_packet_size(packet), time_msec());
    xlate_cache_free(xc);
    if (ofproto->dpif) {
        dpif_execute(ofproto->dpif, packet, flow,
                     (const struct odp_action *) odp->data, odp->size);
    }
}

/* Translates "packet", come in on "in_port" after "depth" tunnels, with
 * "ofpacts" (a packet-out's) or, if NULL, from table 0, and runs the
 * result on it now, outside the caches, counting it once. */
static void
translate_and_execute(struct ofproto *ofproto, uint32_t in_port,
                      const struct ofpact *ofpacts, size_t ofpacts_len,
                      struct dp_packet *packet, int depth)
{
    struct xlate_cache *xc = xzalloc(sizeof *xc);
    struct ofpbuf odp;
    struct xlate_ctx ctx;
    struct flow flow;

    flow_extract(packet, &flow);
    flow.in_port = in_port;
    ofpbuf_init(&odp, 256);
    xlate_ctx_init(&ctx, ofproto, &flow, &odp, xc, NULL);
    ctx.tnl_depth = depth;
    if (ofpacts) {
        ctx.packet_out = true;
        do_actions(&ctx, ofpacts, ofpacts_len);
        if (ctx.error) {
            odp.size = 0;
        }
    } else {
        xlate_run(&ctx);
    }
    ofpbuf_uninit(&ctx.action_set);
    execute_now(ofproto, packet, &flow, &odp, xc);
    ofpbuf_uninit(&odp);
}

/* Runs the actions "ofpacts" of a packet-out on "packet", as if it came
 * in on "in_port" (OFPP_CONTROLLER's 16-bit form for none). */
void
xlate_packet_out(struct ofproto *ofproto, uint32_t in_port,
                 const struct ofpact *ofpacts, size_t ofpacts_len,
                 struct dp_packet *packet)
{
    translate_and_execute(ofproto, in_port, ofpacts, ofpacts_len, packet, 0);
}

/* Runs "packet", which the switch itself made (an ARP request), through
 * the tables of "ofproto" from table 0 as if received on "in_port", after
 * "depth" tunnels. */
void
xlate_inject(struct ofproto *ofproto, uint32_t in_port,
             struct dp_packet *packet, int depth)
{
    translate_and_execute(ofproto, in_port, NULL, 0, packet, depth);
}

/* "ovs-appctl ofproto/trace": runs "flow" through the tables of "ofproto"
 * as a packet of that flow would go, changing nothing (no counters, no MAC
 * learning, no packet sent), and writes to "out" each table's rule and
 * actions, the final flow, the megaflow (the bits translation looked at)
 * and the datapath actions, with Open vSwitch's headings. */
void
xlate_trace(struct ofproto *ofproto, const struct flow *flow, struct ds *out)
{
    struct xlate_ctx ctx;
    struct ofpbuf odp;

    ofpbuf_init(&odp, 256);
    xlate_ctx_init(&ctx, ofproto, flow, &odp, NULL, out);

    ds_put_cstr(out, "Flow: ");
    flow_format(out, flow);
    ds_put_format(out, "\n\nbridge(\"%s\")\n", ofproto->name);
    for (size_t i = strlen(ofproto->name) + 10; i > 0; i--) {
        ds_put_char(out, '-');
    }
    ds_put_char(out, '\n');

    xlate_run(&ctx);

    ds_put_cstr(out, "\nFinal flow: ");
    struct flow final = ctx.flow;
    final.tunnel.metadata.tab = flow->tunnel.metadata.tab;
    if (!memcmp(&final, flow, sizeof final)) {
        ds_put_cstr(out, "unchanged");
    } else {
        flow_format(out, &ctx.flow);
    }

    struct match megaflow;
    megaflow.flow = *flow;
    megaflow.wc = ctx.wc;
    megaflow.wc.in_port = UINT32_MAX;
    megaflow.wc.tunnel.metadata.tab = NULL;
    match_zero_wildcarded(&megaflow);
    megaflow.flow.tunnel.metadata.tab = ofproto->tun_table;
    ds_put_cstr(out, "\nMegaflow: ");
    ofp_match_format(out, &megaflow);
    ds_put_cstr(out, "\nDatapath actions: ");
    odp_actions_format(out, (const struct odp_action *) odp.data, odp.size);
    ds_put_char(out, '\n');
    if (ctx.error) {
        ds_put_cstr(out, "Translation failed (too many resubmits), "
                    "the packet is dropped\n");
    }
    if (ctx.slow) {
        ds_put_cstr(out, "This flow is handled by the userspace slow path "
                    "because it:\n  - Needs action side effects.\n");
    }
    ofpbuf_uninit(&ctx.action_set);
    ofpbuf_uninit(&odp);
}
