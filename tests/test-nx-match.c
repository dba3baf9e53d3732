/* Unit tests for lib/meta-flow and lib/nx-match: the field table, byte-exact
 * NXM/OXM encodings worked out by hand from the headers Open vSwitch
 * documents (meta-flow.xml: class << 16 | field << 9 | hasmask << 8 |
 * length), round trips through NXM, OXM 1.3 and 1.5 and the OpenFlow 1.0
 * match, and every decoding error with OVS's error code. */
#include <config.h>
#include <arpa/inet.h>
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow.h"
#include "match.h"
#include "meta-flow.h"
#include "nx-match.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofpbuf.h"
#include "tun-metadata.h"
#include "test-util.h"

/* A TLV table mapping tun_metadata0 (4 bytes), tun_metadata2 (8 bytes) and
 * tun_metadata3 (0 bytes); tun_metadata1 stays unmapped. */
static struct tun_table *tab;

/* Parses the hex digits in "s", skipping spaces, into "buf"; returns the
 * number of bytes. */
static size_t
hex(const char *s, uint8_t *buf)
{
    size_t n = 0;

    while (*s) {
        unsigned int b;
        if (*s == ' ') {
            s++;
            continue;
        }
        if (sscanf(s, "%2x", &b) != 1) {
            abort();
        }
        buf[n++] = b;
        s += 2;
    }
    return n;
}

/* Checks that the "n" bytes at "p" are the bytes "expect" spells. */
static void
check_bytes__(const uint8_t *p, size_t n, const char *expect, int line)
{
    uint8_t want[512];
    size_t want_n = hex(expect, want);

    if (n != want_n || memcmp(p, want, n)) {
        fprintf(stderr, "%s:%d: bytes differ\n  got: ", __FILE__, line);
        for (size_t i = 0; i < n; i++) {
            fprintf(stderr, "%02x", p[i]);
        }
        fprintf(stderr, "\n want: %s\n", expect);
        failures++;
    }
}
#define CHECK_BYTES(P, N, EXPECT) check_bytes__(P, N, EXPECT, __LINE__)

/* Checks that "got" is the error "want". */
static void
check_error__(enum ofperr got, enum ofperr want, int line)
{
    if (got != want) {
        fprintf(stderr, "%s:%d: got %s, want %s\n", __FILE__, line,
                got ? ofperr_get_name(got) : "0",
                want ? ofperr_get_name(want) : "0");
        failures++;
    }
}
#define CHECK_ERROR(GOT, WANT) check_error__(GOT, WANT, __LINE__)

/* Makes "match" match field "name" exactly (mask NULL) or under "mask",
 * from values given as bytes in hex. */
static void
set(struct match *match, const char *name, const char *value,
    const char *mask)
{
    const struct mf_field *field = mf_from_name(name);
    union mf_value v, m;

    if (!field) {
        fprintf(stderr, "unknown field %s\n", name);
        abort();
    }
    memset(&v, 0, sizeof v);
    memset(&m, 0xff, sizeof m);
    hex(value, v.u8);
    if (mask) {
        memset(&m, 0, sizeof m);
        hex(mask, m.u8);
    }
    CHECK(mf_is_value_valid(field, &v));
    CHECK(mf_are_prereqs_ok(field, match));
    mf_set(field, &v, mask ? &m : NULL, match);
}

/* A fresh catch-all match under the test TLV table. */
static void
init(struct match *match)
{
    match_init_catchall(match);
    match->flow.tunnel.metadata.tab = tab;
}

/* Decodes the NXM spelled by "hexstr" and returns the error. */
static enum ofperr
pull_hex(const char *hexstr, struct match *match, be64 *cookie,
         be64 *cookie_mask)
{
    uint8_t buf[512];
    size_t n = hex(hexstr, buf);

    return nx_pull_match(buf, n, tab, match, cookie, cookie_mask);
}

/* Decodes the OXM match spelled by "hexstr" and returns the error. */
static enum ofperr
pull_oxm_hex(const char *hexstr, struct match *match)
{
    uint8_t buf[512];
    size_t n = hex(hexstr, buf), consumed = 0;

    return oxm_pull_match(buf, n, tab, match, &consumed);
}

/* Checks that "match" survives NXM, OXM 1.3 and OXM 1.5, with a cookie on
 * the NXM trip. */
