/* OpenFlow flow table messages. */
#include <config.h>
#include "ofp-flow.h"

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "meta-flow.h"
#include "nx-match.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ofp_flow);

/* A Nicira vendor message header, after struct ofp_header. */
struct nicira_header {
    be32 vendor;                /* NX_VENDOR_ID. */
    be32 subtype;               /* NXT_*. */
};

/* A Nicira statistics header, after ofp10_stats_msg. */
struct nicira10_stats_msg {
    be32 vendor;                /* NX_VENDOR_ID. */
    be32 subtype;               /* NXST_*. */
    uint8_t pad[4];
};

/* OFPT_FLOW_MOD body, OpenFlow 1.0 (§5.3.3), after the header. */
struct ofp10_flow_mod {
    struct ofp10_match match;
    be64 cookie;
    be16 command;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be16 out_port;
    be16 flags;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_flow_mod) == 64);

/* NXT_FLOW_MOD body, after the Nicira header: then "match_len" bytes of
 * NXM padded to 8, then OpenFlow 1.0 actions. */
struct nx_flow_mod {
    be64 cookie;
    be16 command;               /* With flow_mod_table_id: table << 8. */
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be16 out_port;
    be16 flags;
    be16 match_len;
    uint8_t pad[6];
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct nx_flow_mod) == 32);

/* OFPT_FLOW_MOD body, OpenFlow 1.1+ (1.3 §7.3.4.1), after the header:
 * then struct ofp_match (padded), then instructions. */
struct ofp11_flow_mod {
    be64 cookie;
    be64 cookie_mask;
    uint8_t table_id;
    uint8_t command;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 priority;
    be32 buffer_id;
    be32 out_port;
    be32 out_group;
    be16 flags;
    be16 importance;            /* 1.4+; padding before. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_flow_mod) == 40);

/* Flow statistics requests. */
struct ofp10_flow_stats_request {
    struct ofp10_match match;
    uint8_t table_id;
    uint8_t pad;
    be16 out_port;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_flow_stats_request) == 44);

struct nx_flow_stats_request {
    be16 out_port;
    be16 match_len;
    uint8_t table_id;
    uint8_t pad[3];
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct nx_flow_stats_request) == 8);

struct ofp11_flow_stats_request {
    uint8_t table_id;
    uint8_t pad[3];
    be32 out_port;
    be32 out_group;
    uint8_t pad2[4];
    be64 cookie;
    be64 cookie_mask;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_flow_stats_request) == 32);

/* Flow statistics replies, one per flow. */
struct ofp10_flow_stats {
    be16 length;
    uint8_t table_id;
    uint8_t pad;
    struct ofp10_match match;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    uint8_t pad2[6];
    be64 cookie;
    be64 packet_count;
    be64 byte_count;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_flow_stats) == 88);

struct nx_flow_stats {
    be16 length;
    uint8_t table_id;
    uint8_t pad;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 match_len;
    be16 idle_age;              /* Seconds idle, plus one; 0: unknown. */
    be16 hard_age;              /* Seconds since modified, plus one. */
    be64 cookie;
    be64 packet_count;
    be64 byte_count;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct nx_flow_stats) == 48);

struct ofp11_flow_stats {
    be16 length;
    uint8_t table_id;
    uint8_t pad;
    be32 duration_sec;
    be32 duration_nsec;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 flags;                 /* 1.3+. */
    be16 importance;            /* 1.4+. */
    uint8_t pad2[2];
    be64 cookie;
    be64 packet_count;
    be64 byte_count;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_flow_stats) == 48);

/* Flow statistics reply entry, OpenFlow 1.5 (§7.3.5.2): then the match,
 * the statistics as OXS entries (struct ofp_oxs_stat), the
 * instructions. */
struct ofp15_flow_desc {
    be16 length;
    uint8_t pad[2];
    uint8_t table_id;
    uint8_t pad2;
    be16 priority;
    be16 idle_timeout;
    be16 hard_timeout;
    be16 flags;
    be16 importance;
    be64 cookie;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp15_flow_desc) == 24);

/* OXS, OpenFlow 1.5 §7.2.4: a 4-byte header (reserved, length) then
 * entries with an OXM-like header: class 0x8002, field, length. */
#define OXS_CLASS_BASIC 0x8002u
#define OXS_HEADER(FIELD, LEN) ((OXS_CLASS_BASIC << 16) | ((FIELD) << 9) \
                                | (LEN))
#define OXS_DURATION OXS_HEADER(0, 8)
#define OXS_IDLE_TIME OXS_HEADER(1, 8)
#define OXS_FLOW_COUNT OXS_HEADER(3, 4)
#define OXS_PACKET_COUNT OXS_HEADER(4, 8)
#define OXS_BYTE_COUNT OXS_HEADER(5, 8)

