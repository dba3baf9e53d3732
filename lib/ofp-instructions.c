/* OpenFlow 1.1+ instructions around the actions of lib/ofp-actions.c: their
 * wire codec, the ordering rules Open vSwitch applies to an ofpact list,
 * and ofpacts_check(), which validates a list against the match it runs
 * under (Open vSwitch 3.1's ofpacts_verify() and ofpacts_check()).
 *
 * Instructions become ofpacts of their own in one fixed order: the plain
 * actions (apply_actions), then clear_actions, write_actions,
 * write_metadata and goto_table.  That order is what the wire gets back. */
#include <config.h>
#include "ofp-actions.h"
#include "ofp-actions-private.h"

#include <string.h>
#include "match.h"
#include "ofpbuf.h"
#include "util.h"

/* Instruction types (openflow-1.1.h enum ofp11_instruction_type, and
 * openflow-1.3.h for meter). */
enum {
    OFPIT_GOTO_TABLE = 1,
    OFPIT_WRITE_METADATA = 2,
    OFPIT_WRITE_ACTIONS = 3,
    OFPIT_APPLY_ACTIONS = 4,
    OFPIT_CLEAR_ACTIONS = 5,
    OFPIT_METER = 6,
    OFPIT_EXPERIMENTER = 0xffff,
};

/* Slots of the instructions of one flow, in the order OVS decodes them;
 * OVS's enum ovs_instruction_type puts meter first. */
enum inst_slot {
    SLOT_METER, SLOT_APPLY, SLOT_CLEAR, SLOT_WRITE, SLOT_METADATA, SLOT_GOTO,
    N_SLOTS
};

/* Returns the instruction rank (enum ofp_inst_rank) of "a". */
static enum ofp_inst_rank
inst_rank(const struct ofpact *a)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_CLEAR_ACTIONS:
        return OFP_INST_CLEAR_ACTIONS;
    case OFPACT_WRITE_ACTIONS:
        return OFP_INST_WRITE_ACTIONS;
    case OFPACT_WRITE_METADATA:
        return OFP_INST_WRITE_METADATA;
    case OFPACT_GOTO_TABLE:
        return OFP_INST_GOTO_TABLE;
    default:
        return OFP_INST_APPLY_ACTIONS;
    }
}

/* Tells whether "a" is an instruction rather than a plain action. */
bool
ofpact_is_instruction__(const struct ofpact *a)
{
    return inst_rank(a) != OFP_INST_APPLY_ACTIONS;
}

/* Tells whether "a" may appear in an action set (write_actions), as OVS's
 * action_set_classify() allows. */
bool
ofpact_in_action_set__(const struct ofpact *a)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT:
    case OFPACT_RESUBMIT:
    case OFPACT_SET_FIELD:
    case OFPACT_REG_LOAD:
    case OFPACT_REG_MOVE:
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
    case OFPACT_SET_TUNNEL:
        return true;
    default:
        return false;
    }
}

/* Checks the order of "ofpacts" as OVS's ofpacts_verify() does: plain
 * actions, then at most one of each instruction in rank order
 * (OFPBAC_UNSUPPORTED_ORDER otherwise), and only the instructions in the
 * "allowed_insts" bitmap (OFPBIC_UNSUP_INST otherwise). */
enum ofperr
ofpacts_verify__(const struct ofpact *ofpacts, size_t len,
                 uint32_t allowed_insts)
{
    const struct ofpact *a;
    int prev = -1;

    if (!len) {
        return 0;
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        int next = inst_rank(a);

        if (prev >= 0 && (prev == OFP_INST_APPLY_ACTIONS
                          ? next < prev : next <= prev)) {
            return OFPERR_OFPBAC_UNSUPPORTED_ORDER;
        }
        if (!(allowed_insts & (1u << next))) {
            return OFPERR_OFPBIC_UNSUP_INST;
        }
        prev = next;
    }
    return 0;
}

/* Splits "len" bytes of instructions into "slots", as OVS's
 * decode_openflow11_instructions(). */
