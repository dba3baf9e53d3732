/* The TLV table: Geneve options mapped to tun_metadata0..63.
 *
 * The 256 bytes of option space are 64 blocks of 4 bytes.  A mapping of
 * "len" bytes owns len/4 blocks, not necessarily adjacent ones, so space
 * freed by deleting mappings is usable again however it is scattered.
 *
 * Tables are values: tun_table_mod() never changes the table it is given
 * but returns a new one, so a reader holding the old one keeps a
 * consistent view and a later RCU layer can swap pointers. */
#include <config.h>
#include "tun-metadata.h"

#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "geneve.h"
#include "packets.h"
#include "util.h"

#define TUN_METADATA_BLOCK 4
#define TUN_METADATA_N_BLOCKS (TUN_METADATA_TOT_OPT_SIZE / TUN_METADATA_BLOCK)
#define TUN_METADATA_MAX_BLOCKS (TUN_METADATA_MAX_OPT_LEN / TUN_METADATA_BLOCK)

COVERAGE_DEFINE(tun_metadata_drop_truncated);
COVERAGE_DEFINE(tun_metadata_drop_bad_len);
COVERAGE_DEFINE(tun_metadata_drop_crit_unknown);
COVERAGE_DEFINE(tun_metadata_drop_dup_option);
COVERAGE_DEFINE(tun_metadata_passthrough);

struct tun_table_entry {
    bool valid;
    uint16_t opt_class;
    uint8_t type;
    uint8_t len;                /* Bytes of option data. */
    uint8_t blocks[TUN_METADATA_MAX_BLOCKS]; /* Block of each 4 bytes. */
};

struct tun_table {
    struct tun_table_entry entries[TUN_METADATA_NUM_OPTS];
    uint64_t used_blocks;       /* Bit B: block B is allocated. */
};

const char *
tun_table_error_name(enum tun_table_error error)
{
    switch (error) {
    case TUN_TABLE_OK: return "OK";
    case TUN_TABLE_BAD_COMMAND: return "NXTTMFC_BAD_COMMAND";
    case TUN_TABLE_BAD_OPT_LEN: return "NXTTMFC_BAD_OPT_LEN";
    case TUN_TABLE_BAD_FIELD_IDX: return "NXTTMFC_BAD_FIELD_IDX";
    case TUN_TABLE_TABLE_FULL: return "NXTTMFC_TABLE_FULL";
    case TUN_TABLE_ALREADY_MAPPED: return "NXTTMFC_ALREADY_MAPPED";
    case TUN_TABLE_DUP_ENTRY: return "NXTTMFC_DUP_ENTRY";
    case TUN_TABLE_INVALID_TLV_DEL: return "NXTTMFC_INVALID_TLV_DEL";
    }
    return "unknown";
}

uint16_t
tun_table_error_nx10_code(enum tun_table_error error)
{
    switch (error) {
    case TUN_TABLE_OK: return 0;
    case TUN_TABLE_BAD_COMMAND: return 527;
    case TUN_TABLE_BAD_OPT_LEN: return 528;
    case TUN_TABLE_BAD_FIELD_IDX: return 529;
    case TUN_TABLE_TABLE_FULL: return 530;
    case TUN_TABLE_ALREADY_MAPPED: return 531;
    case TUN_TABLE_DUP_ENTRY: return 532;
    case TUN_TABLE_INVALID_TLV_DEL: return 537;
    }
    return 0;
}

const char *
tun_metadata_error_name(enum tun_metadata_error error)
{
    switch (error) {
    case TUN_METADATA_OK: return "ok";
    case TUN_METADATA_TRUNCATED: return "tun_metadata_drop_truncated";
    case TUN_METADATA_BAD_LEN: return "tun_metadata_drop_bad_len";
    case TUN_METADATA_CRIT_UNKNOWN: return "tun_metadata_drop_crit_unknown";
    case TUN_METADATA_TOO_LONG: return "tun_metadata_too_long";
    case TUN_METADATA_DUP_OPTION: return "tun_metadata_drop_dup_option";
    }
    return "unknown";
}

struct tun_table *
tun_table_create(void)
{
    return xzalloc(sizeof(struct tun_table));
}

