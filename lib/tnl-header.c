/* Tunnel header push and pop for Geneve, VXLAN, GRE and NVGRE. */
#include <config.h>
#include "tnl-header.h"

#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <string.h>
#include "coverage.h"
#include "csum.h"
#include "dp-packet.h"
#include "flow.h"
#include "geneve.h"
#include "gre.h"
#include "vxlan.h"
#include "util.h"

/* One counter per drop reason, named as tnl_drop_reason_name() says, so
 * "coverage/show" lists every reason. */
static struct coverage_counter drop_counters[TNL_N_DROP_REASONS] = {
#define TNL_DROP(ENUM, NAME) [TNL_DROP_##ENUM] = { .name = NAME },
    TNL_DROP_REASONS
#undef TNL_DROP
};

static void tnl_register_counters(void) __attribute__((__constructor__));
static void
tnl_register_counters(void)
{
    /* "none" and "not a tunnel" are outcomes, not drops. */
    for (int i = TNL_DROP_TRUNCATED; i < TNL_N_DROP_REASONS; i++) {
        coverage_register(&drop_counters[i]);
    }
}

const char *
tnl_drop_reason_name(enum tnl_drop_reason reason)
{
    return (unsigned) reason < TNL_N_DROP_REASONS
           ? drop_counters[reason].name : "unknown";
}

/* Counts a drop for "reason" and returns it. */
static enum tnl_drop_reason
drop(enum tnl_drop_reason reason)
{
    coverage_add(&drop_counters[reason], 1);
    return reason;
}

const char *
tnl_type_name(enum tnl_type type)
{
    switch (type) {
    case TNL_GENEVE: return "geneve";
    case TNL_VXLAN: return "vxlan";
    case TNL_GRE: return "gre";
    case TNL_NVGRE: return "nvgre";
    }
    return "unknown";
}

void
tnl_config_init(struct tnl_config *cfg, enum tnl_type type)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->type = type;
    cfg->tos = 0;
    cfg->ttl = TNL_DEFAULT_TTL;
    cfg->flowid = TNL_FLOWID_HASH;
    cfg->inner_proto = ETH_TYPE_TEB;
}

void
tnl_pop_config_init(struct tnl_pop_config *cfg)
{
    cfg->geneve_port = GENEVE_DST_PORT;
    cfg->vxlan_port = VXLAN_DST_PORT;
    cfg->gre_is_nvgre = false;
}

/* ---------------------------------------------------------------------
 * Push.
 * --------------------------------------------------------------------- */

/* Finds the TOS and TTL of the inner IPv4 or IPv6 header, for "inherit".
 * Returns false if the payload is not IP. */
static bool
inner_tos_ttl(const struct dp_packet *packet, uint16_t inner_proto,
              uint8_t *tos, uint8_t *ttl)
{
    size_t ofs = 0;
    uint16_t type = inner_proto;

    if (inner_proto == ETH_TYPE_TEB) {
        const struct eth_header *eth = dp_packet_at(packet, 0, sizeof *eth);
        if (!eth) {
            return false;
        }
        type = ntohs(eth->eth_type);
        ofs = ETH_HEADER_LEN;
    }
    if (type == ETH_TYPE_IP) {
        const struct ip_header *ip = dp_packet_at(packet, ofs, sizeof *ip);
        if (ip) {
            *tos = ip->ip_tos;
            *ttl = ip->ip_ttl;
            return true;
        }
    } else if (type == ETH_TYPE_IPV6) {
        const struct ipv6_header *ip6 = dp_packet_at(packet, ofs,
                                                     sizeof *ip6);
        if (ip6) {
            *tos = ntohl(ip6->ip6_vtc_flow) >> 20;
            *ttl = ip6->ip6_hlim;
            return true;
        }
    }
    return false;
}

/* Maps a flow hash into the ephemeral port range 49152..65535, the range
 * Linux uses for tunnel source ports (RFC 8926 §3.3, RFC 7348 §5). */
static uint16_t
src_port_from_hash(uint32_t hash)
{
    return 49152 + (uint16_t) (((uint64_t) hash * 16384) >> 32);
}

/* Pushes the tunnel header proper (Geneve, VXLAN or GRE/NVGRE) and returns
 * the IP protocol that carries it. */
