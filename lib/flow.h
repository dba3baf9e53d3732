/* The flow key: every header field a later stage matches on, extracted
 * from a packet once. */
#ifndef FLOW_H
#define FLOW_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"
#include "packets.h"
#include "tun-metadata.h"

struct dp_packet;

/* Tunnel flags (struct flow_tnl "flags"), as Open vSwitch numbers them.
 * Only OAM is visible to OpenFlow as tun_flags; the others show in datapath
 * flows as flags(df|csum|key|oam). */
#define FLOW_TNL_F_OAM (1 << 0)
#define FLOW_TNL_F_DONT_FRAGMENT (1 << 1)
#define FLOW_TNL_F_CSUM (1 << 2)
#define FLOW_TNL_F_KEY (1 << 3)
#define FLOW_TNL_F_CRIT_OPT (1 << 4)  /* Geneve C bit (RFC 8926 §3.4). */

/* Largest Geneve option area: opt_len is 6 bits of 4-byte words. */
#define FLOW_TNL_MAX_GNV_OPTS 252

/* Tunnel metadata: the outer headers of a packet received on a tunnel, or
 * the outer headers to build on output.  All zero means "no tunnel". */
struct flow_tnl {
    be64 tun_id;                /* VNI, GRE key, or NVGRE VSID. */
    be32 ip_src;                /* Outer IPv4 source, or 0. */
    be32 ip_dst;                /* Outer IPv4 destination, or 0. */
    struct in6_addr ipv6_src;   /* Outer IPv6 source, or all-zero. */
    struct in6_addr ipv6_dst;   /* Outer IPv6 destination, or all-zero. */
    uint16_t flags;             /* FLOW_TNL_F_*. */
    uint8_t ip_tos;             /* Outer DSCP | ECN. */
    uint8_t ip_ttl;             /* Outer TTL or hop limit. */
    be16 tp_src;                /* Outer UDP source port (0 for GRE). */
    be16 tp_dst;                /* Outer UDP destination port. */
    uint8_t nvgre_flowid;       /* NVGRE FlowID (RFC 7637 §3.2). */
    uint8_t gnv_opts_len;       /* Bytes in "gnv_opts", multiple of 4. */
    uint8_t gnv_opts[FLOW_TNL_MAX_GNV_OPTS]; /* Geneve options as on the
                                              * wire, in received order. */
    struct tun_metadata metadata; /* Options mapped by a TLV table. */
};

#endif /* flow.h */
