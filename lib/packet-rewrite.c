/* Header rewrites. */
#include <config.h>
#include "packet-rewrite.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include "csum.h"
#include "dp-packet.h"

static struct eth_header *
packet_eth(struct dp_packet *p)
{
    return (dp_packet_size(p) >= sizeof(struct eth_header)
            ? (void *) dp_packet_data(p) : NULL);
}

/* The IPv6 header of "p", or NULL if it has none. */
static struct ipv6_header *
packet_ipv6(struct dp_packet *p)
{
    struct ipv6_header *ip6 = dp_packet_l3(p);

    if (!ip6 || p->l3_ofs + sizeof *ip6 > dp_packet_size(p)
        || (get_unaligned_be32(&ip6->ip6_vtc_flow) >> 28) != 6) {
        return NULL;
    }
    return ip6;
}

static struct ip_header *
packet_ipv4(struct dp_packet *p)
{
    struct ip_header *ip = dp_packet_l3(p);

    if (!ip || p->l3_ofs + sizeof *ip > dp_packet_size(p)
        || (ip->ip_ihl_ver >> 4) != 4) {
        return NULL;
    }
    return ip;
}

void
packet_set_eth_src(struct dp_packet *p, struct eth_addr ea)
{
    struct eth_header *eth = packet_eth(p);
    if (eth) {
        eth->eth_src = ea;
    }
}

void
packet_set_eth_dst(struct dp_packet *p, struct eth_addr ea)
{
    struct eth_header *eth = packet_eth(p);
    if (eth) {
        eth->eth_dst = ea;
    }
}

static void
shift_offsets(struct dp_packet *p, int delta)
{
    if (p->l2_5_ofs != DP_PACKET_OFS_NONE) {
        p->l2_5_ofs += delta;
    }
    if (p->l3_ofs != DP_PACKET_OFS_NONE) {
        p->l3_ofs += delta;
    }
    if (p->l4_ofs != DP_PACKET_OFS_NONE) {
        p->l4_ofs += delta;
    }
}

/* Inserts an outermost tag "tpid"/"tci" after the source address. */
void
packet_push_vlan(struct dp_packet *p, be16 tpid, be16 tci)
{
    if (!packet_eth(p)) {
        return;
    }
    /* The addresses move to the front; the new TPID and TCI go in
     * between them and the old ethertype. */
    uint8_t *new_start = dp_packet_push_uninit(p, VLAN_HEADER_LEN);
    memmove(new_start, new_start + VLAN_HEADER_LEN, 2 * ETH_ADDR_LEN);
    put_unaligned_be16(new_start + 2 * ETH_ADDR_LEN, ntohs(tpid));
    put_unaligned_be16(new_start + 2 * ETH_ADDR_LEN + 2,
                       ntohs(tci & ~htons(VLAN_CFI)));
    /* dp_packet_push_uninit() moved the header offsets with the data. */
}

/* Removes the outermost tag, if there is one. */
void
packet_pop_vlan(struct dp_packet *p)
{
    struct eth_header *eth = packet_eth(p);

    if (eth && dp_packet_size(p) >= sizeof *eth + VLAN_HEADER_LEN
        && eth_type_is_vlan(ntohs(eth->eth_type))) {
        uint8_t *data = dp_packet_data(p);
        uint16_t l2_5 = p->l2_5_ofs, l3 = p->l3_ofs, l4 = p->l4_ofs;

        memmove(data + VLAN_HEADER_LEN, data, 2 * ETH_ADDR_LEN);
        dp_packet_pull(p, VLAN_HEADER_LEN);

        /* The headers after the tag stay where they are in memory, 4
         * bytes nearer the new start. */
        p->l2_5_ofs = l2_5;
        p->l3_ofs = l3;
        p->l4_ofs = l4;
        shift_offsets(p, -VLAN_HEADER_LEN);
    }
}

/* Strips the Ethernet header and any VLAN tags, leaving the L3 packet.
 * Returns false (and leaves the packet) if it is too short. */
