/* What the netdev providers for kernel devices share (netdev-linux.c):
 * a "system" port and an "afxdp" port are the same device to the bridge,
 * read from sysfs and set by ioctl; only their packet I/O differs. */
#ifndef NETDEV_LINUX_H
#define NETDEV_LINUX_H 1

#include <stdbool.h>

struct netdev;
struct netdev_stats;
struct smap;

void netdev_linux_read_attrs(struct netdev *);
void netdev_linux_refresh(struct netdev *);
int netdev_system_get_stats(const struct netdev *, struct netdev_stats *);
bool netdev_system_get_carrier(const struct netdev *);
bool netdev_system_get_admin_up(const struct netdev *);
void netdev_system_get_status(const struct netdev *, struct smap *);
int netdev_system_set_mtu(struct netdev *, int mtu);

#endif /* netdev-linux.h */
