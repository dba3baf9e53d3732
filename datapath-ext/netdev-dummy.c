/* The "dummy" netdev: a port with no device behind it.
 *
 * Packets reach it through "ovs-appctl netdev-dummy/receive", as in Open
 * vSwitch's own testsuite, and what the switch sends on it is appended to
 * a pcap file (options:pcap or options:tx_pcap), so a test sees the
 * switch's output without a kernel.  "dummy-internal" is the bridge's own
 * port on the dummy datapath (on the netdev datapath it is a TAP device,
 * see netdev-linux.c). */
#include <config.h>
#include "netdev.h"
#include "dpif.h"
#include "tnl-route.h"

#include <errno.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include "dp-packet.h"
#include "ds.h"
#include "odp-util.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_dummy);

struct netdev_dummy {
    struct netdev up;
    pcap_t *pcap;               /* Dead handle that the dumpers need. */
    pcap_dumper_t *tx_pcap;     /* Sent packets, or NULL. */
    pcap_dumper_t *rx_pcap;     /* Received packets, or NULL; may be the
                                 * same as "tx_pcap". */
};

static struct netdev_dummy *
netdev_dummy_cast(const struct netdev *netdev)
{
    return (struct netdev_dummy *) netdev;
}

static int
netdev_dummy_construct(struct netdev *netdev)
{
    static unsigned int n_dummies;

    /* The addresses Open vSwitch gives its dummies, so that test output
     * reads the same. */
    n_dummies++;
    netdev->mac = (struct eth_addr) { { 0xaa, 0x55, 0xaa, 0x55,
                                        n_dummies >> 8, n_dummies } };
    netdev->mtu = 1500;
    return 0;
}

/* Any MTU from the smallest Ethernet payload up, as Open vSwitch's dummy
 * devices take. */
static int
netdev_dummy_set_mtu(struct netdev *netdev, int mtu)
{
    if (mtu < 46 || mtu > 65535) {
        return EINVAL;
    }
    netdev->mtu = mtu;
    return 0;
}

static void
close_pcaps(struct netdev_dummy *dummy)
{
    if (dummy->rx_pcap && dummy->rx_pcap != dummy->tx_pcap) {
        pcap_dump_close(dummy->rx_pcap);
    }
    if (dummy->tx_pcap) {
        pcap_dump_close(dummy->tx_pcap);
    }
    if (dummy->pcap) {
        pcap_close(dummy->pcap);
    }
    dummy->rx_pcap = dummy->tx_pcap = NULL;
    dummy->pcap = NULL;
}

static void
netdev_dummy_destruct(struct netdev *netdev)
{
    close_pcaps(netdev_dummy_cast(netdev));
}

static char *
open_dumper(struct netdev_dummy *dummy, const char *file,
            pcap_dumper_t **dumperp)
{
    *dumperp = pcap_dump_open(dummy->pcap, file);
    if (!*dumperp) {
        return xasprintf("%s: %s", dummy->up.name, pcap_geterr(dummy->pcap));
    }
    pcap_dump_flush(*dumperp);  /* The file header, readable at once. */
    return NULL;
}

/* Options: "pcap=FILE" records sent and received packets in FILE,
 * "tx_pcap=FILE" and "rxq_pcap=FILE" each direction on its own. */
static char *
netdev_dummy_set_config(struct netdev *netdev, const struct smap *options)
{
    struct netdev_dummy *dummy = netdev_dummy_cast(netdev);
    const char *pcap = smap_get(options, "pcap");
    const char *tx = smap_get(options, "tx_pcap");
    const char *rx = smap_get(options, "rxq_pcap");
    const struct smap_node *node;
    char *error = NULL;

    SMAP_FOR_EACH (node, options) {
        if (strcmp(node->key, "pcap") && strcmp(node->key, "tx_pcap")
            && strcmp(node->key, "rxq_pcap")) {
            return xasprintf("%s: unknown %s argument '%s'", netdev->name,
                             netdev->class->type, node->key);
        }
    }

    close_pcaps(dummy);
    if (!pcap && !tx && !rx) {
        return NULL;
    }
    dummy->pcap = pcap_open_dead(DLT_EN10MB, 65535);
    if (!dummy->pcap) {
        return xasprintf("%s: cannot set up pcap output", netdev->name);
    }
    if (pcap) {
        error = open_dumper(dummy, pcap, &dummy->tx_pcap);
        dummy->rx_pcap = dummy->tx_pcap;
    } else {
        if (tx) {
            error = open_dumper(dummy, tx, &dummy->tx_pcap);
        }
        if (!error && rx) {
            error = open_dumper(dummy, rx, &dummy->rx_pcap);
        }
    }
    if (error) {
        close_pcaps(dummy);
    }
    return error;
}

static void
record(pcap_dumper_t *dumper, const struct dp_packet *packet)
{
    struct pcap_pkthdr hdr;

    gettimeofday(&hdr.ts, NULL);
    hdr.caplen = hdr.len = dp_packet_size(packet);
    pcap_dump((u_char *) dumper, &hdr, dp_packet_data(packet));
    pcap_dump_flush(dumper);
}

static int
netdev_dummy_send(struct netdev *netdev, const struct dp_packet *packet)
{
    struct netdev_dummy *dummy = netdev_dummy_cast(netdev);

    if (dummy->tx_pcap) {
        record(dummy->tx_pcap, packet);
    }
    return 0;
}

const struct netdev_class netdev_dummy_class = {
    .type = "dummy",
    .size = sizeof(struct netdev_dummy),
    .construct = netdev_dummy_construct,
    .destruct = netdev_dummy_destruct,
    .set_config = netdev_dummy_set_config,
    .set_mtu = netdev_dummy_set_mtu,
    .send = netdev_dummy_send,
};

