/* ovsx-pipeline-bench: the userspace datapath's packet path in memory.
 *
 * No I/O and no OpenFlow: pre-built packets go into the datapath on a
 * dummy port (dpif_receive_batch(): flow extraction, exact-match cache,
 * megaflow lookup, actions) and out of another, whose send only counts.  The
 * megaflows come from a fixed upcall handler, installed during a warm-up
 * pass, so that what is timed is the cached path.  Packets go in batches
 * of 32, as a worker receives a device's.
 *
 *   encap: 64-byte inner UDP on port 1 -> tnl_push (Geneve, VNI 100, one
 *          4-byte option) -> port 2.  One megaflow per inner destination.
 *   decap: Geneve frames on port 2 -> tnl_pop -> lookup of the inner
 *          packet with its tunnel fields -> port 1.  One megaflow per
 *          outer frame kind plus one per inner destination.
 *   encap_opts0, encap_opts4: encap with no option and with 4 options (of
 *          4 bytes of data each), 1,000 megaflows only: what options cost.
 *
 * Each received packet is first copied from its template (a NIC would
 * have written it into a buffer); that copy is timed alone too, and
 * reported, so that the datapath's own cost is total minus copy.
 *
 * Output, one line per case: CASE FLOWS mpps NS_PER_PACKET COPY_NS.
 *
 * Usage: ovsx-pipeline-bench [--no-copy-pass] [PACKETS [CASE [FLOWS]]]:
 * PACKETS per case (2,000,000), and only CASE ("encap", "decap",
 * "encap_opts0" or "encap_opts4") with FLOWS megaflows, e.g. to profile
 * one.  --no-copy-pass leaves out the pass that times the copy alone, so
 * that under callgrind two runs with different PACKETS differ by exactly
 * that many packets' work (ovsx-bench's instructions per packet). */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dp-packet.h"
#include "dpif.h"
#include "flow.h"
#include "netdev.h"
#include "odp-actions.h"
#include "ofpbuf.h"
#include "packets.h"
#include "tnl-header.h"
#include "util.h"

#define TNL_PORT 6081           /* in_port of popped packets. */

static uint32_t port1, port2;
static struct netdev *p1, *p2;
static bool copy_pass = true;   /* Time the copy alone too. */

static double
now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static struct eth_addr
mac(uint8_t last)
{
    struct eth_addr ea = { { 0x50, 0x54, 0x00, 0x00, 0x00, last } };
    return ea;
}

/* Geneve options per push: 1 for "encap" and "decap", 0 and 4 for the
 * "encap_opts0" and "encap_opts4" cases that tell what options cost. */
static int n_opts = 1;

/* The encapsulation every encap megaflow does: VNI 100 and "n_opts"
 * options of 4 bytes each. */
static void
fill_push(struct odpa_tnl_push *push)
{
    static const uint8_t opt[8] = { 0xff, 0xff, 0x80, 0x01, 0, 0, 0, 1 };
    struct odp_action hdr = push->hdr;

    memset(push, 0, sizeof *push);
    push->hdr = hdr;
    push->tnl_port = TNL_PORT;
    tnl_config_init(&push->cfg, TNL_GENEVE);
    push->tnl.tun_id = htobe64(100);
    push->tnl.flags = FLOW_TNL_F_KEY;
    push->tnl.ip_src = htonl(0xac1f0001);
    push->tnl.ip_dst = htonl(0xac1f0002);
    for (int i = 0; i < n_opts; i++) {
        memcpy(&push->tnl.gnv_opts[i * sizeof opt], opt, sizeof opt);
        push->tnl.gnv_opts[i * sizeof opt + 3] = i + 1;   /* Type. */
    }
    push->tnl.gnv_opts_len = n_opts * sizeof opt;
    push->src = mac(0xa1);
    push->dst = mac(0xa2);
    /* As translation builds it. */
    tnl_push_template_build(&push->tmpl, &push->cfg, &push->tnl, push->src,
                            push->dst);
}

/* The upcall: megaflows keyed on in_port, the outer or inner IPv4
 * destination, and for popped packets the tunnel's source and VNI. */
static void
upcall(struct dpif_upcall *u)
{
    const struct flow *key = u->key;
    struct flow *m = &u->mask;

    memset(m, 0, sizeof *m);
    m->in_port = UINT32_MAX;
    m->dl_type = UINT16_MAX;
    m->nw_dst = UINT32_MAX;
    if (key->in_port == port1) {
        fill_push(odp_put_tnl_push(&u->actions));
        odp_put_output(&u->actions, port2);
    } else if (key->in_port == port2) {
        struct tnl_pop_config pop;
        tnl_pop_config_init(&pop);
        m->nw_proto = UINT8_MAX;
        m->tp_dst = UINT16_MAX;
        odp_put_tnl_pop(&u->actions, TNL_PORT, &pop);
    } else {
        m->tunnel.ip_src = UINT32_MAX;
        m->tunnel.tun_id = UINT64_MAX;
        m->tunnel.gnv_opts_len = UINT8_MAX;
        memset(m->tunnel.gnv_opts, 0xff, key->tunnel.gnv_opts_len);
        odp_put_output(&u->actions, port1);
    }
}

static void credit(void *ukey OVSX_UNUSED, uint64_t n OVSX_UNUSED,
                   uint64_t b OVSX_UNUSED, long long int t OVSX_UNUSED) { }
