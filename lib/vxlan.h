/* VXLAN (RFC 7348) wire format. */
#ifndef VXLAN_H
#define VXLAN_H 1

#include <stdint.h>
#include "compiler.h"

#define VXLAN_DST_PORT 4789         /* IANA, RFC 7348 §5. */

/* VXLAN header (RFC 7348 §5):
 *
 *  |R|R|R|R|I|R|R|R|            Reserved                           |
 *  |                VXLAN Network Identifier (VNI) |   Reserved    |
 *
 * The I flag must be 1 for a valid VNI; the other bits are reserved. */
#define VXLAN_HEADER_LEN 8
#define VXLAN_FLAG_VNI 0x08000000   /* I, in "vx_flags" host order. */

struct vxlan_header {
    be32 vx_flags;              /* Flags(8) | Reserved(24). */
    be32 vx_vni;                /* VNI(24) | Reserved(8). */
} OVSX_PACKED;
BUILD_ASSERT(sizeof(struct vxlan_header) == VXLAN_HEADER_LEN);

#endif /* vxlan.h */
