/* ovsx-pktgen: small frames into a device and frames counted out of one,
 * for "ovsx-bench small-packets".
 *
 *   ovsx-pktgen send DEV FRAME [--flows N] [--rate PPS] [--seconds S]
 *                              [--count N] [--eth-src MAC] [--eth-dst MAC]
 *                              [--via socket|xdp]
 *       sends FRAME frames through DEV, from N flows (default 1) in turn,
 *       at PPS frames per second (default 0: as fast as it goes), for S
 *       seconds (default 1) or until N frames are out; prints
 *       "SENT SECONDS", the frames the kernel took and the time it took.
 *       --via xdp sends through the kernel's XDP traffic generator (see
 *       "The XDP sender" below): DEV must be a veth whose peer has GRO
 *       or an XDP program on.
 *   ovsx-pktgen count DEV FRAME [--flows N] [--seconds S] [--count N]
 *       receives on DEV for S seconds (default 1), or until N good frames
 *       came; prints "GOOD OTHER": the frames that are FRAME frames of
 *       one of the N flows (a valid outer header, the tunnel type and
 *       key, the Geneve options and the inner frame as "send" builds
 *       them; outer addresses and ports may differ), and the rest.
 *   ovsx-pktgen tlv-map
 *       prints the "ovs-ofctl add-tlv-map" argument for the options.
 *   ovsx-pktgen flows FRAME VM-PORT TUNNEL-PORT
 *       prints two OpenFlow flows for "ovs-ofctl add-flows": VM-PORT to
 *       TUNNEL-PORT, setting FRAME's Geneve options (encapsulation), and
 *       TUNNEL-PORT to VM-PORT, matching them (decapsulation).
 *
 * FRAME is "udp", the inner frame: 64 bytes (no FCS) of Ethernet, IPv4
 * 10.9.0.1 -> 10.9.0.2 and UDP from port 10000 + flow to port 7000; or
 * that frame in a tunnel from 172.31.0.2 to 172.31.0.1: "geneve0",
 * "geneve1", "geneve4", "geneve8" (VNI 100 with that many 4-byte
 * options), "geneve252b" (252 bytes of options, the most Geneve carries),
 * "vxlan" (VNI 100) or "nvgre" (VSID 0x5000, FlowID 0).  The outer UDP
 * source port, like a switch's, differs per flow.
 *
 * The frames are built with ovsx's own flow_compose() and tnl_push()
 * before the clock starts, and sent a batch per sendmmsg() on a packet
 * socket that bypasses the qdisc (or, with --via xdp, the same frames in
 * bursts of the same size through XDP).  A fixed rate is kept by waiting,
 * batch by batch, for the time the next batch is due; a sender more than
 * MAX_LAG behind (not scheduled for a while) starts its schedule again
 * rather than catch up in a burst.  "count" decodes tunnel frames with
 * tnl_pop(). */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "geneve.h"
#include "packets.h"
#include "tnl-header.h"
#include "util.h"

#define FRAME_LEN 64            /* The inner frame, without FCS. */
#define MAX_FRAME_LEN 512       /* Room for any of the tunnel frames. */
#define FIRST_SRC_PORT 10000    /* Inner UDP source of flow 0. */
#define DST_PORT 7000           /* Inner UDP destination. */
#define VNI 100                 /* Geneve and VXLAN. */
#define VSID 0x5000             /* NVGRE. */
#define BATCH 64                /* Frames per sendmmsg()/recvmmsg(). */
#define MAX_LAG_PS 1000000000   /* How far a paced sender may catch up, */
#define MAX_LAG (MAX_LAG_PS / 1e12) /* in picoseconds and in seconds. */
#define OPT_CLASS 0xffff        /* Class of every Geneve option. */

/* One Geneve option of the frames and flows: class OPT_CLASS, "type",
 * "len" bytes of data, mapped to tun_metadata"field".  A 4-byte option
 * holds its field number plus one; a longer one is "len" bytes of
 * 0x11 times its field number. */
struct bench_opt {
    uint8_t field;
    uint8_t type;
    uint8_t len;
};

static const struct bench_opt opts[] = {
    { 0, 1, 4 }, { 1, 2, 4 }, { 2, 3, 4 }, { 3, 4, 4 },
    { 4, 5, 4 }, { 5, 6, 4 }, { 6, 7, 4 }, { 7, 8, 4 },
    { 8, 9, 124 }, { 9, 10, 96 },
};

/* A kind of frame: the tunnel around the inner frame (if "tunnel") and,
 * for Geneve, which of "opts" it carries. */
struct frame_kind {
    const char *name;
    bool tunnel;
    enum tnl_type type;
    size_t n_opts;
    uint8_t opts[8];            /* Indexes into "opts". */
};

