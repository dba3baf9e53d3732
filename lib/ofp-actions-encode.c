/* OpenFlow actions: encoding the ofpacts into the wire forms of OpenFlow
 * 1.0 and 1.3 to 1.5 and the Nicira extensions, choosing among them as
 * Open vSwitch 3.1 does, so that "ovs-ofctl dump-flows" prints the same
 * text for ovsx as for OVS.  The "raw" an action was decoded from (see
 * lib/ofp-actions.c) steers the choice where OVS's does. */
#include <config.h>
#include "ofp-actions.h"
#include "ofp-actions-private.h"

#include <string.h>
#include "ofpbuf.h"
#include "util.h"

/* Appends "n" zero bytes to "out" and returns their offset. */
static size_t
put_zeros(struct ofpbuf *out, size_t n)
{
    size_t ofs = out->size;
    ofpbuf_put_zeros(out, n);
    return ofs;
}

/* Pads the action that starts at "ofs" in "out" with zeros to a multiple
 * of 8 bytes and stores its length. */
static void
finish_action(struct ofpbuf *out, size_t ofs)
{
    size_t len = out->size - ofs;
    if (len % 8) {
        ofpbuf_put_zeros(out, 8 - len % 8);
        len = ROUND_UP(len, 8);
    }
    put_unaligned_be16(out->data + ofs + 2, len);
}

/* Ports and fields. */

static uint16_t
port_to_ofp10(uint32_t port)
{
    return port >= OFPP_IN_PORT ? port & 0xffff : port;
}

/* Appends the header of "f" ("width" bytes wide) to "out", as OVS's
 * nx_put_mff_header() does. */
static void
put_field_header(struct ofpbuf *out, const struct mf_field *f,
                 unsigned int width, uint8_t version)
{
    uint32_t h = field_header(f, version);
    if (f->variable_len) {
        h = (h & 0xffffff00) | width;
    }
    put_unaligned_be32(ofpbuf_put_uninit(out, 4), h);
}

/* Returns the number of leading zero bytes of "p[0..n-1]". */
static unsigned int
leading_zeros(const uint8_t *p, unsigned int n)
{
    unsigned int i = 0;
    while (i < n && !p[i]) {
        i++;
    }
    return i;
}

/* Appends an NXM/OXM entry (header, value and, unless "mask" is all-ones,
 * mask) for "f" to "out", as OVS's nx_put_entry() does: a tun_metadataN
 * value loses its leading zero bytes. */
static void
put_entry(struct ofpbuf *out, const struct mf_field *f, unsigned int width,
          uint8_t version, const union mf_value *value,
          const union mf_value *mask)
{
    bool masked = !is_all_ones(mask->u8, width);
    unsigned int len = width;

    if (f->variable_len) {
        len = width - leading_zeros(value->u8, width);
        if (masked) {
            len = MAX(len, width - leading_zeros(mask->u8, width));
        }
    }

    uint32_t h = field_header(f, version);
    h = (masked
         ? (h & 0xfffffe00) | 0x100 | (2 * len)
         : (h & 0xffffff00) | len);
    put_unaligned_be32(ofpbuf_put_uninit(out, 4), h);
    ofpbuf_put(out, value->u8 + width - len, len);
    if (masked) {
        ofpbuf_put(out, mask->u8 + width - len, len);
    }
}

/* Finds the wire form "raw" takes in "version". */
static const struct raw_action *
raw_for_version(enum ofp_raw_action raw, uint8_t version)
{
    for (size_t i = 0; i < ofp_n_raw_actions; i++) {
        const struct raw_action *ra = &ofp_raw_actions[i];
        if (ra->raw == raw && version >= ra->min_version
            && version <= ra->max_version) {
            return ra;
        }
    }
    OVSX_NOT_REACHED();
}

/* Appends the header of an action of form "raw" for "version", zeroed to
 * its minimum length, with integer argument "arg" if it has one.  Returns
 * the action's offset in "out". */