static uint8_t
push_tunnel_header(struct dp_packet *packet, const struct tnl_config *cfg,
                   const struct flow_tnl *tnl, uint32_t inner_hash)
{
    uint64_t tun_id = be64toh(tnl->tun_id);

    switch (cfg->type) {
    case TNL_GENEVE: {
        struct geneve_header *gnv;
        bool critical = false;

        /* The C bit is set iff some option has its critical type bit
         * (RFC 8926 §3.4); the options were validated when built. */
        for (size_t ofs = 0; ofs + GENEVE_OPT_HEADER_LEN
                             <= tnl->gnv_opts_len; ) {
            const struct geneve_opt *opt = (const void *) &tnl->gnv_opts[ofs];
            critical |= (opt->type & GENEVE_OPT_TYPE_CRITICAL) != 0;
            ofs += GENEVE_OPT_HEADER_LEN
                   + (opt->len & GENEVE_OPT_LEN_MASK5) * 4;
        }
        dp_packet_push(packet, tnl->gnv_opts, tnl->gnv_opts_len);
        gnv = dp_packet_push_uninit(packet, sizeof *gnv);
        gnv->ver_opt_len = (GENEVE_VERSION << GENEVE_VER_SHIFT)
                           | (tnl->gnv_opts_len / 4);
        gnv->flags = ((tnl->flags & FLOW_TNL_F_OAM) ? GENEVE_F_OAM : 0)
                     | (critical ? GENEVE_F_CRITICAL : 0);
        gnv->proto_type = htons(cfg->inner_proto);
        gnv->vni[0] = tun_id >> 16;
        gnv->vni[1] = tun_id >> 8;
        gnv->vni[2] = tun_id;
        gnv->reserved = 0;
        return IPPROTO_NUM_UDP;
    }
    case TNL_VXLAN: {
        struct vxlan_header *vx = dp_packet_push_uninit(packet, sizeof *vx);
        vx->vx_flags = htonl(VXLAN_FLAG_VNI);
        vx->vx_vni = htonl((uint32_t) (tun_id & 0xffffff) << 8);
        return IPPROTO_NUM_UDP;
    }
    case TNL_GRE:
    case TNL_NVGRE: {
        uint16_t flags = 0;
        uint32_t key;

        if (cfg->type == TNL_NVGRE) {
            uint8_t flowid;
            if (cfg->flowid != TNL_FLOWID_HASH) {
                flowid = cfg->flowid;
            } else if (tnl->nvgre_flowid) {
                flowid = tnl->nvgre_flowid;
            } else {
                flowid = inner_hash & 0xff;
            }
            key = NVGRE_KEY(tun_id & 0xffffff, flowid);
            flags = GRE_F_KEY;
        } else {
            key = tun_id;
            flags = (tnl->flags & FLOW_TNL_F_KEY) || tun_id ? GRE_F_KEY : 0;
            flags |= cfg->csum ? GRE_F_CSUM : 0;
        }
        if (flags & GRE_F_KEY) {
            be32 key_be = htonl(key);
            dp_packet_push(packet, &key_be, sizeof key_be);
        }
        if (flags & GRE_F_CSUM) {
            dp_packet_push_uninit(packet, 4);
            memset(dp_packet_data(packet), 0, 4);
        }
        struct gre_base_header *gre = dp_packet_push_uninit(packet,
                                                            sizeof *gre);
        gre->gre_flags = htons(flags);
        gre->gre_proto = htons(cfg->type == TNL_NVGRE ? ETH_TYPE_TEB
                                                      : cfg->inner_proto);
        if (flags & GRE_F_CSUM) {
            /* RFC 2784 §2.5: over the GRE header and payload. */
            be16 c = csum(dp_packet_data(packet), dp_packet_size(packet));
            memcpy((uint8_t *) dp_packet_data(packet) + 4, &c, sizeof c);
        }
        return IPPROTO_NUM_GRE;
    }
    }
    return 0;
}

/* The next IP ID.  IDs are handed out from one counter for all threads,
 * as the kernel's are per destination, so that two threads do not send
 * the same ID to the same peer soon after each other (which would mix up
 * the fragments of their packets where DF is off); but a thread takes a
 * block of IP_ID_BLOCK at a time, one locked add per block rather than per
 * packet. */
