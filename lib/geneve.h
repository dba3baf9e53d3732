/* Geneve (RFC 8926) wire format. */
#ifndef GENEVE_H
#define GENEVE_H 1

#include <stdint.h>
#include "compiler.h"

#define GENEVE_DST_PORT 6081        /* IANA, RFC 8926 §3.3. */
#define GENEVE_VERSION 0            /* RFC 8926 §3.4 "Ver". */

/* Geneve header (RFC 8926 §3.4):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Virtual Network Identifier (VNI)       |    Reserved   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Variable-Length Options                    |
 */
#define GENEVE_HEADER_LEN 8
#define GENEVE_VER_SHIFT 6          /* In byte 0. */
#define GENEVE_OPT_LEN_MASK 0x3f    /* In byte 0: options, 4-byte words. */
#define GENEVE_F_OAM 0x80           /* In byte 1: O, control packet. */
#define GENEVE_F_CRITICAL 0x40      /* In byte 1: C, critical options. */
#define GENEVE_MAX_OPTS_LEN (GENEVE_OPT_LEN_MASK * 4) /* 252 bytes. */

struct geneve_header {
    uint8_t ver_opt_len;        /* Ver(2) | Opt Len(6). */
    uint8_t flags;              /* O(1) | C(1) | Rsvd(6). */
    be16 proto_type;            /* Inner ethertype: 0x6558 = Ethernet. */
    uint8_t vni[3];             /* 24-bit VNI, big-endian. */
    uint8_t reserved;
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct geneve_header) == GENEVE_HEADER_LEN);

/* Geneve option (RFC 8926 §3.5):
 *
 *  |          Option Class         |      Type     |R|R|R| Length  |
 *  |                  Variable-Length Option Data                  |
 *
 * Length counts the data in 4-byte words (0..31), not the 4-byte header.
 * The high bit of Type is the critical bit (§3.5.1). */
#define GENEVE_OPT_HEADER_LEN 4
#define GENEVE_OPT_LEN_MASK5 0x1f   /* In "len": data length, 4-byte words. */
#define GENEVE_OPT_TYPE_CRITICAL 0x80
#define GENEVE_OPT_MAX_DATA_LEN (GENEVE_OPT_LEN_MASK5 * 4) /* 124 bytes. */

struct geneve_opt {
    be16 opt_class;
    uint8_t type;               /* Critical(1) | type(7). */
    uint8_t len;                /* Reserved(3) | Length(5). */
    /* Followed by (len & 0x1f) * 4 bytes of data. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct geneve_opt) == GENEVE_OPT_HEADER_LEN);

#endif /* geneve.h */
