/* OpenFlow actions and instructions in one internal form, "ofpacts", and
 * their wire codecs for OpenFlow 1.0 (with the Nicira NXAST_* actions) and
 * OpenFlow 1.3 to 1.5 (actions inside instructions).
 *
 * An action list is a sequence of struct ofpact-headed structs, each
 * padded to OFPACT_ALIGNTO bytes, stored back to back in one buffer.
 * Instructions become actions of their own: OFPACT_GOTO_TABLE,
 * OFPACT_WRITE_METADATA, OFPACT_CLEAR_ACTIONS, OFPACT_WRITE_ACTIONS; what
 * "apply_actions" held is simply the list itself, as in Open vSwitch. */
#ifndef OFP_ACTIONS_H
#define OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "meta-flow.h"
#include "ofp-errors.h"
#include "packets.h"

struct ofpbuf;
struct tun_table;
struct ds;

enum ofpact_type {
    OFPACT_OUTPUT,              /* struct ofpact_output. */
    OFPACT_CONTROLLER,          /* struct ofpact_controller. */
    OFPACT_OUTPUT_REG,          /* struct ofpact_output_reg. */
    OFPACT_RESUBMIT,            /* struct ofpact_resubmit. */
    OFPACT_SET_FIELD,           /* struct ofpact_set_field. */
    OFPACT_REG_LOAD,            /* struct ofpact_reg_load (NXAST_REG_LOAD). */
    OFPACT_REG_MOVE,            /* struct ofpact_reg_move. */
    OFPACT_SET_VLAN_VID,        /* struct ofpact_vlan_vid. */
    OFPACT_SET_VLAN_PCP,        /* struct ofpact_vlan_pcp. */
    OFPACT_STRIP_VLAN,          /* struct ofpact (pop_vlan). */
    OFPACT_PUSH_VLAN,           /* struct ofpact_push_vlan. */
    OFPACT_SET_ETH_SRC,         /* struct ofpact_mac. */
    OFPACT_SET_ETH_DST,         /* struct ofpact_mac. */
    OFPACT_SET_IPV4_SRC,        /* struct ofpact_ipv4. */
    OFPACT_SET_IPV4_DST,        /* struct ofpact_ipv4. */
    OFPACT_SET_IP_DSCP,         /* struct ofpact_dscp. */
    OFPACT_SET_L4_SRC_PORT,     /* struct ofpact_l4_port. */
    OFPACT_SET_L4_DST_PORT,     /* struct ofpact_l4_port. */
    OFPACT_DEC_TTL,             /* struct ofpact_cnt_ids. */
    OFPACT_SET_TUNNEL,          /* struct ofpact_tunnel. */
    OFPACT_DELETE_FIELD,        /* struct ofpact_delete_field. */
    OFPACT_CLONE,               /* struct ofpact_nest. */
    OFPACT_NOTE,                /* struct ofpact_note. */

    /* Instructions (OpenFlow 1.1+), in the order they run. */
    OFPACT_CLEAR_ACTIONS,       /* struct ofpact. */
    OFPACT_WRITE_ACTIONS,       /* struct ofpact_nest. */
    OFPACT_WRITE_METADATA,      /* struct ofpact_metadata. */
    OFPACT_GOTO_TABLE,          /* struct ofpact_goto_table. */
};

/* Every action starts with this. */
struct ofpact {
    uint8_t type;               /* OFPACT_*. */
    uint8_t raw;                /* Which wire action it came from, so that
                                 * it is encoded back the same way (e.g.
                                 * set_tunnel vs. set_tunnel64); codec
                                 * private. */
    uint16_t len;               /* Including this header, not padding. */
};

#define OFPACT_ALIGNTO 8
#define OFPACT_ALIGN(SIZE) ROUND_UP(SIZE, OFPACT_ALIGNTO)

static inline struct ofpact *
ofpact_next(const struct ofpact *a)
{
    return (void *) ((uint8_t *) a + OFPACT_ALIGN(a->len));
}

static inline const struct ofpact *
ofpact_end(const struct ofpact *ofpacts, size_t ofpacts_len)
{
    return (const void *) ((const uint8_t *) ofpacts + ofpacts_len);
}

#define OFPACT_FOR_EACH(POS, OFPACTS, OFPACTS_LEN)                      \
    for ((POS) = (OFPACTS); (POS) < ofpact_end(OFPACTS, OFPACTS_LEN);   \
         (POS) = ofpact_next(POS))

/* Reserved port numbers, 32-bit as in OpenFlow 1.1+ (OpenFlow 1.0's
 * 16-bit 0xfff8..0xffff map to 0xfffffff8..0xffffffff). */