struct tun_table *
tun_table_clone(const struct tun_table *tab)
{
    struct tun_table *copy = xmalloc(sizeof *copy);

    memcpy(copy, tab, sizeof *copy);
    return copy;
}

void
tun_table_destroy(struct tun_table *tab)
{
    free(tab);
}

static void
entry_free(struct tun_table *tab, unsigned int index)
{
    struct tun_table_entry *e = &tab->entries[index];

    for (int i = 0; i < e->len / TUN_METADATA_BLOCK; i++) {
        tab->used_blocks &= ~(UINT64_C(1) << e->blocks[i]);
    }
    memset(e, 0, sizeof *e);
}

static enum tun_table_error
entry_add(struct tun_table *tab, const struct tun_table_mapping *m)
{
    if (m->len % TUN_METADATA_BLOCK || m->len > TUN_METADATA_MAX_OPT_LEN) {
        return TUN_TABLE_BAD_OPT_LEN;
    }
    if (m->index >= TUN_METADATA_NUM_OPTS) {
        return TUN_TABLE_BAD_FIELD_IDX;
    }
    if (tab->entries[m->index].valid) {
        return TUN_TABLE_ALREADY_MAPPED;
    }
    for (int i = 0; i < TUN_METADATA_NUM_OPTS; i++) {
        const struct tun_table_entry *e = &tab->entries[i];
        if (e->valid && e->opt_class == m->opt_class && e->type == m->type) {
            return TUN_TABLE_DUP_ENTRY;
        }
    }

    int n_blocks = m->len / TUN_METADATA_BLOCK;
    if (__builtin_popcountll(~tab->used_blocks) < n_blocks) {
        return TUN_TABLE_TABLE_FULL;
    }
    struct tun_table_entry *e = &tab->entries[m->index];
    for (int b = 0, i = 0; i < n_blocks; b++) {
        if (!(tab->used_blocks & (UINT64_C(1) << b))) {
            tab->used_blocks |= UINT64_C(1) << b;
            e->blocks[i++] = b;
        }
    }
    e->valid = true;
    e->opt_class = m->opt_class;
    e->type = m->type;
    e->len = m->len;
    return TUN_TABLE_OK;
}

/* Applies "command" with the "n" mappings in "maps" to a copy of "tab".  On
 * success stores the new table in "*new_table" and returns TUN_TABLE_OK;
 * on failure returns the error of the first refused mapping and changes
 * nothing: the modification is all or nothing.  For ADD each mapping is
 * checked in turn against the table as modified so far, so two mappings of
 * one request can collide with each other.  DELETE of an index with no
 * mapping is accepted and does nothing, as in Open vSwitch; DELETE or
 * CLEAR of a mapping "in_use" says a flow uses is refused. */
enum tun_table_error
tun_table_mod(const struct tun_table *tab, enum tun_table_command command,
              const struct tun_table_mapping *maps, size_t n,
              tun_table_in_use_cb *in_use, void *aux,
              struct tun_table **new_table)
{
    struct tun_table *copy = tun_table_clone(tab);
    enum tun_table_error error = TUN_TABLE_OK;

    switch (command) {
    case TUN_TABLE_ADD:
        for (size_t i = 0; i < n && !error; i++) {
            error = entry_add(copy, &maps[i]);
        }
        break;
    case TUN_TABLE_DELETE:
        for (size_t i = 0; i < n && !error; i++) {
            unsigned int index = maps[i].index;
            if (index >= TUN_METADATA_NUM_OPTS) {
                error = TUN_TABLE_BAD_FIELD_IDX;
            } else if (copy->entries[index].valid) {
                if (in_use && in_use(index, aux)) {
                    error = TUN_TABLE_INVALID_TLV_DEL;
                } else {
                    entry_free(copy, index);
                }
            }
        }
        break;
    case TUN_TABLE_CLEAR:
        for (unsigned int i = 0; i < TUN_METADATA_NUM_OPTS && !error; i++) {
            if (copy->entries[i].valid) {
                if (in_use && in_use(i, aux)) {
                    error = TUN_TABLE_INVALID_TLV_DEL;
                } else {
                    entry_free(copy, i);
                }
            }
        }
        break;
    default:
        error = TUN_TABLE_BAD_COMMAND;
        break;
    }

