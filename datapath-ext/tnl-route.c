/* Underlay routes: those the user adds, then the kernel's from
 * /proc/net/route and /proc/net/ipv6_route. */
#include <config.h>
#include "tnl-route.h"
#include "dpif.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ds.h"
#include "packets.h"
#include "unixctl.h"
#include "util.h"

/* Best IPv4 route to "dst" (network order).  Lines of /proc/net/route:
 * Iface Destination Gateway Flags RefCnt Use Metric Mask ..., addresses
 * as hex in host order of a little- or big-endian machine alike (they are
 * the raw 32-bit values). */
static bool
route_v4(uint32_t dst, char name[IF_NAMESIZE], uint32_t *gwp)
{
    FILE *f = fopen("/proc/net/route", "r");
    char line[256];
    int best_len = -1;
    unsigned int best_metric = 0;

    if (!f) {
        return false;
    }
    while (fgets(line, sizeof line, f)) {
        char ifname[IF_NAMESIZE];
        unsigned int dest, gw, flags, refcnt, use, metric, mask;
        if (sscanf(line, "%15s %x %x %x %u %u %u %x", ifname, &dest, &gw,
                   &flags, &refcnt, &use, &metric, &mask) != 8
            || !(flags & 1) || (dst & mask) != dest) {
            continue;           /* Header, route down, or no match. */
        }
        int len = __builtin_popcount(mask);
        if (len > best_len || (len == best_len && metric < best_metric)) {
            best_len = len;
            best_metric = metric;
            memcpy(name, ifname, IF_NAMESIZE);
            *gwp = (flags & 2) ? gw : 0;    /* RTF_GATEWAY. */
        }
    }
    fclose(f);
    return best_len >= 0;
}

static bool
prefix_match(const struct in6_addr *a, const struct in6_addr *b, int len)
{
    for (int i = 0; i < len; i++) {
        int bit = 7 - i % 8;
        if (((a->s6_addr[i / 8] >> bit) ^ (b->s6_addr[i / 8] >> bit)) & 1) {
            return false;
        }
    }
    return true;
}

/* Best IPv6 route to "dst".  Lines of /proc/net/ipv6_route: dest(32 hex)
 * dest_len src src_len next_hop metric refcnt use flags iface. */
static bool
route_v6(const struct in6_addr *dst, char name[IF_NAMESIZE],
         struct in6_addr *gwp)
{
    FILE *f = fopen("/proc/net/ipv6_route", "r");
    char line[256];
    int best_len = -1;
    unsigned int best_metric = 0;

    if (!f) {
        return false;
    }
    while (fgets(line, sizeof line, f)) {
        char dest_hex[33], hop_hex[33], ifname[IF_NAMESIZE];
        unsigned int len, metric, flags;
        struct in6_addr dest, hop;
        if (sscanf(line, "%32s %x %*s %*x %32s %x %*x %*x %x %15s", dest_hex,
                   &len, hop_hex, &metric, &flags, ifname) != 6
            || !(flags & 1) || len > 128 || !strcmp(ifname, "lo")) {
            continue;
        }
        for (int i = 0; i < 16; i++) {
            char byte[3] = { dest_hex[2 * i], dest_hex[2 * i + 1], '\0' };
            char hbyte[3] = { hop_hex[2 * i], hop_hex[2 * i + 1], '\0' };
            dest.s6_addr[i] = strtoul(byte, NULL, 16);
            hop.s6_addr[i] = strtoul(hbyte, NULL, 16);
        }
        if (!prefix_match(&dest, dst, len)) {
            continue;
        }
        if ((int) len > best_len
            || ((int) len == best_len && metric < best_metric)) {
            best_len = len;
            best_metric = metric;
            memcpy(name, ifname, IF_NAMESIZE);
            *gwp = hop;
        }
    }
    fclose(f);
    return best_len >= 0;
}

static bool kernel_route(const struct in6_addr *dst, char name[IF_NAMESIZE],
                         struct in6_addr *gw);

/* Kernel routes, read again at most once a second per destination: every
 * tunnelled packet asks. */
struct route_cache_entry {
    struct in6_addr dst;
    bool found;
    char dev[IF_NAMESIZE];
    struct in6_addr gw;
    long long int expires;
};
#define ROUTE_CACHE_SIZE 64
static struct route_cache_entry route_cache[ROUTE_CACHE_SIZE];

static bool kernel_route__(const struct in6_addr *dst,
                           char name[IF_NAMESIZE], struct in6_addr *gw);

static bool
kernel_route(const struct in6_addr *dst, char name[IF_NAMESIZE],
             struct in6_addr *gw)
{
    long long int now = time_msec();
    struct route_cache_entry *e = NULL, *oldest = &route_cache[0];