bool
packet_pop_eth(struct dp_packet *p)
{
    const uint8_t *d = dp_packet_data(p);
    size_t size = dp_packet_size(p), ofs = ETH_HEADER_LEN;

    if (size < ETH_HEADER_LEN) {
        return false;
    }
    while (eth_type_is_vlan(get_unaligned_be16(d + ofs - 2))) {
        if (size < ofs + 4) {
            return false;
        }
        ofs += 4;
    }
    dp_packet_pull(p, ofs);
    shift_offsets(p, -(int) ofs);
    return true;
}

/* Gives a bare L3 packet an Ethernet header with all-zero addresses and
 * type "eth_type" (what an L3 tunnel port does on receive). */
void
packet_push_eth(struct dp_packet *p, uint16_t eth_type)
{
    struct eth_header *eth = dp_packet_push_uninit(p, sizeof *eth);

    memset(eth, 0, sizeof *eth);
    eth->eth_type = htons(eth_type);
    shift_offsets(p, sizeof *eth);
}

/* Sets the bits "mask" of the outermost tag's TCI to "tci".  Returns
 * false if the packet has no tag. */
bool
packet_set_vlan_tci(struct dp_packet *p, be16 tci, be16 mask)
{
    struct eth_header *eth = packet_eth(p);

    if (!eth || dp_packet_size(p) < sizeof *eth + VLAN_HEADER_LEN
        || !eth_type_is_vlan(ntohs(eth->eth_type))) {
        return false;
    }
    uint8_t *tci_p = dp_packet_data(p) + sizeof *eth;
    be16 old = htons(get_unaligned_be16(tci_p));
    be16 new = (old & ~mask) | (tci & mask & ~htons(VLAN_CFI));
    put_unaligned_be16(tci_p, ntohs(new));
    return true;
}

/* Where the TCP or UDP checksum of "p" is (protocol "proto"), or NULL if
 * there is none to update (a UDP checksum of 0 means "none"). */
static uint8_t *
l4_csum(struct dp_packet *p, uint8_t proto)
{
    uint8_t *l4 = dp_packet_l4(p);
    size_t l4_size = l4 ? dp_packet_l4_size(p) : 0;

    if (proto == IPPROTO_TCP && l4_size >= sizeof(struct tcp_header)) {
        return l4 + offsetof(struct tcp_header, tcp_csum);
    } else if (proto == IPPROTO_UDP && l4_size >= sizeof(struct udp_header)
               && get_unaligned_be16(l4 + offsetof(struct udp_header,
                                                   udp_csum))) {
        return l4 + offsetof(struct udp_header, udp_csum);
    } else if (proto == IPPROTO_ICMPV6 && l4_size >= 4) {
        return l4 + 2;          /* Covers the IPv6 pseudo-header too. */
    }
    return NULL;
}

/* Updates the checksum at "csum_p" for a 32-bit word going from "old" to
 * "new"; a UDP checksum that comes out 0 is sent as 0xffff (RFC 768). */
static void
update_l4_csum32(uint8_t *csum_p, uint8_t proto, be32 old, be32 new)
{
    be16 c = htons(get_unaligned_be16(csum_p));

    c = csum_update32(c, old, new);
    if (proto == IPPROTO_UDP && !c) {
        c = htons(0xffff);
    }
    put_unaligned_be16(csum_p, ntohs(c));
}

static void
update_l4_csum16(uint8_t *csum_p, uint8_t proto, be16 old, be16 new)
{
    be16 c = htons(get_unaligned_be16(csum_p));

    c = csum_update16(c, old, new);
    if (proto == IPPROTO_UDP && !c) {
        c = htons(0xffff);
    }
    put_unaligned_be16(csum_p, ntohs(c));
}

