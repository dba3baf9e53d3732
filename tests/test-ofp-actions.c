/* Unit tests for the OpenFlow action codec (lib/ofp-actions*.c and
 * lib/ofp-instructions.c): every supported action decoded and encoded
 * again in OpenFlow 1.0 and 1.3, byte-exact encodings computed by hand from
 * the layouts in Open vSwitch's openflow-1.*.h and nicira-ext.h, each
 * decoding error, and ofpacts_check().  Exits non-zero on failure. */
#include <config.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "match.h"
#include "ofp-actions.h"
#include "ofpbuf.h"
#include "test-util.h"
#include "tun-metadata.h"
#include "util.h"

#define OF10 0x01
#define OF13 0x04
#define OF15 0x06

/* The bridge's TLV table: tun_metadata0 is mapped, 4 bytes. */
static struct tun_table *tab;

/* Parses "s", hex digits with any spaces, into "buf"; returns the length. */
static size_t
parse_hex(const char *s, uint8_t *buf, size_t max)
{
    size_t n = 0;

    while (*s) {
        unsigned int b;
        if (*s == ' ') {
            s++;
            continue;
        }
        if (n >= max || sscanf(s, "%2x", &b) != 1) {
            fprintf(stderr, "bad hex in test: %s\n", s);
            exit(2);
        }
        buf[n++] = b;
        s += 2;
    }
    return n;
}

static void
print_hex(const char *label, const uint8_t *p, size_t n)
{
    fprintf(stderr, "  %s:", label);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%s%02x", i % 8 ? "" : " ", p[i]);
    }
    fprintf(stderr, "\n");
}

/* Decodes "in" (actions if "inst" is false, else instructions) for
 * "version" into "ofpacts". */
static enum ofperr
decode(uint8_t version, bool inst, const char *in, struct ofpbuf *ofpacts)
{
    uint8_t buf[1024];
    size_t n = parse_hex(in, buf, sizeof buf);

    return (inst
            ? ofpacts_pull_openflow_instructions(buf, n, version, tab,
                                                 ofpacts)
            : ofpacts_pull_openflow_actions(buf, n, version, tab, ofpacts));
}

/* Decodes "in" and checks that encoding it again for "out_version" gives
 * "expect" (the input itself if null). */
static void
roundtrip(int line, uint8_t version, bool inst, const char *in,
          uint8_t out_version, const char *expect)
{
    struct ofpbuf ofpacts, out;
    uint8_t want[1024];
    size_t want_len = parse_hex(expect ? expect : in, want, sizeof want);

    ofpbuf_init(&ofpacts, 0);
    ofpbuf_init(&out, 0);
    enum ofperr error = decode(version, inst, in, &ofpacts);
    if (error) {
        fprintf(stderr, "line %d: decoding failed: %s\n", line,
                ofperr_get_name(error));
        failures++;
    } else {
        if (inst) {
            ofpacts_put_openflow_instructions(
                (const struct ofpact *) ofpacts.data, ofpacts.size, &out,
                out_version);
        } else {
            ofpacts_put_openflow_actions(
                (const struct ofpact *) ofpacts.data, ofpacts.size, &out,
                out_version);
        }
        if (out.size != want_len
            || (want_len && memcmp(out.data, want, want_len))) {
            fprintf(stderr, "line %d: encoding differs\n", line);
            print_hex("want", want, want_len);
            print_hex("got ", out.data, out.size);
            failures++;
        }
    }
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&out);
}

/* Checks that decoding "in" fails with "expect" and leaves "ofpacts" as it
 * was. */
static void
decode_error(int line, uint8_t version, bool inst, const char *in,
             enum ofperr expect)
{
    struct ofpbuf ofpacts;

    ofpbuf_init(&ofpacts, 0);
    ofpbuf_put_zeros(&ofpacts, 8);
    enum ofperr error = decode(version, inst, in, &ofpacts);
    if (error != expect) {
        fprintf(stderr, "line %d: expected %s, got %s\n", line,
                ofperr_get_name(expect),
                error ? ofperr_get_name(error) : "success");
        failures++;
    }
    if (ofpacts.size != 8) {
        fprintf(stderr, "line %d: output not rolled back\n", line);
        failures++;
    }
    ofpbuf_uninit(&ofpacts);
}

