/* OpenFlow actions: decoding the wire forms of OpenFlow 1.0 and 1.3 to
 * 1.5 and of the Nicira (NXAST_*) extensions into ofpacts, with Open
 * vSwitch 3.1's lengths and error codes.
 *
 * Each wire form is one row of "raw_actions" below: its vendor, type or
 * subtype, the OpenFlow versions it exists in and its legal lengths.  The
 * decoder finds the row, checks the length as OVS does, and converts; the
 * row's identifier goes into "struct ofpact"'s "raw" so that the encoder
 * can give back the same form (set_tunnel vs. set_tunnel64, resubmit vs.
 * resubmit_table, dec_ttl vs. dec_ttl_cnt_ids, reg_load2, output_reg2,
 * OpenFlow 1.0 mod_vlan_vid vs. 1.1 set_vlan_vid).
 *
 * Encoding is in lib/ofp-actions-encode.c; instructions, ordering rules
 * and ofpacts_check() are in lib/ofp-instructions.c. */
#include <config.h>
#include "ofp-actions.h"
#include "ofp-actions-private.h"

#include <string.h>
#include "match.h"
#include "ofpbuf.h"
#include "util.h"

/* Short names for the table below. */
#define NX NX_VENDOR_ID
#define ONF ONF_VENDOR_ID
#define ANY_LEN ACTION_MAX_LEN

/* The forms Open vSwitch 3.1 knows that ovsx models (ofp-actions.c's
 * enum ofp_raw_action_type).  Forms OVS knows and ovsx does not are
 * absent, so they fail the way an unknown action does. */
const struct raw_action ofp_raw_actions[] = {
    { RAW10_OUTPUT,         0,   0,  V10, V10, 8,  8,  0,  0 },
    { RAW11_OUTPUT,         0,   0,  V11, V15, 16, 16, 0,  0 },
    { RAW10_SET_VLAN_VID,   0,   1,  V10, V10, 8,  8,  4,  2 },
    { RAW10_SET_VLAN_PCP,   0,   2,  V10, V10, 8,  8,  4,  1 },
    { RAW11_SET_VLAN_VID,   0,   1,  V11, V15, 8,  8,  4,  2 },
    { RAW11_SET_VLAN_PCP,   0,   2,  V11, V15, 8,  8,  4,  1 },
    { RAW11_PUSH_VLAN,      0,   17, V11, V15, 8,  8,  4,  2 },
    { RAW10_STRIP_VLAN,     0,   3,  V10, V10, 8,  8,  0,  0 },
    { RAW11_POP_VLAN,       0,   18, V11, V15, 8,  8,  0,  0 },
    { RAW_SET_DL_SRC,       0,   4,  V10, V10, 16, 16, 0,  0 },
    { RAW_SET_DL_SRC,       0,   3,  V11, V15, 16, 16, 0,  0 },
    { RAW_SET_DL_DST,       0,   5,  V10, V10, 16, 16, 0,  0 },
    { RAW_SET_DL_DST,       0,   4,  V11, V15, 16, 16, 0,  0 },
    { RAW_SET_NW_SRC,       0,   6,  V10, V10, 8,  8,  4,  4 },
    { RAW_SET_NW_SRC,       0,   5,  V11, V15, 8,  8,  4,  4 },
    { RAW_SET_NW_DST,       0,   7,  V10, V10, 8,  8,  4,  4 },
    { RAW_SET_NW_DST,       0,   6,  V11, V15, 8,  8,  4,  4 },
    { RAW_SET_NW_TOS,       0,   8,  V10, V10, 8,  8,  4,  1 },
    { RAW_SET_NW_TOS,       0,   7,  V11, V15, 8,  8,  4,  1 },
    { RAW11_SET_NW_ECN,     0,   8,  V11, V15, 8,  8,  4,  1 },
    { RAW_SET_TP_SRC,       0,   9,  V10, V15, 8,  8,  4,  2 },
    { RAW_SET_TP_DST,       0,   10, V10, V15, 8,  8,  4,  2 },
    { RAW10_ENQUEUE,        0,   11, V10, V10, 16, 16, 0,  0 },
    { RAW_GROUP,            NX,  40, V10, V10, 16, 16, 12, 4 },
    { RAW_GROUP,            0,   22, V11, V15, 8,  8,  4,  4 },
    { RAW11_SET_NW_TTL,     0,   23, V11, V15, 8,  8,  4,  1 },
    { RAW_DEC_NW_TTL,       NX,  18, V10, V10, 16, 16, 0,  0 },
    { RAW_DEC_NW_TTL,       0,   24, V11, V15, 8,  8,  0,  0 },
    { RAW_DEC_TTL_CNT_IDS,  NX,  21, V10, V15, 16, ANY_LEN, 0, 0 },
    { RAW12_SET_FIELD,      0,   25, V12, V14, 8,  ANY_LEN, 0, 0 },
    { RAW15_SET_FIELD,      0,   25, V15, V15, 8,  ANY_LEN, 0, 0 },
    { RAW_REG_LOAD,         NX,  7,  V10, V14, 24, 24, 0,  0 },
    { RAW_REG_LOAD2,        NX,  33, V10, V14, 16, ANY_LEN, 0, 0 },
    { RAW15_COPY_FIELD,     0,   28, V15, V15, 16, ANY_LEN, 0, 0 },
    { RAW13_ONF_COPY_FIELD, ONF, 3200, V13, V14, 24, ANY_LEN, 0, 0 },
    { RAW_REG_MOVE,         NX,  6,  V10, V14, 16, ANY_LEN, 0, 0 },
    { RAW15_METER,          0,   29, V15, V15, 8,  8,  4,  4 },
    { RAW_RESUBMIT,         NX,  1,  V10, V15, 16, 16, 10, 2 },
    { RAW_RESUBMIT_TABLE,   NX,  14, V10, V15, 16, 16, 0,  0 },
    { RAW_SET_TUNNEL,       NX,  2,  V10, V15, 16, 16, 12, 4 },
    { RAW_SET_TUNNEL64,     NX,  9,  V10, V15, 24, 24, 16, 8 },
    { RAW_NOTE,             NX,  8,  V10, V15, 16, ANY_LEN, 0, 0 },
    { RAW_OUTPUT_REG,       NX,  15, V10, V15, 24, 24, 0,  0 },
    { RAW_OUTPUT_REG2,      NX,  32, V10, V15, 24, 24, 0,  0 },
    { RAW_CONTROLLER,       NX,  20, V10, V15, 16, 16, 0,  0 },
    { RAW_WRITE_METADATA,   NX,  22, V10, V15, 32, 32, 0,  0 },
    { RAW_CLONE,            NX,  42, V10, V15, 16, ANY_LEN, 0, 0 },
    { RAW_DELETE_FIELD,     NX,  50, V10, V15, 24, 24, 0,  0 },
};
const size_t ofp_n_raw_actions = ARRAY_SIZE(ofp_raw_actions);

