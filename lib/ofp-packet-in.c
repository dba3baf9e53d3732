/* OpenFlow packet-in messages. */
#include <config.h>
#include "ofp-packet-in.h"

#include <arpa/inet.h>
#include <string.h>
#include "flow.h"
#include "meta-flow.h"
#include "nx-match.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "packets.h"
#include "util.h"

#define OFP_NO_BUFFER 0xffffffff
#define OFPT_PACKET_IN 10           /* The same in every version. */

/* NXT_PACKET_IN2 property types. */
enum {
    NXPINT_PACKET = 0,
    NXPINT_TABLE_ID = 3,
    NXPINT_COOKIE = 4,
    NXPINT_REASON = 5,
    NXPINT_METADATA = 6,
};

/* Makes "md" match exactly what a packet-in reports of "flow": its input
 * port, and each of its tunnel fields, OpenFlow metadata, registers and
 * packet mark that is not zero, as Open vSwitch reports them. */
void
ofputil_packet_in_metadata(const struct flow *flow, struct match *md)
{
    const struct flow_tnl *tnl = &flow->tunnel;

    match_init_catchall(md);
    md->flow.tunnel.metadata.tab = tnl->metadata.tab;
    md->flow.in_port = flow->in_port;
    md->wc.in_port = UINT32_MAX;
    if (tnl->tun_id) {
        md->flow.tunnel.tun_id = tnl->tun_id;
        md->wc.tunnel.tun_id = UINT64_MAX;
    }
    if (tnl->ip_src) {
        md->flow.tunnel.ip_src = tnl->ip_src;
        md->wc.tunnel.ip_src = UINT32_MAX;
    }
    if (tnl->ip_dst) {
        md->flow.tunnel.ip_dst = tnl->ip_dst;
        md->wc.tunnel.ip_dst = UINT32_MAX;
    }
    if (!ipv6_addr_is_zero(&tnl->ipv6_src)) {
        md->flow.tunnel.ipv6_src = tnl->ipv6_src;
        memset(&md->wc.tunnel.ipv6_src, 0xff, sizeof md->wc.tunnel.ipv6_src);
    }
    if (!ipv6_addr_is_zero(&tnl->ipv6_dst)) {
        md->flow.tunnel.ipv6_dst = tnl->ipv6_dst;
        memset(&md->wc.tunnel.ipv6_dst, 0xff, sizeof md->wc.tunnel.ipv6_dst);
    }
    if (flow->metadata) {
        md->flow.metadata = flow->metadata;
        md->wc.metadata = UINT64_MAX;
    }
    for (size_t i = 0; i < FLOW_N_REGS; i++) {
        if (flow->regs[i]) {
            md->flow.regs[i] = flow->regs[i];
            md->wc.regs[i] = UINT32_MAX;
        }
    }
    if (flow->pkt_mark) {
        md->flow.pkt_mark = flow->pkt_mark;
        md->wc.pkt_mark = UINT32_MAX;
    }
    /* The Geneve options the TLV table maps, each that is present. */
    for (unsigned int i = 0; i < TUN_METADATA_NUM_OPTS; i++) {
        if (tnl->metadata.tab && tun_metadata_present(&tnl->metadata, i)) {
            const struct mf_field *field = mf_from_id(MFF_TUN_METADATA0 + i);
            union mf_value value;
            mf_get_value(field, flow, &value);
            mf_set(field, &value, NULL, md);
        }
    }
}

/* Starts an NXT_PACKET_IN2 property of "type"; returns its offset. */
static size_t
prop_start(struct ofpbuf *b, uint16_t type)
{
    size_t ofs = b->size;
    uint8_t *p = ofpbuf_put_zeros(b, 4);
    put_unaligned_be16(p, type);
    return ofs;
}

/* Ends the property at "ofs": its length, then padding to 8 bytes. */
static void
prop_end(struct ofpbuf *b, size_t ofs)
{
    uint8_t *p = (uint8_t *) b->data + ofs;
    size_t len = b->size - ofs;

    put_unaligned_be16(p + 2, len);
    ofpbuf_put_zeros(b, ROUND_UP(len, 8) - len);
}

