/* Wire formats of the L2-L4 headers ovsx parses and builds.
 *
 * Every struct here is exactly the bytes on the wire, in network byte order,
 * and packed: packets reach us at any alignment (an IPv4 header after a
 * 14-byte Ethernet header is only 2-byte aligned).  Tunnel headers live in
 * their own modules: geneve.h, vxlan.h, gre.h. */
#ifndef PACKETS_H
#define PACKETS_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "compiler.h"

/* ---------------------------------------------------------------------
 * Ethernet (IEEE 802.3) and 802.1Q / 802.1ad VLAN tags.
 * --------------------------------------------------------------------- */

#define ETH_ADDR_LEN 6
#define ETH_HEADER_LEN 14
#define ETH_TYPE_MIN 0x600          /* Smaller values are 802.3 lengths. */

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_TEB 0x6558         /* Transparent Ethernet Bridging. */
#define ETH_TYPE_VLAN_8021Q 0x8100  /* C-tag. */
#define ETH_TYPE_VLAN_8021AD 0x88a8 /* S-tag (QinQ outer tag). */
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_MPLS 0x8847
#define ETH_TYPE_MPLS_MCAST 0x8848

struct eth_addr {
    uint8_t ea[ETH_ADDR_LEN];
};

struct eth_header {
    struct eth_addr eth_dst;
    struct eth_addr eth_src;
    be16 eth_type;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct eth_header) == ETH_HEADER_LEN);

/* 802.1Q tag as it follows the source address: TPID is the eth_type before
 * it, so the tag itself is the TCI and the next ethertype. */
#define VLAN_HEADER_LEN 4
#define VLAN_VID_MASK 0x0fff
#define VLAN_PCP_MASK 0xe000
#define VLAN_PCP_SHIFT 13
#define VLAN_CFI 0x1000             /* DEI; OVS uses it as "tag present". */

struct vlan_header {
    be16 vlan_tci;              /* PCP(3) | DEI(1) | VID(12). */
    be16 vlan_next_type;        /* Ethertype of what follows. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct vlan_header) == VLAN_HEADER_LEN);

/* 802.2 LLC + SNAP, for 802.3 frames whose ethertype is a length. */
#define LLC_SNAP_HEADER_LEN 8
#define LLC_DSAP_SNAP 0xaa
#define LLC_SSAP_SNAP 0xaa
#define LLC_CNTL_SNAP 3

struct llc_snap_header {
    uint8_t llc_dsap;
    uint8_t llc_ssap;
    uint8_t llc_cntl;
    uint8_t snap_org[3];
    be16 snap_type;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct llc_snap_header) == LLC_SNAP_HEADER_LEN);

/* ---------------------------------------------------------------------
 * ARP (RFC 826) for Ethernet and IPv4.
 * --------------------------------------------------------------------- */

#define ARP_HTYPE_ETH 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define ARP_ETH_HEADER_LEN 28

struct arp_eth_header {
    be16 ar_hrd;                /* Hardware type: ARP_HTYPE_ETH. */
    be16 ar_pro;                /* Protocol type: ETH_TYPE_IP. */
    uint8_t ar_hln;             /* Hardware address length: 6. */
    uint8_t ar_pln;             /* Protocol address length: 4. */
    be16 ar_op;                 /* ARP_OP_*. */
    struct eth_addr ar_sha;     /* Sender hardware address. */
    be32 ar_spa;                /* Sender protocol address. */
    struct eth_addr ar_tha;     /* Target hardware address. */
    be32 ar_tpa;                /* Target protocol address. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct arp_eth_header) == ARP_ETH_HEADER_LEN);

/* ---------------------------------------------------------------------
 * IPv4 (RFC 791).
 * --------------------------------------------------------------------- */

#define IP_HEADER_LEN 20
#define IP_VER(ver_ihl) ((ver_ihl) >> 4)
#define IP_IHL(ver_ihl) ((ver_ihl) & 15)
#define IP_IHL_VER(ihl, ver) (((ver) << 4) | (ihl))
#define IP_DSCP_MASK 0xfc
#define IP_ECN_MASK 0x03
#define IP_ECN_CE 0x03
#define IP_DONT_FRAGMENT 0x4000     /* In ip_frag_off, host order. */
#define IP_MORE_FRAGMENTS 0x2000
#define IP_FRAG_OFF_MASK 0x1fff     /* In units of 8 bytes. */
#define IP_IS_FRAGMENT(frag_off) ((frag_off) & htons(IP_MORE_FRAGMENTS \
                                                     | IP_FRAG_OFF_MASK))

#define IPPROTO_NUM_ICMP 1
#define IPPROTO_NUM_TCP 6
#define IPPROTO_NUM_UDP 17
#define IPPROTO_NUM_GRE 47
#define IPPROTO_NUM_ICMPV6 58
#define IPPROTO_NUM_SCTP 132