static const struct frame_kind kinds[] = {
    { "udp", false, TNL_GENEVE, 0, { 0 } },
    { "geneve0", true, TNL_GENEVE, 0, { 0 } },
    { "geneve1", true, TNL_GENEVE, 1, { 0 } },
    { "geneve4", true, TNL_GENEVE, 4, { 0, 1, 2, 3 } },
    { "geneve8", true, TNL_GENEVE, 8, { 0, 1, 2, 3, 4, 5, 6, 7 } },
    /* 3 x (4 + 4) + (4 + 124) + (4 + 96) = 252 bytes. */
    { "geneve252b", true, TNL_GENEVE, 5, { 0, 1, 2, 8, 9 } },
    { "vxlan", true, TNL_VXLAN, 0, { 0 } },
    { "nvgre", true, TNL_NVGRE, 0, { 0 } },
};

static const struct frame_kind *
find_kind(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        if (!strcmp(kinds[i].name, name)) {
            return &kinds[i];
        }
    }
    ovsx_fatal("unknown frame kind %s", name);
}

/* The data of option "o". */
static void
opt_data(const struct bench_opt *o, uint8_t *data)
{
    if (o->len == 4) {
        be32 value = htonl(o->field + 1);
        memcpy(data, &value, sizeof value);
    } else {
        memset(data, 0x11 * o->field, o->len);
    }
}

/* Writes the Geneve options of "kind", as on the wire, to "buf" (at least
 * GENEVE_MAX_OPTS_LEN bytes).  Returns their length. */
static size_t
kind_gnv_opts(const struct frame_kind *kind, uint8_t *buf)
{
    size_t len = 0;

    for (size_t i = 0; i < kind->n_opts; i++) {
        const struct bench_opt *o = &opts[kind->opts[i]];
        struct geneve_opt hdr = {
            .opt_class = htons(OPT_CLASS),
            .type = o->type,
            .len = o->len / 4,
        };
        memcpy(buf + len, &hdr, sizeof hdr);
        opt_data(o, buf + len + sizeof hdr);
        len += sizeof hdr + o->len;
    }
    return len;
}

static uint32_t
tunnel_key(const struct frame_kind *kind)
{
    return kind->type == TNL_NVGRE ? VSID : VNI;
}

/* Builds frame "flow" of "kind" into "buf" (MAX_FRAME_LEN bytes), outer
 * Ethernet from "eth_src" to "eth_dst".  Returns its length. */
static size_t
build_frame(const struct frame_kind *kind, uint32_t flow,
            struct eth_addr eth_src, struct eth_addr eth_dst, uint8_t *buf)
{
    static const struct eth_addr inner_src = { { 2, 0, 0, 0, 1, 1 } };
    static const struct eth_addr inner_dst = { { 2, 0, 0, 0, 1, 2 } };
    struct dp_packet *p = dp_packet_new(MAX_FRAME_LEN, DP_PACKET_HEADROOM);
    struct flow f;

    memset(&f, 0, sizeof f);
    f.dl_src = inner_src;
    f.dl_dst = inner_dst;
    f.dl_type = htons(ETH_TYPE_IP);
    f.nw_src = htonl(0x0a090001);
    f.nw_dst = htonl(0x0a090002);
    f.nw_proto = IPPROTO_NUM_UDP;
    f.nw_ttl = 64;
    f.tp_src = htons(FIRST_SRC_PORT + flow);
    f.tp_dst = htons(DST_PORT);
    flow_compose(p, &f, FRAME_LEN - ETH_HEADER_LEN - IP_HEADER_LEN
                            - UDP_HEADER_LEN);
    if (kind->tunnel) {
        struct tnl_config cfg;
        struct flow_tnl tnl;

        tnl_config_init(&cfg, kind->type);
        cfg.flowid = 0;
        memset(&tnl, 0, sizeof tnl);
        tnl.tun_id = htobe64(tunnel_key(kind));
        tnl.flags = FLOW_TNL_F_KEY;
        tnl.ip_src = htonl(0xac1f0002);
        tnl.ip_dst = htonl(0xac1f0001);
        tnl.gnv_opts_len = kind_gnv_opts(kind, tnl.gnv_opts);
        /* Knuth's multiplier spreads the flows over the source ports. */
        tnl_push(p, &cfg, &tnl, eth_src, eth_dst, flow * 2654435761u);
    }

    size_t len = dp_packet_size(p);
    if (len > MAX_FRAME_LEN) {
        ovsx_fatal("frame of %zu bytes", len);
    }
    memcpy(buf, dp_packet_data(p), len);
    dp_packet_delete(p);
    return len;
}

/* Whether "data" is the inner frame of one of the first "n_flows"
 * flows. */
static bool
is_inner_frame(const uint8_t *data, size_t len, uint32_t n_flows)
{
    const struct eth_header *eth = (const void *) data;
    const struct ip_header *ip = (const void *) (eth + 1);
    const struct udp_header *udp = (const void *) (ip + 1);

    return (len == FRAME_LEN
            && eth->eth_type == htons(ETH_TYPE_IP)
            && ip->ip_ihl_ver == IP_IHL_VER(5, 4)
            && ip->ip_proto == IPPROTO_NUM_UDP
            && udp->udp_dst == htons(DST_PORT)
            && (uint32_t) (ntohs(udp->udp_src) - FIRST_SRC_PORT) < n_flows);
}