/* Byte helpers. */

static bool
is_all_zeros(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

/* Ports: wire forms to the 32-bit internal numbering. */

static uint32_t
port_from_ofp10(uint16_t port)
{
    return port >= 0xfff8 ? 0xffff0000 | port : port;
}

/* Tells whether "port" may be an output port at all: OpenFlow 1.0's range
 * below 0xff00 or a reserved port other than ANY (OVS's
 * ofpact_check_output_port() with OFPP_MAX). */
static bool
is_valid_output_port(uint32_t port)
{
    return port < OFPP10_MAX || (port >= OFPP_IN_PORT && port != OFPP_ANY);
}

/* NXM/OXM headers (nicira-ext.h "Flexible flow matching"): class 31..16,
 * field 15..9, hasmask 8, length 7..0. */

static unsigned int
nxm_length(uint32_t header)
{
    return header & 0xff;
}

static bool
nxm_hasmask(uint32_t header)
{
    return (header >> 8) & 1;
}

static bool
nxm_same_field(uint32_t a, uint32_t b)
{
    return (a & 0xfffffe00) == (b & 0xfffffe00);
}

/* Returns the field that "header" names, as OVS's nxm_field_by_header()
 * does: a masked header names the field of half its length, and the length
 * must be the field's own unless the field is tun_metadataN. */
static const struct mf_field *
field_from_header(uint32_t header)
{
    uint32_t exact = header;
    if (nxm_hasmask(header)) {
        exact = (header & 0xfffffe00) | (nxm_length(header) / 2);
    }

    const struct mf_field *f = mf_from_oxm_header(exact);
    if (!f) {
        f = mf_from_nxm_header(exact);
    }
    if (!f || f->variable_len) {
        return f;
    }

    uint32_t known = (f->oxm_header && nxm_same_field(f->oxm_header, exact)
                      ? f->oxm_header : f->nxm_header);
    return nxm_length(known) == nxm_length(exact) ? f : NULL;
}

/* Returns the width in bytes of "f" under "tab" (for tun_metadataN, the
 * mapped length; see mf_is_usable()). */
static unsigned int
field_width(const struct mf_field *f, const struct tun_table *tab)
{
    return f->variable_len ? mf_field_len(f, tab) : f->n_bytes;
}

/* A cursor over bytes being decoded. */
struct cursor {
    const uint8_t *p;
    size_t left;
};

/* Pulls an NXM/OXM header from "c" and finds its field, as OVS's
 * nx_pull_header__() does.  On success, or on OFPERR_OFPBMC_BAD_FIELD for
 * an unknown field, stores the header and the payload length that follows
 * it.  Stores in "*width" the field's width under "tab". */
static enum ofperr
pull_field_header(struct cursor *c, const struct tun_table *tab,
                  uint32_t *header, unsigned int *payload_len,
                  const struct mf_field **field, unsigned int *width)
{
    *field = NULL;
    *width = 0;
    if (c->left < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    *header = get_unaligned_be32(c->p);
    if ((*header >> 16) == 0xffff) {
        /* Experimenter OXM: the 32-bit experimenter is part of "length".
         * ovsx has no experimenter fields. */
        if (c->left < 8 || nxm_length(*header) < 4) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        c->p += 8;
        c->left -= 8;
        *payload_len = nxm_length(*header) - 4;
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    c->p += 4;
    c->left -= 4;
    *payload_len = nxm_length(*header);

    *field = field_from_header(*header);
    if (!*field) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    *width = field_width(*field, tab);
    return (mf_is_usable(*field, tab)
            ? 0 : OFPERR_NXFMFC_INVALID_TLV_FIELD);
}

/* Pulls a header that may not be masked (a move, output_reg2 or
 * delete_field operand), as OVS's nx_pull_header() with no "masked". */
static enum ofperr
pull_header(struct cursor *c, const struct tun_table *tab,
            const struct mf_field **field, unsigned int *width)
{
    unsigned int payload_len;
    uint32_t header;
    enum ofperr error = pull_field_header(c, tab, &header, &payload_len,
                                          field, width);
    if (!error && nxm_hasmask(header)) {
        error = OFPERR_OFPBMC_BAD_MASK;
    }
    return error;
}

/* Pulls an NXM/OXM entry (header, value, optional mask) from "c", as OVS's
 * nx_pull_entry__() does.  "value" and "mask" get the field's bytes
 * left-aligned in "width" bytes, a short tun_metadataN value right-aligned
 * within them.  With "mask" null, a masked entry is OFPBMC_BAD_MASK. */
static enum ofperr
pull_entry(struct cursor *c, const struct tun_table *tab,
           const struct mf_field **field, unsigned int *width,
           union mf_value *value, union mf_value *mask)
{
    unsigned int payload_len;
    uint32_t header;
    enum ofperr header_error = pull_field_header(c, tab, &header,
                                                 &payload_len, field, width);
    if (header_error && header_error != OFPERR_OFPBMC_BAD_FIELD) {
        return header_error;
    }

    if (c->left < payload_len) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    const uint8_t *payload = c->p;
    c->p += payload_len;
    c->left -= payload_len;

    bool hasmask = (header >> 16) != 0xffff && nxm_hasmask(header);
    unsigned int n = hasmask ? payload_len / 2 : payload_len;
    if (hasmask) {
        for (unsigned int i = 0; i < n; i++) {
            if (payload[i] & ~payload[n + i]) {
                return OFPERR_OFPBMC_BAD_WILDCARDS;
            }
        }
    }
    if (!mask && hasmask) {
        return OFPERR_OFPBMC_BAD_MASK;
    }
    if (header_error) {
        return header_error;
    }

    unsigned int copy = MIN(n, *width);
    memset(value, 0, sizeof *value);
    memcpy(value->u8 + *width - copy, payload, copy);
    if (mask) {
        memset(mask, 0, sizeof *mask);
        if (hasmask) {
            memcpy(mask->u8 + *width - copy, payload + n, copy);
        } else {
            memset(mask->u8, 0xff, *width);
        }
    }
    return 0;
}

/* Checks subfield "sf" of a field "width" bytes wide as OVS's
 * mf_check_src() does without a match: 0 or an error. */
static enum ofperr
check_subfield(const struct mf_subfield *sf, unsigned int width)
{
    if (!sf->field) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    unsigned int n_bits = field_bits(sf->field, width);
    if (!sf->n_bits || sf->ofs >= n_bits || sf->ofs + sf->n_bits > n_bits) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    return 0;
}

/* As check_subfield(), for a destination (mf_check_dst()). */
static enum ofperr
check_dst_subfield(const struct mf_subfield *sf, unsigned int width)
{
    enum ofperr error = check_subfield(sf, width);
    if (!error && !sf->field->writable) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    return error;
}

/* Looks up the field that a 32-bit NXM header in a fixed slot names
 * (reg_load's "dst", output_reg's "src"), as OVS's
 * mf_vl_mff_mf_from_nxm_header(): unknown is a null field, for the
 * subfield check to refuse. */
static enum ofperr
field_from_slot(uint32_t header, const struct tun_table *tab,
                const struct mf_field **field, unsigned int *width)
{
    *field = field_from_header(header);
    *width = 0;
    if (*field) {
        *width = field_width(*field, tab);
        if (!mf_is_usable(*field, tab)) {
            return OFPERR_NXFMFC_INVALID_TLV_FIELD;
        }
    }
    return 0;
}

/* Decoding. */

/* State of one ofpacts_decode__() call. */
struct decoder {
    uint8_t version;
    const struct tun_table *tab;
    struct ofpbuf *out;
    enum ofperr *deferred;      /* First error OVS would report only after
                                 * decoding (no such group or meter). */
};

/* Appends an action to the decoder's output. */
static void *
put_ofpact(struct decoder *d, enum ofpact_type type, size_t len,
           enum ofp_raw_action raw)
{
    struct ofpact *a = ofpact_put(d->out, type, len);
    a->raw = raw;
    return a;
}

/* Finds the wire form of the action at "p" ("left" bytes remain in the
 * list), as OVS's ofpact_decode_raw(). */
static enum ofperr
find_raw(const uint8_t *p, size_t left, uint8_t version,
         const struct raw_action **rawp)
{
    uint32_t vendor = 0;
    uint16_t type;

    if (left < 8) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    type = get_unaligned_be16(p);
    if (type == OFPAT_VENDOR) {
        vendor = get_unaligned_be32(p + 4);
        if (vendor != NX_VENDOR_ID && vendor != ONF_VENDOR_ID) {
            return OFPERR_OFPBAC_BAD_VENDOR;
        }
        if (left < EXT_HEADER_LEN) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        type = get_unaligned_be16(p + 8);
    }

    for (size_t i = 0; i < ofp_n_raw_actions; i++) {
        const struct raw_action *ra = &ofp_raw_actions[i];
        if (ra->vendor == vendor && ra->type == type
            && version >= ra->min_version && version <= ra->max_version) {
            *rawp = ra;
            return 0;
        }
    }
    return vendor ? OFPERR_OFPBAC_BAD_VENDOR_TYPE : OFPERR_OFPBAC_BAD_TYPE;
}

/* Returns the integer argument of a fixed-form action. */
static uint64_t
raw_arg(const struct raw_action *ra, const uint8_t *p)
{
    uint64_t arg = 0;
    for (unsigned int i = 0; i < ra->arg_len; i++) {
        arg = (arg << 8) | p[ra->arg_ofs + i];
    }
    return arg;
}

static enum ofperr
decode_output(struct decoder *d, uint32_t port, uint16_t max_len)
{
    struct ofpact_output *o = put_ofpact(d, OFPACT_OUTPUT, sizeof *o, 0);
    o->port = port;
    o->max_len = max_len;
    return is_valid_output_port(port) ? 0 : OFPERR_OFPBAC_BAD_OUT_PORT;
}

static enum ofperr
decode_vlan_vid(struct decoder *d, uint64_t vid, bool push,
                enum ofp_raw_action raw)
{
    if (vid & ~0xfffu) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    struct ofpact_vlan_vid *v = put_ofpact(d, OFPACT_SET_VLAN_VID,
                                           sizeof *v, raw);
    v->vlan_vid = vid;
    v->push_vlan_if_needed = push;
    return 0;
}

static enum ofperr
decode_vlan_pcp(struct decoder *d, uint64_t pcp, bool push,
                enum ofp_raw_action raw)
{
    if (pcp & ~7u) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    struct ofpact_vlan_pcp *v = put_ofpact(d, OFPACT_SET_VLAN_PCP,
                                           sizeof *v, raw);
    v->vlan_pcp = pcp;
    v->push_vlan_if_needed = push;
    return 0;
}

/* Appends a whole-field set_field of "value" ("width" bytes) to the
 * output. */
static struct ofpact_set_field *
put_set_field_ofpact(struct decoder *d, const struct mf_field *f,
                     unsigned int width, const union mf_value *value,
                     const union mf_value *mask, enum ofp_raw_action raw)
{
    struct ofpact_set_field *sf = put_ofpact(d, OFPACT_SET_FIELD,
                                             sizeof *sf, raw);
    sf->field = f;
    sf->field_len = f->variable_len ? width : 0;
    sf->value = *value;
    if (mask) {
        sf->mask = *mask;
    } else {
        memset(sf->mask.u8, 0xff, width);
    }
    return sf;
}

/* OpenFlow 1.1+ set_nw_ecn and set_nw_ttl have no ofpact of their own;
 * they become a set_field of the same field, which OVS encodes the same
 * way except set_nw_ttl, which keeps its raw form. */
static enum ofperr
decode_set_ip_byte(struct decoder *d, enum mf_field_id id, uint8_t x,
                   enum ofp_raw_action raw)
{
    const struct mf_field *f = mf_from_id(id);
    union mf_value value;

    memset(&value, 0, sizeof value);
    value.u8[0] = x;
    put_set_field_ofpact(d, f, f->n_bytes, &value, NULL, raw);
    return 0;
}

/* OFPAT_SET_FIELD (openflow-1.2.h struct ofp12_action_set_field): an
 * OXM entry from offset 4, then zero padding; OpenFlow 1.5 allows a
 * mask. */
static enum ofperr
decode_set_field(struct decoder *d, const uint8_t *p, size_t len,
                 bool may_mask, enum ofp_raw_action raw)
{
    struct cursor c = { p + 4, len - 4 };
    const struct mf_field *f;
    union mf_value value, mask;
    unsigned int width;

    enum ofperr error = pull_entry(&c, d->tab, &f, &width, &value,
                                   may_mask ? &mask : NULL);
    if (error) {
        return (error == OFPERR_OFPBMC_BAD_MASK
                ? OFPERR_OFPBAC_BAD_SET_MASK : error);
    }
    if (!may_mask) {
        memset(&mask, 0, sizeof mask);
        memset(mask.u8, 0xff, width);
    }
    if (!is_all_zeros(c.p, c.left)
        || f->id == MFF_IN_PORT_OXM || !f->writable) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    if (!mf_is_value_valid(f, &value)
        || (f->id == MFF_VLAN_VID
            && (!(mask.u8[0] & (OFPVID12_PRESENT >> 8))
                || !(value.u8[0] & (OFPVID12_PRESENT >> 8))))) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    put_set_field_ofpact(d, f, width, &value, &mask, raw);
    return 0;
}

/* NXAST_REG_LOAD (nicira-ext.h struct nx_action_reg_load): ofs_nbits at
 * 10, dst at 12, value at 16. */
static enum ofperr
decode_reg_load(struct decoder *d, const uint8_t *p)
{
    uint16_t ofs_nbits = get_unaligned_be16(p + 10);
    uint64_t value = get_be64(p + 16);
    struct mf_subfield dst;
    unsigned int width;

    dst.ofs = ofs_nbits >> 6;
    dst.n_bits = (ofs_nbits & 0x3f) + 1;
    enum ofperr error = field_from_slot(get_unaligned_be32(p + 12), d->tab,
                                        &dst.field, &width);
    if (!error) {
        error = check_dst_subfield(&dst, width);
    }
    if (error) {
        return error;
    }
    if (dst.n_bits < 64 && value >> dst.n_bits) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }

    struct ofpact_reg_load *rl = put_ofpact(d, OFPACT_REG_LOAD, sizeof *rl,
                                            RAW_REG_LOAD);
    rl->dst = dst;
    rl->dst_len = dst.field->variable_len ? width : 0;
    put_be64(&rl->value.u8[120], value);
    return 0;
}

/* NXAST_REG_LOAD2: an NXM/OXM entry, maybe masked, from offset 10. */
static enum ofperr
decode_reg_load2(struct decoder *d, const uint8_t *p, size_t len)
{
    struct cursor c = { p + 10, len - 10 };
    const struct mf_field *f;
    union mf_value value, mask;
    unsigned int width;

    enum ofperr error = pull_entry(&c, d->tab, &f, &width, &value, &mask);
    if (error) {
        return error;
    }
    if (!is_all_zeros(c.p, c.left) || !f->writable) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    put_set_field_ofpact(d, f, width, &value, &mask, RAW_REG_LOAD2);
    return 0;
}

/* NXAST_REG_MOVE (n_bits at 10, src_ofs at 12, dst_ofs at 14, headers
 * from 16), OpenFlow 1.5 copy_field (n_bits at 4, offsets at 6 and 8,
 * headers from 12) and the ONF 1.3 copy_field (n_bits at 12, offsets at
 * 14 and 16, headers from 20). */
static enum ofperr
decode_move(struct decoder *d, const uint8_t *p, size_t len,
            size_t n_bits_ofs, size_t oxm_ofs, enum ofp_raw_action raw)
{
    struct ofpact_reg_move *m = put_ofpact(d, OFPACT_REG_MOVE, sizeof *m,
                                           raw);
    struct cursor c = { p + oxm_ofs, len - oxm_ofs };
    unsigned int n_bits = get_unaligned_be16(p + n_bits_ofs);
    unsigned int src_width, dst_width;

    m->src.ofs = get_unaligned_be16(p + n_bits_ofs + 2);
    m->dst.ofs = get_unaligned_be16(p + n_bits_ofs + 4);
    m->src.n_bits = m->dst.n_bits = n_bits;

    enum ofperr error = pull_header(&c, d->tab, &m->src.field, &src_width);
    if (error) {
        return error;
    }
    error = pull_header(&c, d->tab, &m->dst.field, &dst_width);
    if (error) {
        return error;
    }
    if (!is_all_zeros(c.p, c.left)) {
        return OFPERR_NXBRC_MUST_BE_ZERO;
    }
    m->src_len = m->src.field->variable_len ? src_width : 0;
    m->dst_len = m->dst.field->variable_len ? dst_width : 0;

    error = check_subfield(&m->src, src_width);
    return error ? error : check_dst_subfield(&m->dst, dst_width);
}

/* NXAST_OUTPUT_REG: ofs_nbits at 10, src at 12, max_len at 16, zero[6] at
 * 18.  NXAST_OUTPUT_REG2: ofs_nbits at 10, max_len at 12, src header from
 * 14, zero padding to 24. */
static enum ofperr
decode_output_reg(struct decoder *d, const uint8_t *p, bool reg2)
{
    struct ofpact_output_reg *o;
    uint16_t ofs_nbits = get_unaligned_be16(p + 10);
    unsigned int width;
    enum ofperr error;

    if (!reg2 && !is_all_zeros(p + 18, 6)) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    o = put_ofpact(d, OFPACT_OUTPUT_REG, sizeof *o,
                   reg2 ? RAW_OUTPUT_REG2 : RAW_OUTPUT_REG);
    o->src.ofs = ofs_nbits >> 6;
    o->src.n_bits = (ofs_nbits & 0x3f) + 1;
    if (reg2) {
        struct cursor c = { p + 14, 10 };

        o->max_len = get_unaligned_be16(p + 12);
        error = pull_header(&c, d->tab, &o->src.field, &width);
        if (error) {
            return error;
        }
        if (!is_all_zeros(c.p, c.left)) {
            return OFPERR_NXBRC_MUST_BE_ZERO;
        }
    } else {
        o->max_len = get_unaligned_be16(p + 16);
        error = field_from_slot(get_unaligned_be32(p + 12), d->tab,
                                &o->src.field, &width);
        if (error) {
            return error;
        }
    }
    if (o->src.field && o->src.field->variable_len) {
        o->src_len = width;
    }
    return check_subfield(&o->src, width);
}

/* NXAST_DEC_TTL_CNT_IDS: n_controllers at 10, zeros[4] at 12, ids from
 * 16. */
static enum ofperr
decode_cnt_ids(struct decoder *d, const uint8_t *p, size_t len)
{
    uint16_t n = get_unaligned_be16(p + 10);

    if (!is_all_zeros(p + 12, 4)) {
        return OFPERR_NXBRC_MUST_BE_ZERO;
    }
    if (len - 16 < 2u * n) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    struct ofpact_cnt_ids *ids = put_ofpact(
        d, OFPACT_DEC_TTL, offsetof(struct ofpact_cnt_ids, cnt_ids) + 2 * n,
        RAW_DEC_TTL_CNT_IDS);
    ids->n_controllers = n;
    for (unsigned int i = 0; i < n; i++) {
        ids->cnt_ids[i] = get_unaligned_be16(p + 16 + 2 * i);
    }
    return 0;
}

/* NXAST_NOTE: the bytes from offset 10 to the end, padding included. */
static enum ofperr
decode_note(struct decoder *d, const uint8_t *p, size_t len)
{
    size_t n = len - 10;
    struct ofpact_note *note = put_ofpact(
        d, OFPACT_NOTE, offsetof(struct ofpact_note, data) + n, RAW_NOTE);
    note->length = n;
    memcpy(note->data, p + 10, n);
    return 0;
}

/* NXAST_CLONE: actions from offset 16, which may be any plain actions. */
static enum ofperr
decode_clone(struct decoder *d, const uint8_t *p, size_t len)
{
    size_t start = d->out->size;
    ofpact_put(d->out, OFPACT_CLONE, offsetof(struct ofpact_nest, actions));

    size_t inner = d->out->size;
    enum ofperr error = ofpacts_decode__(p + 16, len - 16, d->version, d->tab,
                                         d->out, d->deferred);
    if (!error) {
        error = ofpacts_verify__(
            (const struct ofpact *) (d->out->data + inner),
            d->out->size - inner, 1u << OFP_INST_APPLY_ACTIONS);
    }
    if (!error && d->out->size - start > UINT16_MAX) {
        /* The nested actions do not fit in an ofpact's 16-bit length. */
        error = OFPERR_OFPBAC_BAD_LEN;
    }
    struct ofpact *clone = (struct ofpact *) (d->out->data + start);
    clone->len = MIN(d->out->size - start, UINT16_MAX);
    clone->raw = RAW_CLONE;
    return error;
}

/* NXAST_DELETE_FIELD: a field header from offset 10, padding to 24 (not
 * checked, as in OVS). */
static enum ofperr
decode_delete_field(struct decoder *d, const uint8_t *p)
{
    struct ofpact_delete_field *df = put_ofpact(d, OFPACT_DELETE_FIELD,
                                                sizeof *df, RAW_DELETE_FIELD);
    struct cursor c = { p + 10, 14 };
    unsigned int width;

    enum ofperr error = pull_header(&c, d->tab, &df->field, &width);
    if (!error && df->field->variable_len) {
        df->field_len = width;
    }
    return error;
}

/* Records an error that OVS reports only once the whole flow has been
 * decoded and checked: ovsx has no groups and no meters. */
static enum ofperr
defer(struct decoder *d, enum ofperr error)
{
    if (!*d->deferred) {
        *d->deferred = error;
    }
    return 0;
}

/* Converts the one action at "p", "len" bytes, whose form is "ra". */
static enum ofperr
decode_action(struct decoder *d, const struct raw_action *ra,
              const uint8_t *p, size_t len)
{
    uint64_t arg = raw_arg(ra, p);
    struct ofpact_mac *mac;
    struct ofpact_ipv4 *ip;
    struct ofpact_l4_port *l4;

    switch (ra->raw) {
    case RAW10_OUTPUT:
        return decode_output(d, port_from_ofp10(get_unaligned_be16(p + 4)),
                             get_unaligned_be16(p + 6));
    case RAW11_OUTPUT:
        return decode_output(d, get_unaligned_be32(p + 4),
                             get_unaligned_be16(p + 8));
    case RAW10_SET_VLAN_VID:
    case RAW11_SET_VLAN_VID:
        return decode_vlan_vid(d, arg, ra->raw == RAW10_SET_VLAN_VID,
                               ra->raw);
    case RAW10_SET_VLAN_PCP:
    case RAW11_SET_VLAN_PCP:
        return decode_vlan_pcp(d, arg, ra->raw == RAW10_SET_VLAN_PCP,
                               ra->raw);
    case RAW11_PUSH_VLAN: {
        if (arg != ETH_TYPE_VLAN_8021Q && arg != ETH_TYPE_VLAN_8021AD) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_push_vlan *pv = put_ofpact(d, OFPACT_PUSH_VLAN,
                                                 sizeof *pv, ra->raw);
        put_unaligned_be16(&pv->ethertype, arg);
        return 0;
    }
    case RAW10_STRIP_VLAN:
    case RAW11_POP_VLAN:
        put_ofpact(d, OFPACT_STRIP_VLAN, sizeof(struct ofpact), ra->raw);
        return 0;
    case RAW_SET_DL_SRC:
    case RAW_SET_DL_DST:
        mac = put_ofpact(d, (ra->raw == RAW_SET_DL_SRC
                             ? OFPACT_SET_ETH_SRC : OFPACT_SET_ETH_DST),
                         sizeof *mac, ra->raw);
        memcpy(&mac->mac, p + 4, ETH_ADDR_LEN);
        return 0;
    case RAW_SET_NW_SRC:
    case RAW_SET_NW_DST:
        ip = put_ofpact(d, (ra->raw == RAW_SET_NW_SRC
                            ? OFPACT_SET_IPV4_SRC : OFPACT_SET_IPV4_DST),
                        sizeof *ip, ra->raw);
        memcpy(&ip->ipv4, p + 4, 4);
        return 0;
    case RAW_SET_NW_TOS: {
        if (arg & ~0xfcu) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_dscp *dscp = put_ofpact(d, OFPACT_SET_IP_DSCP,
                                              sizeof *dscp, ra->raw);
        dscp->dscp = arg;
        return 0;
    }
    case RAW11_SET_NW_ECN:
        if (arg & ~3u) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        return decode_set_ip_byte(d, MFF_IP_ECN, arg, ra->raw);
    case RAW11_SET_NW_TTL:
        return decode_set_ip_byte(d, MFF_IP_TTL, arg, ra->raw);
    case RAW_SET_TP_SRC:
    case RAW_SET_TP_DST:
        l4 = put_ofpact(d, (ra->raw == RAW_SET_TP_SRC
                            ? OFPACT_SET_L4_SRC_PORT
                            : OFPACT_SET_L4_DST_PORT),
                        sizeof *l4, ra->raw);
        l4->port = arg;
        return 0;
    case RAW10_ENQUEUE:
        /* No queues in ovsx. */
        return OFPERR_OFPBAC_BAD_TYPE;
    case RAW_GROUP:
        return defer(d, OFPERR_OFPBAC_BAD_OUT_GROUP);
    case RAW15_METER:
        return OFPERR_OFPBAC_BAD_TYPE;
    case RAW_DEC_NW_TTL: {
        struct ofpact_cnt_ids *ids = put_ofpact(
            d, OFPACT_DEC_TTL, offsetof(struct ofpact_cnt_ids, cnt_ids) + 2,
            ra->raw);
        ids->n_controllers = 1;
        ids->cnt_ids[0] = 0;
        return 0;
    }
    case RAW_DEC_TTL_CNT_IDS:
        return decode_cnt_ids(d, p, len);
    case RAW12_SET_FIELD:
    case RAW15_SET_FIELD:
        return decode_set_field(d, p, len, ra->raw == RAW15_SET_FIELD,
                                ra->raw);
    case RAW_REG_LOAD:
        return decode_reg_load(d, p);
    case RAW_REG_LOAD2:
        return decode_reg_load2(d, p, len);
    case RAW_REG_MOVE:
        return decode_move(d, p, len, 10, 16, ra->raw);
    case RAW15_COPY_FIELD:
        return decode_move(d, p, len, 4, 12, ra->raw);
    case RAW13_ONF_COPY_FIELD:
        return decode_move(d, p, len, 12, 20, ra->raw);
    case RAW_RESUBMIT:
    case RAW_RESUBMIT_TABLE: {
        if (ra->raw == RAW_RESUBMIT_TABLE && !is_all_zeros(p + 13, 3)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_resubmit *r = put_ofpact(d, OFPACT_RESUBMIT,
                                               sizeof *r, ra->raw);
        r->in_port = port_from_ofp10(get_unaligned_be16(p + 10));
        r->table_id = ra->raw == RAW_RESUBMIT ? 0xff : p[12];
        return 0;
    }
    case RAW_SET_TUNNEL:
    case RAW_SET_TUNNEL64: {
        struct ofpact_tunnel *t = put_ofpact(d, OFPACT_SET_TUNNEL,
                                             sizeof *t, ra->raw);
        t->tun_id = arg;
        return 0;
    }
    case RAW_NOTE:
        return decode_note(d, p, len);
    case RAW_OUTPUT_REG:
    case RAW_OUTPUT_REG2:
        return decode_output_reg(d, p, ra->raw == RAW_OUTPUT_REG2);
    case RAW_CONTROLLER: {
        struct ofpact_controller *oc = put_ofpact(d, OFPACT_CONTROLLER,
                                                  sizeof *oc, ra->raw);
        oc->max_len = get_unaligned_be16(p + 10);
        oc->controller_id = get_unaligned_be16(p + 12);
        oc->reason = p[14];
        return 0;
    }
    case RAW_WRITE_METADATA: {
        if (!is_all_zeros(p + 10, 6)) {
            return OFPERR_NXBRC_MUST_BE_ZERO;
        }
        struct ofpact_metadata *md = put_ofpact(d, OFPACT_WRITE_METADATA,
                                                sizeof *md, ra->raw);
        memcpy(&md->metadata, p + 16, 8);
        memcpy(&md->mask, p + 24, 8);
        return 0;
    }
    case RAW_CLONE:
        return decode_clone(d, p, len);
    case RAW_DELETE_FIELD:
        return decode_delete_field(d, p);
    case RAW_NONE:
    default:
        OVSX_NOT_REACHED();
    }
}

/* Decodes the "len" bytes of OpenFlow actions at "actions" into
 * "ofpacts", without the ordering check (ofpacts_verify__()).  On an error
 * in an action OVS would report only later (a group), stores it in
 * "*deferred" if that is still 0 and goes on.  On error, "ofpacts" may
 * hold a partial result; the caller rolls it back. */
enum ofperr
ofpacts_decode__(const void *actions, size_t len, uint8_t version,
                 const struct tun_table *tab, struct ofpbuf *ofpacts,
                 enum ofperr *deferred)
{
    struct decoder d = { version, tab, ofpacts, deferred };
    const uint8_t *p = actions;

    while (len) {
        const struct raw_action *ra;
        enum ofperr error = find_raw(p, len, version, &ra);
        if (error) {
            return error;
        }

        size_t alen = get_unaligned_be16(p + 2);
        if (alen > len || alen < ra->min_len || alen > ra->max_len
            || alen % 8) {
            return OFPERR_OFPBAC_BAD_LEN;
        }

        error = decode_action(&d, ra, p, alen);
        if (error) {
            return error;
        }
        p += alen;
        len -= alen;
    }
    return 0;
}

/* Whole lists. */

/* Decodes "len" bytes of OpenFlow actions (a packet-out's, or an
 * apply_actions instruction's) into "ofpacts", as OVS's
 * ofpacts_pull_openflow_actions(): only plain actions are allowed. */
enum ofperr
ofpacts_pull_openflow_actions(const void *actions, size_t len,
                              uint8_t version, const struct tun_table *tab,
                              struct ofpbuf *ofpacts)
{
    size_t orig = ofpacts->size;
    enum ofperr deferred = 0;
    enum ofperr error;

    if (len % 8) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = ofpacts_decode__(actions, len, version, tab, ofpacts, &deferred);
    if (!error && ofpacts->size > orig) {
        error = ofpacts_verify__(
            (const struct ofpact *) (ofpacts->data + orig),
            ofpacts->size - orig, 1u << OFP_INST_APPLY_ACTIONS);
    }
    if (!error) {
        error = deferred;
    }
    if (error) {
        ofpacts->size = orig;
    }
    return error;
}

/* Appends an action of "type", "len" bytes, zeroed and padded to
 * OFPACT_ALIGNTO, to "ofpacts" and returns it.  The pointer is valid until
 * "ofpacts" next grows. */
void *
ofpact_put(struct ofpbuf *ofpacts, enum ofpact_type type, size_t len)
{
    struct ofpact *a = ofpbuf_put_zeros(ofpacts, OFPACT_ALIGN(len));
    a->type = type;
    a->len = len;
    return a;
}

/* Tells whether two action lists are the same, byte for byte, as OVS's
 * ofpacts_equal(). */
bool
ofpacts_equal(const struct ofpact *a, size_t a_len,
              const struct ofpact *b, size_t b_len)
{
    return a_len == b_len && (!a_len || !memcmp(a, b, a_len));
}

/* Tells whether an action in "ofpacts", or nested in clone() or
 * write_actions(), sends packets to "port": output to it, or to the
 * controller for OFPP_CONTROLLER (OVS's ofpacts_output_to_port(); output_reg
 * does not count). */
bool
ofpacts_output_to_port(const struct ofpact *ofpacts, size_t len,
                       uint32_t port)
{
    const struct ofpact *a;

    if (!len) {
        return false;
    }
    OFPACT_FOR_EACH (a, ofpacts, len) {
        const struct ofpact_nest *on = (const void *) a;

        switch ((enum ofpact_type) a->type) {
        case OFPACT_OUTPUT:
            if (((const struct ofpact_output *) a)->port == port) {
                return true;
            }
            break;
        case OFPACT_CONTROLLER:
            if (port == OFPP_CONTROLLER) {
                return true;
            }
            break;
        case OFPACT_CLONE:
        case OFPACT_WRITE_ACTIONS:
            if (ofpacts_output_to_port(on->actions,
                                       ofpact_nest_get_action_len(on),
                                       port)) {
                return true;
            }
            break;
        default:
            break;
        }
    }
    return false;
}

static bool
field_is_tun_metadata(const struct mf_field *field, unsigned int index)
{
    return field && field->id == MFF_TUN_METADATA0 + index;
}

/* Tells whether an action in "ofpacts", nested ones included, reads,
 * writes or deletes tun_metadata"index": a TLV mapping those actions use
 * may not be deleted. */
bool
ofpacts_use_tun_metadata(const struct ofpact *ofpacts, size_t len,
                         unsigned int index)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        switch ((enum ofpact_type) a->type) {
        case OFPACT_SET_FIELD:
            if (field_is_tun_metadata(
                    ((const struct ofpact_set_field *) a)->field, index)) {
                return true;
            }
            break;
        case OFPACT_REG_LOAD:
            if (field_is_tun_metadata(
                    ((const struct ofpact_reg_load *) a)->dst.field, index)) {
                return true;
            }
            break;
        case OFPACT_REG_MOVE: {
            const struct ofpact_reg_move *move = (const void *) a;
            if (field_is_tun_metadata(move->src.field, index)
                || field_is_tun_metadata(move->dst.field, index)) {
                return true;
            }
            break;
        }
        case OFPACT_OUTPUT_REG:
            if (field_is_tun_metadata(
                    ((const struct ofpact_output_reg *) a)->src.field,
                    index)) {
                return true;
            }
            break;
        case OFPACT_DELETE_FIELD:
            if (field_is_tun_metadata(
                    ((const struct ofpact_delete_field *) a)->field, index)) {
                return true;
            }
            break;
        case OFPACT_CLONE:
        case OFPACT_WRITE_ACTIONS: {
            const struct ofpact_nest *on = (const void *) a;
            if (ofpacts_use_tun_metadata(on->actions,
                                         ofpact_nest_get_action_len(on),
                                         index)) {
                return true;
            }
            break;
        }
        default:
            break;
        }
    }
    return false;
}