struct ip_header {
    uint8_t ip_ihl_ver;         /* Version(4) | IHL(4), IHL in 32-bit words. */
    uint8_t ip_tos;             /* DSCP(6) | ECN(2), RFC 2474 and 3168. */
    be16 ip_tot_len;            /* Header plus payload, bytes. */
    be16 ip_id;
    be16 ip_frag_off;           /* Flags(3) | fragment offset(13). */
    uint8_t ip_ttl;
    uint8_t ip_proto;
    be16 ip_csum;               /* RFC 1071 over the header only. */
    be32 ip_src;
    be32 ip_dst;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ip_header) == IP_HEADER_LEN);

/* ---------------------------------------------------------------------
 * IPv6 (RFC 8200) and its extension headers (§4).
 * --------------------------------------------------------------------- */

#define IPV6_HEADER_LEN 40
#define IPV6_LABEL_MASK 0x000fffff

struct ipv6_header {
    be32 ip6_vtc_flow;          /* Version(4) | class(8) | label(20). */
    be16 ip6_plen;              /* Payload length, after this header. */
    uint8_t ip6_nxt;            /* Next header. */
    uint8_t ip6_hlim;           /* Hop limit. */
    struct in6_addr ip6_src;
    struct in6_addr ip6_dst;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ipv6_header) == IPV6_HEADER_LEN);

/* Extension header numbers (RFC 8200 §4 and IANA). */
#define IPV6_EXT_HOPOPTS 0
#define IPV6_EXT_ROUTING 43
#define IPV6_EXT_FRAGMENT 44
#define IPV6_EXT_ESP 50
#define IPV6_EXT_AH 51
#define IPV6_EXT_NONE 59
#define IPV6_EXT_DSTOPTS 60

/* Hop-by-hop, routing and destination options share this prefix (§4.3-4.6):
 * length in 8-octet units not counting the first 8 octets. */
struct ipv6_ext_header {
    uint8_t ip6e_nxt;
    uint8_t ip6e_len;
} OVSX_PACKED;

/* Fragment header (RFC 8200 §4.5). */
#define IPV6_FRAG_HEADER_LEN 8
#define IPV6_FRAG_OFF_MASK 0xfff8   /* In ip6f_offlg, host order. */
#define IPV6_FRAG_MORE 0x0001

struct ipv6_frag_header {
    uint8_t ip6f_nxt;
    uint8_t ip6f_reserved;
    be16 ip6f_offlg;            /* Offset(13) | Res(2) | M(1). */
    be32 ip6f_ident;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct ipv6_frag_header) == IPV6_FRAG_HEADER_LEN);

/* ---------------------------------------------------------------------
 * UDP (RFC 768), TCP (RFC 9293), SCTP common header (RFC 9260).
 * --------------------------------------------------------------------- */

#define UDP_HEADER_LEN 8
struct udp_header {
    be16 udp_src;
    be16 udp_dst;
    be16 udp_len;               /* Header plus payload. */
    be16 udp_csum;              /* 0 = none (IPv4 only). */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct udp_header) == UDP_HEADER_LEN);

#define TCP_HEADER_LEN 20
#define TCP_FIN 0x001
#define TCP_SYN 0x002
#define TCP_RST 0x004
#define TCP_PSH 0x008
#define TCP_ACK 0x010
#define TCP_URG 0x020
#define TCP_ECE 0x040
#define TCP_CWR 0x080
#define TCP_NS 0x100
#define TCP_FLAGS(ctl) ((ctl) & 0x0fff)    /* ctl in host order. */
#define TCP_OFFSET(ctl) ((ctl) >> 12)      /* In 32-bit words. */

struct tcp_header {
    be16 tcp_src;
    be16 tcp_dst;
    be32 tcp_seq;
    be32 tcp_ack;
    be16 tcp_ctl;               /* Data offset(4) | Res(3) | flags(9). */
    be16 tcp_winsz;
    be16 tcp_csum;
    be16 tcp_urg;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct tcp_header) == TCP_HEADER_LEN);

#define SCTP_HEADER_LEN 12
struct sctp_header {
    be16 sctp_src;
    be16 sctp_dst;
    be32 sctp_vtag;
    be32 sctp_csum;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct sctp_header) == SCTP_HEADER_LEN);

/* ---------------------------------------------------------------------
 * ICMP (RFC 792) and ICMPv6 (RFC 4443) with Neighbor Discovery (RFC 4861).
 * --------------------------------------------------------------------- */

#define ICMP_HEADER_LEN 8
#define ICMP_ECHO_REPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_FRAG_NEEDED 4          /* Code of ICMP_DEST_UNREACH. */
#define ICMP_ECHO_REQUEST 8