    if (error) {
        tun_table_destroy(copy);
        *new_table = NULL;
    } else {
        *new_table = copy;
    }
    return error;
}

/* Stores the table's mappings in index order in "out"; returns how many. */
size_t
tun_table_list(const struct tun_table *tab,
               struct tun_table_mapping out[TUN_METADATA_NUM_OPTS])
{
    size_t n = 0;

    for (int i = 0; i < TUN_METADATA_NUM_OPTS; i++) {
        const struct tun_table_entry *e = &tab->entries[i];
        if (e->valid) {
            out[n++] = (struct tun_table_mapping) {
                .opt_class = e->opt_class, .type = e->type, .len = e->len,
                .index = i,
            };
        }
    }
    return n;
}

size_t
tun_table_bytes_used(const struct tun_table *tab)
{
    return __builtin_popcountll(tab->used_blocks) * TUN_METADATA_BLOCK;
}

/* ---------------------------------------------------------------------
 * Per-packet values.
 * --------------------------------------------------------------------- */

void
tun_metadata_init(struct tun_metadata *md, const struct tun_table *tab)
{
    md->present = 0;
    md->tab = tab;
}

/* Sets field "index" to the "len" bytes at "value".  Returns false if the
 * field has no mapping or the mapping has another length. */
bool
tun_metadata_set(struct tun_metadata *md, unsigned int index,
                 const void *value, size_t len)
{
    const struct tun_table_entry *e;

    if (!md->tab || index >= TUN_METADATA_NUM_OPTS
        || !(e = &md->tab->entries[index])->valid || e->len != len) {
        return false;
    }
    for (int i = 0; i < e->len / TUN_METADATA_BLOCK; i++) {
        memcpy(&md->opts[e->blocks[i] * TUN_METADATA_BLOCK],
               (const uint8_t *) value + i * TUN_METADATA_BLOCK,
               TUN_METADATA_BLOCK);
    }
    md->present |= UINT64_C(1) << index;
    return true;
}

/* Copies present field "index" into "value" (room for 124 bytes) and its
 * length into "*len".  Returns false if the field is not present. */
bool
tun_metadata_get(const struct tun_metadata *md, unsigned int index,
                 void *value, size_t *len)
{
    if (!tun_metadata_present(md, index) || !md->tab) {
        return false;
    }
    const struct tun_table_entry *e = &md->tab->entries[index];
    for (int i = 0; i < e->len / TUN_METADATA_BLOCK; i++) {
        memcpy((uint8_t *) value + i * TUN_METADATA_BLOCK,
               &md->opts[e->blocks[i] * TUN_METADATA_BLOCK],
               TUN_METADATA_BLOCK);
    }
    *len = e->len;
    return true;
}

void
tun_metadata_clear(struct tun_metadata *md, unsigned int index)
{
    if (index < TUN_METADATA_NUM_OPTS) {
        md->present &= ~(UINT64_C(1) << index);
    }
}

/* Returns the index mapped to (class, type), or -1. */
static int
lookup(const struct tun_table *tab, uint16_t opt_class, uint8_t type)
{
    for (int i = 0; tab && i < TUN_METADATA_NUM_OPTS; i++) {
        const struct tun_table_entry *e = &tab->entries[i];
        if (e->valid && e->opt_class == opt_class && e->type == type) {
            return i;
        }
    }
    return -1;
}

/* Takes in the "opts_len" bytes of received Geneve options at "opts" under
 * table "tab": a mapped option becomes a present field of "md"; an unknown
 * option without the critical bit is appended, as it is, to "passthrough"
 * (room for 252 bytes; its length in "*passthrough_len") so that it can be
 * sent on.  Refuses, counting the reason: an option running past the area,
 * a mapped option whose length is not the mapping's, an option mapped
 * twice in one packet, and an unknown critical option (RFC 8926 §3.5.1). */
