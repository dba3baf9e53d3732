/* Datapaths: the ports every bridge of one datapath type shares.
 *
 * As in Open vSwitch, all bridges whose Bridge.datapath_type is the same
 * share one datapath ("netdev@ovs-netdev", "dummy@ovs-dummy"), which
 * numbers its ports itself (the "odp" port numbers "dpif/show" prints
 * after the OpenFlow ones).  Tunnel ports of one kind and UDP port share
 * one datapath port that receives for all of them ("genev_sys_6081").
 *
 * The flow caches and the packet path of the userspace datapath will live
 * behind this interface; for now it owns the ports. */
#ifndef DPIF_H
#define DPIF_H 1

#include <stdbool.h>
#include <stdint.h>
#include "hmap.h"

struct ds;
struct netdev;

struct dpif_port {
    struct hmap_node node;      /* In struct dpif's "ports", by number. */
    uint32_t port_no;           /* Datapath port number. */
    char *name;                 /* The netdev's, or "genev_sys_6081"... */
    struct netdev *netdev;      /* NULL for a shared tunnel port. */
    int ref_cnt;                /* Tunnel ports receiving through it. */
};

struct dpif {
    char *type;                 /* "netdev" or "dummy". */
    char *name;                 /* "ovs-netdev" or "ovs-dummy". */
    struct hmap ports;          /* struct dpif_port, by port_no. */
    uint64_t n_hit, n_missed;   /* Flow cache lookups. */
    int ref_cnt;                /* Bridges using it. */
};

bool dpif_type_is_supported(const char *type);
struct dpif *dpif_open(const char *type);
void dpif_close(struct dpif *);
struct dpif *dpif_first(void);
struct dpif *dpif_next(const struct dpif *);

int dpif_port_add(struct dpif *, struct netdev *, uint32_t *port_nop);
void dpif_port_del(struct dpif *, uint32_t port_no);
struct dpif_port *dpif_port_by_number(const struct dpif *, uint32_t);
void dpif_tnl_ports_show(struct ds *);

#define DPIF_PORT_NONE UINT32_MAX

#endif /* dpif.h */
