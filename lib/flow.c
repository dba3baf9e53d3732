/* Flow key extraction and printing.
 *
 * Extraction follows Open vSwitch's semantics field for field, so that the
 * same packet gives the same key in ovsx and in OVS: a header that is
 * truncated or fails its sanity check ends extraction at that layer, and
 * the fields it would have filled stay zero. */
#include <config.h>
#include "flow.h"
#include "hash.h"

#include <arpa/inet.h>
#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "coverage.h"
#include "csum.h"
#include "dp-packet.h"
#include "ds.h"
#include "packets.h"
#include "util.h"

COVERAGE_DEFINE(flow_extract_short_eth);
COVERAGE_DEFINE(flow_extract_bad_ip);
COVERAGE_DEFINE(flow_extract_bad_ipv6);
COVERAGE_DEFINE(flow_extract_bad_ipv6_ext);
COVERAGE_DEFINE(flow_extract_bad_nd);

/* 802.1Q and 802.1ad tags (at most FLOW_MAX_VLAN_HEADERS), then the
 * ethertype, decoding 802.3 lengths with LLC/SNAP as OVS does.  Returns
 * false if the frame ends in the middle. */
static bool
parse_vlans_and_ethertype(struct pkt_cursor *c, be16 eth_type,
                          struct flow *flow)
{
    for (int i = 0; i < FLOW_MAX_VLAN_HEADERS
                    && eth_type_is_vlan(ntohs(eth_type)); i++) {
        const struct vlan_header *vh = pkt_cursor_pull(c, sizeof *vh);
        if (!vh) {
            /* A cut tag leaves its TPID as the ethertype, as in OVS. */
            flow->dl_type = eth_type;
            return false;
        }
        flow->vlans[i].tpid = eth_type;
        flow->vlans[i].tci = vh->vlan_tci | htons(VLAN_CFI);
        eth_type = vh->vlan_next_type;
    }

    if (ntohs(eth_type) >= ETH_TYPE_MIN) {
        flow->dl_type = eth_type;
        return true;
    }

    /* An 802.3 length: SNAP with a zero OUI carries an ethertype; any
     * other LLC frame is "no ethertype" (0x05ff). */
    const struct llc_snap_header *llc = (c->size >= sizeof *llc
                                         ? (const void *) c->data : NULL);
    if (llc && llc->llc_dsap == LLC_DSAP_SNAP
        && llc->llc_ssap == LLC_SSAP_SNAP && llc->llc_cntl == LLC_CNTL_SNAP
        && !(llc->snap_org[0] | llc->snap_org[1] | llc->snap_org[2])
        && ntohs(llc->snap_type) >= ETH_TYPE_MIN) {
        pkt_cursor_pull(c, sizeof *llc);
        flow->dl_type = llc->snap_type;
    } else {
        flow->dl_type = htons(ETH_TYPE_MIN - 1);
    }
    return true;
}

/* Neighbor Discovery target and link-layer address options (RFC 4861
 * §4.3, §4.4, §4.6).  An invalid option list clears all three fields. */
static void
parse_nd(struct pkt_cursor *c, struct flow *flow)
{
    const struct in6_addr *target = pkt_cursor_pull(c, sizeof *target);

    if (!target) {
        COVERAGE_INC(flow_extract_bad_nd);
        return;
    }
    memcpy(&flow->nd_target, target, sizeof flow->nd_target);

    while (c->size >= 8) {
        const struct nd_opt_header *opt = (const void *) c->data;
        size_t opt_len = opt->nd_opt_len * 8;

        if (!opt_len || opt_len > c->size) {
            goto invalid;
        }
        const struct eth_addr *lla = (const void *) (c->data + 2);
        if (opt->nd_opt_type == ND_OPT_SOURCE_LINKADDR && opt_len == 8) {
            if (!eth_addr_is_zero(flow->arp_sha)) {
                goto invalid;       /* A second source address. */
            }
            flow->arp_sha = *lla;
        } else if (opt->nd_opt_type == ND_OPT_TARGET_LINKADDR
                   && opt_len == 8) {
            if (!eth_addr_is_zero(flow->arp_tha)) {
                goto invalid;
            }
            flow->arp_tha = *lla;
        }
        pkt_cursor_pull(c, opt_len);
    }
    return;

invalid:
    COVERAGE_INC(flow_extract_bad_nd);
    memset(&flow->nd_target, 0, sizeof flow->nd_target);
    memset(&flow->arp_sha, 0, sizeof flow->arp_sha);
    memset(&flow->arp_tha, 0, sizeof flow->arp_tha);
}

/* The transport header after an IPv4 or IPv6 header (not for later
 * fragments, which have none).  Sets "*l4" to its start if it is there
 * whole. */