static void free_ukey(void *ukey OVSX_UNUSED) { }

static const struct dpif_upcall_class bench_class = {
    upcall, credit, free_ukey, NULL,
};

/* A 64-byte (plus Ethernet) inner UDP packet to 10.1.X.Y. */
static struct dp_packet *
inner_packet(uint32_t i)
{
    struct dp_packet *p = dp_packet_new(2048, DP_PACKET_HEADROOM);
    struct flow f;

    memset(&f, 0, sizeof f);
    f.dl_src = mac(1);
    f.dl_dst = mac(2);
    f.dl_type = htons(ETH_TYPE_IP);
    f.nw_src = htonl(0x0a000001);
    f.nw_dst = htonl(0x0a010000 + i);
    f.nw_proto = IPPROTO_UDP;
    f.nw_ttl = 64;
    f.tp_src = htons(1000);
    f.tp_dst = htons(53);
    flow_compose(p, &f, 64 - 8 - 20 - 14);
    return p;
}

/* Runs "n" packets, copied from "templates" round robin, into "port", in
 * batches of DP_PACKET_BATCH_SIZE.  Returns ns per packet. */
static double
run(struct netdev *port, struct dp_packet **templates, size_t n_templates,
    size_t n, bool copy_only)
{
    struct dp_packet *batch[DP_PACKET_BATCH_SIZE];
    double t0 = now_ns();

    for (size_t i = 0; i < n; ) {
        size_t k = MIN(n - i, DP_PACKET_BATCH_SIZE);
        for (size_t j = 0; j < k; j++, i++) {
            const struct dp_packet *t = templates[i % n_templates];
            /* Sized as a port's receive path sizes it: the frame, with
             * the headroom for tunnel headers. */
            struct dp_packet *p = dp_packet_new(dp_packet_size(t),
                                                DP_PACKET_HEADROOM);
            memcpy(dp_packet_put_uninit(p, dp_packet_size(t)),
                   dp_packet_data(t), dp_packet_size(t));
            batch[j] = p;
        }
        if (copy_only) {
            for (size_t j = 0; j < k; j++) {
                dp_packet_delete(batch[j]);
            }
        } else {
            /* As a worker receives a device's batch. */
            dpif_batch_begin();
            dpif_receive_batch(port, batch, k);
            dpif_batch_end();
        }
    }
    return (now_ns() - t0) / n;
}

static void
bench(const char *name, struct netdev *port, struct dp_packet **templates,
      size_t n_flows, size_t n)
{
    dpif_invalidate();
    run(port, templates, n_flows, n_flows * 2, false);    /* Warm up. */
    double copy = copy_pass ? run(port, templates, n_flows, n, true) : 0;
    double total = run(port, templates, n_flows, n, false);
    printf("%s %zu %.3f %.1f %.1f\n", name, n_flows, 1e3 / total, total,
           copy);
}

int
main(int argc, char *argv[])
{
    if (argc > 1 && !strcmp(argv[1], "--no-copy-pass")) {
        copy_pass = false;
        argc--;
        argv++;
    }
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000;
    const char *only_case = argc > 2 ? argv[2] : NULL;
    size_t only_flows = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
    static const size_t flow_counts[] = { 1, 1000, 10000 };
    struct dpif *dpif = dpif_open("dummy");

    if (netdev_open("p1", "dummy", &p1) || netdev_open("p2", "dummy", &p2)) {
        fprintf(stderr, "ovsx-pipeline-bench: cannot open dummy ports\n");
        return 1;
    }
    netdev_set_admin_up(p1, true);
    netdev_set_admin_up(p2, true);
    dpif_port_add(dpif, p1, &port1);
    dpif_port_add(dpif, p2, &port2);
    dpif_set_upcall_class(&bench_class);

    printf("# case flows mpps ns_per_packet copy_ns_per_packet\n");
    for (size_t c = 0; c < ARRAY_SIZE(flow_counts); c++) {
        size_t n_flows = flow_counts[c];
        if (only_flows && n_flows != only_flows) {
            continue;
        }
        struct dp_packet **inner = xmalloc(n_flows * sizeof *inner);
        struct dp_packet **outer = xmalloc(n_flows * sizeof *outer);
        struct odpa_tnl_push push;

        fill_push(&push);
        for (size_t i = 0; i < n_flows; i++) {
            inner[i] = inner_packet(i);
            outer[i] = dp_packet_clone(inner[i]);
            tnl_push(outer[i], &push.cfg, &push.tnl, push.src, push.dst, i);
        }
        if (!only_case || !strcmp(only_case, "encap")) {
            bench("encap", p1, inner, n_flows, n);
        }
        if (!only_case || !strcmp(only_case, "decap")) {
            bench("decap", p2, outer, n_flows, n);
        }
        for (int opts = 0; opts <= 4 && n_flows == 1000; opts += 4) {
            char name[32];
            snprintf(name, sizeof name, "encap_opts%d", opts);
            if (!only_case || !strcmp(only_case, name)) {
                n_opts = opts;
                bench(name, p1, inner, n_flows, n);
                n_opts = 1;
            }
        }
        for (size_t i = 0; i < n_flows; i++) {
            dp_packet_delete(inner[i]);
            dp_packet_delete(outer[i]);
        }
        free(inner);
        free(outer);
    }
    return 0;
}