/* Whether "data" is a frame of "kind" from one of the first "n_flows"
 * flows: for a tunnel, whatever its outer addresses, UDP source port and
 * FlowID, the right tunnel type and key, exactly "kind"'s Geneve options
 * and an inner frame of one of the flows. */
static bool
is_frame(const struct frame_kind *kind, const uint8_t *data, size_t len,
         uint32_t n_flows)
{
    if (!kind->tunnel) {
        return is_inner_frame(data, len, n_flows);
    }

    uint8_t expected_opts[GENEVE_MAX_OPTS_LEN];
    size_t opts_len = kind_gnv_opts(kind, expected_opts);
    struct dp_packet *p = dp_packet_clone_data(data, len);
    struct tnl_pop_config cfg;
    struct flow_tnl tnl;
    enum tnl_type type;
    uint16_t inner_proto;
    bool ok;

    tnl_pop_config_init(&cfg);
    cfg.gre_is_nvgre = kind->type == TNL_NVGRE;
    ok = (tnl_pop(p, &cfg, &tnl, &type, &inner_proto) == TNL_DROP_NONE
          && type == kind->type
          && inner_proto == ETH_TYPE_TEB
          && tnl.tun_id == htobe64(tunnel_key(kind))
          && tnl.gnv_opts_len == opts_len
          && !memcmp(tnl.gnv_opts, expected_opts, opts_len)
          && is_inner_frame(dp_packet_data(p), dp_packet_size(p), n_flows));
    dp_packet_delete(p);
    return ok;
}

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The number in file "name" (a device counter in sysfs). */
static unsigned long long
read_counter(const char *name)
{
    unsigned long long n;
    FILE *f = fopen(name, "r");

    if (!f || fscanf(f, "%llu", &n) != 1) {
        ovsx_fatal("%s: cannot read", name);
    }
    fclose(f);
    return n;
}

/* A packet socket on device "dev": for receiving all protocols if
 * "rx", else for sending only. */
static int
open_socket(const char *dev, bool rx)
{
    int protocol = rx ? htons(ETH_P_ALL) : 0;
    int fd = socket(AF_PACKET, SOCK_RAW, protocol);
    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = protocol,
        .sll_ifindex = if_nametoindex(dev),
    };
    int one = 1;
    int buf = 16 << 20;

    if (fd < 0) {
        ovsx_fatal("packet socket: %s", strerror(errno));
    }
    if (!sll.sll_ifindex) {
        ovsx_fatal("%s: no such device", dev);
    }
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        ovsx_fatal("bind to %s: %s", dev, strerror(errno));
    }
    if (rx) {
        /* Frames this host sends on "dev" are not what is counted. */
        setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf)) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
        }
    } else {
        setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
        if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf)) {
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
        }
    }
    return fd;
}

struct options {
    uint32_t flows;
    double rate;
    double seconds;
    unsigned long long count;
    struct eth_addr eth_src;
    struct eth_addr eth_dst;
    bool xdp;                   /* --via xdp. */
};

/* The XDP sender ("--via xdp").
 *
 * A packet socket's sender pays for a socket buffer per frame, and the
 * receiving veth for turning it back into an XDP frame: on a 2-core
 * machine that, not the switch, is what limits the rate.  The kernel's
 * own XDP traffic generator (BPF_PROG_TEST_RUN with
 * BPF_F_TEST_XDP_LIVE_FRAMES, Linux 5.18) does without both: it runs an
 * XDP program over and over on frames from a page pool, each initialised
 * from one frame, and sends those the program redirects through the
 * device's ndo_xdp_xmit.  A veth takes them only if its peer has NAPI on:
 * an XDP program of its own in the driver, or GRO (ethtool -K PEER gro
 * on).  The peer's NAPI runs on the sender's CPU.
 *
 * The frames of the N flows differ from flow 0's in a few 16-bit words
 * (IP identification and checksum, UDP ports and checksums).  The program
 * keeps the schedule, takes the next flow and writes that flow's words
 * into the frame:
 *
 *     u32 key = 0;
 *     struct xdp_state *s = map_lookup(&state, &key);
 *     if (!s || s->sent >= s->limit) {
 *         return XDP_DROP;
 *     }
 *     if (paced && !s->left) {             // Only with a --rate.
 *         s64 now = (ktime_get_ns() - s->start_ns) * 1000;
 *         if (now - s->due_ps > MAX_LAG) {
 *             s->due_ps = now;
 *         } else if (now - s->due_ps < 0) {
 *             return XDP_DROP;             // Not yet.
 *         }
 *         s->due_ps += s->interval_ps;
 *         s->left = s->burst;
 *     }
 *     if (paced) {
 *         s->left--;
 *     }
 *     s->sent++;
 *     key = s->next;
 *     s->next = key + 1 < n_flows ? key + 1 : 0;
 *     u16 *words = map_lookup(&words_map, &key);
 *     if (words && data + frame_len <= data_end) {
 *         *(u16 *) (data + off[0]) = words[0];     // ... off[n - 1]
 *     }
 *     return bpf_redirect(ifindex, 0);
 *
 * (Times count from "start_ns", CLOCK_MONOTONIC when the sender starts,
 * the clock of bpf_ktime_get_ns(): in picoseconds from boot they would
 * overflow after 106 days.)  A paced sender thus waits in the kernel
 * rather than between system calls (setting up the page pool makes a
 * call cost a quarter of a millisecond).  It sends the frames in bursts,
 * as the packet socket's sender does a batch per sendmmsg(): frames one
 * by one would wake a switch that sleeps once per frame. */
