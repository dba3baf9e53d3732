/* Software segmentation of TCP packets the kernel left unsegmented. */
#include <config.h>
#include "dp-packet-gso.h"

#include <linux/virtio_net.h>
#include <netinet/in.h>
#include <string.h>
#include "csum.h"
#include "dp-packet.h"
#include "packets.h"
#include "util.h"

/* TCP flags that only the first (CWR) or the last (FIN, PSH) segment of
 * a cut packet keeps, as the kernel's tcp_gso_segment() does. */
#define TCP_FLAG_FIN 0x01
#define TCP_FLAG_PSH 0x08
#define TCP_FLAG_CWR 0x80

/* Finds the IP header of Ethernet frame "data" of "len" bytes, behind
 * any VLAN tags: stores its offset in "*l3" and its EtherType in
 * "*type".  Returns false if there is none. */
static bool
find_l3(const uint8_t *data, size_t len, size_t *l3, uint16_t *type)
{
    size_t ofs = 2 * ETH_ADDR_LEN;

    for (;;) {
        if (ofs + 2 > len) {
            return false;
        }
        *type = (data[ofs] << 8) | data[ofs + 1];
        if (*type != ETH_TYPE_VLAN_8021Q && *type != ETH_TYPE_VLAN_8021AD) {
            break;
        }
        ofs += 4;
    }
    *l3 = ofs + 2;
    return true;
}

/* Cuts "p", a TCP packet over IPv4 or IPv6 whose "gso" asks for
 * segmentation, into packets of at most "gso.size" bytes of TCP payload,
 * each with whole headers and checksums (IPv4 identifiers counting up,
 * sequence numbers following, FIN and PSH on the last, CWR on the first
 * only), and passes them in order to "cb", which takes them over.  Each has
 * DP_PACKET_HEADROOM of headroom, for the outer headers of a tunnel.
 * Returns the number of segments, or 0 if "p" is not a packet that can be
 * cut this way (nothing was passed on). */
size_t
dp_packet_gso_segment(const struct dp_packet *p,
                      void (*cb)(struct dp_packet *, void *aux), void *aux)
{
    const uint8_t *data = dp_packet_data(p);
    size_t len = dp_packet_size(p);
    uint8_t gso_type = p->gso.type & ~VIRTIO_NET_HDR_GSO_ECN;
    size_t mss = p->gso.size;
    size_t l3, l4;
    uint16_t type;

    if ((gso_type != VIRTIO_NET_HDR_GSO_TCPV4
         && gso_type != VIRTIO_NET_HDR_GSO_TCPV6)
        || !mss || !find_l3(data, len, &l3, &type)) {
        return 0;
    }
    bool v4 = gso_type == VIRTIO_NET_HDR_GSO_TCPV4;
    if (v4 ? (type != ETH_TYPE_IP || l3 + 20 > len
              || (data[l3] >> 4) != 4 || data[l3 + 9] != IPPROTO_TCP)
           : (type != ETH_TYPE_IPV6 || l3 + 40 > len
              || (data[l3] >> 4) != 6)) {
        return 0;
    }
    /* The TCP header is where the checksum's coverage starts (IPv6
     * extension headers included). */
    l4 = p->gso.csum_start;
    if (l4 < l3 + (v4 ? (data[l3] & 0x0f) * 4 : 40) || l4 + 20 > len) {
        return 0;
    }
    size_t hdr_len = l4 + (data[l4 + 12] >> 4) * 4;
    if (hdr_len < l4 + 20 || hdr_len > len) {
        return 0;
    }

    size_t payload = len - hdr_len;
    if (!payload) {
        return 0;
    }
    be32 seq_be;
    memcpy(&seq_be, data + l4 + 4, 4);
    uint32_t seq = ntohl(seq_be);
    uint16_t ip_id = v4 ? (data[l3 + 4] << 8) | data[l3 + 5] : 0;
    uint8_t flags = data[l4 + 13];
    size_t n = 0;

    for (size_t ofs = 0; ofs < payload; ofs += mss, n++) {
        size_t chunk = MIN(mss, payload - ofs);
        struct dp_packet *seg = dp_packet_new(hdr_len + chunk,
                                              DP_PACKET_HEADROOM);
        uint8_t *s = dp_packet_put(seg, data, hdr_len);
        dp_packet_put(seg, data + hdr_len + ofs, chunk);
        seg->in_port = p->in_port;
        seg->pkt_mark = p->pkt_mark;

        size_t seg_len = hdr_len + chunk;
        size_t l4_len = seg_len - l4;
        uint32_t partial;
        if (v4) {
            be16 tot_len = htons(seg_len - l3);
            be16 id = htons(ip_id + n);
            memcpy(s + l3 + 2, &tot_len, 2);
            memcpy(s + l3 + 4, &id, 2);
            memset(s + l3 + 10, 0, 2);
            be16 sum = csum(s + l3, (s[l3] & 0x0f) * 4);
            memcpy(s + l3 + 10, &sum, 2);
            be32 src, dst;
            memcpy(&src, s + l3 + 12, 4);
            memcpy(&dst, s + l3 + 16, 4);
            partial = csum_pseudo_ipv4(src, dst, IPPROTO_TCP, l4_len);
        } else {
            be16 plen = htons(seg_len - l3 - 40);
            memcpy(s + l3 + 4, &plen, 2);
            struct in6_addr src, dst;
            memcpy(&src, s + l3 + 8, sizeof src);
            memcpy(&dst, s + l3 + 24, sizeof dst);
            partial = csum_pseudo_ipv6(&src, &dst, IPPROTO_TCP, l4_len);
        }

        be32 seg_seq = htonl(seq + ofs);
        memcpy(s + l4 + 4, &seg_seq, 4);
        bool last = ofs + mss >= payload;
        s[l4 + 13] = flags & ~((last ? 0 : TCP_FLAG_FIN | TCP_FLAG_PSH)
                               | (n ? TCP_FLAG_CWR : 0));
        memset(s + l4 + 16, 0, 2);
        be16 sum = csum_finish(csum_add_bytes(partial, s + l4, l4_len));
        memcpy(s + l4 + 16, &sum, 2);
        cb(seg, aux);
    }
    return n;
}