#define IP_ID_BLOCK 64
static uint16_t
next_ip_id(void)
{
    static uint16_t next_block;
    static __thread uint16_t ip_id, left;

    if (OVSX_UNLIKELY(!left)) {
        ip_id = __atomic_fetch_add(&next_block, IP_ID_BLOCK,
                                   __ATOMIC_RELAXED);
        left = IP_ID_BLOCK;
    }
    left--;
    return ip_id++;
}

/* Prepends to "packet" the outer headers of a tunnel of "cfg" with the
 * addresses, key, flags and Geneve options of "tnl": outer Ethernet from
 * "outer_src" to "outer_dst", IPv4 if tnl->ip_dst is set, else IPv6.
 * "inner_hash" (flow_hash_5tuple() of the inner packet) gives the UDP
 * source port, the IPv6 flow label and the NVGRE FlowID their entropy.
 * Returns 0, or EINVAL for a tunnel with no destination or a Geneve option
 * area that is not a whole number of 4-byte words. */
int
tnl_push(struct dp_packet *packet, const struct tnl_config *cfg,
         const struct flow_tnl *tnl, struct eth_addr outer_src,
         struct eth_addr outer_dst, uint32_t inner_hash)
{
    bool ipv6 = !tnl->ip_dst;
    uint8_t tos = cfg->tos >= 0 ? cfg->tos : 0;
    uint8_t ttl = cfg->ttl >= 0 ? cfg->ttl : TNL_DEFAULT_TTL;
    uint8_t inner_tos, inner_ttl;

    if ((ipv6 && ipv6_addr_is_zero(&tnl->ipv6_dst))
        || tnl->gnv_opts_len % 4 || tnl->gnv_opts_len > GENEVE_MAX_OPTS_LEN) {
        return EINVAL;
    }
    if ((cfg->tos == TNL_INHERIT || cfg->ttl == TNL_INHERIT)
        && inner_tos_ttl(packet,
                         cfg->type == TNL_GENEVE ? cfg->inner_proto
                                                 : ETH_TYPE_TEB,
                         &inner_tos, &inner_ttl)) {
        if (cfg->tos == TNL_INHERIT) {
            /* DSCP and ECN both copied: RFC 6040 §4.1 normal mode. */
            tos = inner_tos;
        }
        if (cfg->ttl == TNL_INHERIT) {
            ttl = inner_ttl;
        }
    }

    uint8_t proto = push_tunnel_header(packet, cfg, tnl, inner_hash);
    size_t l4_len = dp_packet_size(packet);

    if (proto == IPPROTO_NUM_UDP) {
        uint16_t port = cfg->dst_port ? cfg->dst_port
                        : cfg->type == TNL_GENEVE ? GENEVE_DST_PORT
                        : VXLAN_DST_PORT;
        struct udp_header *udp = dp_packet_push_uninit(packet, sizeof *udp);

        l4_len += sizeof *udp;
        udp->udp_src = htons(src_port_from_hash(inner_hash));
        udp->udp_dst = htons(port);
        udp->udp_len = htons(l4_len);
        udp->udp_csum = 0;
        if (cfg->csum || ipv6) {
            uint32_t partial = (ipv6
                ? csum_pseudo_ipv6(&tnl->ipv6_src, &tnl->ipv6_dst, proto,
                                   l4_len)
                : csum_pseudo_ipv4(tnl->ip_src, tnl->ip_dst, proto, l4_len));
            be16 c = csum_finish(csum_add_bytes(partial, udp, l4_len));
            /* A computed zero is sent as all ones (RFC 768). */
            udp->udp_csum = c ? c : 0xffff;
        }
    }

    if (ipv6) {
        struct ipv6_header *ip6 = dp_packet_push_uninit(packet, sizeof *ip6);
        ip6->ip6_vtc_flow = htonl((6u << 28) | ((uint32_t) tos << 20)
                                  | (inner_hash & IPV6_LABEL_MASK));
        ip6->ip6_plen = htons(l4_len);
        ip6->ip6_nxt = proto;
        ip6->ip6_hlim = ttl;
        memcpy(&ip6->ip6_src, &tnl->ipv6_src, sizeof ip6->ip6_src);
        memcpy(&ip6->ip6_dst, &tnl->ipv6_dst, sizeof ip6->ip6_dst);
    } else {
        struct ip_header *ip = dp_packet_push_uninit(packet, sizeof *ip);
        bool df = cfg->df_default || (tnl->flags & FLOW_TNL_F_DONT_FRAGMENT);

        ip->ip_ihl_ver = IP_IHL_VER(5, 4);
        ip->ip_tos = tos;
        ip->ip_tot_len = htons(l4_len + sizeof *ip);
        ip->ip_id = htons(next_ip_id());
        ip->ip_frag_off = htons(df ? IP_DONT_FRAGMENT : 0);
        ip->ip_ttl = ttl;
        ip->ip_proto = proto;
        ip->ip_csum = 0;
        ip->ip_src = tnl->ip_src;
        ip->ip_dst = tnl->ip_dst;
        ip->ip_csum = csum(ip, sizeof *ip);
    }