    for (int i = 0; i < ROUTE_CACHE_SIZE; i++) {
        struct route_cache_entry *c = &route_cache[i];
        if (c->expires && !memcmp(&c->dst, dst, sizeof *dst)) {
            e = c;
            break;
        }
        if (c->expires < oldest->expires) {
            oldest = c;
        }
    }
    if (!e || now >= e->expires) {
        e = e ? e : oldest;
        e->dst = *dst;
        e->found = kernel_route__(dst, e->dev, &e->gw);
        e->expires = now + 1000;
    }
    if (e->found) {
        memcpy(name, e->dev, IF_NAMESIZE);
        *gw = e->gw;
    }
    return e->found;
}

/* Reads again, once a second, the kernel routes looked up so far; if one
 * changed, megaflows that encapsulate may be wrong and go.  (Cached
 * megaflows ask nothing, so without this a new route would not be seen
 * while traffic keeps the old megaflow alive.) */
void
tnl_route_run(void)
{
    static long long int next;
    long long int now = time_msec();

    if (now < next) {
        return;
    }
    next = now + 1000;
    for (int i = 0; i < ROUTE_CACHE_SIZE; i++) {
        struct route_cache_entry *e = &route_cache[i];
        struct in6_addr gw;
        char dev[IF_NAMESIZE];
        if (!e->expires) {
            continue;
        }
        memset(dev, 0, sizeof dev);
        memset(&gw, 0, sizeof gw);
        bool found = kernel_route__(&e->dst, dev, &gw);
        if (found != e->found
            || (found && (strcmp(dev, e->dev) || memcmp(&gw, &e->gw,
                                                         sizeof gw)))) {
            e->found = found;
            memcpy(e->dev, dev, sizeof dev);
            e->gw = gw;
            dpif_invalidate();
        }
        e->expires = now + 1000;
    }
}

/* Stores in "name" the device the kernel would send to "dst" through
 * (IPv4 as v4-mapped).  Returns false if no route matches. */
bool
tnl_route_egress(const struct in6_addr *dst, char name[IF_NAMESIZE])
{
    struct in6_addr gw;
    return kernel_route(dst, name, &gw);
}

/* The kernel's route to "dst": device "name" and gateway "gw" (all zero
 * for a direct route), read from /proc. */
static bool
kernel_route__(const struct in6_addr *dst, char name[IF_NAMESIZE],
               struct in6_addr *gw)
{
    memset(gw, 0, sizeof *gw);
    if (IN6_IS_ADDR_V4MAPPED(dst)) {
        uint32_t v4, gw4 = 0;
        memcpy(&v4, &dst->s6_addr[12], 4);
        if (!route_v4(v4, name, &gw4)) {
            return false;
        }
        if (gw4) {
            gw->s6_addr[10] = gw->s6_addr[11] = 0xff;
            memcpy(&gw->s6_addr[12], &gw4, 4);
        }
        return true;
    }
    return route_v6(dst, name, gw);
}

/* ---------------------------------------------------------------------
 * Routes added with "ovs-appctl ovs/route/add", as Open vSwitch's user
 * routes: a prefix, the bridge (or device) that owns the underlay
 * address, an optional gateway, and the source address taken from that
 * device's addresses.
 * --------------------------------------------------------------------- */

struct user_route {
    struct in6_addr prefix;     /* Masked; IPv4 v4-mapped. */
    int plen;                   /* In bits of "prefix" (96 + n for v4). */
    char dev[IF_NAMESIZE];
    struct in6_addr gw;         /* All zero: none. */
    struct in6_addr src;
};

static struct user_route *user_routes;
static size_t n_user_routes;
static tnl_route_addr_cb *addr_cb;

void
tnl_route_set_addr_cb(tnl_route_addr_cb *cb)
{
    addr_cb = cb;
}

static void
mask_prefix(struct in6_addr *a, int plen)
{
    for (int i = 0; i < 16; i++) {
        int bits = plen - 8 * i;
        a->s6_addr[i] &= (bits >= 8 ? 0xff : bits <= 0 ? 0
                          : (uint8_t) (0xff << (8 - bits)));
    }
}

static bool
in_prefix(const struct in6_addr *a, const struct in6_addr *prefix, int plen)
{
    struct in6_addr m = *a;
    mask_prefix(&m, plen);
    return !memcmp(&m, prefix, sizeof m);
}

/* Parses "s", an IPv4 or IPv6 address (IPv4 becomes v4-mapped). */
bool
tnl_route_parse_addr(const char *s, struct in6_addr *addr)
{
    struct in_addr a4;

    if (inet_pton(AF_INET, s, &a4) == 1) {
        memset(addr, 0, sizeof *addr);
        addr->s6_addr[10] = addr->s6_addr[11] = 0xff;
        memcpy(&addr->s6_addr[12], &a4, 4);
        return true;
    }
    return inet_pton(AF_INET6, s, addr) == 1;
}

