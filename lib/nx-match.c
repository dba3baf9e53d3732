/* Match codecs: NXM, OXM and the OpenFlow 1.0 match.
 *
 * An NXM/OXM TLV header is 32 bits: class (31..16), field (15..9), hasmask
 * (8) and the payload length (7..0).  With hasmask the payload is a value
 * and a mask of equal width.  An experimenter header (class 0xffff) is
 * followed by a 32-bit experimenter ID that the length counts. */
#include <config.h>
#include "nx-match.h"

#include <arpa/inet.h>
#include <string.h>
#include "flow.h"
#include "match.h"
#include "meta-flow.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "tun-metadata.h"

#define OXM_CLASS_EXPERIMENTER 0xffff
#define ONF_TCP_FLAGS_FIELD 42
#define NW_FRAG_MASK (FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER)

/* Parts of a 32-bit header. */
static unsigned int hdr_class(uint32_t h) { return h >> 16; }
static unsigned int hdr_field(uint32_t h) { return (h >> 9) & 0x7f; }
static bool hdr_hasmask(uint32_t h) { return (h >> 8) & 1; }
static unsigned int hdr_length(uint32_t h) { return h & 0xff; }

/* Tells whether every byte of the "n" at "p" is "byte". */
static bool
all_bytes(const void *p, size_t n, uint8_t byte)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        if (b[i] != byte) {
            return false;
        }
    }
    return true;
}

/* ---------------------------------------------------------------------
 * Decoding.
 * --------------------------------------------------------------------- */

/* One TLV taken off the wire. */
struct nxm_entry {
    const struct mf_field *field; /* NULL for the cookie. */
    union mf_value value;
    union mf_value mask;        /* All-ones without hasmask. */
};

/* Returns the field that "header" (and "experimenter", for class 0xffff)
 * names, whichever of NXM and OXM the header's class belongs to: each
 * form is accepted inside the other, as in OVS. */
static const struct mf_field *
field_from_header(uint32_t header, uint32_t experimenter)
{
    unsigned int cls = hdr_class(header);

    if (cls == OXM_CLASS_EXPERIMENTER) {
        return (experimenter == ONF_EXPERIMENTER_ID
                && hdr_field(header) == ONF_TCP_FLAGS_FIELD
                ? mf_from_id(MFF_TCP_FLAGS) : NULL);
    }
    return cls <= 1 ? mf_from_nxm_header(header) : mf_from_oxm_header(header);
}

/* Copies a "width"-byte payload value into the "n"-byte "dst": whole for a
 * fixed field, right-aligned (or cut to its first "n" bytes) for a
 * variable-length one, as OVS's copy_entry_value() does. */
static void
copy_value(uint8_t *dst, size_t n, const uint8_t *payload, size_t width)
{
    size_t copy = MIN(width, n);

    memset(dst, 0, n);
    memcpy(dst + n - copy, payload, copy);
}

/* Takes one TLV off the front of "*p" (with "*left" bytes) into "e".  The
 * checks and their order are OVS's nx_pull_entry__() and
 * nx_pull_match_entry(): a truncated header or payload is BAD_LEN, an
 * unmapped tun_metadataN INVALID_TLV_FIELD (before its payload is even
 * looked at), 1-bits in the value under 0-bits of the mask BAD_WILDCARDS,
 * and only then an unknown header BAD_FIELD; a partial mask on a field
 * that cannot be masked is BAD_MASK and an impossible value BAD_VALUE. */