    struct eth_header *eth = dp_packet_push_uninit(packet, sizeof *eth);
    eth->eth_dst = outer_dst;
    eth->eth_src = outer_src;
    eth->eth_type = htons(ipv6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP);
    dp_packet_reset_offsets(packet);
    return 0;
}

/* Builds into "t" the outer headers that tnl_push() would put in front of
 * a packet with the same arguments, if the push is one that a template
 * serves (see struct tnl_push_template); else sets t->len to 0.  Every
 * byte of "t" is set, so that two builds of the same push compare equal. */
void
tnl_push_template_build(struct tnl_push_template *t,
                        const struct tnl_config *cfg,
                        const struct flow_tnl *tnl,
                        struct eth_addr outer_src, struct eth_addr outer_dst)
{
    memset(t, 0, sizeof *t);
    if ((cfg->type != TNL_GENEVE && cfg->type != TNL_VXLAN)
        || !tnl->ip_dst || cfg->csum
        || cfg->tos == TNL_INHERIT || cfg->ttl == TNL_INHERIT) {
        return;
    }

    struct dp_packet *p = dp_packet_new(0, TNL_TEMPLATE_MAX);
    if (!tnl_push(p, cfg, tnl, outer_src, outer_dst, 0)
        && dp_packet_size(p) <= TNL_TEMPLATE_MAX) {
        uint8_t *h = dp_packet_data(p);
        struct ip_header *ip = (struct ip_header *) (h + ETH_HEADER_LEN);
        struct udp_header *udp = (struct udp_header *) (ip + 1);

        ip->ip_tot_len = 0;
        ip->ip_id = 0;
        ip->ip_csum = 0;
        ip->ip_csum = csum(ip, sizeof *ip);
        udp->udp_len = 0;
        udp->udp_src = 0;
        t->len = dp_packet_size(p);
        t->ip_ofs = ETH_HEADER_LEN;
        t->udp_ofs = ETH_HEADER_LEN + sizeof *ip;
        memcpy(t->header, h, t->len);
    }
    dp_packet_delete(p);
}

/* Puts the headers of "t" (whose "len" is not 0) in front of "packet", as
 * tnl_push() would with "inner_hash". */
void
tnl_push_from_template(struct dp_packet *packet,
                       const struct tnl_push_template *t, uint32_t inner_hash)
{
    uint16_t ip_len = dp_packet_size(packet) + t->len - t->ip_ofs;
    uint16_t id = next_ip_id();
    uint8_t *h = dp_packet_push_uninit(packet, t->len);

    memcpy(h, t->header, t->len);

    /* RFC 1624: the checksum of the template's zeros, plus the length and
     * the ID. */
    struct ip_header *ip = (struct ip_header *) (h + t->ip_ofs);
    uint32_t sum = (uint16_t) ~ntohs(ip->ip_csum) + ip_len + id;
    ip->ip_tot_len = htons(ip_len);
    ip->ip_id = htons(id);
    ip->ip_csum = csum_finish(sum);

    struct udp_header *udp = (struct udp_header *) (h + t->udp_ofs);
    udp->udp_len = htons(ip_len - (t->udp_ofs - t->ip_ofs));
    udp->udp_src = htons(src_port_from_hash(inner_hash));
    dp_packet_reset_offsets(packet);
}

/* ---------------------------------------------------------------------
 * Pop.
 * --------------------------------------------------------------------- */

/* Geneve (RFC 8926 §3.4-3.5): version 0, options within opt_len, each
 * option within the option area. */