static void
check_roundtrip__(const struct match *match, int line)
{
    static const uint8_t versions[] = { OFP13_VERSION, OFP15_VERSION };
    struct ofpbuf b;
    struct match back;
    be64 cookie, cookie_mask;
    enum ofperr error;
    size_t n;

    ofpbuf_init(&b, 64);
    n = nx_put_match(&b, match, htobe64(0x1234), htobe64(0xffff));
    CHECK(n == b.size);
    error = nx_pull_match(b.data, n, tab, &back, &cookie, &cookie_mask);
    if (error || !match_equal(match, &back)
        || cookie != htobe64(0x1234) || cookie_mask != htobe64(0xffff)) {
        fprintf(stderr, "%s:%d: NXM round trip failed (%s)\n", __FILE__,
                line, error ? ofperr_get_name(error) : "mismatch");
        failures++;
    }

    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        size_t consumed = 0;

        b.size = 0;
        n = oxm_put_match(&b, match, versions[i]);
        CHECK(n == b.size && n % 8 == 0);
        error = oxm_pull_match(b.data, b.size, tab, &back, &consumed);
        if (error || consumed != n || !match_equal(match, &back)) {
            fprintf(stderr, "%s:%d: OXM (version %d) round trip failed "
                    "(%s)\n", __FILE__, line, versions[i],
                    error ? ofperr_get_name(error) : "mismatch");
            failures++;
        }
    }
    ofpbuf_uninit(&b);
}
#define CHECK_ROUNDTRIP(MATCH) check_roundtrip__(MATCH, __LINE__)

static void
test_field_table(void)
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *f = mf_from_id(i);
        CHECK(f && f->id == (enum mf_field_id) i && f->name);
        CHECK(mf_from_name(f->name) == f);
        CHECK(f->n_bits <= 8 * f->n_bytes);
        if (f->nxm_header) {
            CHECK(mf_from_nxm_header(f->nxm_header) == f);
            CHECK((f->nxm_header >> 16) <= 1);
        }
        if (f->oxm_header) {
            CHECK(mf_from_oxm_header(f->oxm_header) == f);
        }
    }
    CHECK(mf_from_name("dl_src") == mf_from_id(MFF_ETH_SRC));
    CHECK(mf_from_name("nw_src") == mf_from_id(MFF_IPV4_SRC));
    CHECK(mf_from_name("tp_dst") == mf_from_id(MFF_TCP_DST));
    CHECK(mf_from_name("tunnel_id") == mf_from_id(MFF_TUN_ID));
    CHECK(mf_from_name("ip_proto") == mf_from_id(MFF_IP_PROTO));
    CHECK(mf_from_name("nw_tos") == mf_from_id(MFF_IP_DSCP));
    CHECK(mf_from_name("ip_dscp") == mf_from_id(MFF_IP_DSCP_SHIFTED));
    CHECK(mf_from_name("tun_metadata63")
          == mf_from_id(MFF_TUN_METADATA63));
    CHECK(mf_from_name("xreg7") == mf_from_id(MFF_XREG7));
    CHECK(!mf_from_name("no_such_field"));

    /* Headers from meta-flow.xml. */
    CHECK(mf_from_id(MFF_IN_PORT)->nxm_header == 0x00000002);
    CHECK(mf_from_id(MFF_ETH_SRC)->nxm_header == 0x00000406);
    CHECK(mf_from_id(MFF_ETH_SRC)->oxm_header == 0x80000806);
    CHECK(mf_from_id(MFF_TUN_ID)->nxm_header == 0x00012008);
    CHECK(mf_from_id(MFF_TUN_ID)->oxm_header == 0x80004c08);
    CHECK(mf_from_id(MFF_TUN_ID)->oxm_version == OFP13_VERSION);
    CHECK(mf_from_id(MFF_TUN_METADATA0)->nxm_header == 0x0001507c);
    CHECK(mf_from_id(MFF_TUN_METADATA63)->nxm_header == 0x0001ce7c);
    CHECK(mf_from_id(MFF_REG15)->nxm_header == 0x00011e04);
    CHECK(mf_from_id(MFF_XREG0 + 1)->oxm_header == 0x80010208);
    CHECK(mf_from_id(MFF_IPV6_SRC)->nxm_header == 0x00012610);
    CHECK(mf_from_id(MFF_TUN_FLAGS)->nxm_header == 0x0001d002);
    CHECK(mf_from_id(MFF_ND_TLL)->oxm_header == 0x80004206);
    CHECK(!mf_from_id(MFF_IP_FRAG)->writable);
    CHECK(mf_from_id(MFF_IP_DSCP)->maskable == MFM_NONE);

    CHECK(mf_field_len(mf_from_id(MFF_TUN_METADATA0), tab) == 4);
    CHECK(mf_field_len(mf_from_id(MFF_TUN_METADATA0 + 2), tab) == 8);
    CHECK(mf_field_len(mf_from_id(MFF_TUN_METADATA0 + 1), tab) == 0);
    CHECK(!mf_is_usable(mf_from_id(MFF_TUN_METADATA0 + 1), tab));
    CHECK(mf_is_usable(mf_from_id(MFF_TUN_METADATA0 + 3), tab));
    CHECK(mf_field_len(mf_from_id(MFF_TUN_METADATA0 + 3), tab) == 0);
}