/* MAX_LAG in picoseconds, an immediate of the program. */
BUILD_ASSERT(MAX_LAG_PS <= INT32_MAX);

#define XDP_WORDS 8             /* Most words a flow's frame differs in. */
#define XDP_BATCH 64            /* Runs between flushes of what they sent. */
#define XDP_RUNS (1u << 18)     /* Runs of the program per system call. */

/* The program's state, "state" above. */
struct xdp_state {
    uint64_t start_ns;          /* CLOCK_MONOTONIC at the start. */
    uint64_t due_ps;            /* When the next burst is due. */
    uint64_t interval_ps;       /* Between bursts. */
    uint64_t sent;              /* Frames redirected. */
    uint64_t limit;             /* Most frames to redirect. */
    uint32_t next;              /* Flow of the next frame. */
    uint32_t burst;             /* Frames per burst. */
    uint32_t left;              /* Frames left in this burst. */
    uint32_t pad;
};

struct xdp_sender {
    int state_fd;               /* Array map of one struct xdp_state. */
    int words_fd;               /* Array map of the flows' words. */
    int prog_fd;
    const uint8_t *frame;       /* Flow 0's frame. */
    size_t len;
    unsigned long long tx0;     /* The device's tx_packets at the start. */
    char *tx_packets;           /* The file that counts them. */
};

static int
sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
    return syscall(__NR_bpf, cmd, attr, sizeof *attr);
}

/* The labels the program jumps to. */
enum { L_DROP, L_RESET, L_ADVANCE, L_TAKE, L_SEND, N_LABELS };

/* A program being assembled: its instructions, and the jumps still to be
 * pointed at their labels. */
struct xdp_asm {
    struct bpf_insn insns[96];
    size_t n;
    size_t labels[N_LABELS];    /* Where each label is. */
    struct {
        size_t insn;
        int label;
    } fixups[8];
    size_t n_fixups;
};

#define INSN(CODE, DST, SRC, OFF, IMM)                                  \
    ((struct bpf_insn) { .code = (CODE), .dst_reg = (DST),              \
                         .src_reg = (SRC), .off = (OFF), .imm = (IMM) })

static void
emit(struct xdp_asm *a, struct bpf_insn insn)
{
    if (a->n >= ARRAY_SIZE(a->insns)) {
        ovsx_fatal("the XDP program is too long");
    }
    a->insns[a->n++] = insn;
}

/* Emits jump "code" (comparing "dst" with "src" or "imm") to "label". */
static void
emit_jump(struct xdp_asm *a, uint8_t code, uint8_t dst, uint8_t src,
          int32_t imm, int label)
{
    if (a->n_fixups >= ARRAY_SIZE(a->fixups)) {
        ovsx_fatal("the XDP program has too many jumps");
    }
    a->fixups[a->n_fixups].insn = a->n;
    a->fixups[a->n_fixups++].label = label;
    emit(a, INSN(BPF_JMP | code, dst, src, 0, imm));
}

static void
set_label(struct xdp_asm *a, int label)
{
    a->labels[label] = a->n;
}

/* Emits "r0 = map_lookup(map_fd, (u32 *) (r10 - 4))". */
static void
emit_lookup(struct xdp_asm *a, int map_fd)
{
    emit(a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0));
    emit(a, INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4));
    emit(a, INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0,
                 map_fd));
    emit(a, INSN(0, 0, 0, 0, 0));       /* The upper half of the load. */
    emit(a, INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem));
}

#define STATE_OFF(MEMBER) ((int16_t) offsetof(struct xdp_state, MEMBER))

/* Loads the program above into "s", for "n_flows" flows whose frames
 * ("s->len" bytes) differ in the "n_words" words at byte offsets "offs",
 * sending through device "ifindex", paced if "paced".  Returns its fd. */
