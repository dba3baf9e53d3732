/* MAC learning. */
#include <config.h>
#include "mac-learning.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "util.h"

static uint32_t
mac_hash(struct eth_addr mac, uint16_t vlan)
{
    uint8_t key[8];

    memcpy(key, mac.ea, ETH_ADDR_LEN);
    memcpy(key + ETH_ADDR_LEN, &vlan, sizeof vlan);
    return hash_bytes(key, sizeof key, 0);
}

struct mac_learning *
mac_learning_create(unsigned int idle_time)
{
    struct mac_learning *ml = xzalloc(sizeof *ml);

    hmap_init(&ml->table);
    ml->idle_time = idle_time;
    ml->max_entries = MAC_DEFAULT_MAX;
    return ml;
}

static void
entry_remove(struct mac_learning *ml, struct mac_entry *e)
{
    hmap_remove(&ml->table, &e->node);
    free(e);
}

void
mac_learning_destroy(struct mac_learning *ml)
{
    if (ml) {
        mac_learning_flush(ml);
        hmap_destroy(&ml->table);
        free(ml);
    }
}

struct mac_entry *
mac_learning_lookup(const struct mac_learning *ml, struct eth_addr mac,
                    uint16_t vlan)
{
    struct mac_entry *e;

    HMAP_FOR_EACH_WITH_HASH (e, node, mac_hash(mac, vlan), &ml->table) {
        if (!memcmp(&e->mac, &mac, sizeof mac) && e->vlan == vlan) {
            return e;
        }
    }
    return NULL;
}

/* Removes the least recently used entry, to make room. */
static void
evict_oldest(struct mac_learning *ml)
{
    struct mac_entry *e, *oldest = NULL;

    HMAP_FOR_EACH (e, node, &ml->table) {
        if (!oldest || e->used < oldest->used) {
            oldest = e;
        }
    }
    if (oldest) {
        entry_remove(ml, oldest);
    }
}

/* Records that "mac" on "vlan" was seen on "port" now.  Multicast source
 * addresses are never learned. */
bool
mac_learning_learn(struct mac_learning *ml, struct eth_addr mac,
                   uint16_t vlan, uint32_t port)
{
    struct mac_entry *e;
    bool changed = false;

    if (mac.ea[0] & 1) {
        return false;
    }
    e = mac_learning_lookup(ml, mac, vlan);
    if (!e) {
        changed = true;
        if (hmap_count(&ml->table) >= ml->max_entries) {
            evict_oldest(ml);
        }
        e = xzalloc(sizeof *e);
        e->mac = mac;
        e->vlan = vlan;
        hmap_insert(&ml->table, &e->node, mac_hash(mac, vlan));
    }
    static uint64_t seq;

    changed |= e->port != port;
    e->port = port;
    e->used = time_msec();
    e->seq = ++seq;
    return changed;
}

void
mac_learning_flush(struct mac_learning *ml)
{
    struct mac_entry *e, *next;

    HMAP_FOR_EACH_SAFE (e, next, node, &ml->table) {
        entry_remove(ml, e);
    }
}

/* Forgets every address learned on "port" (the port went away). */
void
mac_learning_flush_port(struct mac_learning *ml, uint32_t port)
{
    struct mac_entry *e, *next;

    HMAP_FOR_EACH_SAFE (e, next, node, &ml->table) {
        if (e->port == port) {
            entry_remove(ml, e);
        }
    }
}

/* Forgets entries idle for longer than the idle time. */
bool
mac_learning_expire(struct mac_learning *ml)
{
    long long int cutoff = time_msec() - ml->idle_time * 1000LL;
    struct mac_entry *e, *next;
    bool removed = false;

    HMAP_FOR_EACH_SAFE (e, next, node, &ml->table) {
        if (e->used <= cutoff) {
            entry_remove(ml, e);
            removed = true;
        }
    }
    return removed;
}

/* Notes that "mac" on "vlan" was seen on "port" at "used", if that is
 * what is known already; learns nothing new. */
void
mac_learning_refresh(struct mac_learning *ml, struct eth_addr mac,
                     uint16_t vlan, uint32_t port, long long int used)
{
    struct mac_entry *e = mac_learning_lookup(ml, mac, vlan);

    if (e && e->port == port && used > e->used) {
        e->used = used;
    }
}

/* Returns when the next entry expires, or LLONG_MAX if none. */
long long int
mac_learning_next_expiry(const struct mac_learning *ml)
{
    long long int next = LLONG_MAX;
    struct mac_entry *e;

    HMAP_FOR_EACH (e, node, &ml->table) {
        next = MIN(next, e->used + ml->idle_time * 1000LL);
    }
    return next;
}
