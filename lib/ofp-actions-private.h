/* Internals shared by the OpenFlow action codec's files: lib/ofp-actions.c
 * (decoding), lib/ofp-actions-encode.c (encoding) and
 * lib/ofp-instructions.c.  Not for other modules. */
#ifndef OFP_ACTIONS_PRIVATE_H
#define OFP_ACTIONS_PRIVATE_H 1

#include <stdbool.h>
#include <stdint.h>
#include "meta-flow.h"
#include "packets.h"

/* OpenFlow protocol versions, as in ofp_header. */
#define OFP10_VERSION 0x01
#define OFP11_VERSION 0x02
#define OFP12_VERSION 0x03
#define OFP13_VERSION 0x04
#define OFP14_VERSION 0x05
#define OFP15_VERSION 0x06

/* Vendor (experimenter) actions: type 0xffff, then a 32-bit vendor, then
 * for Nicira and ONF a 16-bit subtype at offset 8 (nicira-ext.h,
 * struct nx_action_header). */
#define OFPAT_VENDOR 0xffff
#define NX_VENDOR_ID 0x00002320
#define ONF_VENDOR_ID 0x4f4e4600
#define EXT_HEADER_LEN 16

/* OpenFlow 1.0 ports below this are physical (openflow-1.0.h). */
#define OFPP10_MAX 0xff00

/* Largest action: len is 16 bits and a multiple of 8. */
#define ACTION_MAX_LEN 0xfff8

/* OFPVID_PRESENT in an OXM vlan_vid (openflow-1.2.h). */
#define OFPVID12_PRESENT 0x1000

/* Short names for the table of wire forms. */
#define V10 OFP10_VERSION
#define V11 OFP11_VERSION
#define V12 OFP12_VERSION
#define V13 OFP13_VERSION
#define V14 OFP14_VERSION
#define V15 OFP15_VERSION

/* Identifies one wire form of an action.  0 means "not from the wire";
 * the encoder then chooses as OVS does for an action it originated. */
enum ofp_raw_action {
    RAW_NONE,
    RAW10_OUTPUT, RAW11_OUTPUT,
    RAW10_SET_VLAN_VID, RAW10_SET_VLAN_PCP,
    RAW11_SET_VLAN_VID, RAW11_SET_VLAN_PCP,
    RAW11_PUSH_VLAN, RAW10_STRIP_VLAN, RAW11_POP_VLAN,
    RAW_SET_DL_SRC, RAW_SET_DL_DST, RAW_SET_NW_SRC, RAW_SET_NW_DST,
    RAW_SET_NW_TOS, RAW11_SET_NW_ECN, RAW_SET_TP_SRC, RAW_SET_TP_DST,
    RAW10_ENQUEUE, RAW_GROUP, RAW11_SET_NW_TTL, RAW_DEC_NW_TTL,
    RAW_DEC_TTL_CNT_IDS, RAW12_SET_FIELD, RAW15_SET_FIELD,
    RAW_REG_LOAD, RAW_REG_LOAD2, RAW15_COPY_FIELD, RAW13_ONF_COPY_FIELD,
    RAW_REG_MOVE, RAW15_METER, RAW_RESUBMIT, RAW_RESUBMIT_TABLE,
    RAW_SET_TUNNEL, RAW_SET_TUNNEL64, RAW_NOTE, RAW_OUTPUT_REG,
    RAW_OUTPUT_REG2, RAW_CONTROLLER, RAW_WRITE_METADATA, RAW_CLONE,
    RAW_DELETE_FIELD,
};

/* One wire form: the action is "vendor" (0 for a standard action) and
 * "type" (OFPAT_* or the vendor's subtype) in versions "min_version" to
 * "max_version"; it is "min_len" to "max_len" bytes long.  A form whose
 * argument is one integer has it at "arg_ofs", "arg_len" bytes. */
struct raw_action {
    enum ofp_raw_action raw;
    uint32_t vendor;
    uint16_t type;
    uint8_t min_version, max_version;
    uint16_t min_len, max_len;
    uint8_t arg_ofs, arg_len;
};

/* The wire forms, and how many there are. */
extern const struct raw_action ofp_raw_actions[];
extern const size_t ofp_n_raw_actions;

/* Byte access to wire structures. */

static inline uint64_t
get_be64(const uint8_t *p)
{
    return ((uint64_t) get_unaligned_be32(p) << 32)
           | get_unaligned_be32(p + 4);
}

static inline void
put_be64(uint8_t *p, uint64_t x)
{
    put_unaligned_be32(p, x >> 32);
    put_unaligned_be32(p + 4, x);
}

static inline bool
is_all_ones(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0xff) {
            return false;
        }
    }
    return true;
}

/* Returns the width of "f" as recorded at decoding ("len"), falling back
 * to its static width for an action built elsewhere. */
static inline unsigned int
recorded_width(const struct mf_field *f, uint8_t len)
{
    return len ? len : f->n_bytes;
}

/* Returns the width of "f" in bits, given its width in bytes. */
static inline unsigned int
field_bits(const struct mf_field *f, unsigned int width)
{
    return f->variable_len ? 8 * width : f->n_bits;
}

/* Returns the 32-bit header to write for "f" in OpenFlow "version" (0
 * prefers the NXM header), with hasmask 0 and the field's own length, as
 * OVS's mf_oxm_header() chooses. */
static inline uint32_t
field_header(const struct mf_field *f, uint8_t version)
{
    if (f->oxm_header
        && (version ? version >= f->oxm_version : !f->nxm_header)) {
        return f->oxm_header;
    }
    return f->nxm_header ? f->nxm_header : f->oxm_header;
}

#endif /* ofp-actions-private.h */
