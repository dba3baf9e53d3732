/* Datapath actions: building, committing header changes, text. */
#include <config.h>
#include "odp-actions.h"

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <string.h>
#include "coverage.h"
#include "ds.h"
#include "ofpbuf.h"
#include "packets.h"
#include "util.h"

/* The drop counters: translation counts through them too. */
COVERAGE_DEFINE(xlate_table_miss);
COVERAGE_DEFINE(xlate_ttl_expired);
COVERAGE_DEFINE(xlate_too_many_resubmits);
COVERAGE_DEFINE(normal_drop_reserved_multicast);
COVERAGE_DEFINE(tunnel_drop_loop);
COVERAGE_DEFINE(tunnel_drop_no_remote);
COVERAGE_DEFINE(tunnel_drop_no_route);
COVERAGE_DEFINE(tunnel_drop_no_underlay);
COVERAGE_DEFINE(tunnel_drop_bad_options);
COVERAGE_DEFINE(tunnel_drop_no_port);
COVERAGE_DEFINE(tunnel_drop_l3_payload);
COVERAGE_DEFINE(tunnel_drop_l3_not_ip);
COVERAGE_DECLARE(tun_metadata_drop_truncated);
COVERAGE_DECLARE(tun_metadata_drop_bad_len);
COVERAGE_DECLARE(tun_metadata_drop_crit_unknown);
COVERAGE_DECLARE(tun_metadata_drop_dup_option);

const char *
odp_drop_reason_name(enum odp_drop_reason reason)
{
    switch (reason) {
#define ODP_DROP(ENUM, COUNTER) case ODP_DROP_##ENUM: return #COUNTER;
        ODP_DROP_REASONS
#undef ODP_DROP
    case ODP_N_DROP_REASONS:
        break;
    }
    return "unknown";
}

/* Counts a packet dropped for "reason", in the counter translation
 * uses. */
void
odp_drop_count(enum odp_drop_reason reason)
{
    switch (reason) {
#define ODP_DROP(ENUM, COUNTER) \
    case ODP_DROP_##ENUM: COVERAGE_INC(COUNTER); break;
        ODP_DROP_REASONS
#undef ODP_DROP
    case ODP_N_DROP_REASONS:
        break;
    }
}

static void *
put_action(struct ofpbuf *b, enum odp_action_type type, size_t size)
{
    struct odp_action *a = ofpbuf_put_zeros(b, ROUND_UP(size, 8));

    a->type = type;
    a->len = ROUND_UP(size, 8);
    return a;
}

void
odp_put_output(struct ofpbuf *b, uint32_t port)
{
    struct odpa_output *o = put_action(b, ODPA_OUTPUT, sizeof *o);
    o->port = port;
}

void
odp_put_push_vlan(struct ofpbuf *b, be16 tpid, be16 tci)
{
    struct odpa_push_vlan *v = put_action(b, ODPA_PUSH_VLAN, sizeof *v);
    v->tpid = tpid;
    v->tci = tci;
}

void
odp_put_pop_vlan(struct ofpbuf *b)
{
    put_action(b, ODPA_POP_VLAN, sizeof(struct odp_action));
}

void
odp_put_pop_eth(struct ofpbuf *b)
{
    put_action(b, ODPA_POP_ETH, sizeof(struct odp_action));
}

void
odp_put_drop(struct ofpbuf *b, enum odp_drop_reason reason)
{
    struct odpa_drop *d = put_action(b, ODPA_DROP, sizeof *d);
    d->reason = reason;
}

/* Adds an ODPA_USERSPACE that hands the packet and "data" up. */
void
odp_put_userspace(struct ofpbuf *b, const void *data, size_t len)
{
    struct odp_action *a = put_action(b, ODPA_USERSPACE, sizeof *a + len);
    memcpy(a + 1, data, len);
}

/* Adds an ODPA_TNL_PUSH for the caller to fill in. */
struct odpa_tnl_push *
odp_put_tnl_push(struct ofpbuf *b)
{
    return put_action(b, ODPA_TNL_PUSH, sizeof(struct odpa_tnl_push));
}

void
odp_put_tnl_pop(struct ofpbuf *b, uint32_t tnl_port,
                const struct tnl_pop_config *pop)
{
    struct odpa_tnl_pop *p = put_action(b, ODPA_TNL_POP, sizeof *p);
    p->tnl_port = tnl_port;
    p->pop = *pop;
}

/* Starts a CLONE; the actions put until odp_end_clone(b, ofs) with the
 * returned "ofs" are its nested list. */
size_t
odp_start_clone(struct ofpbuf *b)
{
    size_t ofs = b->size;
    put_action(b, ODPA_CLONE, sizeof(struct odp_action));
    return ofs;
}

