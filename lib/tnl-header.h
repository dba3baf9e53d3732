/* Tunnel header push and pop for Geneve, VXLAN, GRE and NVGRE, over IPv4
 * or IPv6.
 *
 * Push prepends the outer Ethernet, IP, UDP/GRE and tunnel headers in the
 * packet's headroom (the payload is never copied).  Pop validates every
 * outer header before reading it, records what it found in a flow_tnl and
 * strips the outer headers.  Every refusal has a named reason and a
 * counter. */
#ifndef TNL_HEADER_H
#define TNL_HEADER_H 1

#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"
#include "packets.h"

struct dp_packet;
struct flow_tnl;

enum tnl_type {
    TNL_GENEVE,
    TNL_VXLAN,
    TNL_GRE,
    TNL_NVGRE,
};

const char *tnl_type_name(enum tnl_type);

#define TNL_INHERIT -1              /* tos/ttl: copy the inner packet's. */
#define TNL_FLOWID_HASH -1          /* NVGRE FlowID from the inner hash. */
#define TNL_DEFAULT_TTL 64

/* What a tunnel port builds.  The addresses and key come per packet, in
 * the flow_tnl given to tnl_push(). */
struct tnl_config {
    enum tnl_type type;
    uint16_t dst_port;          /* UDP destination (host order); 0 means
                                 * the IANA port of "type". */
    bool csum;                  /* Outer UDP checksum (always on for an
                                 * IPv6 outer header) or GRE checksum. */
    bool df_default;            /* Set DF on IPv4 outer headers. */
    int tos;                    /* Outer TOS, or TNL_INHERIT. */
    int ttl;                    /* Outer TTL, or TNL_INHERIT. */
    int flowid;                 /* NVGRE FlowID, or TNL_FLOWID_HASH. */
    uint16_t inner_proto;       /* Geneve payload: ETH_TYPE_TEB (an
                                 * Ethernet frame), ETH_TYPE_IP or
                                 * ETH_TYPE_IPV6 (a bare L3 packet). */
};

void tnl_config_init(struct tnl_config *, enum tnl_type);

int tnl_push(struct dp_packet *, const struct tnl_config *,
             const struct flow_tnl *, struct eth_addr outer_src,
             struct eth_addr outer_dst, uint32_t inner_hash);

/* The outer headers of a push, built once: per packet only the lengths,
 * the IP ID and checksum and the UDP source port change.  For Geneve and
 * VXLAN over IPv4 with a fixed TOS and TTL and no UDP checksum, the common
 * case; any other push has "len" 0 and goes through tnl_push(). */
#define TNL_TEMPLATE_MAX 304    /* Ethernet, IPv4, UDP, Geneve, options. */
struct tnl_push_template {
    uint16_t len;               /* Bytes of "header", or 0: none. */
    uint16_t ip_ofs;            /* Offset of the IPv4 header in it. */
    uint16_t udp_ofs;           /* Offset of the UDP header in it. */
    uint8_t header[TNL_TEMPLATE_MAX]; /* IP total length and ID, UDP length
                                       * and source port zero, the IP
                                       * checksum for those zeros. */
};

void tnl_push_template_build(struct tnl_push_template *,
                             const struct tnl_config *,
                             const struct flow_tnl *,
                             struct eth_addr outer_src,
                             struct eth_addr outer_dst);
void tnl_push_from_template(struct dp_packet *,
                            const struct tnl_push_template *,
                            uint32_t inner_hash);

/* Why tnl_pop() refused a packet. */
#define TNL_DROP_REASONS                                                 \
    TNL_DROP(NONE, "none")                                               \
    TNL_DROP(NOT_TUNNEL, "tnl_not_tunnel")                               \
    TNL_DROP(TRUNCATED, "tnl_drop_truncated")                            \
    TNL_DROP(IP_BAD_HEADER, "tnl_drop_ip_bad_header")                    \
    TNL_DROP(IP_BAD_CSUM, "tnl_drop_ip_bad_csum")                        \
    TNL_DROP(IP_FRAGMENT, "tnl_drop_ip_fragment")                        \
    TNL_DROP(UDP_BAD_LEN, "tnl_drop_udp_bad_len")                        \
    TNL_DROP(UDP_BAD_CSUM, "tnl_drop_udp_bad_csum")                      \
    TNL_DROP(GENEVE_BAD_VERSION, "geneve_drop_bad_version")              \
    TNL_DROP(GENEVE_OPT_LEN, "geneve_drop_opt_len")                      \
    TNL_DROP(GENEVE_BAD_OPTION, "geneve_drop_bad_option")                \
    TNL_DROP(GENEVE_BAD_PROTO, "geneve_drop_bad_proto")                  \
    TNL_DROP(VXLAN_NO_VNI, "vxlan_drop_no_vni_flag")                     \
    TNL_DROP(GRE_BAD_VERSION, "gre_drop_bad_version")                    \
    TNL_DROP(GRE_ROUTING, "gre_drop_routing")                            \
    TNL_DROP(GRE_BAD_CSUM, "gre_drop_bad_csum")                          \
    TNL_DROP(NVGRE_BAD_HEADER, "nvgre_drop_bad_header")                  \
    TNL_DROP(NVGRE_RESERVED_VSID, "nvgre_drop_reserved_vsid")

enum tnl_drop_reason {
#define TNL_DROP(ENUM, NAME) TNL_DROP_##ENUM,
    TNL_DROP_REASONS
#undef TNL_DROP
    TNL_N_DROP_REASONS
};

const char *tnl_drop_reason_name(enum tnl_drop_reason);

/* How received packets are recognised. */
struct tnl_pop_config {
    uint16_t geneve_port;       /* UDP port of Geneve (host order). */
    uint16_t vxlan_port;        /* UDP port of VXLAN. */
    bool gre_is_nvgre;          /* Read GRE as NVGRE (VSID + FlowID). */
};

void tnl_pop_config_init(struct tnl_pop_config *);

enum tnl_drop_reason tnl_pop(struct dp_packet *, const struct tnl_pop_config *,
                             struct flow_tnl *, enum tnl_type *,
                             uint16_t *inner_proto);

struct dp_packet *tnl_too_big_reply(const struct dp_packet *, bool has_eth,
                                   size_t max_len);

#endif /* tnl-header.h */
