/* GRE (RFC 2784, RFC 2890) and NVGRE (RFC 7637) wire formats. */
#ifndef GRE_H
#define GRE_H 1

#include <stdint.h>
#include "compiler.h"

/* GRE header (RFC 2784 §2, key and sequence from RFC 2890 §2):
 *
 *  |C|R|K|S| Reserved0       | Ver |         Protocol Type         |
 *  |      Checksum (optional)      |       Reserved1 (Optional)    |
 *  |                         Key (optional)                        |
 *  |                 Sequence Number (Optional)                    |
 *
 * R is the obsolete routing-present bit of RFC 1701: RFC 2784 requires it
 * zero, and a packet with it set is refused.  Ver must be 0. */
#define GRE_BASE_HEADER_LEN 4
#define GRE_F_CSUM 0x8000           /* C, in "gre_flags" host order. */
#define GRE_F_ROUTING 0x4000        /* R (RFC 1701). */
#define GRE_F_KEY 0x2000            /* K (RFC 2890 §2.1). */
#define GRE_F_SEQ 0x1000            /* S (RFC 2890 §2.2). */
#define GRE_VERSION_MASK 0x0007

struct gre_base_header {
    be16 gre_flags;             /* C R K S Reserved0(9) Ver(3). */
    be16 gre_proto;             /* Ethertype of the payload. */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct gre_base_header) == GRE_BASE_HEADER_LEN);

/* NVGRE (RFC 7637 §3.2): GRE with only K set, protocol 0x6558, and the key
 * split into a 24-bit Virtual Subnet ID and an 8-bit FlowID. */
#define NVGRE_KEY(VSID, FLOWID) (((uint32_t) (VSID) << 8) | (FLOWID))
#define NVGRE_VSID(KEY) ((KEY) >> 8)
#define NVGRE_FLOWID(KEY) ((KEY) & 0xff)
#define NVGRE_VSID_MIN 0x1000       /* 0..0xfff are reserved (§3.2). */
#define NVGRE_VSID_MAX 0xfffffe     /* 0xffffff is reserved (§3.2). */

#endif /* gre.h */
