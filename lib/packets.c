/* Helpers for the wire formats in packets.h. */
#include <config.h>
#include "packets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses "s" as "xx:xx:xx:xx:xx:xx" into "*ea".  Returns true on success. */
bool
eth_addr_from_string(const char *s, struct eth_addr *ea)
{
    unsigned int b[ETH_ADDR_LEN];
    int n = 0;

    if (sscanf(s, "%x:%x:%x:%x:%x:%x%n", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5], &n) != ETH_ADDR_LEN || s[n]) {
        return false;
    }
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        if (b[i] > 0xff) {
            return false;
        }
        ea->ea[i] = b[i];
    }
    return true;
}

bool
ipv6_addr_is_zero(const struct in6_addr *a)
{
    static const struct in6_addr zero;
    return !memcmp(a, &zero, sizeof zero);
}

/* Returns a random, locally administered unicast address, such as Open
 * vSwitch gives its internal and tunnel ports.  The caller seeds random(). */
struct eth_addr
eth_addr_random(void)
{
    struct eth_addr ea;

    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        ea.ea[i] = random();
    }
    ea.ea[0] = (ea.ea[0] & ~0x01) | 0x02;
    return ea;
}