static void
oxs_put64(struct ofpbuf *b, uint32_t header, uint64_t value)
{
    uint8_t *p = ofpbuf_put_zeros(b, 12);
    put_unaligned_be32(p, header);
    put_unaligned_be32(p + 4, value >> 32);
    put_unaligned_be32(p + 8, value);
}

/* Appends an ofp_oxs_stat with the statistics that are not negative (or
 * UINT64_MAX for the counters), in Open vSwitch's order, padded to 8. */
static void
oxs_put_stats(struct ofpbuf *b, int64_t duration_sec, uint32_t duration_nsec,
              int64_t idle_sec, uint64_t packets, uint64_t bytes,
              int64_t flows)
{
    size_t start = b->size;

    ofpbuf_put_zeros(b, 4);
    if (duration_sec >= 0) {
        oxs_put64(b, OXS_DURATION,
                  ((uint64_t) duration_sec << 32) | duration_nsec);
    }
    if (idle_sec >= 0) {
        oxs_put64(b, OXS_IDLE_TIME, (uint64_t) idle_sec << 32);
    }
    if (packets != UINT64_MAX) {
        oxs_put64(b, OXS_PACKET_COUNT, packets);
    }
    if (bytes != UINT64_MAX) {
        oxs_put64(b, OXS_BYTE_COUNT, bytes);
    }
    if (flows >= 0) {
        uint8_t *p = ofpbuf_put_zeros(b, 8);
        put_unaligned_be32(p, OXS_FLOW_COUNT);
        put_unaligned_be32(p + 4, flows);
        b->size -= 4;
    }
    put_unaligned_be16(b->data + start + 2, b->size - start);
    ofpbuf_put_zeros(b, ROUND_UP(b->size - start, 8) - (b->size - start));
}

/* Aggregate statistics reply body, every version before 1.5. */
struct ofp_aggregate_stats_reply {
    be64 packet_count;
    be64 byte_count;
    be32 flow_count;
    uint8_t pad[4];
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp_aggregate_stats_reply) == 24);

/* Table statistics, OpenFlow 1.0 (§5.3.5.3) and 1.3+ (§7.3.5.4). */
struct ofp10_table_stats {
    uint8_t table_id;
    uint8_t pad[3];
    char name[32];
    be32 wildcards;
    be32 max_entries;
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_table_stats) == 64);

struct ofp13_table_stats {
    uint8_t table_id;
    uint8_t pad[3];
    be32 active_count;
    be64 lookup_count;
    be64 matched_count;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp13_table_stats) == 24);

/* OFPMP_TABLE_FEATURES reply entry, OpenFlow 1.3 (§7.3.5.5) and 1.4,
 * followed by properties. */
struct ofp13_table_features {
    be16 length;                /* Including properties. */
    uint8_t table_id;
    uint8_t pad[5];
    char name[32];
    be64 metadata_match;        /* Bits of metadata a flow may match. */
    be64 metadata_write;        /* Bits write_metadata may set. */
    be32 config;                /* 1.3 OFPTC_*, 1.4 capabilities. */
    be32 max_entries;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ofp13_table_features) == 64);

#define OFP_TABLE_MAX_ENTRIES 1000000

/* A 16-bit OpenFlow 1.0 port number as a 32-bit one: reserved ports
 * 0xff00 and up become 0xffffff00 and up. */
static uint32_t
port_from_ofp10(uint16_t port)
{
    return port >= 0xff00 ? port + 0xffff0000u : port;
}

/* A 32-bit OpenFlow 1.1+ port number, checked as OVS checks it: below
 * 0xff00 or reserved. */
static enum ofperr
port_from_ofp11(be32 port_, uint32_t *port)
{
    uint32_t p = ntohl(port_);

    if (p < 0xff00 || p >= 0xffffff00) {
        *port = p;
        return OFPERR_OK;
    }
    VLOG_WARN("port %"PRIu32" is outside the supported range 0 through "
              "65279 or 0xffffff00 through 0xffffffff", p);
    return OFPERR_OFPBAC_BAD_OUT_PORT;
}

/* Flow mod flags of "version" in 1.3 bit positions.  In 1.0 every "add"
 * resets counters. */
static enum ofperr
decode_flow_mod_flags(uint16_t raw, uint8_t command, uint8_t version,
                      uint16_t *flags)
{
    uint16_t known = OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP;

    if (version == OFP10_VERSION) {
        known |= OFPFF10_EMERG;
    } else {
        known |= (OFPFF12_RESET_COUNTS | OFPFF13_NO_PKT_COUNTS
                  | OFPFF13_NO_BYT_COUNTS);
    }
    *flags = raw & known;
    if (version == OFP10_VERSION) {
        *flags &= ~OFPFF10_EMERG;
        if (command == OFPFC_ADD) {
            *flags |= OFPFF12_RESET_COUNTS;
        }
    }
    return raw & ~known ? OFPERR_OFPFMFC_BAD_FLAGS : OFPERR_OK;
}