static enum ofperr
split_instructions(const uint8_t *p, size_t len, uint8_t version,
                   const uint8_t *slots[N_SLOTS])
{
    memset(slots, 0, N_SLOTS * sizeof *slots);
    while (len) {
        uint16_t type, ilen;
        enum inst_slot slot;
        bool extensible = false;
        size_t fixed_len = 8;

        if (len < 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        type = get_unaligned_be16(p);
        ilen = get_unaligned_be16(p + 2);
        if (ilen % 8 || ilen < 8 || ilen > len) {
            return OFPERR_OFPBIC_BAD_LEN;
        }

        switch (type) {
        case OFPIT_GOTO_TABLE:
            slot = SLOT_GOTO;
            break;
        case OFPIT_WRITE_METADATA:
            slot = SLOT_METADATA;
            fixed_len = 24;
            break;
        case OFPIT_WRITE_ACTIONS:
            slot = SLOT_WRITE;
            extensible = true;
            break;
        case OFPIT_APPLY_ACTIONS:
            slot = SLOT_APPLY;
            extensible = true;
            break;
        case OFPIT_CLEAR_ACTIONS:
            slot = SLOT_CLEAR;
            break;
        case OFPIT_METER:
            /* In OpenFlow 1.5 meter is an action, not an instruction. */
            if (version >= OFP15_VERSION) {
                return OFPERR_OFPBIC_UNKNOWN_INST;
            }
            slot = SLOT_METER;
            break;
        case OFPIT_EXPERIMENTER:
            return OFPERR_OFPBIC_BAD_EXPERIMENTER;
        default:
            return OFPERR_OFPBIC_UNKNOWN_INST;
        }
        if (extensible ? ilen < fixed_len : ilen != fixed_len) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        if (slots[slot]) {
            return OFPERR_OFPBIC_DUP_INST;
        }
        slots[slot] = p;
        p += ilen;
        len -= ilen;
    }
    return 0;
}

/* Decodes the instructions of "slots" into "ofpacts" in OVS's order. */
static enum ofperr
decode_instructions(const uint8_t *slots[N_SLOTS], uint8_t version,
                    const struct tun_table *tab, struct ofpbuf *ofpacts,
                    enum ofperr *deferred)
{
    enum ofperr error;

    if (slots[SLOT_METER] && !*deferred) {
        /* ovsx has no meters; OVS fails a meter it does not have with
         * OFPMMFC_INVALID_METER once the flow is decoded. */
        *deferred = OFPERR_OFPBIC_UNSUP_INST;
    }
    if (slots[SLOT_APPLY]) {
        const uint8_t *inst = slots[SLOT_APPLY];
        error = ofpacts_decode__(inst + 8, get_unaligned_be16(inst + 2) - 8,
                                 version, tab, ofpacts, deferred);
        if (error) {
            return error;
        }
    }
    if (slots[SLOT_CLEAR]) {
        ofpact_put(ofpacts, OFPACT_CLEAR_ACTIONS, sizeof(struct ofpact));
    }
    if (slots[SLOT_WRITE]) {
        const uint8_t *inst = slots[SLOT_WRITE];
        size_t start = ofpacts->size;

        ofpact_put(ofpacts, OFPACT_WRITE_ACTIONS,
                   offsetof(struct ofpact_nest, actions));
        size_t inner = ofpacts->size;
        error = ofpacts_decode__(inst + 8, get_unaligned_be16(inst + 2) - 8,
                                 version, tab, ofpacts, deferred);
        if (error) {
            return error;
        }
        const struct ofpact *a;
        OFPACT_FOR_EACH (a, (const struct ofpact *) (ofpacts->data + inner),
                         ofpacts->size - inner) {
            if (!ofpact_in_action_set__(a)) {
                return OFPERR_OFPBAC_BAD_TYPE;
            }
        }
        if (ofpacts->size - start > UINT16_MAX) {
            /* Too many to fit in an ofpact's 16-bit length. */
            return OFPERR_OFPBAC_BAD_LEN;
        }
        struct ofpact *on = (struct ofpact *) (ofpacts->data + start);
        on->len = ofpacts->size - start;
    }
    if (slots[SLOT_METADATA]) {
        const uint8_t *inst = slots[SLOT_METADATA];
        struct ofpact_metadata *md = ofpact_put(ofpacts,
                                                OFPACT_WRITE_METADATA,
                                                sizeof *md);
        memcpy(&md->metadata, inst + 8, 8);
        memcpy(&md->mask, inst + 16, 8);
    }
    if (slots[SLOT_GOTO]) {
        struct ofpact_goto_table *gt = ofpact_put(ofpacts,
                                                  OFPACT_GOTO_TABLE,
                                                  sizeof *gt);
        gt->table_id = slots[SLOT_GOTO][4];
    }
    return 0;
}

/* Decodes the instructions of a flow mod into "ofpacts", as OVS's
 * ofpacts_pull_openflow_instructions().  For OpenFlow 1.0 "instructions"
 * is the action list, in which Nicira write_metadata is allowed too. */
enum ofperr
ofpacts_pull_openflow_instructions(const void *instructions, size_t len,
                                   uint8_t version,
                                   const struct tun_table *tab,
                                   struct ofpbuf *ofpacts)
{
    const uint8_t *slots[N_SLOTS];
    size_t orig = ofpacts->size;
    enum ofperr deferred = 0;
    enum ofperr error;

    if (version == OFP10_VERSION) {
        error = (len % 8
                 ? OFPERR_OFPBRC_BAD_LEN
                 : ofpacts_decode__(instructions, len, version, tab, ofpacts,
                                    &deferred));
    } else {
        error = (len % 8
                 ? OFPERR_OFPBIC_BAD_LEN
                 : split_instructions(instructions, len, version, slots));
        if (!error) {
            error = decode_instructions(slots, version, tab, ofpacts,
                                        &deferred);
        }
    }
    if (!error && ofpacts->size > orig) {
        error = ofpacts_verify__(
            (const struct ofpact *) (ofpacts->data + orig),
            ofpacts->size - orig, (1u << OFP_N_INSTS) - 1);
    }
    if (!error) {
        error = deferred;
    }
    if (error) {
        ofpacts->size = orig;
    }
    return error;
}

/* Appends "ofpacts" as OpenFlow instructions (as actions for OpenFlow 1.0),
 * as OVS's ofpacts_put_openflow_instructions(): each run of plain actions
 * becomes one apply_actions.  Returns the number of bytes appended. */
size_t
ofpacts_put_openflow_instructions(const struct ofpact *ofpacts, size_t len,
                                  struct ofpbuf *out, uint8_t version)
{
    size_t start = out->size;

    if (version == OFP10_VERSION || !len) {
        return ofpacts_put_openflow_actions(ofpacts, len, out, version);
    }

    const struct ofpact *end = ofpact_end(ofpacts, len);
    const struct ofpact *a = ofpacts;
    while (a < end) {
        if (ofpact_is_instruction__(a)) {
            ofpact_encode__(a, version, out);
            a = ofpact_next(a);
            continue;
        }

        size_t ofs = out->size;
        uint8_t *inst = ofpbuf_put_zeros(out, 8);
        put_unaligned_be16(inst, OFPIT_APPLY_ACTIONS);
        do {
            ofpact_encode__(a, version, out);
            a = ofpact_next(a);
        } while (a < end && !ofpact_is_instruction__(a));
        if (out->size > ofs + 8) {
            put_unaligned_be16(out->data + ofs + 2, out->size - ofs);
        } else {
            out->size = ofs;
        }
    }
    return out->size - start;
}

/* Checking against the match. */

/* State of one check: the switch's limits and a working copy of the match,
 * which the actions change as they go (a pushed tag, a popped one). */
struct checker {
    struct match match;
    uint32_t max_ports;
    uint8_t table_id;
    uint8_t n_tables;
    bool inconsistent;          /* An OpenFlow 1.1+ consistency failure. */
};

static bool
is_ip_any(const struct flow *flow)
{
    return (flow->dl_type == htons(ETH_TYPE_IP)
            || flow->dl_type == htons(ETH_TYPE_IPV6));
}

static bool
flow_has_vlan(const struct checker *c)
{
    return (c->match.flow.vlans[0].tci & htons(VLAN_CFI)) != 0;
}

/* Marks a tag present in the working match. */
static void
mark_vlan(struct checker *c)
{
    c->match.flow.vlans[0].tci |= htons(VLAN_CFI);
    c->match.wc.vlans[0].tci |= htons(VLAN_CFI);
}

/* Checks an output port against the switch's limit, as OVS's
 * ofpact_check_output_port(). */
static enum ofperr
check_output_port(uint32_t port, uint32_t max_ports)
{
    if (port >= OFPP_IN_PORT && port != OFPP_ANY) {
        return 0;
    }
    return port < max_ports ? 0 : OFPERR_OFPBAC_BAD_OUT_PORT;
}

/* Checks that a set_field or load may write "f": its prerequisites hold
 * in the working match and, for vlan_vid, a tag is there. */
static enum ofperr
check_set_field(struct checker *c, const struct mf_field *f,
                const union mf_value *value)
{
    if (!mf_are_prereqs_ok(f, &c->match)
        || (f->id == MFF_VLAN_VID && !flow_has_vlan(c))) {
        return OFPERR_OFPBAC_MATCH_INCONSISTENT;
    }
    if (f->id == MFF_VLAN_TCI) {
        /* The action may add or remove the tag. */
        memcpy(&c->match.flow.vlans[0].tci, value->u8, 2);
        c->match.wc.vlans[0].tci = htons(0xffff);
    }
    return 0;
}

/* Checks a subfield's prerequisites, as OVS's mf_check_src() with a
 * match. */
static enum ofperr
check_subfield_prereqs(struct checker *c, const struct mf_subfield *sf)
{
    return (mf_are_prereqs_ok(sf->field, &c->match)
            ? 0 : OFPERR_OFPBAC_MATCH_INCONSISTENT);
}

static enum ofperr check_list(struct checker *, struct ofpact *,
                              size_t len);

/* Checks nested actions against the current working match, which they may
 * change only for themselves. */
static enum ofperr
check_nested(struct checker *c, struct ofpact_nest *on, bool propagate)
{
    struct checker sub = *c;
    enum ofperr error = check_list(&sub, on->actions,
                                   ofpact_nest_get_action_len(on));
    if (propagate) {
        c->inconsistent |= sub.inconsistent;
    }
    return error;
}

/* Checks one action, as OVS's check_<ACTION>() functions. */
static enum ofperr
check_action(struct checker *c, struct ofpact *a)
{
    struct flow *flow = &c->match.flow;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT:
        return check_output_port(((struct ofpact_output *) a)->port,
                                 c->max_ports);
    case OFPACT_OUTPUT_REG:
        return check_subfield_prereqs(c,
                                      &((struct ofpact_output_reg *) a)->src);
    case OFPACT_SET_FIELD: {
        struct ofpact_set_field *sf = (struct ofpact_set_field *) a;
        return check_set_field(c, sf->field, &sf->value);
    }
    case OFPACT_REG_LOAD: {
        struct ofpact_reg_load *rl = (struct ofpact_reg_load *) a;
        union mf_value v;

        /* OVS holds a load as a masked set_field of the loaded bits. */
        memset(&v, 0, sizeof v);
        if (rl->dst.field->id == MFF_VLAN_TCI) {
            uint16_t bits = get_unaligned_be16(&rl->value.u8[126]);
            uint16_t mask = (uint16_t) (0xffffu >> (16 - rl->dst.n_bits));
            put_unaligned_be16(v.u8, (bits & mask) << rl->dst.ofs);
        }
        return check_set_field(c, rl->dst.field, &v);
    }
    case OFPACT_REG_MOVE: {
        struct ofpact_reg_move *m = (struct ofpact_reg_move *) a;
        enum ofperr error = check_subfield_prereqs(c, &m->src);
        return error ? error : check_subfield_prereqs(c, &m->dst);
    }
    case OFPACT_SET_VLAN_VID: {
        struct ofpact_vlan_vid *v = (struct ofpact_vlan_vid *) a;
        v->flow_has_vlan = flow_has_vlan(c);
        c->inconsistent |= !v->flow_has_vlan && !v->push_vlan_if_needed;
        mark_vlan(c);
        return 0;
    }
    case OFPACT_SET_VLAN_PCP: {
        struct ofpact_vlan_pcp *v = (struct ofpact_vlan_pcp *) a;
        v->flow_has_vlan = flow_has_vlan(c);
        c->inconsistent |= !v->flow_has_vlan && !v->push_vlan_if_needed;
        mark_vlan(c);
        return 0;
    }
    case OFPACT_STRIP_VLAN:
        c->inconsistent |= !flow_has_vlan(c);
        flow->vlans[0] = flow->vlans[1];
        c->match.wc.vlans[0] = c->match.wc.vlans[1];
        memset(&flow->vlans[1], 0, sizeof flow->vlans[1]);
        memset(&c->match.wc.vlans[1], 0, sizeof c->match.wc.vlans[1]);
        return 0;
    case OFPACT_PUSH_VLAN:
        if (flow->vlans[1].tci & htons(VLAN_CFI)) {
            return OFPERR_OFPBAC_BAD_TAG;
        }
        flow->vlans[1] = flow->vlans[0];
        c->match.wc.vlans[1] = c->match.wc.vlans[0];
        memset(&flow->vlans[0], 0, sizeof flow->vlans[0]);
        memset(&c->match.wc.vlans[0], 0, sizeof c->match.wc.vlans[0]);
        mark_vlan(c);
        return 0;
    case OFPACT_SET_IPV4_SRC:
    case OFPACT_SET_IPV4_DST:
        c->inconsistent |= flow->dl_type != htons(ETH_TYPE_IP);
        return 0;
    case OFPACT_SET_IP_DSCP:
    case OFPACT_DEC_TTL:
        c->inconsistent |= !is_ip_any(flow);
        return 0;
    case OFPACT_SET_L4_SRC_PORT:
    case OFPACT_SET_L4_DST_PORT: {
        struct ofpact_l4_port *l4 = (struct ofpact_l4_port *) a;
        c->inconsistent |= (!is_ip_any(flow)
                            || flow->nw_frag & FLOW_NW_FRAG_LATER
                            || (flow->nw_proto != IPPROTO_NUM_TCP
                                && flow->nw_proto != IPPROTO_NUM_UDP
                                && flow->nw_proto != 132));
        l4->flow_ip_proto = flow->nw_proto;
        return 0;
    }
    case OFPACT_DELETE_FIELD: {
        const struct mf_field *f = ((struct ofpact_delete_field *) a)->field;
        return (f->id < MFF_TUN_METADATA0 || f->id > MFF_TUN_METADATA63
                ? OFPERR_OFPBAC_BAD_ARGUMENT : 0);
    }
    case OFPACT_CLONE:
        return check_nested(c, (struct ofpact_nest *) a, true);
    case OFPACT_WRITE_ACTIONS:
        /* An action set's consistency cannot be judged. */
        return check_nested(c, (struct ofpact_nest *) a, false);
    case OFPACT_GOTO_TABLE: {
        uint8_t t = ((struct ofpact_goto_table *) a)->table_id;
        if ((c->table_id != 255 && t <= c->table_id)
            || (c->n_tables != 255 && t >= c->n_tables)) {
            return OFPERR_OFPBIC_BAD_TABLE_ID;
        }
        return 0;
    }
    case OFPACT_CONTROLLER:
    case OFPACT_RESUBMIT:
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST:
    case OFPACT_SET_TUNNEL:
    case OFPACT_NOTE:
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_METADATA:
    default:
        return 0;
    }
}

