/* Datapaths and their ports. */
#include <config.h>
#include "dpif.h"
#include "dpif-private.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dp-worker.h"
#include "ds.h"
#include "hash.h"
#include "netdev.h"
#include "netdev-vport.h"
#include "util.h"

/* The datapaths, one per type, in creation order. */
static struct dpif *dpifs[2];
static const char *const dpif_types[] = { "dummy", "netdev" };

/* Tells whether Bridge.datapath_type "type" is one ovsx has ("" means
 * "netdev"). */
bool
dpif_type_is_supported(const char *type)
{
    return !type[0] || !strcmp(type, "netdev") || !strcmp(type, "dummy");
}

/* Returns the datapath of "type" (supported, see above), creating it on
 * first use; each call takes a reference. */
struct dpif *
dpif_open(const char *type)
{
    int i = !strcmp(type, "dummy") ? 0 : 1;

    if (!dpifs[i]) {
        struct dpif *dpif = xzalloc(sizeof *dpif);
        dpif->type = xstrdup(dpif_types[i]);
        dpif->name = xasprintf("ovs-%s", dpif_types[i]);
        hmap_init(&dpif->ports);
        dpif_cache_init(dpif);
        dpifs[i] = dpif;
    }
    dpifs[i]->ref_cnt++;
    return dpifs[i];
}

static void
port_destroy(struct dpif *dpif, struct dpif_port *port)
{
    dpif_invalidate();
    dp_lock_write();
    if (port->netdev) {
        port->netdev->dpif = NULL;
    }
    hmap_remove(&dpif->ports, &port->node);
    if (port->port_no < ARRAY_SIZE(dpif->small_ports)) {
        dpif->small_ports[port->port_no] = NULL;
    }
    dp_unlock_write();
    free(port->name);
    free(port);
}

void
dpif_close(struct dpif *dpif)
{
    if (dpif && !--dpif->ref_cnt) {
        struct dpif_port *port, *next;
        HMAP_FOR_EACH_SAFE (port, next, node, &dpif->ports) {
            port_destroy(dpif, port);
        }
        hmap_destroy(&dpif->ports);
        dpif_cache_destroy(dpif);
        dp_worker_forget_dpif(dpif);
        for (size_t i = 0; i < ARRAY_SIZE(dpifs); i++) {
            if (dpifs[i] == dpif) {
                dpifs[i] = NULL;
            }
        }
        free(dpif->type);
        free(dpif->name);
        free(dpif);
    }
}

/* Iterates over the open datapaths in type order. */
struct dpif *
dpif_first(void)
{
    return dpifs[0] ? dpifs[0] : dpifs[1];
}

struct dpif *
dpif_next(const struct dpif *dpif)
{
    return dpif == dpifs[0] ? dpifs[1] : NULL;
}

struct dpif_port *
dpif_port_by_number(const struct dpif *dpif, uint32_t port_no)
{
    struct dpif_port *port;

    if (port_no < ARRAY_SIZE(dpif->small_ports)) {
        return dpif->small_ports[port_no];
    }
    HMAP_FOR_EACH_WITH_HASH (port, node, hash_int(port_no, 0),
                             &dpif->ports) {
        if (port->port_no == port_no) {
            return port;
        }
    }
    return NULL;
}

static struct dpif_port *
port_by_name(const struct dpif *dpif, const char *name)
{
    struct dpif_port *port;

    HMAP_FOR_EACH (port, node, &dpif->ports) {
        if (!strcmp(port->name, name)) {
            return port;
        }
    }
    return NULL;
}

/* Picks a free port number for "name".  Port 0 is the datapath's own.
 * The dummy datapath, like Open vSwitch's, first tries the number in the
 * name (plus 100 for a name starting with "br"), so that test output is
 * predictable: "p1" is port 1, "br0" port 100, "genev_sys_6081" 6081. */
static uint32_t
choose_port(const struct dpif *dpif, const char *name)
{
    if (!strcmp(dpif->type, "dummy") || strstr(name, "_sys_")) {
        const char *digits = name + strcspn(name, "0123456789");
        if (*digits) {
            uint32_t no = (strtoul(digits, NULL, 10)
                           + (!strncmp(name, "br", 2) ? 100 : 0));
            if (no > 0 && no < DPIF_PORT_NONE
                && !dpif_port_by_number(dpif, no)) {
                return no;
            }
        }
    }
    for (uint32_t no = 1; ; no++) {
        if (!dpif_port_by_number(dpif, no)) {
            return no;
        }
    }
}

static struct dpif_port *
port_create(struct dpif *dpif, const char *name, struct netdev *netdev)
{
    struct dpif_port *port = xzalloc(sizeof *port);

    port->port_no = choose_port(dpif, name);
    port->name = xstrdup(name);
    port->netdev = netdev;
    port->ref_cnt = 1;
    dpif_invalidate();
    dp_lock_write();
    if (netdev) {
        netdev->dpif = dpif;
        netdev->dp_port_no = port->port_no;
    }
    hmap_insert(&dpif->ports, &port->node, hash_int(port->port_no, 0));
    if (port->port_no < ARRAY_SIZE(dpif->small_ports)) {
        dpif->small_ports[port->port_no] = port;
    }
    dp_unlock_write();
    /* A new kernel device for a worker to watch. */
    dp_workers_wake();
    return port;
}

/* Adds "netdev" to "dpif" and stores its datapath port number in
 * "*port_nop".  A tunnel netdev gets the shared receive port of its kind
 * and UDP port. */
int
dpif_port_add(struct dpif *dpif, struct netdev *netdev, uint32_t *port_nop)
{
    const struct netdev_tunnel_config *tnl
        = netdev_vport_get_tunnel_config(netdev);
    struct dpif_port *port;

    if (tnl) {
        char *name = netdev_vport_dpif_port_name(tnl);
        port = port_by_name(dpif, name);
        if (port) {
            port->ref_cnt++;
        } else {
            port = port_create(dpif, name, NULL);
        }
        free(name);
    } else {
        port = port_create(dpif, netdev->name, netdev);
    }
    *port_nop = port->port_no;
    return 0;
}

/* Drops one user of port "port_no"; the port goes with its last user. */
void
dpif_port_del(struct dpif *dpif, uint32_t port_no)
{
    struct dpif_port *port = dpif_port_by_number(dpif, port_no);

    if (port && !--port->ref_cnt) {
        port_destroy(dpif, port);
    }
}

/* "ovs-appctl tnl/ports/show": the shared tunnel receive ports. */
void
dpif_tnl_ports_show(struct ds *ds)
{
    ds_put_cstr(ds, "Listening ports:\n");
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        struct dpif_port *port;
        HMAP_FOR_EACH (port, node, &dpif->ports) {
            if (!port->netdev) {
                ds_put_format(ds, "%s (%"PRIu32") ref_cnt=%d\n", port->name,
                              port->port_no, port->ref_cnt);
            }
        }
    }
}