static int
xdp_load_program(const struct xdp_sender *s, uint32_t n_flows,
                 const uint16_t *offs, size_t n_words, int ifindex,
                 bool paced)
{
    struct xdp_asm a = { .n = 0 };

    /* r6 = ctx; r7 = state. */
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0));
    emit(&a, INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0));
    emit_lookup(&a, s->state_fd);
    emit_jump(&a, BPF_JEQ | BPF_K, BPF_REG_0, 0, 0, L_DROP);
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_7, BPF_REG_0, 0, 0));
    emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_7,
                  STATE_OFF(sent), 0));
    emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_2, BPF_REG_7,
                  STATE_OFF(limit), 0));
    emit_jump(&a, BPF_JGE | BPF_X, BPF_REG_1, BPF_REG_2, 0, L_DROP);

    if (paced) {
        /* r1 = left; unless 0, take one. */
        emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_1, BPF_REG_7,
                      STATE_OFF(left), 0));
        emit_jump(&a, BPF_JNE | BPF_K, BPF_REG_1, 0, 0, L_TAKE);
        /* r0 = now in ps; r1 = due; r2 = now - due. */
        emit(&a, INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_ktime_get_ns));
        emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_7,
                      STATE_OFF(start_ns), 0));
        emit(&a, INSN(BPF_ALU64 | BPF_SUB | BPF_X, BPF_REG_0, BPF_REG_1,
                      0, 0));
        emit(&a, INSN(BPF_ALU64 | BPF_MUL | BPF_K, BPF_REG_0, 0, 0, 1000));
        emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_7,
                      STATE_OFF(due_ps), 0));
        emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_0,
                      0, 0));
        emit(&a, INSN(BPF_ALU64 | BPF_SUB | BPF_X, BPF_REG_2, BPF_REG_1,
                      0, 0));
        emit_jump(&a, BPF_JSGT | BPF_K, BPF_REG_2, 0, MAX_LAG_PS, L_RESET);
        emit_jump(&a, BPF_JSLT | BPF_K, BPF_REG_2, 0, 0, L_DROP);
        emit_jump(&a, BPF_JA, 0, 0, 0, L_ADVANCE);
        set_label(&a, L_RESET);
        emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_0,
                      0, 0));
        set_label(&a, L_ADVANCE);
        emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_2, BPF_REG_7,
                      STATE_OFF(interval_ps), 0));
        emit(&a, INSN(BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_2,
                      0, 0));
        emit(&a, INSN(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_7, BPF_REG_1,
                      STATE_OFF(due_ps), 0));
        emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_1, BPF_REG_7,
                      STATE_OFF(burst), 0));
        set_label(&a, L_TAKE);
        emit(&a, INSN(BPF_ALU64 | BPF_SUB | BPF_K, BPF_REG_1, 0, 0, 1));
        emit(&a, INSN(BPF_STX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_1,
                      STATE_OFF(left), 0));
    }

    /* sent++; r8 = the flow; next = r8 + 1 < n_flows ? r8 + 1 : 0. */
    emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_7,
                  STATE_OFF(sent), 0));
    emit(&a, INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, 1));
    emit(&a, INSN(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_7, BPF_REG_1,
                  STATE_OFF(sent), 0));
    emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_8, BPF_REG_7,
                  STATE_OFF(next), 0));
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_8, 0, 0));
    emit(&a, INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, 1));
    emit(&a, INSN(BPF_JMP | BPF_JLT | BPF_K, BPF_REG_1, 0, 1, n_flows));
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_1, 0, 0, 0));
    emit(&a, INSN(BPF_STX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_1,
                  STATE_OFF(next), 0));

    /* The flow's words into the frame. */
    emit(&a, INSN(BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_8, -4, 0));
    emit_lookup(&a, s->words_fd);
    emit_jump(&a, BPF_JEQ | BPF_K, BPF_REG_0, 0, 0, L_SEND);
    emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_6,
                  offsetof(struct xdp_md, data), 0));
    emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_6,
                  offsetof(struct xdp_md, data_end), 0));
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_2, 0, 0));
    emit(&a, INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, s->len));
    emit_jump(&a, BPF_JGT | BPF_X, BPF_REG_4, BPF_REG_3, 0, L_SEND);
    for (size_t i = 0; i < n_words; i++) {
        emit(&a, INSN(BPF_LDX | BPF_MEM | BPF_H, BPF_REG_5, BPF_REG_0,
                      2 * i, 0));
        emit(&a, INSN(BPF_STX | BPF_MEM | BPF_H, BPF_REG_2, BPF_REG_5,
                      offs[i], 0));
    }

    set_label(&a, L_SEND);
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_1, 0, 0, ifindex));
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, 0));
    emit(&a, INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_redirect));
    emit(&a, INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
    set_label(&a, L_DROP);
    emit(&a, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, XDP_DROP));
    emit(&a, INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));

    for (size_t i = 0; i < a.n_fixups; i++) {
        size_t insn = a.fixups[i].insn;
        a.insns[insn].off = a.labels[a.fixups[i].label] - insn - 1;
    }

    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = BPF_PROG_TYPE_XDP;
    attr.insns = (uintptr_t) a.insns;
    attr.insn_cnt = a.n;
    attr.license = (uintptr_t) "Apache-2.0";
    snprintf(attr.prog_name, sizeof attr.prog_name, "ovsx_pktgen");
    int fd = sys_bpf(BPF_PROG_LOAD, &attr);
    if (fd < 0) {
        /* Again, for the verifier's words. */
        static char log[65536];
        int error = errno;

        attr.log_level = 1;
        attr.log_buf = (uintptr_t) log;
        attr.log_size = sizeof log;
        if (sys_bpf(BPF_PROG_LOAD, &attr) < 0) {
            fputs(log, stderr);
        }
        ovsx_fatal("loading the XDP program: %s", strerror(error));
    }
    return fd;
}