/* Ends the CLONE started at "ofs"; an empty one is taken out. */
void
odp_end_clone(struct ofpbuf *b, size_t ofs)
{
    struct odp_action *a = (void *) ((uint8_t *) b->data + ofs);

    a->len = b->size - ofs;
    if (a->len == sizeof *a) {
        b->size = ofs;
    }
}

/* Adds the actions that change a packet whose headers are "base" into one
 * whose headers are "flow", and makes "base" the same as "flow" in the
 * header fields.  Translation must have made the megaflow match every
 * field it changed, so that the change is the same for every packet of
 * the megaflow. */
void
odp_commit(struct ofpbuf *b, struct flow *base, const struct flow *flow)
{
    uint32_t fields = 0;

    /* VLAN tags first: a pushed tag is set with its final TCI. */
    const struct flow_vlan *bv = base->vlans, *nv = flow->vlans;
    if (memcmp(bv, nv, sizeof base->vlans)) {
        bool had = bv[0].tci & htons(VLAN_CFI);
        bool has = nv[0].tci & htons(VLAN_CFI);
        if (had && has && !memcmp(&nv[1], &bv[0], sizeof bv[0])
            && !(bv[1].tci & htons(VLAN_CFI))) {
            odp_put_push_vlan(b, nv[0].tpid, nv[0].tci);
        } else if (had && !memcmp(&nv[0], &bv[1], sizeof bv[1])) {
            odp_put_pop_vlan(b);
        } else if (!had && has) {
            odp_put_push_vlan(b, nv[0].tpid, nv[0].tci);
        } else if (had && has) {
            fields |= ODP_SET_VLAN_TCI;
        } else if (had) {
            odp_put_pop_vlan(b);
        }
    }

    if (!eth_addr_equals(base->dl_src, flow->dl_src)) {
        fields |= ODP_SET_ETH_SRC;
    }
    if (!eth_addr_equals(base->dl_dst, flow->dl_dst)) {
        fields |= ODP_SET_ETH_DST;
    }
    if (flow->dl_type == htons(ETH_TYPE_ARP)) {
        if (base->nw_src != flow->nw_src || base->nw_dst != flow->nw_dst
            || base->nw_proto != flow->nw_proto
            || !eth_addr_equals(base->arp_sha, flow->arp_sha)
            || !eth_addr_equals(base->arp_tha, flow->arp_tha)) {
            fields |= ODP_SET_ARP;
        }
    } else if (flow->dl_type == htons(ETH_TYPE_IP)
               || flow->dl_type == htons(ETH_TYPE_IPV6)) {
        bool v4 = flow->dl_type == htons(ETH_TYPE_IP);
        if (v4 && base->nw_src != flow->nw_src) {
            fields |= ODP_SET_NW_SRC;
        }
        if (v4 && base->nw_dst != flow->nw_dst) {
            fields |= ODP_SET_NW_DST;
        }
        if (!v4 && !ipv6_addr_equals(&base->ipv6_src, &flow->ipv6_src)) {
            fields |= ODP_SET_IPV6_SRC;
        }
        if (!v4 && !ipv6_addr_equals(&base->ipv6_dst, &flow->ipv6_dst)) {
            fields |= ODP_SET_IPV6_DST;
        }
        if (!v4 && base->ipv6_label != flow->ipv6_label) {
            fields |= ODP_SET_IPV6_LABEL;
        }
        if ((base->nw_tos ^ flow->nw_tos) & 0xfc) {
            fields |= ODP_SET_DSCP;
        }
        if ((base->nw_tos ^ flow->nw_tos) & 3) {
            fields |= ODP_SET_ECN;
        }
        if (base->nw_ttl != flow->nw_ttl) {
            fields |= ODP_SET_TTL;
        }
        if (v4 && flow->nw_proto == IPPROTO_ICMP) {
            if (base->tp_src != flow->tp_src
                || base->tp_dst != flow->tp_dst) {
                fields |= ODP_SET_ICMP;
            }
        } else {
            if (base->tp_src != flow->tp_src) {
                fields |= ODP_SET_TP_SRC;
            }
            if (base->tp_dst != flow->tp_dst) {
                fields |= ODP_SET_TP_DST;
            }
        }
    }
    if (fields) {
        struct odpa_set *set = put_action(b, ODPA_SET, sizeof *set);
        set->fields = fields;
        set->flow = *flow;
    }

    /* The packet now has the headers of "flow". */
    base->vlans[0] = flow->vlans[0];
    base->vlans[1] = flow->vlans[1];
    base->dl_src = flow->dl_src;
    base->dl_dst = flow->dl_dst;
    base->nw_src = flow->nw_src;
    base->nw_dst = flow->nw_dst;
    base->ipv6_src = flow->ipv6_src;
    base->ipv6_dst = flow->ipv6_dst;
    base->ipv6_label = flow->ipv6_label;
    base->nw_proto = flow->nw_proto;
    base->nw_tos = flow->nw_tos;
    base->nw_ttl = flow->nw_ttl;
    base->arp_sha = flow->arp_sha;
    base->arp_tha = flow->arp_tha;
    base->tp_src = flow->tp_src;
    base->tp_dst = flow->tp_dst;
}