#define OFPP_MAX 0xffffff00
#define OFPP_IN_PORT 0xfffffff8
#define OFPP_TABLE 0xfffffff9
#define OFPP_NORMAL 0xfffffffa
#define OFPP_FLOOD 0xfffffffb
#define OFPP_ALL 0xfffffffc
#define OFPP_CONTROLLER 0xfffffffd
#define OFPP_LOCAL_32 0xfffffffe    /* ofproto.h's OFPP_LOCAL is 65534. */
#define OFPP_ANY 0xffffffff         /* OFPP_NONE in 1.0. */

/* OFPACT_OUTPUT. */
struct ofpact_output {
    struct ofpact ofpact;
    uint32_t port;              /* Port number or OFPP_*; the bridge's own
                                 * port is OFPP_LOCAL_32 here. */
    uint16_t max_len;           /* For OFPP_CONTROLLER. */
};

/* OFPACT_CONTROLLER (NXAST_CONTROLLER, or output:CONTROLLER). */
struct ofpact_controller {
    struct ofpact ofpact;
    uint16_t max_len;
    uint16_t controller_id;
    uint8_t reason;             /* OFPR_*: 0 no match, 1 action. */
};

/* OFPACT_OUTPUT_REG. */
struct ofpact_output_reg {
    struct ofpact ofpact;
    uint16_t max_len;
    struct mf_subfield src;
    uint8_t src_len;            /* Width of src.field in bytes when decoded
                                 * (the TLV-mapped length for
                                 * tun_metadataN), or 0 for
                                 * src.field->n_bytes. */
};

/* OFPACT_RESUBMIT: the port (OFPP_IN_PORT for the packet's own) and table
 * (255 for the current one). */
struct ofpact_resubmit {
    struct ofpact ofpact;
    uint32_t in_port;
    uint8_t table_id;
};

/* OFPACT_SET_FIELD: set_field, masked in OpenFlow 1.5. */
struct ofpact_set_field {
    struct ofpact ofpact;
    const struct mf_field *field;
    union mf_value value;
    union mf_value mask;        /* All-ones unless masked. */
    uint8_t field_len;          /* Width of "field" in bytes: the TLV-mapped
                                 * length for tun_metadataN, or 0 for
                                 * field->n_bytes.  "value" and "mask"
                                 * occupy u8[0] to u8[width - 1]. */
};

/* OFPACT_REG_LOAD: NXAST_REG_LOAD, "load:VALUE->DST[OFS..END]". */
struct ofpact_reg_load {
    struct ofpact ofpact;
    struct mf_subfield dst;
    union mf_subvalue value;    /* Right-aligned. */
    uint8_t dst_len;            /* Width of dst.field in bytes, as for
                                 * ofpact_set_field's "field_len". */
};

/* OFPACT_REG_MOVE. */
struct ofpact_reg_move {
    struct ofpact ofpact;
    struct mf_subfield src;
    struct mf_subfield dst;
    uint8_t src_len;            /* Field widths in bytes, as for */
    uint8_t dst_len;            /* ofpact_set_field's "field_len". */
};

struct ofpact_vlan_vid {
    struct ofpact ofpact;
    uint16_t vlan_vid;          /* 0..4095. */
    bool push_vlan_if_needed;   /* OpenFlow 1.0 mod_vlan_vid pushes. */
    bool flow_has_vlan;         /* Set by ofpacts_check(): the match had a
                                 * tag, so OpenFlow 1.1+ needs no push. */
};

struct ofpact_vlan_pcp {
    struct ofpact ofpact;
    uint8_t vlan_pcp;           /* 0..7. */
    bool push_vlan_if_needed;
    bool flow_has_vlan;         /* As in struct ofpact_vlan_vid. */
};

struct ofpact_push_vlan {
    struct ofpact ofpact;
    be16 ethertype;             /* 0x8100 or 0x88a8. */
};

struct ofpact_mac {
    struct ofpact ofpact;
    struct eth_addr mac;
};

struct ofpact_ipv4 {
    struct ofpact ofpact;
    be32 ipv4;
};

struct ofpact_dscp {
    struct ofpact ofpact;
    uint8_t dscp;               /* DSCP in the high 6 bits. */
};

struct ofpact_l4_port {
    struct ofpact ofpact;
    uint16_t port;
    uint8_t flow_ip_proto;      /* nw_proto the match requires, or 0; set
                                 * by ofpacts_check(). */
};

/* OFPACT_DEC_TTL: the controller ids to notify when TTL runs out. */
struct ofpact_cnt_ids {
    struct ofpact ofpact;
    uint16_t n_controllers;
    uint16_t cnt_ids[];
};

/* OFPACT_SET_TUNNEL: set_tunnel (32-bit) or set_tunnel64. */
struct ofpact_tunnel {
    struct ofpact ofpact;
    uint64_t tun_id;
};

/* OFPACT_DELETE_FIELD: removes tun_metadataN from the packet. */
struct ofpact_delete_field {
    struct ofpact ofpact;
    const struct mf_field *field;
    uint8_t field_len;          /* As for ofpact_set_field. */
};