static void
parse_l4(struct pkt_cursor *c, struct flow *flow, bool ipv6,
         const uint8_t **l4)
{
    uint8_t proto = flow->nw_proto;
    const uint8_t *start = c->data;

    if (proto == IPPROTO_NUM_TCP) {
        const struct tcp_header *tcp = pkt_cursor_pull(c, sizeof *tcp);
        if (tcp) {
            *l4 = start;
            flow->tp_src = tcp->tcp_src;
            flow->tp_dst = tcp->tcp_dst;
            flow->tcp_flags = htons(TCP_FLAGS(ntohs(tcp->tcp_ctl)));
        }
    } else if (proto == IPPROTO_NUM_UDP) {
        const struct udp_header *udp = pkt_cursor_pull(c, sizeof *udp);
        if (udp) {
            *l4 = start;
            flow->tp_src = udp->udp_src;
            flow->tp_dst = udp->udp_dst;
        }
    } else if (proto == IPPROTO_NUM_SCTP) {
        const struct sctp_header *sctp = pkt_cursor_pull(c, sizeof *sctp);
        if (sctp) {
            *l4 = start;
            flow->tp_src = sctp->sctp_src;
            flow->tp_dst = sctp->sctp_dst;
        }
    } else if (proto == IPPROTO_NUM_ICMP && !ipv6) {
        const struct icmp_header *icmp = pkt_cursor_pull(c, sizeof *icmp);
        if (icmp) {
            *l4 = start;
            flow->tp_src = htons(icmp->icmp_type);
            flow->tp_dst = htons(icmp->icmp_code);
        }
    } else if (proto == IPPROTO_NUM_ICMPV6 && ipv6) {
        /* The 4-byte ICMPv6 header plus its 4 type-specific bytes. */
        const struct icmp6_header *icmp6 = pkt_cursor_pull(c, 8);
        if (icmp6) {
            *l4 = start;
            flow->tp_src = htons(icmp6->icmp6_type);
            flow->tp_dst = htons(icmp6->icmp6_code);
            if (!icmp6->icmp6_code
                && (icmp6->icmp6_type == ND_NEIGHBOR_SOLICIT
                    || icmp6->icmp6_type == ND_NEIGHBOR_ADVERT)) {
                parse_nd(c, flow);
            }
        }
    }
}

/* IPv4 (RFC 791).  The header must be complete and self-consistent:
 * IHL >= 5, total length covering the header and within the frame. */
static void
parse_ipv4(struct pkt_cursor *c, struct flow *flow, const uint8_t **l4)
{
    const struct ip_header *ip = (c->size >= IP_HEADER_LEN
                                  ? (const void *) c->data : NULL);
    if (!ip) {
        COVERAGE_INC(flow_extract_bad_ip);
        return;
    }
    size_t ip_len = IP_IHL(ip->ip_ihl_ver) * 4;
    size_t tot_len = ntohs(ip->ip_tot_len);
    if (ip_len < IP_HEADER_LEN || c->size < ip_len || tot_len > c->size
        || ip_len > tot_len) {
        COVERAGE_INC(flow_extract_bad_ip);
        return;
    }

    /* Ethernet padding after the datagram is not part of it. */
    c->size = tot_len;
    pkt_cursor_pull(c, ip_len);

    flow->nw_src = ip->ip_src;
    flow->nw_dst = ip->ip_dst;
    flow->nw_proto = ip->ip_proto;
    flow->nw_tos = ip->ip_tos;
    flow->nw_ttl = ip->ip_ttl;
    if (IP_IS_FRAGMENT(ip->ip_frag_off)) {
        flow->nw_frag = FLOW_NW_FRAG_ANY;
        if (ip->ip_frag_off & htons(IP_FRAG_OFF_MASK)) {
            flow->nw_frag |= FLOW_NW_FRAG_LATER;
            return;
        }
    }
    parse_l4(c, flow, false, l4);
}

/* IPv6 extension headers (RFC 8200 §4).  On return "*proto" is the upper
 * layer protocol, or IPV6_EXT_FRAGMENT for a later fragment.  Returns false
 * if a header is truncated. */
