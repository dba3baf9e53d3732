/* Open vSwitch text syntax for flows, matches and actions. */
#include <config.h>
#include "ofp-print.h"

#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "ds.h"
#include "flow.h"
#include "match.h"
#include "meta-flow.h"
#include "ofp-actions.h"
#include "packets.h"
#include "tun-metadata.h"
#include "util.h"

/* How a field's value is written. */
enum value_kind {
    KIND_INT,                   /* Decimal. */
    KIND_HEX,                   /* 0x... */
    KIND_MAC,
    KIND_IPV4,
    KIND_IPV6,
};

static enum value_kind
field_kind(const struct mf_field *mf)
{
    switch (mf->id) {
    case MFF_ETH_SRC: case MFF_ETH_DST: case MFF_ARP_SHA: case MFF_ARP_THA:
    case MFF_ND_SLL: case MFF_ND_TLL:
        return KIND_MAC;
    case MFF_IPV4_SRC: case MFF_IPV4_DST: case MFF_ARP_SPA: case MFF_ARP_TPA:
    case MFF_TUN_SRC: case MFF_TUN_DST:
        return KIND_IPV4;
    case MFF_IPV6_SRC: case MFF_IPV6_DST: case MFF_ND_TARGET:
    case MFF_TUN_IPV6_SRC: case MFF_TUN_IPV6_DST:
        return KIND_IPV6;
    case MFF_IN_PORT: case MFF_IN_PORT_OXM: case MFF_TCP_SRC:
    case MFF_TCP_DST: case MFF_UDP_SRC: case MFF_UDP_DST: case MFF_SCTP_SRC:
    case MFF_SCTP_DST: case MFF_IP_PROTO: case MFF_IP_TTL: case MFF_IP_DSCP:
    case MFF_IP_DSCP_SHIFTED: case MFF_IP_ECN: case MFF_ICMPV4_TYPE:
    case MFF_ICMPV4_CODE: case MFF_ICMPV6_TYPE: case MFF_ICMPV6_CODE:
    case MFF_DL_VLAN: case MFF_VLAN_VID: case MFF_DL_VLAN_PCP:
    case MFF_VLAN_PCP: case MFF_ARP_OP:
        return KIND_INT;
    default:
        return KIND_HEX;
    }
}

/* Parses "s" as a value of "mf", "len" bytes wide, into "value".  Returns
 * false if it is not one. */
static bool
parse_value(const struct mf_field *mf, size_t len, const char *s,
            union mf_value *value)
{
    memset(value, 0, sizeof *value);
    switch (field_kind(mf)) {
    case KIND_MAC:
        return eth_addr_from_string(s, &value->mac);
    case KIND_IPV4:
        return inet_pton(AF_INET, s, &value->be32) == 1;
    case KIND_IPV6:
        return inet_pton(AF_INET6, s, &value->ipv6) == 1;
    case KIND_INT:
    case KIND_HEX:
    default:
        break;
    }

    /* An integer, right-aligned in "len" bytes; longer hex strings for
     * wide fields (tun_metadata). */
    if (!strncmp(s, "0x", 2) && strlen(s + 2) > 16) {
        const char *hex = s + 2;
        size_t digits = strlen(hex);
        if (digits > 2 * len) {
            return false;
        }
        for (size_t i = 0; i < digits; i++) {
            char c = hex[digits - 1 - i];
            int v = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0) {
                return false;
            }
            value->u8[len - 1 - i / 2] |= v << (4 * (i % 2));
        }
        return true;
    }
    char *end;
    unsigned long long x = strtoull(s, &end, 0);
    if (*end || end == s) {
        return false;
    }
    for (size_t i = 0; i < len && i < 8; i++) {
        value->u8[len - 1 - i] = x >> (8 * i);
    }
    return len >= 8 || x >> (8 * len) == 0;
}

