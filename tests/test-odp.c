/* Unit tests for lib/odp-util: odp_flow_format() against the megaflows a
 * real Open vSwitch 3.1 (Debian's ovs-vswitchd, userspace "dummy"
 * datapath) printed with "ovs-appctl dpctl/dump-flows", and
 * odp_flow_from_string() reading back what it formats.
 *
 * Each expected string was captured from OVS, with the text from
 * ", packets:" on cut off.  The comment above it says how: the OpenFlow
 * rules ("ovs-ofctl add-flows", a lower-priority "actions=drop" rule
 * where a miss mattered) and the packet given to "ovs-appctl
 * netdev-dummy/receive", or the flow given to "ovs-appctl dpctl/add-flow"
 * for masks OpenFlow cannot produce.  Key and mask are filled the way OVS
 * held them: the key is the packet, not ANDed with the mask. */
#include <config.h>
#include <arpa/inet.h>
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ds.h"
#include "flow.h"
#include "odp-util.h"
#include "packets.h"
#include "test-util.h"

#define EXACT(FIELD) memset(&(FIELD), 0xff, sizeof (FIELD))

static struct eth_addr
mac(const char *s)
{
    struct eth_addr ea;

    if (!eth_addr_from_string(s, &ea)) {
        abort();
    }
    return ea;
}

static be32
ip4(const char *s)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1) {
        abort();
    }
    return a.s_addr;
}

static struct in6_addr
ip6(const char *s)
{
    struct in6_addr a;

    if (inet_pton(AF_INET6, s, &a) != 1) {
        abort();
    }
    return a;
}

/* Checks that odp_flow_format() writes "expected" for "key" and "mask";
 * "line" is the caller's, for the report. */
static void
check_format(const struct flow *key, const struct flow *mask,
             const char *expected, int line)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    odp_flow_format(&ds, key, mask);
    if (strcmp(ds_cstr(&ds), expected)) {
        fprintf(stderr, "%s:%d: odp_flow_format() wrote\n  %s\n"
                "expected\n  %s\n", __FILE__, line, ds_cstr(&ds),
                expected);
        failures++;
    }
    ds_destroy(&ds);
}
#define CHECK_FORMAT(KEY, MASK, EXPECTED) \
    check_format(KEY, MASK, EXPECTED, __LINE__)

/* Starts "mask" as every megaflow of the userspace datapath starts: the
 * input port, packet type and ethertype matched, and for IP whether the
 * packet is a fragment. */
static void
base_mask(struct flow *mask, const struct flow *key)
{
    uint16_t dl_type = ntohs(key->dl_type);

    memset(mask, 0, sizeof *mask);
    EXACT(mask->in_port);
    EXACT(mask->packet_ns);
    EXACT(mask->packet_type);
    EXACT(mask->dl_type);
    if (dl_type == ETH_TYPE_IP || dl_type == ETH_TYPE_IPV6) {
        mask->nw_frag = FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER;
    }
}

/* Ethernet frame on port 1 from 50:54:00:00:00:01 to 50:54:00:00:00:02
 * with ethertype "dl_type". */
static void
eth_packet(struct flow *key, uint16_t dl_type)
{
    memset(key, 0, sizeof *key);
    key->in_port = 1;
    key->dl_src = mac("50:54:00:00:00:01");
    key->dl_dst = mac("50:54:00:00:00:02");
    key->dl_type = htons(dl_type);
}

/* IPv4 from 10.0.0.1 to 10.0.0.2, TTL 64, in an eth_packet(). */
static void
ipv4_packet(struct flow *key, uint8_t proto, uint8_t tos)
{
    eth_packet(key, ETH_TYPE_IP);
    key->nw_src = ip4("10.0.0.1");
    key->nw_dst = ip4("10.0.0.2");
    key->nw_proto = proto;
    key->nw_tos = tos;
    key->nw_ttl = 64;
}

/* The packet of most cases below:
 * in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),
 * eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,tos=0,ttl=64,
 * frag=no),icmp(type=8,code=0) */
static void
icmp_packet(struct flow *key)
{
    ipv4_packet(key, IPPROTO_NUM_ICMP, 0);
    key->tp_src = htons(ICMP_ECHO_REQUEST);
}

