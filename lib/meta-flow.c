/* Fields: the table of every OpenFlow-visible field and how each one reads
 * and writes a struct flow or a struct match.
 *
 * The names, widths, maskability, prerequisites, writability and wire
 * headers follow Open vSwitch 3.1 (include/openvswitch/meta-flow.h).  The
 * semantics of setting a field in a match follow OVS's lib/match.c: the
 * VLAN views share flow.vlans[0].tci, the DSCP and ECN views share nw_tos,
 * and the two in_port views share flow.in_port. */
#include <config.h>
#include "meta-flow.h"

#include <arpa/inet.h>
#include <string.h>
#include "flow.h"
#include "match.h"
#include "ofp-msgs.h"
#include "tun-metadata.h"

/* A 32-bit NXM/OXM header with hasmask 0: class, field, payload length. */
#define MF_HDR(CLASS, FIELD, LEN) \
    (((uint32_t) (CLASS) << 16) | ((uint32_t) (FIELD) << 9) | (LEN))
#define NXM0(FIELD, LEN) MF_HDR(0x0000, FIELD, LEN)   /* NXM_OF_*. */
#define NXM1(FIELD, LEN) MF_HDR(0x0001, FIELD, LEN)   /* NXM_NX_*. */
#define OXM(FIELD, LEN) MF_HDR(0x8000, FIELD, LEN)    /* OXM_OF_*. */
#define OXM_REGS(FIELD, LEN) MF_HDR(0x8001, FIELD, LEN) /* OXM_OF_PKT_REG*. */

/* Bits of flow.nw_frag that a match may look at. */
#define NW_FRAG_MASK (FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER)

/* tun_flags bits visible to OpenFlow (OVS FLOW_TNL_PUB_F_MASK). */
#define TNL_PUB_FLAGS FLOW_TNL_F_OAM

/* One table entry.  "RW" is writability, "VER" the first OpenFlow version
 * with the OXM header. */
#define F(ID, NAME, EXTRA, BYTES, BITS, MASK, PREREQ, RW, NXM_H, OXM_H, VER) \
    [ID] = {                                                             \
        .id = ID, .name = NAME, .extra_name = EXTRA,                     \
        .n_bytes = BYTES, .n_bits = BITS, .variable_len = false,         \
        .maskable = MASK, .prereq = PREREQ, .writable = RW,              \
        .nxm_header = NXM_H, .oxm_header = OXM_H, .oxm_version = VER,    \
    }

#define TUN_MD(N)                                                        \
    [MFF_TUN_METADATA0 + N] = {                                          \
        .id = MFF_TUN_METADATA0 + N, .name = "tun_metadata" #N,          \
        .n_bytes = TUN_METADATA_MAX_OPT_LEN,                             \
        .n_bits = 8 * TUN_METADATA_MAX_OPT_LEN, .variable_len = true,    \
        .maskable = MFM_FULLY, .prereq = MFP_NONE, .writable = true,     \
        .nxm_header = NXM1(40 + N, TUN_METADATA_MAX_OPT_LEN),            \
    }

#define REG(N)                                                           \
    F(MFF_REG0 + N, "reg" #N, NULL, 4, 32, MFM_FULLY, MFP_NONE, true,    \
      NXM1(N, 4), 0, 0)

#define XREG(N)                                                          \
    F(MFF_XREG0 + N, "xreg" #N, NULL, 8, 64, MFM_FULLY, MFP_NONE, true,  \
      0, OXM_REGS(N, 8), OFP13_VERSION)