static bool
parse_ipv6_ext_headers(struct pkt_cursor *c, uint8_t *proto, uint8_t *nw_frag)
{
    for (;;) {
        uint8_t nxt = *proto;

        if (nxt == IPV6_EXT_HOPOPTS || nxt == IPV6_EXT_ROUTING
            || nxt == IPV6_EXT_DSTOPTS || nxt == IPV6_EXT_AH) {
            const struct ipv6_ext_header *ext = (c->size >= 8
                                                 ? (const void *) c->data
                                                 : NULL);
            if (!ext) {
                return false;
            }
            /* AH counts 4-octet units minus 2 (RFC 4302 §2.2); the others
             * 8-octet units minus 1. */
            size_t len = (nxt == IPV6_EXT_AH ? (ext->ip6e_len + 2) * 4
                                             : (ext->ip6e_len + 1) * 8);
            if (!pkt_cursor_pull(c, len)) {
                return false;
            }
            *proto = ext->ip6e_nxt;
        } else if (nxt == IPV6_EXT_FRAGMENT) {
            const struct ipv6_frag_header *frag
                = pkt_cursor_pull(c, sizeof *frag);
            if (!frag) {
                return false;
            }
            *proto = frag->ip6f_nxt;
            if (frag->ip6f_offlg) {
                *nw_frag = FLOW_NW_FRAG_ANY;
                if (frag->ip6f_offlg & htons(IPV6_FRAG_OFF_MASK)) {
                    *nw_frag |= FLOW_NW_FRAG_LATER;
                    *proto = IPV6_EXT_FRAGMENT;
                    return true;
                }
            }
        } else {
            return true;
        }
    }
}

/* IPv6 (RFC 8200): the payload length must fit in the frame. */
static void
parse_ipv6(struct pkt_cursor *c, struct flow *flow, const uint8_t **l4)
{
    const struct ipv6_header *ip6 = pkt_cursor_pull(c, sizeof *ip6);

    if (!ip6 || ntohs(ip6->ip6_plen) > c->size) {
        COVERAGE_INC(flow_extract_bad_ipv6);
        return;
    }
    c->size = ntohs(ip6->ip6_plen);

    memcpy(&flow->ipv6_src, &ip6->ip6_src, sizeof flow->ipv6_src);
    memcpy(&flow->ipv6_dst, &ip6->ip6_dst, sizeof flow->ipv6_dst);

    uint32_t vtc_flow = ntohl(ip6->ip6_vtc_flow);
    uint8_t proto = ip6->ip6_nxt;
    uint8_t nw_frag = 0;
    if (!parse_ipv6_ext_headers(c, &proto, &nw_frag)) {
        COVERAGE_INC(flow_extract_bad_ipv6_ext);
        return;
    }
    flow->ipv6_label = htonl(vtc_flow & IPV6_LABEL_MASK);
    flow->nw_tos = vtc_flow >> 20;
    flow->nw_ttl = ip6->ip6_hlim;
    flow->nw_proto = proto;
    flow->nw_frag = nw_frag;
    if (!(nw_frag & FLOW_NW_FRAG_LATER)) {
        parse_l4(c, flow, true, l4);
    }
}

/* ARP for Ethernet and IPv4 (RFC 826); other hardware or protocol types
 * leave the ARP fields zero. */
static void
parse_arp(struct pkt_cursor *c, struct flow *flow)
{
    const struct arp_eth_header *arp = pkt_cursor_pull(c, sizeof *arp);

    if (arp && arp->ar_hrd == htons(ARP_HTYPE_ETH)
        && arp->ar_pro == htons(ETH_TYPE_IP)
        && arp->ar_hln == ETH_ADDR_LEN && arp->ar_pln == 4) {
        /* Only opcodes that fit in 8 bits are kept, as in OVS. */
        if (ntohs(arp->ar_op) <= 0xff) {
            flow->nw_proto = ntohs(arp->ar_op);
        }
        flow->nw_src = arp->ar_spa;
        flow->nw_dst = arp->ar_tpa;
        flow->arp_sha = arp->ar_sha;
        flow->arp_tha = arp->ar_tha;
    }
}

/* Dispatches on "flow->dl_type" for the L3 header at the cursor. */
static void
parse_l3(struct dp_packet *packet, struct pkt_cursor *c, struct flow *flow)
{
    uint16_t dl_type = ntohs(flow->dl_type);
    const uint8_t *l4 = NULL;

    packet->l3_ofs = c->data - dp_packet_data(packet);
    if (dl_type == ETH_TYPE_IP) {
        parse_ipv4(c, flow, &l4);
    } else if (dl_type == ETH_TYPE_IPV6) {
        parse_ipv6(c, flow, &l4);
    } else if (dl_type == ETH_TYPE_ARP || dl_type == 0x8035 /* RARP */) {
        parse_arp(c, flow);
        return;
    } else {
        return;
    }
    if (l4) {
        packet->l4_ofs = l4 - dp_packet_data(packet);
    }
}

/* Zeroes "flow" from "start" bytes on and sets the metadata "packet"
 * carries.  Inlined, so that "start" is a constant for zero_small(). */
static inline void
flow_init_from_packet(const struct dp_packet *packet, struct flow *flow,
                      size_t start)
{
    BUILD_ASSERT(sizeof *flow % 8 == 0 && sizeof flow->tunnel % 8 == 0);
    zero_small((char *) flow + start, sizeof *flow - start);
    flow->in_port = packet->in_port;
    flow->pkt_mark = packet->pkt_mark;
}

