/* The OpenFlow connections of one switch: the management socket
 * $OVS_RUNDIR/BRIDGE.mgmt that "ovs-ofctl BRIDGE" reaches, the controllers
 * of the Bridge's "controller" column (active "tcp:"/"unix:" targets the
 * switch connects to and reconnects to, passive "ptcp:"/"punix:" ones it
 * listens on), any number of clients at once. */
#ifndef CONNMGR_H
#define CONNMGR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct connmgr;
struct ofconn;
struct ofpbuf;
struct ofputil_packet_in;

/* Called with each message an OpenFlow client sends. */
typedef void connmgr_handler(struct ofconn *, const struct ofpbuf *msg,
                             void *aux);

int connmgr_create(const char *name, const char *mgmt_path,
                   connmgr_handler *, void *aux, struct connmgr **);
struct ofproto_controller;
void connmgr_set_controllers(struct connmgr *,
                             const struct ofproto_controller *, size_t n);
bool connmgr_is_connected(const struct connmgr *, const char *target);
bool connmgr_has_controllers(const struct connmgr *);
bool connmgr_wants_packet_in_on_miss(const struct connmgr *);
int connmgr_failure_duration(const struct connmgr *);
int connmgr_max_probe_interval(const struct connmgr *);
bool connmgr_is_any_controller_connected(const struct connmgr *);
bool connmgr_is_any_controller_admitted(const struct connmgr *);
void connmgr_destroy(struct connmgr *);
void connmgr_run(struct connmgr *);
void connmgr_wait(const struct connmgr *);

void ofconn_send(struct ofconn *, struct ofpbuf *);
uint8_t ofconn_get_version(const struct ofconn *);
uint16_t ofconn_get_miss_send_len(const struct ofconn *);
void ofconn_set_miss_send_len(struct ofconn *, uint16_t);
bool ofconn_get_flow_mod_table_id(const struct ofconn *);
void ofconn_set_flow_mod_table_id(struct ofconn *, bool);
int ofconn_get_flow_format(const struct ofconn *);
void ofconn_set_flow_format(struct ofconn *, int);
int ofconn_get_packet_in_format(const struct ofconn *);
void ofconn_set_packet_in_format(struct ofconn *, int);
int connmgr_send_packet_in(struct connmgr *, const struct ofputil_packet_in *);
void connmgr_send_async_format(struct connmgr *,
                               struct ofpbuf *(*encode)(uint8_t version,
                                                        int flow_format,
                                                        const void *aux),
                               const void *aux);

#endif /* connmgr.h */
