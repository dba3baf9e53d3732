/* Datapaths: the ports every bridge of one datapath type shares.
 *
 * As in Open vSwitch, all bridges whose Bridge.datapath_type is the same
 * share one datapath ("netdev@ovs-netdev", "dummy@ovs-dummy"), which
 * numbers its ports itself (the "odp" port numbers "dpif/show" prints
 * after the OpenFlow ones).  Tunnel ports of one kind and UDP port share
 * one datapath port that receives for all of them ("genev_sys_6081").
 *
 * Each datapath caches megaflows (dpif-userspace.c): a received packet's
 * flow is looked up in an exact-match cache, then in the megaflow
 * classifier; a miss is an upcall, which asks the upper layer (ofproto,
 * through struct dpif_upcall_class) for the datapath actions and the
 * megaflow mask, runs the actions and installs the megaflow.  Statistics
 * go back up through the upcall's opaque "ukey". */
#ifndef DPIF_H
#define DPIF_H 1

#include <stdbool.h>
#include <stdint.h>
#include "classifier.h"
#include "flow.h"
#include "hmap.h"
#include "ofpbuf.h"

struct dp_packet;
struct ds;
struct emc;
struct netdev;
struct odp_action;

struct dpif_port {
    struct hmap_node node;      /* In struct dpif's "ports", by number. */
    uint32_t port_no;           /* Datapath port number. */
    char *name;                 /* The netdev's, or "genev_sys_6081"... */
    struct netdev *netdev;      /* NULL for a shared tunnel port. */
    int ref_cnt;                /* Tunnel ports receiving through it. */
};

/* Counters the packet path bumps come in slots, one for each thread that
 * forwards (the main thread, then the workers), so that a thread adds to
 * its own slot without a locked instruction.  Readers add the slots up. */
#define DPIF_STAT_SLOTS 4

struct dpif {
    char *type;                 /* "netdev" or "dummy". */
    char *name;                 /* "ovs-netdev" or "ovs-dummy". */
    struct hmap ports;          /* struct dpif_port, by port_no. */
    uint64_t n_hit[DPIF_STAT_SLOTS]; /* Flow cache hits: dpif_n_hit(). */
    uint64_t n_missed;          /* Flow cache misses (main thread). */
    int ref_cnt;                /* Bridges using it. */

    struct dpif_port *small_ports[256]; /* Ports 0..255 by number, for
                                         * the packet path. */
    struct classifier flows;    /* struct dp_flow: the megaflows. */
    struct emc *emc;            /* Exact-match cache in front. */
};

/* An upcall: a packet that missed the flow caches.  The upper layer fills
 * in the second half. */
struct dpif_upcall {
    struct dpif *dpif;          /* The datapath it came from. */
    const struct flow *key;     /* The packet's flow; in_port is the
                                 * datapath port. */
    const struct dp_packet *packet;

    struct ofpbuf actions;      /* struct odp_action list. */
    struct flow mask;           /* Megaflow mask: 1-bits matched. */
    bool cacheable;             /* false: run the actions on this packet
                                 * only (something must see each one). */
    bool revalidate;            /* The key of an installed megaflow,
                                 * translated again: no packet ("packet"
                                 * is NULL), no side effects. */
    void *ukey;                 /* Statistics go here, or NULL. */
};

struct dpif_upcall_class {
    void (*upcall)(struct dpif_upcall *);
    /* Credits "n_packets" and "n_bytes", last used at "used", to what the
     * megaflow of "ukey" stands for. */
    void (*credit)(void *ukey, uint64_t n_packets, uint64_t n_bytes,
                   long long int used);
    void (*free_ukey)(void *ukey);
    /* An ODPA_USERSPACE with "data" ran on "packet". */
    void (*userspace)(const struct dp_packet *, const void *data,
                      size_t len);
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

void dpif_set_upcall_class(const struct dpif_upcall_class *);
void dpif_receive_batch(struct netdev *, struct dp_packet **, size_t n);
void dpif_batch_begin(void);
void dpif_batch_end(void);
void dpif_execute(struct dpif *, struct dp_packet *, const struct flow *key,
                  const struct odp_action *, size_t len);
void dpif_invalidate(void);
void dpif_purge(void);
void dpif_push_stats(void);
void dpif_run(void);
void dpif_set_max_idle(int ms);
void dpif_wait(void);
void dpif_register_commands(void);
size_t dpif_flow_count(const struct dpif *);
uint64_t dpif_n_hit(const struct dpif *);

#define DPIF_PORT_NONE UINT32_MAX

#endif /* dpif.h */
