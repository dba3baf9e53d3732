/* Tunnel port options. */
#include <config.h>
#include "netdev-vport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "geneve.h"
#include "gre.h"
#include "netdev.h"
#include "tnl-route.h"
#include "vxlan.h"
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

static char *
netdev_vport_parse__(const char *name, const char *type,
                     const struct smap_node **opts, size_t n,
                     struct netdev_tunnel_config *cfg)
{
    enum tnl_type t = (!strcmp(type, "geneve") ? TNL_GENEVE
                       : !strcmp(type, "vxlan") ? TNL_VXLAN
                       : !strcmp(type, "gre") ? TNL_GRE : TNL_NVGRE);
    bool udp = t == TNL_GENEVE || t == TNL_VXLAN;
    bool have_remote = false;

    memset(cfg, 0, sizeof *cfg);
    tnl_config_init(&cfg->tnl, t);
    cfg->tnl.df_default = true;     /* As in vswitch.xml. */

    for (size_t i = 0; i < n; i++) {
        const char *key = opts[i]->key, *value = opts[i]->value;
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

/* Checks the options of tunnel port "name" of "type" and fills "cfg".
 * Returns NULL, or the error to show in Interface.error (the caller frees
 * it): the first unknown or malformed option (in key order), or a missing
 * remote_ip. */
char *
netdev_vport_parse(const char *name, const char *type,
                   const struct smap *options,
                   struct netdev_tunnel_config *cfg)
{
    const struct smap_node **opts = smap_sort(options);
    char *error = netdev_vport_parse__(name, type, opts, smap_count(options),
                                       cfg);

    free(opts);
    return error;
}

/* ---------------------------------------------------------------------
 * Tunnel netdevs.
 * --------------------------------------------------------------------- */

struct netdev_vport {
    struct netdev up;
    struct netdev_tunnel_config cfg;   /* As last applied. */
    bool configured;                   /* "cfg" holds a valid config. */
};

static struct netdev_vport *
netdev_vport_cast(const struct netdev *netdev)
{
    return (struct netdev_vport *) netdev;
}

/* Returns the tunnel configuration of tunnel netdev "netdev", or NULL if
 * it has none yet. */
const struct netdev_tunnel_config *
netdev_vport_get_tunnel_config(const struct netdev *netdev)
{
    const struct netdev_vport *vport = netdev_vport_cast(netdev);

    return (netdev_vport_is_tunnel(netdev_get_type(netdev))
            && vport->configured ? &vport->cfg : NULL);
}

/* Returns the UDP port a tunnel port listens on, or 0 for GRE types. */
uint16_t
netdev_vport_udp_port(const struct netdev_tunnel_config *cfg)
{
    return (cfg->tnl.type == TNL_GENEVE
            ? (cfg->tnl.dst_port ? cfg->tnl.dst_port : GENEVE_DST_PORT)
            : cfg->tnl.type == TNL_VXLAN
            ? (cfg->tnl.dst_port ? cfg->tnl.dst_port : VXLAN_DST_PORT)
            : 0);
}

/* Returns the name of the datapath port that receives for "cfg", in Open
 * vSwitch's spelling ("genev_sys_6081", "vxlan_sys_4789", "gre_sys"); the
 * caller frees it.  Tunnel ports that share it share one receive path. */
char *
netdev_vport_dpif_port_name(const struct netdev_tunnel_config *cfg)
{
    uint16_t port = netdev_vport_udp_port(cfg);

    return (cfg->tnl.type == TNL_GENEVE ? xasprintf("genev_sys_%u", port)
            : cfg->tnl.type == TNL_VXLAN ? xasprintf("vxlan_sys_%u", port)
            : xstrdup("gre_sys"));
}

static int
netdev_vport_construct(struct netdev *netdev)
{
    netdev->mac = eth_addr_random();
    return 0;
}

static char *
netdev_vport_set_config(struct netdev *netdev, const struct smap *options)
{
    struct netdev_vport *vport = netdev_vport_cast(netdev);
    struct netdev_tunnel_config cfg;
    char *error = netdev_vport_parse(netdev->name, netdev->class->type,
                                     options, &cfg);

    if (!error) {
        vport->cfg = cfg;
        vport->configured = true;
    }
    return error;
}

static void
format_ip(const struct in6_addr *a, char *buf, size_t size)
{
    if (IN6_IS_ADDR_V4MAPPED(a)) {
        inet_ntop(AF_INET, &a->s6_addr[12], buf, size);
    } else {
        inet_ntop(AF_INET6, a, buf, size);
    }
}

static void
add_key(struct smap *smap, const char *name, bool flow, uint64_t key)
{
    if (flow) {
        smap_add(smap, name, "flow");
    } else {
        smap_add_format(smap, name, "%"PRIu64, key);
    }
}

/* TOS in hex and TTL in decimal, as Open vSwitch prints them. */
static void
add_tos_ttl(struct smap *smap, const char *name, int value)
{
    if (value == TNL_INHERIT) {
        smap_add(smap, name, "inherit");
    } else {
        smap_add_format(smap, name, name[1] == 'o' ? "0x%x" : "%d", value);
    }
}

/* The configuration in canonical form, defaults left out, the way
 * "ovs-appctl dpif/show" prints a tunnel port. */
static void
netdev_vport_get_config(const struct netdev *netdev, struct smap *config)
{
    const struct netdev_vport *vport = netdev_vport_cast(netdev);
    const struct netdev_tunnel_config *cfg = &vport->cfg;
    char buf[INET6_ADDRSTRLEN];

    if (!vport->configured) {
        return;
    }
    if (cfg->remote_is_flow) {
        smap_add(config, "remote_ip", "flow");
    } else {
        format_ip(&cfg->remote, buf, sizeof buf);
        smap_add(config, "remote_ip", buf);
    }
    if (cfg->local_is_flow) {
        smap_add(config, "local_ip", "flow");
    } else if (!ipv6_addr_is_zero(&cfg->local)) {
        format_ip(&cfg->local, buf, sizeof buf);
        smap_add(config, "local_ip", buf);
    }

    const char *in_name = cfg->tnl.type == TNL_NVGRE ? "vsid" : "in_key";
    if (cfg->in_key_flow == cfg->out_key_flow
        && cfg->in_key == cfg->out_key
        && cfg->in_key_present == cfg->out_key_present) {
        if (cfg->in_key_present) {
            add_key(config, cfg->tnl.type == TNL_NVGRE ? "vsid" : "key",
                    cfg->in_key_flow, cfg->in_key);
        }
    } else {
        if (cfg->in_key_present) {
            add_key(config, in_name, cfg->in_key_flow, cfg->in_key);
        }
        if (cfg->out_key_present) {
            add_key(config, "out_key", cfg->out_key_flow, cfg->out_key);
        }
    }
    if (cfg->tnl.type == TNL_NVGRE && cfg->tnl.flowid != TNL_FLOWID_HASH) {
        smap_add_format(config, "flowid", "%d", cfg->tnl.flowid);
    }
    if (cfg->tnl.dst_port
        && cfg->tnl.dst_port != (cfg->tnl.type == TNL_GENEVE
                                 ? GENEVE_DST_PORT : VXLAN_DST_PORT)) {
        smap_add_format(config, "dst_port", "%u", cfg->tnl.dst_port);
    }
    if (cfg->tnl.csum) {
        smap_add(config, "csum", "true");
    }
    if (!cfg->tnl.df_default) {
        smap_add(config, "df_default", "false");
    }
    if (cfg->tnl.tos) {
        add_tos_ttl(config, "tos", cfg->tnl.tos);
    }
    if (cfg->tnl.ttl != TNL_DEFAULT_TTL) {
        add_tos_ttl(config, "ttl", cfg->tnl.ttl);
    }
    if (cfg->tnl.inner_proto != ETH_TYPE_TEB) {
        smap_add(config, "packet_type", "legacy_l3");
    }
}

/* Interface.status of a tunnel: its type, addresses and key, as the
 * datapath will use them, and, as in Open vSwitch, the kernel device the
 * route to the remote end goes through. */
static void
netdev_vport_get_status(const struct netdev *netdev, struct smap *status)
{
    const struct netdev_vport *vport = netdev_vport_cast(netdev);
    char egress[IF_NAMESIZE];

    if (vport->configured) {
        /* With remote_ip=flow the address is all-zero and, as in Open
         * vSwitch, the default route answers. */
        if (tnl_route_egress(&vport->cfg.remote, egress)) {
            char buf[16] = "";
            char *path = xasprintf("/sys/class/net/%s/carrier", egress);
            FILE *f = fopen(path, "r");
            free(path);
            if (f) {
                if (!fgets(buf, sizeof buf, f)) {
                    buf[0] = '\0';
                }
                fclose(f);
            }
            smap_add(status, "tunnel_egress_iface", egress);
            smap_add(status, "tunnel_egress_iface_carrier",
                     buf[0] == '1' ? "up" : "down");
        }
        smap_add(status, "tunnel_type", netdev->class->type);
        netdev_vport_get_config(netdev, status);
        if (netdev_vport_udp_port(&vport->cfg)
            && !smap_get(status, "dst_port")) {
            smap_add_format(status, "dst_port", "%u",
                            netdev_vport_udp_port(&vport->cfg));
        }
    }
}

#define NETDEV_VPORT_CLASS(NAME)                        \
    const struct netdev_class netdev_##NAME##_class = { \
        .type = #NAME,                                  \
        .size = sizeof(struct netdev_vport),            \
        .construct = netdev_vport_construct,            \
        .set_config = netdev_vport_set_config,          \
        .get_config = netdev_vport_get_config,          \
        .get_status = netdev_vport_get_status,          \
    }

NETDEV_VPORT_CLASS(geneve);
NETDEV_VPORT_CLASS(vxlan);
NETDEV_VPORT_CLASS(gre);
NETDEV_VPORT_CLASS(nvgre);
