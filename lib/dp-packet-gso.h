/* Software segmentation: a TCP packet of up to 64 kB that a local sender
 * left to the kernel to cut (TSO, see struct dp_packet_gso), cut here,
 * for where no kernel will do it (inside a tunnel, a TAP device); and
 * IPv4 fragmentation, for a packet that a tunnel's underlay MTU would not
 * take whole. */
#ifndef DP_PACKET_GSO_H
#define DP_PACKET_GSO_H 1

#include <stdbool.h>
#include <stddef.h>

struct dp_packet;

size_t dp_packet_gso_segment(const struct dp_packet *,
                             void (*cb)(struct dp_packet *, void *aux),
                             void *aux);
size_t dp_packet_ip_fragment(const struct dp_packet *, bool has_eth,
                             size_t max_len,
                             void (*cb)(struct dp_packet *, void *aux),
                             void *aux);

#endif /* dp-packet-gso.h */
