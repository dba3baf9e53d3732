/* Running a packet through the OpenFlow tables.
 *
 * For now this interprets the matched flows' actions on the packet
 * directly; translating them into datapath actions and a megaflow, to be
 * cached by the datapath, is the next step (DESIGN.md's packet path). */
#include <config.h>

#include <arpa/inet.h>
#include <endian.h>
#include <string.h>
#include "coverage.h"
#include "dp-packet.h"
#include "flow.h"
#include "meta-flow.h"
#include "netdev.h"
#include "netdev-vport.h"
#include "ds.h"
#include "match.h"
#include "ofp-print.h"
#include <inttypes.h>
#include "ofp-actions.h"
#include "ofpbuf.h"
#include "packet-rewrite.h"
#include "tunnel.h"
#include "ofproto.h"
#include "ofproto-provider.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(xlate);

COVERAGE_DEFINE(xlate_table_miss);
COVERAGE_DEFINE(xlate_too_many_resubmits);
COVERAGE_DEFINE(xlate_controller_no_controller);
COVERAGE_DEFINE(xlate_output_in_port);
COVERAGE_DEFINE(xlate_ttl_expired);

/* Open vSwitch's limits on resubmit recursion and total work. */
#define XLATE_MAX_DEPTH 64
#define XLATE_MAX_RESUBMITS 4096

struct xlate_ctx {
    struct ofproto *ofproto;
    struct dp_packet *packet;
    struct flow flow;           /* As the actions so far changed it. */
    uint32_t orig_in_port;      /* The port the packet came in on. */
    uint32_t orig_size;         /* Its size as received: what flows count,
                                 * as datapath statistics do. */
    uint8_t table_id;           /* Table whose actions run now. */
    int depth;                  /* Nested resubmits. */
    int resubmits;              /* Resubmits so far. */
    bool exit;                  /* Stop this table's actions. */
    bool error;                 /* Drop the packet: recursion too deep.
                                 * Stops everything. */
    bool packet_out;            /* Actions of a packet-out: may output to
                                 * TABLE. */
    int tnl_depth;              /* Tunnels this packet went through to get
                                 * here (a guard against loops). */

    /* ofproto/trace: what happens is written here instead of done. */
    struct ds *trace;           /* NULL: not a trace. */
    struct ds dp_actions;       /* The outputs, as datapath actions. */
    struct flow wc;             /* Bits the lookups looked at. */
    struct ofpbuf action_set;   /* write_actions, run at the end. */
};

static void do_actions(struct xlate_ctx *, const struct ofpact *,
                       size_t len);
static void do_table(struct xlate_ctx *, uint8_t table_id);

/* Pushes an outermost tag "tpid"/"tci" onto the packet and the flow. */
static void
push_vlan(struct dp_packet *p, struct flow *flow, be16 tpid, be16 tci)
{
    packet_push_vlan(p, tpid, tci);
    flow->vlans[1] = flow->vlans[0];
    flow->vlans[0].tpid = tpid;
    flow->vlans[0].tci = tci;
}

/* Sets the bits "mask" of the outermost tag's TCI to "bits", in the packet
 * and the flow; a packet without a tag gets one if "push_if_needed" (as
 * OpenFlow 1.0's mod_vlan_vid and mod_vlan_pcp do). */
static void
set_vlan_bits(struct dp_packet *p, struct flow *flow, be16 bits, be16 mask,
              bool push_if_needed)
{
    be16 tci = bits | htons(VLAN_CFI);

    if (packet_set_vlan_tci(p, tci, mask)) {
        flow->vlans[0].tci = (flow->vlans[0].tci & ~mask) | tci;
    } else if (push_if_needed) {
        push_vlan(p, flow, htons(ETH_TYPE_VLAN_8021Q), tci);
    }
}

/* Applies a header-rewriting action to the packet and to "ctx->flow".
 * Returns false if the packet must be dropped (TTL ran out). */