static uint16_t
encode_flow_mod_flags(uint16_t flags, uint8_t version)
{
    uint16_t raw = flags & (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP);

    if (version >= OFP13_VERSION) {
        raw |= flags & (OFPFF12_RESET_COUNTS | OFPFF13_NO_PKT_COUNTS
                        | OFPFF13_NO_BYT_COUNTS);
    }
    return raw;
}

/* Decodes the OFPT_FLOW_MOD or NXT_FLOW_MOD "oh" into "fm", its actions
 * into "ofpacts" (fm->ofpacts points there).  "flow_mod_table_id" tells
 * whether the connection enabled NXT_FLOW_MOD_TABLE_ID.  The actions are
 * not yet checked against the match: that is ofpacts_check()'s job. */
enum ofperr
ofputil_decode_flow_mod(struct ofputil_flow_mod *fm,
                        const struct ofp_header *oh, bool flow_mod_table_id,
                        const struct tun_table *tab, struct ofpbuf *ofpacts)
{
    const uint8_t *p = (const uint8_t *) oh + sizeof *oh;
    size_t len = ntohs(oh->length) - sizeof *oh;
    uint16_t raw_flags, command;
    enum ofperr error;

    memset(fm, 0, sizeof *fm);
    fm->version = oh->version;
    match_init_catchall(&fm->match);
    fm->match.flow.tunnel.metadata.tab = tab;

    if (oh->version != OFP10_VERSION) {
        const struct ofp11_flow_mod *ofm = (const void *) p;
        size_t consumed;

        if (len < sizeof *ofm) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        p += sizeof *ofm;
        len -= sizeof *ofm;
        error = oxm_pull_match(p, len, tab, &fm->match, &consumed);
        if (error) {
            return error;
        }
        p += consumed;
        len -= consumed;

        fm->priority = ntohs(ofm->priority);
        if (ofm->command == OFPFC_ADD) {
            fm->new_cookie = ofm->cookie;
        } else {
            fm->cookie = ofm->cookie;
            fm->cookie_mask = ofm->cookie_mask;
            fm->new_cookie = UINT64_MAX;
        }
        fm->modify_cookie = false;
        fm->command = ofm->command;
        fm->table_id = ofm->table_id;
        if (fm->table_id == OFPTT_ALL && ofm->command != OFPFC_DELETE
            && ofm->command != OFPFC_DELETE_STRICT) {
            return OFPERR_OFPFMFC_BAD_TABLE_ID;
        }
        fm->idle_timeout = ntohs(ofm->idle_timeout);
        fm->hard_timeout = ntohs(ofm->hard_timeout);
        fm->importance = (oh->version >= OFP14_VERSION
                          && ofm->command == OFPFC_ADD
                          ? ntohs(ofm->importance) : 0);
        fm->buffer_id = ntohl(ofm->buffer_id);
        error = port_from_ofp11(ofm->out_port, &fm->out_port);
        if (error) {
            return error;
        }
        fm->out_group = (ofm->command == OFPFC_DELETE
                         || ofm->command == OFPFC_DELETE_STRICT
                         ? ntohl(ofm->out_group) : OFPG_ANY);
        raw_flags = ntohs(ofm->flags);
    } else {
        if (oh->type == OFPT10_FLOW_MOD) {
            const struct ofp10_flow_mod *ofm = (const void *) p;

            if (len < sizeof *ofm) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            p += sizeof *ofm;
            len -= sizeof *ofm;
            ofp10_match_to_match(&ofm->match, &fm->match);
            fm->match.flow.tunnel.metadata.tab = tab;

            /* OpenFlow 1.0 gives exact-match flows the highest
             * priority. */
            fm->priority = (ofm->match.wildcards & htonl(OFPFW10_ALL)
                            ? ntohs(ofm->priority) : UINT16_MAX);
            command = ntohs(ofm->command);
            fm->new_cookie = ofm->cookie;
            fm->idle_timeout = ntohs(ofm->idle_timeout);
            fm->hard_timeout = ntohs(ofm->hard_timeout);
            fm->buffer_id = ntohl(ofm->buffer_id);
            fm->out_port = port_from_ofp10(ntohs(ofm->out_port));
            raw_flags = ntohs(ofm->flags);
        } else {
            const struct nx_flow_mod *nfm;

            if (len < sizeof(struct nicira_header) + sizeof *nfm) {
                return OFPERR_OFPBRC_BAD_LEN;
            }
            nfm = (const void *) (p + sizeof(struct nicira_header));
            p += sizeof(struct nicira_header) + sizeof *nfm;
            len -= sizeof(struct nicira_header) + sizeof *nfm;

            size_t match_len = ntohs(nfm->match_len);
            if (ROUND_UP(match_len, 8) > len) {
                return OFPERR_OFPBMC_BAD_LEN;
            }
            error = nx_pull_match(p, match_len, tab, &fm->match,
                                  &fm->cookie, &fm->cookie_mask);
            if (error) {
                return error;
            }
            p += ROUND_UP(match_len, 8);
            len -= ROUND_UP(match_len, 8);

            command = ntohs(nfm->command);
            if ((command & 0xff) == OFPFC_ADD && fm->cookie_mask) {
                /* An add may set a cookie but not match one. */
                return OFPERR_NXBRC_NXM_INVALID;
            }
            fm->priority = ntohs(nfm->priority);
            fm->new_cookie = nfm->cookie;
            fm->idle_timeout = ntohs(nfm->idle_timeout);
            fm->hard_timeout = ntohs(nfm->hard_timeout);
            fm->buffer_id = ntohl(nfm->buffer_id);
            fm->out_port = port_from_ofp10(ntohs(nfm->out_port));
            raw_flags = ntohs(nfm->flags);
        }
        fm->out_group = OFPG_ANY;
        fm->modify_cookie = fm->new_cookie != UINT64_MAX;
        if (flow_mod_table_id) {
            fm->command = command & 0xff;
            fm->table_id = command >> 8;
        } else {
            fm->command = command;
            fm->table_id = OFPTT_ALL;
            if (command > 0xff) {
                fm->command = 0xff;     /* Refused just below. */
            }
        }
    }

    if (fm->command > OFPFC_DELETE_STRICT) {
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }

    size_t start = ofpacts->size;
    error = (oh->version == OFP10_VERSION
             ? ofpacts_pull_openflow_actions(p, len, oh->version, tab,
                                             ofpacts)
             : ofpacts_pull_openflow_instructions(p, len, oh->version, tab,
                                                  ofpacts));
    if (error) {
        return error;
    }
    fm->ofpacts = (const void *) (ofpacts->data + start);
    fm->ofpacts_len = ofpacts->size - start;

    error = decode_flow_mod_flags(raw_flags, fm->command, oh->version,
                                  &fm->flags);
    if (error) {
        return error;
    }
    if (oh->version == OFP10_VERSION && raw_flags & OFPFF10_EMERG) {
        /* No emergency flow cache, as in Open vSwitch: the error 1.0
         * defines for timeouts, else "table full". */
        return (fm->hard_timeout || fm->idle_timeout
                ? OFPERR_OFPFMFC_BAD_EMERG_TIMEOUT
                : OFPERR_OFPFMFC_TABLE_FULL);
    }
    return OFPERR_OK;
}