static const struct mf_field mf_fields[MFF_N_IDS] = {
    /* Tunnel. */
    F(MFF_TUN_ID, "tun_id", "tunnel_id", 8, 64, MFM_FULLY, MFP_NONE, true,
      NXM1(16, 8), OXM(38, 8), OFP13_VERSION),
    F(MFF_TUN_SRC, "tun_src", NULL, 4, 32, MFM_FULLY, MFP_NONE, true,
      NXM1(31, 4), 0, 0),
    F(MFF_TUN_DST, "tun_dst", NULL, 4, 32, MFM_FULLY, MFP_NONE, true,
      NXM1(32, 4), 0, 0),
    F(MFF_TUN_IPV6_SRC, "tun_ipv6_src", NULL, 16, 128, MFM_FULLY, MFP_NONE,
      true, NXM1(109, 16), 0, 0),
    F(MFF_TUN_IPV6_DST, "tun_ipv6_dst", NULL, 16, 128, MFM_FULLY, MFP_NONE,
      true, NXM1(110, 16), 0, 0),
    F(MFF_TUN_FLAGS, "tun_flags", NULL, 2, 1, MFM_FULLY, MFP_NONE, true,
      NXM1(104, 2), 0, 0),
    TUN_MD(0), TUN_MD(1), TUN_MD(2), TUN_MD(3),
    TUN_MD(4), TUN_MD(5), TUN_MD(6), TUN_MD(7),
    TUN_MD(8), TUN_MD(9), TUN_MD(10), TUN_MD(11),
    TUN_MD(12), TUN_MD(13), TUN_MD(14), TUN_MD(15),
    TUN_MD(16), TUN_MD(17), TUN_MD(18), TUN_MD(19),
    TUN_MD(20), TUN_MD(21), TUN_MD(22), TUN_MD(23),
    TUN_MD(24), TUN_MD(25), TUN_MD(26), TUN_MD(27),
    TUN_MD(28), TUN_MD(29), TUN_MD(30), TUN_MD(31),
    TUN_MD(32), TUN_MD(33), TUN_MD(34), TUN_MD(35),
    TUN_MD(36), TUN_MD(37), TUN_MD(38), TUN_MD(39),
    TUN_MD(40), TUN_MD(41), TUN_MD(42), TUN_MD(43),
    TUN_MD(44), TUN_MD(45), TUN_MD(46), TUN_MD(47),
    TUN_MD(48), TUN_MD(49), TUN_MD(50), TUN_MD(51),
    TUN_MD(52), TUN_MD(53), TUN_MD(54), TUN_MD(55),
    TUN_MD(56), TUN_MD(57), TUN_MD(58), TUN_MD(59),
    TUN_MD(60), TUN_MD(61), TUN_MD(62), TUN_MD(63),

    /* Metadata. */
    F(MFF_METADATA, "metadata", NULL, 8, 64, MFM_FULLY, MFP_NONE, true,
      0, OXM(2, 8), OFP12_VERSION),
    F(MFF_IN_PORT, "in_port", NULL, 2, 16, MFM_NONE, MFP_NONE, true,
      NXM0(0, 2), 0, 0),
    F(MFF_IN_PORT_OXM, "in_port_oxm", NULL, 4, 32, MFM_NONE, MFP_NONE, true,
      0, OXM(0, 4), OFP12_VERSION),
    F(MFF_PKT_MARK, "pkt_mark", NULL, 4, 32, MFM_FULLY, MFP_NONE, true,
      NXM1(33, 4), 0, 0),
    REG(0), REG(1), REG(2), REG(3), REG(4), REG(5), REG(6), REG(7),
    REG(8), REG(9), REG(10), REG(11), REG(12), REG(13), REG(14), REG(15),
    XREG(0), XREG(1), XREG(2), XREG(3), XREG(4), XREG(5), XREG(6), XREG(7),

    /* L2. */
    F(MFF_ETH_SRC, "eth_src", "dl_src", 6, 48, MFM_FULLY, MFP_NONE, true,
      NXM0(2, 6), OXM(4, 6), OFP12_VERSION),
    F(MFF_ETH_DST, "eth_dst", "dl_dst", 6, 48, MFM_FULLY, MFP_NONE, true,
      NXM0(1, 6), OXM(3, 6), OFP12_VERSION),
    F(MFF_ETH_TYPE, "eth_type", "dl_type", 2, 16, MFM_NONE, MFP_NONE, false,
      NXM0(3, 2), OXM(5, 2), OFP12_VERSION),
    F(MFF_VLAN_TCI, "vlan_tci", NULL, 2, 16, MFM_FULLY, MFP_NONE, true,
      NXM0(4, 2), 0, 0),
    F(MFF_DL_VLAN, "dl_vlan", NULL, 2, 12, MFM_NONE, MFP_NONE, true,
      0, 0, 0),
    F(MFF_VLAN_VID, "vlan_vid", NULL, 2, 12, MFM_FULLY, MFP_NONE, true,
      0, OXM(6, 2), OFP12_VERSION),
    F(MFF_DL_VLAN_PCP, "dl_vlan_pcp", NULL, 1, 3, MFM_NONE, MFP_NONE, true,
      0, 0, 0),
    F(MFF_VLAN_PCP, "vlan_pcp", NULL, 1, 3, MFM_NONE, MFP_VLAN_VID, true,
      0, OXM(7, 1), OFP12_VERSION),

    /* L3. */
    F(MFF_IPV4_SRC, "ip_src", "nw_src", 4, 32, MFM_FULLY, MFP_IPV4, true,
      NXM0(7, 4), OXM(11, 4), OFP12_VERSION),
    F(MFF_IPV4_DST, "ip_dst", "nw_dst", 4, 32, MFM_FULLY, MFP_IPV4, true,
      NXM0(8, 4), OXM(12, 4), OFP12_VERSION),
    F(MFF_IPV6_SRC, "ipv6_src", NULL, 16, 128, MFM_FULLY, MFP_IPV6, true,
      NXM1(19, 16), OXM(26, 16), OFP12_VERSION),
    F(MFF_IPV6_DST, "ipv6_dst", NULL, 16, 128, MFM_FULLY, MFP_IPV6, true,
      NXM1(20, 16), OXM(27, 16), OFP12_VERSION),
    F(MFF_IPV6_LABEL, "ipv6_label", NULL, 4, 20, MFM_FULLY, MFP_IPV6, true,
      NXM1(27, 4), OXM(28, 4), OFP12_VERSION),
    F(MFF_IP_PROTO, "nw_proto", "ip_proto", 1, 8, MFM_NONE, MFP_IP_ANY,
      false, NXM0(6, 1), OXM(10, 1), OFP12_VERSION),
    F(MFF_IP_DSCP, "nw_tos", NULL, 1, 8, MFM_NONE, MFP_IP_ANY, true,
      NXM0(5, 1), 0, 0),
    F(MFF_IP_DSCP_SHIFTED, "ip_dscp", NULL, 1, 6, MFM_NONE, MFP_IP_ANY, true,
      0, OXM(8, 1), OFP12_VERSION),
    F(MFF_IP_ECN, "nw_ecn", "ip_ecn", 1, 2, MFM_NONE, MFP_IP_ANY, true,
      NXM1(28, 1), OXM(9, 1), OFP12_VERSION),
    F(MFF_IP_TTL, "nw_ttl", NULL, 1, 8, MFM_NONE, MFP_IP_ANY, true,
      NXM1(29, 1), 0, 0),
    F(MFF_IP_FRAG, "ip_frag", NULL, 1, 2, MFM_FULLY, MFP_IP_ANY, false,
      NXM1(26, 1), 0, 0),
    F(MFF_ARP_OP, "arp_op", NULL, 2, 16, MFM_NONE, MFP_ARP, true,
      NXM0(15, 2), OXM(21, 2), OFP12_VERSION),
    F(MFF_ARP_SPA, "arp_spa", NULL, 4, 32, MFM_FULLY, MFP_ARP, true,
      NXM0(16, 4), OXM(22, 4), OFP12_VERSION),
    F(MFF_ARP_TPA, "arp_tpa", NULL, 4, 32, MFM_FULLY, MFP_ARP, true,
      NXM0(17, 4), OXM(23, 4), OFP12_VERSION),
    F(MFF_ARP_SHA, "arp_sha", NULL, 6, 48, MFM_FULLY, MFP_ARP, true,
      NXM1(17, 6), OXM(24, 6), OFP12_VERSION),
    F(MFF_ARP_THA, "arp_tha", NULL, 6, 48, MFM_FULLY, MFP_ARP, true,
      NXM1(18, 6), OXM(25, 6), OFP12_VERSION),

    /* L4. */
    F(MFF_TCP_SRC, "tcp_src", "tp_src", 2, 16, MFM_FULLY, MFP_TCP, true,
      NXM0(9, 2), OXM(13, 2), OFP12_VERSION),
    F(MFF_TCP_DST, "tcp_dst", "tp_dst", 2, 16, MFM_FULLY, MFP_TCP, true,
      NXM0(10, 2), OXM(14, 2), OFP12_VERSION),
    F(MFF_TCP_FLAGS, "tcp_flags", NULL, 2, 12, MFM_FULLY, MFP_TCP, false,
      NXM1(34, 2), OXM(42, 2), OFP15_VERSION),
    F(MFF_UDP_SRC, "udp_src", NULL, 2, 16, MFM_FULLY, MFP_UDP, true,
      NXM0(11, 2), OXM(15, 2), OFP12_VERSION),
    F(MFF_UDP_DST, "udp_dst", NULL, 2, 16, MFM_FULLY, MFP_UDP, true,
      NXM0(12, 2), OXM(16, 2), OFP12_VERSION),
    F(MFF_SCTP_SRC, "sctp_src", NULL, 2, 16, MFM_FULLY, MFP_SCTP, true,
      0, OXM(17, 2), OFP12_VERSION),
    F(MFF_SCTP_DST, "sctp_dst", NULL, 2, 16, MFM_FULLY, MFP_SCTP, true,
      0, OXM(18, 2), OFP12_VERSION),
    F(MFF_ICMPV4_TYPE, "icmp_type", NULL, 1, 8, MFM_NONE, MFP_ICMPV4, true,
      NXM0(13, 1), OXM(19, 1), OFP12_VERSION),
    F(MFF_ICMPV4_CODE, "icmp_code", NULL, 1, 8, MFM_NONE, MFP_ICMPV4, true,
      NXM0(14, 1), OXM(20, 1), OFP12_VERSION),
    F(MFF_ICMPV6_TYPE, "icmpv6_type", NULL, 1, 8, MFM_NONE, MFP_ICMPV6, true,
      NXM1(21, 1), OXM(29, 1), OFP12_VERSION),
    F(MFF_ICMPV6_CODE, "icmpv6_code", NULL, 1, 8, MFM_NONE, MFP_ICMPV6, true,
      NXM1(22, 1), OXM(30, 1), OFP12_VERSION),
    F(MFF_ND_TARGET, "nd_target", NULL, 16, 128, MFM_FULLY, MFP_ND, true,
      NXM1(23, 16), OXM(31, 16), OFP12_VERSION),
    F(MFF_ND_SLL, "nd_sll", NULL, 6, 48, MFM_FULLY, MFP_ND_SOLICIT, true,
      NXM1(24, 6), OXM(32, 6), OFP12_VERSION),
    F(MFF_ND_TLL, "nd_tll", NULL, 6, 48, MFM_FULLY, MFP_ND_ADVERT, true,
      NXM1(25, 6), OXM(33, 6), OFP12_VERSION),
};