static void
test_l2_and_ipv4(void)
{
    struct flow key, mask;

    /* "actions=NORMAL", ICMP packet. */
    icmp_packet(&key);
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x0800),ipv4(frag=no)");

    /* "ip,nw_src=10.0.0.0/24,actions=output:2", ICMP packet. */
    base_mask(&mask, &key);
    mask.nw_src = ip4("255.255.255.0");
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(src=10.0.0.1/255.255.255.0,"
                 "frag=no)");

    /* "ip,nw_dst=10.0.0.0/255.255.0.255,nw_tos=0x10,actions=output:2",
     * ICMP packet: the TOS is matched on its DSCP bits. */
    base_mask(&mask, &key);
    mask.nw_dst = ip4("255.255.0.255");
    mask.nw_tos = IP_DSCP_MASK;
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(dst=10.0.0.2/255.255.0.255,"
                 "tos=0/0xfc,frag=no)");

    /* "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=drop", ICMP
     * packet. */
    base_mask(&mask, &key);
    mask.dl_dst = mac("01:00:00:00:00:00");
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(dst=50:54:00:00:00:02/01:00:00:00:00:00),"
                 "eth_type(0x0800),ipv4(frag=no)");

    /* "icmp,icmp_type=8,icmp_code=0,actions=output:2", ICMP packet.  The
     * datapath's ICMP type and code are 8 bits. */
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    mask.tp_src = htons(0xff);
    mask.tp_dst = htons(0xff);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=1,frag=no),"
                 "icmp(type=8,code=0)");

    /* dpctl/add-flow "skb_mark(0x10/0xff),recirc_id(0),in_port(1),
     * packet_type(ns=0,id=0),eth(src=50:54:00:00:00:01/ff:ff:ff:00:00:00,
     * dst=50:54:00:00:00:02/00:00:00:00:00:00),eth_type(0x0800),
     * ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,tos=0,ttl=64,frag=first),
     * icmp(type=3/0xf0,code=4/0)". */
    ipv4_packet(&key, IPPROTO_NUM_ICMP, 0);
    key.pkt_mark = 0x10;
    key.nw_frag = FLOW_NW_FRAG_ANY;
    key.tp_src = htons(ICMP_DEST_UNREACH);
    key.tp_dst = htons(ICMP_FRAG_NEEDED);
    base_mask(&mask, &key);
    mask.pkt_mark = 0xff;
    mask.dl_src = mac("ff:ff:ff:00:00:00");
    EXACT(mask.nw_src);
    EXACT(mask.nw_dst);
    EXACT(mask.nw_proto);
    EXACT(mask.nw_tos);
    EXACT(mask.nw_ttl);
    mask.tp_src = htons(0xf0);
    CHECK_FORMAT(&key, &mask,
                 "skb_mark(0x10/0xff),recirc_id(0),in_port(1),"
                 "packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01/ff:ff:ff:00:00:00),"
                 "eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,"
                 "tos=0,ttl=64,frag=first),icmp(type=3/0xf0)");

    /* "pkt_mark=0x10/0xf0,actions=output:2", ICMP packet: the dummy
     * datapath receives it with mark 0. */
    icmp_packet(&key);
    base_mask(&mask, &key);
    mask.pkt_mark = 0xf0;
    CHECK_FORMAT(&key, &mask,
                 "skb_mark(0/0xf0),recirc_id(0),in_port(1),"
                 "packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)");
}

/* in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),
 * eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0x48,
 * ttl=64,frag=no),tcp(src=34567,dst=80),tcp_flags(FLAGS) */
static void
tcp_packet(struct flow *key, uint16_t tcp_flags)
{
    ipv4_packet(key, IPPROTO_NUM_TCP, 0x48);
    key->tp_src = htons(34567);
    key->tp_dst = htons(80);
    key->tcp_flags = htons(tcp_flags);
}

static void
test_tcp(void)
{
    struct flow key, mask;

    /* "tcp,tp_dst=80,actions=output:2", TCP packet with flags "syn". */
    tcp_packet(&key, TCP_SYN);
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    EXACT(mask.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=80)");

    /* "tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_tos=0x48,nw_ecn=0,
     * nw_ttl=64,tp_src=34567,tp_dst=80,tcp_flags=+syn,actions=output:2",
     * the same packet. */
    EXACT(mask.nw_src);
    EXACT(mask.nw_dst);
    EXACT(mask.nw_tos);
    EXACT(mask.nw_ttl);
    EXACT(mask.tp_src);
    mask.tcp_flags = htons(TCP_SYN);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,"
                 "tos=0x48,ttl=64,frag=no),tcp(src=34567,dst=80),"
                 "tcp_flags(+syn)");

    /* "tcp,tp_src=0x8000/0x8000,tcp_flags=+syn-ack,actions=output:2",
     * the same packet. */
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    mask.tp_src = htons(0x8000);
    mask.tcp_flags = htons(TCP_SYN | TCP_ACK);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=6,frag=no),"
                 "tcp(src=34567/0x8000),tcp_flags(+syn-ack)");

    /* "tcp,tcp_flags=0x012/0xfff,actions=output:2", the packet with
     * "tcp_flags(syn|ack)". */
    tcp_packet(&key, TCP_SYN | TCP_ACK);
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    mask.tcp_flags = htons(0xfff);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=6,frag=no),"
                 "tcp_flags(syn|ack)");

    /* "tcp,tcp_flags=0/0xfff,actions=output:2", with "tcp_flags(0)" and
     * with "tcp_flags(0xfff)", which names the reserved bits. */
    key.tcp_flags = htons(0);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=6,frag=no),tcp_flags(0)");
    key.tcp_flags = htons(0xfff);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=6,frag=no),"
                 "tcp_flags(fin|syn|rst|psh|ack|urg|ece|cwr|ns|[200]|"
                 "[400]|[800])");

    /* dpctl/add-flow "skb_mark(0x10),recirc_id(0),in_port(1),
     * packet_type(ns=0,id=0),eth(src=50:54:00:00:00:01,
     * dst=50:54:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1/
     * 255.255.255.0,dst=10.0.0.2/0.0.0.0,proto=6,tos=0x48/0x0f,
     * ttl=64/0x80,frag=no),tcp(src=80/0xff00,dst=443/0),
     * tcp_flags(0/0x0fff)". */
    tcp_packet(&key, 0);
    key.pkt_mark = 0x10;
    key.tp_src = htons(80);
    key.tp_dst = htons(443);
    base_mask(&mask, &key);
    EXACT(mask.pkt_mark);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    mask.nw_src = ip4("255.255.255.0");
    mask.nw_proto = 0xff;
    mask.nw_tos = 0x0f;
    mask.nw_ttl = 0x80;
    mask.tp_src = htons(0xff00);
    mask.tcp_flags = htons(0x0fff);
    CHECK_FORMAT(&key, &mask,
                 "skb_mark(0x10),recirc_id(0),in_port(1),"
                 "packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x0800),ipv4(src=10.0.0.1/255.255.255.0,proto=6,"
                 "tos=0x48/0xf,ttl=64/0x80,frag=no),tcp(src=80/0xff00),"
                 "tcp_flags(0)");
}

/* in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),
 * eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,
 * frag=FRAG),udp(src=5353,dst=53) */
static void
udp_packet(struct flow *key, uint8_t nw_frag)
{
    ipv4_packet(key, IPPROTO_NUM_UDP, 0);
    key->nw_frag = nw_frag;
    key->tp_src = htons(5353);
    key->tp_dst = htons(53);
}

