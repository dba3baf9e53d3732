/* OpenFlow flow table messages: flow mods, flow and aggregate statistics,
 * table statistics, and the Nicira messages around them, decoded into and
 * encoded from one version-independent form.
 *
 * Wire formats: OpenFlow 1.0.0 §5.3.3 (ofp_flow_mod), §5.3.5 (flow,
 * aggregate and table statistics); OpenFlow 1.3.5 §7.3.4.1 (flow mod with
 * instructions), §7.3.5.2-4 (multipart); Open vSwitch's nicira-ext.h for
 * NXT_FLOW_MOD, NXT_FLOW_MOD_TABLE_ID, NXT_SET_FLOW_FORMAT and NXST_FLOW /
 * NXST_AGGREGATE. */
#ifndef OFP_FLOW_H
#define OFP_FLOW_H 1

#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"
#include "match.h"
#include "ofp-errors.h"

struct ofp_header;
struct ofpact;
struct ofpbuf;
struct tun_table;

/* OpenFlow 1.0 message types beyond those in ofp-msgs.h. */
#define OFPT10_FLOW_MOD 14
#define OFPT13_FLOW_MOD 14

/* Nicira vendor message subtypes (after vendor NX_VENDOR_ID). */
#define NXT_SET_FLOW_FORMAT 12
#define NXT_FLOW_MOD 13
#define NXT_FLOW_MOD_TABLE_ID 15
#define NXT_SET_PACKET_IN_FORMAT 16

/* Nicira statistics subtypes (OFPST_VENDOR 0xffff, vendor NX_VENDOR_ID). */
#define OFPST_VENDOR 0xffff
#define NXST_FLOW 0
#define NXST_AGGREGATE 1

/* Statistics types. */
#define OFPST_FLOW 1
#define OFPST_AGGREGATE 2
#define OFPST_TABLE 3
#define OFPMP_TABLE_FEATURES 12     /* OpenFlow 1.3+. */

/* NXT_SET_FLOW_FORMAT formats. */
#define NXFF_OPENFLOW10 0
#define NXFF_NXM 2

/* Flow mod commands. */
enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4,
};

/* Flow mod flags, as in OpenFlow 1.3 (1.0 has only the first three, with
 * OFPFF10_EMERG in bit 2). */
#define OFPFF_SEND_FLOW_REM (1 << 0)
#define OFPFF_CHECK_OVERLAP (1 << 1)
#define OFPFF12_RESET_COUNTS (1 << 2)
#define OFPFF13_NO_PKT_COUNTS (1 << 3)
#define OFPFF13_NO_BYT_COUNTS (1 << 4)
#define OFPFF10_EMERG (1 << 2)

#define OFPTT_ALL 0xff              /* Every table. */
#define OFP_NO_BUFFER 0xffffffff
#define OFPG_ANY 0xffffffff

/* Which flow match encoding an OpenFlow 1.0 message used. */
enum ofp_flow_format {
    OFP_FLOW_FORMAT_OF10,       /* struct ofp10_match. */
    OFP_FLOW_FORMAT_NXM,        /* Nicira extended match. */
    OFP_FLOW_FORMAT_OXM,        /* OpenFlow 1.2+ match. */
};

/* A flow mod, any version. */
struct ofputil_flow_mod {
    struct match match;
    int priority;
    be64 cookie;                /* Filter for modify/delete ... */
    be64 cookie_mask;           /* ... under this mask. */
    be64 new_cookie;            /* Cookie to give; UINT64_MAX: keep. */
    bool modify_cookie;         /* Modify commands change the cookie. */
    uint8_t table_id;           /* OFPTT_ALL: every table. */
    uint8_t command;            /* OFPFC_*. */
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint32_t buffer_id;
    uint32_t out_port;          /* 32-bit port filter, OFPP_ANY: none. */
    uint32_t out_group;
    uint16_t flags;             /* OFPFF_*, 1.3 bit positions. */
    uint16_t importance;        /* OpenFlow 1.4+. */
    const struct ofpact *ofpacts; /* In the caller's ofpbuf. */
    size_t ofpacts_len;
    uint8_t version;            /* Of the message it came in. */
};

