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

/* One mapping: Geneve option (class, type) of "len" bytes of data (a
 * multiple of 4, at most TUN_METADATA_MAX_OPT_LEN) is tun_metadata"index". */
struct tun_table_mapping {
    uint16_t opt_class;
    uint8_t type;
    uint8_t len;
    uint8_t index;
};

enum tun_table_command {
    TUN_TABLE_ADD,              /* Add mappings. */
    TUN_TABLE_DELETE,           /* Remove mappings by index. */
    TUN_TABLE_CLEAR,            /* Remove every mapping. */
};

/* Why a table modification was refused: the Nicira TLV table errors Open
 * vSwitch sends (NXTTMFC_*), by the same names.  Each value is the error's
 * OpenFlow 1.2+ code: an OFPET_EXPERIMENTER (0xffff) error with experimenter
 * NX_VENDOR_ID (0x00002320) and this exp_type.  For OpenFlow 1.0 and 1.1,
 * tun_table_error_nx10_code() gives the code of the Nicira vendor error
 * (NXET_VENDOR, vendor 0x00002320, type 1 = OFPET_BAD_REQUEST), as in OVS
 * include/openvswitch/ofp-errors.h. */
enum tun_table_error {
    TUN_TABLE_OK = 0,
    TUN_TABLE_BAD_COMMAND = 16,     /* Unknown command.  (1,527) */
    TUN_TABLE_BAD_OPT_LEN = 17,     /* Length not a multiple of 4, or > 124.
                                     * (1,528) */
    TUN_TABLE_BAD_FIELD_IDX = 18,   /* Index not 0..63.  (1,529) */
    TUN_TABLE_TABLE_FULL = 19,      /* Not enough of the 256 bytes free.
                                     * (1,530) */
    TUN_TABLE_ALREADY_MAPPED = 20,  /* Index already has a mapping. (1,531) */
    TUN_TABLE_DUP_ENTRY = 21,       /* (class, type) mapped twice.  (1,532) */
    TUN_TABLE_INVALID_TLV_DEL = 38, /* Deleting a mapping a flow still uses.
                                     * (1,537) */
};

#define TUN_TABLE_NX_VENDOR_ID 0x00002320   /* Nicira experimenter ID. */

/* OpenFlow 1.0/1.1 Nicira vendor error code of "error" (type 1), 0 for
 * TUN_TABLE_OK. */
uint16_t tun_table_error_nx10_code(enum tun_table_error);
const char *tun_table_error_name(enum tun_table_error);

struct tun_table *tun_table_create(void);
struct tun_table *tun_table_clone(const struct tun_table *);
void tun_table_destroy(struct tun_table *);

/* Tells whether field "index" is in use by a flow, for DELETE and CLEAR;
 * NULL means none is. */
typedef bool tun_table_in_use_cb(unsigned int index, void *aux);

enum tun_table_error tun_table_mod(const struct tun_table *,
                                   enum tun_table_command,
                                   const struct tun_table_mapping *, size_t n,
                                   tun_table_in_use_cb *, void *aux,
                                   struct tun_table **new_table);
size_t tun_table_list(const struct tun_table *,
                      struct tun_table_mapping out[TUN_METADATA_NUM_OPTS]);
size_t tun_table_bytes_used(const struct tun_table *);

/* Why received Geneve options could not be taken in. */
enum tun_metadata_error {
    TUN_METADATA_OK = 0,
    TUN_METADATA_TRUNCATED,     /* An option runs past the option area. */
    TUN_METADATA_BAD_LEN,       /* A mapped option of another length. */
    TUN_METADATA_CRIT_UNKNOWN,  /* Unknown option with the critical bit. */
    TUN_METADATA_TOO_LONG,      /* Emitted options exceed 252 bytes. */
    TUN_METADATA_DUP_OPTION,    /* A mapped option received twice. */
};

const char *tun_metadata_error_name(enum tun_metadata_error);

enum tun_metadata_error tun_metadata_from_geneve(
    const struct tun_table *, const uint8_t *opts, size_t opts_len,
    struct tun_metadata *, uint8_t *passthrough, size_t *passthrough_len);
enum tun_metadata_error tun_metadata_to_geneve(
    const struct tun_metadata *, const uint8_t *passthrough,
    size_t passthrough_len, uint8_t out[252], size_t *out_len,
    bool *critical);

void tun_metadata_init(struct tun_metadata *, const struct tun_table *);
bool tun_metadata_set(struct tun_metadata *, unsigned int index,
                      const void *value, size_t len);
bool tun_metadata_get(const struct tun_metadata *, unsigned int index,
                      void *value, size_t *len);
void tun_metadata_clear(struct tun_metadata *, unsigned int index);

static inline bool
tun_metadata_present(const struct tun_metadata *md, unsigned int index)
{
    return index < TUN_METADATA_NUM_OPTS && (md->present >> index) & 1;
}

#endif /* tun-metadata.h */