/* Whether "actions" only send the packet out, unchanged, to ports. */
bool
odp_actions_output_only(const struct odp_action *actions, size_t len)
{
    const struct odp_action *a;

    ODP_ACTION_FOR_EACH (a, actions, len) {
        if (a->type != ODPA_OUTPUT) {
            return false;
        }
    }
    return true;
}

static void
format_ipv6(struct ds *ds, const char *name, const struct in6_addr *a)
{
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, a, buf, sizeof buf);
    ds_put_format(ds, "%s=%s,", name, buf);
}

static void
format_set(struct ds *ds, const struct odpa_set *set)
{
    const struct flow *f = &set->flow;
    uint32_t x = set->fields;

    if (x & (ODP_SET_ETH_SRC | ODP_SET_ETH_DST)) {
        ds_put_cstr(ds, "set(eth(");
        if (x & ODP_SET_ETH_SRC) {
            ds_put_format(ds, "src="ETH_ADDR_FMT",", ETH_ADDR_ARGS(f->dl_src));
        }
        if (x & ODP_SET_ETH_DST) {
            ds_put_format(ds, "dst="ETH_ADDR_FMT",", ETH_ADDR_ARGS(f->dl_dst));
        }
        ds_chomp(ds, ',');
        ds_put_cstr(ds, ")),");
    }
    if (x & ODP_SET_VLAN_TCI) {
        uint16_t tci = ntohs(f->vlans[0].tci);
        ds_put_format(ds, "set(vlan(vid=%u,pcp=%u)),", tci & VLAN_VID_MASK,
                      tci >> VLAN_PCP_SHIFT);
    }
    if (x & ODP_SET_ARP) {
        ds_put_format(ds, "set(arp(sip="IP_FMT",tip="IP_FMT",op=%u,"
                      "sha="ETH_ADDR_FMT",tha="ETH_ADDR_FMT")),",
                      IP_ARGS(f->nw_src), IP_ARGS(f->nw_dst), f->nw_proto,
                      ETH_ADDR_ARGS(f->arp_sha), ETH_ADDR_ARGS(f->arp_tha));
    }
    uint32_t ip = (ODP_SET_NW_SRC | ODP_SET_NW_DST | ODP_SET_IPV6_SRC
                   | ODP_SET_IPV6_DST | ODP_SET_IPV6_LABEL | ODP_SET_DSCP
                   | ODP_SET_ECN | ODP_SET_TTL);
    if (x & ip) {
        bool v4 = f->dl_type == htons(ETH_TYPE_IP);
        ds_put_cstr(ds, v4 ? "set(ipv4(" : "set(ipv6(");
        if (x & ODP_SET_NW_SRC) {
            ds_put_format(ds, "src="IP_FMT",", IP_ARGS(f->nw_src));
        }
        if (x & ODP_SET_NW_DST) {
            ds_put_format(ds, "dst="IP_FMT",", IP_ARGS(f->nw_dst));
        }
        if (x & ODP_SET_IPV6_SRC) {
            format_ipv6(ds, "src", &f->ipv6_src);
        }
        if (x & ODP_SET_IPV6_DST) {
            format_ipv6(ds, "dst", &f->ipv6_dst);
        }
        if (x & ODP_SET_IPV6_LABEL) {
            ds_put_format(ds, "label=%#"PRIx32",", ntohl(f->ipv6_label));
        }
        if (x & (ODP_SET_DSCP | ODP_SET_ECN)) {
            ds_put_format(ds, "%s=%#x/%#x,", v4 ? "tos" : "tclass",
                          f->nw_tos, ((x & ODP_SET_DSCP ? 0xfc : 0)
                                      | (x & ODP_SET_ECN ? 3 : 0)));
        }
        if (x & ODP_SET_TTL) {
            ds_put_format(ds, "%s=%u,", v4 ? "ttl" : "hlimit", f->nw_ttl);
        }
        ds_chomp(ds, ',');
        ds_put_cstr(ds, ")),");
    }
    if (x & ODP_SET_ICMP) {
        ds_put_format(ds, "set(icmp(type=%u,code=%u)),", ntohs(f->tp_src),
                      ntohs(f->tp_dst));
    }
    if (x & (ODP_SET_TP_SRC | ODP_SET_TP_DST)) {
        ds_put_format(ds, "set(%s(", (f->nw_proto == IPPROTO_TCP ? "tcp"
                                      : f->nw_proto == IPPROTO_UDP ? "udp"
                                      : "sctp"));
        if (x & ODP_SET_TP_SRC) {
            ds_put_format(ds, "src=%u,", ntohs(f->tp_src));
        }
        if (x & ODP_SET_TP_DST) {
            ds_put_format(ds, "dst=%u,", ntohs(f->tp_dst));
        }
        ds_chomp(ds, ',');
        ds_put_cstr(ds, ")),");
    }
    ds_chomp(ds, ',');
}