static enum tnl_drop_reason
pop_geneve(struct pkt_cursor *s, struct flow_tnl *tnl, uint16_t *inner_proto)
{
    const struct geneve_header *gnv = pkt_cursor_pull(s, sizeof *gnv);

    if (!gnv) {
        return drop(TNL_DROP_TRUNCATED);
    }
    if (gnv->ver_opt_len >> GENEVE_VER_SHIFT != GENEVE_VERSION) {
        return drop(TNL_DROP_GENEVE_BAD_VERSION);
    }
    size_t opts_len = (gnv->ver_opt_len & GENEVE_OPT_LEN_MASK) * 4;
    const uint8_t *opts = pkt_cursor_pull(s, opts_len);
    if (!opts) {
        return drop(TNL_DROP_GENEVE_OPT_LEN);
    }
    for (size_t ofs = 0; ofs < opts_len; ) {
        const struct geneve_opt *opt = (const void *) &opts[ofs];
        if (opts_len - ofs < GENEVE_OPT_HEADER_LEN
            || (opt->len & GENEVE_OPT_LEN_MASK5) * 4
               > opts_len - ofs - GENEVE_OPT_HEADER_LEN) {
            return drop(TNL_DROP_GENEVE_BAD_OPTION);
        }
        ofs += GENEVE_OPT_HEADER_LEN + (opt->len & GENEVE_OPT_LEN_MASK5) * 4;
    }

    uint16_t proto = ntohs(gnv->proto_type);
    if (proto != ETH_TYPE_TEB && proto != ETH_TYPE_IP
        && proto != ETH_TYPE_IPV6) {
        return drop(TNL_DROP_GENEVE_BAD_PROTO);
    }
    *inner_proto = proto;
    tnl->tun_id = htobe64(((uint32_t) gnv->vni[0] << 16)
                          | (gnv->vni[1] << 8) | gnv->vni[2]);
    tnl->flags |= FLOW_TNL_F_KEY;
    if (gnv->flags & GENEVE_F_OAM) {
        tnl->flags |= FLOW_TNL_F_OAM;
    }
    if (gnv->flags & GENEVE_F_CRITICAL) {
        tnl->flags |= FLOW_TNL_F_CRIT_OPT;
    }
    memcpy(tnl->gnv_opts, opts, opts_len);
    tnl->gnv_opts_len = opts_len;
    return TNL_DROP_NONE;
}

/* VXLAN (RFC 7348 §5): the I flag must be set. */
static enum tnl_drop_reason
pop_vxlan(struct pkt_cursor *s, struct flow_tnl *tnl, uint16_t *inner_proto)
{
    const struct vxlan_header *vx = pkt_cursor_pull(s, sizeof *vx);

    if (!vx) {
        return drop(TNL_DROP_TRUNCATED);
    }
    if (!(ntohl(vx->vx_flags) & VXLAN_FLAG_VNI)) {
        return drop(TNL_DROP_VXLAN_NO_VNI);
    }
    tnl->tun_id = htobe64(ntohl(vx->vx_vni) >> 8);
    tnl->flags |= FLOW_TNL_F_KEY;
    *inner_proto = ETH_TYPE_TEB;
    return TNL_DROP_NONE;
}

/* GRE (RFC 2784, 2890) and NVGRE (RFC 7637 §3.2). */
static enum tnl_drop_reason
pop_gre(struct pkt_cursor *s, bool nvgre, struct flow_tnl *tnl,
        uint16_t *inner_proto)
{
    const uint8_t *start = s->data;
    size_t total = s->size;
    const struct gre_base_header *gre = pkt_cursor_pull(s, sizeof *gre);

    if (!gre) {
        return drop(TNL_DROP_TRUNCATED);
    }
    uint16_t flags = ntohs(gre->gre_flags);
    if (flags & GRE_VERSION_MASK) {
        return drop(TNL_DROP_GRE_BAD_VERSION);
    }
    if (flags & GRE_F_ROUTING) {
        return drop(TNL_DROP_GRE_ROUTING);
    }
    if (nvgre && (flags != GRE_F_KEY
                  || ntohs(gre->gre_proto) != ETH_TYPE_TEB)) {
        return drop(TNL_DROP_NVGRE_BAD_HEADER);
    }
    if (flags & GRE_F_CSUM) {
        if (!pkt_cursor_pull(s, 4)) {
            return drop(TNL_DROP_TRUNCATED);
        }
        if (csum(start, total)) {
            return drop(TNL_DROP_GRE_BAD_CSUM);
        }
        tnl->flags |= FLOW_TNL_F_CSUM;
    }
    if (flags & GRE_F_KEY) {
        const uint8_t *key = pkt_cursor_pull(s, 4);
        if (!key) {
            return drop(TNL_DROP_TRUNCATED);
        }
        uint32_t k = get_unaligned_be32(key);
        if (nvgre) {
            uint32_t vsid = NVGRE_VSID(k);
            if (vsid < NVGRE_VSID_MIN || vsid > NVGRE_VSID_MAX) {
                return drop(TNL_DROP_NVGRE_RESERVED_VSID);
            }
            tnl->tun_id = htobe64(vsid);
            tnl->nvgre_flowid = NVGRE_FLOWID(k);
        } else {
            tnl->tun_id = htobe64(k);
        }
        tnl->flags |= FLOW_TNL_F_KEY;
    }
    if ((flags & GRE_F_SEQ) && !pkt_cursor_pull(s, 4)) {
        return drop(TNL_DROP_TRUNCATED);
    }
    *inner_proto = ntohs(gre->gre_proto);
    return TNL_DROP_NONE;
}