/* Protocol shorthands of the flow syntax. */
static const struct {
    const char *name;
    uint16_t dl_type;
    uint8_t nw_proto;
} protos[] = {
    { "ip", ETH_TYPE_IP, 0 }, { "ipv6", ETH_TYPE_IPV6, 0 },
    { "arp", ETH_TYPE_ARP, 0 }, { "tcp", ETH_TYPE_IP, 6 },
    { "udp", ETH_TYPE_IP, 17 }, { "sctp", ETH_TYPE_IP, 132 },
    { "icmp", ETH_TYPE_IP, 1 }, { "tcp6", ETH_TYPE_IPV6, 6 },
    { "udp6", ETH_TYPE_IPV6, 17 }, { "sctp6", ETH_TYPE_IPV6, 132 },
    { "icmp6", ETH_TYPE_IPV6, 58 },
};

/* Parses the flow "s" (comma-separated "field=value" and protocol names,
 * as in "ovs-appctl ofproto/trace") into "flow", which the caller zeroed;
 * tun_metadataN fields need their mapping in "tab".  Returns NULL, or an
 * error message the caller frees. */
char *
ofp_parse_flow(const char *s, const struct tun_table *tab, struct flow *flow)
{
    char *copy = xstrdup(s);
    char *save = NULL, *error = NULL;

    flow->tunnel.metadata.tab = tab;
    for (char *tok = strtok_r(copy, ", ", &save); tok && !error;
         tok = strtok_r(NULL, ", ", &save)) {
        char *eq = strchr(tok, '=');
        bool found = false;

        if (!eq) {
            for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
                if (!strcmp(tok, protos[i].name)) {
                    flow->dl_type = htons(protos[i].dl_type);
                    flow->nw_proto = protos[i].nw_proto;
                    found = true;
                }
            }
            if (!found) {
                error = xasprintf("%s: unknown field or protocol", tok);
            }
            continue;
        }
        *eq = '\0';
        const struct mf_field *mf = mf_from_name(tok);
        if (!mf) {
            error = xasprintf("%s: unknown field", tok);
            break;
        }
        const char *v = eq + 1;
        if ((mf->id == MFF_IN_PORT || mf->id == MFF_IN_PORT_OXM)
            && !strcasecmp(v, "LOCAL")) {
            flow->in_port = 65534;
            continue;
        }
        size_t len = mf->variable_len ? mf_field_len(mf, tab) : mf->n_bytes;
        union mf_value value;
        if (!len) {
            error = xasprintf("%s: not mapped in the TLV table", tok);
        } else if (!parse_value(mf, len, v, &value)) {
            error = xasprintf("%s: bad value %s", tok, v);
        } else if (mf->id == MFF_IN_PORT || mf->id == MFF_IN_PORT_OXM) {
            flow->in_port = strtoul(v, NULL, 0);
        } else {
            mf_set_flow_value(mf, &value, flow);
        }
    }
    free(copy);
    return error;
}

static void
format_value(struct ds *ds, const struct mf_field *mf, size_t len,
             const union mf_value *v)
{
    char buf[INET6_ADDRSTRLEN];

    switch (field_kind(mf)) {
    case KIND_MAC:
        ds_put_format(ds, ETH_ADDR_FMT, ETH_ADDR_ARGS(v->mac));
        return;
    case KIND_IPV4:
        ds_put_cstr(ds, inet_ntop(AF_INET, &v->be32, buf, sizeof buf));
        return;
    case KIND_IPV6:
        ds_put_cstr(ds, inet_ntop(AF_INET6, &v->ipv6, buf, sizeof buf));
        return;
    case KIND_INT: {
        uint64_t x = 0;
        for (size_t i = 0; i < len; i++) {
            x = (x << 8) | v->u8[i];
        }
        ds_put_format(ds, "%"PRIu64, x);
        return;
    }
    case KIND_HEX:
    default: {
        size_t i = 0;
        while (i + 1 < len && !v->u8[i]) {
            i++;
        }
        ds_put_format(ds, "0x%x", v->u8[i]);
        for (i++; i < len; i++) {
            ds_put_format(ds, "%02x", v->u8[i]);
        }
        return;
    }
    }
}

