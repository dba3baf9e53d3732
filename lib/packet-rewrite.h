/* Rewriting the headers of a packet whose offsets flow_extract() set:
 * what the OpenFlow "mod_*", VLAN and TTL actions do to the bytes.  Each
 * keeps the IPv4 header and TCP/UDP checksums correct (RFC 1624
 * incremental updates) and does nothing to a packet without the header. */
#ifndef PACKET_REWRITE_H
#define PACKET_REWRITE_H 1

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include "compiler.h"
#include "packets.h"

struct dp_packet;

void packet_set_eth_src(struct dp_packet *, struct eth_addr);
void packet_set_eth_dst(struct dp_packet *, struct eth_addr);
void packet_push_vlan(struct dp_packet *, be16 tpid, be16 tci);
void packet_pop_vlan(struct dp_packet *);
bool packet_pop_eth(struct dp_packet *);
void packet_push_eth(struct dp_packet *, uint16_t eth_type);
bool packet_set_vlan_tci(struct dp_packet *, be16 tci, be16 mask);
void packet_set_ipv4_src(struct dp_packet *, be32);
void packet_set_ipv4_dst(struct dp_packet *, be32);
void packet_set_ip_dscp(struct dp_packet *, uint8_t dscp);
bool packet_dec_ttl(struct dp_packet *);
void packet_set_l4_port(struct dp_packet *, bool src, be16 port);
void packet_set_ip_ecn(struct dp_packet *, uint8_t ecn);
void packet_set_ip_ttl(struct dp_packet *, uint8_t ttl);
void packet_set_ipv6_addr(struct dp_packet *, bool src,
                          const struct in6_addr *);
void packet_set_ipv6_label(struct dp_packet *, be32 label);
void packet_set_arp(struct dp_packet *, uint8_t op, be32 spa, be32 tpa,
                    struct eth_addr sha, struct eth_addr tha);
void packet_set_icmp(struct dp_packet *, uint8_t type, uint8_t code);

#endif /* packet-rewrite.h */