/* Parses "ADDR[/PLEN]" into "addr" and "plen" (in v4-mapped bits for
 * IPv4; no PLEN means a host route). */
bool
tnl_route_parse_prefix(const char *s, struct in6_addr *addr, int *plen)
{
    char buf[INET6_ADDRSTRLEN + 8];
    char *slash;

    snprintf(buf, sizeof buf, "%s", s);
    slash = strchr(buf, '/');
    if (slash) {
        *slash = '\0';
    }
    if (!tnl_route_parse_addr(buf, addr)) {
        return false;
    }
    bool v4 = IN6_IS_ADDR_V4MAPPED(addr);
    int max = v4 ? 32 : 128;
    int len = max;
    if (slash) {
        char *end;
        long n = strtol(slash + 1, &end, 10);
        if (*end || n < 0 || n > max || end == slash + 1) {
            return false;
        }
        len = n;
    }
    *plen = v4 ? 96 + len : len;
    return true;
}

/* Appends "addr" to "ds" in its usual form (IPv4 dotted). */
void
tnl_route_format_addr(struct ds *ds, const struct in6_addr *addr)
{
    char buf[INET6_ADDRSTRLEN];

    if (IN6_IS_ADDR_V4MAPPED(addr)) {
        inet_ntop(AF_INET, &addr->s6_addr[12], buf, sizeof buf);
    } else {
        inet_ntop(AF_INET6, addr, buf, sizeof buf);
    }
    ds_put_cstr(ds, buf);
}

/* Adds the route to "prefix"/"plen" through device "dev" (via "gw" unless
 * it is all zero).  The source address is the device's address on the
 * subnet of the next hop, as Open vSwitch picks it.  Returns false if the
 * device has none. */
bool
tnl_route_add(const struct in6_addr *prefix, int plen, const char *dev,
              const struct in6_addr *gw)
{
    dpif_invalidate();
    struct in6_addr hop = ipv6_addr_is_zero(gw) ? *prefix : *gw;
    struct in6_addr addr;
    int addr_plen;

    if (!addr_cb || !addr_cb(dev, IN6_IS_ADDR_V4MAPPED(&hop), &addr,
                             &addr_plen)) {
        return false;
    }
    struct in6_addr net = addr;
    mask_prefix(&net, addr_plen);
    if (!in_prefix(&hop, &net, addr_plen)) {
        return false;
    }

    struct user_route r;
    memset(&r, 0, sizeof r);
    r.prefix = *prefix;
    mask_prefix(&r.prefix, plen);
    r.plen = plen;
    snprintf(r.dev, sizeof r.dev, "%s", dev);
    r.gw = *gw;
    r.src = addr;
    for (size_t i = 0; i < n_user_routes; i++) {
        if (user_routes[i].plen == plen
            && !memcmp(&user_routes[i].prefix, &r.prefix, sizeof r.prefix)) {
            user_routes[i] = r;
            return true;
        }
    }
    user_routes = xrealloc(user_routes,
                           (n_user_routes + 1) * sizeof *user_routes);
    user_routes[n_user_routes++] = r;
    return true;
}

/* Removes the route to exactly "prefix"/"plen".  Returns false if there
 * is none. */
bool
tnl_route_del(const struct in6_addr *prefix, int plen)
{
    dpif_invalidate();
    struct in6_addr p = *prefix;

    mask_prefix(&p, plen);
    for (size_t i = 0; i < n_user_routes; i++) {
        if (user_routes[i].plen == plen
            && !memcmp(&user_routes[i].prefix, &p, sizeof p)) {
            user_routes[i] = user_routes[--n_user_routes];
            return true;
        }
    }
    return false;
}

/* The route to "dst": the longest-prefix user route, else the kernel's
 * (whose source is the device's address): its device, gateway (all zero
 * for none) and source address.  Returns false if none matches. */
bool
tnl_route_lookup(const struct in6_addr *dst, char dev[IF_NAMESIZE],
                 struct in6_addr *gw, struct in6_addr *src)
{
    const struct user_route *best = NULL;
    int plen;

    for (size_t i = 0; i < n_user_routes; i++) {
        const struct user_route *r = &user_routes[i];
        if (in_prefix(dst, &r->prefix, r->plen)
            && (!best || r->plen > best->plen)) {
            best = r;
        }
    }
    if (!best) {
        return (kernel_route(dst, dev, gw) && addr_cb
                && addr_cb(dev, IN6_IS_ADDR_V4MAPPED(dst), src, &plen));
    }
    snprintf(dev, IF_NAMESIZE, "%s", best->dev);
    *gw = best->gw;
    *src = best->src;
    return true;
}

