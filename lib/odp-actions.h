/* Datapath actions: what translation of the OpenFlow tables leaves for the
 * datapath to do to each packet of a megaflow, and the only language
 * between ofproto and the datapath (DESIGN.md).
 *
 * A list of actions is a run of records in an ofpbuf, each starting with
 * a struct odp_action whose "len" (a multiple of 8) covers the record.
 * They run in order on one packet; a CLONE runs its nested list on a copy
 * and the list goes on with the packet as it was.  The text form, for
 * "dpctl/dump-flows" and "ofproto/trace", follows Open vSwitch's datapath
 * action syntax where there is an equivalent. */
#ifndef ODP_ACTIONS_H
#define ODP_ACTIONS_H 1

#include <stddef.h>
#include <stdint.h>
#include "flow.h"
#include "tnl-header.h"

struct ds;
struct ofpbuf;

enum odp_action_type {
    ODPA_OUTPUT,                /* struct odpa_output. */
    ODPA_SET,                   /* struct odpa_set: header fields. */
    ODPA_PUSH_VLAN,             /* struct odpa_push_vlan. */
    ODPA_POP_VLAN,              /* struct odp_action only. */
    ODPA_TNL_PUSH,              /* struct odpa_tnl_push. */
    ODPA_TNL_POP,               /* struct odpa_tnl_pop: pop, then look the
                                 * inner packet up again. */
    ODPA_CLONE,                 /* struct odp_action + nested actions. */
    ODPA_DROP,                  /* struct odpa_drop: drop, counting why. */
    ODPA_USERSPACE,             /* struct odp_action + opaque bytes: the
                                 * packet goes up (an OpenFlow packet-in). */
    ODPA_POP_ETH,               /* struct odp_action only: strips the
                                 * Ethernet header and VLAN tags (before
                                 * an L3 tunnel's push). */
};

struct odp_action {
    uint16_t type;              /* ODPA_*. */
    uint16_t pad;
    uint32_t len;               /* Of the whole record, a multiple of 8. */
};

struct odpa_output {
    struct odp_action hdr;
    uint32_t port;              /* Datapath port number. */
    uint32_t pad;
};

/* Header fields an ODPA_SET writes ("fields" bits). */
enum {
    ODP_SET_ETH_SRC = 1 << 0,
    ODP_SET_ETH_DST = 1 << 1,
    ODP_SET_VLAN_TCI = 1 << 2,  /* Of the outermost tag. */
    ODP_SET_NW_SRC = 1 << 3,    /* IPv4. */
    ODP_SET_NW_DST = 1 << 4,
    ODP_SET_IPV6_SRC = 1 << 5,
    ODP_SET_IPV6_DST = 1 << 6,
    ODP_SET_IPV6_LABEL = 1 << 7,
    ODP_SET_DSCP = 1 << 8,      /* IPv4 or IPv6. */
    ODP_SET_ECN = 1 << 9,
    ODP_SET_TTL = 1 << 10,      /* Or hop limit. */
    ODP_SET_TP_SRC = 1 << 11,   /* TCP, UDP or SCTP. */
    ODP_SET_TP_DST = 1 << 12,
    ODP_SET_ICMP = 1 << 13,     /* ICMPv4 type and code. */
    ODP_SET_ARP = 1 << 14,      /* Opcode, addresses. */
};

/* Writes "fields" of "flow" into the packet's headers (checksums kept
 * right incrementally). */
struct odpa_set {
    struct odp_action hdr;
    uint32_t fields;            /* ODP_SET_*. */
    uint32_t pad;
    struct flow flow;           /* Only the fields named are read. */
};

struct odpa_push_vlan {
    struct odp_action hdr;
    be16 tpid;
    be16 tci;
    uint32_t pad;
};

/* Encapsulation: the outer headers of "cfg" with the addresses, key and
 * Geneve options of "tnl" (options already in wire form in
 * tnl.gnv_opts), between Ethernet addresses "src" and "dst".  The inner
 * flow's hash gives the UDP source port and the NVGRE FlowID. */
struct odpa_tnl_push {
    struct odp_action hdr;
    uint32_t tnl_port;          /* Datapath port of the tunnel, for the
                                 * text only. */
    uint32_t max_len;           /* Largest packet (as it is before the
                                 * push) the underlay's MTU takes, or 0.
                                 * A bigger one is dropped, and its
                                 * sender told (ICMP), if it said DF. */
    struct tnl_config cfg;
    struct flow_tnl tnl;
    struct eth_addr src;
    struct eth_addr dst;
    struct tnl_push_template tmpl; /* The headers prebuilt, if "tmpl.len";
                                    * tnl_push_template_build() of the
                                    * fields above. */
};