/* Creates an array map of "n" entries of "value_size" bytes.  Returns its
 * fd. */
static int
xdp_map_create(uint32_t value_size, uint32_t n)
{
    union bpf_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.map_type = BPF_MAP_TYPE_ARRAY;
    attr.key_size = sizeof(uint32_t);
    attr.value_size = value_size;
    attr.max_entries = n;
    int fd = sys_bpf(BPF_MAP_CREATE, &attr);
    if (fd < 0) {
        ovsx_fatal("creating a map for the XDP program: %s",
                   strerror(errno));
    }
    return fd;
}

/* Reads (BPF_MAP_LOOKUP_ELEM) or writes (BPF_MAP_UPDATE_ELEM) entry "key"
 * of array map "fd". */
static void
xdp_map_elem(enum bpf_cmd cmd, int fd, uint32_t key, void *value)
{
    union bpf_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.map_fd = fd;
    attr.key = (uintptr_t) &key;
    attr.value = (uintptr_t) value;
    if (sys_bpf(cmd, &attr)) {
        ovsx_fatal("%s the XDP program's map: %s",
                   cmd == BPF_MAP_LOOKUP_ELEM ? "reading" : "filling",
                   strerror(errno));
    }
}

/* Readies "s" to send "frames" ("len" bytes each, one per flow of
 * "o->flows") through device "dev", at "o->rate" in bursts of "burst"
 * frames, and at most "o->count" of them. */
static void
xdp_sender_init(struct xdp_sender *s, const char *dev,
                uint8_t (*frames)[MAX_FRAME_LEN], size_t len,
                const struct options *o, size_t burst)
{
    uint16_t offs[XDP_WORDS];
    size_t n_words = 0;
    int ifindex = if_nametoindex(dev);

    if (!ifindex) {
        ovsx_fatal("%s: no such device", dev);
    }
    if (len % 2) {
        ovsx_fatal("a frame of %zu bytes: the XDP sender needs whole words",
                   len);
    }
    for (size_t off = 0; off < len; off += 2) {
        for (uint32_t i = 1; i < o->flows; i++) {
            if (memcmp(frames[i] + off, frames[0] + off, 2)) {
                if (n_words == XDP_WORDS) {
                    ovsx_fatal("the flows' frames differ in more than %d "
                               "words", XDP_WORDS);
                }
                offs[n_words++] = off;
                break;
            }
        }
    }

    s->frame = frames[0];
    s->len = len;
    s->words_fd = xdp_map_create(XDP_WORDS * sizeof(uint16_t), o->flows);
    for (uint32_t i = 0; i < o->flows; i++) {
        uint16_t words[XDP_WORDS] = { 0 };

        for (size_t j = 0; j < n_words; j++) {
            memcpy(&words[j], frames[i] + offs[j], 2);
        }
        xdp_map_elem(BPF_MAP_UPDATE_ELEM, s->words_fd, i, words);
    }
    s->state_fd = xdp_map_create(sizeof(struct xdp_state), 1);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    struct xdp_state state = {
        .start_ns = ts.tv_sec * 1000000000ull + ts.tv_nsec,
        .interval_ps = o->rate > 0 ? 1e12 * burst / o->rate : 0,
        .limit = o->count ? o->count : UINT64_MAX,
        .burst = burst,
    };
    xdp_map_elem(BPF_MAP_UPDATE_ELEM, s->state_fd, 0, &state);
    s->prog_fd = xdp_load_program(s, o->flows, offs, n_words, ifindex,
                                  o->rate > 0);
    s->tx_packets = xasprintf("/sys/class/net/%s/statistics/tx_packets",
                              dev);
    s->tx0 = read_counter(s->tx_packets);
}

/* Runs the program XDP_RUNS times.  Returns the frames it redirected so
 * far. */
static unsigned long long
xdp_send(const struct xdp_sender *s)
{
    struct xdp_state state;
    union bpf_attr attr;

    memset(&attr, 0, sizeof attr);
    attr.test.prog_fd = s->prog_fd;
    attr.test.data_in = (uintptr_t) s->frame;
    attr.test.data_size_in = s->len;
    attr.test.repeat = XDP_RUNS;
    attr.test.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
    attr.test.batch_size = XDP_BATCH;
    if (sys_bpf(BPF_PROG_TEST_RUN, &attr) && errno != EINTR) {
        ovsx_fatal("sending through XDP: %s%s", strerror(errno),
                   errno == EINVAL ? " (live frames need Linux 5.18)" : "");
    }
    xdp_map_elem(BPF_MAP_LOOKUP_ELEM, s->state_fd, 0, &state);
    return state.sent;
}

