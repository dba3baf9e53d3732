/* OpenFlow errors, as Open vSwitch sends them.
 *
 * An "enum ofperr" names one error independently of the protocol version;
 * ofperr_encode_reply() turns it into the OFPT_ERROR of the request's
 * version.  Each error has up to three encodings, for OpenFlow 1.0, 1.3
 * and 1.4+ (ovsx speaks 1.0 and 1.3 to 1.5):
 *
 *   OF(type, code)   a standard error;
 *   NX10(type, code) OpenFlow 1.0: a Nicira vendor error (OFPT_ERROR type
 *                    0xb0c2 "NXET_VENDOR", code 0, then nx_vendor_error);
 *   NX(code)         OpenFlow 1.2+: an OFPET_EXPERIMENTER (0xffff) error,
 *                    experimenter NX_VENDOR_ID, exp_code "code";
 *   ONF(code)        the same with the ONF experimenter ID 0x4f4e4600;
 *   NONE             not representable: NXBRC_UNENCODABLE_ERROR is sent.
 *
 * The values come from the OpenFlow specifications and from Open vSwitch's
 * documented extension codes (include/openvswitch/ofp-errors.h). */
#ifndef OFP_ERRORS_H
#define OFP_ERRORS_H 1

#include <stdint.h>

struct ofp_header;
struct ofpbuf;