static void extract_eth(struct dp_packet *, struct flow *);

/* Extracts the flow key of the Ethernet frame in "packet" into "flow"
 * (tunnel metadata zero; the caller fills it after a pop) and records the
 * offsets of its L3 and L4 headers in "packet". */
void
flow_extract(struct dp_packet *packet, struct flow *flow)
{
    flow_init_from_packet(packet, flow, 0);
    extract_eth(packet, flow);
}

/* Like flow_extract(), but leaves "flow->tunnel" as the caller set it: for
 * the inner packet of a tunnel, whose outer headers tnl_pop() wrote there,
 * without zeroing and copying them again. */
void
flow_extract_inner(struct dp_packet *packet, struct flow *flow)
{
    BUILD_ASSERT(offsetof(struct flow, tunnel) == 0);
    flow_init_from_packet(packet, flow, sizeof flow->tunnel);
    extract_eth(packet, flow);
}

static void
extract_eth(struct dp_packet *packet, struct flow *flow)
{
    struct pkt_cursor c = { dp_packet_data(packet), dp_packet_size(packet) };

    dp_packet_reset_offsets(packet);

    const struct eth_header *eth = pkt_cursor_pull(&c, sizeof *eth);
    if (!eth) {
        COVERAGE_INC(flow_extract_short_eth);
        return;
    }
    flow->dl_dst = eth->eth_dst;
    flow->dl_src = eth->eth_src;
    if (!parse_vlans_and_ethertype(&c, eth->eth_type, flow)) {
        COVERAGE_INC(flow_extract_short_eth);
        return;
    }
    parse_l3(packet, &c, flow);
}

/* Like flow_extract() for a packet that starts at an L3 header of type
 * "ethertype" (e.g. the payload of Geneve with protocol type 0x0800):
 * packet_type becomes (1, ethertype) and there are no Ethernet fields. */
void
flow_extract_l3(struct dp_packet *packet, be16 ethertype, struct flow *flow)
{
    struct pkt_cursor c = { dp_packet_data(packet), dp_packet_size(packet) };

    flow_init_from_packet(packet, flow, 0);
    dp_packet_reset_offsets(packet);
    flow->packet_ns = PT_NS_ETHERTYPE;
    flow->packet_type = ethertype;
    flow->dl_type = ethertype;
    parse_l3(packet, &c, flow);
}

/* A hash of the addresses, protocol and ports of "flow": the entropy RFC
 * 8926 §3.3 asks for in the outer UDP source port, and NVGRE's FlowID. */
uint32_t
flow_hash_5tuple(const struct flow *flow, uint32_t basis)
{
    /* The fields packed into 64-bit words, hashed two at a time; the IPv6
     * addresses only for IPv6, where the IPv4 ones are zero. */
    uint64_t src = eth_addr_hash_word(&flow->dl_src);
    uint64_t dst = eth_addr_hash_word(&flow->dl_dst);

    uint64_t h = hash_pairs_start(basis);
    h = hash_pair_add(h, 0, ((uint64_t) flow->nw_src << 32) | flow->nw_dst,
                      (((uint64_t) flow->nw_proto << 32)
                       | ((uint64_t) flow->tp_src << 16) | flow->tp_dst));
    h = hash_pair_add(h, 1, src, dst);
    if (flow->dl_type != htons(ETH_TYPE_IPV6)) {
        return hash_pairs_finish(h, 2);
    }

    uint64_t a[2], b[2];
    memcpy(a, &flow->ipv6_src, 16);
    memcpy(b, &flow->ipv6_dst, 16);
    h = hash_pair_add(h, 2, a[0], a[1]);
    h = hash_pair_add(h, 3, b[0], b[1]);
    return hash_pairs_finish(h, 4);
}

/* ---------------------------------------------------------------------
 * Printing in Open vSwitch flow syntax.
 * --------------------------------------------------------------------- */

static void
put_ipv6(struct ds *ds, const char *name, const struct in6_addr *a)
{
    char buf[INET6_ADDRSTRLEN];

    inet_ntop(AF_INET6, a, buf, sizeof buf);
    ds_put_format(ds, "%s=%s,", name, buf);
}

static void
put_ipv4(struct ds *ds, const char *name, be32 ip)
{
    ds_put_format(ds, "%s="IP_FMT",", name, IP_ARGS(ip));
}

static void
put_eth(struct ds *ds, const char *name, struct eth_addr ea)
{
    ds_put_format(ds, "%s="ETH_ADDR_FMT",", name, ETH_ADDR_ARGS(ea));
}

/* The protocol keyword OVS puts first ("tcp6", "arp", ...), or NULL if the
 * flow is printed with dl_type=. */