/* in_port=1,tcp,tp_dst=80 in NXM, OXM 1.3 and OpenFlow 1.0. */
static void
test_encode_tcp(void)
{
    struct match m;
    struct ofpbuf b;
    struct ofp10_match om;

    init(&m);
    set(&m, "in_port", "0001", NULL);
    set(&m, "eth_type", "0800", NULL);
    set(&m, "nw_proto", "06", NULL);
    set(&m, "tcp_dst", "0050", NULL);

    ofpbuf_init(&b, 64);
    CHECK(nx_put_match(&b, &m, 0, 0) == 23);
    CHECK_BYTES(b.data, b.size,
                "00000002 0001  00000602 0800  00000c01 06 "
                "00001402 0050");

    b.size = 0;
    CHECK(oxm_put_match(&b, &m, OFP13_VERSION) == 32);
    CHECK_BYTES(b.data, b.size,
                "0001 001d  80000004 00000001  80000a02 0800 "
                "80001401 06  80001c02 0050  000000");
    ofpbuf_uninit(&b);

    match_to_ofp10_match(&m, &om);
    CHECK_BYTES((const uint8_t *) &om, sizeof om,
                "0038204e 0001 000000000000 000000000000 0000 00 00 "
                "0800 00 06 0000 00000000 00000000 0000 0050");
    CHECK(match_is_ofp10_expressible(&m));
    CHECK_ROUNDTRIP(&m);
}