/* The frames device "s" took of the "redirected": the veth counts those
 * its peer queued, not those it had no room for or, without NAPI at the
 * peer, all of them (the redirect does not fail either way). */
static unsigned long long
xdp_sent(const struct xdp_sender *s, unsigned long long redirected,
         const char *dev)
{
    unsigned long long took = read_counter(s->tx_packets) - s->tx0;

    if (redirected && !took) {
        ovsx_fatal("%s took none of the frames: its peer needs NAPI "
                   "(ethtool -K PEER gro on, or an XDP program)", dev);
    }
    return MIN(took, redirected);
}

static void
xdp_sender_destroy(struct xdp_sender *s)
{
    close(s->prog_fd);
    close(s->state_fd);
    close(s->words_fd);
    free(s->tx_packets);
}

static void
parse_options(int argc, char *argv[], struct options *o)
{
    static const struct eth_addr remote = { { 2, 0, 0, 0, 0, 2 } };

    memset(o, 0, sizeof *o);
    o->flows = 1;
    o->seconds = 1;
    o->eth_src = remote;
    for (int i = 0; i < argc; i += 2) {
        const char *name = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;

        if (!value) {
            ovsx_fatal("%s needs a value", name);
        } else if (!strcmp(name, "--flows")) {
            o->flows = strtoul(value, NULL, 10);
        } else if (!strcmp(name, "--rate")) {
            o->rate = strtod(value, NULL);
        } else if (!strcmp(name, "--seconds")) {
            o->seconds = strtod(value, NULL);
        } else if (!strcmp(name, "--count")) {
            o->count = strtoull(value, NULL, 10);
        } else if (!strcmp(name, "--eth-src")) {
            if (!eth_addr_from_string(value, &o->eth_src)) {
                ovsx_fatal("bad MAC address %s", value);
            }
        } else if (!strcmp(name, "--via")) {
            if (strcmp(value, "socket") && strcmp(value, "xdp")) {
                ovsx_fatal("--via must be socket or xdp");
            }
            o->xdp = !strcmp(value, "xdp");
        } else if (!strcmp(name, "--eth-dst")) {
            if (!eth_addr_from_string(value, &o->eth_dst)) {
                ovsx_fatal("bad MAC address %s", value);
            }
        } else {
            ovsx_fatal("unknown option %s", name);
        }
    }
    if (!o->flows || o->flows > 50000) {
        ovsx_fatal("--flows must be 1 to 50000");
    }
}