/* Cuts IPv4 packet "p" (an Ethernet frame if "has_eth", otherwise the IP
 * packet alone), which does not forbid it (no DF), into fragments whose
 * frames have at most "max_len" bytes (RFC 791 §3.2: payloads of a
 * multiple of 8 bytes but the last, offsets and More Fragments kept
 * consistent with a packet that was a fragment already, a header checksum
 * each), and passes them in order to "cb", which takes them over.
 * Returns the number of fragments, or 0 if "p" cannot be cut: not IPv4,
 * DF set, IP options (which would have to be sorted out per fragment), or
 * "max_len" too small for 8 bytes of payload. */
size_t
dp_packet_ip_fragment(const struct dp_packet *p, bool has_eth,
                      size_t max_len,
                      void (*cb)(struct dp_packet *, void *aux), void *aux)
{
    const uint8_t *data = dp_packet_data(p);
    size_t len = dp_packet_size(p);
    size_t l3 = 0;
    uint16_t type = ETH_TYPE_IP;

    if (has_eth && !find_l3(data, len, &l3, &type)) {
        return 0;
    }
    if (type != ETH_TYPE_IP || l3 + 20 > len || data[l3] != 0x45) {
        return 0;
    }
    uint16_t tot_len = (data[l3 + 2] << 8) | data[l3 + 3];
    uint16_t frag = (data[l3 + 6] << 8) | data[l3 + 7];
    if (frag & 0x4000 || tot_len < 20 || l3 + tot_len > len
        || max_len < l3 + 20 + 8) {
        return 0;
    }
    size_t hdr = l3 + 20;
    size_t payload = tot_len - 20;
    size_t chunk_max = (max_len - hdr) & ~(size_t) 7;
    size_t base = (frag & 0x1fff) * 8;
    bool more = frag & 0x2000;
    size_t n = 0;

    for (size_t ofs = 0; ofs < payload; ofs += chunk_max, n++) {
        size_t chunk = MIN(chunk_max, payload - ofs);
        bool last = ofs + chunk >= payload;
        struct dp_packet *f = dp_packet_new(hdr + chunk, DP_PACKET_HEADROOM);
        uint8_t *s = dp_packet_put(f, data, hdr);
        dp_packet_put(f, data + hdr + ofs, chunk);
        f->in_port = p->in_port;
        f->pkt_mark = p->pkt_mark;

        be16 new_len = htons(20 + chunk);
        be16 new_frag = htons(((base + ofs) / 8)
                              | (!last || more ? 0x2000 : 0));
        memcpy(s + l3 + 2, &new_len, 2);
        memcpy(s + l3 + 6, &new_frag, 2);
        memset(s + l3 + 10, 0, 2);
        be16 sum = csum(s + l3, 20);
        memcpy(s + l3 + 10, &sum, 2);
        cb(f, aux);
    }
    return n;
}