/* Recognises and strips the outer headers of the tunnel packet in
 * "packet", which starts at the outer Ethernet header.  On success returns
 * TNL_DROP_NONE, fills "*tnl" (zeroed first), "*type" and "*inner_proto"
 * (ETH_TYPE_TEB for an inner Ethernet frame, else the ethertype of a bare
 * L3 packet), and leaves the packet holding the inner packet only.
 * Returns TNL_DROP_NOT_TUNNEL, changing nothing, for a packet that is not
 * Geneve, VXLAN or GRE; returns another reason, counting it, for a tunnel
 * packet that is malformed. */
enum tnl_drop_reason
tnl_pop(struct dp_packet *packet, const struct tnl_pop_config *cfg,
        struct flow_tnl *tnl, enum tnl_type *type, uint16_t *inner_proto)
{
    struct pkt_cursor s = { dp_packet_data(packet), dp_packet_size(packet) };
    const struct eth_header *eth = pkt_cursor_pull(&s, sizeof *eth);
    uint8_t proto;
    enum tnl_drop_reason reason;

    zero_small(tnl, sizeof *tnl);
    if (!eth) {
        return TNL_DROP_NOT_TUNNEL;
    }

    /* The outer IP header: only its protocol decides whether this is a
     * tunnel packet at all; after that every defect is a drop. */
    if (eth->eth_type == htons(ETH_TYPE_IP)) {
        const struct ip_header *ip = (s.size >= sizeof *ip
                                      ? (const void *) s.data : NULL);
        if (!ip || (ip->ip_proto != IPPROTO_NUM_UDP
                    && ip->ip_proto != IPPROTO_NUM_GRE)) {
            return TNL_DROP_NOT_TUNNEL;
        }
        size_t ihl = IP_IHL(ip->ip_ihl_ver) * 4;
        size_t tot_len = ntohs(ip->ip_tot_len);
        if (IP_VER(ip->ip_ihl_ver) != 4 || ihl < IP_HEADER_LEN
            || tot_len < ihl) {
            return drop(TNL_DROP_IP_BAD_HEADER);
        }
        if (tot_len > s.size) {
            return drop(TNL_DROP_TRUNCATED);
        }
        if (!csum_ipv4_header_ok(ip, ihl)) {
            return drop(TNL_DROP_IP_BAD_CSUM);
        }
        if (IP_IS_FRAGMENT(ip->ip_frag_off)) {
            return drop(TNL_DROP_IP_FRAGMENT);
        }
        s.size = tot_len;           /* Drop Ethernet padding. */
        pkt_cursor_pull(&s, ihl);
        proto = ip->ip_proto;
        tnl->ip_src = ip->ip_src;
        tnl->ip_dst = ip->ip_dst;
        tnl->ip_tos = ip->ip_tos;
        tnl->ip_ttl = ip->ip_ttl;
        if (ip->ip_frag_off & htons(IP_DONT_FRAGMENT)) {
            tnl->flags |= FLOW_TNL_F_DONT_FRAGMENT;
        }
    } else if (eth->eth_type == htons(ETH_TYPE_IPV6)) {
        const struct ipv6_header *ip6 = (s.size >= sizeof *ip6
                                         ? (const void *) s.data : NULL);
        if (!ip6 || (ip6->ip6_nxt != IPPROTO_NUM_UDP
                     && ip6->ip6_nxt != IPPROTO_NUM_GRE)) {
            return TNL_DROP_NOT_TUNNEL;
        }
        if (ntohl(ip6->ip6_vtc_flow) >> 28 != 6) {
            return drop(TNL_DROP_IP_BAD_HEADER);
        }
        pkt_cursor_pull(&s, sizeof *ip6);
        if (ntohs(ip6->ip6_plen) > s.size) {
            return drop(TNL_DROP_TRUNCATED);
        }
        s.size = ntohs(ip6->ip6_plen);
        proto = ip6->ip6_nxt;
        memcpy(&tnl->ipv6_src, &ip6->ip6_src, sizeof tnl->ipv6_src);
        memcpy(&tnl->ipv6_dst, &ip6->ip6_dst, sizeof tnl->ipv6_dst);
        tnl->ip_tos = ntohl(ip6->ip6_vtc_flow) >> 20;
        tnl->ip_ttl = ip6->ip6_hlim;
    } else {
        return TNL_DROP_NOT_TUNNEL;
    }