static void
test_udp_sctp_fragments(void)
{
    struct flow key, mask;

    /* "udp,tp_src=5353,tp_dst=53,actions=output:2", UDP packet. */
    udp_packet(&key, 0);
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    EXACT(mask.tp_src);
    EXACT(mask.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=17,frag=no),"
                 "udp(src=5353,dst=53)");

    /* "udp,tp_dst=53,actions=output:2", UDP packet with "frag=first":
     * the classifier narrowed the port mask. */
    udp_packet(&key, FLOW_NW_FRAG_ANY);
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    mask.tp_dst = htons(0xffe0);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=17,frag=first),"
                 "udp(dst=53/0xffe0)");

    /* The same rules, with "frag=later" and no udp(): a later fragment
     * has no L4 attribute, whatever the mask. */
    udp_packet(&key, FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    key.tp_src = key.tp_dst = htons(0);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(proto=17,frag=later)");

    /* "ip,nw_frag=later,actions=output:2", the same packet. */
    base_mask(&mask, &key);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(frag=later)");

    /* dpctl/add-flow "recirc_id(0),in_port(1),packet_type(ns=0,id=0),
     * eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0x0800),
     * ipv4(src=10.0.0.1,dst=10.0.0.2,proto=132,tos=0,ttl=64,frag=no),
     * sctp(src=1/0xf,dst=2)". */
    ipv4_packet(&key, IPPROTO_NUM_SCTP, 0);
    key.tp_src = htons(1);
    key.tp_dst = htons(2);
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    EXACT(mask.nw_src);
    EXACT(mask.nw_dst);
    EXACT(mask.nw_proto);
    EXACT(mask.nw_tos);
    EXACT(mask.nw_ttl);
    mask.tp_src = htons(0xf);
    EXACT(mask.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=132,"
                 "tos=0,ttl=64,frag=no),sctp(src=1/0xf,dst=2)");
}

/* in_port(1),eth(src=50:54:00:00:00:03,dst=ff:ff:ff:ff:ff:ff),
 * eth_type(0x0806),arp(sip=10.0.0.3,tip=10.0.0.4,op=1,
 * sha=50:54:00:00:00:03,tha=00:00:00:00:00:00) */
static void
arp_packet(struct flow *key)
{
    eth_packet(key, ETH_TYPE_ARP);
    key->dl_src = mac("50:54:00:00:00:03");
    key->dl_dst = mac("ff:ff:ff:ff:ff:ff");
    key->nw_src = ip4("10.0.0.3");
    key->nw_dst = ip4("10.0.0.4");
    key->nw_proto = ARP_OP_REQUEST;
    key->arp_sha = mac("50:54:00:00:00:03");
}

static void
test_arp(void)
{
    struct flow key, mask;

    /* "actions=NORMAL", ARP packet. */
    arp_packet(&key);
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    EXACT(mask.nw_src);
    EXACT(mask.nw_dst);
    EXACT(mask.nw_proto);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:03,dst=ff:ff:ff:ff:ff:ff),"
                 "eth_type(0x0806),arp(sip=10.0.0.3,tip=10.0.0.4,op=1)");

    /* "arp,arp_spa=10.0.0.0/8,arp_op=1,arp_sha=50:54:00:00:00:03,
     * actions=output:2", ARP packet. */
    base_mask(&mask, &key);
    mask.nw_src = ip4("255.0.0.0");
    EXACT(mask.nw_proto);
    EXACT(mask.arp_sha);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0806),arp(sip=10.0.0.3/255.0.0.0,op=1,"
                 "sha=50:54:00:00:00:03)");

    /* "arp,arp_tpa=10.0.0.4,arp_tha=00:00:00:00:00:00,
     * arp_sha=50:54:00:00:00:00/ff:ff:ff:ff:ff:00,actions=output:2", ARP
     * packet. */
    base_mask(&mask, &key);
    EXACT(mask.nw_dst);
    mask.arp_sha = mac("ff:ff:ff:ff:ff:00");
    EXACT(mask.arp_tha);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0806),arp(tip=10.0.0.4,"
                 "sha=50:54:00:00:00:03/ff:ff:ff:ff:ff:00,"
                 "tha=00:00:00:00:00:00)");

    /* "arp,actions=output:2", ARP packet: nothing of the ARP header. */
    base_mask(&mask, &key);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x0806)");
}

/* in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),
 * eth_type(0x86dd),ipv6(src=2001:db8::1,dst=2001:db8::2,label=0x12345,
 * proto=17,tclass=0x20,hlimit=64,frag=no),udp(src=1000,dst=2000) */
static void
udp6_packet(struct flow *key)
{
    eth_packet(key, ETH_TYPE_IPV6);
    key->ipv6_src = ip6("2001:db8::1");
    key->ipv6_dst = ip6("2001:db8::2");
    key->ipv6_label = htonl(0x12345);
    key->nw_proto = IPPROTO_NUM_UDP;
    key->nw_tos = 0x20;
    key->nw_ttl = 64;
    key->tp_src = htons(1000);
    key->tp_dst = htons(2000);
}

/* in_port(1),eth(src=50:54:00:00:00:01,dst=33:33:ff:00:00:02),
 * eth_type(0x86dd),ipv6(src=2001:db8::1,dst=ff02::1:ff00:2,label=0,
 * proto=58,tclass=0,hlimit=255,frag=no),icmpv6(type=135,code=0),
 * nd(target=2001:db8::2,sll=50:54:00:00:00:01) */