static enum ofperr
pull_entry(const uint8_t **p, size_t *left, bool allow_cookie,
           const struct tun_table *tab, struct nxm_entry *e)
{
    uint32_t header, experimenter = 0;
    size_t hdr_len = 4;
    const uint8_t *payload;
    size_t payload_len, width, n;
    bool unknown;

    if (*left < 4) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    header = get_unaligned_be32(*p);
    if (hdr_class(header) == OXM_CLASS_EXPERIMENTER) {
        if (*left < 8) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        if (hdr_length(header) < 4) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        experimenter = get_unaligned_be32(*p + 4);
        hdr_len = 8;
    }
    payload_len = hdr_length(header) - (hdr_len - 4);
    width = hdr_hasmask(header) ? payload_len / 2 : payload_len;

    e->field = field_from_header(header, experimenter);
    if (e->field && !e->field->variable_len && width != e->field->n_bytes) {
        e->field = NULL;        /* A known field at the wrong length. */
    }
    unknown = !e->field && !(allow_cookie && (header == NXM_NX_COOKIE
                                              || header == NXM_NX_COOKIE_W));
    if (e->field && !mf_is_usable(e->field, tab)) {
        return OFPERR_NXFMFC_INVALID_TLV_FIELD;
    }

    if (*left - hdr_len < payload_len) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    payload = *p + hdr_len;
    *p += hdr_len + payload_len;
    *left -= hdr_len + payload_len;

    if (hdr_hasmask(header)) {
        for (size_t i = 0; i < width; i++) {
            if (payload[i] & ~payload[width + i]) {
                return OFPERR_OFPBMC_BAD_WILDCARDS;
            }
        }
    }
    if (unknown) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }

    n = !e->field ? 8 : mf_field_len(e->field, tab);
    copy_value(e->value.u8, n, payload, width);
    memset(&e->mask, 0xff, sizeof e->mask);
    if (hdr_hasmask(header)) {
        copy_value(e->mask.u8, n, payload + width, width);
    }

    if (e->field) {
        if (!mf_is_mask_valid(e->field, &e->mask)) {
            return OFPERR_OFPBMC_BAD_MASK;
        }
        if (!mf_is_value_valid(e->field, &e->value)) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
    }
    return 0;
}

/* Decodes the "len" bytes of TLVs at "p" into "match", as OVS's
 * nx_pull_raw() does in strict mode: a cookie is an error unless "cookie"
 * is nonnull (then a second one is DUP_FIELD), a field whose prerequisite
 * the match so far does not meet is BAD_PREREQ, and a field the match
 * already constrains is DUP_FIELD. */
static enum ofperr
pull_raw(const uint8_t *p, size_t len, const struct tun_table *tab,
         struct match *match, be64 *cookie, be64 *cookie_mask)
{
    match_init_catchall(match);
    match->flow.tunnel.metadata.tab = tab;
    if (cookie) {
        *cookie = *cookie_mask = 0;
    }

    while (len) {
        struct nxm_entry e;
        enum ofperr error;

        error = pull_entry(&p, &len, cookie != NULL, tab, &e);
        if (error) {
            return error;
        }
        if (!e.field) {
            if (*cookie_mask) {
                return OFPERR_OFPBMC_DUP_FIELD;
            }
            *cookie = e.value.be64;
            *cookie_mask = e.mask.be64;
        } else if (!mf_are_prereqs_ok(e.field, match)) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        } else if (!mf_is_all_wild(e.field, match)) {
            return OFPERR_OFPBMC_DUP_FIELD;
        } else {
            mf_set(e.field, &e.value, &e.mask, match);
        }
    }
    return 0;
}

/* Decodes the "match_len" bytes of NXM at "p" (no padding: the caller
 * skips it) into "match" under TLV table "tab", which stays in
 * match->flow.tunnel.metadata.tab.  NXM_NX_COOKIE(_W) goes to "*cookie"
 * and "*cookie_mask" (both zero without one); with null pointers a cookie
 * is OFPBMC_BAD_FIELD.  Returns 0 or an OpenFlow error; on error "match"
 * holds a partial result. */
enum ofperr
nx_pull_match(const void *p, size_t match_len, const struct tun_table *tab,
              struct match *match, be64 *cookie, be64 *cookie_mask)
{
    return pull_raw(p, match_len, tab, match, cookie, cookie_mask);
}

/* Decodes the OpenFlow 1.2+ match at "p", an ofp11_match_header, OXM TLVs
 * and padding to 8 bytes, all within the "len" bytes there, into "match"
 * under "tab".  On success stores the padded size in "*consumed".  As in
 * OVS: fewer than 4 bytes or a length under 4 is OFPBMC_BAD_LEN; an
 * OpenFlow 1.1 standard match is OFPBMC_BAD_LEN unless it has its 88
 * bytes (ovsx does not decode it: then OFPBMC_BAD_TYPE); any other type
 * than OFPMT_OXM is OFPBMC_BAD_TYPE; a padded length beyond "len" is
 * OFPBMC_BAD_LEN. */
enum ofperr
oxm_pull_match(const void *p_, size_t len, const struct tun_table *tab,
               struct match *match, size_t *consumed)
{
    const uint8_t *p = p_;
    size_t match_len, padded;
    enum ofperr error;