/* VLAN views, masked fields, the cookie, tcp_flags and registers. */
static void
test_encode_misc(void)
{
    struct match m, back;
    size_t consumed;
    struct ofpbuf b;
    struct ofp10_match om;

    ofpbuf_init(&b, 64);

    /* dl_vlan=5: NXM vlan_tci 0x1005/0x1fff, OXM vlan_vid 0x1005. */
    init(&m);
    set(&m, "dl_vlan", "0005", NULL);
    CHECK(m.flow.vlans[0].tci == htons(0x1005));
    CHECK(m.wc.vlans[0].tci == htons(0x1fff));
    nx_put_match(&b, &m, 0, 0);
    CHECK_BYTES(b.data, b.size, "00000904 1005 1fff");
    b.size = 0;
    oxm_put_match(&b, &m, OFP13_VERSION);
    CHECK_BYTES(b.data, b.size, "0001 000a 80000c02 1005 000000000000");
    CHECK_ROUNDTRIP(&m);

    /* vlan_pcp=3 alone: OXM needs vlan_vid=present/present first. */
    init(&m);
    set(&m, "dl_vlan_pcp", "03", NULL);
    b.size = 0;
    oxm_put_match(&b, &m, OFP15_VERSION);
    CHECK_BYTES(b.data, b.size,
                "0001 0011 80000d04 1000 1000 80000e01 03 00000000000000");
    CHECK_ROUNDTRIP(&m);

    /* No VLAN: vlan_tci=0 exact; OpenFlow 1.0 dl_vlan=0xffff. */
    init(&m);
    set(&m, "vlan_tci", "0000", NULL);
    b.size = 0;
    nx_put_match(&b, &m, 0, 0);
    CHECK_BYTES(b.data, b.size, "00000802 0000");
    match_to_ofp10_match(&m, &om);
    CHECK(om.dl_vlan == htons(OFP10_VLAN_NONE));
    CHECK(!(ntohl(om.wildcards) & OFPFW10_DL_VLAN));
    CHECK(match_is_ofp10_expressible(&m));
    CHECK_ERROR(nx_pull_match(b.data, b.size, tab, &back, NULL, NULL), 0);
    CHECK(match_equal(&m, &back));

    /* OXM says "no tag" as vlan_vid=0, which cannot carry the PCP bits of
     * the mask: OVS decodes it to vlan_tci=0/0x1fff, and so do we. */
    b.size = 0;
    oxm_put_match(&b, &m, OFP13_VERSION);
    CHECK_BYTES(b.data, b.size, "0001 000a 80000c02 0000 000000000000");
    CHECK_ERROR(oxm_pull_match(b.data, b.size, tab, &back, &consumed), 0);
    CHECK(back.flow.vlans[0].tci == 0);
    CHECK(back.wc.vlans[0].tci == htons(0x1fff));

    /* tun_id masked and the NXM cookie. */
    init(&m);
    set(&m, "tun_id", "0000000000000064", "00000000000000ff");
    b.size = 0;
    CHECK(nx_put_match(&b, &m, htobe64(5), UINT64_MAX) == 32);
    CHECK_BYTES(b.data, b.size,
                "00012110 0000000000000064 00000000000000ff "
                "00013c08 0000000000000005");
    CHECK(!match_is_ofp10_expressible(&m));
    CHECK_ROUNDTRIP(&m);

    /* tcp_flags: NXM, ONF experimenter in 1.3, standard in 1.5. */
    init(&m);
    set(&m, "eth_type", "0800", NULL);
    set(&m, "nw_proto", "06", NULL);
    set(&m, "tcp_flags", "0002", "0012");
    b.size = 0;
    nx_put_match(&b, &m, 0, 0);
    CHECK_BYTES(b.data, b.size,
                "00000602 0800 00000c01 06 00014504 0002 0012");
    b.size = 0;
    oxm_put_match(&b, &m, OFP13_VERSION);
    CHECK_BYTES(b.data, b.size,
                "0001 001b 80000a02 0800 80001401 06 "
                "ffff5508 4f4e4600 0002 0012 0000000000");
    b.size = 0;
    oxm_put_match(&b, &m, OFP15_VERSION);
    CHECK_BYTES(b.data, b.size,
                "0001 0017 80000a02 0800 80001401 06 "
                "80005504 0002 0012 00");
    CHECK_ROUNDTRIP(&m);

    /* reg0 (NXM header even in OXM 1.3) and xreg0 in 1.5; the LOCAL port
     * is 0xfffffffe in OXM. */
    init(&m);
    set(&m, "in_port", "fffe", NULL);
    set(&m, "reg0", "0000002a", NULL);
    set(&m, "reg1", "00000001", NULL);
    b.size = 0;
    oxm_put_match(&b, &m, OFP13_VERSION);
    CHECK_BYTES(b.data, b.size,
                "0001 001c 80000004 fffffffe 00010004 0000002a "
                "00010204 00000001 00000000");
    b.size = 0;
    oxm_put_match(&b, &m, OFP15_VERSION);
    CHECK_BYTES(b.data, b.size,
                "0001 0018 80000004 fffffffe 80010008 0000002a00000001");
    CHECK(m.flow.in_port == 65534);
    CHECK_ROUNDTRIP(&m);

    /* nw_tos: NXM sends it unshifted, OXM as ip_dscp; ECN separately. */
    init(&m);
    set(&m, "eth_type", "0800", NULL);
    set(&m, "ip_dscp", "2e", NULL);
    set(&m, "nw_ecn", "01", NULL);
    CHECK(m.flow.nw_tos == 0xb9);
    b.size = 0;
    nx_put_match(&b, &m, 0, 0);
    CHECK_BYTES(b.data, b.size,
                "00000602 0800 00000a01 b8 00013801 01");
    b.size = 0;
    oxm_put_match(&b, &m, OFP13_VERSION);
    CHECK_BYTES(b.data, b.size,
                "0001 0014 80000a02 0800 80001001 2e 80001201 01 "
                "00000000");
    CHECK(!match_is_ofp10_expressible(&m));
    CHECK_ROUNDTRIP(&m);

    ofpbuf_uninit(&b);
}

