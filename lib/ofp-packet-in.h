/* OpenFlow packet-in messages, in the formats a client may ask for with
 * NXT_SET_PACKET_IN_FORMAT: the standard OFPT_PACKET_IN of the connection's
 * version, Nicira's NXT_PACKET_IN (an NXM match of the packet's metadata)
 * or NXT_PACKET_IN2 (properties; what "ovs-ofctl monitor" asks for).
 * Packets are never buffered: buffer_id is always OFP_NO_BUFFER and the
 * whole packet is sent. */
#ifndef OFP_PACKET_IN_H
#define OFP_PACKET_IN_H 1

#include <stddef.h>
#include <stdint.h>
#include "match.h"

struct ofpbuf;

#define NXT_SET_PACKET_IN_FORMAT 16
#define NXT_PACKET_IN 17
#define NXT_PACKET_IN2 30

/* NXT_SET_PACKET_IN_FORMAT formats. */
enum {
    NXPIF_STANDARD = 0,         /* OFPT_PACKET_IN of the version. */
    NXPIF_NXT_PACKET_IN = 1,
    NXPIF_NXT_PACKET_IN2 = 2,
};

/* Reasons (OFPR_*). */
#define OFPR_NO_MATCH 0
#define OFPR_ACTION 1

struct ofputil_packet_in {
    const void *packet;
    size_t packet_len;
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;
    be64 cookie;                /* Of the flow that sent it. */
    struct match metadata;      /* in_port and the packet's non-zero
                                 * metadata fields, matched exactly. */
};

void ofputil_packet_in_metadata(const struct flow *, struct match *);
struct ofpbuf *ofputil_encode_packet_in(const struct ofputil_packet_in *,
                                        uint8_t version, int format);

#endif /* ofp-packet-in.h */