#define RT(V, INST, IN) roundtrip(__LINE__, V, INST, IN, V, NULL)
#define RT_AS(V, INST, IN, OV, OUT) roundtrip(__LINE__, V, INST, IN, OV, OUT)
#define ERR(V, INST, IN, E) decode_error(__LINE__, V, INST, IN, OFPERR_##E)

/* A Nicira action header: type 0xffff, length, NX_VENDOR_ID, subtype. */
#define NX(LEN, SUB) "ffff " LEN " 00002320 " SUB " "

static void
test_of10_roundtrips(void)
{
    /* Output to a port and to each reserved port. */
    RT(OF10, true, "0000 0008 0001 0000");
    RT(OF10, true, "0000 0008 fff8 0000");     /* in_port */
    RT(OF10, true, "0000 0008 fff9 0000");     /* table */
    RT(OF10, true, "0000 0008 fffa 0000");     /* normal */
    RT(OF10, true, "0000 0008 fffb 0000");     /* flood */
    RT(OF10, true, "0000 0008 fffc 0000");     /* all */
    RT(OF10, true, "0000 0008 fffd ffff");     /* controller */
    RT(OF10, true, "0000 0008 fffe 0000");     /* local */
    RT(OF10, true, "");                        /* drop */

    /* The OpenFlow 1.0 modify actions. */
    RT(OF10, true, "0001 0008 0005 0000");
    RT(OF10, true, "0002 0008 03 000000");
    RT(OF10, true, "0003 0008 00000000");
    RT(OF10, true, "0004 0010 001122334455 000000000000");
    RT(OF10, true, "0005 0010 665544332211 000000000000");
    RT(OF10, true, "0006 0008 0a000001");
    RT(OF10, true, "0007 0008 0a000002");
    RT(OF10, true, "0008 0008 20 000000");
    RT(OF10, true, "0009 0008 0050 0000");
    RT(OF10, true, "000a 0008 0051 0000");

    /* Nicira actions. */
    RT(OF10, true, NX("0010", "0001") "0003 00000000");
    RT(OF10, true, NX("0010", "000e") "fff8 05 000000");
    RT(OF10, true, NX("0010", "000e") "0007 ff 000000");
    RT(OF10, true, NX("0010", "0002") "0000 00000005");
    RT(OF10, true, NX("0018", "0009") "000000000000 0000000000000005");
    RT(OF10, true, NX("0018", "0007") "000f 00010004 0000000000000005");
    RT(OF10, true, NX("0018", "0006") "0010 0000 0010 00010004 00010204");
    RT(OF10, true, NX("0010", "0008") "0102 00000000");
    RT(OF10, true, NX("0018", "000f") "000f 00010004 ffff 000000000000");
    RT(OF10, true, NX("0018", "0020") "000f ffff 00010004 000000000000");
    RT(OF10, true, NX("0010", "0012") "000000000000");
    RT(OF10, true, NX("0018", "0015") "0002 00000000 0001 0002 00000000");
    RT(OF10, true, NX("0010", "0014") "0080 0001 00 00");
    RT(OF10, true, NX("0018", "002a") "000000000000 0000 0008 0001 0000");
    RT(OF10, true, NX("0010", "002a") "000000000000");
    RT(OF10, true, NX("0018", "0032") "00015004 00000000000000000000");
    RT(OF10, true, NX("0020", "0016")
       "000000000000 0000000000000001 ffffffffffffffff");
    RT(OF10, true, NX("0010", "0021") "00015001 01 00");
    RT(OF10, true, NX("0018", "0021") "00010108 00000005 0000ffff 0000");

    /* A load into tun_metadata0 goes out as reg_load2, as OVS sends it. */
    RT_AS(OF10, true, NX("0018", "0007") "0007 00015004 0000000000000001",
          OF10, NX("0010", "0021") "00015102 01ff");

    /* Several actions in a row; write_metadata last. */
    RT(OF10, true, "0000 0008 0001 0000 0003 0008 00000000"
       NX("0020", "0016") "000000000000 0000000000000001 00000000000000ff");
}