static size_t
put_raw(struct ofpbuf *out, enum ofp_raw_action raw, uint8_t version,
        uint64_t arg)
{
    const struct raw_action *ra = raw_for_version(raw, version);
    size_t ofs = put_zeros(out, ra->min_len);
    uint8_t *p = out->data + ofs;

    put_unaligned_be16(p + 2, ra->min_len);
    if (ra->vendor) {
        put_unaligned_be16(p, OFPAT_VENDOR);
        put_unaligned_be32(p + 4, ra->vendor);
        put_unaligned_be16(p + 8, ra->type);
    } else {
        put_unaligned_be16(p, ra->type);
    }
    for (unsigned int i = 0; i < ra->arg_len; i++) {
        p[ra->arg_ofs + i] = arg >> (8 * (ra->arg_len - 1 - i));
    }
    return ofs;
}

/* Appends an OpenFlow 1.2+ set_field of field "id" to "value" (the field's
 * bits, right-aligned). */
static void
put_set_field(struct ofpbuf *out, uint8_t version, enum mf_field_id id,
              uint64_t value)
{
    const struct mf_field *f = mf_from_id(id);
    union mf_value v, m;

    memset(&v, 0, sizeof v);
    memset(&m, 0xff, sizeof m);
    for (unsigned int i = 0; i < f->n_bytes; i++) {
        v.u8[i] = value >> (8 * (f->n_bytes - 1 - i));
    }
    size_t ofs = put_raw(out, RAW12_SET_FIELD, MIN(version, V14), 0);
    out->size -= 4;
    put_entry(out, f, f->n_bytes, version, &v, &m);
    finish_action(out, ofs);
}

/* Returns bit "i" (0 = least significant) of the "width"-byte value
 * "p". */
static bool
value_bit(const uint8_t *p, unsigned int width, unsigned int i)
{
    return (p[width - 1 - i / 8] >> (i % 8)) & 1;
}

/* Appends an NXAST_REG_LOAD of "value" to bits "ofs" to "ofs + n_bits - 1"
 * of "f". */
static void
put_reg_load(struct ofpbuf *out, const struct mf_field *f,
             unsigned int width, unsigned int ofs, unsigned int n_bits,
             uint64_t value)
{
    size_t a = put_raw(out, RAW_REG_LOAD, V10, 0);
    uint8_t *p = out->data + a;
    uint32_t h = field_header(f, 0);

    if (f->variable_len) {
        h = (h & 0xffffff00) | width;
    }
    put_unaligned_be16(p + 10, (ofs << 6) | (n_bits - 1));
    put_unaligned_be32(p + 12, h);
    put_be64(p + 16, value);
}

/* Appends "value" under "mask" ("width" bytes) to "f" as Nicira actions,
 * as OVS's set_field_to_nxast(): one reg_load2 for tun_metadataN or when
 * "load2" is set, otherwise a reg_load per run of at most 64 mask
 * bits. */
static void
put_nxast_load(struct ofpbuf *out, const struct mf_field *f,
               unsigned int width, const union mf_value *value,
               const union mf_value *mask, bool load2)
{
    if (load2 || f->variable_len) {
        size_t a = put_raw(out, RAW_REG_LOAD2, V10, 0);
        out->size -= 6;
        put_entry(out, f, width, 0, value, mask);
        finish_action(out, a);
        return;
    }

    unsigned int n_bits = field_bits(f, width);
    unsigned int i = 0;
    while (i < n_bits) {
        if (!value_bit(mask->u8, width, i)) {
            i++;
            continue;
        }
        unsigned int start = i;
        uint64_t v = 0;
        while (i < n_bits && i - start < 64
               && value_bit(mask->u8, width, i)) {
            v |= (uint64_t) value_bit(value->u8, width, i) << (i - start);
            i++;
        }
        put_reg_load(out, f, width, start, i - start, v);
    }
}

/* Appends a set_field with a mask (OpenFlow 1.5's form, or 1.2-1.4's when
 * the mask is all-ones). */
static void
put_set_field_entry(struct ofpbuf *out, uint8_t version,
                    const struct mf_field *f, unsigned int width,
                    const union mf_value *value, const union mf_value *mask)
{
    size_t a = put_raw(out, (version >= V15 ? RAW15_SET_FIELD
                             : RAW12_SET_FIELD), version, 0);
    out->size -= 4;
    put_entry(out, f, width, version, value, mask);
    finish_action(out, a);
}

/* Encodes a whole-field set_field into OpenFlow 1.0 actions, as OVS's
 * set_field_to_legacy_openflow(). */