/* Returns the field "id", or NULL if "id" is out of range. */
const struct mf_field *
mf_from_id(enum mf_field_id id)
{
    return (unsigned int) id < MFF_N_IDS ? &mf_fields[id] : NULL;
}

/* Returns the field whose name or extra name is "name", or NULL. */
const struct mf_field *
mf_from_name(const char *name)
{
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = &mf_fields[i];
        if (!strcmp(mf->name, name)
            || (mf->extra_name && !strcmp(mf->extra_name, name))) {
            return mf;
        }
    }
    return NULL;
}

/* Tells whether headers "a" and "b" name the same class and field. */
static bool
same_class_field(uint32_t a, uint32_t b)
{
    return (a >> 9) == (b >> 9);
}

/* Returns the field whose NXM header has the class and field of "header",
 * or NULL. */
const struct mf_field *
mf_from_nxm_header(uint32_t header)
{
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = &mf_fields[i];
        if (mf->nxm_header && same_class_field(mf->nxm_header, header)) {
            return mf;
        }
    }
    return NULL;
}

/* Returns the field whose OXM header has the class and field of "header",
 * or NULL. */
const struct mf_field *
mf_from_oxm_header(uint32_t header)
{
    for (size_t i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = &mf_fields[i];
        if (mf->oxm_header && same_class_field(mf->oxm_header, header)) {
            return mf;
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------------
 * Tunnel metadata through an explicit TLV table.
 * --------------------------------------------------------------------- */

/* Tells whether "field" is one of tun_metadata0..63. */
static bool
is_tun_md(const struct mf_field *field)
{
    return field->variable_len;
}

/* Looks up tun_metadata"idx" in "tab": returns true and its option length
 * in "*len" if it is mapped. */
static bool
tun_md_lookup(const struct tun_table *tab, unsigned int idx,
              unsigned int *len)
{
    struct tun_table_mapping maps[TUN_METADATA_NUM_OPTS];
    size_t n;

    *len = 0;
    if (!tab) {
        return false;
    }
    n = tun_table_list(tab, maps);
    for (size_t i = 0; i < n; i++) {
        if (maps[i].index == idx) {
            *len = maps[i].len;
            return true;
        }
    }
    return false;
}

/* Stores the "len" bytes at "bytes" as field "idx" of "md", laid out by
 * "tab" whatever table "md" itself points to (a match's mask has none).
 * Marks the field present. */
static void
tun_md_write(struct tun_metadata *md, const struct tun_table *tab,
             unsigned int idx, const uint8_t *bytes, size_t len)
{
    const struct tun_table *own = md->tab;

    md->tab = tab;
    tun_metadata_set(md, idx, bytes, len);
    md->tab = own;
}

/* Reads field "idx" of "md", laid out by "tab", into the "len" bytes at
 * "bytes": zeros if the field is not present. */
static void
tun_md_read(const struct tun_metadata *md, const struct tun_table *tab,
            unsigned int idx, uint8_t *bytes, size_t len)
{
    struct tun_metadata copy = *md;
    uint8_t buf[TUN_METADATA_MAX_OPT_LEN];
    size_t got;

    copy.tab = tab;
    memset(bytes, 0, len);
    if (tun_metadata_get(&copy, idx, buf, &got)) {
        memcpy(bytes, buf, MIN(got, len));
    }
}

/* Returns the width of "field" in bytes under "tab". */
unsigned int
mf_field_len(const struct mf_field *field, const struct tun_table *tab)
{
    unsigned int len;

    if (!is_tun_md(field)) {
        return field->n_bytes;
    }
    tun_md_lookup(tab, field->id - MFF_TUN_METADATA0, &len);
    return len;
}

/* Tells whether "field" may be used under "tab": every fixed field may; a
 * tun_metadataN field only if "tab" maps it (possibly with length 0). */
bool
mf_is_usable(const struct mf_field *field, const struct tun_table *tab)
{
    unsigned int len;

    return !is_tun_md(field)
           || tun_md_lookup(tab, field->id - MFF_TUN_METADATA0, &len);
}

/* ---------------------------------------------------------------------
 * Validity and prerequisites.
 * --------------------------------------------------------------------- */

/* Tells whether every byte of the "n" at "p" is "byte". */
static bool
is_all_byte(const void *p, size_t n, uint8_t byte)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        if (b[i] != byte) {
            return false;
        }
    }
    return true;
}

/* Converts OpenFlow 1.1+ port "ofp11" to the 16-bit port space of
 * flow.in_port: the reserved ports 0xffffff00 and up become 0xff00 and up.
 * Returns false for 0xff00..0xfffffeff, which have no 16-bit form. */
static bool
port_from_ofp11(be32 ofp11, uint32_t *port)
{
    uint32_t p = ntohl(ofp11);

    if (p < 0xff00) {
        *port = p;
        return true;
    } else if (p >= 0xffffff00) {
        *port = p - 0xffff0000;
        return true;
    }
    return false;
}

/* The inverse of port_from_ofp11(). */
static be32
port_to_ofp11(uint32_t port)
{
    return htonl(port >= 0xff00 && port <= 0xffff ? port + 0xffff0000
                                                  : port);
}

/* Tells whether "mask" is a mask "field" accepts: anything for a maskable
 * field, all-zeros or all-ones otherwise. */
bool
mf_is_mask_valid(const struct mf_field *field, const union mf_value *mask)
{
    return (field->maskable == MFM_FULLY
            || is_all_byte(mask, field->n_bytes, 0)
            || is_all_byte(mask, field->n_bytes, 0xff));
}

/* Tells whether "value" may appear in a match on "field": like OVS, only
 * values whose bits can never mean anything are refused (ECN bits in
 * nw_tos, a VID with CFI in dl_vlan, an unrepresentable port...). */
bool
mf_is_value_valid(const struct mf_field *field, const union mf_value *value)
{
    uint32_t port;

    switch (field->id) {
    case MFF_IN_PORT_OXM:
        return port_from_ofp11(value->be32, &port);
    case MFF_TUN_FLAGS:
        return !(value->be16 & ~htons(TNL_PUB_FLAGS));
    case MFF_DL_VLAN:
        return !(value->be16 & htons(VLAN_CFI | VLAN_PCP_MASK));
    case MFF_VLAN_VID:
        return !(value->be16 & htons(VLAN_PCP_MASK));
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        return !(value->u8[0] & ~(VLAN_PCP_MASK >> VLAN_PCP_SHIFT));
    case MFF_IPV6_LABEL:
        return !(value->be32 & ~htonl(IPV6_LABEL_MASK));
    case MFF_IP_DSCP:
        return !(value->u8[0] & ~IP_DSCP_MASK);
    case MFF_IP_DSCP_SHIFTED:
        return !(value->u8[0] & (~IP_DSCP_MASK >> 2));
    case MFF_IP_ECN:
        return !(value->u8[0] & ~IP_ECN_MASK);
    case MFF_IP_FRAG:
        return !(value->u8[0] & ~NW_FRAG_MASK);
    case MFF_ARP_OP:
        return !(value->be16 & htons(0xff00));
    case MFF_TCP_FLAGS:
        return !(value->be16 & ~htons(0x0fff));
    default:
        return true;
    }
}

/* Tells whether "flow" has an IPv4 or IPv6 ethertype. */
static bool
is_ip_any(const struct flow *flow)
{
    return (flow->dl_type == htons(ETH_TYPE_IP)
            || flow->dl_type == htons(ETH_TYPE_IPV6));
}

/* Tells whether "flow" is an IP flow of protocol "proto" whose L4 header
 * can be present (not a later fragment). */
static bool
is_l4(const struct flow *flow, uint8_t proto)
{
    return (is_ip_any(flow) && flow->nw_proto == proto
            && !(flow->nw_frag & FLOW_NW_FRAG_LATER));
}

/* Tells whether "flow" is ICMPv6 neighbor discovery of type "type", or of
 * either type if "type" is 0. */
static bool
is_nd(const struct flow *flow, uint8_t type)
{
    if (flow->dl_type != htons(ETH_TYPE_IPV6)
        || flow->nw_proto != IPPROTO_NUM_ICMPV6 || flow->tp_dst) {
        return false;
    }
    if (type) {
        return flow->tp_src == htons(type);
    }
    return (flow->tp_src == htons(ND_NEIGHBOR_SOLICIT)
            || flow->tp_src == htons(ND_NEIGHBOR_ADVERT));
}

/* Tells whether the values "match" matches satisfy the prerequisite of
 * "field", as OVS's mf_are_match_prereqs_ok() does. */
bool
mf_are_prereqs_ok(const struct mf_field *field, const struct match *match)
{
    const struct flow *flow = &match->flow;
    be16 dl_type = flow->dl_type;

    switch (field->prereq) {
    case MFP_NONE:
        return true;
    case MFP_ARP:
        return (dl_type == htons(ETH_TYPE_ARP)
                || dl_type == htons(0x8035));
    case MFP_VLAN_VID:
        return (flow->vlans[0].tci & htons(VLAN_CFI)) != 0;
    case MFP_IPV4:
        return dl_type == htons(ETH_TYPE_IP);
    case MFP_IPV6:
        return dl_type == htons(ETH_TYPE_IPV6);
    case MFP_IP_ANY:
        return is_ip_any(flow);
    case MFP_TCP:
        return is_l4(flow, IPPROTO_NUM_TCP);
    case MFP_UDP:
        return is_l4(flow, IPPROTO_NUM_UDP);
    case MFP_SCTP:
        return is_l4(flow, IPPROTO_NUM_SCTP);
    case MFP_ICMPV4:
        return (dl_type == htons(ETH_TYPE_IP)
                && flow->nw_proto == IPPROTO_NUM_ICMP);
    case MFP_ICMPV6:
        return (dl_type == htons(ETH_TYPE_IPV6)
                && flow->nw_proto == IPPROTO_NUM_ICMPV6);
    case MFP_ND:
        return is_nd(flow, 0);
    case MFP_ND_SOLICIT:
        return is_nd(flow, ND_NEIGHBOR_SOLICIT);
    case MFP_ND_ADVERT:
        return is_nd(flow, ND_NEIGHBOR_ADVERT);
    }
    return false;
}

/* ---------------------------------------------------------------------
 * Whole-field reads and writes.
 * --------------------------------------------------------------------- */

/* Copies the value of "field" in "flow" into "value".  A tun_metadataN
 * field takes the first mf_field_len() bytes, laid out by the flow's own
 * TLV table; an absent option reads as zeros. */
void
mf_get_value(const struct mf_field *field, const struct flow *flow,
             union mf_value *value)
{
    memset(value, 0, field->n_bytes);
    if (is_tun_md(field)) {
        const struct tun_table *tab = flow->tunnel.metadata.tab;
        tun_md_read(&flow->tunnel.metadata, tab,
                    field->id - MFF_TUN_METADATA0, value->u8,
                    mf_field_len(field, tab));
        return;
    }

    switch (field->id) {
    case MFF_TUN_ID:
        value->be64 = flow->tunnel.tun_id;
        break;
    case MFF_TUN_SRC:
        value->be32 = flow->tunnel.ip_src;
        break;
    case MFF_TUN_DST:
        value->be32 = flow->tunnel.ip_dst;
        break;
    case MFF_TUN_IPV6_SRC:
        value->ipv6 = flow->tunnel.ipv6_src;
        break;
    case MFF_TUN_IPV6_DST:
        value->ipv6 = flow->tunnel.ipv6_dst;
        break;
    case MFF_TUN_FLAGS:
        value->be16 = htons(flow->tunnel.flags & TNL_PUB_FLAGS);
        break;
    case MFF_METADATA:
        value->be64 = flow->metadata;
        break;
    case MFF_IN_PORT:
        value->be16 = htons(flow->in_port & 0xffff);
        break;
    case MFF_IN_PORT_OXM:
        value->be32 = port_to_ofp11(flow->in_port);
        break;
    case MFF_PKT_MARK:
        value->be32 = htonl(flow->pkt_mark);
        break;
    case MFF_ETH_SRC:
        value->mac = flow->dl_src;
        break;
    case MFF_ETH_DST:
        value->mac = flow->dl_dst;
        break;
    case MFF_ETH_TYPE:
        value->be16 = flow->dl_type;
        break;
    case MFF_VLAN_TCI:
        value->be16 = flow->vlans[0].tci;
        break;
    case MFF_DL_VLAN:
        value->be16 = flow->vlans[0].tci & htons(VLAN_VID_MASK);
        break;
    case MFF_VLAN_VID:
        value->be16 = flow->vlans[0].tci & htons(VLAN_VID_MASK | VLAN_CFI);
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        value->u8[0] = (ntohs(flow->vlans[0].tci) & VLAN_PCP_MASK)
                       >> VLAN_PCP_SHIFT;
        break;
    case MFF_IPV4_SRC:
    case MFF_ARP_SPA:
        value->be32 = flow->nw_src;
        break;
    case MFF_IPV4_DST:
    case MFF_ARP_TPA:
        value->be32 = flow->nw_dst;
        break;
    case MFF_IPV6_SRC:
        value->ipv6 = flow->ipv6_src;
        break;
    case MFF_IPV6_DST:
        value->ipv6 = flow->ipv6_dst;
        break;
    case MFF_IPV6_LABEL:
        value->be32 = flow->ipv6_label;
        break;
    case MFF_IP_PROTO:
        value->u8[0] = flow->nw_proto;
        break;
    case MFF_IP_DSCP:
        value->u8[0] = flow->nw_tos & IP_DSCP_MASK;
        break;
    case MFF_IP_DSCP_SHIFTED:
        value->u8[0] = flow->nw_tos >> 2;
        break;
    case MFF_IP_ECN:
        value->u8[0] = flow->nw_tos & IP_ECN_MASK;
        break;
    case MFF_IP_TTL:
        value->u8[0] = flow->nw_ttl;
        break;
    case MFF_IP_FRAG:
        value->u8[0] = flow->nw_frag;
        break;
    case MFF_ARP_OP:
        value->be16 = htons(flow->nw_proto);
        break;
    case MFF_ARP_SHA:
    case MFF_ND_SLL:
        value->mac = flow->arp_sha;
        break;
    case MFF_ARP_THA:
    case MFF_ND_TLL:
        value->mac = flow->arp_tha;
        break;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        value->be16 = flow->tp_src;
        break;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        value->be16 = flow->tp_dst;
        break;
    case MFF_TCP_FLAGS:
        value->be16 = flow->tcp_flags;
        break;
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV6_TYPE:
        value->u8[0] = ntohs(flow->tp_src);
        break;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        value->u8[0] = ntohs(flow->tp_dst);
        break;
    case MFF_ND_TARGET:
        value->ipv6 = flow->nd_target;
        break;
    default:
        if (field->id >= MFF_REG0 && field->id <= MFF_REG15) {
            value->be32 = htonl(flow->regs[field->id - MFF_REG0]);
        } else if (field->id >= MFF_XREG0 && field->id <= MFF_XREG7) {
            unsigned int i = 2 * (field->id - MFF_XREG0);
            put_unaligned_be32(&value->u8[0], flow->regs[i]);
            put_unaligned_be32(&value->u8[4], flow->regs[i + 1]);
        }
        break;
    }
}

/* Stores "value" into the flow member(s) behind "field" in "flow", with no
 * side effects beyond those bits: used on a match's values and on its
 * mask alike. */
static void
set_flow_value__(const struct mf_field *field, const union mf_value *value,
                 struct flow *flow)
{
    be16 vid_cfi = htons(VLAN_VID_MASK | VLAN_CFI);
    uint32_t port;

    switch (field->id) {
    case MFF_TUN_ID:
        flow->tunnel.tun_id = value->be64;
        break;
    case MFF_TUN_SRC:
        flow->tunnel.ip_src = value->be32;
        break;
    case MFF_TUN_DST:
        flow->tunnel.ip_dst = value->be32;
        break;
    case MFF_TUN_IPV6_SRC:
        flow->tunnel.ipv6_src = value->ipv6;
        break;
    case MFF_TUN_IPV6_DST:
        flow->tunnel.ipv6_dst = value->ipv6;
        break;
    case MFF_TUN_FLAGS:
        flow->tunnel.flags = ((flow->tunnel.flags & ~TNL_PUB_FLAGS)
                              | (ntohs(value->be16) & TNL_PUB_FLAGS));
        break;
    case MFF_METADATA:
        flow->metadata = value->be64;
        break;
    case MFF_IN_PORT:
        flow->in_port = ntohs(value->be16);
        break;
    case MFF_IN_PORT_OXM:
        if (port_from_ofp11(value->be32, &port)) {
            flow->in_port = port;
        }
        break;
    case MFF_PKT_MARK:
        flow->pkt_mark = ntohl(value->be32);
        break;
    case MFF_ETH_SRC:
        flow->dl_src = value->mac;
        break;
    case MFF_ETH_DST:
        flow->dl_dst = value->mac;
        break;
    case MFF_ETH_TYPE:
        flow->dl_type = value->be16;
        break;
    case MFF_VLAN_TCI:
        flow->vlans[0].tci = value->be16;
        break;
    case MFF_DL_VLAN:
        if (value->be16 == htons(0xffff)) {
            flow->vlans[0].tci = 0;     /* OFP10_VLAN_NONE: no tag. */
        } else {
            flow->vlans[0].tci &= ~htons(VLAN_VID_MASK);
            flow->vlans[0].tci |= htons(VLAN_CFI)
                                  | (value->be16 & htons(VLAN_VID_MASK));
        }
        break;
    case MFF_VLAN_VID:
        flow->vlans[0].tci = ((flow->vlans[0].tci & ~vid_cfi)
                              | (value->be16 & vid_cfi));
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        flow->vlans[0].tci &= ~htons(VLAN_PCP_MASK);
        flow->vlans[0].tci |= htons(((value->u8[0] & 7) << VLAN_PCP_SHIFT)
                                    | VLAN_CFI);
        break;
    case MFF_IPV4_SRC:
    case MFF_ARP_SPA:
        flow->nw_src = value->be32;
        break;
    case MFF_IPV4_DST:
    case MFF_ARP_TPA:
        flow->nw_dst = value->be32;
        break;
    case MFF_IPV6_SRC:
        flow->ipv6_src = value->ipv6;
        break;
    case MFF_IPV6_DST:
        flow->ipv6_dst = value->ipv6;
        break;
    case MFF_IPV6_LABEL:
        flow->ipv6_label = value->be32;
        break;
    case MFF_IP_PROTO:
        flow->nw_proto = value->u8[0];
        break;
    case MFF_IP_DSCP:
        flow->nw_tos = ((flow->nw_tos & ~IP_DSCP_MASK)
                        | (value->u8[0] & IP_DSCP_MASK));
        break;
    case MFF_IP_DSCP_SHIFTED:
        flow->nw_tos = ((flow->nw_tos & ~IP_DSCP_MASK)
                        | ((value->u8[0] << 2) & IP_DSCP_MASK));
        break;
    case MFF_IP_ECN:
        flow->nw_tos = ((flow->nw_tos & ~IP_ECN_MASK)
                        | (value->u8[0] & IP_ECN_MASK));
        break;
    case MFF_IP_TTL:
        flow->nw_ttl = value->u8[0];
        break;
    case MFF_IP_FRAG:
        flow->nw_frag = value->u8[0] & NW_FRAG_MASK;
        break;
    case MFF_ARP_OP:
        flow->nw_proto = ntohs(value->be16);
        break;
    case MFF_ARP_SHA:
    case MFF_ND_SLL:
        flow->arp_sha = value->mac;
        break;
    case MFF_ARP_THA:
    case MFF_ND_TLL:
        flow->arp_tha = value->mac;
        break;
    case MFF_TCP_SRC:
    case MFF_UDP_SRC:
    case MFF_SCTP_SRC:
        flow->tp_src = value->be16;
        break;
    case MFF_TCP_DST:
    case MFF_UDP_DST:
    case MFF_SCTP_DST:
        flow->tp_dst = value->be16;
        break;
    case MFF_TCP_FLAGS:
        flow->tcp_flags = value->be16;
        break;
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV6_TYPE:
        flow->tp_src = htons(value->u8[0]);
        break;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        flow->tp_dst = htons(value->u8[0]);
        break;
    case MFF_ND_TARGET:
        flow->nd_target = value->ipv6;
        break;
    default:
        if (field->id >= MFF_REG0 && field->id <= MFF_REG15) {
            flow->regs[field->id - MFF_REG0] = ntohl(value->be32);
        } else if (field->id >= MFF_XREG0 && field->id <= MFF_XREG7) {
            unsigned int i = 2 * (field->id - MFF_XREG0);
            flow->regs[i] = get_unaligned_be32(&value->u8[0]);
            flow->regs[i + 1] = get_unaligned_be32(&value->u8[4]);
        } else if (is_tun_md(field)) {
            const struct tun_table *tab = flow->tunnel.metadata.tab;
            tun_md_write(&flow->tunnel.metadata, tab,
                         field->id - MFF_TUN_METADATA0, value->u8,
                         mf_field_len(field, tab));
        }
        break;
    }
}

/* Sets "field" in "flow" to "value", as a set_field action does.  Setting
 * a VLAN field of a flow with no tag type gives the tag type 802.1Q. */
void
mf_set_flow_value(const struct mf_field *field, const union mf_value *value,
                  struct flow *flow)
{
    set_flow_value__(field, value, flow);
    switch (field->id) {
    case MFF_VLAN_TCI:
    case MFF_DL_VLAN:
    case MFF_VLAN_VID:
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        if (!flow->vlans[0].tpid && flow->vlans[0].tci) {
            flow->vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
        }
        break;
    default:
        break;
    }
}

/* Stores the all-ones or all-zeros pattern of "field" in "value". */
static void
fill_value(const struct mf_field *field, uint8_t byte, union mf_value *value)
{
    memset(value, byte, field->n_bytes);
}

/* Makes "match" match "field" exactly against "value", the way OVS's
 * match_set_*() functions do (dl_vlan and vlan_pcp also require a tag;
 * the DSCP and ECN views leave each other alone). */
static void
set_exact(const struct mf_field *field, const union mf_value *value,
          struct match *match)
{
    union mf_value ones;
    be16 *wtci = &match->wc.vlans[0].tci;

    switch (field->id) {
    case MFF_IN_PORT:
    case MFF_IN_PORT_OXM:
        set_flow_value__(field, value, &match->flow);
        match->wc.in_port = UINT32_MAX;
        break;
    case MFF_DL_VLAN:
        set_flow_value__(field, value, &match->flow);
        if (value->be16 == htons(0xffff)) {
            *wtci = htons(0xffff);
        } else {
            *wtci |= htons(VLAN_VID_MASK | VLAN_CFI);
        }
        break;
    case MFF_VLAN_VID:
        set_flow_value__(field, value, &match->flow);
        *wtci = (htons(VLAN_VID_MASK | VLAN_CFI)
                 | (*wtci & htons(VLAN_PCP_MASK)));
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        set_flow_value__(field, value, &match->flow);
        *wtci |= htons(VLAN_PCP_MASK | VLAN_CFI);
        break;
    case MFF_IP_DSCP:
    case MFF_IP_DSCP_SHIFTED:
        set_flow_value__(field, value, &match->flow);
        match->wc.nw_tos |= IP_DSCP_MASK;
        break;
    case MFF_IP_ECN:
        set_flow_value__(field, value, &match->flow);
        match->wc.nw_tos |= IP_ECN_MASK;
        break;
    case MFF_IP_FRAG:
        set_flow_value__(field, value, &match->flow);
        match->wc.nw_frag = NW_FRAG_MASK;
        break;
    case MFF_ARP_OP:
        set_flow_value__(field, value, &match->flow);
        match->wc.nw_proto = UINT8_MAX;
        break;
    case MFF_ICMPV4_TYPE:
    case MFF_ICMPV6_TYPE:
        set_flow_value__(field, value, &match->flow);
        match->wc.tp_src = htons(0xffff);
        break;
    case MFF_ICMPV4_CODE:
    case MFF_ICMPV6_CODE:
        set_flow_value__(field, value, &match->flow);
        match->wc.tp_dst = htons(0xffff);
        break;
    case MFF_IPV6_LABEL:
        match->flow.ipv6_label = value->be32;
        match->wc.ipv6_label = htonl(0xffffffff);
        break;
    default:
        fill_value(field, 0xff, &ones);
        set_flow_value__(field, value, &match->flow);
        set_flow_value__(field, &ones, &match->wc);
        break;
    }
}

/* Makes "match" stop looking at "field", as OVS's mf_set_wild() does: a
 * VLAN view only clears its own bits while the other view is matched. */
static void
set_wild(const struct mf_field *field, struct match *match)
{
    union mf_value zeros;
    be16 *ftci = &match->flow.vlans[0].tci;
    be16 *wtci = &match->wc.vlans[0].tci;

    switch (field->id) {
    case MFF_IN_PORT:
    case MFF_IN_PORT_OXM:
        match->flow.in_port = match->wc.in_port = 0;
        break;
    case MFF_DL_VLAN:
    case MFF_VLAN_VID:
        if (*wtci & htons(VLAN_PCP_MASK)) {
            *wtci &= ~htons(VLAN_VID_MASK);
            *ftci &= ~htons(VLAN_VID_MASK);
        } else {
            *wtci = *ftci = 0;
        }
        break;
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        if (*wtci & htons(VLAN_VID_MASK)) {
            *wtci &= ~htons(VLAN_PCP_MASK);
            *ftci &= ~htons(VLAN_PCP_MASK);
        } else {
            *wtci = *ftci = 0;
        }
        break;
    case MFF_IP_DSCP:
    case MFF_IP_DSCP_SHIFTED:
        match->wc.nw_tos &= ~IP_DSCP_MASK;
        match->flow.nw_tos &= ~IP_DSCP_MASK;
        break;
    case MFF_IP_ECN:
        match->wc.nw_tos &= ~IP_ECN_MASK;
        match->flow.nw_tos &= ~IP_ECN_MASK;
        break;
    case MFF_TUN_FLAGS:
        match->wc.tunnel.flags = match->flow.tunnel.flags = 0;
        break;
    default:
        fill_value(field, 0, &zeros);
        set_flow_value__(field, &zeros, &match->flow);
        set_flow_value__(field, &zeros, &match->wc);
        break;
    }
}

/* Makes "match" match tun_metadataN against "value"/"mask" (mask NULL:
 * exact) under the match's TLV table.  As in OVS, this matches on the
 * option being present even where the mask is all zeros. */
static void
set_tun_md(const struct mf_field *field, const union mf_value *value,
           const union mf_value *mask, struct match *match)
{
    const struct tun_table *tab = match->flow.tunnel.metadata.tab;
    unsigned int idx = field->id - MFF_TUN_METADATA0;
    uint8_t v[TUN_METADATA_MAX_OPT_LEN], m[TUN_METADATA_MAX_OPT_LEN];
    unsigned int len;

    if (!tun_md_lookup(tab, idx, &len)) {
        return;
    }
    for (unsigned int i = 0; i < len; i++) {
        m[i] = mask ? mask->u8[i] : 0xff;
        v[i] = value->u8[i] & m[i];
    }
    tun_md_write(&match->flow.tunnel.metadata, tab, idx, v, len);
    tun_md_write(&match->wc.tunnel.metadata, tab, idx, m, len);
}

/* Makes "match" match "field" against "value" under "mask" (NULL: exact),
 * replacing what it matched on the field before, with OVS's mf_set()
 * semantics: an all-ones mask is an exact match, an all-zeros mask a
 * wildcard, and a partial mask on a field that cannot be masked is
 * ignored (callers check mf_is_mask_valid() first).  tun_metadataN uses
 * the TLV table in match->flow.tunnel.metadata.tab and does nothing if
 * the field is not mapped there. */
void
mf_set(const struct mf_field *field, const union mf_value *value,
       const union mf_value *mask, struct match *match)
{
    be16 vid_cfi = htons(VLAN_VID_MASK | VLAN_CFI);
    union mf_value v;

    if (is_tun_md(field)) {
        set_tun_md(field, value, mask, match);
        return;
    }
    if (!mask || is_all_byte(mask, field->n_bytes, 0xff)) {
        set_exact(field, value, match);
        return;
    }
    if (is_all_byte(mask, field->n_bytes, 0)) {
        set_wild(field, match);
        return;
    }
    if (field->maskable == MFM_NONE) {
        return;
    }

    switch (field->id) {
    case MFF_VLAN_VID: {
        be16 m = mask->be16 & vid_cfi;
        be16 *wtci = &match->wc.vlans[0].tci;

        match->flow.vlans[0].tci = ((match->flow.vlans[0].tci & ~vid_cfi)
                                    | (value->be16 & m));
        *wtci = m | (*wtci & htons(VLAN_PCP_MASK));
        break;
    }
    case MFF_IPV6_LABEL:
        if ((mask->be32 & htonl(IPV6_LABEL_MASK)) == htonl(IPV6_LABEL_MASK)) {
            set_exact(field, value, match);
        } else {
            match->flow.ipv6_label = value->be32 & mask->be32;
            match->wc.ipv6_label = mask->be32;
        }
        break;
    case MFF_IP_FRAG:
        match->wc.nw_frag = mask->u8[0] & NW_FRAG_MASK;
        match->flow.nw_frag = value->u8[0] & match->wc.nw_frag;
        break;
    case MFF_TUN_FLAGS:
        match->wc.tunnel.flags = ntohs(mask->be16) & TNL_PUB_FLAGS;
        match->flow.tunnel.flags = (ntohs(value->be16)
                                    & match->wc.tunnel.flags);
        break;
    default:
        for (unsigned int i = 0; i < field->n_bytes; i++) {
            v.u8[i] = value->u8[i] & mask->u8[i];
        }
        set_flow_value__(field, &v, &match->flow);
        set_flow_value__(field, mask, &match->wc);
        break;
    }
}

/* Reads what "match" matches on "field" into "value" and "mask". */
void
mf_get(const struct mf_field *field, const struct match *match,
       union mf_value *value, union mf_value *mask)
{
    mf_get_value(field, &match->flow, value);
    mf_get_mask(field, match, mask);
}

/* The mask "match" has on "field", as mf_get() returns it. */
void
mf_get_mask(const struct mf_field *field, const struct match *match,
            union mf_value *mask)
{
    if (is_tun_md(field)) {
        const struct tun_table *tab = match->flow.tunnel.metadata.tab;
        memset(mask, 0, field->n_bytes);
        tun_md_read(&match->wc.tunnel.metadata, tab,
                    field->id - MFF_TUN_METADATA0, mask->u8,
                    mf_field_len(field, tab));
    } else if (field->id == MFF_IN_PORT || field->id == MFF_IN_PORT_OXM) {
        fill_value(field, match->wc.in_port ? 0xff : 0, mask);
    } else {
        mf_get_value(field, &match->wc, mask);
    }
}

/* Tells whether "match" looks at no bit of "field".  tun_metadataN counts
 * as matched while the match requires the option to be present. */
bool
mf_is_all_wild(const struct mf_field *field, const struct match *match)
{
    const struct flow *wc = &match->wc;
    be16 tci = wc->vlans[0].tci;
    union mf_value mask;

    switch (field->id) {
    case MFF_IN_PORT:
    case MFF_IN_PORT_OXM:
        return !wc->in_port;
    case MFF_DL_VLAN:
        return !(tci & htons(VLAN_VID_MASK));
    case MFF_VLAN_VID:
        return !(tci & htons(VLAN_VID_MASK | VLAN_CFI));
    case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP:
        return !(tci & htons(VLAN_PCP_MASK));
    case MFF_IP_DSCP:
    case MFF_IP_DSCP_SHIFTED:
        return !(wc->nw_tos & IP_DSCP_MASK);
    case MFF_IP_ECN:
        return !(wc->nw_tos & IP_ECN_MASK);
    case MFF_IP_FRAG:
        return !(wc->nw_frag & NW_FRAG_MASK);
    case MFF_ARP_OP:
        return !wc->nw_proto;
    default:
        if (is_tun_md(field)) {
            return !tun_metadata_present(&wc->tunnel.metadata,
                                         field->id - MFF_TUN_METADATA0);
        }
        mf_get_value(field, wc, &mask);
        return is_all_byte(&mask, field->n_bytes, 0);
    }
}

/* ---------------------------------------------------------------------
 * Subfields.
 * --------------------------------------------------------------------- */

/* Bit "bit" (0 = least significant) of the "n"-byte big-endian "p". */
static bool
get_bit(const uint8_t *p, size_t n, unsigned int bit)
{
    return (p[n - 1 - bit / 8] >> (bit % 8)) & 1;
}

/* Sets bit "bit" of the "n"-byte big-endian "p" to "on". */
static void
set_bit(uint8_t *p, size_t n, unsigned int bit, bool on)
{
    uint8_t *b = &p[n - 1 - bit / 8];

    if (on) {
        *b |= 1u << (bit % 8);
    } else {
        *b &= ~(1u << (bit % 8));
    }
}

/* The width in bytes of "sf"'s field in a flow with TLV table "tab", or 0
 * if "sf" reaches past it. */
static unsigned int
subfield_width(const struct mf_subfield *sf, const struct tun_table *tab)
{
    unsigned int len = mf_field_len(sf->field, tab);

    return sf->ofs + sf->n_bits <= 8 * len ? len : 0;
}

/* Reads subfield "sf" of "flow" into "sv", right-aligned, zero above. */
void
mf_read_subfield(const struct mf_subfield *sf, const struct flow *flow,
                 union mf_subvalue *sv)
{
    unsigned int len = subfield_width(sf, flow->tunnel.metadata.tab);
    union mf_value value;

    memset(sv, 0, sizeof *sv);
    if (!len) {
        return;
    }
    mf_get_value(sf->field, flow, &value);
    for (unsigned int i = 0; i < sf->n_bits; i++) {
        set_bit(sv->u8, sizeof sv->u8, i,
                get_bit(value.u8, len, sf->ofs + i));
    }
}

/* Writes the low sf->n_bits bits of "sv" into subfield "sf" of "flow". */
void
mf_write_subfield_flow(const struct mf_subfield *sf,
                       const union mf_subvalue *sv, struct flow *flow)
{
    unsigned int len = subfield_width(sf, flow->tunnel.metadata.tab);
    union mf_value value;

    if (!len) {
        return;
    }
    mf_get_value(sf->field, flow, &value);
    for (unsigned int i = 0; i < sf->n_bits; i++) {
        set_bit(value.u8, len, sf->ofs + i,
                get_bit(sv->u8, sizeof sv->u8, i));
    }
    mf_set_flow_value(sf->field, &value, flow);
}

/* Makes "match" match the low sf->n_bits bits of "sv" exactly in subfield
 * "sf", keeping what it matched on the rest of the field. */
void
mf_write_subfield(const struct mf_subfield *sf, const union mf_subvalue *sv,
                  struct match *match)
{
    unsigned int len = subfield_width(sf, match->flow.tunnel.metadata.tab);
    union mf_value value, mask;

    if (!len) {
        return;
    }
    mf_get(sf->field, match, &value, &mask);
    for (unsigned int i = 0; i < sf->n_bits; i++) {
        set_bit(value.u8, len, sf->ofs + i,
                get_bit(sv->u8, sizeof sv->u8, i));
        set_bit(mask.u8, len, sf->ofs + i, true);
    }
    mf_set(sf->field, &value, &mask, match);
}
