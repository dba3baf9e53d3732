/* OpenFlow wire formats: the messages ovsx speaks, for OpenFlow 1.0
 * ("OpenFlow Switch Specification" 1.0.0, §5) and 1.3 to 1.5 (1.3.5 §7,
 * 1.4.1 §7, 1.5.1 §7).  All fields are in network byte order. */
#ifndef OFP_MSGS_H
#define OFP_MSGS_H 1

#include <stdint.h>
#include "compiler.h"
#include "packets.h"

/* Wire protocol versions (ofp_header "version"). */
#define OFP10_VERSION 0x01
#define OFP11_VERSION 0x02
#define OFP12_VERSION 0x03
#define OFP13_VERSION 0x04
#define OFP14_VERSION 0x05
#define OFP15_VERSION 0x06

/* The versions ovsx negotiates, as a bitmap of (1 << version). */
#define OFP_SUPPORTED_VERSIONS ((1u << OFP10_VERSION) | (1u << OFP13_VERSION) \
                                | (1u << OFP14_VERSION)                 \
                                | (1u << OFP15_VERSION))

#define OFP_TCP_PORT 6653
#define OFP_MAX_MSG_LEN 65535

/* Every message starts with this (1.0 §5.1, 1.3 §7.1). */
struct ofp_header {
    uint8_t version;            /* OFPxx_VERSION. */
    uint8_t type;               /* OFPT_*, numbered per version. */
    be16 length;                /* Including this header. */
    be32 xid;                   /* Echoed in replies. */
};
BUILD_ASSERT(sizeof(struct ofp_header) == 8);

/* Message types common to every version. */
#define OFPT_HELLO 0
#define OFPT_ERROR 1
#define OFPT_ECHO_REQUEST 2
#define OFPT_ECHO_REPLY 3
#define OFPT_EXPERIMENTER 4         /* OFPT_VENDOR in 1.0. */
#define OFPT_FEATURES_REQUEST 5
#define OFPT_FEATURES_REPLY 6
#define OFPT_GET_CONFIG_REQUEST 7
#define OFPT_GET_CONFIG_REPLY 8
#define OFPT_SET_CONFIG 9
#define OFPT_PORT_STATUS 12         /* The same in 1.0 and 1.3+. */
#define OFPT_PACKET_OUT 13          /* The same in 1.0 and 1.3+. */

/* OFPT_PORT_STATUS reasons. */
#define OFPPR_ADD 0
#define OFPPR_DELETE 1
#define OFPPR_MODIFY 2

/* OpenFlow 1.0 only. */
#define OFPT10_STATS_REQUEST 16
#define OFPT10_STATS_REPLY 17
#define OFPT10_BARRIER_REQUEST 18
#define OFPT10_BARRIER_REPLY 19

/* OpenFlow 1.3 to 1.5. */
#define OFPT13_MULTIPART_REQUEST 18
#define OFPT13_MULTIPART_REPLY 19
#define OFPT13_BARRIER_REQUEST 20
#define OFPT13_BARRIER_REPLY 21

/* HELLO element (1.3 §7.5.1): the versions a side supports. */
#define OFPHET_VERSIONBITMAP 1
struct ofp_hello_elem_header {
    be16 type;
    be16 length;                /* Without padding to 8 bytes. */
};

/* OFPT_ERROR (1.0 §5.4.4, 1.3 §7.4.4): "data" holds at least the first
 * 64 bytes of the message that failed, or a text for HELLO_FAILED. */
struct ofp_error_msg {
    be16 type;
    be16 code;
};

#define OFPET_HELLO_FAILED 0
#define OFPHFC_INCOMPATIBLE 0
#define OFPET_BAD_REQUEST 1
#define OFPBRC_BAD_VERSION 0
#define OFPBRC_BAD_TYPE 1
#define OFPBRC_BAD_STAT 2           /* OFPBRC_BAD_MULTIPART in 1.3. */
#define OFPBRC_BAD_EXPERIMENTER 3
#define OFPBRC_BAD_SUBTYPE 4
#define OFPBRC_BAD_LEN 6

/* OFPT_FEATURES_REPLY body, 1.0 (§5.3.1): followed by ofp10_phy_port. */
struct ofp10_switch_features {
    be64 datapath_id;
    be32 n_buffers;
    uint8_t n_tables;
    uint8_t pad[3];
    be32 capabilities;          /* OFPC_*. */
    be32 actions;               /* 1 << OFPAT10_*. */
};
BUILD_ASSERT(sizeof(struct ofp10_switch_features) == 24);