static void
put_legacy_set_field(struct ofpbuf *out, const struct ofpact_set_field *sf,
                     unsigned int width)
{
    const uint8_t *v = sf->value.u8;
    uint16_t v16 = get_unaligned_be16(v);

    switch (sf->field->id) {
    case MFF_VLAN_TCI:
        if (v16 & VLAN_CFI) {
            put_raw(out, RAW10_SET_VLAN_VID, V10, v16 & VLAN_VID_MASK);
            put_raw(out, RAW10_SET_VLAN_PCP, V10, v16 >> VLAN_PCP_SHIFT);
        } else {
            put_raw(out, RAW10_STRIP_VLAN, V10, 0);
        }
        break;
    case MFF_VLAN_VID:
        put_raw(out, RAW10_SET_VLAN_VID, V10, v16 & VLAN_VID_MASK);
        break;
    case MFF_VLAN_PCP:
        put_raw(out, RAW10_SET_VLAN_PCP, V10, v[0]);
        break;
    case MFF_ETH_SRC:
    case MFF_ETH_DST: {
        size_t a = put_raw(out, (sf->field->id == MFF_ETH_SRC
                                 ? RAW_SET_DL_SRC : RAW_SET_DL_DST), V10, 0);
        memcpy(out->data + a + 4, v, ETH_ADDR_LEN);
        break;
    }
    case MFF_IPV4_SRC:
    case MFF_IPV4_DST:
        put_raw(out, (sf->field->id == MFF_IPV4_SRC
                      ? RAW_SET_NW_SRC : RAW_SET_NW_DST), V10,
                get_unaligned_be32(v));
        break;
    case MFF_IP_DSCP:
        put_raw(out, RAW_SET_NW_TOS, V10, v[0]);
        break;
    case MFF_IP_DSCP_SHIFTED:
        put_raw(out, RAW_SET_NW_TOS, V10, (uint8_t) (v[0] << 2));
        break;
    case MFF_IP_ECN:
        put_reg_load(out, sf->field, width, 0, 2, v[0]);
        break;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
        put_raw(out, RAW_SET_TP_SRC, V10, v16);
        break;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
        put_raw(out, RAW_SET_TP_DST, V10, v16);
        break;
    default:
        put_nxast_load(out, sf->field, width, &sf->value, &sf->mask, false);
        break;
    }
}

/* Encodes OFPACT_SET_FIELD, as OVS's encode_SET_FIELD(). */
static void
encode_set_field(const struct ofpact_set_field *sf, uint8_t version,
                 struct ofpbuf *out)
{
    unsigned int width = recorded_width(sf->field, sf->field_len);

    if (sf->ofpact.raw == RAW11_SET_NW_TTL && version >= V11) {
        put_raw(out, RAW11_SET_NW_TTL, version, sf->value.u8[0]);
    } else if (version >= V15) {
        put_set_field_entry(out, version, sf->field, width, &sf->value,
                            &sf->mask);
    } else if (sf->ofpact.raw == RAW_REG_LOAD2) {
        put_nxast_load(out, sf->field, width, &sf->value, &sf->mask, true);
    } else if (version < V12) {
        put_legacy_set_field(out, sf, width);
    } else if (is_all_ones(sf->mask.u8, width)) {
        put_set_field_entry(out, version, sf->field, width, &sf->value,
                            &sf->mask);
    } else {
        put_nxast_load(out, sf->field, width, &sf->value, &sf->mask, false);
    }
}

/* Converts a load's subfield and right-aligned value into a "width"-byte
 * value and mask. */
static void
load_to_value(const struct ofpact_reg_load *rl, unsigned int width,
              union mf_value *value, union mf_value *mask)
{
    memset(value, 0, sizeof *value);
    memset(mask, 0, sizeof *mask);
    for (unsigned int i = 0; i < rl->dst.n_bits; i++) {
        unsigned int bit = rl->dst.ofs + i;
        uint8_t b = 1u << (bit % 8);

        mask->u8[width - 1 - bit / 8] |= b;
        if ((rl->value.u8[127 - i / 8] >> (i % 8)) & 1) {
            value->u8[width - 1 - bit / 8] |= b;
        }
    }
}

/* Encodes OFPACT_REG_LOAD: reg_load, or in OpenFlow 1.5 (which has no
 * reg_load) a masked set_field, as OVS does for a load it decoded. */