static const char *
proto_keyword(const struct flow *flow)
{
    switch (ntohs(flow->dl_type)) {
    case ETH_TYPE_IP:
        switch (flow->nw_proto) {
        case IPPROTO_NUM_ICMP: return "icmp";
        case IPPROTO_NUM_TCP: return "tcp";
        case IPPROTO_NUM_UDP: return "udp";
        case IPPROTO_NUM_SCTP: return "sctp";
        default: return "ip";
        }
    case ETH_TYPE_IPV6:
        switch (flow->nw_proto) {
        case IPPROTO_NUM_ICMPV6: return "icmp6";
        case IPPROTO_NUM_TCP: return "tcp6";
        case IPPROTO_NUM_UDP: return "udp6";
        case IPPROTO_NUM_SCTP: return "sctp6";
        default: return "ipv6";
        }
    case ETH_TYPE_ARP:
        return "arp";
    case 0x8035:
        return "rarp";
    default:
        return NULL;
    }
}

static void
put_tcp_flags(struct ds *ds, uint16_t flags)
{
    static const char *const names[] = {
        "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
    };

    ds_put_cstr(ds, "tcp_flags=");
    if (!flags) {
        ds_put_cstr(ds, "0,");
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & (1u << i)) {
            ds_put_format(ds, "%s|", names[i]);
        }
    }
    ds_chomp(ds, '|');
    ds_put_char(ds, ',');
}

/* Appends the tunnel fields of "tnl" ("tun_id=...,") in Open vSwitch's
 * flow syntax, with the Geneve options in its datapath-flow syntax.
 * Appends nothing for a packet that came through no tunnel. */
void
flow_tnl_format(struct ds *ds, const struct flow_tnl *tnl)
{
    bool v6 = !ipv6_addr_is_zero(&tnl->ipv6_src)
              || !ipv6_addr_is_zero(&tnl->ipv6_dst);

    if (!tnl->ip_src && !tnl->ip_dst && !v6) {
        return;
    }
    ds_put_format(ds, "tun_id=%#llx,", (unsigned long long) be64toh(
                      tnl->tun_id));
    if (v6) {
        put_ipv6(ds, "tun_ipv6_src", &tnl->ipv6_src);
        put_ipv6(ds, "tun_ipv6_dst", &tnl->ipv6_dst);
    } else {
        put_ipv4(ds, "tun_src", tnl->ip_src);
        put_ipv4(ds, "tun_dst", tnl->ip_dst);
    }
    ds_put_format(ds, "tun_tos=%u,tun_ttl=%u,", tnl->ip_tos, tnl->ip_ttl);
    if (tnl->tp_src || tnl->tp_dst) {
        ds_put_format(ds, "tun_tp_src=%u,tun_tp_dst=%u,", ntohs(tnl->tp_src),
                      ntohs(tnl->tp_dst));
    }
    if (tnl->nvgre_flowid) {
        ds_put_format(ds, "tun_flowid=%#x,", tnl->nvgre_flowid);
    }

    static const struct {
        uint16_t flag;
        const char *name;
    } flags[] = {
        { FLOW_TNL_F_OAM, "oam" },
        { FLOW_TNL_F_DONT_FRAGMENT, "df" },
        { FLOW_TNL_F_CSUM, "csum" },
        { FLOW_TNL_F_KEY, "key" },
        { FLOW_TNL_F_CRIT_OPT, "crit" },
    };
    ds_put_cstr(ds, "tun_flags=");
    if (!tnl->flags) {
        ds_put_cstr(ds, "0");
    }
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        if (tnl->flags & flags[i].flag) {
            ds_put_format(ds, "+%s", flags[i].name);
        }
    }
    ds_put_char(ds, ',');

    if (tnl->gnv_opts_len) {
        const uint8_t *p = tnl->gnv_opts;
        size_t left = tnl->gnv_opts_len;

        ds_put_cstr(ds, "geneve(");
        while (left >= 4) {
            size_t len = (p[3] & 0x1f) * 4;
            if (len + 4 > left) {
                break;
            }
            ds_put_format(ds, "{class=%#x,type=%#x,len=%zu",
                          get_unaligned_be16(p), p[2], len);
            if (len) {
                ds_put_char(ds, ',');
                ds_put_hex(ds, p + 4, len);
            }
            ds_put_char(ds, '}');
            p += 4 + len;
            left -= 4 + len;
        }
        ds_put_cstr(ds, "),");
    }
}

/* Appends "flow" in Open vSwitch flow syntax, the way "ovs-ofctl
 * parse-pcap" prints a packet: every field the packet has, zero-valued
 * metadata left out.  No trailing comma. */