/* "send": see the comment at the top. */
static void
cmd_send(const char *dev, const struct frame_kind *kind,
         const struct options *o)
{
    uint8_t (*frames)[MAX_FRAME_LEN] = xmalloc(o->flows * sizeof *frames);
    struct iovec *iovs = xmalloc(o->flows * sizeof *iovs);
    struct mmsghdr msgs[BATCH];
    struct xdp_sender xdp = {
        .state_fd = -1, .words_fd = -1, .prog_fd = -1
    };
    int fd = -1;
    unsigned long long sent = 0;
    uint32_t next = 0;
    /* A batch at a low rate would be a burst: at most 1/10000 s of it. */
    size_t batch = (o->rate > 0 && o->rate < BATCH * 10000.0
                    ? (size_t) (o->rate / 10000) + 1 : BATCH);

    for (uint32_t i = 0; i < o->flows; i++) {
        iovs[i].iov_base = frames[i];
        iovs[i].iov_len = build_frame(kind, i, o->eth_src, o->eth_dst,
                                      frames[i]);
    }
    if (o->xdp) {
        xdp_sender_init(&xdp, dev, frames, iovs[0].iov_len, o, batch);
    } else {
        fd = open_socket(dev, false);
    }
    memset(msgs, 0, sizeof msgs);

    /* "sched_start" moves forward when the sender falls behind: frames
     * it could not send in time (it was not scheduled, say) are not sent
     * later as a burst, which would measure the receiver's buffers. */
    double start = now_s(), end = start + o->seconds, now = start;
    double sched_start = start;
    unsigned long long sched_sent = 0;
    while (o->xdp && now < end && (!o->count || sent < o->count)) {
        sent = xdp_send(&xdp);   /* The program keeps the schedule. */
        now = now_s();
    }
    while (!o->xdp && now < end && (!o->count || sent < o->count)) {
        if (o->rate > 0) {
            double due = sched_start + (sent - sched_sent) / o->rate;
            if (now - due > MAX_LAG) {
                sched_start = now;
                sched_sent = sent;
            } else if (now < due) {
                if (due - now > 200e-6) {
                    usleep((due - now) * 1e6 - 100);
                }
                now = now_s();
                continue;
            }
        }

        size_t n = batch;
        if (o->count && o->count - sent < n) {
            n = o->count - sent;
        }
        for (size_t i = 0; i < n; i++) {
            msgs[i].msg_hdr.msg_iov = &iovs[(next + i) % o->flows];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int retval = sendmmsg(fd, msgs, n, 0);
        if (retval < 0 && errno != ENOBUFS && errno != EAGAIN
            && errno != EINTR) {
            ovsx_fatal("send on %s: %s", dev, strerror(errno));
        } else if (retval > 0) {
            sent += retval;
            next = (next + retval) % o->flows;
        }
        now = now_s();
    }
    if (o->xdp) {
        sent = xdp_sent(&xdp, sent, dev);
    }
    printf("%llu %.6f\n", sent, now - start);
    if (o->xdp) {
        xdp_sender_destroy(&xdp);
    } else {
        close(fd);
    }
    free(iovs);
    free(frames);
}

/* "count": see the comment at the top. */
static void
cmd_count(const char *dev, const struct frame_kind *kind,
          const struct options *o)
{
    static uint8_t bufs[BATCH][MAX_FRAME_LEN + 1];
    struct mmsghdr msgs[BATCH];
    struct iovec iovs[BATCH];
    int fd = open_socket(dev, true);
    unsigned long long good = 0, other = 0;
    double end = now_s() + o->seconds;

    memset(msgs, 0, sizeof msgs);
    for (size_t i = 0; i < BATCH; i++) {
        iovs[i].iov_base = bufs[i];
        iovs[i].iov_len = sizeof bufs[i];
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    for (double now = now_s(); now < end && (!o->count || good < o->count);
         now = now_s()) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int ms = (end - now) * 1000 + 1;

        if (poll(&pfd, 1, ms < 50 ? ms : 50) <= 0) {
            continue;
        }
        int n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
        for (int i = 0; i < n; i++) {
            size_t len = msgs[i].msg_len;
            if (len <= MAX_FRAME_LEN
                && is_frame(kind, bufs[i], len, o->flows)) {
                good++;
            } else {
                other++;
            }
        }
    }
    printf("%llu %llu\n", good, other);
    close(fd);
}

/* "flows": see the comment at the top. */
static void
cmd_flows(const struct frame_kind *kind, const char *vm, const char *tnl)
{
    struct ds set, match;

    ds_init(&set);
    ds_init(&match);

    for (size_t i = 0; i < kind->n_opts; i++) {
        const struct bench_opt *o = &opts[kind->opts[i]];
        uint8_t data[GENEVE_OPT_MAX_DATA_LEN];
        char hex[2 * GENEVE_OPT_MAX_DATA_LEN + 1];

        opt_data(o, data);
        for (size_t j = 0; j < o->len; j++) {
            snprintf(&hex[2 * j], 3, "%02x", data[j]);
        }
        ds_put_format(&set, "set_field:0x%s->tun_metadata%d,", hex,
                      o->field);
        ds_put_format(&match, "tun_metadata%d=0x%s,", o->field, hex);
    }
    printf("in_port=%s,actions=%soutput:%s\n", vm, ds_cstr(&set), tnl);
    printf("in_port=%s,%sactions=output:%s\n", tnl, ds_cstr(&match), vm);
    ds_destroy(&set);
    ds_destroy(&match);
}

/* "tlv-map": see the comment at the top. */
static void
cmd_tlv_map(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
        printf("%s{class=%#x,type=%#x,len=%d}->tun_metadata%d",
               i ? "," : "", OPT_CLASS, opts[i].type, opts[i].len,
               opts[i].field);
    }
    printf("\n");
}

int
main(int argc, char *argv[])
{
    struct options o;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 4 && !strcmp(argv[1], "send")) {
        parse_options(argc - 4, argv + 4, &o);
        cmd_send(argv[2], find_kind(argv[3]), &o);
    } else if (argc >= 4 && !strcmp(argv[1], "count")) {
        parse_options(argc - 4, argv + 4, &o);
        cmd_count(argv[2], find_kind(argv[3]), &o);
    } else if (argc == 5 && !strcmp(argv[1], "flows")) {
        const struct frame_kind *kind = find_kind(argv[2]);
        if (!kind->tunnel) {
            ovsx_fatal("%s is not a tunnel frame", kind->name);
        }
        cmd_flows(kind, argv[3], argv[4]);
    } else if (argc == 2 && !strcmp(argv[1], "tlv-map")) {
        cmd_tlv_map();
    } else {
        fprintf(stderr, "usage: ovsx-pktgen send|count DEV FRAME "
                "[OPTION VALUE]...\n"
                "       ovsx-pktgen flows FRAME VM-PORT TUNNEL-PORT\n"
                "       ovsx-pktgen tlv-map\n"
                "(see the comment at the top of utilities/ovsx-pktgen.c)\n");
        return 1;
    }
    return 0;
}