/* Checks each action of a list in turn. */
static enum ofperr
check_list(struct checker *c, struct ofpact *ofpacts, size_t len)
{
    struct ofpact *a;

    if (!len) {
        return 0;
    }
    for (a = ofpacts; a < ofpact_end(ofpacts, len); a = ofpact_next(a)) {
        enum ofperr error = check_action(c, a);
        if (error) {
            return error;
        }
    }
    return 0;
}

/* Runs the checks; stores whether OpenFlow 1.1+ would find the list
 * inconsistent with the match in "*inconsistent". */
static enum ofperr
check__(const struct ofpact *ofpacts, size_t len, const struct match *match,
        uint32_t max_ports, uint8_t table_id, uint8_t n_tables,
        bool *inconsistent)
{
    struct checker *c = xmalloc(sizeof *c);

    c->match = *match;
    c->max_ports = max_ports;
    c->table_id = table_id;
    c->n_tables = n_tables;
    c->inconsistent = false;

    /* The checks annotate the actions (flow_has_vlan, flow_ip_proto), as
     * OVS's do. */
    enum ofperr error = check_list(c, (struct ofpact *) ofpacts, len);
    *inconsistent = c->inconsistent;
    free(c);
    return error;
}

/* Checks "ofpacts" against "match" and the switch's limits as OVS's
 * ofpacts_check(): hard errors only. */
enum ofperr
ofpacts_check(const struct ofpact *ofpacts, size_t len,
              const struct match *match, uint32_t max_ports,
              uint8_t table_id, uint8_t n_tables)
{
    bool inconsistent;
    return check__(ofpacts, len, match, max_ports, table_id, n_tables,
                   &inconsistent);
}

/* As ofpacts_check(), then refuses with OFPBAC_MATCH_INCONSISTENT what
 * OpenFlow 1.1+ ("version" above 1.0) forbids, as OVS's
 * ofpacts_check_consistency(). */
enum ofperr
ofpacts_check_consistency(const struct ofpact *ofpacts, size_t len,
                          const struct match *match, uint32_t max_ports,
                          uint8_t table_id, uint8_t n_tables,
                          uint8_t version)
{
    bool inconsistent;
    enum ofperr error = check__(ofpacts, len, match, max_ports, table_id,
                                n_tables, &inconsistent);
    if (!error && inconsistent && version != OFP10_VERSION) {
        return OFPERR_OFPBAC_MATCH_INCONSISTENT;
    }
    return error;
}