static void
encode_reg_load(const struct ofpact_reg_load *rl, uint8_t version,
                struct ofpbuf *out)
{
    unsigned int width = recorded_width(rl->dst.field, rl->dst_len);
    union mf_value value, mask;

    load_to_value(rl, width, &value, &mask);
    if (version >= V15) {
        put_set_field_entry(out, version, rl->dst.field, width, &value,
                            &mask);
    } else {
        put_nxast_load(out, rl->dst.field, width, &value, &mask, false);
    }
}

/* Encodes OFPACT_REG_MOVE, as OVS's encode_REG_MOVE(). */
static void
encode_reg_move(const struct ofpact_reg_move *m, uint8_t version,
                struct ofpbuf *out)
{
    unsigned int src_w = recorded_width(m->src.field, m->src_len);
    unsigned int dst_w = recorded_width(m->dst.field, m->dst_len);
    size_t a;
    uint8_t *p;

    if (version >= V15) {
        a = put_raw(out, RAW15_COPY_FIELD, version, 0);
        p = out->data + a;
        put_unaligned_be16(p + 4, m->dst.n_bits);
        put_unaligned_be16(p + 6, m->src.ofs);
        put_unaligned_be16(p + 8, m->dst.ofs);
        out->size -= 4;
    } else if (version == V13 && m->ofpact.raw == RAW13_ONF_COPY_FIELD) {
        a = put_raw(out, RAW13_ONF_COPY_FIELD, version, 0);
        p = out->data + a;
        put_unaligned_be16(p + 12, m->dst.n_bits);
        put_unaligned_be16(p + 14, m->src.ofs);
        put_unaligned_be16(p + 16, m->dst.ofs);
        out->size -= 4;
    } else {
        a = put_raw(out, RAW_REG_MOVE, V10, 0);
        p = out->data + a;
        put_unaligned_be16(p + 10, m->dst.n_bits);
        put_unaligned_be16(p + 12, m->src.ofs);
        put_unaligned_be16(p + 14, m->dst.ofs);
        version = 0;
    }
    put_field_header(out, m->src.field, src_w, version);
    put_field_header(out, m->dst.field, dst_w, version);
    finish_action(out, a);
}

/* Encodes OFPACT_OUTPUT_REG, as OVS's encode_OUTPUT_REG(). */
static void
encode_output_reg(const struct ofpact_output_reg *o, struct ofpbuf *out)
{
    unsigned int width = recorded_width(o->src.field, o->src_len);
    uint16_t ofs_nbits = (o->src.ofs << 6) | (o->src.n_bits - 1);
    size_t a;

    if (o->ofpact.raw == RAW_OUTPUT_REG2) {
        a = put_raw(out, RAW_OUTPUT_REG2, V10, 0);
        put_unaligned_be16(out->data + a + 10, ofs_nbits);
        put_unaligned_be16(out->data + a + 12, o->max_len);
        size_t end = out->size;
        out->size = a + 14;
        put_field_header(out, o->src.field, width, 0);
        out->size = end;
    } else {
        a = put_raw(out, RAW_OUTPUT_REG, V10, 0);
        uint32_t h = field_header(o->src.field, 0);
        if (o->src.field->variable_len) {
            h = (h & 0xffffff00) | width;
        }
        put_unaligned_be16(out->data + a + 10, ofs_nbits);
        put_unaligned_be32(out->data + a + 12, h);
        put_unaligned_be16(out->data + a + 16, o->max_len);
    }
}

/* Encodes OFPACT_SET_VLAN_VID or OFPACT_SET_VLAN_PCP, as OVS does: in
 * OpenFlow 1.1+, OpenFlow 1.0's push-if-needed form first pushes a tag
 * unless ofpacts_check() saw one in the match. */
static void
encode_vlan(bool vid, uint16_t x, bool push, bool flow_has_vlan,
            uint8_t version, struct ofpbuf *out)
{
    if (version > V10 && push && !flow_has_vlan) {
        put_raw(out, RAW11_PUSH_VLAN, version, ETH_TYPE_VLAN_8021Q);
    }
    if (version == V10) {
        put_raw(out, vid ? RAW10_SET_VLAN_VID : RAW10_SET_VLAN_PCP, V10, x);
    } else if (version == V11) {
        put_raw(out, vid ? RAW11_SET_VLAN_VID : RAW11_SET_VLAN_PCP, V11, x);
    } else if (vid) {
        put_set_field(out, version, MFF_VLAN_VID, x | OFPVID12_PRESENT);
    } else {
        put_set_field(out, version, MFF_VLAN_PCP, x);
    }
}