static void
ns_packet(struct flow *key)
{
    eth_packet(key, ETH_TYPE_IPV6);
    key->dl_dst = mac("33:33:ff:00:00:02");
    key->ipv6_src = ip6("2001:db8::1");
    key->ipv6_dst = ip6("ff02::1:ff00:2");
    key->nw_proto = IPPROTO_NUM_ICMPV6;
    key->nw_ttl = 255;
    key->tp_src = htons(ND_NEIGHBOR_SOLICIT);
    key->nd_target = ip6("2001:db8::2");
    key->arp_sha = mac("50:54:00:00:00:01");
}

static void
test_ipv6(void)
{
    struct flow key, mask;

    /* "actions=NORMAL", IPv6 UDP packet. */
    udp6_packet(&key);
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x86dd),ipv6(frag=no)");

    /* "ipv6,ipv6_src=2001:db8::/32,ipv6_dst=2001:db8::2,
     * ipv6_label=0x12345,nw_tos=0x20,nw_ttl=64,actions=output:2", IPv6
     * UDP packet.  An address mask is written as an address. */
    base_mask(&mask, &key);
    mask.ipv6_src = ip6("ffff:ffff::");
    EXACT(mask.ipv6_dst);
    mask.ipv6_label = htonl(IPV6_LABEL_MASK);
    mask.nw_tos = IP_DSCP_MASK;
    EXACT(mask.nw_ttl);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(src=2001:db8::1/ffff:ffff::,"
                 "dst=2001:db8::2,label=0x12345,tclass=0x20/0xfc,hlimit=64,"
                 "frag=no)");

    /* "udp6,ipv6_label=0x00045/0x000ff,tp_dst=2000,nw_ecn=0,
     * actions=output:2", IPv6 UDP packet. */
    base_mask(&mask, &key);
    mask.ipv6_label = htonl(0xff);
    mask.nw_proto = 0xff;
    mask.nw_tos = IP_ECN_MASK;
    EXACT(mask.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(label=0x12345/0xff,proto=17,"
                 "tclass=0x20/0x3,frag=no),udp(dst=2000)");

    /* "ipv6,ipv6_dst=2001:db8::2/ffff:0:ffff::,actions=output:2", IPv6
     * UDP packet. */
    base_mask(&mask, &key);
    mask.ipv6_dst = ip6("ffff:0:ffff::");
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(dst=2001:db8::2/ffff:0:ffff::,"
                 "frag=no)");

    /* "icmp6,icmp_type=135,icmp_code=0,nd_target=2001:db8::2,
     * nd_sll=50:54:00:00:00:01,actions=output:2", neighbour
     * solicitation. */
    ns_packet(&key);
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    mask.tp_src = htons(0xff);
    mask.tp_dst = htons(0xff);
    EXACT(mask.nd_target);
    EXACT(mask.arp_sha);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(proto=58,frag=no),"
                 "icmpv6(type=135,code=0),"
                 "nd(target=2001:db8::2,sll=50:54:00:00:00:01)");

    /* "icmp6,icmp_type=135,icmp_code=0,nd_target=2001:db8::/64,
     * actions=output:2", the same packet. */
    memset(&mask.arp_sha, 0, sizeof mask.arp_sha);
    mask.nd_target = ip6("ffff:ffff:ffff:ffff::");
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(proto=58,frag=no),"
                 "icmpv6(type=135,code=0),"
                 "nd(target=2001:db8::2/ffff:ffff:ffff:ffff::)");

    /* "icmp6,icmp_type=135,nd_target=2001:db8::/64,actions=output:2":
     * with the ICMPv6 code not matched, the datapath leaves the ND fields
     * out of the flow. */
    mask.tp_dst = htons(0);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(proto=58,frag=no),"
                 "icmpv6(type=135)");

    /* "icmp6,icmp_type=135,icmp_code=0,
     * nd_sll=50:54:00:00:00:00/ff:ff:ff:ff:ff:00,actions=output:2". */
    mask.tp_dst = htons(0xff);
    memset(&mask.nd_target, 0, sizeof mask.nd_target);
    mask.arp_sha = mac("ff:ff:ff:ff:ff:00");
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(proto=58,frag=no),"
                 "icmpv6(type=135,code=0),"
                 "nd(sll=50:54:00:00:00:01/ff:ff:ff:ff:ff:00)");

    /* "icmp6,icmp_type=136,icmp_code=0,nd_tll=50:54:00:00:00:02,
     * actions=output:2", neighbour advertisement "in_port(1),
     * eth(src=50:54:00:00:00:02,dst=50:54:00:00:00:01),eth_type(0x86dd),
     * ipv6(src=2001:db8::2,dst=2001:db8::1,label=0,proto=58,tclass=0,
     * hlimit=255,frag=no),icmpv6(type=136,code=0),
     * nd(target=2001:db8::2,tll=50:54:00:00:00:02)". */
    ns_packet(&key);
    key.dl_src = mac("50:54:00:00:00:02");
    key.dl_dst = mac("50:54:00:00:00:01");
    key.ipv6_src = ip6("2001:db8::2");
    key.ipv6_dst = ip6("2001:db8::1");
    key.tp_src = htons(ND_NEIGHBOR_ADVERT);
    memset(&key.arp_sha, 0, sizeof key.arp_sha);
    key.arp_tha = mac("50:54:00:00:00:02");
    base_mask(&mask, &key);
    mask.nw_proto = 0xff;
    mask.tp_src = htons(0xff);
    mask.tp_dst = htons(0xff);
    EXACT(mask.arp_tha);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x86dd),ipv6(proto=58,frag=no),"
                 "icmpv6(type=136,code=0),nd(tll=50:54:00:00:00:02)");
}

/* in_port(1),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),
 * eth_type(0x8100),vlan(vid=10,pcp=3),encap(eth_type(0x0800),
 * ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),
 * udp(src=5353,dst=53)) */
static void
vlan_packet(struct flow *key, uint16_t vid, uint16_t pcp)
{
    udp_packet(key, 0);
    key->vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
    key->vlans[0].tci = htons(VLAN_CFI | pcp << VLAN_PCP_SHIFT | vid);
}

