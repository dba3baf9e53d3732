/* The MAC learning table behind the NORMAL action: which port each
 * (VLAN, Ethernet address) was last seen on, forgotten after an idle
 * time.  One table per bridge. */
#ifndef MAC_LEARNING_H
#define MAC_LEARNING_H 1

#include <stdint.h>
#include "hmap.h"
#include "packets.h"

#define MAC_ENTRY_DEFAULT_IDLE_TIME 300     /* Seconds, as in OVS. */
#define MAC_DEFAULT_MAX 8192                /* Entries, as in OVS. */

struct mac_entry {
    struct hmap_node node;      /* In struct mac_learning's "table". */
    struct eth_addr mac;
    uint16_t vlan;              /* VLAN ID, 0 for untagged. */
    uint32_t port;              /* OpenFlow port it was seen on. */
    long long int used;         /* time_msec() when last seen. */
    uint64_t seq;               /* Order of last use, for listing. */
};

struct mac_learning {
    struct hmap table;          /* struct mac_entry, by (mac, vlan). */
    unsigned int idle_time;     /* Seconds before an entry expires. */
    size_t max_entries;
};

struct mac_learning *mac_learning_create(unsigned int idle_time);
void mac_learning_destroy(struct mac_learning *);
bool mac_learning_learn(struct mac_learning *, struct eth_addr, uint16_t vlan,
                        uint32_t port);
void mac_learning_refresh(struct mac_learning *, struct eth_addr,
                          uint16_t vlan, uint32_t port, long long int used);
struct mac_entry *mac_learning_lookup(const struct mac_learning *,
                                      struct eth_addr, uint16_t vlan);
void mac_learning_flush(struct mac_learning *);
void mac_learning_flush_port(struct mac_learning *, uint32_t port);
bool mac_learning_expire(struct mac_learning *);
long long int mac_learning_next_expiry(const struct mac_learning *);

#endif /* mac-learning.h */
