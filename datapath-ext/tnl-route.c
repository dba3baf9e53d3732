/* Underlay routes, from /proc/net/route and /proc/net/ipv6_route. */
#include <config.h>
#include "tnl-route.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Best IPv4 route to "dst" (network order).  Lines of /proc/net/route:
 * Iface Destination Gateway Flags RefCnt Use Metric Mask ..., addresses
 * as hex in host order of a little- or big-endian machine alike (they are
 * the raw 32-bit values). */
static bool
route_v4(uint32_t dst, char name[IF_NAMESIZE])
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
route_v6(const struct in6_addr *dst, char name[IF_NAMESIZE])
{
    FILE *f = fopen("/proc/net/ipv6_route", "r");
    char line[256];
    int best_len = -1;
    unsigned int best_metric = 0;

    if (!f) {
        return false;
    }
    while (fgets(line, sizeof line, f)) {
        char dest_hex[33], ifname[IF_NAMESIZE];
        unsigned int len, metric, flags;
        struct in6_addr dest;
        if (sscanf(line, "%32s %x %*s %*x %*s %x %*x %*x %x %15s", dest_hex,
                   &len, &metric, &flags, ifname) != 5
            || !(flags & 1) || len > 128 || !strcmp(ifname, "lo")) {
            continue;
        }
        for (int i = 0; i < 16; i++) {
            char byte[3] = { dest_hex[2 * i], dest_hex[2 * i + 1], '\0' };
            dest.s6_addr[i] = strtoul(byte, NULL, 16);
        }
        if (!prefix_match(&dest, dst, len)) {
            continue;
        }
        if ((int) len > best_len
            || ((int) len == best_len && metric < best_metric)) {
            best_len = len;
            best_metric = metric;
            memcpy(name, ifname, IF_NAMESIZE);
        }
    }
    fclose(f);
    return best_len >= 0;
}

/* Stores in "name" the device the kernel would send to "dst" through
 * (IPv4 as v4-mapped).  Returns false if no route matches. */
bool
tnl_route_egress(const struct in6_addr *dst, char name[IF_NAMESIZE])
{
    if (IN6_IS_ADDR_V4MAPPED(dst)) {
        uint32_t v4;
        memcpy(&v4, &dst->s6_addr[12], 4);
        return route_v4(v4, name);
    }
    return route_v6(dst, name);
}