static void
set_ipv4_addr(struct dp_packet *p, bool src, be32 addr)
{
    struct ip_header *ip = packet_ipv4(p);

    if (!ip) {
        return;
    }
    uint8_t *field = ((uint8_t *) ip + (src ? offsetof(struct ip_header,
                                                       ip_src)
                                        : offsetof(struct ip_header,
                                                   ip_dst)));
    be32 old;
    memcpy(&old, field, sizeof old);
    uint8_t *l4 = ((ip->ip_frag_off & htons(0x1fff)) ? NULL
                   : l4_csum(p, ip->ip_proto));
    if (l4) {
        update_l4_csum32(l4, ip->ip_proto, old, addr);
    }
    ip->ip_csum = csum_update32(ip->ip_csum, old, addr);
    memcpy(field, &addr, sizeof addr);
}

void
packet_set_ipv4_src(struct dp_packet *p, be32 addr)
{
    set_ipv4_addr(p, true, addr);
}

void
packet_set_ipv4_dst(struct dp_packet *p, be32 addr)
{
    set_ipv4_addr(p, false, addr);
}

/* Sets the bits "mask" of the IPv4 TOS or IPv6 traffic class to those of
 * "tos", keeping the others. */
static void
set_ip_tos_bits(struct dp_packet *p, uint8_t tos, uint8_t mask)
{
    struct ip_header *ip = packet_ipv4(p);

    if (ip) {
        uint8_t new = (ip->ip_tos & ~mask) | (tos & mask);
        ip->ip_csum = csum_update16(ip->ip_csum, htons(ip->ip_tos),
                                    htons(new));
        ip->ip_tos = new;
    } else {
        struct ipv6_header *ip6 = packet_ipv6(p);
        if (ip6) {
            uint32_t v = get_unaligned_be32(&ip6->ip6_vtc_flow);
            v = ((v & ~((uint32_t) mask << 20))
                 | ((uint32_t) (tos & mask) << 20));
            put_unaligned_be32(&ip6->ip6_vtc_flow, v);
        }
    }
}

/* Sets the DSCP (high 6 bits of "dscp") and keeps the ECN bits. */
void
packet_set_ip_dscp(struct dp_packet *p, uint8_t dscp)
{
    set_ip_tos_bits(p, dscp, 0xfc);
}

/* Decrements the IPv4 TTL or IPv6 hop limit.  Returns false if it was
 * already 1 or 0: the packet must then be dropped.  A packet that is not
 * IP is left alone (true). */
bool
packet_dec_ttl(struct dp_packet *p)
{
    struct ip_header *ip = packet_ipv4(p);

    if (ip) {
        if (ip->ip_ttl <= 1) {
            return false;
        }
        be16 old = htons(ip->ip_ttl << 8 | ip->ip_proto);
        ip->ip_ttl--;
        ip->ip_csum = csum_update16(ip->ip_csum, old,
                                    htons(ip->ip_ttl << 8 | ip->ip_proto));
        return true;
    }
    struct ipv6_header *ip6 = packet_ipv6(p);
    if (ip6) {
        if (ip6->ip6_hlim <= 1) {
            return false;
        }
        ip6->ip6_hlim--;
    }
    return true;
}

/* Sets the TCP or UDP source ("src") or destination port. */
void
packet_set_l4_port(struct dp_packet *p, bool src, be16 port)
{
    uint8_t *l4 = dp_packet_l4(p);
    struct ip_header *ip = packet_ipv4(p);
    uint8_t proto;

    if (!l4 || dp_packet_l4_size(p) < 4) {
        return;
    }
    if (ip) {
        proto = ip->ip_proto;
    } else {
        struct ipv6_header *ip6 = packet_ipv6(p);
        proto = ip6 ? ip6->ip6_nxt : 0;
    }
    if (proto != IPPROTO_TCP && proto != IPPROTO_UDP) {
        return;
    }
    uint8_t *field = l4 + (src ? 0 : 2);
    be16 old = htons(get_unaligned_be16(field));
    uint8_t *csum_p = l4_csum(p, proto);

    if (csum_p) {
        update_l4_csum16(csum_p, proto, old, port);
    }
    put_unaligned_be16(field, ntohs(port));
}