struct icmp_header {
    uint8_t icmp_type;
    uint8_t icmp_code;
    be16 icmp_csum;
    be32 icmp_rest;             /* Type-specific: id/seq, MTU, unused. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct icmp_header) == ICMP_HEADER_LEN);

#define ICMP6_HEADER_LEN 4
#define ICMP6_PACKET_TOO_BIG 2
#define ICMP4_ECHO_REPLY 0
#define ICMP4_ECHO_REQUEST 8
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define ND_ROUTER_SOLICIT 133
#define ND_ROUTER_ADVERT 134
#define ND_NEIGHBOR_SOLICIT 135
#define ND_NEIGHBOR_ADVERT 136

struct icmp6_header {
    uint8_t icmp6_type;
    uint8_t icmp6_code;
    be16 icmp6_csum;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct icmp6_header) == ICMP6_HEADER_LEN);

/* Neighbor Solicitation / Advertisement body (RFC 4861 §4.3, §4.4), after
 * the 4-byte ICMPv6 header. */
#define ND_MSG_LEN 20
struct nd_msg {
    be32 nd_rso;                /* NA: R(1) S(1) O(1) flags; NS: reserved. */
    struct in6_addr nd_target;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct nd_msg) == ND_MSG_LEN);

/* ND option (RFC 4861 §4.6): length in units of 8 octets, 0 is invalid. */
#define ND_OPT_SOURCE_LINKADDR 1
#define ND_OPT_TARGET_LINKADDR 2
struct nd_opt_header {
    uint8_t nd_opt_type;
    uint8_t nd_opt_len;
} OVSX_PACKED;

/* ---------------------------------------------------------------------
 * Helpers.
 * --------------------------------------------------------------------- */

static inline bool
eth_addr_is_zero(struct eth_addr a)
{
    return !(a.ea[0] | a.ea[1] | a.ea[2] | a.ea[3] | a.ea[4] | a.ea[5]);
}

static inline bool
eth_addr_equals(struct eth_addr a, struct eth_addr b)
{
    return !memcmp(a.ea, b.ea, ETH_ADDR_LEN);
}

/* The 48 bits of "ea" as an integer for hashing: its first 4 bytes and its
 * last 2, each read in the machine's byte order.  Two loads of the sizes
 * a copy of the address is stored with, so that a key just written is
 * read back from the store buffer: one 8-byte load of a zeroed word into
 * which the 6 bytes were copied waits for the stores to reach the cache
 * instead. */
static inline uint64_t
eth_addr_hash_word(const struct eth_addr *ea)
{
    uint32_t head;
    uint16_t tail;

    memcpy(&head, ea->ea, 4);
    memcpy(&tail, ea->ea + 4, 2);
    return ((uint64_t) tail << 32) | head;
}

static inline bool
ipv6_addr_equals(const struct in6_addr *a, const struct in6_addr *b)
{
    return !memcmp(a, b, sizeof *a);
}

static inline bool
eth_type_is_vlan(uint16_t eth_type)
{
    return eth_type == ETH_TYPE_VLAN_8021Q || eth_type == ETH_TYPE_VLAN_8021AD;
}

/* Reads a big-endian 16- or 32-bit field at any alignment. */
static inline uint16_t
get_unaligned_be16(const void *p)
{
    const uint8_t *b = p;
    return (uint16_t) ((b[0] << 8) | b[1]);
}

static inline uint32_t
get_unaligned_be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t) b[0] << 24) | ((uint32_t) b[1] << 16)
           | ((uint32_t) b[2] << 8) | b[3];
}

static inline void
put_unaligned_be16(void *p, uint16_t x)
{
    uint8_t *b = p;
    b[0] = x >> 8;
    b[1] = x;
}

static inline void
put_unaligned_be32(void *p, uint32_t x)
{
    uint8_t *b = p;
    b[0] = x >> 24;
    b[1] = x >> 16;
    b[2] = x >> 8;
    b[3] = x;
}

static inline void
put_unaligned_be64(void *p, uint64_t x)
{
    put_unaligned_be32(p, x >> 32);
    put_unaligned_be32((uint8_t *) p + 4, x);
}

/* A cursor over the bytes of a packet still to be parsed. */
struct pkt_cursor {
    const uint8_t *data;
    size_t size;
};

/* Returns the next "n" bytes of "c" and advances past them, or NULL
 * (without advancing) if fewer than "n" remain.  Parsers read every header
 * through this, so no read passes the end of the packet. */
static inline const void *
pkt_cursor_pull(struct pkt_cursor *c, size_t n)
{
    const uint8_t *p = c->data;

    if (c->size < n) {
        return NULL;
    }
    c->data += n;
    c->size -= n;
    return p;
}

/* Formatting helpers: "xx:xx:xx:xx:xx:xx" and dotted quad / RFC 5952. */
#define ETH_ADDR_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define ETH_ADDR_ARGS(A) (A).ea[0], (A).ea[1], (A).ea[2], (A).ea[3], \
                         (A).ea[4], (A).ea[5]
#define IP_FMT "%u.%u.%u.%u"
#define IP_ARGS(ip_be32) ((uint8_t *) &(ip_be32))[0], \
                         ((uint8_t *) &(ip_be32))[1], \
                         ((uint8_t *) &(ip_be32))[2], \
                         ((uint8_t *) &(ip_be32))[3]

bool eth_addr_from_string(const char *, struct eth_addr *);
struct eth_addr eth_addr_random(void);
bool ipv6_addr_is_zero(const struct in6_addr *);

#endif /* packets.h */