/* Decodes a flow or aggregate statistics request (OFPST_FLOW,
 * OFPST_AGGREGATE, NXST_FLOW, NXST_AGGREGATE, or their 1.3+ multipart
 * forms) into "fsr".  "oh" must be a statistics request of one of those
 * types. */
enum ofperr
ofputil_decode_flow_stats_request(struct ofputil_flow_stats_request *fsr,
                                  const struct ofp_header *oh,
                                  const struct tun_table *tab)
{
    const uint8_t *p = (const uint8_t *) oh + sizeof *oh;
    size_t len = ntohs(oh->length) - sizeof *oh;
    uint16_t type = get_unaligned_be16(p);
    enum ofperr error;

    memset(fsr, 0, sizeof *fsr);
    match_init_catchall(&fsr->match);
    fsr->match.flow.tunnel.metadata.tab = tab;
    fsr->out_group = OFPG_ANY;

    if (oh->version == OFP10_VERSION && type == OFPST_VENDOR) {
        const struct nicira10_stats_msg *nsm = (const void *) (p + 4);
        const struct nx_flow_stats_request *nfsr;

        if (len < 4 + sizeof *nsm + sizeof *nfsr) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fsr->aggregate = ntohl(nsm->subtype) == NXST_AGGREGATE;
        fsr->format = OFP_FLOW_FORMAT_NXM;
        nfsr = (const void *) (p + 4 + sizeof *nsm);
        p += 4 + sizeof *nsm + sizeof *nfsr;
        len -= 4 + sizeof *nsm + sizeof *nfsr;

        size_t match_len = ntohs(nfsr->match_len);
        if (ROUND_UP(match_len, 8) > len) {
            return OFPERR_OFPBMC_BAD_LEN;
        }
        error = nx_pull_match(p, match_len, tab, &fsr->match, &fsr->cookie,
                              &fsr->cookie_mask);
        if (error) {
            return error;
        }
        if (len != ROUND_UP(match_len, 8)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fsr->out_port = port_from_ofp10(ntohs(nfsr->out_port));
        fsr->table_id = nfsr->table_id;
    } else if (oh->version == OFP10_VERSION) {
        const struct ofp10_flow_stats_request *ofsr = (const void *) (p + 4);

        if (len != 4 + sizeof *ofsr) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fsr->aggregate = type == OFPST_AGGREGATE;
        fsr->format = OFP_FLOW_FORMAT_OF10;
        ofp10_match_to_match(&ofsr->match, &fsr->match);
        fsr->match.flow.tunnel.metadata.tab = tab;
        fsr->out_port = port_from_ofp10(ntohs(ofsr->out_port));
        fsr->table_id = ofsr->table_id;
    } else {
        const struct ofp11_flow_stats_request *ofsr = (const void *) (p + 8);
        size_t consumed;

        if (len < 8 + sizeof *ofsr) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fsr->aggregate = type == OFPST_AGGREGATE;
        fsr->format = OFP_FLOW_FORMAT_OXM;
        fsr->table_id = ofsr->table_id;
        error = port_from_ofp11(ofsr->out_port, &fsr->out_port);
        if (error) {
            return error;
        }
        fsr->out_group = ntohl(ofsr->out_group);
        fsr->cookie = ofsr->cookie;
        fsr->cookie_mask = ofsr->cookie_mask;
        p += 8 + sizeof *ofsr;
        len -= 8 + sizeof *ofsr;
        error = oxm_pull_match(p, len, tab, &fsr->match, &consumed);
        if (error) {
            return error;
        }
        if (consumed != len) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
    }
    return OFPERR_OK;
}

/* ---------------------------------------------------------------------
 * Multipart replies.
 * --------------------------------------------------------------------- */

/* Size of the statistics header after struct ofp_header. */
static size_t
multipart_header_len(const struct ofputil_multipart *mp)
{
    return (mp->version != OFP10_VERSION ? 8
            : mp->type == OFPST_VENDOR ? 4 + sizeof(struct nicira10_stats_msg)
            : 4);
}

static void
multipart_new_msg(struct ofputil_multipart *mp)
{
    bool of10 = mp->version == OFP10_VERSION;
    uint8_t *p;

    mp->msg = ofp_msg_new(mp->version, (of10 ? OFPT10_STATS_REPLY
                                        : OFPT13_MULTIPART_REPLY),
                          mp->request->xid, multipart_header_len(mp));
    p = mp->msg->data + sizeof(struct ofp_header);
    put_unaligned_be16(p, mp->type);
    if (of10 && mp->type == OFPST_VENDOR) {
        put_unaligned_be32(p + 4, NX_VENDOR_ID);
        put_unaligned_be32(p + 8, mp->nx_subtype);
    }
}

/* Starts the reply to statistics request "request", of the same type. */
void
ofputil_multipart_start(struct ofputil_multipart *mp,
                        const struct ofp_header *request)
{
    const uint8_t *p = (const uint8_t *) request + sizeof *request;

    memset(mp, 0, sizeof *mp);
    mp->request = request;
    mp->version = request->version;
    mp->type = get_unaligned_be16(p);
    if (mp->version == OFP10_VERSION && mp->type == OFPST_VENDOR
        && ntohs(request->length) >= sizeof *request + 12) {
        mp->nx_subtype = get_unaligned_be32(p + 8);
    }
    multipart_new_msg(mp);
}

/* Makes sure "len" more bytes fit in the current reply, sending it on
 * (with the "more" flag) and starting another when they do not.  Returns
 * "len" zeroed bytes. */
void *
ofputil_multipart_reserve(struct ofputil_multipart *mp, size_t len)
{
    if (mp->msg->size + len > OFP_MAX_MSG_LEN) {
        be16 *flags = (be16 *) (mp->msg->data + sizeof(struct ofp_header)
                                + 2);
        *flags = htons(OFPSF_REPLY_MORE);
        ofp_msg_finish(mp->msg);
        mp->done = xrealloc(mp->done, (mp->n_done + 1) * sizeof *mp->done);
        mp->done[mp->n_done++] = mp->msg;
        multipart_new_msg(mp);
    }
    return ofpbuf_put_zeros(mp->msg, len);
}

void
ofputil_multipart_put(struct ofputil_multipart *mp, const void *data,
                      size_t len)
{
    memcpy(ofputil_multipart_reserve(mp, len), data, len);
}

/* Finishes the reply; returns its messages, "*n" of them, in an array
 * that the caller frees (and the messages in it, once sent). */
struct ofpbuf **
ofputil_multipart_finish(struct ofputil_multipart *mp, size_t *n)
{
    ofp_msg_finish(mp->msg);
    mp->done = xrealloc(mp->done, (mp->n_done + 1) * sizeof *mp->done);
    mp->done[mp->n_done++] = mp->msg;
    mp->msg = NULL;
    ofpbuf_delete(mp->scratch);
    mp->scratch = NULL;
    *n = mp->n_done;
    return mp->done;
}

/* Appends one flow's statistics in "format" (the request's). */
void
ofputil_append_flow_stats(struct ofputil_multipart *mp,
                          enum ofp_flow_format format,
                          const struct ofputil_flow_stats *fs)
{
    uint8_t version = mp->version;

    /* Build the entry on its own, then move it into the reply whole. */
    if (!mp->scratch) {
        mp->scratch = ofpbuf_new(256);
    }
    struct ofpbuf body = *mp->scratch;
    body.size = 0;
    if (format == OFP_FLOW_FORMAT_OXM && version >= OFP15_VERSION) {
        struct ofp15_flow_desc *fd;
        ofpbuf_put_zeros(&body, sizeof *fd);
        oxm_put_match(&body, fs->match, version);
        oxs_put_stats(&body, fs->duration_sec, fs->duration_nsec,
                      fs->idle_age, fs->packet_count, fs->byte_count, -1);
        ofpacts_put_openflow_instructions(fs->ofpacts, fs->ofpacts_len,
                                          &body, version);
        fd = (void *) body.data;
        fd->length = htons(body.size);
        fd->table_id = fs->table_id;
        fd->priority = htons(fs->priority);
        fd->idle_timeout = htons(fs->idle_timeout);
        fd->hard_timeout = htons(fs->hard_timeout);
        fd->flags = htons(encode_flow_mod_flags(fs->flags, version));
        fd->importance = htons(fs->importance);
        fd->cookie = fs->cookie;
    } else if (format == OFP_FLOW_FORMAT_OXM) {
        struct ofp11_flow_stats *ofs;
        ofpbuf_put_zeros(&body, sizeof *ofs);
        oxm_put_match(&body, fs->match, version);
        ofpacts_put_openflow_instructions(fs->ofpacts, fs->ofpacts_len,
                                          &body, version);
        ofs = (void *) body.data;
        ofs->length = htons(body.size);
        ofs->table_id = fs->table_id;
        ofs->duration_sec = htonl(fs->duration_sec);
        ofs->duration_nsec = htonl(fs->duration_nsec);
        ofs->priority = htons(fs->priority);
        ofs->idle_timeout = htons(fs->idle_timeout);
        ofs->hard_timeout = htons(fs->hard_timeout);
        ofs->flags = htons(encode_flow_mod_flags(fs->flags, version));
        ofs->importance = htons(version >= OFP14_VERSION
                                ? fs->importance : 0);
        ofs->cookie = fs->cookie;
        ofs->packet_count = htobe64(fs->packet_count);
        ofs->byte_count = htobe64(fs->byte_count);
    } else if (format == OFP_FLOW_FORMAT_OF10) {
        struct ofp10_flow_stats *ofs;
        ofpbuf_put_zeros(&body, sizeof *ofs);
        ofpacts_put_openflow_actions(fs->ofpacts, fs->ofpacts_len, &body,
                                     version);
        ofs = (void *) body.data;
        ofs->length = htons(body.size);
        ofs->table_id = fs->table_id;
        match_to_ofp10_match(fs->match, &ofs->match);
        ofs->duration_sec = htonl(fs->duration_sec);
        ofs->duration_nsec = htonl(fs->duration_nsec);
        ofs->priority = htons(fs->priority);
        ofs->idle_timeout = htons(fs->idle_timeout);
        ofs->hard_timeout = htons(fs->hard_timeout);
        ofs->cookie = fs->cookie;
        ofs->packet_count = htobe64(fs->packet_count);
        ofs->byte_count = htobe64(fs->byte_count);
    } else {
        struct nx_flow_stats *nfs;
        size_t match_len;
        ofpbuf_put_zeros(&body, sizeof *nfs);
        match_len = nx_put_match(&body, fs->match, 0, 0);
        ofpbuf_put_zeros(&body, ROUND_UP(match_len, 8) - match_len);
        ofpacts_put_openflow_actions(fs->ofpacts, fs->ofpacts_len, &body,
                                     version);
        nfs = (void *) body.data;
        nfs->length = htons(body.size);
        nfs->table_id = fs->table_id;
        nfs->duration_sec = htonl(fs->duration_sec);
        nfs->duration_nsec = htonl(fs->duration_nsec);
        nfs->priority = htons(fs->priority);
        nfs->idle_timeout = htons(fs->idle_timeout);
        nfs->hard_timeout = htons(fs->hard_timeout);
        nfs->match_len = htons(match_len);
        nfs->idle_age = htons(fs->idle_age < 0 ? 0
                              : MIN(fs->idle_age + 1, UINT16_MAX));
        nfs->hard_age = htons(fs->hard_age < 0 ? 0
                              : MIN(fs->hard_age + 1, UINT16_MAX));
        nfs->cookie = fs->cookie;
        nfs->packet_count = htobe64(fs->packet_count);
        nfs->byte_count = htobe64(fs->byte_count);
    }
    ofputil_multipart_put(mp, body.data, body.size);
    *mp->scratch = body;        /* Keeps what the entry grew it to. */
}

void
ofputil_append_aggregate_stats(struct ofputil_multipart *mp,
                               uint64_t packets, uint64_t bytes,
                               uint32_t flows)
{
    struct ofp_aggregate_stats_reply *asr;

    if (mp->version >= OFP15_VERSION) {
        struct ofpbuf b;
        ofpbuf_init(&b, 64);
        oxs_put_stats(&b, -1, 0, -1, packets, bytes, flows);
        ofputil_multipart_put(mp, b.data, b.size);
        ofpbuf_uninit(&b);
        return;
    }
    asr = ofputil_multipart_reserve(mp, sizeof *asr);
    asr->packet_count = htobe64(packets);
    asr->byte_count = htobe64(bytes);
    asr->flow_count = htonl(flows);
}

void
ofputil_append_table_stats(struct ofputil_multipart *mp,
                           const struct ofputil_table_stats *ts)
{
    if (mp->version == OFP10_VERSION) {
        struct ofp10_table_stats *s = ofputil_multipart_reserve(mp,
                                                                sizeof *s);
        s->table_id = ts->table_id;
        s->wildcards = htonl(OFPFW10_ALL);
        s->max_entries = htonl(OFP_TABLE_MAX_ENTRIES);
        s->active_count = htonl(ts->active_count);
        s->lookup_count = htobe64(ts->lookup_count);
        s->matched_count = htobe64(ts->matched_count);
    } else {
        struct ofp13_table_stats *s = ofputil_multipart_reserve(mp,
                                                                sizeof *s);
        s->table_id = ts->table_id;
        s->active_count = htonl(ts->active_count);
        s->lookup_count = htobe64(ts->lookup_count);
        s->matched_count = htobe64(ts->matched_count);
    }
}

/* Table feature property types (OpenFlow 1.3 §7.3.5.5.2). */
enum {
    OFPTFPT_INSTRUCTIONS = 0,
    OFPTFPT_NEXT_TABLES = 2,
    OFPTFPT_WRITE_ACTIONS = 4,
    OFPTFPT_APPLY_ACTIONS = 6,
    OFPTFPT_MATCH = 8,
    OFPTFPT_WILDCARDS = 10,
    OFPTFPT_WRITE_SETFIELD = 12,
    OFPTFPT_APPLY_SETFIELD = 14,
};

/* Starts a property of "type" in "b"; prop_end() sets its length and pads
 * it to 8 bytes. */
static size_t
prop_start(struct ofpbuf *b, uint16_t type)
{
    size_t ofs = b->size;
    uint8_t *p = ofpbuf_put_zeros(b, 4);
    put_unaligned_be16(p, type);
    return ofs;
}

static void
prop_end(struct ofpbuf *b, size_t ofs)
{
    put_unaligned_be16(b->data + ofs + 2, b->size - ofs);
    ofpbuf_put_zeros(b, ROUND_UP(b->size - ofs, 8) - (b->size - ofs));
}

/* A property listing 4-byte ids: instruction or action types. */
static void
put_type_list(struct ofpbuf *b, uint16_t prop, const uint16_t *types,
              size_t n)
{
    size_t ofs = prop_start(b, prop);
    for (size_t i = 0; i < n; i++) {
        uint8_t *p = ofpbuf_put_zeros(b, 4);
        put_unaligned_be16(p, types[i]);
        put_unaligned_be16(p + 2, 4);
    }
    prop_end(b, ofs);
}

/* A property listing the headers of the fields that "writable_only" or
 * all fixed-width fields, in the wire form of "version". */
static void
put_field_list(struct ofpbuf *b, uint16_t prop, uint8_t version,
               bool writable_only)
{
    size_t ofs = prop_start(b, prop);
    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *mf = mf_from_id(id);
        uint32_t header;

        if (!mf || mf->variable_len || (writable_only && !mf->writable)) {
            continue;
        }
        header = (mf->oxm_header && version >= mf->oxm_version
                  ? mf->oxm_header : mf->nxm_header);
        if (header && (header >> 16) != 0xffff) {
            put_unaligned_be32(ofpbuf_put_zeros(b, 4), header);
        }
    }
    prop_end(b, ofs);
}