static void
test_of13_roundtrips(void)
{
    /* apply_actions with output, and the reserved ports. */
    RT(OF13, true, "0004 0018 00000000 0000 0010 00000001 0000 000000000000");
    RT(OF13, true, "0004 0018 00000000 0000 0010 fffffffd ffff 000000000000");
    RT(OF13, true, "0004 0018 00000000 0000 0010 fffffffe 0000 000000000000");
    RT(OF13, true, "");

    /* push/pop vlan, set_field, dec_ttl, set_nw_ttl, old mod actions. */
    RT(OF13, true, "0004 0018 00000000 0011 0008 8100 0000 "
       "0012 0008 00000000");
    RT(OF13, true, "0004 0018 00000000 0019 0010 80000606 001122334455 0000");
    RT(OF13, true, "0004 0018 00000000 0019 0010 80000c02 1005 000000000000");
    RT(OF13, true, "0004 0018 00000000 0019 0010 80004c08 0000000000000005");
    RT(OF13, true, "0004 0018 00000000 0019 0010 00010004 00000005 00000000");
    RT(OF13, true, "0004 0018 00000000 0019 0010 00015004 01020304 00000000");
    RT(OF13, true, "0004 0010 00000000 0018 0008 00000000");
    RT(OF13, true, "0004 0010 00000000 0017 0008 40 000000");
    RT(OF13, true, "0004 0010 00000000 0009 0008 0050 0000");
    RT_AS(OF13, true, "0004 0010 00000000 0005 0008 0a000001",
          OF13, "0004 0018 00000000 0019 0010 80001604 0a000001 00000000");
    RT_AS(OF13, true, "0004 0010 00000000 0007 0008 20 000000",
          OF13, "0004 0018 00000000 0019 0010 80001001 08 00000000000000");

    /* Nicira actions inside apply_actions. */
    RT(OF13, true, "0004 0018 00000000 " NX("0010", "0001")
       "0003 00000000");
    RT(OF13, true, "0004 0020 00000000 " NX("0018", "0006")
       "0010 0000 0010 00010004 00010204");
    RT(OF13, true, "0004 0028 00000000 " NX("0020", "002a")
       "000000000000 0000 0010 00000001 0000 000000000000");

    /* Instructions in OVS's order; wire order does not matter. */
    RT(OF13, true, "0005 0008 00000000");
    RT(OF13, true, "0003 0018 00000000 0000 0010 00000002 0000 000000000000");
    RT(OF13, true, "0002 0018 00000000 0000000000000001 00000000000000ff");
    RT(OF13, true, "0001 0008 01 000000");
    RT_AS(OF13, true, "0001 0008 02 000000 0005 0008 00000000 "
          "0004 0018 00000000 0000 0010 00000001 0000 000000000000",
          OF13, "0004 0018 00000000 0000 0010 00000001 0000 000000000000 "
          "0005 0008 00000000 0001 0008 02 000000");

    /* OpenFlow 1.0 actions dumped over OpenFlow 1.3. */
    RT_AS(OF10, true, NX("0010", "0002") "0000 00000005", OF13,
          "0004 0018 00000000 0019 0010 80004c08 0000000000000005");
    RT_AS(OF10, true, NX("0020", "0016")
          "000000000000 0000000000000001 ffffffffffffffff", OF13,
          "0002 0018 00000000 0000000000000001 ffffffffffffffff");
    RT_AS(OF13, true, "0001 0008 05 000000", OF10,
          NX("0010", "000e") "fff8 05 000000");
    /* OpenFlow 1.0 mod_vlan_vid pushes a tag in 1.1+ (nothing checked). */
    RT_AS(OF10, true, "0001 0008 0005 0000", OF13,
          "0004 0020 00000000 0011 0008 8100 0000 "
          "0019 0010 80000c02 1005 000000000000");
    /* A reg_load becomes a masked set_field in OpenFlow 1.5. */
    RT_AS(OF10, true, NX("0018", "0007") "000f 00010004 0000000000000005",
          OF15, "0004 0018 00000000 0019 0010 00010108 00000005 0000ffff");
}