static void
test_vlan(void)
{
    struct flow key, mask;

    /* "actions=NORMAL", VLAN packet. */
    vlan_packet(&key, 10, 3);
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    mask.vlans[0].tci = htons(VLAN_CFI | VLAN_VID_MASK);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x8100),vlan(vid=10,pcp=3/0x0),"
                 "encap(eth_type(0x0800),ipv4(frag=no))");

    /* "dl_vlan_pcp=3,actions=output:2", VLAN packet. */
    base_mask(&mask, &key);
    mask.vlans[0].tci = htons(VLAN_CFI | VLAN_PCP_MASK);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x8100),vlan(vid=10/0x0,pcp=3),"
                 "encap(eth_type(0x0800),ipv4(frag=no))");

    /* "vlan_tci=0x1000/0x1000,udp,tp_dst=53,actions=output:2", VLAN
     * packet. */
    base_mask(&mask, &key);
    mask.vlans[0].tci = htons(VLAN_CFI);
    mask.nw_proto = 0xff;
    EXACT(mask.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x8100),vlan(vid=10/0x0,pcp=3/0x0),"
                 "encap(eth_type(0x0800),ipv4(proto=17,frag=no),"
                 "udp(dst=53))");

    /* "dl_vlan=0,actions=output:2", VLAN packet with "vid=0,pcp=0". */
    vlan_packet(&key, 0, 0);
    base_mask(&mask, &key);
    mask.vlans[0].tci = htons(VLAN_CFI | VLAN_VID_MASK);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x8100),vlan(vid=0),"
                 "encap(eth_type(0x0800),ipv4(frag=no))");

    /* "udp,tp_dst=53,actions=output:2" with other_config:vlan-limit=2,
     * packet "in_port(1),eth(src=50:54:00:00:00:01,
     * dst=50:54:00:00:00:02),eth_type(0x88a8),vlan(vid=100,pcp=0),
     * encap(eth_type(0x8100),vlan(vid=10,pcp=3),encap(eth_type(0x0800),
     * ipv4(...),udp(src=5353,dst=53)))": the inner tag is not matched. */
    vlan_packet(&key, 10, 3);
    key.vlans[1] = key.vlans[0];
    key.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021AD);
    key.vlans[0].tci = htons(VLAN_CFI | 100);
    base_mask(&mask, &key);
    mask.vlans[0].tci = htons(VLAN_CFI | VLAN_VID_MASK);
    mask.nw_proto = 0xff;
    EXACT(mask.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth_type(0x88a8),vlan(vid=100),encap(eth_type(0x8100),"
                 "encap(eth_type(0x0800),ipv4(proto=17,frag=no),"
                 "udp(dst=53)))");

    /* dpctl/add-flow "recirc_id(0),in_port(1),packet_type(ns=0,id=0),
     * eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0x8100),
     * vlan(vid=10/0xff0,pcp=3/0x4,cfi=1/1),encap(eth_type(0x1234))". */
    vlan_packet(&key, 10, 3);
    key.dl_type = htons(0x1234);
    key.nw_src = key.nw_dst = 0;
    key.nw_proto = key.nw_ttl = 0;
    key.tp_src = key.tp_dst = 0;
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    mask.vlans[0].tci = htons(VLAN_CFI | 0x4 << VLAN_PCP_SHIFT | 0xff0);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x8100),vlan(vid=10/0xff0,pcp=3/0x4),"
                 "encap(eth_type(0x1234))");

    /* "actions=NORMAL", an 802.3 frame of 46 bytes in a tag "vid=100":
     * no ethertype inside. */
    eth_packet(&key, 0x05ff);
    key.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021Q);
    key.vlans[0].tci = htons(VLAN_CFI | 100);
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    mask.vlans[0].tci = htons(VLAN_CFI | VLAN_VID_MASK);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x8100),vlan(vid=100),encap()");

    /* "actions=NORMAL", a frame that ends after ethertype 0x8100: a
     * truncated tag, with no CFI. */
    eth_packet(&key, ETH_TYPE_VLAN_8021Q);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0x8100),vlan(vid=0,cfi=0),encap()");

    /* "actions=NORMAL", the 802.3 frame without a tag: its exact
     * ethertype mask comes last, with no ethertype in the key. */
    eth_packet(&key, 0x05ff);
    base_mask(&mask, &key);
    EXACT(mask.dl_src);
    EXACT(mask.dl_dst);
    CHECK_FORMAT(&key, &mask,
                 "recirc_id(0),in_port(1),packet_type(ns=0,id=0),"
                 "eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),"
                 "eth_type(0/0xffff)");
}

/* Appends Geneve option "class", "type" with "len" bytes of "data" to
 * "tnl", and to "mask" its mask: header matched if "match_header", data
 * masked by "data_mask" (NULL: not matched). */
static void
add_geneve_opt(struct flow_tnl *tnl, struct flow_tnl *mask, uint16_t class,
               uint8_t type, const uint8_t *data, size_t len,
               bool match_header, const uint8_t *data_mask)
{
    uint8_t *opt = &tnl->gnv_opts[tnl->gnv_opts_len];
    uint8_t *m = &mask->gnv_opts[tnl->gnv_opts_len];

    put_unaligned_be16(opt, class);
    opt[2] = type;
    opt[3] = len / 4;
    if (len) {
        memcpy(opt + 4, data, len);
    }
    if (match_header) {
        memset(m, 0xff, 3);
        m[3] = 0x1f;
    }
    if (data_mask) {
        memcpy(m + 4, data_mask, len);
    }
    tnl->gnv_opts_len += 4 + len;
}

