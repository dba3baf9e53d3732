/* Fields: every header field OpenFlow can match or set, by name, width and
 * wire code (NXM and OXM), and how to read and write it in a struct flow
 * or a struct match.
 *
 * The names are the ones "ovs-ofctl" prints and parses; the NXM and OXM
 * headers are Open vSwitch's (nicira-ext / OpenFlow 1.2+ "basic" class).
 * A field's prerequisite is what a match must already say before it may
 * match the field (e.g. ip_src needs dl_type=0x0800), as OVS enforces. */
#ifndef META_FLOW_H
#define META_FLOW_H 1

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include "compiler.h"
#include "packets.h"
#include "tun-metadata.h"

struct flow;
struct match;
struct tun_table;

enum mf_field_id {
    /* Tunnel. */
    MFF_TUN_ID, MFF_TUN_SRC, MFF_TUN_DST, MFF_TUN_IPV6_SRC, MFF_TUN_IPV6_DST,
    MFF_TUN_FLAGS,
    MFF_TUN_METADATA0,              /* MFF_TUN_METADATA0 + N is field N. */
    MFF_TUN_METADATA63 = MFF_TUN_METADATA0 + 63,

    /* Metadata. */
    MFF_METADATA, MFF_IN_PORT, MFF_IN_PORT_OXM, MFF_PKT_MARK,
    MFF_REG0,                       /* MFF_REG0 + N is regN. */
    MFF_REG15 = MFF_REG0 + 15,
    MFF_XREG0,                      /* MFF_XREG0 + N is xregN (64 bits). */
    MFF_XREG7 = MFF_XREG0 + 7,

    /* L2. */
    MFF_ETH_SRC, MFF_ETH_DST, MFF_ETH_TYPE,
    MFF_VLAN_TCI,                   /* NXM: the 16-bit TCI, CFI = present. */
    MFF_DL_VLAN, MFF_VLAN_VID, MFF_DL_VLAN_PCP, MFF_VLAN_PCP,

    /* L3. */
    MFF_IPV4_SRC, MFF_IPV4_DST, MFF_IPV6_SRC, MFF_IPV6_DST, MFF_IPV6_LABEL,
    MFF_IP_PROTO, MFF_IP_DSCP, MFF_IP_DSCP_SHIFTED, MFF_IP_ECN, MFF_IP_TTL,
    MFF_IP_FRAG,
    MFF_ARP_OP, MFF_ARP_SPA, MFF_ARP_TPA, MFF_ARP_SHA, MFF_ARP_THA,

    /* L4. */
    MFF_TCP_SRC, MFF_TCP_DST, MFF_TCP_FLAGS,
    MFF_UDP_SRC, MFF_UDP_DST,
    MFF_SCTP_SRC, MFF_SCTP_DST,
    MFF_ICMPV4_TYPE, MFF_ICMPV4_CODE,
    MFF_ICMPV6_TYPE, MFF_ICMPV6_CODE,
    MFF_ND_TARGET, MFF_ND_SLL, MFF_ND_TLL,

    MFF_N_IDS
};

/* What a match must already constrain before matching a field. */
enum mf_prereq {
    MFP_NONE,
    MFP_ARP,                        /* dl_type 0x0806 (or RARP 0x8035). */
    MFP_VLAN_VID,                   /* A VLAN tag (CFI) matched present. */
    MFP_IPV4,                       /* dl_type 0x0800. */
    MFP_IPV6,                       /* dl_type 0x86dd. */
    MFP_IP_ANY,                     /* IPv4 or IPv6. */
    MFP_TCP, MFP_UDP, MFP_SCTP,     /* IP_ANY and nw_proto 6, 17, 132. */
    MFP_ICMPV4,                     /* IPV4 and nw_proto 1. */
    MFP_ICMPV6,                     /* IPV6 and nw_proto 58. */
    MFP_ND,                         /* ICMPV6 and icmp_type 135 or 136. */
    MFP_ND_SOLICIT,                 /* ICMPV6 and icmp_type 135. */
    MFP_ND_ADVERT,                  /* ICMPV6 and icmp_type 136. */
};

/* How much of a field may be masked. */
enum mf_maskable {
    MFM_NONE,                       /* Exact match or wildcard only. */
    MFM_FULLY,                      /* Any bitwise mask. */
};