static int
compare_routes(const void *a_, const void *b_)
{
    const struct user_route *a = a_, *b = b_;
    return b->plen - a->plen;
}

/* Appends the user routes as "ovs/route/show" prints them, longest
 * prefix first. */
void
tnl_route_format(struct ds *ds)
{
    struct user_route *sorted = xmalloc((n_user_routes + 1)
                                        * sizeof *sorted);

    memcpy(sorted, user_routes, n_user_routes * sizeof *sorted);
    qsort(sorted, n_user_routes, sizeof *sorted, compare_routes);
    for (size_t i = 0; i < n_user_routes; i++) {
        const struct user_route *r = &sorted[i];
        bool v4 = IN6_IS_ADDR_V4MAPPED(&r->prefix);
        ds_put_cstr(ds, "User: ");
        tnl_route_format_addr(ds, &r->prefix);
        ds_put_format(ds, "/%d dev %s", v4 ? r->plen - 96 : r->plen, r->dev);
        if (!ipv6_addr_is_zero(&r->gw)) {
            ds_put_cstr(ds, " GW ");
            tnl_route_format_addr(ds, &r->gw);
        }
        ds_put_cstr(ds, " SRC ");
        tnl_route_format_addr(ds, &r->src);
        ds_put_char(ds, '\n');
    }
    free(sorted);
}

/* "ovs/route/add ip_addr/prefix_len out_br_name [gw]". */
static void
cmd_route_add(struct unixctl_conn *conn, int argc, const char *argv[],
              void *aux OVSX_UNUSED)
{
    struct in6_addr prefix, gw;
    int plen;

    memset(&gw, 0, sizeof gw);
    if (!tnl_route_parse_prefix(argv[1], &prefix, &plen)
        || (argc > 3 && (!tnl_route_parse_addr(argv[3], &gw)
                         || IN6_IS_ADDR_V4MAPPED(&gw)
                            != IN6_IS_ADDR_V4MAPPED(&prefix)))) {
        unixctl_command_reply_error(conn, "Invalid parameters");
    } else if (!tnl_route_add(&prefix, plen, argv[2], &gw)) {
        unixctl_command_reply_error(conn, "Error while inserting route.");
    } else {
        unixctl_command_reply(conn, "OK");
    }
}

static void
cmd_route_del(struct unixctl_conn *conn, int argc OVSX_UNUSED,
              const char *argv[], void *aux OVSX_UNUSED)
{
    struct in6_addr prefix;
    int plen;

    if (!tnl_route_parse_prefix(argv[1], &prefix, &plen)) {
        unixctl_command_reply_error(conn, "Invalid parameters");
    } else if (!tnl_route_del(&prefix, plen)) {
        unixctl_command_reply_error(conn, "Not found");
    } else {
        unixctl_command_reply(conn, "OK");
    }
}

/* "ovs/route/show": the user routes (the kernel's are not cached and not
 * listed). */
static void
cmd_route_show(struct unixctl_conn *conn, int argc OVSX_UNUSED,
               const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    struct ds ds;

    ds_init(&ds);
    ds_put_cstr(&ds, "Route Table:\n");
    tnl_route_format(&ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
cmd_route_lookup(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                 const char *argv[], void *aux OVSX_UNUSED)
{
    struct in6_addr dst, gw, src;
    char dev[IF_NAMESIZE];

    if (!tnl_route_parse_addr(argv[1], &dst)) {
        unixctl_command_reply_error(conn, "Invalid parameters");
    } else if (!tnl_route_lookup(&dst, dev, &gw, &src)) {
        unixctl_command_reply_error(conn, "Not found");
    } else {
        struct ds ds;
        ds_init(&ds);
        ds_put_cstr(&ds, "src ");
        tnl_route_format_addr(&ds, &src);
        ds_put_cstr(&ds, "\ngateway ");
        if (ipv6_addr_is_zero(&gw)) {
            ds_put_cstr(&ds, "::");     /* What Open vSwitch prints. */
        } else {
            tnl_route_format_addr(&ds, &gw);
        }
        ds_put_format(&ds, "\ndev %s\n", dev);
        unixctl_command_reply(conn, ds_cstr(&ds));
        ds_destroy(&ds);
    }
}

void
tnl_route_register_commands(void)
{
    unixctl_command_register("ovs/route/add",
                             "ip_addr/prefix_len out_br_name [gw]", 2, 3,
                             cmd_route_add, NULL);
    unixctl_command_register("ovs/route/del", "ip_addr/prefix_len", 1, 1,
                             cmd_route_del, NULL);
    unixctl_command_register("ovs/route/show", "", 0, 0, cmd_route_show,
                             NULL);
    unixctl_command_register("ovs/route/lookup", "ip_addr", 1, 1,
                             cmd_route_lookup, NULL);
}
