/* The bridge layer's ovs-appctl commands: "dpif/show", "tnl/ports/show"
 * and "memory/show", read from the bridges bridge.c keeps. */
#include <config.h>
#include "bridge-private.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dpif.h"
#include "ds.h"
#include "netdev.h"
#include "smap.h"
#include "unixctl.h"
#include "util.h"

static int
compare_bridges_by_name(const void *a_, const void *b_)
{
    const struct bridge *const *a = a_;
    const struct bridge *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

static int
compare_ifaces_by_name(const void *a_, const void *b_)
{
    const struct iface *const *a = a_;
    const struct iface *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Returns the bridges in name order, in an array the caller frees. */
static struct bridge **
sorted_bridges(size_t *n)
{
    const struct hmap *bridges = bridge_all();
    struct bridge **brs = xmalloc((hmap_count(bridges) + 1) * sizeof *brs);
    struct bridge *br;

    *n = 0;
    HMAP_FOR_EACH (br, node, bridges) {
        brs[(*n)++] = br;
    }
    qsort(brs, *n, sizeof *brs, compare_bridges_by_name);
    return brs;
}

/* The port type as "dpif/show" prints it. */
static const char *
dpif_show_type(const struct iface *iface)
{
    return netdev_get_type(iface->netdev);
}

/* "ovs-appctl dpif/show": each datapath, its bridges and their ports with
 * OpenFlow/datapath port numbers and tunnel configuration. */
static void
cmd_dpif_show(struct unixctl_conn *conn, int argc OVSX_UNUSED,
              const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    struct ds ds;
    size_t n_brs;
    struct bridge **brs = sorted_bridges(&n_brs);

    ds_init(&ds);
    for (struct dpif *dpif = dpif_first(); dpif; dpif = dpif_next(dpif)) {
        ds_put_format(&ds, "%s@%s: hit:%"PRIu64" missed:%"PRIu64"\n",
                      dpif->type, dpif->name, dpif_n_hit(dpif),
                      dpif->n_missed);
        for (size_t b = 0; b < n_brs; b++) {
            struct bridge *br = brs[b];
            struct iface **ifaces, *iface;
            size_t n = 0;

            if (br->dpif != dpif) {
                continue;
            }
            ds_put_format(&ds, "  %s:\n", br->name);
            ifaces = xmalloc((hmap_count(&br->ifaces) + 1) * sizeof *ifaces);
            HMAP_FOR_EACH (iface, node, &br->ifaces) {
                if (iface->netdev && iface->odp_port != DPIF_PORT_NONE) {
                    ifaces[n++] = iface;
                }
            }
            qsort(ifaces, n, sizeof *ifaces, compare_ifaces_by_name);
            for (size_t i = 0; i < n; i++) {
                struct smap config;
                iface = ifaces[i];
                ds_put_format(&ds, "    %s %lld/%"PRIu32": (%s", iface->name,
                              (long long) iface->ofport, iface->odp_port,
                              dpif_show_type(iface));
                smap_init(&config);
                netdev_get_config(iface->netdev, &config);
                const struct smap_node **nodes = smap_sort(&config);
                for (size_t j = 0; j < smap_count(&config); j++) {
                    ds_put_format(&ds, "%s%s=%s", j ? ", " : ": ",
                                  nodes[j]->key, nodes[j]->value);
                }
                free(nodes);
                smap_destroy(&config);
                ds_put_cstr(&ds, ")\n");
            }
            free(ifaces);
        }
    }
    free(brs);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

static void
cmd_tnl_ports_show(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                   const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    struct ds ds;

    ds_init(&ds);
    dpif_tnl_ports_show(&ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* "ovs-appctl memory/show": counts of what takes memory, as Open vSwitch
 * reports them ("name:count" words in name order). */
static void
cmd_memory_show(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    const struct hmap *bridges = bridge_all();
    size_t n_ports = 0;
    struct bridge *br;
    struct ds ds;

    HMAP_FOR_EACH (br, node, bridges) {
        n_ports += hmap_count(&br->ifaces);
    }
    ds_init(&ds);
    ds_put_format(&ds, "bridges:%zu idl-cells-Open_vSwitch:%zu ports:%zu",
                  hmap_count(bridges), bridge_db_cells(), n_ports);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

void
bridge_register_commands(void)
{
    unixctl_command_register("dpif/show", "", 0, 0, cmd_dpif_show, NULL);
    unixctl_command_register("tnl/ports/show", "", 0, 0, cmd_tnl_ports_show,
                             NULL);
    unixctl_command_register("memory/show", "", 0, 0, cmd_memory_show, NULL);
}