    if (proto == IPPROTO_NUM_UDP) {
        const struct udp_header *udp = (s.size >= sizeof *udp
                                        ? (const void *) s.data : NULL);
        if (!udp) {
            return drop(TNL_DROP_TRUNCATED);
        }
        uint16_t dport = ntohs(udp->udp_dst);
        if (dport != cfg->geneve_port && dport != cfg->vxlan_port) {
            memset(tnl, 0, sizeof *tnl);
            return TNL_DROP_NOT_TUNNEL;
        }
        size_t udp_len = ntohs(udp->udp_len);
        if (udp_len < sizeof *udp || udp_len > s.size) {
            return drop(TNL_DROP_UDP_BAD_LEN);
        }
        s.size = udp_len;
        if (udp->udp_csum) {
            uint32_t partial = (eth->eth_type == htons(ETH_TYPE_IP)
                ? csum_pseudo_ipv4(tnl->ip_src, tnl->ip_dst, proto, udp_len)
                : csum_pseudo_ipv6(&tnl->ipv6_src, &tnl->ipv6_dst, proto,
                                   udp_len));
            if (csum_finish(csum_add_bytes(partial, udp, udp_len))) {
                return drop(TNL_DROP_UDP_BAD_CSUM);
            }
            tnl->flags |= FLOW_TNL_F_CSUM;
        }
        pkt_cursor_pull(&s, sizeof *udp);
        tnl->tp_src = udp->udp_src;
        tnl->tp_dst = udp->udp_dst;
        if (dport == cfg->geneve_port) {
            *type = TNL_GENEVE;
            reason = pop_geneve(&s, tnl, inner_proto);
        } else {
            *type = TNL_VXLAN;
            reason = pop_vxlan(&s, tnl, inner_proto);
        }
    } else {
        *type = cfg->gre_is_nvgre ? TNL_NVGRE : TNL_GRE;
        reason = pop_gre(&s, cfg->gre_is_nvgre, tnl, inner_proto);
    }
    if (reason != TNL_DROP_NONE) {
        return reason;
    }
    if (*inner_proto == ETH_TYPE_TEB && s.size < ETH_HEADER_LEN) {
        return drop(TNL_DROP_TRUNCATED);
    }

    /* Keep exactly the inner packet: strip the outer headers in front and
     * any outer padding behind. */
    dp_packet_pull(packet, s.data - (const uint8_t *) dp_packet_data(packet));
    dp_packet_set_size(packet, s.size);
    return TNL_DROP_NONE;
}

/* Path MTU for tunnels: "frame", an IPv4 packet with DF set or an IPv6
 * packet (behind an Ethernet header and VLAN tags if "has_eth"), is too
 * big for a tunnel whose payload may be at most "max_len" bytes (the
 * frame as "frame" is).  Returns the reply that tells its sender: ICMP
 * "fragmentation needed" (RFC 792, next-hop MTU per RFC 1191) or ICMPv6
 * "packet too big" (RFC 4443 §3.2), from the packet's destination to its
 * source, Ethernet addresses swapped, with the MTU the inner IP packet may
 * have; or NULL if none is due (not IP, IPv4 without DF, truncated). */