/* A packet from Geneve port "gnv0" (options:remote_ip=flow,key=flow),
 * datapath port 6081: the ICMP packet "in_port(1),eth(src=
 * 50:54:00:00:00:01,dst=50:54:00:00:00:02),...,icmp(type=8,code=0)"
 * from 1.1.2.92:51283 to 1.1.2.88:6081, VNI 0x7b, TTL 64, no options
 * yet; the outer headers were given to netdev-dummy/receive on the
 * underlay bridge's port as hex.  "mask" is what translation always
 * matches of a tunnel: VNI, addresses, TOS, and the flags df|csum|key. */
static void
geneve_packet(struct flow *key, struct flow *mask)
{
    icmp_packet(key);
    key->in_port = 6081;
    key->tunnel.tun_id = htobe64(0x7b);
    key->tunnel.ip_src = ip4("1.1.2.92");
    key->tunnel.ip_dst = ip4("1.1.2.88");
    key->tunnel.ip_ttl = 64;
    key->tunnel.tp_src = htons(51283);
    key->tunnel.tp_dst = htons(6081);
    key->tunnel.flags = FLOW_TNL_F_KEY;

    base_mask(mask, key);
    EXACT(mask->tunnel.tun_id);
    EXACT(mask->tunnel.ip_src);
    EXACT(mask->tunnel.ip_dst);
    EXACT(mask->tunnel.ip_tos);
    mask->tunnel.flags = (FLOW_TNL_F_DONT_FRAGMENT | FLOW_TNL_F_CSUM
                          | FLOW_TNL_F_KEY);
}

static void
test_geneve(void)
{
    static const uint8_t opt0[4] = { 0x00, 0x01, 0x00, 0x02 };
    static const uint8_t opt1[8] = { 0x11, 0x11, 0x11, 0x11,
                                     0x22, 0x22, 0x22, 0x22 };
    static const uint8_t ones[8] = { 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff };
    static const uint8_t low_byte[4] = { 0, 0, 0, 0xff };
    struct flow key, mask;

    /* "ovs-ofctl add-tlv-map br-int
     * {class=0x102,type=0x80,len=4}->tun_metadata0" and
     * "in_port=5,tun_metadata0=0x10002,actions=output:3" (5 is gnv0),
     * packet with option {class=0x102,type=0x80,len=4,00010002}. */
    geneve_packet(&key, &mask);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, opt0, 4, true,
                   ones);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                 "geneve({class=0x102,type=0x80,len=4,0x10002}),"
                 "flags(-df-csum+key)),recirc_id(0),in_port(6081),"
                 "packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)");

    /* "in_port=5,tun_metadata0=0x2/0xff,actions=output:3", the same
     * packet. */
    geneve_packet(&key, &mask);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, opt0, 4, true,
                   low_byte);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                 "geneve({class=0x102,type=0x80,len=4,0x10002/0xff}),"
                 "flags(-df-csum+key)),recirc_id(0),in_port(6081),"
                 "packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)");

    /* "in_port=5,actions=output:3", the same packet: a mapped option the
     * rules do not look at is all wildcards. */
    geneve_packet(&key, &mask);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, opt0, 4, false,
                   NULL);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                 "geneve({}),flags(-df-csum+key)),recirc_id(0),"
                 "in_port(6081),packet_type(ns=0,id=0),eth_type(0x0800),"
                 "ipv4(frag=no)");

    /* "in_port=5,tun_id=0x7b/0xf0,tun_dst=1.1.2.88,actions=output:3", the
     * same packet with outer TOS 0x1c and DF: the outer TOS and the VNI
     * are always matched whole, and a received DF is not a flag. */
    key.tunnel.ip_tos = 0x1c;
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,tos=0x1c,"
                 "geneve({}),flags(-df-csum+key)),recirc_id(0),"
                 "in_port(6081),packet_type(ns=0,id=0),eth_type(0x0800),"
                 "ipv4(frag=no)");

    /* "in_port=5,tun_metadata0=0x10002,ip,nw_src=10.0.0.1,
     * actions=output:3", packet with option {0x102,0x80,00010002}. */
    geneve_packet(&key, &mask);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, opt0, 4, true,
                   ones);
    EXACT(mask.nw_src);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                 "geneve({class=0x102,type=0x80,len=4,0x10002}),"
                 "flags(-df-csum+key)),recirc_id(0),in_port(6081),"
                 "packet_type(ns=0,id=0),eth_type(0x0800),"
                 "ipv4(src=10.0.0.1,frag=no)");

    /* "in_port=5,tun_metadata0=0x10002,actions=output:3", packet with
     * options {0x102,0x80,00010002}{0xffff,0,1111111122222222}{0x101,0}:
     * unmapped options have their header matched. */
    geneve_packet(&key, &mask);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, opt0, 4, true,
                   ones);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0xffff, 0, opt1, 8, true,
                   NULL);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x101, 0, NULL, 0, true,
                   NULL);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                 "geneve({class=0x102,type=0x80,len=4,0x10002}"
                 "{class=0xffff,type=0,len=8}{class=0x101,type=0,len=0}),"
                 "flags(-df-csum+key)),recirc_id(0),in_port(6081),"
                 "packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)");

    /* "in_port=6,tun_metadata0=0x10002,actions=output:3" (6 is gnv6,
     * local_ip=flow), the option packet over IPv6 from 2001:cafe::92 to
     * 2001:cafe::88, VNI 0x123456. */
    geneve_packet(&key, &mask);
    key.tunnel.tun_id = htobe64(0x123456);
    key.tunnel.ip_src = key.tunnel.ip_dst = 0;
    key.tunnel.ipv6_src = ip6("2001:cafe::92");
    key.tunnel.ipv6_dst = ip6("2001:cafe::88");
    EXACT(mask.tunnel.ipv6_src);
    EXACT(mask.tunnel.ipv6_dst);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, opt0, 4, true,
                   ones);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x123456,ipv6_src=2001:cafe::92,"
                 "ipv6_dst=2001:cafe::88,"
                 "geneve({class=0x102,type=0x80,len=4,0x10002}),"
                 "flags(-df-csum+key)),recirc_id(0),in_port(6081),"
                 "packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)");

    /* dpctl/add-flow "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,
     * ttl=64,geneve({class=0x102,type=0x80,len=4,0x0}
     * {class=0xffff/0xff00,type=0x1/0x0,len=8,0x1122334455667788/
     * 0xff00ff00ff00ff00}),flags(-df+csum+key)),recirc_id(0),
     * in_port(6081),packet_type(ns=0,id=0),eth(src=00:00:00:00:00:00/
     * 00:00:00:00:00:00,dst=00:00:00:00:00:00/00:00:00:00:00:00),
     * eth_type(0x0800),ipv4(frag=no)". */
    {
        static const uint8_t zero[4] = { 0, 0, 0, 0 };
        static const uint8_t data[8] = { 0x11, 0x22, 0x33, 0x44,
                                         0x55, 0x66, 0x77, 0x88 };
        static const uint8_t data_mask[8] = { 0xff, 0, 0xff, 0,
                                              0xff, 0, 0xff, 0 };
        geneve_packet(&key, &mask);
        key.tunnel.flags |= FLOW_TNL_F_CSUM;
        EXACT(mask.tunnel.ip_ttl);
        add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, zero, 4,
                       true, ones);
        add_geneve_opt(&key.tunnel, &mask.tunnel, 0xffff, 1, data, 8,
                       true, data_mask);
        /* Class mask 0xff00, type unmatched, length matched. */
        mask.tunnel.gnv_opts[8 + 1] = 0;
        mask.tunnel.gnv_opts[8 + 2] = 0;
        CHECK_FORMAT(&key, &mask,
                     "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                     "ttl=64,geneve({class=0x102,type=0x80,len=4,0}"
                     "{class=0xffff/0xff00,len=8,"
                     "0x1122334455667788/0xff00ff00ff00ff00}),"
                     "flags(-df+csum+key)),recirc_id(0),in_port(6081),"
                     "packet_type(ns=0,id=0),eth_type(0x0800),"
                     "ipv4(frag=no)");

        /* The same with "geneve({class=0x0,type=0x0,len=4,0x0/0})" and
         * with "geneve({class=0x0/0,type=0x0/0,len=4/0,0x0/0})". */
        geneve_packet(&key, &mask);
        key.tunnel.flags |= FLOW_TNL_F_CSUM;
        EXACT(mask.tunnel.ip_ttl);
        add_geneve_opt(&key.tunnel, &mask.tunnel, 0, 0, zero, 4, true,
                       NULL);
        CHECK_FORMAT(&key, &mask,
                     "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                     "ttl=64,geneve({class=0,type=0,len=4}),"
                     "flags(-df+csum+key)),recirc_id(0),in_port(6081),"
                     "packet_type(ns=0,id=0),eth_type(0x0800),"
                     "ipv4(frag=no)");
        memset(mask.tunnel.gnv_opts, 0, 4);
        CHECK_FORMAT(&key, &mask,
                     "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,"
                     "ttl=64,geneve({}),flags(-df+csum+key)),recirc_id(0),"
                     "in_port(6081),packet_type(ns=0,id=0),"
                     "eth_type(0x0800),ipv4(frag=no)");
    }

    /* dpctl/add-flow "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,
     * ttl=64,geneve({class=0x102,type=0x80,len=4,0x10002/0xffff}),
     * flags(df|csum|key|oam)),...": all four flags matched are written
     * as a set. */
    geneve_packet(&key, &mask);
    key.tunnel.flags = (FLOW_TNL_F_OAM | FLOW_TNL_F_DONT_FRAGMENT
                        | FLOW_TNL_F_CSUM | FLOW_TNL_F_KEY);
    mask.tunnel.flags = key.tunnel.flags;
    EXACT(mask.tunnel.ip_ttl);
    add_geneve_opt(&key.tunnel, &mask.tunnel, 0x102, 0x80, opt0, 4, true,
                   low_byte);
    mask.tunnel.gnv_opts[6] = 0xff;
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,ttl=64,"
                 "geneve({class=0x102,type=0x80,len=4,0x10002/0xffff}),"
                 "flags(oam|df|csum|key)),recirc_id(0),in_port(6081),"
                 "packet_type(ns=0,id=0),eth_type(0x0800),ipv4(frag=no)");
}

