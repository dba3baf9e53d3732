/* The inside of an OpenFlow switch, shared by ofproto.c (ports and the
 * OpenFlow connection), oftable.c (flow tables and flow mods) and xlate.c
 * (running a packet through the tables).  Nothing outside ofproto/
 * includes this. */
#ifndef OFPROTO_PROVIDER_H
#define OFPROTO_PROVIDER_H 1

#include <stdbool.h>
#include <stdint.h>
#include "classifier.h"
#include "hmap.h"
#include "ofp-errors.h"

struct connmgr;
struct dpif;
struct ds;
struct mac_learning;
struct match;
struct netdev;
struct ofconn;
struct ofpact;
struct ofp_header;
struct ofputil_flow_mod;
struct tun_table;

/* Tables 0..254, as in Open vSwitch: OpenFlow sees 254 of them (0..253);
 * table 254 is hidden and read-only, though goto_table may name it. */
#define OFPROTO_N_TABLES 255
#define OFPROTO_N_VISIBLE_TABLES 254
#define OFPROTO_TABLE_HIDDEN 254

/* Port numbers below this are valid output ports. */
#define OFPROTO_MAX_PORTS 0xff00

struct ofport {
    struct hmap_node node;      /* In struct ofproto's "ports". */
    uint32_t ofp_port;          /* OFPP_LOCAL (65534) for the bridge's. */
    uint32_t odp_port;          /* Datapath port number, for traces. */
    struct netdev *netdev;
    long long int created;      /* time_msec() when added. */
    /* As last reported in port status.  "live" (OpenFlow 1.1+'s
     * OFPPS_LIVE) follows the other two a step later, as in Open
     * vSwitch: a new port is reported not live, then live. */
    bool admin_up, carrier, live;
};

/* One flow. */
struct rule {
    struct cls_rule cr;         /* In its table's classifier. */
    uint8_t table_id;
    be64 cookie;
    uint16_t idle_timeout;      /* Seconds, 0: none. */
    uint16_t hard_timeout;
    uint16_t flags;             /* OFPFF_*, 1.3 bit positions. */
    uint16_t importance;
    long long int created;      /* time_msec() when added. */
    long long int modified;     /* ... when its actions last changed. */
    long long int used;         /* ... when a packet last hit it. */
    uint64_t n_packets;
    uint64_t n_bytes;
    struct ofpact *ofpacts;     /* Owned. */
    size_t ofpacts_len;
};

/* One flow table. */
struct oftable {
    struct classifier cls;      /* struct rule, by match. */
    uint64_t n_lookups;         /* Packets looked up here. */
    uint64_t n_matches;         /* ... that hit a flow. */
};

struct ofproto {
    struct hmap_node node;      /* In "all_ofprotos", by name. */
    char *name;                 /* The bridge's. */
    uint32_t serial;            /* Never reused: datapath actions name the
                                 * switch by it. */
    bool fail_secure;           /* fail_mode=secure: no NORMAL flow. */
    struct hmap ports;          /* struct ofport, by number. */
    struct mac_learning *ml;
    uint64_t datapath_id;       /* As OpenFlow reports it. */
    uint16_t frag_flags;        /* OFPC_FRAG_* from OFPT_SET_CONFIG: normal
                                 * (0), drop (1) or nx-match (3). */
    struct connmgr *connmgr;    /* OpenFlow clients. */
    struct dpif *dpif;          /* Its datapath, for packet-outs. */
    bool port_status_due;       /* A port's state may have to be reported. */
    struct tun_table *tun_table; /* Geneve TLV map. */
    struct tun_table **old_tun_tables; /* Replaced maps flows may still
                                        * point to; freed with the switch. */
    size_t n_old_tun_tables;
    struct oftable tables[OFPROTO_N_TABLES];
    long long int next_expiry;  /* When to look for timed-out flows. */

    /* Fail-open (fail-open.c). */
    int fail_open_secs;         /* Seconds disconnected when it was last
                                 * logged; 0: not in fail-open mode. */
    long long int next_bogus_packet_in; /* time_msec(), or LLONG_MAX. */
};

struct ofport *ofport_lookup(const struct ofproto *, uint32_t ofp_port);
struct ofproto *ofproto_lookup(const char *name);
struct hmap *ofproto_all(void);

/* oftable.c */
void oftables_init(struct ofproto *);
void oftables_destroy(struct ofproto *);
void ofproto_flush_flows(struct ofproto *);
enum ofperr ofproto_flow_mod(struct ofproto *, struct ofputil_flow_mod *);
void ofproto_add_default_flow(struct ofproto *);
void ofproto_add_normal_flow(struct ofproto *, int priority);
void ofproto_delete_hidden_flow(struct ofproto *, int priority);
void ofproto_format_all_flows(struct ofproto *, struct ds *);
void ofproto_handle_flow_stats_request(struct ofproto *, struct ofconn *,
                                       const struct ofp_header *);
void ofproto_handle_table_stats_request(struct ofproto *, struct ofconn *,
                                        const struct ofp_header *);
void ofproto_handle_table_features_request(struct ofproto *,
                                           struct ofconn *,
                                           const struct ofp_header *);
void ofproto_expire_flows(struct ofproto *);
bool ofproto_tun_metadata_in_use(unsigned int index, void *ofproto);
void ofproto_rule_get_match(const struct rule *, struct match *);

/* xlate.c */
struct dp_packet;
struct flow_tnl;
struct ds;
void xlate_init(void);
void xlate_inject(struct ofproto *, uint32_t in_port, struct dp_packet *,
                  int depth);
void xlate_trace(struct ofproto *, const struct flow *, struct ds *);
void xlate_packet_out(struct ofproto *, uint32_t in_port,
                      const struct ofpact *, size_t ofpacts_len,
                      struct dp_packet *);

/* ofproto.c */
typedef void ofproto_output_cb(void *aux, uint32_t ofp_port);
bool ofproto_normal(struct ofproto *, const struct flow *, uint32_t in_port,
                    bool learn, ofproto_output_cb *, void *aux);
bool eth_addr_is_reserved(struct eth_addr);
const struct ofport *ofport_by_odp_port(uint32_t odp_port,
                                        struct ofproto **);

#endif /* ofproto-provider.h */