/* Tunnel fields and tun_metadata through the TLV table. */
static void
test_tunnel(void)
{
    const struct mf_field *md0 = mf_from_id(MFF_TUN_METADATA0);
    union mf_value v, mask;
    struct match m, back;
    struct ofpbuf b;

    init(&m);
    set(&m, "tun_src", "0a000001", NULL);
    set(&m, "tun_dst", "0a000000", "ffffff00");
    set(&m, "tun_flags", "0001", NULL);
    set(&m, "tun_metadata0", "11223344", NULL);
    set(&m, "tun_metadata2", "0102030405060708", "ffffffff00000000");
    set(&m, "pkt_mark", "00000007", "0000000f");
    set(&m, "metadata", "00000000000000ab", NULL);

    /* The option must be present; the mask side has no table. */
    CHECK(tun_metadata_present(&m.flow.tunnel.metadata, 0));
    CHECK(tun_metadata_present(&m.wc.tunnel.metadata, 0));
    CHECK(tun_metadata_present(&m.wc.tunnel.metadata, 2));
    CHECK(!tun_metadata_present(&m.wc.tunnel.metadata, 1));
    CHECK(m.wc.tunnel.metadata.tab == NULL);
    CHECK(m.flow.tunnel.metadata.tab == tab);
    mf_get(md0, &m, &v, &mask);
    CHECK_BYTES(v.u8, 4, "11223344");
    CHECK_BYTES(mask.u8, 4, "ffffffff");
    CHECK(!mf_is_all_wild(md0, &m));
    CHECK(mf_is_all_wild(mf_from_id(MFF_TUN_METADATA0 + 1), &m));

    ofpbuf_init(&b, 64);
    nx_put_match(&b, &m, 0, 0);
    CHECK_BYTES(b.data, b.size,
                "0001d104 0001 0001 "
                "00013e04 0a000001 "
                "00014108 0a000000 ffffff00 "
                "00015004 11223344 "
                "00015510 0102030400000000 ffffffff00000000 "
                "00014308 00000007 0000000f "
                "80000408 00000000000000ab");
    CHECK_ROUNDTRIP(&m);

    /* A shorter value is right-aligned to the mapped length, as OVS. */
    CHECK_ERROR(pull_hex("00015002 beef", &back, NULL, NULL), 0);
    mf_get(md0, &back, &v, &mask);
    CHECK_BYTES(v.u8, 4, "0000beef");
    CHECK_BYTES(mask.u8, 4, "ffffffff");

    /* A zero-length option: presence only, always written masked. */
    init(&m);
    set(&m, "tun_metadata3", "", NULL);
    CHECK(tun_metadata_present(&m.wc.tunnel.metadata, 3));
    b.size = 0;
    nx_put_match(&b, &m, 0, 0);
    CHECK_BYTES(b.data, b.size, "00015700");
    CHECK_ROUNDTRIP(&m);

    /* An all-zero mask still requires the option (OVS semantics). */
    init(&m);
    set(&m, "tun_metadata0", "00000000", "00000000");
    CHECK(tun_metadata_present(&m.wc.tunnel.metadata, 0));
    CHECK_ROUNDTRIP(&m);

    ofpbuf_uninit(&b);
}

/* A wide match: IPv6 + ND, ARP, and everything in the tunnel, through
 * every encoding. */
static void
test_roundtrips(void)
{
    struct match m;

    init(&m);
    set(&m, "eth_src", "0a0000000001", NULL);
    set(&m, "eth_dst", "010000000000", "010000000000");
    set(&m, "eth_type", "86dd", NULL);
    set(&m, "ipv6_src", "20010db8000000000000000000000001", NULL);
    set(&m, "ipv6_dst", "20010db8000000000000000000000000",
        "ffffffffffffffff0000000000000000");
    set(&m, "ipv6_label", "00012345", NULL);
    set(&m, "nw_ttl", "40", NULL);
    set(&m, "ip_frag", "01", "01");
    set(&m, "nw_proto", "3a", NULL);
    set(&m, "icmpv6_type", "87", NULL);
    set(&m, "icmpv6_code", "00", NULL);
    set(&m, "nd_target", "20010db8000000000000000000000002", NULL);
    set(&m, "nd_sll", "0a0000000002", NULL);
    set(&m, "tun_ipv6_src", "fe800000000000000000000000000001", NULL);
    set(&m, "xreg3", "0123456789abcdef", "ffffffff00000000");
    CHECK(!match_is_ofp10_expressible(&m));
    CHECK_ROUNDTRIP(&m);

    init(&m);
    set(&m, "eth_type", "0806", NULL);
    set(&m, "arp_op", "0001", NULL);
    set(&m, "arp_spa", "c0a80001", NULL);
    set(&m, "arp_tpa", "c0a80000", "ffff0000");
    set(&m, "arp_sha", "0a0000000003", NULL);
    CHECK_ROUNDTRIP(&m);

    init(&m);
    set(&m, "eth_type", "0800", NULL);
    set(&m, "ip_src", "0a000000", "ff000000");
    set(&m, "nw_proto", "01", NULL);
    set(&m, "icmp_type", "08", NULL);
    set(&m, "icmp_code", "00", NULL);
    CHECK(match_is_ofp10_expressible(&m));
    CHECK_ROUNDTRIP(&m);

    init(&m);
    set(&m, "eth_type", "0800", NULL);
    set(&m, "nw_proto", "84", NULL);
    set(&m, "sctp_src", "0050", "fff0");
    set(&m, "vlan_vid", "1000", "1000");
    CHECK(!match_is_ofp10_expressible(&m));
    CHECK_ROUNDTRIP(&m);

    init(&m);
    set(&m, "eth_type", "86dd", NULL);
    set(&m, "nw_proto", "11", NULL);
    set(&m, "udp_src", "0035", NULL);
    set(&m, "udp_dst", "1000", "f000");
    CHECK_ROUNDTRIP(&m);

    /* Catch-all: nothing at all in NXM, header and padding in OXM. */
    init(&m);
    CHECK_ROUNDTRIP(&m);
}