static void
test_tunnel_fields(void)
{
    struct flow key, mask;

    /* dpctl/add-flow "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,
     * tos=0x3/0x3,ttl=64,tp_src=1,tp_dst=6081,flags(-df+csum+key)),
     * recirc_id(0),in_port(6081),packet_type(ns=0,id=0),
     * eth(src=00:00:00:00:00:00/00:00:00:00:00:00,
     * dst=00:00:00:00:00:00/00:00:00:00:00:00),eth_type(0x0800),
     * ipv4(frag=no)": no Geneve options in the key. */
    geneve_packet(&key, &mask);
    key.tunnel.ip_tos = 3;
    key.tunnel.tp_src = htons(1);
    key.tunnel.flags |= FLOW_TNL_F_CSUM;
    mask.tunnel.ip_tos = 3;
    EXACT(mask.tunnel.ip_ttl);
    EXACT(mask.tunnel.tp_src);
    EXACT(mask.tunnel.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(tun_id=0x7b,src=1.1.2.92,dst=1.1.2.88,tos=0x3/0x3,"
                 "ttl=64,tp_src=1,tp_dst=6081,flags(-df+csum+key)),"
                 "recirc_id(0),in_port(6081),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(frag=no)");

    /* dpctl/add-flow "tunnel(tun_id=0x7b/0,src=1.1.2.92,dst=1.1.2.88,
     * ttl=64,flags(-df)),...": a key with a tunnel ID puts "key" in the
     * flags even when neither the ID nor the flag is matched. */
    geneve_packet(&key, &mask);
    mask.tunnel.tun_id = 0;
    mask.tunnel.flags = FLOW_TNL_F_DONT_FRAGMENT;
    EXACT(mask.tunnel.ip_ttl);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(src=1.1.2.92,dst=1.1.2.88,ttl=64,flags(-df+key)),"
                 "recirc_id(0),in_port(6081),packet_type(ns=0,id=0),"
                 "eth_type(0x0800),ipv4(frag=no)");

    /* dpctl/add-flow "tunnel(tun_id=0x7b/0,src=1.1.2.92,dst=1.1.2.88,
     * ttl=64/0xf0,tp_src=1/0xff,tp_dst=6081,flags(+key)),recirc_id(0),
     * in_port(6081),packet_type(ns=0,id=0),eth_type(0x0800),
     * ipv4(frag=no)": without eth() the flow is an L3 packet. */
    geneve_packet(&key, &mask);
    key.tunnel.tp_src = htons(1);
    key.packet_ns = PT_NS_ETHERTYPE;
    key.packet_type = htons(ETH_TYPE_IP);
    memset(&key.dl_src, 0, sizeof key.dl_src);
    memset(&key.dl_dst, 0, sizeof key.dl_dst);
    mask.tunnel.tun_id = 0;
    mask.tunnel.flags = 0;
    mask.tunnel.ip_tos = 0;
    mask.tunnel.ip_ttl = 0xf0;
    mask.tunnel.tp_src = htons(0xff);
    EXACT(mask.tunnel.tp_dst);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(src=1.1.2.92,dst=1.1.2.88,ttl=64/0xf0,"
                 "tp_src=1/0xff,tp_dst=6081,flags(+key)),recirc_id(0),"
                 "in_port(6081),packet_type(ns=1,id=0x800),"
                 "eth_type(0x0800),ipv4(frag=no)");

    /* GRE port "gre0" (options:remote_ip=1.1.2.92,packet_type=
     * legacy_l3), datapath port 7, "in_port=7,actions=drop", an IPv4
     * packet in GRE without a key from 1.1.2.92 to 1.1.2.88. */
    icmp_packet(&key);
    memset(&key.dl_src, 0, sizeof key.dl_src);
    memset(&key.dl_dst, 0, sizeof key.dl_dst);
    key.in_port = 7;
    key.packet_ns = PT_NS_ETHERTYPE;
    key.packet_type = htons(ETH_TYPE_IP);
    key.tunnel.ip_src = ip4("1.1.2.92");
    key.tunnel.ip_dst = ip4("1.1.2.88");
    key.tunnel.ip_ttl = 64;
    base_mask(&mask, &key);
    EXACT(mask.tunnel.tun_id);
    EXACT(mask.tunnel.ip_src);
    EXACT(mask.tunnel.ip_dst);
    EXACT(mask.tunnel.ip_tos);
    mask.tunnel.flags = (FLOW_TNL_F_DONT_FRAGMENT | FLOW_TNL_F_CSUM
                         | FLOW_TNL_F_KEY);
    CHECK_FORMAT(&key, &mask,
                 "tunnel(src=1.1.2.92,dst=1.1.2.88,flags(-df-csum)),"
                 "recirc_id(0),in_port(7),packet_type(ns=1,id=0x800),"
                 "eth_type(0x0800),ipv4(frag=no)");
}