static bool
do_rewrite(struct xlate_ctx *ctx, const struct ofpact *a)
{
    struct dp_packet *p = ctx->packet;
    struct flow *flow = &ctx->flow;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_SET_VLAN_VID: {
        const struct ofpact_vlan_vid *v = (const void *) a;
        set_vlan_bits(p, flow, htons(v->vlan_vid), htons(VLAN_VID_MASK),
                      v->push_vlan_if_needed);
        break;
    }
    case OFPACT_SET_VLAN_PCP: {
        const struct ofpact_vlan_pcp *v = (const void *) a;
        set_vlan_bits(p, flow, htons(v->vlan_pcp << VLAN_PCP_SHIFT),
                      htons(VLAN_PCP_MASK), v->push_vlan_if_needed);
        break;
    }
    case OFPACT_STRIP_VLAN:
        packet_pop_vlan(p);
        flow->vlans[0] = flow->vlans[1];
        memset(&flow->vlans[1], 0, sizeof flow->vlans[1]);
        break;
    case OFPACT_PUSH_VLAN:
        push_vlan(p, flow, ((const struct ofpact_push_vlan *) a)->ethertype,
                  flow->vlans[0].tci | htons(VLAN_CFI));
        break;
    case OFPACT_SET_ETH_SRC:
        flow->dl_src = ((const struct ofpact_mac *) a)->mac;
        packet_set_eth_src(p, flow->dl_src);
        break;
    case OFPACT_SET_ETH_DST:
        flow->dl_dst = ((const struct ofpact_mac *) a)->mac;
        packet_set_eth_dst(p, flow->dl_dst);
        break;
    case OFPACT_SET_IPV4_SRC:
        flow->nw_src = ((const struct ofpact_ipv4 *) a)->ipv4;
        packet_set_ipv4_src(p, flow->nw_src);
        break;
    case OFPACT_SET_IPV4_DST:
        flow->nw_dst = ((const struct ofpact_ipv4 *) a)->ipv4;
        packet_set_ipv4_dst(p, flow->nw_dst);
        break;
    case OFPACT_SET_IP_DSCP: {
        uint8_t dscp = ((const struct ofpact_dscp *) a)->dscp;
        flow->nw_tos = (flow->nw_tos & 3) | (dscp & 0xfc);
        packet_set_ip_dscp(p, dscp);
        break;
    }
    case OFPACT_SET_L4_SRC_PORT:
        flow->tp_src = htons(((const struct ofpact_l4_port *) a)->port);
        packet_set_l4_port(p, true, flow->tp_src);
        break;
    case OFPACT_SET_L4_DST_PORT:
        flow->tp_dst = htons(((const struct ofpact_l4_port *) a)->port);
        packet_set_l4_port(p, false, flow->tp_dst);
        break;
    case OFPACT_DEC_TTL:
        if (flow->dl_type != htons(ETH_TYPE_IP)
            && flow->dl_type != htons(ETH_TYPE_IPV6)) {
            break;
        }
        if (!packet_dec_ttl(p)) {
            COVERAGE_INC(xlate_ttl_expired);
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

/* Sends the packet to port "ofp_port": a tunnel port encapsulates it, the
 * bridge's own port may terminate a tunnel, any other port sends it. */
static void
output_port(struct xlate_ctx *ctx, uint32_t ofp_port)
{
    struct ofport *port = ofport_lookup(ctx->ofproto, ofp_port);

    if (!port) {
        return;
    }
    if (ctx->trace) {
        /* Datapath port numbers, as Open vSwitch's trace prints them; a
         * tunnel port shows the encapsulation it would do. */
        if (ctx->dp_actions.length) {
            ds_put_char(&ctx->dp_actions, ',');
        }
        if (netdev_vport_get_tunnel_config(port->netdev)) {
            ds_put_format(&ctx->dp_actions, "tnl_push(%s)",
                          port->netdev->name);
        } else {
            ds_put_format(&ctx->dp_actions, "%"PRIu32, port->odp_port);
        }
        return;
    }
    if (netdev_vport_get_tunnel_config(port->netdev)) {
        tunnel_output(ctx->ofproto, port, &ctx->flow, ctx->packet,
                      ctx->tnl_depth);
    } else if (ofp_port != OFPP_LOCAL
               || !tunnel_receive(ctx->ofproto, &ctx->flow, ctx->packet,
                                  ctx->tnl_depth)) {
        netdev_send(port->netdev, ctx->packet);
    }
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

static void
do_output(struct xlate_ctx *ctx, uint32_t port)
{
    switch (port) {
    case OFPP_IN_PORT:
        output_port(ctx, ctx->flow.in_port);
        break;
    case OFPP_NORMAL:
        ofproto_normal(ctx->ofproto, &ctx->flow, ctx->flow.in_port,
                       !ctx->trace, normal_output_cb, ctx);
        break;
    case OFPP_FLOOD:
        output_all(ctx, false);
        break;
    case OFPP_ALL:
        output_all(ctx, false);
        break;
    case OFPP_CONTROLLER:
        COVERAGE_INC(xlate_controller_no_controller);
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
        if (port == ctx->flow.in_port) {
            /* OpenFlow drops output to the input port unless it is
             * asked for as IN_PORT. */
            COVERAGE_INC(xlate_output_in_port);
        } else {
            output_port(ctx, port);
        }
        break;
    }
}

/* After set_field, load or move changed "ctx->flow" from "old": makes
 * the packet's headers agree. */
static void
commit_header_changes(struct xlate_ctx *ctx, const struct flow *old)
{
    const struct flow *new = &ctx->flow;
    struct dp_packet *p = ctx->packet;

    if (memcmp(&new->dl_src, &old->dl_src, sizeof new->dl_src)) {
        packet_set_eth_src(p, new->dl_src);
    }
    if (memcmp(&new->dl_dst, &old->dl_dst, sizeof new->dl_dst)) {
        packet_set_eth_dst(p, new->dl_dst);
    }
    if (new->vlans[0].tci != old->vlans[0].tci) {
        if (!(old->vlans[0].tci & htons(VLAN_CFI))) {
            if (new->vlans[0].tci & htons(VLAN_CFI)) {
                packet_push_vlan(p, htons(ETH_TYPE_VLAN_8021Q),
                                 new->vlans[0].tci);
            }
        } else if (!(new->vlans[0].tci & htons(VLAN_CFI))) {
            packet_pop_vlan(p);
        } else {
            packet_set_vlan_tci(p, new->vlans[0].tci, htons(0xffff));
        }
    }
    if (new->dl_type == htons(ETH_TYPE_ARP)) {
        if (new->nw_src != old->nw_src || new->nw_dst != old->nw_dst
            || new->nw_proto != old->nw_proto
            || memcmp(&new->arp_sha, &old->arp_sha, sizeof new->arp_sha)
            || memcmp(&new->arp_tha, &old->arp_tha, sizeof new->arp_tha)) {
            packet_set_arp(p, new->nw_proto, new->nw_src, new->nw_dst,
                           new->arp_sha, new->arp_tha);
        }
        return;
    }
    if (new->dl_type == htons(ETH_TYPE_IP)) {
        if (new->nw_src != old->nw_src) {
            packet_set_ipv4_src(p, new->nw_src);
        }
        if (new->nw_dst != old->nw_dst) {
            packet_set_ipv4_dst(p, new->nw_dst);
        }
    } else if (new->dl_type == htons(ETH_TYPE_IPV6)) {
        if (memcmp(&new->ipv6_src, &old->ipv6_src, sizeof new->ipv6_src)) {
            packet_set_ipv6_addr(p, true, &new->ipv6_src);
        }
        if (memcmp(&new->ipv6_dst, &old->ipv6_dst, sizeof new->ipv6_dst)) {
            packet_set_ipv6_addr(p, false, &new->ipv6_dst);
        }
        if (new->ipv6_label != old->ipv6_label) {
            packet_set_ipv6_label(p, new->ipv6_label);
        }
    }
    if ((new->nw_tos ^ old->nw_tos) & 0xfc) {
        packet_set_ip_dscp(p, new->nw_tos);
    }
    if ((new->nw_tos ^ old->nw_tos) & 3) {
        packet_set_ip_ecn(p, new->nw_tos);
    }
    if (new->nw_ttl != old->nw_ttl) {
        packet_set_ip_ttl(p, new->nw_ttl);
    }
    if (new->nw_proto == IPPROTO_ICMP && new->dl_type == htons(ETH_TYPE_IP)) {
        if (new->tp_src != old->tp_src || new->tp_dst != old->tp_dst) {
            packet_set_icmp(p, ntohs(new->tp_src), ntohs(new->tp_dst));
        }
        return;
    }
    if (new->tp_src != old->tp_src) {
        packet_set_l4_port(p, true, new->tp_src);
    }
    if (new->tp_dst != old->tp_dst) {
        packet_set_l4_port(p, false, new->tp_dst);
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
        COVERAGE_INC(xlate_too_many_resubmits);
        ctx->error = ctx->exit = true;
        return;
    }

    struct oftable *table = &ctx->ofproto->tables[table_id];
    const struct cls_rule *cr = classifier_lookup(&table->cls, &ctx->flow,
                                                  ctx->trace ? &ctx->wc
                                                  : NULL);
    if (ctx->trace) {
        ds_put_format(ctx->trace, "%*s%2d. ", 4 * ctx->depth, "", table_id);
        if (!cr) {
            ds_put_cstr(ctx->trace, "No match.\n");
            return;
        }
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
    } else {
        table->n_lookups++;
        if (!cr) {
            COVERAGE_INC(xlate_table_miss);
            return;
        }
        table->n_matches++;
    }

    struct rule *rule = CONTAINER_OF(cr, struct rule, cr);
    if (!ctx->trace) {
        rule->n_packets++;
        rule->n_bytes += ctx->orig_size;
        rule->used = time_msec();
    }

    uint8_t old_table = ctx->table_id;
    ctx->depth++;
    ctx->resubmits++;
    ctx->table_id = table_id;
    do_actions(ctx, rule->ofpacts, rule->ofpacts_len);
    ctx->table_id = old_table;
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
            COVERAGE_INC(xlate_controller_no_controller);
            break;
        case OFPACT_OUTPUT_REG: {
            const struct ofpact_output_reg *or = (const void *) a;
            union mf_subvalue v;
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
            struct flow old = ctx->flow;
            union mf_value v;
            unsigned int n = mf_field_len(sf->field,
                                          ctx->ofproto->tun_table);
            mf_get_value(sf->field, &ctx->flow, &v);
            for (unsigned int i = 0; i < n; i++) {
                v.u8[i] = ((v.u8[i] & ~sf->mask.u8[i])
                           | (sf->value.u8[i] & sf->mask.u8[i]));
            }
            mf_set_flow_value(sf->field, &v, &ctx->flow);
            commit_header_changes(ctx, &old);
            break;
        }
        case OFPACT_REG_LOAD: {
            const struct ofpact_reg_load *load = (const void *) a;
            struct flow old = ctx->flow;
            mf_write_subfield_flow(&load->dst, &load->value, &ctx->flow);
            commit_header_changes(ctx, &old);
            break;
        }
        case OFPACT_REG_MOVE: {
            const struct ofpact_reg_move *move = (const void *) a;
            union mf_subvalue v;
            struct flow old = ctx->flow;
            mf_read_subfield(&move->src, &ctx->flow, &v);
            mf_write_subfield_flow(&move->dst, &v, &ctx->flow);
            commit_header_changes(ctx, &old);
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
            struct dp_packet *orig = ctx->packet;
            ctx->packet = dp_packet_clone(orig);
            do_actions(ctx, nest->actions, ofpact_nest_get_action_len(nest));
            dp_packet_delete(ctx->packet);
            ctx->packet = orig;
            ctx->flow = saved;
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
               uint32_t in_port, struct dp_packet *packet)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->ofproto = ofproto;
    ctx->packet = packet;
    flow_extract(packet, &ctx->flow);
    ctx->flow.in_port = in_port;
    ctx->flow.tunnel.metadata.tab = ofproto->tun_table;
    ctx->orig_in_port = in_port;
    ctx->orig_size = dp_packet_size(packet);
    ofpbuf_init(&ctx->action_set, 0);
}

/* Runs the actions "ofpacts" of a packet-out on "packet", as if it came
 * in on "in_port" (OFPP_CONTROLLER's 16-bit form for none). */
void
xlate_packet_out(struct ofproto *ofproto, uint32_t in_port,
                 const struct ofpact *ofpacts, size_t ofpacts_len,
                 struct dp_packet *packet)
{
    struct xlate_ctx ctx;

    xlate_ctx_init(&ctx, ofproto, in_port, packet);
    ctx.packet_out = true;
    do_actions(&ctx, ofpacts, ofpacts_len);
    ofpbuf_uninit(&ctx.action_set);
}

/* Runs "packet", received on OpenFlow port "in_port", through the
 * tables of "ofproto", from table 0. */
void
xlate_packet(struct ofproto *ofproto, uint32_t in_port,
             struct dp_packet *packet)
{
    xlate_packet_depth(ofproto, in_port, packet, NULL, 0);
}

/* The same for a packet that came out of a tunnel ("tnl": its outer
 * headers, NULL for none) after "depth" tunnels. */
void
xlate_packet_depth(struct ofproto *ofproto, uint32_t in_port,
                   struct dp_packet *packet, const struct flow_tnl *tnl,
                   int depth)
{
    struct xlate_ctx ctx;

    xlate_ctx_init(&ctx, ofproto, in_port, packet);
    ctx.tnl_depth = depth;
    if (tnl) {
        ctx.flow.tunnel = *tnl;
        ctx.flow.tunnel.metadata.tab = ofproto->tun_table;
    }
    do_table(&ctx, 0);
    if (ctx.action_set.size && !ctx.error) {
        ctx.exit = false;
        do_actions(&ctx, (const void *) ctx.action_set.data,
                   ctx.action_set.size);
    }
    ofpbuf_uninit(&ctx.action_set);
}

/* "ovs-appctl ofproto/trace": runs "flow" through the tables of "ofproto"
 * as a packet of that flow would go, changing nothing (no counters, no MAC
 * learning, no packet sent), and writes to "out" each table's rule and
 * actions, the final flow, the megaflow (the bits the lookups looked at)
 * and the outputs as datapath actions, with Open vSwitch's headings. */
void
xlate_trace(struct ofproto *ofproto, const struct flow *flow, struct ds *out)
{
    struct dp_packet *packet = dp_packet_new(256, DP_PACKET_HEADROOM);
    struct xlate_ctx ctx;

    flow_compose(packet, flow, 0);
    xlate_ctx_init(&ctx, ofproto, flow->in_port, packet);
    ctx.flow = *flow;
    ctx.flow.tunnel.metadata.tab = ofproto->tun_table;
    ctx.trace = out;
    ds_init(&ctx.dp_actions);

    ds_put_cstr(out, "Flow: ");
    flow_format(out, flow);
    ds_put_format(out, "\n\nbridge(\"%s\")\n", ofproto->name);
    for (size_t i = strlen(ofproto->name) + 10; i > 0; i--) {
        ds_put_char(out, '-');
    }
    ds_put_char(out, '\n');

    do_table(&ctx, 0);
    if (ctx.action_set.size && !ctx.error) {
        ctx.exit = false;
        do_actions(&ctx, (const void *) ctx.action_set.data,
                   ctx.action_set.size);
    }

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
    ds_put_format(out, "\nDatapath actions: %s\n",
                  ctx.dp_actions.length ? ds_cstr(&ctx.dp_actions) : "drop");
    if (ctx.error) {
        ds_put_cstr(out, "Translation failed (too many resubmits), "
                    "the packet is dropped\n");
    }
    ds_destroy(&ctx.dp_actions);
    ofpbuf_uninit(&ctx.action_set);
    dp_packet_delete(packet);
}