/* Decapsulation of a packet for us: pops the outer headers as "pop" reads
 * them (dropping and counting malformed ones) and looks the inner packet
 * up again, in_port "tnl_port" with the outer headers as its tunnel
 * fields. */
struct odpa_tnl_pop {
    struct odp_action hdr;
    uint32_t tnl_port;          /* Datapath port ("genev_sys_6081"). */
    uint32_t pad;
    struct tnl_pop_config pop;
};

/* Why translation dropped a packet (or, for a table miss, a path through
 * the tables ended).  Translation counts the packet it translated; the
 * datapath counts the ones after it that hit the cached flow.  The action
 * only counts: other actions of the list still run. */
#define ODP_DROP_REASONS                                               \
    ODP_DROP(TABLE_MISS, xlate_table_miss)                             \
    ODP_DROP(TTL_EXPIRED, xlate_ttl_expired)                           \
    ODP_DROP(TOO_MANY_RESUBMITS, xlate_too_many_resubmits)             \
    ODP_DROP(NORMAL_RESERVED_MCAST, normal_drop_reserved_multicast)    \
    ODP_DROP(TNL_LOOP, tunnel_drop_loop)                               \
    ODP_DROP(TNL_NO_REMOTE, tunnel_drop_no_remote)                     \
    ODP_DROP(TNL_NO_ROUTE, tunnel_drop_no_route)                       \
    ODP_DROP(TNL_NO_UNDERLAY, tunnel_drop_no_underlay)                 \
    ODP_DROP(TNL_BAD_OPTIONS, tunnel_drop_bad_options)                 \
    ODP_DROP(TNL_NO_PORT, tunnel_drop_no_port)                         \
    ODP_DROP(TNL_L3_PAYLOAD, tunnel_drop_l3_payload)                   \
    ODP_DROP(TNL_L3_NOT_IP, tunnel_drop_l3_not_ip)                     \
    ODP_DROP(TUN_MD_TRUNCATED, tun_metadata_drop_truncated)            \
    ODP_DROP(TUN_MD_BAD_LEN, tun_metadata_drop_bad_len)                \
    ODP_DROP(TUN_MD_CRIT_UNKNOWN, tun_metadata_drop_crit_unknown)      \
    ODP_DROP(TUN_MD_DUP_OPTION, tun_metadata_drop_dup_option)

enum odp_drop_reason {
#define ODP_DROP(ENUM, COUNTER) ODP_DROP_##ENUM,
    ODP_DROP_REASONS
#undef ODP_DROP
    ODP_N_DROP_REASONS
};

struct odpa_drop {
    struct odp_action hdr;
    uint32_t reason;            /* enum odp_drop_reason. */
    uint32_t pad;
};

const char *odp_drop_reason_name(enum odp_drop_reason);
void odp_drop_count(enum odp_drop_reason);

/* Building a list. */
void odp_put_output(struct ofpbuf *, uint32_t port);
void odp_put_push_vlan(struct ofpbuf *, be16 tpid, be16 tci);
void odp_put_pop_vlan(struct ofpbuf *);
void odp_put_pop_eth(struct ofpbuf *);
void odp_put_drop(struct ofpbuf *, enum odp_drop_reason);
void odp_put_userspace(struct ofpbuf *, const void *data, size_t len);
struct odpa_tnl_push *odp_put_tnl_push(struct ofpbuf *);
void odp_put_tnl_pop(struct ofpbuf *, uint32_t tnl_port,
                     const struct tnl_pop_config *);
size_t odp_start_clone(struct ofpbuf *);
void odp_end_clone(struct ofpbuf *, size_t ofs);
void odp_commit(struct ofpbuf *, struct flow *base, const struct flow *);

/* Going through a list. */
static inline const struct odp_action *
odp_action_next(const struct odp_action *a)
{
    return (const void *) ((const uint8_t *) a + a->len);
}

#define ODP_ACTION_FOR_EACH(A, ACTIONS, LEN)                            \
    for ((A) = (ACTIONS);                                               \
         (const uint8_t *) (A) < (const uint8_t *) (ACTIONS) + (LEN);   \
         (A) = odp_action_next(A))

/* The upper layer's bytes of an ODPA_USERSPACE (padded to 8). */
static inline const void *
odp_userspace_data(const struct odp_action *a, size_t *len)
{
    *len = a->len - sizeof *a;
    return a + 1;
}

static inline const struct odp_action *
odp_clone_actions(const struct odp_action *a, size_t *len)
{
    *len = a->len - sizeof *a;
    return a + 1;
}

bool odp_actions_output_only(const struct odp_action *, size_t len);
void odp_actions_format(struct ds *, const struct odp_action *, size_t len);

#endif /* odp-actions.h */