enum tun_metadata_error
tun_metadata_from_geneve(const struct tun_table *tab, const uint8_t *opts,
                         size_t opts_len, struct tun_metadata *md,
                         uint8_t *passthrough, size_t *passthrough_len)
{
    tun_metadata_init(md, tab);
    *passthrough_len = 0;

    for (size_t ofs = 0; ofs < opts_len; ) {
        if (opts_len - ofs < GENEVE_OPT_HEADER_LEN) {
            COVERAGE_INC(tun_metadata_drop_truncated);
            return TUN_METADATA_TRUNCATED;
        }
        const struct geneve_opt *opt = (const void *) &opts[ofs];
        size_t len = (opt->len & GENEVE_OPT_LEN_MASK5) * 4;
        if (len > opts_len - ofs - GENEVE_OPT_HEADER_LEN) {
            COVERAGE_INC(tun_metadata_drop_truncated);
            return TUN_METADATA_TRUNCATED;
        }
        const uint8_t *data = &opts[ofs + GENEVE_OPT_HEADER_LEN];
        int index = lookup(tab, get_unaligned_be16(&opts[ofs]), opt->type);

        if (index >= 0) {
            if (tun_metadata_present(md, index)) {
                COVERAGE_INC(tun_metadata_drop_dup_option);
                return TUN_METADATA_DUP_OPTION;
            }
            if (!tun_metadata_set(md, index, data, len)) {
                COVERAGE_INC(tun_metadata_drop_bad_len);
                return TUN_METADATA_BAD_LEN;
            }
        } else if (opt->type & GENEVE_OPT_TYPE_CRITICAL) {
            COVERAGE_INC(tun_metadata_drop_crit_unknown);
            return TUN_METADATA_CRIT_UNKNOWN;
        } else {
            COVERAGE_INC(tun_metadata_passthrough);
            memcpy(passthrough + *passthrough_len, &opts[ofs],
                   GENEVE_OPT_HEADER_LEN + len);
            *passthrough_len += GENEVE_OPT_HEADER_LEN + len;
        }
        ofs += GENEVE_OPT_HEADER_LEN + len;
    }
    return TUN_METADATA_OK;
}

/* Builds the Geneve option area for "md": the present fields in index
 * order, then the "passthrough_len" bytes of pass-through options.  Stores
 * the length in "*out_len" and in "*critical" whether any emitted option
 * has the critical bit (the header's C bit, RFC 8926 §3.4). */
enum tun_metadata_error
tun_metadata_to_geneve(const struct tun_metadata *md,
                       const uint8_t *passthrough, size_t passthrough_len,
                       uint8_t out[252], size_t *out_len, bool *critical)
{
    size_t n = 0;

    *critical = false;
    for (unsigned int i = 0; i < TUN_METADATA_NUM_OPTS; i++) {
        uint8_t value[TUN_METADATA_MAX_OPT_LEN];
        size_t len;

        if (!tun_metadata_get(md, i, value, &len)) {
            continue;
        }
        const struct tun_table_entry *e = &md->tab->entries[i];
        if (n + GENEVE_OPT_HEADER_LEN + len > GENEVE_MAX_OPTS_LEN) {
            return TUN_METADATA_TOO_LONG;
        }
        put_unaligned_be16(&out[n], e->opt_class);
        out[n + 2] = e->type;
        out[n + 3] = len / 4;
        memcpy(&out[n + GENEVE_OPT_HEADER_LEN], value, len);
        n += GENEVE_OPT_HEADER_LEN + len;
        *critical |= (e->type & GENEVE_OPT_TYPE_CRITICAL) != 0;
    }
    if (n + passthrough_len > GENEVE_MAX_OPTS_LEN) {
        return TUN_METADATA_TOO_LONG;
    }
    for (size_t ofs = 0; ofs + GENEVE_OPT_HEADER_LEN <= passthrough_len; ) {
        *critical |= (passthrough[ofs + 2] & GENEVE_OPT_TYPE_CRITICAL) != 0;
        ofs += GENEVE_OPT_HEADER_LEN
               + (passthrough[ofs + 3] & GENEVE_OPT_LEN_MASK5) * 4;
    }
    memcpy(&out[n], passthrough, passthrough_len);
    *out_len = n + passthrough_len;
    return TUN_METADATA_OK;
}