/* OFPT_FLOW_REMOVED (NXT_FLOW_REMOVED with the NXM flow format on
 * OpenFlow 1.0): a flow with OFPFF_SEND_FLOW_REM went. */
#define NXT_FLOW_REMOVED 14
#define OFPT_FLOW_REMOVED 11

enum {
    OFPRR_IDLE_TIMEOUT = 0,
    OFPRR_HARD_TIMEOUT = 1,
    OFPRR_DELETE = 2,
};

struct ofputil_flow_removed {
    struct match match;
    be64 cookie;
    uint16_t priority;
    uint8_t reason;             /* OFPRR_*. */
    uint8_t table_id;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint64_t packet_count;
    uint64_t byte_count;
};

struct ofpbuf *ofputil_encode_flow_removed(const struct ofputil_flow_removed *,
                                           uint8_t version, int flow_format);

enum ofperr ofputil_decode_flow_mod(struct ofputil_flow_mod *,
                                    const struct ofp_header *,
                                    bool flow_mod_table_id,
                                    const struct tun_table *,
                                    struct ofpbuf *ofpacts);

/* A flow or aggregate statistics request. */
struct ofputil_flow_stats_request {
    bool aggregate;             /* Aggregate rather than per flow. */
    enum ofp_flow_format format;/* Encoding of the request and reply. */
    struct match match;
    be64 cookie, cookie_mask;
    uint32_t out_port;
    uint32_t out_group;
    uint8_t table_id;
};

enum ofperr ofputil_decode_flow_stats_request(
    struct ofputil_flow_stats_request *, const struct ofp_header *,
    const struct tun_table *);

/* One flow's statistics. */
struct ofputil_flow_stats {
    const struct match *match;
    be64 cookie;
    uint8_t table_id;
    uint32_t duration_sec, duration_nsec;
    int priority;
    uint16_t idle_timeout, hard_timeout;
    int idle_age, hard_age;     /* NXM only; -1: not known. */
    uint64_t packet_count, byte_count;
    uint16_t flags;
    uint16_t importance;
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
};

/* Multipart replies: one or more messages, each at most 64 kB. */
struct ofputil_multipart {
    const struct ofp_header *request;
    uint8_t version;
    uint16_t type;              /* OFPST_* (1.0) or OFPMP_*. */
    uint32_t nx_subtype;        /* For type OFPST_VENDOR. */
    struct ofpbuf *msg;         /* Reply being built. */
    struct ofpbuf **done;       /* Complete replies, in order. */
    size_t n_done;
    struct ofpbuf *scratch;     /* Where one entry is built, reused. */
};

void ofputil_multipart_start(struct ofputil_multipart *,
                             const struct ofp_header *request);
void *ofputil_multipart_reserve(struct ofputil_multipart *, size_t len);
void ofputil_multipart_put(struct ofputil_multipart *, const void *,
                           size_t len);
struct ofpbuf **ofputil_multipart_finish(struct ofputil_multipart *,
                                         size_t *n);

void ofputil_append_flow_stats(struct ofputil_multipart *,
                               enum ofp_flow_format,
                               const struct ofputil_flow_stats *);
void ofputil_append_aggregate_stats(struct ofputil_multipart *,
                                    uint64_t packets, uint64_t bytes,
                                    uint32_t flows);

/* Table statistics for one table. */
struct ofputil_table_stats {
    uint8_t table_id;
    uint32_t active_count;
    uint64_t lookup_count, matched_count;
};
void ofputil_append_table_stats(struct ofputil_multipart *,
                                const struct ofputil_table_stats *);
void ofputil_append_table_features(struct ofputil_multipart *,
                                   uint8_t table_id);

#endif /* ofp-flow.h */