static void
test_errors(void)
{
    /* Lengths. */
    ERR(OF10, true, "0000 0008 0001", OFPBRC_BAD_LEN);
    ERR(OF10, false, "0000 0008 0001", OFPBRC_BAD_LEN);
    ERR(OF10, true, "0000 0010 0001 0000", OFPBAC_BAD_LEN);
    ERR(OF10, true, "0000 000c 0001 0000 00000000 00000000", OFPBAC_BAD_LEN);
    ERR(OF10, true, "0000 0000 0001 0000", OFPBAC_BAD_LEN);
    ERR(OF10, true, "0000 0010 0001 0000 00000000 00000000", OFPBAC_BAD_LEN);
    ERR(OF10, true, "ffff 0008 00002320", OFPBAC_BAD_LEN);
    ERR(OF10, true, NX("0018", "0001") "0003 00000000 0000000000000000",
        OFPBAC_BAD_LEN);
    ERR(OF10, true, NX("0018", "0015") "0005 00000000 0001 0002 00000000",
        OFPBAC_BAD_LEN);

    /* Types and vendors. */
    ERR(OF10, true, "000c 0008 00000000", OFPBAC_BAD_TYPE);
    ERR(OF10, true, "0011 0008 8100 0000", OFPBAC_BAD_TYPE);
    ERR(OF10, true, "000b 0010 0001 000000000000 00000001", OFPBAC_BAD_TYPE);
    ERR(OF13, true, "0004 0010 00000000 000b 0008 00000000", OFPBAC_BAD_TYPE);
    ERR(OF13, true, "0004 0010 00000000 000f 0008 40 000000",
        OFPBAC_BAD_TYPE);
    ERR(OF10, true, "ffff 0010 00001234 0001 000000000000", OFPBAC_BAD_VENDOR);
    ERR(OF10, true, NX("0010", "00ff") "000000000000",
        OFPBAC_BAD_VENDOR_TYPE);
    ERR(OF13, true, "0004 0018 00000000 " NX("0010", "0012") "000000000000",
        OFPBAC_BAD_VENDOR_TYPE);
    ERR(OF15, true, "0004 0020 00000000 " NX("0018", "0007")
        "000f 00010004 0000000000000005", OFPBAC_BAD_VENDOR_TYPE);

    /* Ports. */
    ERR(OF10, true, "0000 0008 ff00 0000", OFPBAC_BAD_OUT_PORT);
    ERR(OF10, true, "0000 0008 ffff 0000", OFPBAC_BAD_OUT_PORT);
    ERR(OF13, true, "0004 0018 00000000 0000 0010 ffffff00 0000 000000000000",
        OFPBAC_BAD_OUT_PORT);
    ERR(OF13, true, "0004 0018 00000000 0000 0010 ffffffff 0000 000000000000",
        OFPBAC_BAD_OUT_PORT);

    /* Arguments. */
    ERR(OF10, true, "0001 0008 1000 0000", OFPBAC_BAD_ARGUMENT);
    ERR(OF10, true, "0002 0008 08 000000", OFPBAC_BAD_ARGUMENT);
    ERR(OF10, true, "0008 0008 01 000000", OFPBAC_BAD_ARGUMENT);
    ERR(OF13, true, "0004 0010 00000000 0011 0008 0800 0000",
        OFPBAC_BAD_ARGUMENT);
    ERR(OF10, true, NX("0010", "000e") "fff8 05 000100", OFPBAC_BAD_ARGUMENT);
    ERR(OF10, true, NX("0018", "000f") "000f 00010004 ffff 000000000001",
        OFPBAC_BAD_ARGUMENT);

    /* reg_load. */
    ERR(OF10, true, NX("0018", "0007") "000f 00010004 0000000000010000",
        OFPBAC_BAD_ARGUMENT);
    ERR(OF10, true, NX("0018", "0007") "07c1 00010004 0000000000000000",
        OFPBAC_BAD_SET_LEN);
    ERR(OF10, true, NX("0018", "0007") "000f 0001fe04 0000000000000000",
        OFPBAC_BAD_SET_TYPE);
    ERR(OF10, true, NX("0018", "0007") "000f 00010008 0000000000000000",
        OFPBAC_BAD_SET_TYPE);
    ERR(OF10, true, NX("0018", "0007") "000f 00000602 0000000000000000",
        OFPBAC_BAD_SET_ARGUMENT);
    ERR(OF10, true, NX("0018", "0007") "0007 00015204 0000000000000000",
        NXFMFC_INVALID_TLV_FIELD);

    /* set_field. */
    ERR(OF13, true, "0004 0018 00000000 0019 0010 80007e04 00000001 00000000",
        OFPBMC_BAD_FIELD);
    ERR(OF13, true, "0004 0018 00000000 0019 0010 80000d04 1005 1fff 00000000",
        OFPBAC_BAD_SET_MASK);
    ERR(OF13, true, "0004 0018 00000000 0019 0010 80000c02 0005 000000000000",
        OFPBAC_BAD_SET_ARGUMENT);
    ERR(OF13, true, "0004 0018 00000000 0019 0010 80000004 00000001 00000000",
        OFPBAC_BAD_SET_ARGUMENT);
    ERR(OF13, true, "0004 0018 00000000 0019 0010 00010004 00000005 00000001",
        OFPBAC_BAD_SET_ARGUMENT);
    ERR(OF13, true, "0004 0018 00000000 0019 0010 00010010 00000005 00000000",
        OFPBMC_BAD_LEN);
    ERR(OF13, true, "0004 0018 00000000 0019 0010 00015204 00000005 00000000",
        NXFMFC_INVALID_TLV_FIELD);

    /* move, output_reg2, delete_field, dec_ttl_cnt_ids, write_metadata. */
    ERR(OF10, true, NX("0020", "0006")
        "0010 0000 0010 00010004 00010204 00000001 00000000",
        NXBRC_MUST_BE_ZERO);
    ERR(OF10, true, NX("0018", "0006") "0010 0000 0000 00010004 00000602",
        OFPBAC_BAD_SET_ARGUMENT);
    ERR(OF10, true, NX("0018", "0006") "0021 0000 0000 00010004 00010204",
        OFPBAC_BAD_SET_LEN);
    ERR(OF10, true, NX("0010", "0006") "0010 0000 0010", OFPBMC_BAD_LEN);
    ERR(OF10, true, NX("0018", "0020") "000f ffff 00010108 000000000000",
        OFPBMC_BAD_MASK);
    ERR(OF10, true, NX("0018", "0020") "000f ffff 00010004 000000000001",
        NXBRC_MUST_BE_ZERO);
    ERR(OF10, true, NX("0018", "0032") "00015204 00000000000000000000",
        NXFMFC_INVALID_TLV_FIELD);
    ERR(OF10, true, NX("0018", "0015") "0002 00000001 0001 0002 00000000",
        NXBRC_MUST_BE_ZERO);
    ERR(OF10, true, NX("0020", "0016")
        "000000000001 0000000000000001 ffffffffffffffff", NXBRC_MUST_BE_ZERO);

    /* No groups, no meters. */
    ERR(OF13, true, "0004 0010 00000000 0016 0008 00000001",
        OFPBAC_BAD_OUT_GROUP);
    ERR(OF13, true, "0006 0008 00000001", OFPBIC_UNSUP_INST);

    /* Instructions. */
    ERR(OF13, true, "0001 0008 01 000000 0001 0008 02 000000",
        OFPBIC_DUP_INST);
    ERR(OF13, true, "0001 0010 01 000000 00000000 00000000", OFPBIC_BAD_LEN);
    ERR(OF13, true, "0004 0010 00000000", OFPBIC_BAD_LEN);
    ERR(OF13, true, "0004 000c 00000000 00000000", OFPBIC_BAD_LEN);
    ERR(OF13, true, "0001 0008", OFPBIC_BAD_LEN);
    ERR(OF13, true, "0007 0008 00000000", OFPBIC_UNKNOWN_INST);
    ERR(OF15, true, "0006 0008 00000001", OFPBIC_UNKNOWN_INST);
    ERR(OF13, true, "ffff 0008 00000000", OFPBIC_BAD_EXPERIMENTER);
    ERR(OF13, true, "0003 0018 00000000 " NX("0010", "0008") "0102 00000000",
        OFPBAC_BAD_TYPE);

    /* Ordering of OpenFlow 1.0 instruction-like actions. */
    ERR(OF10, true, NX("0020", "0016")
        "000000000000 0000000000000001 ffffffffffffffff 0000 0008 0001 0000",
        OFPBAC_UNSUPPORTED_ORDER);
    ERR(OF10, false, NX("0020", "0016")
        "000000000000 0000000000000001 ffffffffffffffff", OFPBIC_UNSUP_INST);
    ERR(OF10, true, NX("0030", "002a") "000000000000 " NX("0020", "0016")
        "000000000000 0000000000000001 ffffffffffffffff", OFPBIC_UNSUP_INST);
}