/* OFPACT_CLONE, OFPACT_WRITE_ACTIONS: nested actions follow. */
struct ofpact_nest {
    struct ofpact ofpact;
    uint8_t pad[OFPACT_ALIGN(sizeof(struct ofpact)) - sizeof(struct ofpact)];
    struct ofpact actions[];
};

static inline size_t
ofpact_nest_get_action_len(const struct ofpact_nest *on)
{
    return on->ofpact.len - offsetof(struct ofpact_nest, actions);
}

struct ofpact_note {
    struct ofpact ofpact;
    size_t length;
    uint8_t data[];
};

struct ofpact_metadata {
    struct ofpact ofpact;
    be64 metadata;
    be64 mask;
};

struct ofpact_goto_table {
    struct ofpact ofpact;
    uint8_t table_id;
};

/* Decoding.  "version" is the message's; "tab" is the bridge's TLV table
 * (a tun_metadataN field that it does not map is
 * OFPERR_NXFMFC_INVALID_TLV_FIELD).  Appends the decoded actions to
 * "ofpacts".  On error "ofpacts" holds nothing new. */
enum ofperr ofpacts_pull_openflow_actions(const void *actions, size_t len,
                                          uint8_t version,
                                          const struct tun_table *tab,
                                          struct ofpbuf *ofpacts);
enum ofperr ofpacts_pull_openflow_instructions(const void *instructions,
                                               size_t len, uint8_t version,
                                               const struct tun_table *tab,
                                               struct ofpbuf *ofpacts);

/* Checks "ofpacts" against the flow match it will run under (prerequisites
 * of set_field and of mod_* actions) and the switch's limits ("max_ports":
 * output ports must be below it or reserved; "table_id": goto_table must
 * go forward), as OVS's ofpacts_check() does. */
struct match;
enum ofperr ofpacts_check(const struct ofpact *, size_t ofpacts_len,
                          const struct match *, uint32_t max_ports,
                          uint8_t table_id, uint8_t n_tables);

/* ofpacts_check() lets an action whose prerequisites the match leaves open
 * through (mod_nw_src without ip, strip_vlan without a tag, ...), as OVS
 * does for OpenFlow 1.0.  OVS refuses those with
 * OFPERR_OFPBAC_MATCH_INCONSISTENT when the flow came in over OpenFlow 1.1
 * or later; this does the same for a flow from a connection of "version".
 * Like ofpacts_check(), it annotates the actions (flow_has_vlan,
 * flow_ip_proto), which changes how they are encoded later.  Flow mods
 * should use this one. */
enum ofperr ofpacts_check_consistency(const struct ofpact *,
                                      size_t ofpacts_len,
                                      const struct match *,
                                      uint32_t max_ports, uint8_t table_id,
                                      uint8_t n_tables, uint8_t version);

/* Encoding, for flow statistics replies.  Returns the bytes appended. */
size_t ofpacts_put_openflow_actions(const struct ofpact *, size_t len,
                                    struct ofpbuf *, uint8_t version);
size_t ofpacts_put_openflow_instructions(const struct ofpact *, size_t len,
                                         struct ofpbuf *, uint8_t version);

bool ofpacts_equal(const struct ofpact *, size_t, const struct ofpact *,
                   size_t);
bool ofpacts_output_to_port(const struct ofpact *, size_t, uint32_t port);

/* Tells whether any action in the list (nested ones included) reads,
 * writes or deletes tun_metadata"index". */
bool ofpacts_use_tun_metadata(const struct ofpact *, size_t,
                              unsigned int index);

/* Appends an action of "type" and "len" bytes (zeroed, then padded to
 * OFPACT_ALIGNTO) to "ofpacts". */
void *ofpact_put(struct ofpbuf *ofpacts, enum ofpact_type, size_t len);

/* Shared by lib/ofp-actions.c (actions) and lib/ofp-instructions.c
 * (instructions, ordering, checks); not for other modules. */
enum ofperr ofpacts_decode__(const void *actions, size_t len,
                             uint8_t version, const struct tun_table *,
                             struct ofpbuf *ofpacts, enum ofperr *deferred);
enum ofperr ofpacts_verify__(const struct ofpact *, size_t ofpacts_len,
                             uint32_t allowed_insts);
void ofpact_encode__(const struct ofpact *, uint8_t version,
                     struct ofpbuf *);
bool ofpact_is_instruction__(const struct ofpact *);
bool ofpact_in_action_set__(const struct ofpact *);

/* Bits of "allowed_insts" for ofpacts_verify__(). */
enum ofp_inst_rank {
    OFP_INST_APPLY_ACTIONS,     /* Plain actions. */
    OFP_INST_CLEAR_ACTIONS,
    OFP_INST_WRITE_ACTIONS,
    OFP_INST_WRITE_METADATA,
    OFP_INST_GOTO_TABLE,
    OFP_N_INSTS
};

#endif /* ofp-actions.h */
