/* "system" ports: an existing kernel network device.
 *
 * This file reads the device's state from sysfs (address, carrier,
 * administrative state, MTU, counters), which is what the bridge reports
 * in the Interface row.  Moving packets through the device (AF_PACKET)
 * is the userspace datapath's job and not here yet. */
#include <config.h>
#include "netdev.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

/* Reads /sys/class/net/"name"/"attr" into "buf" without the newline.
 * Returns false if it cannot. */
static bool
read_sysfs(const char *name, const char *attr, char *buf, size_t size)
{
    char *path = xasprintf("/sys/class/net/%s/%s", name, attr);
    FILE *f = fopen(path, "r");
    bool ok = false;

    free(path);
    if (f) {
        ok = fgets(buf, size, f) != NULL;
        fclose(f);
        buf[strcspn(buf, "\n")] = '\0';
    }
    return ok;
}

static uint64_t
read_counter(const char *name, const char *counter)
{
    char attr[64], buf[32];

    snprintf(attr, sizeof attr, "statistics/%s", counter);
    return read_sysfs(name, attr, buf, sizeof buf) ? strtoull(buf, NULL, 10)
                                                   : 0;
}

static int
netdev_system_construct(struct netdev *netdev)
{
    char buf[64];

    if (!if_nametoindex(netdev->name)) {
        return ENODEV;
    }
    if (read_sysfs(netdev->name, "address", buf, sizeof buf)) {
        eth_addr_from_string(buf, &netdev->mac);
    }
    if (read_sysfs(netdev->name, "mtu", buf, sizeof buf)) {
        netdev->mtu = atoi(buf);
    }
    return 0;
}

static int
netdev_system_get_stats(const struct netdev *netdev,
                        struct netdev_stats *stats)
{
    stats->rx_packets = read_counter(netdev->name, "rx_packets");
    stats->rx_bytes = read_counter(netdev->name, "rx_bytes");
    stats->rx_errors = read_counter(netdev->name, "rx_errors");
    stats->rx_dropped = read_counter(netdev->name, "rx_dropped");
    stats->tx_packets = read_counter(netdev->name, "tx_packets");
    stats->tx_bytes = read_counter(netdev->name, "tx_bytes");
    stats->tx_errors = read_counter(netdev->name, "tx_errors");
    stats->tx_dropped = read_counter(netdev->name, "tx_dropped");
    stats->collisions = read_counter(netdev->name, "collisions");
    return 0;
}

static bool
netdev_system_get_carrier(const struct netdev *netdev)
{
    char buf[16];

    return (read_sysfs(netdev->name, "carrier", buf, sizeof buf)
            && !strcmp(buf, "1"));
}

static bool
netdev_system_get_admin_up(const struct netdev *netdev)
{
    char buf[32];

    return (read_sysfs(netdev->name, "flags", buf, sizeof buf)
            && (strtoul(buf, NULL, 0) & IFF_UP));
}

static void
netdev_system_get_status(const struct netdev *netdev, struct smap *status)
{
    char buf[256];
    char *link = xasprintf("/sys/class/net/%s/device/driver", netdev->name);
    ssize_t n = readlink(link, buf, sizeof buf - 1);

    free(link);
    if (n > 0) {
        buf[n] = '\0';
        const char *slash = strrchr(buf, '/');
        smap_add(status, "driver_name", slash ? slash + 1 : buf);
    }
}

const struct netdev_class netdev_system_class = {
    .type = "system",
    .size = sizeof(struct netdev),
    .construct = netdev_system_construct,
    .get_stats = netdev_system_get_stats,
    .get_carrier = netdev_system_get_carrier,
    .get_admin_up = netdev_system_get_admin_up,
    .get_status = netdev_system_get_status,
};