/* Decodes "in" as instructions of "version" into "ofpacts". */
static void
must_decode(uint8_t version, const char *in, struct ofpbuf *ofpacts)
{
    ofpbuf_init(ofpacts, 0);
    enum ofperr error = decode(version, true, in, ofpacts);
    if (error) {
        fprintf(stderr, "decoding %s: %s\n", in, ofperr_get_name(error));
        failures++;
    }
}

/* Encodes "ofpacts" as instructions of "version" and compares. */
static void
check_encoding(int line, const struct ofpbuf *ofpacts, uint8_t version,
               const char *expect)
{
    struct ofpbuf out;
    uint8_t want[512];
    size_t n = parse_hex(expect, want, sizeof want);

    ofpbuf_init(&out, 0);
    ofpacts_put_openflow_instructions((const struct ofpact *) ofpacts->data,
                                      ofpacts->size, &out, version);
    if (out.size != n || (n && memcmp(out.data, want, n))) {
        fprintf(stderr, "line %d: encoding differs\n", line);
        print_hex("want", want, n);
        print_hex("got ", out.data, out.size);
        failures++;
    }
    ofpbuf_uninit(&out);
}

static void
test_check(void)
{
    const uint32_t max_ports = 0xff00;
    struct match any, ip, tcp, tagged;
    struct ofpbuf a;

    match_init_catchall(&any);
    ip = any;
    ip.flow.dl_type = htons(ETH_TYPE_IP);
    ip.wc.dl_type = htons(0xffff);
    tcp = ip;
    tcp.flow.nw_proto = IPPROTO_NUM_TCP;
    tcp.wc.nw_proto = 0xff;
    tagged = any;
    tagged.flow.vlans[0].tci = htons(VLAN_CFI | 5);
    tagged.wc.vlans[0].tci = htons(0xffff);

    /* set_field needs its prerequisites. */
    must_decode(OF13, "0004 0018 00000000 0019 0010 80001604 0a000001 "
                "00000000", &a);
    CHECK(ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 255)
          == OFPERR_OFPBAC_MATCH_INCONSISTENT);
    CHECK(!ofpacts_check((void *) a.data, a.size, &ip, max_ports, 0, 255));
    ofpbuf_uninit(&a);

    /* vlan_vid set_field needs a tag, which push_vlan provides. */
    must_decode(OF13, "0004 0018 00000000 0019 0010 80000c02 1005 "
                "000000000000", &a);
    CHECK(ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 255)
          == OFPERR_OFPBAC_MATCH_INCONSISTENT);
    CHECK(!ofpacts_check((void *) a.data, a.size, &tagged, max_ports, 0,
                         255));
    ofpbuf_uninit(&a);
    must_decode(OF13, "0004 0020 00000000 0011 0008 8100 0000 "
                "0019 0010 80000c02 1005 000000000000", &a);
    CHECK(!ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 255));
    ofpbuf_uninit(&a);

    /* Three tags are too many. */
    must_decode(OF13, "0004 0018 00000000 0011 0008 8100 0000 "
                "0011 0008 8100 0000", &a);
    CHECK(!ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 255));
    CHECK(ofpacts_check((void *) a.data, a.size, &tagged, max_ports, 0, 255)
          == OFPERR_OFPBAC_BAD_TAG);
    ofpbuf_uninit(&a);

    /* mod_nw_src: consistent only for 1.0 without dl_type=ip. */
    must_decode(OF10, "0006 0008 0a000001", &a);
    CHECK(!ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 255));
    CHECK(!ofpacts_check_consistency((void *) a.data, a.size, &any,
                                     max_ports, 0, 255, OF10));
    CHECK(ofpacts_check_consistency((void *) a.data, a.size, &any,
                                    max_ports, 0, 255, OF13)
          == OFPERR_OFPBAC_MATCH_INCONSISTENT);
    CHECK(!ofpacts_check_consistency((void *) a.data, a.size, &ip,
                                     max_ports, 0, 255, OF13));
    ofpbuf_uninit(&a);

    /* Output port limit. */
    must_decode(OF10, "0000 0008 0005 0000 0000 0008 fffa 0000", &a);
    CHECK(!ofpacts_check((void *) a.data, a.size, &any, 6, 0, 255));
    CHECK(ofpacts_check((void *) a.data, a.size, &any, 5, 0, 255)
          == OFPERR_OFPBAC_BAD_OUT_PORT);
    ofpbuf_uninit(&a);

    /* goto_table must go forward and stay below n_tables. */
    must_decode(OF13, "0001 0008 03 000000", &a);
    CHECK(!ofpacts_check((void *) a.data, a.size, &any, max_ports, 2, 255));
    CHECK(ofpacts_check((void *) a.data, a.size, &any, max_ports, 3, 255)
          == OFPERR_OFPBIC_BAD_TABLE_ID);
    CHECK(ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 3)
          == OFPERR_OFPBIC_BAD_TABLE_ID);
    CHECK(!ofpacts_check((void *) a.data, a.size, &any, max_ports, 255, 4));
    ofpbuf_uninit(&a);

    /* move's fields need their prerequisites. */
    must_decode(OF10, NX("0018", "0006") "0020 0000 0000 00001004 00010004",
                &a);
    CHECK(ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 255)
          == OFPERR_OFPBAC_MATCH_INCONSISTENT);
    CHECK(!ofpacts_check((void *) a.data, a.size, &ip, max_ports, 0, 255));
    ofpbuf_uninit(&a);

    /* The checks fix up mod_vlan_vid and mod_tp_src for OpenFlow 1.3. */
    must_decode(OF10, "0001 0008 0005 0000", &a);
    CHECK(!ofpacts_check((void *) a.data, a.size, &tagged, max_ports, 0,
                         255));
    check_encoding(__LINE__, &a, OF13, "0004 0018 00000000 "
                   "0019 0010 80000c02 1005 000000000000");
    check_encoding(__LINE__, &a, OF10, "0001 0008 0005 0000");
    ofpbuf_uninit(&a);
    must_decode(OF10, "0009 0008 0050 0000", &a);
    CHECK(!ofpacts_check((void *) a.data, a.size, &tcp, max_ports, 0, 255));
    check_encoding(__LINE__, &a, OF13, "0004 0018 00000000 "
                   "0019 0010 80001a02 0050 000000000000");
    ofpbuf_uninit(&a);

    /* delete_field of anything but tun_metadataN. */
    ofpbuf_init(&a, 0);
    struct ofpact_delete_field *df = ofpact_put(&a, OFPACT_DELETE_FIELD,
                                                sizeof *df);
    df->field = mf_from_id(MFF_REG0);
    CHECK(ofpacts_check((void *) a.data, a.size, &any, max_ports, 0, 255)
          == OFPERR_OFPBAC_BAD_ARGUMENT);
    ofpbuf_uninit(&a);
}