static void
format_tnl_push(struct ds *ds, const struct odpa_tnl_push *p)
{
    const struct flow_tnl *t = &p->tnl;

    ds_put_format(ds, "tnl_push(tnl_port(%"PRIu32"),header(%s,"
                  "eth(dst="ETH_ADDR_FMT",src="ETH_ADDR_FMT"),",
                  p->tnl_port, tnl_type_name(p->cfg.type),
                  ETH_ADDR_ARGS(p->dst), ETH_ADDR_ARGS(p->src));
    if (t->ip_dst) {
        ds_put_format(ds, "ipv4(src="IP_FMT",dst="IP_FMT"),",
                      IP_ARGS(t->ip_src), IP_ARGS(t->ip_dst));
    } else {
        ds_put_cstr(ds, "ipv6(");
        format_ipv6(ds, "src", &t->ipv6_src);
        format_ipv6(ds, "dst", &t->ipv6_dst);
        ds_chomp(ds, ',');
        ds_put_cstr(ds, "),");
    }
    if (t->flags & FLOW_TNL_F_KEY) {
        ds_put_format(ds, "key=%#"PRIx64",", be64toh(t->tun_id));
    }
    if (t->gnv_opts_len) {
        ds_put_cstr(ds, "options(");
        for (size_t i = 0; i < t->gnv_opts_len; i++) {
            ds_put_format(ds, "%02x", t->gnv_opts[i]);
        }
        ds_put_cstr(ds, "),");
    }
    ds_chomp(ds, ',');
    ds_put_cstr(ds, "))");
}

/* Writes "actions" in text; an empty list is "drop". */
void
odp_actions_format(struct ds *ds, const struct odp_action *actions,
                   size_t len)
{
    const struct odp_action *a;

    if (!len) {
        ds_put_cstr(ds, "drop");
        return;
    }
    ODP_ACTION_FOR_EACH (a, actions, len) {
        if (a != actions) {
            ds_put_char(ds, ',');
        }
        switch ((enum odp_action_type) a->type) {
        case ODPA_OUTPUT:
            ds_put_format(ds, "%"PRIu32,
                          ((const struct odpa_output *) a)->port);
            break;
        case ODPA_SET:
            format_set(ds, (const struct odpa_set *) a);
            break;
        case ODPA_PUSH_VLAN: {
            const struct odpa_push_vlan *v = (const void *) a;
            uint16_t tci = ntohs(v->tci);
            ds_put_cstr(ds, "push_vlan(");
            if (v->tpid != htons(ETH_TYPE_VLAN_8021Q)) {
                ds_put_format(ds, "tpid=%#x,", ntohs(v->tpid));
            }
            ds_put_format(ds, "vid=%u,pcp=%u)", tci & VLAN_VID_MASK,
                          tci >> VLAN_PCP_SHIFT);
            break;
        }
        case ODPA_POP_VLAN:
            ds_put_cstr(ds, "pop_vlan");
            break;
        case ODPA_TNL_PUSH:
            format_tnl_push(ds, (const struct odpa_tnl_push *) a);
            break;
        case ODPA_TNL_POP:
            ds_put_format(ds, "tnl_pop(%"PRIu32")",
                          ((const struct odpa_tnl_pop *) a)->tnl_port);
            break;
        case ODPA_CLONE: {
            size_t n;
            const struct odp_action *nested = odp_clone_actions(a, &n);
            ds_put_cstr(ds, "clone(");
            odp_actions_format(ds, nested, n);
            ds_put_char(ds, ')');
            break;
        }
        case ODPA_DROP:
            ds_put_format(ds, "drop(%s)", odp_drop_reason_name(
                              ((const struct odpa_drop *) a)->reason));
            break;
        case ODPA_USERSPACE:
            ds_put_cstr(ds, "userspace(controller)");
            break;
        case ODPA_POP_ETH:
            ds_put_cstr(ds, "pop_eth");
            break;
        default:
            ds_put_format(ds, "unknown(%u)", a->type);
            break;
        }
    }
}