struct mf_field {
    enum mf_field_id id;
    const char *name;               /* As ovs-ofctl prints it: "tun_id". */
    const char *extra_name;         /* Another name ovs-ofctl accepts
                                     * ("dl_src" for eth_src), or NULL. */
    unsigned int n_bytes;           /* Width, bytes.  tun_metadataN: the
                                     * largest (124); the mapped length
                                     * comes from the TLV table. */
    unsigned int n_bits;            /* Meaningful bits, <= 8 * n_bytes. */
    bool variable_len;              /* tun_metadataN. */
    enum mf_maskable maskable;
    enum mf_prereq prereq;
    bool writable;                  /* Settable by set_field/load/move. */

    /* Wire headers with hasmask 0 and the field's own length, or 0 if the
     * field has none.  nxm_header is a 32-bit NXM header (class 0x0000 or
     * 0x0001); oxm_header a 32-bit OFPXMC_OPENFLOW_BASIC (0x8000) header
     * (OFPXMC_PACKET_REGS, 0x8001, for xregN), used from OpenFlow
     * "oxm_version" (a wire version, e.g. 0x04 for 1.3) on.  tcp_flags
     * also has an ONF experimenter form for OpenFlow 1.3 and 1.4, which
     * lib/nx-match handles. */
    uint32_t nxm_header;
    uint32_t oxm_header;
    uint8_t oxm_version;
};

/* A field's value, in network byte order, left-aligned in the union:
 * "u8" to "u8 + n_bytes" (tun_metadataN: to "u8 + mf_field_len()"). */
union mf_value {
    uint8_t u8[TUN_METADATA_MAX_OPT_LEN];
    be16 be16;
    be32 be32;
    be64 be64;
    struct eth_addr mac;
    struct in6_addr ipv6;
    uint8_t tun_metadata[TUN_METADATA_MAX_OPT_LEN];
};

/* A value right-aligned in 128 bytes, for subfields (load, move): bit 0
 * of a subfield is the least significant bit of u8[127]. */
union mf_subvalue {
    uint8_t u8[128];
    be64 be64[16];
};

/* Bits "ofs" to "ofs + n_bits - 1" of "field", bit 0 least
 * significant, as NXM load/move and set_field address them. */
struct mf_subfield {
    const struct mf_field *field;
    unsigned int ofs;
    unsigned int n_bits;
};

const struct mf_field *mf_from_id(enum mf_field_id);
const struct mf_field *mf_from_name(const char *);

/* NXM/OXM header: bits 31..16 class, 15..9 field, 8 hasmask, 7..0 length
 * (of the payload: value, or value + mask).  An experimenter OXM header
 * (class 0xffff) is 64 bits: the 32-bit header, then the experimenter.
 * These look up by class and field only, ignoring hasmask and length. */
const struct mf_field *mf_from_nxm_header(uint32_t header);
const struct mf_field *mf_from_oxm_header(uint32_t header);

/* The width in bytes of "field" under "tab": the mapped option length
 * for tun_metadataN (0 if unmapped), otherwise field->n_bytes. */
unsigned int mf_field_len(const struct mf_field *, const struct tun_table *);

/* Whether "field" can be used under "tab": fixed fields always can, a
 * tun_metadataN field only when "tab" maps it (even with length 0). */
bool mf_is_usable(const struct mf_field *, const struct tun_table *);

bool mf_is_value_valid(const struct mf_field *, const union mf_value *);
bool mf_is_mask_valid(const struct mf_field *, const union mf_value *mask);
bool mf_are_prereqs_ok(const struct mf_field *, const struct match *);

/* Reading and writing a whole field. */
void mf_get_value(const struct mf_field *, const struct flow *,
                  union mf_value *);
void mf_set_flow_value(const struct mf_field *, const union mf_value *,
                       struct flow *);
void mf_set(const struct mf_field *, const union mf_value *value,
            const union mf_value *mask, struct match *);
void mf_get(const struct mf_field *, const struct match *,
            union mf_value *value, union mf_value *mask);
void mf_get_mask(const struct mf_field *, const struct match *,
                 union mf_value *mask);
bool mf_is_all_wild(const struct mf_field *, const struct match *);

/* Subfields. */
void mf_read_subfield(const struct mf_subfield *, const struct flow *,
                      union mf_subvalue *);
void mf_write_subfield_flow(const struct mf_subfield *,
                            const union mf_subvalue *, struct flow *);
void mf_write_subfield(const struct mf_subfield *, const union mf_subvalue *,
                       struct match *);

#endif /* meta-flow.h */