    if (len < sizeof(struct ofp11_match_header)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    match_len = get_unaligned_be16(p + 2);
    if (match_len < sizeof(struct ofp11_match_header)) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (get_unaligned_be16(p) == OFPMT_STANDARD && match_len != 88) {
        return OFPERR_OFPBMC_BAD_LEN;
    } else if (get_unaligned_be16(p) != OFPMT_OXM) {
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    padded = ROUND_UP(match_len, 8);
    if (padded > len) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    error = pull_raw(p + 4, match_len - 4, tab, match, NULL, NULL);
    if (!error) {
        *consumed = padded;
    }
    return error;
}

/* ---------------------------------------------------------------------
 * Encoding.
 * --------------------------------------------------------------------- */

/* Where TLVs go and in which form: "version" 0 for NXM, else the OpenFlow
 * version whose OXM to use. */
struct put_ctx {
    struct ofpbuf *b;
    uint8_t version;
};

/* Returns the header to use for "field" in "ctx", with hasmask 0 and the
 * field's own length, and sets "*experimenter" for the ONF form.  Like
 * OVS: NXM prefers the NXM header; OXM prefers the OXM header from the
 * version that defined it; a field with only one form always uses it. */
static uint32_t
header_for(const struct put_ctx *ctx, const struct mf_field *field,
           uint32_t *experimenter)
{
    uint8_t v = ctx->version;

    *experimenter = 0;
    if (field->id == MFF_TCP_FLAGS && v >= OFP13_VERSION
        && v < OFP15_VERSION) {
        *experimenter = ONF_EXPERIMENTER_ID;
        return ((uint32_t) OXM_CLASS_EXPERIMENTER << 16)
               | (ONF_TCP_FLAGS_FIELD << 9);
    }
    if (v && field->oxm_header && v >= field->oxm_version) {
        return field->oxm_header;
    }
    return field->nxm_header ? field->nxm_header : field->oxm_header;
}

/* Appends one TLV for field "id": "n" bytes of "value", then of "mask" if
 * "mask" is nonnull. */
static void
put_entry(struct put_ctx *ctx, enum mf_field_id id, const void *value,
          const void *mask, size_t n)
{
    uint32_t experimenter;
    uint32_t header = header_for(ctx, mf_from_id(id), &experimenter);
    size_t len = (mask ? 2 * n : n) + (experimenter ? 4 : 0);
    uint8_t *h;

    header = (header & ~UINT32_C(0x1ff)) | (mask ? 0x100 : 0) | len;
    h = ofpbuf_put_uninit(ctx->b, 4);
    put_unaligned_be32(h, header);
    if (experimenter) {
        h = ofpbuf_put_uninit(ctx->b, 4);
        put_unaligned_be32(h, experimenter);
    }
    ofpbuf_put(ctx->b, value, n);
    if (mask) {
        ofpbuf_put(ctx->b, mask, n);
    }
}

/* Appends field "id" under "mask": nothing if the mask is all zeros, an
 * exact TLV if all ones, a masked one otherwise. */
static void
put_masked(struct put_ctx *ctx, enum mf_field_id id, const void *value,
           const void *mask, size_t n)
{
    if (!all_bytes(mask, n, 0)) {
        put_entry(ctx, id, value, all_bytes(mask, n, 0xff) ? NULL : mask, n);
    }
}

/* Appends what "match" matches on field "id", masked as it is. */
static void
put_field(struct put_ctx *ctx, const struct match *match, enum mf_field_id id)
{
    const struct mf_field *field = mf_from_id(id);
    union mf_value value, mask;

    /* Most fields of most matches are wildcarded: look at the mask
     * first. */
    mf_get_mask(field, match, &mask);
    if (all_bytes(&mask, field->n_bytes, 0)) {
        return;
    }
    mf_get_value(field, &match->flow, &value);
    put_masked(ctx, id, &value, &mask, field->n_bytes);
}

/* Appends an exact TLV for field "id" with the value "match" has. */
static void
put_exact(struct put_ctx *ctx, const struct match *match, enum mf_field_id id)
{
    const struct mf_field *field = mf_from_id(id);
    union mf_value value;

    mf_get_value(field, &match->flow, &value);
    put_entry(ctx, id, &value, NULL, field->n_bytes);
}

/* Appends the VLAN fields: NXM vlan_tci, or OXM vlan_vid (with the
 * OFPVID_PRESENT bit 0x1000, which is the CFI bit) and vlan_pcp. */
static void
put_vlan(struct put_ctx *ctx, const struct match *match)
{
    be16 vid_cfi = htons(VLAN_VID_MASK | VLAN_CFI);
    be16 tci = match->flow.vlans[0].tci;
    be16 wtci = match->wc.vlans[0].tci;

    if (!ctx->version) {
        put_masked(ctx, MFF_VLAN_TCI, &tci, &wtci, 2);
        return;
    }

    be16 vid = tci & vid_cfi;
    be16 mask = wtci & vid_cfi;
    if (mask == vid_cfi) {
        put_entry(ctx, MFF_VLAN_VID, &vid, NULL, 2);
    } else if (mask) {
        put_entry(ctx, MFF_VLAN_VID, &vid, &mask, 2);
    }
    if (vid && (wtci & htons(VLAN_PCP_MASK))) {
        put_exact(ctx, match, MFF_VLAN_PCP);
    }
}

/* Appends the L4 fields of an IP match whose nw_proto is matched. */
static void
put_l4(struct put_ctx *ctx, const struct match *match)
{
    const struct flow *flow = &match->flow;

    switch (flow->nw_proto) {
    case IPPROTO_NUM_TCP:
        put_field(ctx, match, MFF_TCP_SRC);
        put_field(ctx, match, MFF_TCP_DST);
        put_field(ctx, match, MFF_TCP_FLAGS);
        return;
    case IPPROTO_NUM_UDP:
        put_field(ctx, match, MFF_UDP_SRC);
        put_field(ctx, match, MFF_UDP_DST);
        return;
    case IPPROTO_NUM_SCTP:
        put_field(ctx, match, MFF_SCTP_SRC);
        put_field(ctx, match, MFF_SCTP_DST);
        return;
    }

    bool v4 = flow->dl_type == htons(ETH_TYPE_IP);
    if (v4 && flow->nw_proto == IPPROTO_NUM_ICMP) {
        if (match->wc.tp_src) {
            put_exact(ctx, match, MFF_ICMPV4_TYPE);
        }
        if (match->wc.tp_dst) {
            put_exact(ctx, match, MFF_ICMPV4_CODE);
        }
    } else if (!v4 && flow->nw_proto == IPPROTO_NUM_ICMPV6) {
        if (match->wc.tp_src) {
            put_exact(ctx, match, MFF_ICMPV6_TYPE);
        }
        if (match->wc.tp_dst) {
            put_exact(ctx, match, MFF_ICMPV6_CODE);
        }
        if (mf_are_prereqs_ok(mf_from_id(MFF_ND_TARGET), match)) {
            put_field(ctx, match, MFF_ND_TARGET);
            if (flow->tp_src == htons(ND_NEIGHBOR_SOLICIT)) {
                put_field(ctx, match, MFF_ND_SLL);
            } else {
                put_field(ctx, match, MFF_ND_TLL);
            }
        }
    }
}

/* Appends the IPv4 or IPv6 fields, in OVS's nxm_put_ip() order. */
static void
put_ip(struct put_ctx *ctx, const struct match *match)
{
    const struct flow *flow = &match->flow;
    const struct flow *wc = &match->wc;

    if (flow->dl_type == htons(ETH_TYPE_IP)) {
        put_field(ctx, match, MFF_IPV4_SRC);
        put_field(ctx, match, MFF_IPV4_DST);
    } else {
        put_field(ctx, match, MFF_IPV6_SRC);
        put_field(ctx, match, MFF_IPV6_DST);
    }

    uint8_t frag = flow->nw_frag & NW_FRAG_MASK;
    uint8_t frag_mask = wc->nw_frag & NW_FRAG_MASK;
    if (frag_mask == NW_FRAG_MASK) {
        frag_mask = UINT8_MAX;
    }
    put_masked(ctx, MFF_IP_FRAG, &frag, &frag_mask, 1);

    if (wc->nw_tos & IP_DSCP_MASK) {
        put_exact(ctx, match,
                  ctx->version ? MFF_IP_DSCP_SHIFTED : MFF_IP_DSCP);
    }
    if (wc->nw_tos & IP_ECN_MASK) {
        put_exact(ctx, match, MFF_IP_ECN);
    }
    if (wc->nw_ttl) {
        put_exact(ctx, match, MFF_IP_TTL);
    }
    put_masked(ctx, MFF_IPV6_LABEL, &flow->ipv6_label, &wc->ipv6_label, 4);
    if (wc->nw_proto) {
        put_exact(ctx, match, MFF_IP_PROTO);
        put_l4(ctx, match);
    }
}

/* Appends the tun_metadataN fields the match requires present, each at its
 * mapped length, masked unless the mask is all ones (a zero-length option
 * is always written masked, as OVS does). */
static void
put_tun_metadata(struct put_ctx *ctx, const struct match *match)
{
    const struct tun_table *tab = match->flow.tunnel.metadata.tab;

    for (unsigned int i = 0; i < TUN_METADATA_NUM_OPTS; i++) {
        const struct mf_field *field = mf_from_id(MFF_TUN_METADATA0 + i);
        union mf_value value, mask;
        unsigned int len;

        if (!tun_metadata_present(&match->wc.tunnel.metadata, i)
            || !mf_is_usable(field, tab)) {
            continue;
        }
        len = mf_field_len(field, tab);
        mf_get(field, match, &value, &mask);
        put_entry(ctx, field->id, &value,
                  !len || !all_bytes(&mask, len, 0xff) ? &mask : NULL, len);
    }
}

/* Appends "match" as TLVs in the order of OVS's nx_put_raw(), then the
 * cookie if "cookie_mask" is nonzero. */
static void
put_raw(struct put_ctx *ctx, const struct match *match, be64 cookie,
        be64 cookie_mask)
{
    const struct flow *flow = &match->flow;

    if (match->wc.in_port) {
        put_exact(ctx, match, ctx->version ? MFF_IN_PORT_OXM : MFF_IN_PORT);
    }

    put_field(ctx, match, MFF_ETH_SRC);
    put_field(ctx, match, MFF_ETH_DST);
    put_field(ctx, match, MFF_ETH_TYPE);
    put_vlan(ctx, match);

    if (flow->dl_type == htons(ETH_TYPE_IP)
        || flow->dl_type == htons(ETH_TYPE_IPV6)) {
        put_ip(ctx, match);
    } else if (flow->dl_type == htons(ETH_TYPE_ARP)
               || flow->dl_type == htons(0x8035)) {
        if (match->wc.nw_proto) {
            put_exact(ctx, match, MFF_ARP_OP);
        }
        put_field(ctx, match, MFF_ARP_SPA);
        put_field(ctx, match, MFF_ARP_TPA);
        put_field(ctx, match, MFF_ARP_SHA);
        put_field(ctx, match, MFF_ARP_THA);
    }

    put_field(ctx, match, MFF_TUN_ID);
    put_field(ctx, match, MFF_TUN_FLAGS);
    put_field(ctx, match, MFF_TUN_SRC);
    put_field(ctx, match, MFF_TUN_DST);
    put_field(ctx, match, MFF_TUN_IPV6_SRC);
    put_field(ctx, match, MFF_TUN_IPV6_DST);
    put_tun_metadata(ctx, match);

    if (ctx->version < OFP15_VERSION) {
        for (int i = 0; i < FLOW_N_REGS; i++) {
            put_field(ctx, match, MFF_REG0 + i);
        }
    } else {
        for (int i = 0; i < FLOW_N_REGS / 2; i++) {
            put_field(ctx, match, MFF_XREG0 + i);
        }
    }
    put_field(ctx, match, MFF_PKT_MARK);
    put_field(ctx, match, MFF_METADATA);

    if (cookie_mask) {
        bool masked = cookie_mask != UINT64_MAX;
        uint8_t *h = ofpbuf_put_uninit(ctx->b, 4);

        cookie &= cookie_mask;
        put_unaligned_be32(h, masked ? NXM_NX_COOKIE_W : NXM_NX_COOKIE);
        ofpbuf_put(ctx->b, &cookie, sizeof cookie);
        if (masked) {
            ofpbuf_put(ctx->b, &cookie_mask, sizeof cookie_mask);
        }
    }
}

/* Appends "match" to "b" as NXM, then the NXM_NX_COOKIE(_W) pseudo-field
 * if "cookie_mask" is nonzero, without padding.  Returns the bytes
 * appended (the nx_match "match_len"; 0 for a catch-all match). */
size_t
nx_put_match(struct ofpbuf *b, const struct match *match, be64 cookie,
             be64 cookie_mask)
{
    struct put_ctx ctx = { .b = b, .version = 0 };
    size_t start = b->size;

    put_raw(&ctx, match, cookie, cookie_mask);
    return b->size - start;
}

/* Appends "match" to "b" as an OpenFlow "version" (1.2 or later) match:
 * ofp11_match_header, OXM TLVs, zero padding to a multiple of 8.  Returns
 * all the bytes appended, padding included. */
size_t
oxm_put_match(struct ofpbuf *b, const struct match *match, uint8_t version)
{
    struct put_ctx ctx = { .b = b, .version = version };
    size_t start = b->size;
    size_t match_len;
    uint8_t *h;

    ofpbuf_put_zeros(b, sizeof(struct ofp11_match_header));
    put_raw(&ctx, match, 0, 0);
    match_len = b->size - start;
    ofpbuf_put_zeros(b, ROUND_UP(match_len, 8) - match_len);

    h = b->data + start;
    put_unaligned_be16(h, OFPMT_OXM);
    put_unaligned_be16(h + 2, match_len);
    return b->size - start;
}

/* ---------------------------------------------------------------------
 * OpenFlow 1.0.
 * --------------------------------------------------------------------- */

/* The netmask for "wcbits" wildcarded low-order bits (32 or more: 0). */
static be32
wcbits_to_netmask(unsigned int wcbits)
{
    wcbits &= 0x3f;
    return wcbits < 32 ? htonl(~((UINT32_C(1) << wcbits) - 1)) : 0;
}

/* The number of wildcarded low-order bits in "netmask", 0 to 32.  Not
 * meaningful for a non-CIDR mask. */
static unsigned int
netmask_to_wcbits(be32 netmask)
{
    return netmask ? __builtin_ctz(ntohl(netmask)) : 32;
}

/* Clears the mask bits of fields "match"'s lower layers rule out, as OVS's
 * ofputil_normalize_match() does: L3 fields without an L3 ethertype, L4
 * ports without a known L4 protocol, and so on. */
static void
normalize(struct match *match)
{
    enum {
        MAY_NW_ADDR = 1 << 0,   /* nw_src, nw_dst. */
        MAY_TP_ADDR = 1 << 1,   /* tp_src, tp_dst. */
        MAY_NW_PROTO = 1 << 2,  /* nw_proto. */
        MAY_IPVX = 1 << 3,      /* nw_tos, nw_ttl. */
        MAY_ARP_SHA = 1 << 4,
        MAY_ARP_THA = 1 << 5,
        MAY_IPV6 = 1 << 6,      /* ipv6_src, ipv6_dst, ipv6_label. */
        MAY_ND_TARGET = 1 << 7,
        MAY_ETHER = 1 << 8,     /* dl_src, dl_dst. */
    };
    const struct flow *flow = &match->flow;
    struct flow *wc = &match->wc;
    unsigned int may = MAY_ETHER;
    be16 dl_type = flow->dl_type;

    if (wc->packet_ns && flow->packet_ns == PT_NS_ETHERTYPE) {
        may = 0;
        dl_type = flow->packet_type;
    }
    if (dl_type == htons(ETH_TYPE_IP)) {
        may |= MAY_NW_PROTO | MAY_IPVX | MAY_NW_ADDR;
        if (flow->nw_proto == IPPROTO_NUM_TCP
            || flow->nw_proto == IPPROTO_NUM_UDP
            || flow->nw_proto == IPPROTO_NUM_SCTP
            || flow->nw_proto == IPPROTO_NUM_ICMP) {
            may |= MAY_TP_ADDR;
        }
    } else if (dl_type == htons(ETH_TYPE_IPV6)) {
        may |= MAY_NW_PROTO | MAY_IPVX | MAY_IPV6;
        if (flow->nw_proto == IPPROTO_NUM_TCP
            || flow->nw_proto == IPPROTO_NUM_UDP
            || flow->nw_proto == IPPROTO_NUM_SCTP) {
            may |= MAY_TP_ADDR;
        } else if (flow->nw_proto == IPPROTO_NUM_ICMPV6) {
            may |= MAY_TP_ADDR;
            if (flow->tp_src == htons(ND_NEIGHBOR_SOLICIT)) {
                may |= MAY_ND_TARGET | MAY_ARP_SHA;
            } else if (flow->tp_src == htons(ND_NEIGHBOR_ADVERT)) {
                may |= MAY_ND_TARGET | MAY_ARP_THA;
            }
        }
    } else if (dl_type == htons(ETH_TYPE_ARP) || dl_type == htons(0x8035)) {
        may |= MAY_NW_PROTO | MAY_NW_ADDR | MAY_ARP_SHA | MAY_ARP_THA;
    }

    if (!(may & MAY_ETHER)) {
        memset(&wc->dl_src, 0, sizeof wc->dl_src);
        memset(&wc->dl_dst, 0, sizeof wc->dl_dst);
    }
    if (!(may & MAY_NW_ADDR)) {
        wc->nw_src = wc->nw_dst = 0;
    }
    if (!(may & MAY_TP_ADDR)) {
        wc->tp_src = wc->tp_dst = 0;
    }
    if (!(may & MAY_NW_PROTO)) {
        wc->nw_proto = 0;
    }
    if (!(may & MAY_IPVX)) {
        wc->nw_tos = wc->nw_ttl = 0;
    }
    if (!(may & MAY_ARP_SHA)) {
        memset(&wc->arp_sha, 0, sizeof wc->arp_sha);
    }
    if (!(may & MAY_ARP_THA)) {
        memset(&wc->arp_tha, 0, sizeof wc->arp_tha);
    }
    if (!(may & MAY_IPV6)) {
        memset(&wc->ipv6_src, 0, sizeof wc->ipv6_src);
        memset(&wc->ipv6_dst, 0, sizeof wc->ipv6_dst);
        wc->ipv6_label = 0;
    }
    if (!(may & MAY_ND_TARGET)) {
        memset(&wc->nd_target, 0, sizeof wc->nd_target);
    }
    match_zero_wildcarded(match);
}

/* Converts OpenFlow 1.0 match "om" into "match" (whose TLV table pointer
 * ends up NULL), as OVS's ofputil_match_from_ofp10_match() followed by
 * ofputil_normalize_match() does.  dl_vlan OFP10_VLAN_NONE matches frames
 * without a tag, whatever the PCP says; a dl_type below 0x600 becomes
 * 0x05ff, OVS's "not an Ethernet II type". */
void
ofp10_match_to_match(const struct ofp10_match *om, struct match *match)
{
    uint32_t ofpfw = ntohl(om->wildcards) & OFPFW10_ALL;
    struct flow *flow = &match->flow;
    struct flow *wc = &match->wc;

    match_init_catchall(match);
    if (!(ofpfw & OFPFW10_IN_PORT)) {
        wc->in_port = UINT32_MAX;
    }
    if (!(ofpfw & OFPFW10_NW_TOS)) {
        wc->nw_tos |= IP_DSCP_MASK;
    }
    if (!(ofpfw & OFPFW10_NW_PROTO)) {
        wc->nw_proto = UINT8_MAX;
    }
    wc->nw_src = wcbits_to_netmask(ofpfw >> OFPFW10_NW_SRC_SHIFT);
    wc->nw_dst = wcbits_to_netmask(ofpfw >> OFPFW10_NW_DST_SHIFT);
    if (!(ofpfw & OFPFW10_TP_SRC)) {
        wc->tp_src = htons(0xffff);
    }
    if (!(ofpfw & OFPFW10_TP_DST)) {
        wc->tp_dst = htons(0xffff);
    }
    if (!(ofpfw & OFPFW10_DL_SRC)) {
        memset(&wc->dl_src, 0xff, sizeof wc->dl_src);
    }
    if (!(ofpfw & OFPFW10_DL_DST)) {
        memset(&wc->dl_dst, 0xff, sizeof wc->dl_dst);
    }
    if (!(ofpfw & OFPFW10_DL_TYPE)) {
        wc->dl_type = htons(0xffff);
    }
    if (!(ofpfw & OFPFW10_DL_VLAN_PCP)) {
        wc->vlans[0].tci |= htons(VLAN_PCP_MASK | VLAN_CFI);
    }
    if (!(ofpfw & OFPFW10_DL_VLAN)) {
        wc->vlans[0].tci |= htons(VLAN_VID_MASK | VLAN_CFI);
    }

    flow->nw_src = om->nw_src;
    flow->nw_dst = om->nw_dst;
    flow->in_port = ntohs(om->in_port);
    flow->dl_type = (ntohs(om->dl_type) >= ETH_TYPE_MIN ? om->dl_type
                     : htons(0x05ff));
    flow->tp_src = om->tp_src;
    flow->tp_dst = om->tp_dst;
    flow->dl_src = om->dl_src;
    flow->dl_dst = om->dl_dst;
    flow->nw_tos = om->nw_tos & IP_DSCP_MASK;
    flow->nw_proto = om->nw_proto;

    if (!(ofpfw & OFPFW10_DL_VLAN)
        && om->dl_vlan == htons(OFP10_VLAN_NONE)) {
        flow->vlans[0].tci = 0;
        wc->vlans[0].tci = htons(0xffff);
    } else {
        be16 vid = om->dl_vlan & htons(VLAN_VID_MASK);
        be16 pcp = htons((om->dl_vlan_pcp << VLAN_PCP_SHIFT) & VLAN_PCP_MASK);
        flow->vlans[0].tci = (vid | pcp | htons(VLAN_CFI)) & wc->vlans[0].tci;
    }

    match_zero_wildcarded(match);
    normalize(match);
}

/* Converts "match" into OpenFlow 1.0 match "om", as OVS's
 * ofputil_match_to_ofp10_match() does, dropping what OpenFlow 1.0 cannot
 * say (see match_is_ofp10_expressible()). */
void
match_to_ofp10_match(const struct match *match, struct ofp10_match *om)
{
    const struct flow *flow = &match->flow;
    const struct flow *wc = &match->wc;
    be16 tci = flow->vlans[0].tci, wtci = wc->vlans[0].tci;
    uint32_t ofpfw = 0;

    memset(om, 0, sizeof *om);
    if (!wc->in_port) {
        ofpfw |= OFPFW10_IN_PORT;
    }
    if (!wc->dl_type) {
        ofpfw |= OFPFW10_DL_TYPE;
    }
    if (!wc->nw_proto) {
        ofpfw |= OFPFW10_NW_PROTO;
    }
    ofpfw |= netmask_to_wcbits(wc->nw_src) << OFPFW10_NW_SRC_SHIFT;
    ofpfw |= netmask_to_wcbits(wc->nw_dst) << OFPFW10_NW_DST_SHIFT;
    if (!(wc->nw_tos & IP_DSCP_MASK)) {
        ofpfw |= OFPFW10_NW_TOS;
    }
    if (!wc->tp_src) {
        ofpfw |= OFPFW10_TP_SRC;
    }
    if (!wc->tp_dst) {
        ofpfw |= OFPFW10_TP_DST;
    }
    if (eth_addr_is_zero(wc->dl_src)) {
        ofpfw |= OFPFW10_DL_SRC;
    }
    if (eth_addr_is_zero(wc->dl_dst)) {
        ofpfw |= OFPFW10_DL_DST;
    }

    if (!wtci) {
        ofpfw |= OFPFW10_DL_VLAN | OFPFW10_DL_VLAN_PCP;
    } else if (wtci & htons(VLAN_CFI) && !(tci & htons(VLAN_CFI))) {
        om->dl_vlan = htons(OFP10_VLAN_NONE);
    } else {
        if (!(wtci & htons(VLAN_VID_MASK))) {
            ofpfw |= OFPFW10_DL_VLAN;
        } else {
            om->dl_vlan = tci & htons(VLAN_VID_MASK);
        }
        if (!(wtci & htons(VLAN_PCP_MASK))) {
            ofpfw |= OFPFW10_DL_VLAN_PCP;
        } else {
            om->dl_vlan_pcp = (ntohs(tci) & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT;
        }
    }

    om->wildcards = htonl(ofpfw);
    om->in_port = htons(flow->in_port & 0xffff);
    om->dl_src = flow->dl_src;
    om->dl_dst = flow->dl_dst;
    om->dl_type = flow->dl_type;
    om->nw_src = flow->nw_src;
    om->nw_dst = flow->nw_dst;
    om->nw_tos = flow->nw_tos & IP_DSCP_MASK;
    om->nw_proto = flow->nw_proto;
    om->tp_src = flow->tp_src;
    om->tp_dst = flow->tp_dst;
}

/* Tells whether the OpenFlow 1.0 match can say exactly what "match" says,
 * so that a flow stats reply or flow mod need not use NXM.  As in OVS, any
 * match on the IPv6 ethertype needs NXM; otherwise the test is that the
 * conversion to OpenFlow 1.0 and back loses nothing (any nonzero in_port
 * mask counts as exact, in_port being unmaskable). */
bool
match_is_ofp10_expressible(const struct match *match)
{
    struct ofp10_match om;
    struct match copy = *match, back;

    if (match->wc.dl_type && match->flow.dl_type == htons(ETH_TYPE_IPV6)) {
        return false;
    }
    copy.wc.in_port = copy.wc.in_port ? UINT32_MAX : 0;
    copy.wc.tunnel.metadata.tab = NULL;
    match_to_ofp10_match(&copy, &om);
    ofp10_match_to_match(&om, &back);
    return match_equal(&copy, &back);
}