/* OFPT_FEATURES_REPLY body, 1.3 to 1.5 (1.3 §7.3.1): no ports. */
struct ofp13_switch_features {
    be64 datapath_id;
    be32 n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;
    uint8_t pad[2];
    be32 capabilities;
    be32 reserved;
};
BUILD_ASSERT(sizeof(struct ofp13_switch_features) == 24);

#define OFPC_FLOW_STATS (1 << 0)
#define OFPC_TABLE_STATS (1 << 1)
#define OFPC_PORT_STATS (1 << 2)
#define OFPC_GROUP_STATS (1 << 3)       /* 1.1+. */
#define OFPC_IP_REASM (1 << 5)
#define OFPC_QUEUE_STATS (1 << 6)
#define OFPC10_ARP_MATCH_IP (1 << 7)

/* A port in 1.0 (§5.2.1). */
struct ofp10_phy_port {
    be16 port_no;
    struct eth_addr hw_addr;
    char name[16];
    be32 config;                /* OFPPC_*. */
    be32 state;                 /* OFPPS_*. */
    be32 curr, advertised, supported, peer; /* OFPPF10_*. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_phy_port) == 48);

/* A port in 1.1 to 1.3 (1.3 §7.2.1). */
struct ofp11_port {
    be32 port_no;
    uint8_t pad[4];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    char name[16];
    be32 config;
    be32 state;
    be32 curr, advertised, supported, peer; /* OFPPF11_*. */
    be32 curr_speed;            /* kbps. */
    be32 max_speed;
};
BUILD_ASSERT(sizeof(struct ofp11_port) == 64);

/* A port in 1.4 and 1.5 (1.4 §7.2.1), followed by properties. */
struct ofp14_port {
    be32 port_no;
    be16 length;                /* Including properties. */
    uint8_t pad[2];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    char name[16];
    be32 config;
    be32 state;
};
BUILD_ASSERT(sizeof(struct ofp14_port) == 40);

/* OFPPDPT_ETHERNET port property (1.4 §7.2.1.1). */
struct ofp14_port_desc_prop_ethernet {
    be16 type;                  /* 0. */
    be16 length;                /* 32. */
    uint8_t pad[4];
    be32 curr, advertised, supported, peer;
    be32 curr_speed, max_speed;
};
BUILD_ASSERT(sizeof(struct ofp14_port_desc_prop_ethernet) == 32);

#define OFPPC_PORT_DOWN (1 << 0)
#define OFPPS_LINK_DOWN (1 << 0)
#define OFPPS11_LIVE (1 << 2)

/* Reserved port numbers. */
#define OFPP10_LOCAL 0xfffe
#define OFPP10_NONE 0xffff
#define OFPP11_LOCAL 0xfffffffe
#define OFPP11_ANY 0xffffffff

/* OFPT_GET_CONFIG_REPLY and OFPT_SET_CONFIG body (1.0 §5.3.2). */
struct ofp_switch_config {
    be16 flags;                 /* OFPC_FRAG_*. */
    be16 miss_send_len;
};
#define OFPC_FRAG_MASK 3

/* Statistics (1.0) and multipart (1.3+) headers, after ofp_header. */
struct ofp10_stats_msg {
    be16 type;                  /* OFPST_*. */
    be16 flags;                 /* OFPSF_REPLY_MORE. */
};
struct ofp13_multipart_msg {
    be16 type;
    be16 flags;
    uint8_t pad[4];
};
#define OFPSF_REPLY_MORE 1

#define OFPST_DESC 0
#define OFPST_PORT 4
#define OFPST_PORT_DESC 13          /* 1.3; Open vSwitch uses 13 in 1.0. */

/* OFPST_DESC reply body (1.0 §5.3.5). */
#define DESC_STR_LEN 256
#define SERIAL_NUM_LEN 32
struct ofp_desc_stats {
    char mfr_desc[DESC_STR_LEN];
    char hw_desc[DESC_STR_LEN];
    char sw_desc[DESC_STR_LEN];
    char serial_num[SERIAL_NUM_LEN];
    char dp_desc[DESC_STR_LEN];
};
BUILD_ASSERT(sizeof(struct ofp_desc_stats) == 1056);

/* Nicira's experimenter ID, for its extensions. */
#define NX_VENDOR_ID 0x00002320



struct ofpbuf;

struct ofpbuf *ofp_msg_new(uint8_t version, uint8_t type, be32 xid,
                           size_t body_len);
void ofp_msg_finish(struct ofpbuf *);
struct ofpbuf *ofp_error_new(uint8_t version, uint16_t type, uint16_t code,
                             const struct ofp_header *request);
#endif /* ofp-msgs.h */
