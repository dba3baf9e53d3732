/* Drives lib/tun-metadata from commands on standard input, one a line, so
 * the tests read like a session with ovs-ofctl:
 *
 *   add {class=0xffff,type=0,len=4}->tun_metadata0[,{...}->tun_metadataN]
 *   del tun_metadataN[,tun_metadataM]
 *   clear
 *   in-use N          (later DELETE/CLEAR of field N is refused)
 *   show              (mappings, then "bytes used: N")
 *   decode HEX        (received option area: mapped fields, pass-through)
 *   roundtrip HEX     (decode, then encode again: option area and C bit)
 *   counter NAME
 *   codes             (each table error: name, OF1.2+ and OF1.0 codes)
 */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "coverage.h"
#include "tun-metadata.h"
#include "util.h"

static uint64_t in_use_mask;

static bool
field_in_use(unsigned int index, void *aux OVSX_UNUSED)
{
    return (in_use_mask >> index) & 1;
}

static void
print_hex(const uint8_t *p, size_t n)
{
    if (!n) {
        printf("(empty)");
    }
    for (size_t i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}

/* Parses "HEX" into "buf"; returns the length or -1. */
static int
parse_hex(const char *s, uint8_t *buf, size_t max)
{
    size_t n = strlen(s);

    if (n % 2 || n / 2 > max) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        unsigned int b;
        if (sscanf(s + 2 * i, "%2x", &b) != 1) {
            return -1;
        }
        buf[i] = b;
    }
    return n / 2;
}

static void
apply(struct tun_table **tab, enum tun_table_command cmd,
      const struct tun_table_mapping *maps, size_t n)
{
    struct tun_table *new_tab;
    enum tun_table_error error = tun_table_mod(*tab, cmd, maps, n,
                                               field_in_use, NULL, &new_tab);
    if (error) {
        printf("error: %s\n", tun_table_error_name(error));
    } else {
        tun_table_destroy(*tab);
        *tab = new_tab;
    }
}

static void
cmd_add(struct tun_table **tab, char *arg)
{
    struct tun_table_mapping maps[TUN_METADATA_NUM_OPTS + 4];
    size_t n = 0;

    for (char *p = arg; p && *p && n < ARRAY_SIZE(maps); ) {
        int opt_class, type, len, index, used = 0;
        if (sscanf(p, "{class=%i,type=%i,len=%i}->tun_metadata%i%n",
                   &opt_class, &type, &len, &index, &used) != 4) {
            printf("syntax error: %s\n", p);
            return;
        }
        maps[n++] = (struct tun_table_mapping) {
            .opt_class = opt_class, .type = type, .len = len,
            .index = index,
        };
        p += used;
        p = *p == ',' ? p + 1 : NULL;
    }
    apply(tab, TUN_TABLE_ADD, maps, n);
}

static void
cmd_del(struct tun_table **tab, char *arg)
{
    struct tun_table_mapping maps[TUN_METADATA_NUM_OPTS + 4];
    size_t n = 0;

    for (char *tok = strtok(arg, ","); tok && n < ARRAY_SIZE(maps);
         tok = strtok(NULL, ",")) {
        maps[n++] = (struct tun_table_mapping) {
            .index = atoi(tok + strlen("tun_metadata")),
        };
    }
    apply(tab, TUN_TABLE_DELETE, maps, n);
}

static void
cmd_show(const struct tun_table *tab)
{
    struct tun_table_mapping maps[TUN_METADATA_NUM_OPTS];
    size_t n = tun_table_list(tab, maps);

    for (size_t i = 0; i < n; i++) {
        printf("{class=%#x,type=%#x,len=%u}->tun_metadata%u\n",
               maps[i].opt_class, maps[i].type, maps[i].len, maps[i].index);
    }
    printf("bytes used: %zu\n", tun_table_bytes_used(tab));
}

static void
cmd_decode(const struct tun_table *tab, const char *arg, bool roundtrip)
{
    uint8_t opts[512], pass[252], out[252];
    size_t pass_len, out_len;
    struct tun_metadata md;
    bool critical;
    int n = parse_hex(arg, opts, sizeof opts);

    if (n < 0) {
        printf("bad hex\n");
        return;
    }
    enum tun_metadata_error error = tun_metadata_from_geneve(
        tab, opts, n, &md, pass, &pass_len);
    if (error) {
        printf("error: %s\n", tun_metadata_error_name(error));
        return;
    }
    if (!roundtrip) {
        for (unsigned int i = 0; i < TUN_METADATA_NUM_OPTS; i++) {
            uint8_t value[TUN_METADATA_MAX_OPT_LEN];
            size_t len;
            if (tun_metadata_get(&md, i, value, &len)) {
                printf("tun_metadata%u=", i);
                print_hex(value, len);
                printf("\n");
            }
        }
        printf("passthrough: ");
        print_hex(pass, pass_len);
        printf("\n");
        return;
    }
    error = tun_metadata_to_geneve(&md, pass, pass_len, out, &out_len,
                                   &critical);
    if (error) {
        printf("error: %s\n", tun_metadata_error_name(error));
        return;
    }
    print_hex(out, out_len);
    printf(" crit=%s\n", critical ? "yes" : "no");
}

int
main(void)
{
    struct tun_table *tab = tun_table_create();
    char line[4096];

    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        char *arg = strchr(line, ' ');
        if (arg) {
            *arg++ = '\0';
        }
        if (!strcmp(line, "add") && arg) {
            cmd_add(&tab, arg);
        } else if (!strcmp(line, "del") && arg) {
            cmd_del(&tab, arg);
        } else if (!strcmp(line, "clear")) {
            apply(&tab, TUN_TABLE_CLEAR, NULL, 0);
        } else if (!strcmp(line, "in-use") && arg) {
            in_use_mask |= UINT64_C(1) << atoi(arg);
        } else if (!strcmp(line, "show")) {
            cmd_show(tab);
        } else if (!strcmp(line, "decode")) {
            cmd_decode(tab, arg ? arg : "", false);
        } else if (!strcmp(line, "roundtrip") && arg) {
            cmd_decode(tab, arg, true);
        } else if (!strcmp(line, "codes")) {
            static const enum tun_table_error errors[] = {
                TUN_TABLE_BAD_COMMAND, TUN_TABLE_BAD_OPT_LEN,
                TUN_TABLE_BAD_FIELD_IDX, TUN_TABLE_TABLE_FULL,
                TUN_TABLE_ALREADY_MAPPED, TUN_TABLE_DUP_ENTRY,
                TUN_TABLE_INVALID_TLV_DEL,
            };
            for (size_t i = 0; i < ARRAY_SIZE(errors); i++) {
                printf("%s NX1.2+(%d) NX1.0-1.1(1,%u)\n",
                       tun_table_error_name(errors[i]), (int) errors[i],
                       tun_table_error_nx10_code(errors[i]));
            }
        } else if (!strcmp(line, "counter") && arg) {
            printf("%s %llu\n", arg, (unsigned long long) coverage_get(arg));
        } else if (line[0] && line[0] != '#') {
            printf("unknown command: %s\n", line);
        }
    }
    tun_table_destroy(tab);
    return 0;
}