static void
test_helpers(void)
{
    struct ofpbuf a, b;

    /* ofpacts_output_to_port, nested in clone and write_actions too. */
    must_decode(OF10, "0000 0008 0001 0000 " NX("0010", "0014")
                "0080 0000 01 00 " NX("0018", "002a")
                "000000000000 0000 0008 0007 0000", &a);
    CHECK(ofpacts_output_to_port((void *) a.data, a.size, 1));
    CHECK(ofpacts_output_to_port((void *) a.data, a.size, 7));
    CHECK(ofpacts_output_to_port((void *) a.data, a.size, OFPP_CONTROLLER));
    CHECK(!ofpacts_output_to_port((void *) a.data, a.size, 2));
    CHECK(!ofpacts_output_to_port((void *) a.data, a.size, OFPP_LOCAL_32));

    const struct ofpact_output *o = (const void *) a.data;
    CHECK(o->ofpact.type == OFPACT_OUTPUT && o->port == 1);
    ofpbuf_uninit(&a);

    must_decode(OF13, "0003 0018 00000000 0000 0010 00000009 0000 "
                "000000000000", &a);
    CHECK(ofpacts_output_to_port((void *) a.data, a.size, 9));
    ofpbuf_uninit(&a);

    /* The reserved ports of OpenFlow 1.0 are 32-bit inside. */
    must_decode(OF10, "0000 0008 fffe 0000 0000 0008 fffd 0080", &a);
    o = (const void *) a.data;
    CHECK(o->port == OFPP_LOCAL_32);
    o = (const void *) ofpact_next(&o->ofpact);
    CHECK(o->port == OFPP_CONTROLLER && o->max_len == 128);
    ofpbuf_uninit(&a);

    /* ofpacts_equal. */
    must_decode(OF10, "0000 0008 0001 0000", &a);
    must_decode(OF13, "0004 0018 00000000 0000 0010 00000001 0000 "
                "000000000000", &b);
    CHECK(ofpacts_equal((void *) a.data, a.size, (void *) b.data, b.size));
    ofpbuf_uninit(&b);
    must_decode(OF10, "0000 0008 0002 0000", &b);
    CHECK(!ofpacts_equal((void *) a.data, a.size, (void *) b.data, b.size));
    CHECK(ofpacts_equal(NULL, 0, NULL, 0));
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);

    /* set_tunnel of a value over 32 bits goes out as set_tunnel64. */
    ofpbuf_init(&a, 0);
    struct ofpact_tunnel *t = ofpact_put(&a, OFPACT_SET_TUNNEL, sizeof *t);
    t->tun_id = 0x100000000ULL;
    check_encoding(__LINE__, &a, OF10,
                   NX("0018", "0009") "000000000000 0000000100000000");
    t->tun_id = 7;
    check_encoding(__LINE__, &a, OF10, NX("0010", "0002") "0000 00000007");
    ofpbuf_uninit(&a);
}

int
main(void)
{
    struct tun_table_mapping map = {
        .opt_class = 0xffff, .type = 0, .len = 4, .index = 0,
    };
    struct tun_table *empty = tun_table_create();

    if (tun_table_mod(empty, TUN_TABLE_ADD, &map, 1, NULL, NULL, &tab)) {
        fprintf(stderr, "cannot build the TLV table\n");
        return 1;
    }
    tun_table_destroy(empty);

    test_of10_roundtrips();
    test_of13_roundtrips();
    test_errors();
    test_check();
    test_helpers();

    tun_table_destroy(tab);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    return 0;
}
