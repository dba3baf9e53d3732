/* Tunnel ports (vports): their options, as ovs-vsctl sets them in
 * Interface.options, checked and turned into the configuration the
 * tunnel header code builds packets with. */
#ifndef NETDEV_VPORT_H
#define NETDEV_VPORT_H 1

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "smap.h"
#include "tnl-header.h"

/* A tunnel port's configuration. */
struct netdev_tunnel_config {
    struct tnl_config tnl;      /* What tnl_push() needs. */
    bool remote_is_flow;        /* remote_ip=flow. */
    bool local_is_flow;         /* local_ip=flow. */
    struct in6_addr remote;     /* IPv4 addresses are v4-mapped. */
    struct in6_addr local;      /* All zero: chosen by route. */
    bool in_key_flow, out_key_flow; /* key=flow (or in_key/out_key). */
    uint64_t in_key, out_key;   /* Fixed keys (VNI, GRE key, VSID). */
    bool in_key_present, out_key_present;
};

struct netdev;

bool netdev_vport_is_tunnel(const char *type);
char *netdev_vport_parse(const char *name, const char *type,
                         const struct smap *options,
                         struct netdev_tunnel_config *);
const struct netdev_tunnel_config *netdev_vport_get_tunnel_config(
    const struct netdev *);
uint16_t netdev_vport_udp_port(const struct netdev_tunnel_config *);
char *netdev_vport_dpif_port_name(const struct netdev_tunnel_config *);

#endif /* netdev-vport.h */