/* Appends the features of table "table_id": its size, the instructions
 * and actions ovsx runs, the tables goto_table may reach, and the fields
 * it matches and sets.  "ovs-ofctl" reads them before a flow mod in
 * OpenFlow 1.3+. */
void
ofputil_append_table_features(struct ofputil_multipart *mp, uint8_t table_id)
{
    static const uint16_t instructions[] = { 1, 2, 3, 4, 5 };
    static const uint16_t actions[] = { 0, 17, 18, 24, 25 };
    struct ofp13_table_features *tf;
    struct ofpbuf b;

    ofpbuf_init(&b, 1024);
    ofpbuf_put_zeros(&b, sizeof *tf);
    put_type_list(&b, OFPTFPT_INSTRUCTIONS, instructions,
                  table_id < 253 ? ARRAY_SIZE(instructions)
                  : ARRAY_SIZE(instructions) - 1);
    size_t ofs = prop_start(&b, OFPTFPT_NEXT_TABLES);
    for (int t = table_id + 1; t < 254; t++) {
        *(uint8_t *) ofpbuf_put_zeros(&b, 1) = t;
    }
    prop_end(&b, ofs);
    put_type_list(&b, OFPTFPT_WRITE_ACTIONS, actions, ARRAY_SIZE(actions));
    put_type_list(&b, OFPTFPT_APPLY_ACTIONS, actions, ARRAY_SIZE(actions));
    put_field_list(&b, OFPTFPT_MATCH, mp->version, false);
    put_field_list(&b, OFPTFPT_WILDCARDS, mp->version, false);
    put_field_list(&b, OFPTFPT_WRITE_SETFIELD, mp->version, true);
    put_field_list(&b, OFPTFPT_APPLY_SETFIELD, mp->version, true);

    tf = (void *) b.data;
    tf->length = htons(b.size);
    tf->table_id = table_id;
    tf->metadata_match = UINT64_MAX;
    tf->metadata_write = UINT64_MAX;
    tf->max_entries = htonl(OFP_TABLE_MAX_ENTRIES);
    ofputil_multipart_put(mp, b.data, b.size);
    ofpbuf_uninit(&b);
}

