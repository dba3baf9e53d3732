/* Match codecs: struct match to and from the wire forms OpenFlow carries.
 *
 *   - NXM, Open vSwitch's extensible match (NXT_FLOW_MOD, NXST_FLOW), a
 *     run of TLVs with a 32-bit header: class, field, hasmask, length;
 *   - OXM, the same TLVs behind an ofp11_match_header, in OpenFlow 1.2+;
 *   - the fixed 40-byte OpenFlow 1.0 match.
 *
 * Decoding reports the errors Open vSwitch 3.1 reports (lib/nx-match.c),
 * in the same order; encoding emits the fields in the order OVS's
 * nx_put_raw() does, so replies compare byte for byte. */
#ifndef NX_MATCH_H
#define NX_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "compiler.h"
#include "ofp-errors.h"
#include "packets.h"

struct match;
struct ofpbuf;
struct tun_table;

/* The NXM cookie pseudo-field of NXT_FLOW_MOD and NXST_FLOW requests
 * (class 0x0001, field 30): 8 bytes of cookie, then 8 of mask with _W. */
#define NXM_NX_COOKIE 0x00013c08
#define NXM_NX_COOKIE_W 0x00013d10

/* The ONF experimenter ID, for tcp_flags in OpenFlow 1.3 and 1.4 (EXT-109,
 * ONFOXM_ET_TCP_FLAGS): OXM class 0xffff, field 42, then this ID. */
#define ONF_EXPERIMENTER_ID 0x4f4e4600

/* The header in front of an OpenFlow 1.1+ match (OpenFlow 1.3.5 §7.2.2,
 * "struct ofp_match"): "length" counts this header and the OXM TLVs but
 * not the zero padding that rounds the whole to a multiple of 8. */
struct ofp11_match_header {
    be16 type;                  /* OFPMT_*. */
    be16 length;                /* Without padding. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_match_header) == 4);

#define OFPMT_STANDARD 0        /* OpenFlow 1.1 fixed match; refused. */
#define OFPMT_OXM 1             /* OXM TLVs. */

/* The OpenFlow 1.0 match (OpenFlow Switch Specification 1.0.0 §5.2.3,
 * "struct ofp_match").  Packed, so that message structs embedding it may
 * be packed too; every member is naturally aligned anyway. */
struct ofp10_match {
    be32 wildcards;             /* OFPFW10_*. */
    be16 in_port;               /* Input switch port. */
    struct eth_addr dl_src;     /* Ethernet source address. */
    struct eth_addr dl_dst;     /* Ethernet destination address. */
    be16 dl_vlan;               /* VLAN id, or OFP10_VLAN_NONE. */
    uint8_t dl_vlan_pcp;        /* VLAN priority. */
    uint8_t pad1[1];
    be16 dl_type;               /* Ethernet frame type. */
    uint8_t nw_tos;             /* IP ToS: DSCP in the high 6 bits. */
    uint8_t nw_proto;           /* IP protocol, or low byte of ARP opcode. */
    uint8_t pad2[2];
    be32 nw_src;                /* IP source address. */
    be32 nw_dst;                /* IP destination address. */
    be16 tp_src;                /* TCP/UDP source port, or ICMP type. */
    be16 tp_dst;                /* TCP/UDP destination port, or ICMP code. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_match) == 40);

/* "wildcards" bits (1.0.0 §5.2.3, enum ofp_flow_wildcards).  nw_src and
 * nw_dst take 6-bit counts of wildcarded low-order bits, 32 or more
 * meaning the whole address. */
#define OFPFW10_IN_PORT (1u << 0)
#define OFPFW10_DL_VLAN (1u << 1)
#define OFPFW10_DL_SRC (1u << 2)
#define OFPFW10_DL_DST (1u << 3)
#define OFPFW10_DL_TYPE (1u << 4)
#define OFPFW10_NW_PROTO (1u << 5)
#define OFPFW10_TP_SRC (1u << 6)
#define OFPFW10_TP_DST (1u << 7)
#define OFPFW10_NW_SRC_SHIFT 8
#define OFPFW10_NW_SRC_MASK (0x3fu << OFPFW10_NW_SRC_SHIFT)
#define OFPFW10_NW_SRC_ALL (32u << OFPFW10_NW_SRC_SHIFT)
#define OFPFW10_NW_DST_SHIFT 14
#define OFPFW10_NW_DST_MASK (0x3fu << OFPFW10_NW_DST_SHIFT)
#define OFPFW10_NW_DST_ALL (32u << OFPFW10_NW_DST_SHIFT)
#define OFPFW10_DL_VLAN_PCP (1u << 20)
#define OFPFW10_NW_TOS (1u << 21)
#define OFPFW10_ALL ((1u << 22) - 1)

/* dl_vlan value matching only frames without a VLAN tag. */
#define OFP10_VLAN_NONE 0xffff

enum ofperr nx_pull_match(const void *, size_t match_len,
                          const struct tun_table *, struct match *,
                          be64 *cookie, be64 *cookie_mask);
enum ofperr oxm_pull_match(const void *, size_t len,
                           const struct tun_table *, struct match *,
                           size_t *consumed);

size_t nx_put_match(struct ofpbuf *, const struct match *,
                    be64 cookie, be64 cookie_mask);
size_t oxm_put_match(struct ofpbuf *, const struct match *, uint8_t version);

void ofp10_match_to_match(const struct ofp10_match *, struct match *);
void match_to_ofp10_match(const struct match *, struct ofp10_match *);
bool match_is_ofp10_expressible(const struct match *);

#endif /* nx-match.h */