/* Encodes mod_tp_src/dst: a set_field of the transport field that
 * ofpacts_check() found in the match, else the old action, which OVS still
 * sends in OpenFlow 1.2+. */
static void
encode_l4_port(const struct ofpact_l4_port *l4, bool src, uint8_t version,
               struct ofpbuf *out)
{
    enum mf_field_id id;

    switch (l4->flow_ip_proto) {
    case IPPROTO_NUM_TCP:
        id = src ? MFF_TCP_SRC : MFF_TCP_DST;
        break;
    case IPPROTO_NUM_UDP:
        id = src ? MFF_UDP_SRC : MFF_UDP_DST;
        break;
    case 132:
        id = src ? MFF_SCTP_SRC : MFF_SCTP_DST;
        break;
    default:
        id = MFF_N_IDS;
        break;
    }
    if (version >= V12 && id != MFF_N_IDS) {
        put_set_field(out, version, id, l4->port);
    } else {
        put_raw(out, src ? RAW_SET_TP_SRC : RAW_SET_TP_DST, version,
                l4->port);
    }
}

/* Encodes OFPACT_DEC_TTL: dec_ttl_cnt_ids unless it is plain dec_ttl. */
static void
encode_dec_ttl(const struct ofpact_cnt_ids *ids, uint8_t version,
               struct ofpbuf *out)
{
    if (ids->ofpact.raw == RAW_DEC_TTL_CNT_IDS || ids->n_controllers != 1
        || ids->cnt_ids[0]) {
        size_t a = put_raw(out, RAW_DEC_TTL_CNT_IDS, version, 0);
        put_unaligned_be16(out->data + a + 10, ids->n_controllers);
        size_t ids_ofs = put_zeros(out, ROUND_UP(2 * ids->n_controllers, 8));
        for (unsigned int i = 0; i < ids->n_controllers; i++) {
            put_unaligned_be16(out->data + ids_ofs + 2 * i, ids->cnt_ids[i]);
        }
        finish_action(out, a);
    } else {
        put_raw(out, RAW_DEC_NW_TTL, version, 0);
    }
}

/* Appends the "actions_len" bytes of nested actions and, if there were
 * any, fixes the length of the instruction at "ofs"; an instruction left
 * empty is removed, as OVS does. */
static void
encode_inst_actions(const struct ofpact *actions, size_t actions_len,
                    size_t ofs, uint8_t version, struct ofpbuf *out)
{
    ofpacts_put_openflow_actions(actions, actions_len, out, version);
    if (out->size > ofs + 8) {
        put_unaligned_be16(out->data + ofs + 2, out->size - ofs);
    } else {
        out->size = ofs;
    }
}

/* Appends an instruction header (openflow-1.1.h struct ofp11_instruction)
 * of "type", "len" bytes zeroed; returns its offset. */
static size_t
put_instruction(struct ofpbuf *out, uint16_t type, size_t len)
{
    size_t ofs = put_zeros(out, len);
    put_unaligned_be16(out->data + ofs, type);
    put_unaligned_be16(out->data + ofs + 2, len);
    return ofs;
}

/* Encodes the instruction-like ofpacts: in OpenFlow 1.0 as the Nicira
 * actions OVS uses (or nothing), otherwise as instructions (types 1 to 5 of
 * openflow-1.1.h). */
