/* Tunnel neighbour cache. */
#include <config.h>
#include "tnl-neigh.h"
#include "dpif.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ds.h"
#include "tnl-route.h"
#include "unixctl.h"
#include "util.h"

struct tnl_neigh {
    char dev[IF_NAMESIZE];      /* Bridge the next hop is reached by. */
    struct in6_addr ip;         /* IPv4 v4-mapped. */
    struct eth_addr mac;
    bool is_static;             /* Set by hand: never expires. */
    long long int expires;      /* time_msec() when a learned one goes. */
};

static struct tnl_neigh *neighs;
static size_t n_neighs;

static struct tnl_neigh *
find(const char *dev, const struct in6_addr *ip)
{
    for (size_t i = 0; i < n_neighs; i++) {
        if (!strcmp(neighs[i].dev, dev)
            && !memcmp(&neighs[i].ip, ip, sizeof *ip)) {
            return &neighs[i];
        }
    }
    return NULL;
}

/* Records that "ip", reached through "dev", has address "mac".  A learned
 * entry does not replace one set by hand. */
void
tnl_neigh_set(const char *dev, const struct in6_addr *ip,
              struct eth_addr mac, bool is_static)
{
    struct tnl_neigh *n = find(dev, ip);

    if (!n || !eth_addr_equals(n->mac, mac)) {
        /* Tunnel megaflows carry the next hop's address. */
        dpif_invalidate();
    }
    if (!n) {
        neighs = xrealloc(neighs, (n_neighs + 1) * sizeof *neighs);
        n = &neighs[n_neighs++];
        memset(n, 0, sizeof *n);
        snprintf(n->dev, sizeof n->dev, "%s", dev);
        n->ip = *ip;
    } else if (n->is_static && !is_static) {
        return;
    }
    n->mac = mac;
    n->is_static = is_static;
    n->expires = time_msec() + TNL_NEIGH_EXPIRY_MS;
}

/* Finds the address of "ip" behind "dev".  Returns false if it is not
 * known (or a learned entry has expired). */
bool
tnl_neigh_lookup(const char *dev, const struct in6_addr *ip,
                 struct eth_addr *mac)
{
    struct tnl_neigh *n = find(dev, ip);

    if (!n || (!n->is_static && time_msec() >= n->expires)) {
        return false;
    }
    *mac = n->mac;
    return true;
}

void
tnl_neigh_flush(void)
{
    dpif_invalidate();
    n_neighs = 0;
}

static void
cmd_neigh_set(struct unixctl_conn *conn, int argc OVSX_UNUSED,
              const char *argv[], void *aux OVSX_UNUSED)
{
    struct in6_addr ip;
    struct eth_addr mac;

    if (!tnl_route_parse_addr(argv[2], &ip)) {
        unixctl_command_reply_error(conn, "bad IP address");
    } else if (!eth_addr_from_string(argv[3], &mac)) {
        unixctl_command_reply_error(conn, "bad MAC address");
    } else {
        tnl_neigh_set(argv[1], &ip, mac, true);
        unixctl_command_reply(conn, "OK");
    }
}

/* "tnl/neigh/show": Open vSwitch's table. */
static void
cmd_neigh_show(struct unixctl_conn *conn, int argc OVSX_UNUSED,
               const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    struct ds ds;
    long long int now = time_msec();

    ds_init(&ds);
    ds_put_cstr(&ds, "IP                                            MAC"
                "                 Bridge\n");
    ds_put_cstr(&ds, "=================================================="
                "========================\n");
    for (size_t i = 0; i < n_neighs; i++) {
        const struct tnl_neigh *n = &neighs[i];
        struct ds ip;

        if (!n->is_static && now >= n->expires) {
            continue;
        }
        ds_init(&ip);
        tnl_route_format_addr(&ip, &n->ip);
        ds_put_format(&ds, "%-46s"ETH_ADDR_FMT"   %s\n", ds_cstr(&ip),
                      ETH_ADDR_ARGS(n->mac), n->dev);
        ds_destroy(&ip);
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
cmd_neigh_flush(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    tnl_neigh_flush();
    unixctl_command_reply(conn, "OK");
}

/* The "tnl/neigh/..." commands and their older "tnl/arp/..." names. */
void
tnl_neigh_register_commands(void)
{
    static const char *prefixes[] = { "tnl/neigh", "tnl/arp" };

    for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
        char *name = xasprintf("%s/set", prefixes[i]);
        unixctl_command_register(name, "BRIDGE IP MAC", 3, 3, cmd_neigh_set,
                                 NULL);
        free(name);
        name = xasprintf("%s/show", prefixes[i]);
        unixctl_command_register(name, "", 0, 0, cmd_neigh_show, NULL);
        free(name);
        name = xasprintf("%s/flush", prefixes[i]);
        unixctl_command_register(name, "", 0, 0, cmd_neigh_flush, NULL);
        free(name);
    }
}