void
flow_format(struct ds *ds, const struct flow *flow)
{
    const char *keyword = proto_keyword(flow);
    uint16_t dl_type = ntohs(flow->dl_type);
    bool is_ip = dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_IPV6;

    flow_tnl_format(ds, &flow->tunnel);
    if (flow->pkt_mark) {
        ds_put_format(ds, "pkt_mark=%#x,", flow->pkt_mark);
    }
    if (keyword) {
        ds_put_format(ds, "%s,", keyword);
    }
    if (flow->in_port == FLOW_PORT_ANY) {
        ds_put_cstr(ds, "in_port=ANY,");
    } else if (flow->in_port) {
        ds_put_format(ds, "in_port=%u,", flow->in_port);
    }

    if (flow->packet_ns == PT_NS_ETHERTYPE) {
        ds_put_format(ds, "packet_type=(1,%#x),", ntohs(flow->packet_type));
    } else {
        /* Each VLAN level is printed while the one outside it exists. */
        for (int i = 0; i < FLOW_MAX_VLAN_HEADERS; i++) {
            const char *sfx = i ? "1" : "";
            uint16_t tci = ntohs(flow->vlans[i].tci);
            if (tci & VLAN_CFI) {
                ds_put_format(ds, "dl_vlan%s=%u,dl_vlan_pcp%s=%u,", sfx,
                              tci & VLAN_VID_MASK, sfx,
                              (tci & VLAN_PCP_MASK) >> VLAN_PCP_SHIFT);
            } else {
                ds_put_format(ds, "vlan_tci%s=0x0000,", sfx);
                break;
            }
        }
        put_eth(ds, "dl_src", flow->dl_src);
        put_eth(ds, "dl_dst", flow->dl_dst);
    }
    if (!keyword) {
        ds_put_format(ds, "dl_type=0x%04x,", dl_type);
    }

    if (dl_type == ETH_TYPE_ARP || dl_type == 0x8035) {
        put_ipv4(ds, "arp_spa", flow->nw_src);
        put_ipv4(ds, "arp_tpa", flow->nw_dst);
        ds_put_format(ds, "arp_op=%u,", flow->nw_proto);
        put_eth(ds, "arp_sha", flow->arp_sha);
        put_eth(ds, "arp_tha", flow->arp_tha);
    } else if (is_ip) {
        if (dl_type == ETH_TYPE_IP) {
            put_ipv4(ds, "nw_src", flow->nw_src);
            put_ipv4(ds, "nw_dst", flow->nw_dst);
        } else {
            put_ipv6(ds, "ipv6_src", &flow->ipv6_src);
            put_ipv6(ds, "ipv6_dst", &flow->ipv6_dst);
            ds_put_format(ds, "ipv6_label=0x%05x,", ntohl(flow->ipv6_label));
        }
        if (!strcmp(keyword, "ip") || !strcmp(keyword, "ipv6")) {
            ds_put_format(ds, "nw_proto=%u,", flow->nw_proto);
        }
        ds_put_format(ds, "nw_tos=%u,nw_ecn=%u,nw_ttl=%u,",
                      flow->nw_tos & IP_DSCP_MASK, flow->nw_tos & IP_ECN_MASK,
                      flow->nw_ttl);
        ds_put_format(ds, "nw_frag=%s,",
                      !flow->nw_frag ? "no"
                      : flow->nw_frag & FLOW_NW_FRAG_LATER ? "later"
                      : "first");

        bool later = flow->nw_frag & FLOW_NW_FRAG_LATER;
        uint8_t proto = flow->nw_proto;
        if (later) {
            /* No transport header. */
        } else if (proto == IPPROTO_NUM_ICMP || proto == IPPROTO_NUM_ICMPV6) {
            if ((proto == IPPROTO_NUM_ICMP) == (dl_type == ETH_TYPE_IP)) {
                ds_put_format(ds, "icmp_type=%u,icmp_code=%u,",
                              ntohs(flow->tp_src), ntohs(flow->tp_dst));
            }
            if (proto == IPPROTO_NUM_ICMPV6 && !flow->tp_dst
                && (ntohs(flow->tp_src) == ND_NEIGHBOR_SOLICIT
                    || ntohs(flow->tp_src) == ND_NEIGHBOR_ADVERT)) {
                put_ipv6(ds, "nd_target", &flow->nd_target);
                put_eth(ds, "nd_sll", flow->arp_sha);
                put_eth(ds, "nd_tll", flow->arp_tha);
            }
        } else if (proto == IPPROTO_NUM_TCP || proto == IPPROTO_NUM_UDP
                   || proto == IPPROTO_NUM_SCTP) {
            ds_put_format(ds, "tp_src=%u,tp_dst=%u,", ntohs(flow->tp_src),
                          ntohs(flow->tp_dst));
            if (proto == IPPROTO_NUM_TCP) {
                put_tcp_flags(ds, ntohs(flow->tcp_flags));
            }
        }
    }
    ds_chomp(ds, ',');
}