/* Every decoding error, in OVS's order of checks. */
static void
test_errors(void)
{
    struct match m;
    be64 cookie, cookie_mask;

    /* Truncated header and payload. */
    CHECK_ERROR(pull_hex("000006", &m, NULL, NULL), OFPERR_OFPBMC_BAD_LEN);
    CHECK_ERROR(pull_hex("00000602 08", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_LEN);
    CHECK_ERROR(pull_hex("ffff5406 4f4e", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_LEN);

    /* Unknown field, and a known one at a wrong length; a truncated
     * payload wins over the unknown field. */
    CHECK_ERROR(pull_hex("0001fe04 00000000", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_FIELD);
    CHECK_ERROR(pull_hex("00000004 00000001", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_FIELD);
    CHECK_ERROR(pull_hex("0001fe04 0000", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_LEN);
    CHECK_ERROR(pull_hex("ffff5406 12345678 0002", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_FIELD);

    /* Value bits outside the mask, before the unknown-field check. */
    CHECK_ERROR(pull_hex("00012110 0000000000000001 0000000000000000",
                         &m, NULL, NULL), OFPERR_OFPBMC_BAD_WILDCARDS);
    CHECK_ERROR(pull_hex("0001ff04 0001 0000", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_WILDCARDS);

    /* A partial mask on a field that cannot be masked; all-ones and
     * all-zeros masks are accepted. */
    CHECK_ERROR(pull_hex("00000704 0800 ff00", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_MASK);
    CHECK_ERROR(pull_hex("00000704 0800 ffff", &m, NULL, NULL), 0);
    CHECK(m.wc.dl_type == htons(0xffff));

    /* Impossible values. */
    CHECK_ERROR(pull_hex("00000602 0800 00000a01 03", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_VALUE);
    CHECK_ERROR(pull_oxm_hex("0001 000c 80000004 ffff0000 00000000", &m),
                OFPERR_OFPBMC_BAD_VALUE);
    CHECK_ERROR(pull_hex("0001d002 0002", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_VALUE);

    /* Prerequisites: tcp_dst needs IP and TCP; vlan_pcp needs a VID. */
    CHECK_ERROR(pull_hex("00001402 0050", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_PREREQ);
    CHECK_ERROR(pull_hex("00000602 0800 00001402 0050", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_PREREQ);
    CHECK_ERROR(pull_hex("00000602 0800 00000c01 06 00001402 0050",
                         &m, NULL, NULL), 0);
    CHECK_ERROR(pull_hex("00000602 0800 00013401 02 00000c01 06 "
                         "00001402 0050", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_PREREQ);
    CHECK_ERROR(pull_oxm_hex("0001 0009 80000e01 03 000000 00000000", &m),
                OFPERR_OFPBMC_BAD_PREREQ);

    /* Duplicates, including two views of one flow member. */
    CHECK_ERROR(pull_hex("00000602 0800 00000602 0800", &m, NULL, NULL),
                OFPERR_OFPBMC_DUP_FIELD);
    CHECK_ERROR(pull_oxm_hex("0001 0010 80000c02 1005 00000802 1005", &m),
                OFPERR_OFPBMC_DUP_FIELD);
    CHECK_ERROR(pull_oxm_hex("0001 0012 80000004 00000001 00000002 0001 "
                             "000000000000", &m),
                OFPERR_OFPBMC_DUP_FIELD);

    /* The cookie: refused without somewhere to put it, once only. */
    CHECK_ERROR(pull_hex("00013c08 0000000000000001", &m, NULL, NULL),
                OFPERR_OFPBMC_BAD_FIELD);
    CHECK_ERROR(pull_hex("00013d10 0000000000000001 00000000000000ff",
                         &m, &cookie, &cookie_mask), 0);
    CHECK(cookie == htobe64(1) && cookie_mask == htobe64(0xff));
    CHECK_ERROR(pull_hex("00013c08 0000000000000001 "
                         "00013c08 0000000000000001",
                         &m, &cookie, &cookie_mask),
                OFPERR_OFPBMC_DUP_FIELD);

    /* tun_metadata1 is not mapped: checked before the payload. */
    CHECK_ERROR(pull_hex("00015204 00000001", &m, NULL, NULL),
                OFPERR_NXFMFC_INVALID_TLV_FIELD);
    CHECK_ERROR(pull_hex("00015204", &m, NULL, NULL),
                OFPERR_NXFMFC_INVALID_TLV_FIELD);
    CHECK_ERROR(nx_pull_match("\x00\x01\x50\x04\x00\x00\x00\x01", 8,
                              NULL, &m, NULL, NULL),
                OFPERR_NXFMFC_INVALID_TLV_FIELD);

    /* OXM framing. */
    CHECK_ERROR(pull_oxm_hex("0001", &m), OFPERR_OFPBMC_BAD_LEN);
    CHECK_ERROR(pull_oxm_hex("0001 0002 00000000", &m),
                OFPERR_OFPBMC_BAD_LEN);
    CHECK_ERROR(pull_oxm_hex("0000 0058 00000000", &m),
                OFPERR_OFPBMC_BAD_TYPE);
    CHECK_ERROR(pull_oxm_hex("0001 000a 80000a02 0800", &m),
                OFPERR_OFPBMC_BAD_LEN);
    CHECK_ERROR(pull_oxm_hex("0001 0004 00000000", &m), 0);
    CHECK(match_is_catchall(&m));

    /* OXM without the cookie. */
    CHECK_ERROR(pull_oxm_hex("0001 0010 00013c08 0000000000000001", &m),
                OFPERR_OFPBMC_BAD_FIELD);
}

/* The OpenFlow 1.0 match: wildcards, VLAN translation, normalization. */
static void
test_ofp10(void)
{
    struct ofp10_match om;
    struct match m;

    /* Catch-all: OVS's canonical wildcards 0x003820ff. */
    init(&m);
    match_to_ofp10_match(&m, &om);
    CHECK(om.wildcards == htonl(0x003820ff));
    ofp10_match_to_match(&om, &m);
    CHECK(match_is_catchall(&m));

    /* ARP with tp_src and nw_tos "matched": normalization drops them. */
    memset(&om, 0, sizeof om);
    om.wildcards = htonl(OFPFW10_ALL & ~(OFPFW10_DL_TYPE | OFPFW10_TP_SRC
                                         | OFPFW10_NW_TOS
                                         | OFPFW10_NW_PROTO
                                         | OFPFW10_NW_SRC_MASK));
    om.dl_type = htons(ETH_TYPE_ARP);
    om.tp_src = htons(80);
    om.nw_tos = 0xfc;
    om.nw_proto = 2;
    om.nw_src = htonl(0xc0a80001);
    ofp10_match_to_match(&om, &m);
    CHECK(m.wc.dl_type == htons(0xffff));
    CHECK(!m.wc.tp_src && !m.flow.tp_src);
    CHECK(!m.wc.nw_tos && !m.flow.nw_tos);
    CHECK(m.wc.nw_proto == 0xff && m.flow.nw_proto == 2);
    CHECK(m.wc.nw_src == htonl(0xffffffff));

    /* dl_vlan and dl_vlan_pcp matched; in_port; short dl_type. */
    memset(&om, 0, sizeof om);
    om.wildcards = htonl(OFPFW10_ALL & ~(OFPFW10_DL_VLAN | OFPFW10_IN_PORT
                                         | OFPFW10_DL_VLAN_PCP
                                         | OFPFW10_DL_TYPE));
    om.dl_vlan = htons(100);
    om.dl_vlan_pcp = 5;
    om.in_port = htons(65534);
    om.dl_type = htons(0x0100);
    ofp10_match_to_match(&om, &m);
    CHECK(m.flow.vlans[0].tci == htons(0xb064));
    CHECK(m.wc.vlans[0].tci == htons(0xffff));
    CHECK(m.flow.in_port == 65534 && m.wc.in_port == UINT32_MAX);
    CHECK(m.flow.dl_type == htons(0x05ff));

    /* dl_vlan=0xffff matches untagged frames, even with a PCP. */
    om.dl_vlan = htons(OFP10_VLAN_NONE);
    ofp10_match_to_match(&om, &m);
    CHECK(m.flow.vlans[0].tci == 0 && m.wc.vlans[0].tci == htons(0xffff));

    /* Non-CIDR and partial masks, and IPv6, need NXM. */
    init(&m);
    set(&m, "eth_type", "0800", NULL);
    set(&m, "ip_src", "0a000001", "ff00ff00");
    CHECK(!match_is_ofp10_expressible(&m));
    init(&m);
    set(&m, "eth_type", "86dd", NULL);
    CHECK(!match_is_ofp10_expressible(&m));
    init(&m);
    set(&m, "eth_dst", "010000000000", "010000000000");
    CHECK(!match_is_ofp10_expressible(&m));
    init(&m);
    set(&m, "eth_dst", "010000000001", NULL);
    CHECK(match_is_ofp10_expressible(&m));
}

/* VLAN and DSCP views sharing one flow member, and subfields. */
static void
test_views_and_subfields(void)
{
    struct mf_subfield sf = { mf_from_id(MFF_REG0), 8, 8 };
    union mf_subvalue sv;
    union mf_value v, mask;
    struct match m;
    struct flow flow;

    init(&m);
    set(&m, "dl_vlan", "0005", NULL);
    set(&m, "dl_vlan_pcp", "07", NULL);
    CHECK(m.flow.vlans[0].tci == htons(0xf005));
    memset(&v, 0, sizeof v);
    mf_set(mf_from_id(MFF_DL_VLAN), &v, &v, &m);
    CHECK(m.wc.vlans[0].tci == htons(0xf000));
    CHECK(m.flow.vlans[0].tci == htons(0xf000));
    mf_get(mf_from_id(MFF_VLAN_PCP), &m, &v, &mask);
    CHECK(v.u8[0] == 7 && mask.u8[0] == 7);

    memset(&sv, 0, sizeof sv);
    sv.u8[127] = 0xab;
    init(&m);
    mf_write_subfield(&sf, &sv, &m);
    CHECK(m.flow.regs[0] == 0xab00 && m.wc.regs[0] == 0xff00);

    memset(&flow, 0, sizeof flow);
    flow.regs[0] = 0x12345678;
    mf_read_subfield(&sf, &flow, &sv);
    CHECK(sv.u8[127] == 0x56 && sv.u8[126] == 0);
    sv.u8[127] = 0xff;
    mf_write_subfield_flow(&sf, &sv, &flow);
    CHECK(flow.regs[0] == 0x1234ff78);

    /* xreg0 is reg0:reg1, big-endian. */
    flow.regs[1] = 0x9abcdef0;
    mf_get_value(mf_from_id(MFF_XREG0), &flow, &v);
    CHECK_BYTES(v.u8, 8, "1234ff78 9abcdef0");

    /* set_field vlan_vid on an untagged flow gives it a tag type. */
    memset(&flow, 0, sizeof flow);
    v.be16 = htons(0x1007);
    mf_set_flow_value(mf_from_id(MFF_VLAN_VID), &v, &flow);
    CHECK(flow.vlans[0].tci == htons(0x1007));
    CHECK(flow.vlans[0].tpid == htons(ETH_TYPE_VLAN_8021Q));
}

int
main(void)
{
    static const struct tun_table_mapping maps[] = {
        { .opt_class = 0xffff, .type = 0, .len = 4, .index = 0 },
        { .opt_class = 0xffff, .type = 1, .len = 8, .index = 2 },
        { .opt_class = 0xffff, .type = 2, .len = 0, .index = 3 },
    };
    struct tun_table *empty = tun_table_create();

    if (tun_table_mod(empty, TUN_TABLE_ADD, maps, ARRAY_SIZE(maps), NULL,
                      NULL, &tab)) {
        fprintf(stderr, "cannot build the TLV table\n");
        return EXIT_FAILURE;
    }
    tun_table_destroy(empty);

    test_field_table();
    test_encode_tcp();
    test_encode_misc();
    test_tunnel();
    test_roundtrips();
    test_errors();
    test_ofp10();
    test_views_and_subfields();

    tun_table_destroy(tab);
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return EXIT_FAILURE;
    }
    printf("all nx-match checks passed\n");
    return EXIT_SUCCESS;
}