static void
encode_instruction(const struct ofpact *a, uint8_t version,
                   struct ofpbuf *out)
{
    const struct ofpact_metadata *md;
    const struct ofpact_nest *on;
    size_t ofs;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_CLEAR_ACTIONS:
        if (version > V10) {
            put_instruction(out, 5, 8);
        }
        break;
    case OFPACT_WRITE_ACTIONS:
        if (version > V10) {
            on = (const struct ofpact_nest *) a;
            ofs = put_instruction(out, 3, 8);
            encode_inst_actions(on->actions, ofpact_nest_get_action_len(on),
                                ofs, version, out);
        }
        break;
    case OFPACT_WRITE_METADATA:
        md = (const struct ofpact_metadata *) a;
        if (version == V10) {
            ofs = put_raw(out, RAW_WRITE_METADATA, V10, 0);
            memcpy(out->data + ofs + 16, &md->metadata, 8);
            memcpy(out->data + ofs + 24, &md->mask, 8);
        } else {
            ofs = put_instruction(out, 2, 24);
            memcpy(out->data + ofs + 8, &md->metadata, 8);
            memcpy(out->data + ofs + 16, &md->mask, 8);
        }
        break;
    case OFPACT_GOTO_TABLE:
        if (version == V10) {
            ofs = put_raw(out, RAW_RESUBMIT_TABLE, V10, 0);
            put_unaligned_be16(out->data + ofs + 10, 0xfff8);
            out->data[ofs + 12] = ((const struct ofpact_goto_table *)
                                   a)->table_id;
        } else {
            ofs = put_instruction(out, 1, 8);
            out->data[ofs + 4] = ((const struct ofpact_goto_table *)
                                  a)->table_id;
        }
        break;
    default:
        OVSX_NOT_REACHED();
    }
}