static int
netdev_dummy_internal_construct(struct netdev *netdev)
{
    netdev->mac = eth_addr_random();
    netdev->mtu = 1500;
    return 0;
}

const struct netdev_class netdev_dummy_internal_class = {
    .type = "dummy-internal",
    .size = sizeof(struct netdev_dummy),
    .construct = netdev_dummy_internal_construct,
    .destruct = netdev_dummy_destruct,
    .set_mtu = netdev_dummy_set_mtu,
    .send = netdev_dummy_send,  /* Counted, as Open vSwitch counts it. */
};

/* Turns "s" (hex digits, or a datapath flow as "ovs-appctl dpctl/..."
 * prints one) into a packet.  Returns NULL and sets "*errorp" if it is
 * neither. */
static struct dp_packet *
packet_from_string(const char *s, char **errorp)
{
    size_t len = strlen(s);

    *errorp = NULL;
    if (len && len % 2 == 0 && strspn(s, "0123456789abcdefABCDEF") == len) {
        struct dp_packet *packet = dp_packet_new(len / 2, DP_PACKET_HEADROOM);
        for (size_t i = 0; i < len; i += 2) {
            char byte[3] = { s[i], s[i + 1], '\0' };
            uint8_t b = strtoul(byte, NULL, 16);
            dp_packet_put(packet, &b, 1);
        }
        return packet;
    }

    struct flow flow;
    *errorp = odp_flow_from_string(s, &flow);
    if (*errorp) {
        return NULL;
    }
    struct dp_packet *packet = dp_packet_new(128, DP_PACKET_HEADROOM);
    flow_compose(packet, &flow, 64);
    return packet;
}

/* netdev-dummy/receive NAME PACKET...: each PACKET is received on dummy
 * port NAME, in order. */
static void
cmd_receive(struct unixctl_conn *conn, int argc, const char *argv[],
            void *aux OVSX_UNUSED)
{
    struct netdev *netdev = netdev_from_name(argv[1]);

    if (!netdev || netdev->class != &netdev_dummy_class) {
        unixctl_command_reply_error(conn, "no such dummy netdev");
        return;
    }
    for (int i = 2; i < argc; i++) {
        char *error;
        struct dp_packet *packet = packet_from_string(argv[i], &error);
        if (!packet) {
            unixctl_command_reply_error(conn, error);
            free(error);
            return;
        }
        struct netdev_dummy *dummy = netdev_dummy_cast(netdev);
        if (dummy->rx_pcap) {
            record(dummy->rx_pcap, packet);
        }
        netdev_received(netdev, packet);
    }
    unixctl_command_reply(conn, NULL);
}

/* netdev-dummy/set-admin-state [NAME] up|down: without NAME, every dummy
 * port. */
static void
cmd_set_admin_state(struct unixctl_conn *conn, int argc, const char *argv[],
                    void *aux OVSX_UNUSED)
{
    const char *state = argv[argc - 1];
    bool up = !strcasecmp(state, "up");

    if (!up && strcasecmp(state, "down")) {
        unixctl_command_reply_error(conn, "Invalid Admin State");
        return;
    }
    if (argc > 2) {
        struct netdev *netdev = netdev_from_name(argv[1]);
        if (!netdev || netdev->class != &netdev_dummy_class) {
            unixctl_command_reply_error(conn, "Unknown Dummy Interface");
            return;
        }
        netdev_set_admin_up(netdev, up);
    } else {
        netdev_set_admin_up_all(&netdev_dummy_class, up);
    }
    unixctl_command_reply(conn, "OK");
}

/* "netdev-dummy/ip4addr NAME ADDR[/PLEN]" and "netdev-dummy/ip6addr NAME
 * ADDR/PLEN": the underlay address of a dummy port or bridge, for tunnel
 * routes through it (as Open vSwitch's testsuite gives them). */
static void
cmd_ipaddr(struct unixctl_conn *conn, int argc OVSX_UNUSED,
           const char *argv[], void *v6_)
{
    struct netdev *netdev = netdev_from_name(argv[1]);
    bool v6 = v6_ != NULL;
    struct in6_addr addr;
    int plen;

    if (!netdev || (netdev->class != &netdev_dummy_class
                    && netdev->class != &netdev_dummy_internal_class)) {
        unixctl_command_reply_error(conn, "Unknown Dummy Interface");
        return;
    }
    if (!tnl_route_parse_prefix(argv[2], &addr, &plen)
        || IN6_IS_ADDR_V4MAPPED(&addr) == v6) {
        char *msg = xasprintf("%s: invalid IP address", argv[2]);
        unixctl_command_reply_error(conn, msg);
        free(msg);
        return;
    }
    if (v6) {
        netdev->in6 = addr;
        netdev->in6_plen = plen;
        dpif_invalidate();
    } else {
        netdev->in4 = addr;
        netdev->in4_plen = plen;
        dpif_invalidate();
    }
    unixctl_command_reply(conn, "OK");
}

void
netdev_dummy_register_commands(void)
{
    unixctl_command_register("netdev-dummy/ip4addr",
                             "[netdev] ipaddr/mask-prefix-len", 2, 2,
                             cmd_ipaddr, NULL);
    unixctl_command_register("netdev-dummy/ip6addr", "[netdev] ip6addr", 2,
                             2, cmd_ipaddr, (void *) 1);
    unixctl_command_register("netdev-dummy/receive", "name packet|flow...",
                             2, INT_MAX, cmd_receive, NULL);
    unixctl_command_register("netdev-dummy/set-admin-state",
                             "[netdev] up|down", 1, 2, cmd_set_admin_state,
                             NULL);
}