/* The name a match is printed with: the classic OpenFlow 1.0 names
 * ("dl_src", "nw_src", "tp_dst") where the field has one, as
 * "ovs-ofctl" prints matches. */
static const char *
print_name(const struct mf_field *mf)
{
    const char *x = mf->extra_name;

    return (x && (!strncmp(x, "dl_", 3) || !strncmp(x, "nw_", 3)
                  || !strncmp(x, "tp_", 3)) ? x : mf->name);
}

/* The prefix length of "mask" ("len" bytes), or -1 if it is not one. */
static int
prefix_len(const uint8_t *mask, size_t len)
{
    int n = 0;
    size_t i = 0;

    for (; i < len && mask[i] == 0xff; i++) {
        n += 8;
    }
    if (i < len) {
        uint8_t b = mask[i];
        while (b & 0x80) {
            n++;
            b <<= 1;
        }
        if (b) {
            return -1;
        }
        for (i++; i < len; i++) {
            if (mask[i]) {
                return -1;
            }
        }
    }
    return n;
}

/* Appends "match" as Open vSwitch prints it: a protocol name ("ip",
 * "tcp", "arp", ...) for the Ethernet type and IP protocol, then
 * "field=value[/mask]" for every other field it matches whose
 * prerequisites it meets; a tun_metadataN it requires absent is "=NP". */
void
ofp_match_format(struct ds *ds, const struct match *match)
{
    const struct tun_table *tab = match->flow.tunnel.metadata.tab;
    const struct flow *f = &match->flow, *w = &match->wc;
    size_t start = ds->length;
    bool skip_type = false, skip_proto = false;

    if (w->dl_type == 0xffff) {
        uint16_t type = ntohs(f->dl_type);
        bool proto = w->nw_proto == 0xff;
        const char *name = NULL;
        for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
            if (protos[i].dl_type == type
                && (proto ? protos[i].nw_proto == f->nw_proto
                          && protos[i].nw_proto
                          : !protos[i].nw_proto)) {
                name = protos[i].name;
            }
        }
        if (!name && proto) {
            for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
                if (protos[i].dl_type == type && !protos[i].nw_proto) {
                    name = protos[i].name;
                }
            }
            skip_proto = false;
        } else {
            skip_proto = proto && name;
        }
        if (name) {
            ds_put_cstr(ds, name);
            skip_type = true;
        }
    }

    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *mf = mf_from_id(id);
        if (!mf || id == MFF_IN_PORT_OXM || id == MFF_DL_VLAN
            || id == MFF_VLAN_VID || id == MFF_DL_VLAN_PCP
            || id == MFF_VLAN_PCP || id == MFF_IP_DSCP
            || id == MFF_IP_DSCP_SHIFTED || (id >= MFF_XREG0
                                            && id <= MFF_XREG7)
            || (id == MFF_ETH_TYPE && skip_type)
            || (id == MFF_IP_PROTO && skip_proto)) {
            continue;
        }
        size_t len = mf->variable_len ? mf_field_len(mf, tab) : mf->n_bytes;
        union mf_value value, mask;
        if (!len || mf_is_all_wild(mf, match)
            || !mf_are_prereqs_ok(mf, match)) {
            continue;
        }
        if (ds->length > start) {
            ds_put_char(ds, ',');
        }
        ds_put_format(ds, "%s=", print_name(mf));
        if (mf->variable_len
            && !tun_metadata_present(&f->tunnel.metadata,
                                     id - MFF_TUN_METADATA0)) {
            ds_put_cstr(ds, "NP");
            continue;
        }
        mf_get(mf, match, &value, &mask);
        format_value(ds, mf, len, &value);
        int plen = prefix_len(mask.u8, len);
        if (plen == (int) len * 8) {
            continue;
        }
        enum value_kind kind = field_kind(mf);
        if (plen >= 0 && (kind == KIND_IPV4 || kind == KIND_IPV6)) {
            ds_put_format(ds, "/%d", plen);
        } else {
            ds_put_char(ds, '/');
            format_value(ds, mf, len, &mask);
        }
    }
}