struct dp_packet *
tnl_too_big_reply(const struct dp_packet *frame, bool has_eth, size_t max_len)
{
    const uint8_t *d = dp_packet_data(frame);
    size_t size = dp_packet_size(frame), l3 = 0;
    uint16_t type;

    if (has_eth) {
        if (size < ETH_HEADER_LEN) {
            return NULL;
        }
        l3 = ETH_HEADER_LEN;
        type = get_unaligned_be16(d + 12);
        while (eth_type_is_vlan(type) && size >= l3 + 4) {
            type = get_unaligned_be16(d + l3 + 2);
            l3 += 4;
        }
    } else {
        type = size && (d[0] >> 4) == 6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP;
    }
    if (max_len <= l3) {
        return NULL;
    }
    uint32_t mtu = max_len - l3;

    struct dp_packet *r = dp_packet_new(1400, DP_PACKET_HEADROOM);
    if (has_eth) {
        struct eth_header *eth = dp_packet_put_zeros(r, sizeof *eth);
        memcpy(&eth->eth_dst, d + 6, ETH_ADDR_LEN);
        memcpy(&eth->eth_src, d, ETH_ADDR_LEN);
        eth->eth_type = htons(type);
    }
    if (type == ETH_TYPE_IP && size >= l3 + IP_HEADER_LEN) {
        const struct ip_header *ip = (const void *) (d + l3);
        size_t ihl = (ip->ip_ihl_ver & 0x0f) * 4;
        if (!(ntohs(ip->ip_frag_off) & IP_DONT_FRAGMENT) || ihl < 20
            || size < l3 + ihl) {
            dp_packet_delete(r);
            return NULL;
        }
        /* The invoking header and 64 bits of its data (RFC 792). */
        size_t quote = MIN(size - l3, ihl + 8);
        struct ip_header *rip = dp_packet_put_zeros(r, sizeof *rip);
        struct icmp_header *icmp = dp_packet_put_zeros(r, sizeof *icmp);
        dp_packet_put(r, ip, quote);
        rip->ip_ihl_ver = 0x45;
        rip->ip_tot_len = htons(sizeof *rip + sizeof *icmp + quote);
        rip->ip_frag_off = htons(IP_DONT_FRAGMENT);
        rip->ip_ttl = 64;
        rip->ip_proto = IPPROTO_NUM_ICMP;
        memcpy(&rip->ip_src, &ip->ip_dst, sizeof rip->ip_src);
        memcpy(&rip->ip_dst, &ip->ip_src, sizeof rip->ip_dst);
        rip->ip_csum = csum(rip, sizeof *rip);
        icmp->icmp_type = 3;            /* Destination unreachable. */
        icmp->icmp_code = 4;            /* Fragmentation needed, DF set. */
        icmp->icmp_rest = htonl(MIN(mtu, 0xffff));
        icmp->icmp_csum = csum(icmp, sizeof *icmp + quote);
        return r;
    }
    if (type == ETH_TYPE_IPV6 && size >= l3 + IPV6_HEADER_LEN) {
        const struct ipv6_header *ip6 = (const void *) (d + l3);
        /* As much of the packet as fits the IPv6 minimum MTU. */
        size_t quote = MIN(size - l3, 1280 - IPV6_HEADER_LEN - 8);
        struct ipv6_header *rip6 = dp_packet_put_zeros(r, sizeof *rip6);
        uint8_t *icmp6 = dp_packet_put_zeros(r, 8);
        dp_packet_put(r, ip6, quote);
        rip6->ip6_vtc_flow = htonl(6u << 28);
        rip6->ip6_plen = htons(8 + quote);
        rip6->ip6_nxt = IPPROTO_NUM_ICMPV6;
        rip6->ip6_hlim = 64;
        rip6->ip6_src = ip6->ip6_dst;
        rip6->ip6_dst = ip6->ip6_src;
        icmp6[0] = ICMP6_PACKET_TOO_BIG;
        put_unaligned_be32(icmp6 + 4, mtu);
        struct in6_addr src = rip6->ip6_src, dst = rip6->ip6_dst;
        be16 c = csum_finish(csum_add_bytes(
            csum_pseudo_ipv6(&src, &dst, IPPROTO_NUM_ICMPV6, 8 + quote),
            icmp6, 8 + quote));
        memcpy(icmp6 + 2, &c, sizeof c);
        return r;
    }
    dp_packet_delete(r);
    return NULL;
}