/* Checks that odp_flow_from_string() reads the formatted "key", matched
 * exactly, back into "key".  The parser knows neither tunnel() nor masks,
 * so "key" has no tunnel and an ethertype. */
static void
check_roundtrip(const struct flow *key, int line)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct flow mask, parsed;

    memset(&mask, 0xff, sizeof mask);
    odp_flow_format(&ds, key, &mask);
    char *error = odp_flow_from_string(ds_cstr(&ds), &parsed);
    if (error) {
        fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, line, ds_cstr(&ds),
                error);
        failures++;
        free(error);
    } else if (memcmp(&parsed, key, sizeof parsed)) {
        fprintf(stderr, "%s:%d: %s: read back as a different flow\n",
                __FILE__, line, ds_cstr(&ds));
        failures++;
    }
    ds_destroy(&ds);
}
#define CHECK_ROUNDTRIP(KEY) check_roundtrip(KEY, __LINE__)

static void
test_roundtrip(void)
{
    struct flow key;

    icmp_packet(&key);
    CHECK_ROUNDTRIP(&key);
    tcp_packet(&key, TCP_SYN | TCP_ACK);
    key.pkt_mark = 0x10;
    CHECK_ROUNDTRIP(&key);
    udp_packet(&key, FLOW_NW_FRAG_ANY);
    CHECK_ROUNDTRIP(&key);
    udp_packet(&key, FLOW_NW_FRAG_ANY | FLOW_NW_FRAG_LATER);
    key.tp_src = key.tp_dst = 0;
    CHECK_ROUNDTRIP(&key);
    arp_packet(&key);
    CHECK_ROUNDTRIP(&key);
    udp6_packet(&key);
    CHECK_ROUNDTRIP(&key);
    ns_packet(&key);
    CHECK_ROUNDTRIP(&key);
    vlan_packet(&key, 10, 3);
    CHECK_ROUNDTRIP(&key);
    key.vlans[1] = key.vlans[0];
    key.vlans[0].tpid = htons(ETH_TYPE_VLAN_8021AD);
    key.vlans[0].tci = htons(VLAN_CFI | 100);
    CHECK_ROUNDTRIP(&key);
}

int
main(void)
{
    test_l2_and_ipv4();
    test_tcp();
    test_udp_sctp_fragments();
    test_arp();
    test_ipv6();
    test_vlan();
    test_geneve();
    test_tunnel_fields();
    test_roundtrip();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("all odp checks passed\n");
    return EXIT_SUCCESS;
}
