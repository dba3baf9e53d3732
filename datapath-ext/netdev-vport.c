/* Tunnel port options. */
#include <config.h>
#include "netdev-vport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "gre.h"
#include "packets.h"
#include "util.h"

/* Tells whether "type" is one of the tunnel port types. */
bool
netdev_vport_is_tunnel(const char *type)
{
    return (!strcmp(type, "geneve") || !strcmp(type, "vxlan")
            || !strcmp(type, "gre") || !strcmp(type, "nvgre"));
}

/* Parses "s" as an unsigned number no larger than "max". */
static bool
parse_number(const char *s, uint64_t max, uint64_t *out)
{
    char *end;

    errno = 0;
    *out = strtoull(s, &end, 0);
    return *s && *s != '-' && !*end && !errno && *out <= max;
}

static bool
parse_bool(const char *s, bool *out)
{
    if (!strcmp(s, "true")) {
        *out = true;
    } else if (!strcmp(s, "false")) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

/* An IPv4 address becomes v4-mapped IPv6. */
static bool
parse_ip(const char *s, struct in6_addr *addr)
{
    struct in_addr v4;

    if (inet_pton(AF_INET, s, &v4) == 1) {
        memset(addr, 0, sizeof *addr);
        addr->s6_addr[10] = addr->s6_addr[11] = 0xff;
        memcpy(&addr->s6_addr[12], &v4, sizeof v4);
        return true;
    }
    return inet_pton(AF_INET6, s, addr) == 1;
}

/* Largest key of each type: a 24-bit VNI or VSID, a 32-bit GRE key. */
static uint64_t
max_key(const char *type)
{
    return !strcmp(type, "gre") ? UINT32_MAX : 0xffffff;
}

/* Checks the options of tunnel port "name" of "type" and fills "cfg".
 * Returns NULL, or the error to show in Interface.error (the caller frees
 * it): the first unknown or malformed option, or a missing remote_ip. */
char *
netdev_vport_parse(const char *name, const char *type,
                   const struct netdev_vport_option *opts, size_t n,
                   struct netdev_tunnel_config *cfg)
{
    enum tnl_type t = (!strcmp(type, "geneve") ? TNL_GENEVE
                       : !strcmp(type, "vxlan") ? TNL_VXLAN
                       : !strcmp(type, "gre") ? TNL_GRE : TNL_NVGRE);
    bool udp = t == TNL_GENEVE || t == TNL_VXLAN;
    bool have_remote = false;

    memset(cfg, 0, sizeof *cfg);
    tnl_config_init(&cfg->tnl, t);

    for (size_t i = 0; i < n; i++) {
        const char *key = opts[i].key, *value = opts[i].value;
        uint64_t x;
        bool b;

        if (!strcmp(key, "remote_ip")) {
            have_remote = true;
            if (!strcmp(value, "flow")) {
                cfg->remote_is_flow = true;
            } else if (!parse_ip(value, &cfg->remote)) {
                goto bad_value;
            }
        } else if (!strcmp(key, "local_ip")) {
            if (!strcmp(value, "flow")) {
                cfg->local_is_flow = true;
            } else if (!parse_ip(value, &cfg->local)) {
                goto bad_value;
            }
        } else if (!strcmp(key, "key") || !strcmp(key, "in_key")
                   || !strcmp(key, "out_key")
                   || (t == TNL_NVGRE && !strcmp(key, "vsid"))) {
            bool in = strcmp(key, "out_key") != 0;
            bool out = strcmp(key, "in_key") != 0;
            bool flow = !strcmp(value, "flow");
            if (!flow && !parse_number(value, max_key(type), &x)) {
                goto bad_value;
            }
            if (!flow && t == TNL_NVGRE
                && (x < NVGRE_VSID_MIN || x > NVGRE_VSID_MAX)) {
                return xasprintf("%s: nvgre %s %s is reserved or invalid "
                                 "(RFC 7637: 0x1000..0xfffffe)", name, key,
                                 value);
            }
            if (in) {
                cfg->in_key_flow = flow;
                cfg->in_key = flow ? 0 : x;
                cfg->in_key_present = true;
            }
            if (out) {
                cfg->out_key_flow = flow;
                cfg->out_key = flow ? 0 : x;
                cfg->out_key_present = true;
            }
        } else if (t == TNL_NVGRE && !strcmp(key, "flowid")) {
            if (!strcmp(value, "flow")) {
                cfg->tnl.flowid = TNL_FLOWID_HASH;
            } else if (parse_number(value, 0xff, &x)) {
                cfg->tnl.flowid = x;
            } else {
                goto bad_value;
            }
        } else if (udp && !strcmp(key, "dst_port")) {
            if (!parse_number(value, 0xffff, &x) || !x) {
                goto bad_value;
            }
            cfg->tnl.dst_port = x;
        } else if (!strcmp(key, "csum")) {
            if (!parse_bool(value, &b)) {
                goto bad_value;
            }
            cfg->tnl.csum = b;
        } else if (!strcmp(key, "df_default")) {
            if (!parse_bool(value, &b)) {
                goto bad_value;
            }
            cfg->tnl.df_default = b;
        } else if (!strcmp(key, "tos") || !strcmp(key, "ttl")) {
            int *field = key[1] == 'o' ? &cfg->tnl.tos : &cfg->tnl.ttl;
            if (!strcmp(value, "inherit")) {
                *field = TNL_INHERIT;
            } else if (parse_number(value, 0xff, &x)
                       && (key[1] == 'o' || x)) {
                *field = x;
            } else {
                goto bad_value;
            }
        } else if (t == TNL_GENEVE && !strcmp(key, "packet_type")) {
            if (!strcmp(value, "legacy_l3")) {
                cfg->tnl.inner_proto = ETH_TYPE_IP;
            } else if (strcmp(value, "legacy_l2")) {
                goto bad_value;
            }
        } else {
            return xasprintf("%s: unknown %s argument '%s'", name, type, key);
        }
        continue;

    bad_value:
        return xasprintf("%s: bad %s value '%s' for %s", name, key, value,
                         type);
    }
    if (!have_remote) {
        return xasprintf("%s: %s type requires valid 'remote_ip' argument",
                         name, type);
    }
    if (t == TNL_NVGRE && !cfg->in_key_present) {
        return xasprintf("%s: nvgre type requires a 'vsid' (or 'key') "
                         "argument", name);
    }
    return NULL;
}