/* Builds the L4 header of "flow" at the end of "p" and returns its
 * length; the checksum is filled in by the caller, which knows the
 * pseudo-header. */
/* Appends "l7_len" bytes of payload 0, 1, 2, ..., as Open vSwitch's
 * flow_compose() does for the protocols that carry one. */
static void
compose_l7(struct dp_packet *p, size_t l7_len)
{
    uint8_t *payload = dp_packet_put_uninit(p, l7_len);

    for (size_t i = 0; i < l7_len; i++) {
        payload[i] = i;
    }
}

static size_t
compose_l4(struct dp_packet *p, const struct flow *flow, size_t l7_len)
{
    size_t start = dp_packet_size(p);

    switch (flow->nw_proto) {
    case IPPROTO_NUM_TCP: {
        struct tcp_header *tcp = dp_packet_put_zeros(p, sizeof *tcp);
        tcp->tcp_src = flow->tp_src;
        tcp->tcp_dst = flow->tp_dst;
        tcp->tcp_ctl = htons((5 << 12) | TCP_FLAGS(ntohs(flow->tcp_flags)));
        if (!(ntohs(flow->tcp_flags) & (TCP_SYN | TCP_FIN | TCP_RST))) {
            compose_l7(p, l7_len);
        }
        break;
    }
    case IPPROTO_NUM_UDP:
    case IPPROTO_NUM_SCTP: {
        struct udp_header *udp = dp_packet_put_zeros(p, sizeof *udp);
        udp->udp_src = flow->tp_src;
        udp->udp_dst = flow->tp_dst;
        if (flow->nw_proto == IPPROTO_NUM_UDP) {
            udp->udp_len = htons(sizeof *udp + l7_len);
            compose_l7(p, l7_len);
        } else {
            udp->udp_len = htons(sizeof *udp);
        }
        break;
    }
    case IPPROTO_NUM_ICMP: {
        struct icmp_header *icmp = dp_packet_put_zeros(p, sizeof *icmp);
        icmp->icmp_type = ntohs(flow->tp_src);
        icmp->icmp_code = ntohs(flow->tp_dst);
        if ((icmp->icmp_type == ICMP4_ECHO_REQUEST
             || icmp->icmp_type == ICMP4_ECHO_REPLY) && !icmp->icmp_code) {
            compose_l7(p, l7_len);
        }
        break;
    }
    case IPPROTO_NUM_ICMPV6: {
        uint8_t type = ntohs(flow->tp_src);
        struct icmp6_header *icmp6 = dp_packet_put_zeros(p, sizeof *icmp6);
        icmp6->icmp6_type = type;
        icmp6->icmp6_code = ntohs(flow->tp_dst);
        if (type == ND_NEIGHBOR_SOLICIT || type == ND_NEIGHBOR_ADVERT) {
            struct nd_msg *nd = dp_packet_put_zeros(p, sizeof *nd);
            nd->nd_target = flow->nd_target;
            struct eth_addr lla = (type == ND_NEIGHBOR_SOLICIT
                                   ? flow->arp_sha : flow->arp_tha);
            if (!eth_addr_is_zero(lla)) {
                uint8_t *opt = dp_packet_put_zeros(p, 8);
                opt[0] = (type == ND_NEIGHBOR_SOLICIT
                          ? ND_OPT_SOURCE_LINKADDR : ND_OPT_TARGET_LINKADDR);
                opt[1] = 1;
                memcpy(opt + 2, lla.ea, ETH_ADDR_LEN);
            }
        } else {
            dp_packet_put_zeros(p, 4);      /* Identifier, sequence. */
            if ((type == ICMP6_ECHO_REQUEST || type == ICMP6_ECHO_REPLY)
                && !icmp6->icmp6_code) {
                compose_l7(p, l7_len);
            }
        }
        break;
    }
    }
    return dp_packet_size(p) - start;
}

/* Sets the checksum of the L4 header of "l4_len" bytes at "l4", given the
 * pseudo-header sum "partial". */
static void
compose_l4_csum(uint8_t proto, void *l4, size_t l4_len, uint32_t partial)
{
    size_t ofs = (proto == IPPROTO_NUM_TCP
                  ? offsetof(struct tcp_header, tcp_csum)
                  : proto == IPPROTO_NUM_UDP
                  ? offsetof(struct udp_header, udp_csum)
                  : proto == IPPROTO_NUM_ICMP
                  ? offsetof(struct icmp_header, icmp_csum)
                  : proto == IPPROTO_NUM_ICMPV6
                  ? offsetof(struct icmp6_header, icmp6_csum)
                  : SIZE_MAX);

    if (ofs != SIZE_MAX && l4_len) {
        if (proto == IPPROTO_NUM_ICMP) {
            partial = 0;        /* ICMPv4 has no pseudo-header. */
        }
        be16 sum = csum_finish(csum_add_bytes(partial, l4, l4_len));
        if (proto == IPPROTO_NUM_UDP && !sum) {
            sum = 0xffff;       /* RFC 768: zero means "no checksum". */
        }
        memcpy((uint8_t *) l4 + ofs, &sum, sizeof sum);
    }
}