/* Sets the ECN bits (low 2 of "ecn") and keeps the DSCP. */
void
packet_set_ip_ecn(struct dp_packet *p, uint8_t ecn)
{
    set_ip_tos_bits(p, ecn, 0x03);
}

/* Sets the IPv4 TTL or IPv6 hop limit. */
void
packet_set_ip_ttl(struct dp_packet *p, uint8_t ttl)
{
    struct ip_header *ip = packet_ipv4(p);

    if (ip) {
        be16 old = htons(ip->ip_ttl << 8 | ip->ip_proto);
        ip->ip_ttl = ttl;
        ip->ip_csum = csum_update16(ip->ip_csum, old,
                                    htons(ttl << 8 | ip->ip_proto));
    } else {
        struct ipv6_header *ip6 = packet_ipv6(p);
        if (ip6) {
            ip6->ip6_hlim = ttl;
        }
    }
}

/* Sets the IPv6 source ("src") or destination address, updating the
 * TCP/UDP checksum, whose pseudo-header covers it. */
void
packet_set_ipv6_addr(struct dp_packet *p, bool src,
                     const struct in6_addr *addr)
{
    struct ipv6_header *ip6 = packet_ipv6(p);

    if (!ip6) {
        return;
    }
    uint8_t *field = ((uint8_t *) ip6
                      + (src ? offsetof(struct ipv6_header, ip6_src)
                         : offsetof(struct ipv6_header, ip6_dst)));
    uint8_t *l4 = l4_csum(p, ip6->ip6_nxt);
    if (l4) {
        for (int i = 0; i < 4; i++) {
            be32 old, new;
            memcpy(&old, field + 4 * i, 4);
            memcpy(&new, (const uint8_t *) addr + 4 * i, 4);
            update_l4_csum32(l4, ip6->ip6_nxt, old, new);
        }
    }
    memcpy(field, addr, sizeof *addr);
}

/* Sets the IPv6 flow label (low 20 bits of "label"). */
void
packet_set_ipv6_label(struct dp_packet *p, be32 label)
{
    struct ipv6_header *ip6 = packet_ipv6(p);

    if (ip6) {
        uint32_t v = get_unaligned_be32(&ip6->ip6_vtc_flow);
        v = (v & ~0xfffffu) | (ntohl(label) & 0xfffff);
        put_unaligned_be32(&ip6->ip6_vtc_flow, v);
    }
}

/* Sets the fields of an Ethernet/IPv4 ARP packet. */
void
packet_set_arp(struct dp_packet *p, uint8_t op, be32 spa, be32 tpa,
               struct eth_addr sha, struct eth_addr tha)
{
    struct arp_eth_header *arp = dp_packet_l3(p);

    if (!arp || p->l3_ofs + sizeof *arp > dp_packet_size(p)) {
        return;
    }
    arp->ar_op = htons(op);
    arp->ar_sha = sha;
    arp->ar_tha = tha;
    memcpy((uint8_t *) arp + offsetof(struct arp_eth_header, ar_spa), &spa,
           4);
    memcpy((uint8_t *) arp + offsetof(struct arp_eth_header, ar_tpa), &tpa,
           4);
}

/* Sets the ICMPv4 type and code, updating its checksum. */
void
packet_set_icmp(struct dp_packet *p, uint8_t type, uint8_t code)
{
    struct ip_header *ip = packet_ipv4(p);
    uint8_t *l4 = dp_packet_l4(p);

    if (!ip || ip->ip_proto != IPPROTO_ICMP || !l4
        || dp_packet_l4_size(p) < sizeof(struct icmp_header)) {
        return;
    }
    struct icmp_header *icmp = (void *) l4;
    be16 old = htons(icmp->icmp_type << 8 | icmp->icmp_code);
    icmp->icmp_type = type;
    icmp->icmp_code = code;
    icmp->icmp_csum = csum_update16(icmp->icmp_csum, old,
                                    htons(type << 8 | code));
}