/*        name                         OF1.0           OF1.3           OF1.4+ */
#define OFPERR_LIST                                                         \
    E(OFPHFC_INCOMPATIBLE,           OF(0, 0),       OF(0, 0),       OF(0, 0)) \
    E(OFPBRC_BAD_VERSION,            OF(1, 0),       OF(1, 0),       OF(1, 0)) \
    E(OFPBRC_BAD_TYPE,               OF(1, 1),       OF(1, 1),       OF(1, 1)) \
    E(OFPBRC_BAD_STAT,               OF(1, 2),       OF(1, 2),       OF(1, 2)) \
    E(OFPBRC_BAD_VENDOR,             OF(1, 3),       OF(1, 3),       OF(1, 3)) \
    E(OFPBRC_BAD_SUBTYPE,            OF(1, 4),       OF(1, 4),       OF(1, 4)) \
    E(OFPBRC_EPERM,                  OF(1, 5),       OF(1, 5),       OF(1, 5)) \
    E(OFPBRC_BAD_LEN,                OF(1, 6),       OF(1, 6),       OF(1, 6)) \
    E(OFPBRC_BUFFER_EMPTY,           OF(1, 7),       OF(1, 7),       OF(1, 7)) \
    E(OFPBRC_BUFFER_UNKNOWN,         OF(1, 8),       OF(1, 8),       OF(1, 8)) \
    E(OFPBRC_BAD_TABLE_ID,           NX10(1, 512),   OF(1, 9),       OF(1, 9)) \
    E(OFPBRC_BAD_PORT,               NX10(1, 514),   OF(1, 11),      OF(1, 11)) \
    E(OFPBRC_BAD_PACKET,             NONE,           OF(1, 12),      OF(1, 12)) \
    E(NXBRC_NXM_INVALID,             NX10(1, 256),   NX(2),          NX(2))   \
    E(NXBRC_NXM_BAD_TYPE,            NX10(1, 257),   NX(3),          NX(3))   \
    E(NXBRC_MUST_BE_ZERO,            NX10(1, 515),   NX(4),          NX(4))   \
    E(NXBRC_UNENCODABLE_ERROR,       NX10(1, 521),   NX(10),         NX(10))  \
    E(OFPBAC_BAD_TYPE,               OF(2, 0),       OF(2, 0),       OF(2, 0)) \
    E(OFPBAC_BAD_LEN,                OF(2, 1),       OF(2, 1),       OF(2, 1)) \
    E(OFPBAC_BAD_VENDOR,             OF(2, 2),       OF(2, 2),       OF(2, 2)) \
    E(OFPBAC_BAD_VENDOR_TYPE,        OF(2, 3),       OF(2, 3),       OF(2, 3)) \
    E(OFPBAC_BAD_OUT_PORT,           OF(2, 4),       OF(2, 4),       OF(2, 4)) \
    E(OFPBAC_BAD_ARGUMENT,           OF(2, 5),       OF(2, 5),       OF(2, 5)) \
    E(OFPBAC_EPERM,                  OF(2, 6),       OF(2, 6),       OF(2, 6)) \
    E(OFPBAC_TOO_MANY,               OF(2, 7),       OF(2, 7),       OF(2, 7)) \
    E(OFPBAC_BAD_QUEUE,              OF(2, 8),       OF(2, 8),       OF(2, 8)) \
    E(OFPBAC_BAD_OUT_GROUP,          NONE,           OF(2, 9),       OF(2, 9)) \
    E(OFPBAC_MATCH_INCONSISTENT,     NX10(1, 522),   OF(2, 10),      OF(2, 10)) \
    E(OFPBAC_UNSUPPORTED_ORDER,      NONE,           OF(2, 11),      OF(2, 11)) \
    E(OFPBAC_BAD_TAG,                NONE,           OF(2, 12),      OF(2, 12)) \
    E(OFPBAC_BAD_SET_TYPE,           NX10(1, 523),   OF(2, 13),      OF(2, 13)) \
    E(OFPBAC_BAD_SET_LEN,            NX10(1, 524),   OF(2, 14),      OF(2, 14)) \
    E(OFPBAC_BAD_SET_ARGUMENT,       NX10(1, 525),   OF(2, 15),      OF(2, 15)) \
    E(OFPBAC_BAD_SET_MASK,           NONE,           ONF(4250),      OF(2, 16)) \
    E(NXBAC_MUST_BE_ZERO,            NX10(2, 256),   NX(11),         NX(11))  \
    E(OFPBIC_UNKNOWN_INST,           NONE,           OF(3, 0),       OF(3, 0)) \
    E(OFPBIC_UNSUP_INST,             NX10(2, 257),   OF(3, 1),       OF(3, 1)) \
    E(OFPBIC_BAD_TABLE_ID,           NONE,           OF(3, 2),       OF(3, 2)) \
    E(OFPBIC_UNSUP_METADATA,         NONE,           OF(3, 3),       OF(3, 3)) \
    E(OFPBIC_UNSUP_METADATA_MASK,    NONE,           OF(3, 4),       OF(3, 4)) \
    E(OFPBIC_BAD_EXPERIMENTER,       NONE,           OF(3, 5),       OF(3, 5)) \
    E(OFPBIC_BAD_EXP_TYPE,           NONE,           OF(3, 6),       OF(3, 6)) \
    E(OFPBIC_BAD_LEN,                NONE,           OF(3, 7),       OF(3, 7)) \
    E(OFPBIC_DUP_INST,               NONE,           ONF(2600),      OF(3, 9)) \
    E(OFPBMC_BAD_TYPE,               NONE,           OF(4, 0),       OF(4, 0)) \
    E(OFPBMC_BAD_LEN,                NONE,           OF(4, 1),       OF(4, 1)) \
    E(OFPBMC_BAD_TAG,                NONE,           OF(4, 2),       OF(4, 2)) \
    E(OFPBMC_BAD_DL_ADDR_MASK,       NONE,           OF(4, 3),       OF(4, 3)) \
    E(OFPBMC_BAD_NW_ADDR_MASK,       NONE,           OF(4, 4),       OF(4, 4)) \
    E(OFPBMC_BAD_WILDCARDS,          NX10(1, 262),   OF(4, 5),       OF(4, 5)) \
    E(OFPBMC_BAD_FIELD,              NX10(0, 263),   OF(4, 6),       OF(4, 6)) \
    E(OFPBMC_BAD_VALUE,              NX10(1, 258),   OF(4, 7),       OF(4, 7)) \
    E(OFPBMC_BAD_MASK,               NX10(1, 259),   OF(4, 8),       OF(4, 8)) \
    E(OFPBMC_BAD_PREREQ,             NX10(1, 260),   OF(4, 9),       OF(4, 9)) \
    E(OFPBMC_DUP_FIELD,              NX10(1, 261),   OF(4, 10),      OF(4, 10)) \
    E(OFPFMFC_UNKNOWN,               NONE,           OF(5, 0),       OF(5, 0)) \
    E(OFPFMFC_TABLE_FULL,            OF(3, 0),       OF(5, 1),       OF(5, 1)) \
    E(OFPFMFC_BAD_TABLE_ID,          NONE,           OF(5, 2),       OF(5, 2)) \
    E(OFPFMFC_OVERLAP,               OF(3, 1),       OF(5, 3),       OF(5, 3)) \
    E(OFPFMFC_EPERM,                 OF(3, 2),       OF(5, 4),       OF(5, 4)) \
    E(OFPFMFC_BAD_TIMEOUT,           NONE,           OF(5, 5),       OF(5, 5)) \
    E(OFPFMFC_BAD_EMERG_TIMEOUT,     OF(3, 3),       NONE,           NONE)    \
    E(OFPFMFC_BAD_COMMAND,           OF(3, 4),       OF(5, 6),       OF(5, 6)) \
    E(OFPFMFC_BAD_FLAGS,             NX10(3, 258),   OF(5, 7),       OF(5, 7)) \
    E(NXFMFC_BAD_TABLE_ID,           NX10(5, 257),   NX(13),         NX(13))  \
    E(NXFMFC_INVALID_TLV_FIELD,      NX10(1, 536),   NX(37),         NX(37))  \
    E(OFPPMFC_BAD_PORT,              OF(4, 0),       OF(7, 0),       OF(7, 0)) \
    E(NXTTMFC_BAD_COMMAND,           NX10(1, 527),   NX(16),         NX(16))  \
    E(NXTTMFC_BAD_OPT_LEN,           NX10(1, 528),   NX(17),         NX(17))  \
    E(NXTTMFC_BAD_FIELD_IDX,         NX10(1, 529),   NX(18),         NX(18))  \
    E(NXTTMFC_TABLE_FULL,            NX10(1, 530),   NX(19),         NX(19))  \
    E(NXTTMFC_ALREADY_MAPPED,        NX10(1, 531),   NX(20),         NX(20))  \
    E(NXTTMFC_DUP_ENTRY,             NX10(1, 532),   NX(21),         NX(21))  \
    E(NXTTMFC_INVALID_TLV_DEL,       NX10(1, 537),   NX(38),         NX(38))

enum ofperr {
    OFPERR_OK = 0,
#define E(NAME, OF10, OF13, OF14) OFPERR_##NAME,
    OFPERR_LIST
#undef E
    OFPERR_N
};

const char *ofperr_get_name(enum ofperr);
struct ofpbuf *ofperr_encode_reply(enum ofperr, const struct ofp_header *);

#endif /* ofp-errors.h */
