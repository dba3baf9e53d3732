/* The TLV table: Geneve options mapped to the 64 tun_metadata fields.
 *
 * Each bridge has one table.  "ovs-ofctl add-tlv-map" maps an option
 * (class, type, length) to field tun_metadataN; the table allocates the
 * field's bytes in a shared 256-byte space.  A packet's mapped options live
 * in struct tun_metadata at the offsets the table allocated. */
#ifndef TUN_METADATA_H
#define TUN_METADATA_H 1

#include <stdbool.h>
#include <stdint.h>
#include "compiler.h"

#define TUN_METADATA_NUM_OPTS 64      /* tun_metadata0 .. tun_metadata63. */
#define TUN_METADATA_TOT_OPT_SIZE 256 /* Bytes of option space per table. */
#define TUN_METADATA_MAX_OPT_LEN 124  /* Largest option body, bytes. */

struct tun_table;

/* The mapped Geneve options of one packet or flow. */
struct tun_metadata {
    uint64_t present;           /* Bit N set: tun_metadataN is present. */
    const struct tun_table *tab; /* Table the offsets below refer to. */
    uint8_t opts[TUN_METADATA_TOT_OPT_SIZE]; /* Values, as allocated. */
};

#endif /* tun-metadata.h */