/* Appends the 40 bytes that every flow-removed body before OpenFlow 1.5
 * has (the layout is the same; 1.0 leaves "table_id" and the hard timeout
 * as padding, and NXT_FLOW_REMOVED has the match length in the latter).
 * Returns where they start. */
static uint8_t *
put_flow_removed_body(struct ofpbuf *b, const struct ofputil_flow_removed *fr,
                      bool table_id, uint16_t hard_or_match_len)
{
    uint8_t *p = ofpbuf_put_zeros(b, 40);

    memcpy(p, &fr->cookie, 8);
    put_unaligned_be16(p + 8, fr->priority);
    p[10] = fr->reason;
    p[11] = table_id ? fr->table_id : 0;
    put_unaligned_be32(p + 12, fr->duration_sec);
    put_unaligned_be32(p + 16, fr->duration_nsec);
    put_unaligned_be16(p + 20, fr->idle_timeout);
    put_unaligned_be16(p + 22, hard_or_match_len);
    put_unaligned_be64(p + 24, fr->packet_count);
    put_unaligned_be64(p + 32, fr->byte_count);
    return p;
}

/* The flow-removed message "fr" for a connection of "version" that chose
 * NXT_SET_FLOW_FORMAT "flow_format" (1.0 only), xid 0. */
struct ofpbuf *
ofputil_encode_flow_removed(const struct ofputil_flow_removed *fr,
                            uint8_t version, int flow_format)
{
    struct ofpbuf *b;

    if (version == OFP10_VERSION && flow_format == NXFF_NXM) {
        b = ofp_msg_new(version, OFPT_EXPERIMENTER, 0, 0);
        uint8_t *p = ofpbuf_put_zeros(b, 8);
        put_unaligned_be32(p, NX_VENDOR_ID);
        put_unaligned_be32(p + 4, NXT_FLOW_REMOVED);
        size_t body = b->size;
        put_flow_removed_body(b, fr, true, 0);
        size_t match_len = nx_put_match(b, &fr->match, 0, 0);
        put_unaligned_be16((uint8_t *) b->data + body + 22, match_len);
        ofpbuf_put_zeros(b, ROUND_UP(match_len, 8) - match_len);
    } else if (version == OFP10_VERSION) {
        b = ofp_msg_new(version, OFPT_FLOW_REMOVED, 0, 0);
        struct ofp10_match m;
        match_to_ofp10_match(&fr->match, &m);
        ofpbuf_put(b, &m, sizeof m);
        put_flow_removed_body(b, fr, false, 0);
    } else if (version < OFP15_VERSION) {
        b = ofp_msg_new(version, OFPT_FLOW_REMOVED, 0, 0);
        put_flow_removed_body(b, fr, true, fr->hard_timeout);
        oxm_put_match(b, &fr->match, version);
    } else {
        /* OpenFlow 1.5: the timeouts and cookie first, the statistics as
         * OXS after the match. */
        b = ofp_msg_new(version, OFPT_FLOW_REMOVED, 0, 0);
        uint8_t *p = ofpbuf_put_zeros(b, 16);
        p[0] = fr->table_id;
        p[1] = fr->reason;
        put_unaligned_be16(p + 2, fr->priority);
        put_unaligned_be16(p + 4, fr->idle_timeout);
        put_unaligned_be16(p + 6, fr->hard_timeout);
        memcpy(p + 8, &fr->cookie, 8);
        oxm_put_match(b, &fr->match, version);
        oxs_put_stats(b, fr->duration_sec, fr->duration_nsec, -1,
                      fr->packet_count, fr->byte_count, -1);
    }
    ofp_msg_finish(b);
    return b;
}