static void
format_port(struct ds *ds, uint32_t port)
{
    switch (port) {
    case OFPP_IN_PORT: ds_put_cstr(ds, "IN_PORT"); break;
    case OFPP_TABLE: ds_put_cstr(ds, "TABLE"); break;
    case OFPP_NORMAL: ds_put_cstr(ds, "NORMAL"); break;
    case OFPP_FLOOD: ds_put_cstr(ds, "FLOOD"); break;
    case OFPP_ALL: ds_put_cstr(ds, "ALL"); break;
    case OFPP_CONTROLLER: ds_put_cstr(ds, "CONTROLLER"); break;
    case OFPP_LOCAL_32: ds_put_cstr(ds, "LOCAL"); break;
    case OFPP_ANY: ds_put_cstr(ds, "ANY"); break;
    default: ds_put_format(ds, "%"PRIu32, port); break;
    }
}

static void
format_subfield(struct ds *ds, const struct mf_subfield *sf)
{
    ds_put_format(ds, "%s[", sf->field->name);
    if (sf->ofs || sf->n_bits != sf->field->n_bits) {
        ds_put_format(ds, "%u..%u", sf->ofs, sf->ofs + sf->n_bits - 1);
    }
    ds_put_char(ds, ']');
}

/* Appends the actions "ofpacts" in the syntax "ovs-ofctl" uses. */
void
ofpacts_format(const struct ofpact *ofpacts, size_t len, struct ds *ds)
{
    const struct ofpact *a;
    size_t start = ds->length;

    OFPACT_FOR_EACH (a, ofpacts, len) {
        if (ds->length > start) {
            ds_put_char(ds, ',');
        }
        switch ((enum ofpact_type) a->type) {
        case OFPACT_OUTPUT: {
            uint32_t port = ((const struct ofpact_output *) a)->port;
            if (port < OFPP_MAX) {
                ds_put_cstr(ds, "output:");
            }
            format_port(ds, port);
            break;
        }
        case OFPACT_CONTROLLER:
            ds_put_cstr(ds, "controller");
            break;
        case OFPACT_OUTPUT_REG:
            ds_put_cstr(ds, "output:");
            format_subfield(ds, &((const struct ofpact_output_reg *) a)->src);
            break;
        case OFPACT_RESUBMIT: {
            const struct ofpact_resubmit *r = (const void *) a;
            ds_put_cstr(ds, "resubmit(");
            if (r->in_port != OFPP_IN_PORT) {
                format_port(ds, r->in_port);
            }
            ds_put_char(ds, ',');
            if (r->table_id != 255) {
                ds_put_format(ds, "%u", r->table_id);
            }
            ds_put_char(ds, ')');
            break;
        }
        case OFPACT_SET_FIELD: {
            const struct ofpact_set_field *sf = (const void *) a;
            size_t n = sf->field_len ? sf->field_len : sf->field->n_bytes;
            ds_put_cstr(ds, "set_field:");
            format_value(ds, sf->field, n, &sf->value);
            ds_put_format(ds, "->%s", sf->field->name);
            break;
        }
        case OFPACT_REG_LOAD: {
            const struct ofpact_reg_load *l = (const void *) a;
            size_t i = 0;
            while (i < 127 && !l->value.u8[i]) {
                i++;
            }
            ds_put_format(ds, "load:0x%x", l->value.u8[i]);
            for (i++; i < 128; i++) {
                ds_put_format(ds, "%02x", l->value.u8[i]);
            }
            ds_put_cstr(ds, "->");
            format_subfield(ds, &l->dst);
            break;
        }
        case OFPACT_REG_MOVE: {
            const struct ofpact_reg_move *m = (const void *) a;
            ds_put_cstr(ds, "move:");
            format_subfield(ds, &m->src);
            ds_put_cstr(ds, "->");
            format_subfield(ds, &m->dst);
            break;
        }
        case OFPACT_SET_VLAN_VID:
            ds_put_format(ds, "mod_vlan_vid:%u",
                          ((const struct ofpact_vlan_vid *) a)->vlan_vid);
            break;
        case OFPACT_SET_VLAN_PCP:
            ds_put_format(ds, "mod_vlan_pcp:%u",
                          ((const struct ofpact_vlan_pcp *) a)->vlan_pcp);
            break;
        case OFPACT_STRIP_VLAN:
            ds_put_cstr(ds, "strip_vlan");
            break;
        case OFPACT_PUSH_VLAN:
            ds_put_format(ds, "push_vlan:%#x", ntohs(
                ((const struct ofpact_push_vlan *) a)->ethertype));
            break;
        case OFPACT_SET_ETH_SRC:
        case OFPACT_SET_ETH_DST:
            ds_put_format(ds, "mod_dl_%s:"ETH_ADDR_FMT,
                          a->type == OFPACT_SET_ETH_SRC ? "src" : "dst",
                          ETH_ADDR_ARGS(((const struct ofpact_mac *) a)->mac));
            break;
        case OFPACT_SET_IPV4_SRC:
        case OFPACT_SET_IPV4_DST: {
            char buf[INET_ADDRSTRLEN];
            be32 ip = ((const struct ofpact_ipv4 *) a)->ipv4;
            ds_put_format(ds, "mod_nw_%s:%s",
                          a->type == OFPACT_SET_IPV4_SRC ? "src" : "dst",
                          inet_ntop(AF_INET, &ip, buf, sizeof buf));
            break;
        }
        case OFPACT_SET_IP_DSCP:
            ds_put_format(ds, "mod_nw_tos:%u",
                          ((const struct ofpact_dscp *) a)->dscp);
            break;
        case OFPACT_SET_L4_SRC_PORT:
        case OFPACT_SET_L4_DST_PORT:
            ds_put_format(ds, "mod_tp_%s:%u",
                          a->type == OFPACT_SET_L4_SRC_PORT ? "src" : "dst",
                          ((const struct ofpact_l4_port *) a)->port);
            break;
        case OFPACT_DEC_TTL:
            ds_put_cstr(ds, "dec_ttl");
            break;
        case OFPACT_SET_TUNNEL:
            ds_put_format(ds, "set_tunnel:%#"PRIx64,
                          ((const struct ofpact_tunnel *) a)->tun_id);
            break;
        case OFPACT_DELETE_FIELD:
            ds_put_format(ds, "delete_field:%s",
                          ((const struct ofpact_delete_field *) a)
                          ->field->name);
            break;
        case OFPACT_CLONE:
        case OFPACT_WRITE_ACTIONS: {
            const struct ofpact_nest *on = (const void *) a;
            ds_put_cstr(ds, a->type == OFPACT_CLONE ? "clone("
                        : "write_actions(");
            ofpacts_format(on->actions, ofpact_nest_get_action_len(on), ds);
            ds_put_char(ds, ')');
            break;
        }
        case OFPACT_NOTE:
            ds_put_cstr(ds, "note");
            break;
        case OFPACT_CLEAR_ACTIONS:
            ds_put_cstr(ds, "clear_actions");
            break;
        case OFPACT_WRITE_METADATA: {
            const struct ofpact_metadata *md = (const void *) a;
            ds_put_format(ds, "write_metadata:%#"PRIx64"/%#"PRIx64,
                          be64toh(md->metadata), be64toh(md->mask));
            break;
        }
        case OFPACT_GOTO_TABLE:
            ds_put_format(ds, "goto_table:%u",
                          ((const struct ofpact_goto_table *) a)->table_id);
            break;
        }
    }
    if (ds->length == start) {
        ds_put_cstr(ds, "drop");
    }
}
