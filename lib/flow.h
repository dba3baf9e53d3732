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
#define FLOW_TNL_F_L3_PAYLOAD (1 << 7) /* Datapath only: the payload was a
                                        * bare IPv4/IPv6 packet, given an
                                        * all-zero Ethernet header. */

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

/* "nw_frag" bits. */
#define FLOW_NW_FRAG_ANY (1 << 0)   /* Any fragment of a datagram. */
#define FLOW_NW_FRAG_LATER (1 << 1) /* Not the first fragment. */

#define FLOW_MAX_VLAN_HEADERS 2

/* One VLAN tag.  "tci" has VLAN_CFI set for a tag that is present, the way
 * Open vSwitch marks it, so an all-zero tag means "no tag". */
struct flow_vlan {
    be16 tpid;                  /* 0x8100 or 0x88a8. */
    be16 tci;                   /* PCP | CFI(present) | VID. */
};

/* Number of 32-bit registers. */
#define FLOW_N_REGS 16

/* Packet types (RFC 8926 "Protocol Type" and OVS's packet_type): an
 * Ethernet frame, or a bare L3 packet identified by its ethertype. */
#define PT_ETH 0                    /* namespace 0, type 0: Ethernet. */
#define PT_NS_ETHERTYPE 1           /* namespace 1: "type" is an ethertype. */

/* The flow key.  Fields a packet does not have are zero. */
struct flow {
    struct flow_tnl tunnel;     /* Outer headers of a decapsulated packet. */
    uint32_t in_port;           /* Input port; FLOW_PORT_ANY if unknown. */
    uint32_t pkt_mark;          /* Packet mark. */
    be64 metadata;              /* OpenFlow metadata, between tables. */
    uint32_t regs[FLOW_N_REGS]; /* Registers reg0..reg15; xregN is the
                                 * pair reg(2N), reg(2N+1). */
    uint16_t packet_ns;         /* PT_ETH or PT_NS_ETHERTYPE. */
    be16 packet_type;           /* With PT_NS_ETHERTYPE: the L3 ethertype. */

    /* L2. */
    struct eth_addr dl_dst;
    struct eth_addr dl_src;
    be16 dl_type;               /* Innermost ethertype; 0x05ff for 802.3
                                 * frames without SNAP. */
    struct flow_vlan vlans[FLOW_MAX_VLAN_HEADERS]; /* Outermost first. */

    /* L3. */
    be32 nw_src;                /* IPv4 source, or ARP sender address. */
    be32 nw_dst;                /* IPv4 destination, or ARP target address. */
    struct in6_addr ipv6_src;
    struct in6_addr ipv6_dst;
    be32 ipv6_label;            /* Low 20 bits. */
    uint8_t nw_proto;           /* IP protocol, or low byte of ARP opcode. */
    uint8_t nw_tos;             /* DSCP | ECN. */
    uint8_t nw_ttl;             /* TTL or hop limit. */
    uint8_t nw_frag;            /* FLOW_NW_FRAG_*. */
    struct eth_addr arp_sha;    /* ARP sender MAC, or ND source link addr. */
    struct eth_addr arp_tha;    /* ARP target MAC, or ND target link addr. */
    struct in6_addr nd_target;  /* ND target address. */

    /* L4. */
    be16 tp_src;                /* Source port, or ICMP type. */
    be16 tp_dst;                /* Destination port, or ICMP code. */
    be16 tcp_flags;             /* Low 12 bits of the TCP control field. */
};

/* The in_port of a packet that came from no port, e.g. a pcap file. */
#define FLOW_PORT_ANY 0xffff

void flow_extract(struct dp_packet *, struct flow *);
void flow_extract_inner(struct dp_packet *, struct flow *);
void flow_extract_l3(struct dp_packet *, be16 ethertype, struct flow *);
uint32_t flow_hash_5tuple(const struct flow *, uint32_t basis);
void flow_compose(struct dp_packet *, const struct flow *, size_t l7_len);

struct ds;
void flow_format(struct ds *, const struct flow *);
void flow_tnl_format(struct ds *, const struct flow_tnl *);

#endif /* flow.h */
