/* Encoding OpenFlow errors. */
#include <config.h>
#include "ofp-errors.h"

#include <arpa/inet.h>
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "util.h"

/* How an error is written in one protocol version. */
enum ofperr_kind {
    KIND_NONE,                  /* Not representable. */
    KIND_OF,                    /* Standard type and code. */
    KIND_NX10,                  /* Nicira vendor error, OpenFlow 1.0. */
    KIND_NX,                    /* Nicira experimenter error, 1.2+. */
    KIND_ONF,                   /* ONF experimenter error, 1.3. */
};

struct ofperr_encoding {
    enum ofperr_kind kind;
    uint16_t type;              /* KIND_OF, KIND_NX10. */
    uint16_t code;
};

struct ofperr_info {
    const char *name;
    struct ofperr_encoding enc[3]; /* OpenFlow 1.0, 1.3, 1.4+. */
};

#define OF(T, C) { KIND_OF, T, C }
#define NX10(T, C) { KIND_NX10, T, C }
#define NX(C) { KIND_NX, 0, C }
#define ONF(C) { KIND_ONF, 0, C }
#define NONE { KIND_NONE, 0, 0 }
static const struct ofperr_info ofperr_infos[OFPERR_N] = {
#define E(NAME, OF10, OF13, OF14) \
    [OFPERR_##NAME] = { #NAME, { OF10, OF13, OF14 } },
    OFPERR_LIST
#undef E
};
#undef OF
#undef NX10
#undef NX
#undef ONF
#undef NONE

#define NXET_VENDOR 0xb0c2          /* OpenFlow 1.0 Nicira vendor error. */
#define OFPET12_EXPERIMENTER 0xffff
#define ONF_VENDOR_ID 0x4f4e4600

const char *
ofperr_get_name(enum ofperr error)
{
    return (error > OFPERR_OK && error < OFPERR_N
            ? ofperr_infos[error].name : "OFPERR_OK");
}

static const struct ofperr_encoding *
ofperr_encoding(enum ofperr error, uint8_t version)
{
    const struct ofperr_info *info = &ofperr_infos[error];
    return &info->enc[version == OFP10_VERSION ? 0
                      : version == OFP13_VERSION ? 1 : 2];
}

/* Returns the OFPT_ERROR that reports "error" in reply to "request", in
 * the request's version, carrying the whole request as Open vSwitch does
 * (the specifications ask for at least 64 bytes). */
struct ofpbuf *
ofperr_encode_reply(enum ofperr error, const struct ofp_header *request)
{
    uint8_t version = request->version;
    const struct ofperr_encoding *enc = ofperr_encoding(error, version);

    if (enc->kind == KIND_NONE) {
        enc = ofperr_encoding(OFPERR_NXBRC_UNENCODABLE_ERROR, version);
    }

    size_t len = ntohs(request->length);
    struct ofpbuf *msg = ofp_msg_new(version, OFPT_ERROR, request->xid, 0);
    uint8_t *p;

    switch (enc->kind) {
    case KIND_OF:
        p = ofpbuf_put_zeros(msg, 4);
        put_unaligned_be16(p, enc->type);
        put_unaligned_be16(p + 2, enc->code);
        break;
    case KIND_NX10:
        p = ofpbuf_put_zeros(msg, 12);
        put_unaligned_be16(p, NXET_VENDOR);
        put_unaligned_be16(p + 2, 0);
        put_unaligned_be32(p + 4, NX_VENDOR_ID);
        put_unaligned_be16(p + 8, enc->type);
        put_unaligned_be16(p + 10, enc->code);
        break;
    case KIND_NX:
    case KIND_ONF:
        p = ofpbuf_put_zeros(msg, 8);
        put_unaligned_be16(p, OFPET12_EXPERIMENTER);
        put_unaligned_be16(p + 2, enc->code);
        put_unaligned_be32(p + 4, (enc->kind == KIND_NX ? NX_VENDOR_ID
                                   : ONF_VENDOR_ID));
        break;
    case KIND_NONE:
    default:
        OVSX_NOT_REACHED();
    }
    ofpbuf_put(msg, request, MIN(len, OFP_MAX_MSG_LEN - msg->size));
    ofp_msg_finish(msg);
    return msg;
}