/* Appends the OpenFlow form of "a" for "version" to "out". */
void
ofpact_encode__(const struct ofpact *a, uint8_t version, struct ofpbuf *out)
{
    const struct ofpact_output *o = (const void *) a;
    const struct ofpact_vlan_vid *vid = (const void *) a;
    const struct ofpact_vlan_pcp *pcp = (const void *) a;
    const struct ofpact_resubmit *r = (const void *) a;
    const struct ofpact_tunnel *t = (const void *) a;
    const struct ofpact_controller *oc = (const void *) a;
    const struct ofpact_note *note = (const void *) a;
    const struct ofpact_nest *on = (const void *) a;
    const struct ofpact_delete_field *df = (const void *) a;
    size_t ofs;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT:
        if (version == V10) {
            ofs = put_raw(out, RAW10_OUTPUT, V10, 0);
            put_unaligned_be16(out->data + ofs + 4, port_to_ofp10(o->port));
            put_unaligned_be16(out->data + ofs + 6, o->max_len);
        } else {
            ofs = put_raw(out, RAW11_OUTPUT, version, 0);
            put_unaligned_be32(out->data + ofs + 4, o->port);
            put_unaligned_be16(out->data + ofs + 8, o->max_len);
        }
        break;
    case OFPACT_CONTROLLER:
        ofs = put_raw(out, RAW_CONTROLLER, version, 0);
        put_unaligned_be16(out->data + ofs + 10, oc->max_len);
        put_unaligned_be16(out->data + ofs + 12, oc->controller_id);
        out->data[ofs + 14] = oc->reason;
        break;
    case OFPACT_OUTPUT_REG:
        encode_output_reg((const void *) a, out);
        break;
    case OFPACT_RESUBMIT:
        if (r->table_id == 0xff && r->ofpact.raw == RAW_RESUBMIT) {
            put_raw(out, RAW_RESUBMIT, version, port_to_ofp10(r->in_port));
        } else {
            ofs = put_raw(out, RAW_RESUBMIT_TABLE, version, 0);
            put_unaligned_be16(out->data + ofs + 10,
                               port_to_ofp10(r->in_port));
            out->data[ofs + 12] = r->table_id;
        }
        break;
    case OFPACT_SET_FIELD:
        encode_set_field((const void *) a, version, out);
        break;
    case OFPACT_REG_LOAD:
        encode_reg_load((const void *) a, version, out);
        break;
    case OFPACT_REG_MOVE:
        encode_reg_move((const void *) a, version, out);
        break;
    case OFPACT_SET_VLAN_VID:
        encode_vlan(true, vid->vlan_vid, vid->push_vlan_if_needed,
                    vid->flow_has_vlan, version, out);
        break;
    case OFPACT_SET_VLAN_PCP:
        encode_vlan(false, pcp->vlan_pcp, pcp->push_vlan_if_needed,
                    pcp->flow_has_vlan, version, out);
        break;
    case OFPACT_STRIP_VLAN:
        put_raw(out, version == V10 ? RAW10_STRIP_VLAN : RAW11_POP_VLAN,
                version, 0);
        break;
    case OFPACT_PUSH_VLAN:
        /* OpenFlow 1.0 has no push: mod_vlan_vid pushes as it sets. */
        if (version > V10) {
            put_raw(out, RAW11_PUSH_VLAN, version, get_unaligned_be16(
                        &((const struct ofpact_push_vlan *) a)->ethertype));
        }
        break;
    case OFPACT_SET_ETH_SRC:
    case OFPACT_SET_ETH_DST: {
        const struct ofpact_mac *mac = (const void *) a;
        bool src = a->type == OFPACT_SET_ETH_SRC;
        if (version < V12) {
            ofs = put_raw(out, src ? RAW_SET_DL_SRC : RAW_SET_DL_DST,
                          version, 0);
            memcpy(out->data + ofs + 4, &mac->mac, ETH_ADDR_LEN);
        } else {
            uint64_t x = 0;
            for (int i = 0; i < ETH_ADDR_LEN; i++) {
                x = (x << 8) | mac->mac.ea[i];
            }
            put_set_field(out, version, src ? MFF_ETH_SRC : MFF_ETH_DST, x);
        }
        break;
    }
    case OFPACT_SET_IPV4_SRC:
    case OFPACT_SET_IPV4_DST: {
        const struct ofpact_ipv4 *ip = (const void *) a;
        bool src = a->type == OFPACT_SET_IPV4_SRC;
        uint32_t x = get_unaligned_be32(&ip->ipv4);
        if (version < V12) {
            put_raw(out, src ? RAW_SET_NW_SRC : RAW_SET_NW_DST, version, x);
        } else {
            put_set_field(out, version, src ? MFF_IPV4_SRC : MFF_IPV4_DST,
                          x);
        }
        break;
    }
    case OFPACT_SET_IP_DSCP: {
        uint8_t dscp = ((const struct ofpact_dscp *) a)->dscp;
        if (version < V12) {
            put_raw(out, RAW_SET_NW_TOS, version, dscp);
        } else {
            put_set_field(out, version, MFF_IP_DSCP_SHIFTED, dscp >> 2);
        }
        break;
    }
    case OFPACT_SET_L4_SRC_PORT:
    case OFPACT_SET_L4_DST_PORT:
        encode_l4_port((const void *) a, a->type == OFPACT_SET_L4_SRC_PORT,
                       version, out);
        break;
    case OFPACT_DEC_TTL:
        encode_dec_ttl((const void *) a, version, out);
        break;
    case OFPACT_SET_TUNNEL:
        if (version >= V12) {
            put_set_field(out, version, MFF_TUN_ID, t->tun_id);
        } else if (t->tun_id <= UINT32_MAX
                   && t->ofpact.raw != RAW_SET_TUNNEL64) {
            put_raw(out, RAW_SET_TUNNEL, version, t->tun_id);
        } else {
            put_raw(out, RAW_SET_TUNNEL64, version, t->tun_id);
        }
        break;
    case OFPACT_DELETE_FIELD:
        ofs = put_raw(out, RAW_DELETE_FIELD, version, 0);
        {
            size_t end = out->size;
            out->size = ofs + 10;
            put_field_header(out, df->field,
                             recorded_width(df->field, df->field_len), 0);
            out->size = end;
        }
        break;
    case OFPACT_CLONE:
        ofs = put_raw(out, RAW_CLONE, version, 0);
        ofpacts_put_openflow_actions(on->actions,
                                     ofpact_nest_get_action_len(on), out,
                                     version);
        put_unaligned_be16(out->data + ofs + 2, out->size - ofs);
        break;
    case OFPACT_NOTE:
        ofs = put_raw(out, RAW_NOTE, version, 0);
        out->size -= 6;
        ofpbuf_put(out, note->data, note->length);
        finish_action(out, ofs);
        break;
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_ACTIONS:
    case OFPACT_WRITE_METADATA:
    case OFPACT_GOTO_TABLE:
        encode_instruction(a, version, out);
        break;
    default:
        OVSX_NOT_REACHED();
    }
}

/* Appends the OpenFlow form of the "len" bytes of "ofpacts" for "version"
 * to "out", as OVS's ofpacts_put_openflow_actions(); returns the number of
 * bytes appended. */
size_t
ofpacts_put_openflow_actions(const struct ofpact *ofpacts, size_t len,
                             struct ofpbuf *out, uint8_t version)
{
    size_t start = out->size;
    const struct ofpact *a;

    if (!len) {
        return 0;
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        ofpact_encode__(a, version, out);
    }
    return out->size - start;
}