static void
put_nx_header(struct ofpbuf *b, uint32_t subtype)
{
    uint8_t *p = ofpbuf_put_zeros(b, 8);
    put_unaligned_be32(p, NX_VENDOR_ID);
    put_unaligned_be32(p + 4, subtype);
}

/* The packet-in "pin" for a connection of OpenFlow "version" that asked
 * for "format" (NXPIF_*); xid 0, as Open vSwitch sends them. */
struct ofpbuf *
ofputil_encode_packet_in(const struct ofputil_packet_in *pin,
                         uint8_t version, int format)
{
    struct ofpbuf *b;
    uint8_t *p;

    if (format == NXPIF_NXT_PACKET_IN2) {
        b = ofp_msg_new(version, OFPT_EXPERIMENTER, 0, 0);
        put_nx_header(b, NXT_PACKET_IN2);

        size_t ofs = prop_start(b, NXPINT_PACKET);
        ofpbuf_put(b, pin->packet, pin->packet_len);
        prop_end(b, ofs);

        ofs = prop_start(b, NXPINT_TABLE_ID);
        *(uint8_t *) ofpbuf_put_zeros(b, 1) = pin->table_id;
        prop_end(b, ofs);

        ofs = prop_start(b, NXPINT_COOKIE);
        p = ofpbuf_put_zeros(b, 12);     /* 4 bytes of alignment first. */
        memcpy(p + 4, &pin->cookie, 8);
        prop_end(b, ofs);

        ofs = prop_start(b, NXPINT_REASON);
        *(uint8_t *) ofpbuf_put_zeros(b, 1) = pin->reason;
        prop_end(b, ofs);

        ofs = prop_start(b, NXPINT_METADATA);
        nx_put_match(b, &pin->metadata, 0, 0);
        prop_end(b, ofs);
    } else if (format == NXPIF_NXT_PACKET_IN) {
        b = ofp_msg_new(version, OFPT_EXPERIMENTER, 0, 0);
        put_nx_header(b, NXT_PACKET_IN);
        p = ofpbuf_put_zeros(b, 24);
        put_unaligned_be32(p, OFP_NO_BUFFER);
        put_unaligned_be16(p + 4, pin->packet_len);
        p[6] = pin->reason;
        p[7] = pin->table_id;
        memcpy(p + 8, &pin->cookie, 8);
        size_t len_ofs = b->size - 8;
        size_t match_len = nx_put_match(b, &pin->metadata, 0, 0);
        put_unaligned_be16((uint8_t *) b->data + len_ofs, match_len);
        ofpbuf_put_zeros(b, ROUND_UP(match_len, 8) - match_len + 2);
        ofpbuf_put(b, pin->packet, pin->packet_len);
    } else if (version == OFP10_VERSION) {
        b = ofp_msg_new(version, OFPT_PACKET_IN, 0, 0);
        p = ofpbuf_put_zeros(b, 10);
        put_unaligned_be32(p, OFP_NO_BUFFER);
        put_unaligned_be16(p + 4, pin->packet_len);
        put_unaligned_be16(p + 6, pin->metadata.flow.in_port);
        p[8] = pin->reason;
        ofpbuf_put(b, pin->packet, pin->packet_len);
    } else {
        b = ofp_msg_new(version, OFPT_PACKET_IN, 0, 0);
        p = ofpbuf_put_zeros(b, 16);
        put_unaligned_be32(p, OFP_NO_BUFFER);
        put_unaligned_be16(p + 4, pin->packet_len);
        p[6] = pin->reason;
        p[7] = pin->table_id;
        memcpy(p + 8, &pin->cookie, 8);
        oxm_put_match(b, &pin->metadata, version);
        ofpbuf_put_zeros(b, 2);
        ofpbuf_put(b, pin->packet, pin->packet_len);
    }
    ofp_msg_finish(b);
    return b;
}