/* Appends to "p" (empty) a packet whose headers are those of "flow": the
 * packet "flow_extract()" would turn back into "flow", as far as the
 * header fields go.  Ethernet frames only.  TCP (without SYN, FIN or RST),
 * UDP and ICMP echo packets get "l7_len" bytes of payload, as Open
 * vSwitch composes them. */
void
flow_compose(struct dp_packet *p, const struct flow *flow, size_t l7_len)
{
    struct eth_header *eth = dp_packet_put_zeros(p, sizeof *eth);
    int n_vlans = 0;

    eth->eth_dst = flow->dl_dst;
    eth->eth_src = flow->dl_src;
    while (n_vlans < FLOW_MAX_VLAN_HEADERS
           && flow->vlans[n_vlans].tci & htons(VLAN_CFI)) {
        n_vlans++;
    }
    eth->eth_type = n_vlans ? flow->vlans[0].tpid : flow->dl_type;
    for (int i = 0; i < n_vlans; i++) {
        struct vlan_header *vlan = dp_packet_put_zeros(p, sizeof *vlan);
        vlan->vlan_tci = flow->vlans[i].tci & ~htons(VLAN_CFI);
        vlan->vlan_next_type = (i + 1 < n_vlans ? flow->vlans[i + 1].tpid
                                : flow->dl_type);
    }

    size_t l3_ofs = dp_packet_size(p);
    bool later = flow->nw_frag & FLOW_NW_FRAG_LATER;
    if (flow->dl_type == htons(ETH_TYPE_IP)) {
        struct ip_header ip = {
            .ip_ihl_ver = IP_IHL_VER(5, 4),
            .ip_tos = flow->nw_tos,
            .ip_ttl = flow->nw_ttl,
            .ip_proto = flow->nw_proto,
            .ip_src = flow->nw_src,
            .ip_dst = flow->nw_dst,
        };
        if (flow->nw_frag & FLOW_NW_FRAG_ANY) {
            ip.ip_frag_off = htons(IP_MORE_FRAGMENTS | (later ? 100 : 0));
        }
        dp_packet_put(p, &ip, sizeof ip);
        size_t l4_len = later ? 0 : compose_l4(p, flow, l7_len);
        struct ip_header *iph = (void *) (dp_packet_data(p) + l3_ofs);
        iph->ip_tot_len = htons(sizeof ip + l4_len);
        iph->ip_csum = csum(iph, sizeof *iph);
        compose_l4_csum(flow->nw_proto, iph + 1, l4_len,
                        csum_pseudo_ipv4(flow->nw_src, flow->nw_dst,
                                         flow->nw_proto, l4_len));
    } else if (flow->dl_type == htons(ETH_TYPE_IPV6)) {
        struct ipv6_header ip6 = {
            .ip6_vtc_flow = htonl((6u << 28) | (flow->nw_tos << 20)
                                  | (ntohl(flow->ipv6_label) & 0xfffff)),
            .ip6_nxt = flow->nw_proto,
            .ip6_hlim = flow->nw_ttl,
            .ip6_src = flow->ipv6_src,
            .ip6_dst = flow->ipv6_dst,
        };
        dp_packet_put(p, &ip6, sizeof ip6);
        size_t l4_len = later ? 0 : compose_l4(p, flow, l7_len);
        struct ipv6_header *ip6h = (void *) (dp_packet_data(p) + l3_ofs);
        ip6h->ip6_plen = htons(l4_len);
        compose_l4_csum(flow->nw_proto, ip6h + 1, l4_len,
                        csum_pseudo_ipv6(&flow->ipv6_src, &flow->ipv6_dst,
                                         flow->nw_proto, l4_len));
    } else if (flow->dl_type == htons(ETH_TYPE_ARP)) {
        struct arp_eth_header *arp = dp_packet_put_zeros(p, sizeof *arp);
        arp->ar_hrd = htons(ARP_HTYPE_ETH);
        arp->ar_pro = htons(ETH_TYPE_IP);
        arp->ar_hln = ETH_ADDR_LEN;
        arp->ar_pln = 4;
        arp->ar_op = htons(flow->nw_proto);
        arp->ar_sha = flow->arp_sha;
        arp->ar_spa = flow->nw_src;
        arp->ar_tha = flow->arp_tha;
        arp->ar_tpa = flow->nw_dst;
    }
}
