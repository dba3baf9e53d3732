/* An OpenFlow switch, one per bridge.
 *
 * For now the switch has only what Open vSwitch installs in a new bridge
 * with no controller: in fail_mode "standalone" the single flow
 * "priority=0 actions=NORMAL" (a MAC-learning L2 switch), in "secure" no
 * flow at all (every packet is dropped).  Flow tables, OpenFlow
 * connections and translation to datapath actions build on this. */
#ifndef OFPROTO_H
#define OFPROTO_H 1

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct dp_packet;
struct netdev;
struct ofproto;

#define OFPP_LOCAL 65534            /* The bridge's own (internal) port. */

struct ofproto *ofproto_create(const char *name);
void ofproto_destroy(struct ofproto *);
void ofproto_set_fail_secure(struct ofproto *, bool secure);
void ofproto_set_datapath_id(struct ofproto *, uint64_t);
struct dpif;
void ofproto_set_dpif(struct ofproto *, struct dpif *);
/* A Controller row. */
struct ofproto_controller {
    const char *target;
    int probe_interval;         /* Seconds (inactivity_probe / 1000, 5 by
                                 * default; 0: no probes). */
    int max_backoff;            /* Seconds (max_backoff / 1000, 8 by
                                 * default). */
};
void ofproto_set_controllers(struct ofproto *,
                             const struct ofproto_controller *, size_t n);
bool ofproto_controller_is_connected(const struct ofproto *,
                                     const char *target);
void ofproto_port_add(struct ofproto *, uint32_t ofp_port, struct netdev *,
                      uint32_t odp_port);
void ofproto_port_del(struct ofproto *, uint32_t ofp_port);

void ofproto_init(void);
void ofproto_run(void);
void ofproto_wait(void);

#endif /* ofproto.h */
