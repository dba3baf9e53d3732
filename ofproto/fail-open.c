/* Fail-open (see fail-open.h). */
#include <config.h>
#include "fail-open.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "connmgr.h"
#include "ofp-packet-in.h"
#include "ofproto-provider.h"
#include "ofproto.h"
#include "packets.h"
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(fail_open);

/* Whether the switch's controllers have been failing long enough: every
 * one had three probe intervals to probe, be found dead and reconnect. */
bool
fail_open_should_be_open(const struct ofproto *ofproto)
{
    const struct connmgr *mgr = ofproto->connmgr;

    return (mgr && !ofproto->fail_secure && connmgr_has_controllers(mgr)
            && (connmgr_failure_duration(mgr)
                >= 3 * connmgr_max_probe_interval(mgr)));
}

static bool
is_active(const struct ofproto *ofproto)
{
    return ofproto->fail_open_secs != 0;
}

static void
recover(struct ofproto *ofproto)
{
    VLOG_WARN("No longer in fail-open mode");
    ofproto->fail_open_secs = 0;
    ofproto->next_bogus_packet_in = LLONG_MAX;
    ofproto_delete_hidden_flow(ofproto, FAIL_OPEN_PRIORITY);
}

/* A packet-in of a made-up RARP packet from a random Nicira address, as
 * Open vSwitch sends every 2 s to controllers that are connected but have
 * not taken the switch, in case no real packet would make them act. */
static void
send_bogus_packet_in(struct ofproto *ofproto)
{
    uint8_t packet[ETH_HEADER_LEN + 28];
    struct eth_addr mac;
    struct ofputil_packet_in pin;
    struct flow flow;

    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        mac.ea[i] = random();
    }
    mac.ea[0] = 0x00;
    mac.ea[1] = 0x23;
    mac.ea[2] = 0x20;
    mac.ea[3] |= 0x80;

    memset(packet, 0xff, ETH_ADDR_LEN);
    memcpy(packet + ETH_ADDR_LEN, mac.ea, ETH_ADDR_LEN);
    uint8_t *p = packet + 2 * ETH_ADDR_LEN;
    static const uint8_t rarp[] = {
        0x80, 0x35,             /* EtherType RARP. */
        0x00, 0x01, 0x08, 0x00, 6, 4, /* Ethernet, IPv4. */
        0x00, 0x03,             /* Request reverse. */
    };
    memcpy(p, rarp, sizeof rarp);
    p += sizeof rarp;
    memcpy(p, mac.ea, ETH_ADDR_LEN);            /* Sender, no address. */
    memset(p + ETH_ADDR_LEN, 0, 4);
    memcpy(p + 10, mac.ea, ETH_ADDR_LEN);       /* Target, no address. */
    memset(p + 16, 0, 4);

    memset(&pin, 0, sizeof pin);
    pin.packet = packet;
    pin.packet_len = sizeof packet;
    pin.reason = OFPR_NO_MATCH;
    pin.cookie = UINT64_MAX;
    memset(&flow, 0, sizeof flow);
    flow.in_port = OFPP_LOCAL;
    flow.tunnel.metadata.tab = ofproto->tun_table;
    ofputil_packet_in_metadata(&flow, &pin.metadata);
    connmgr_send_packet_in(ofproto->connmgr, &pin);
}

/* Enters fail-open mode when the switch should be in it (the flush that
 * starts it puts the fail-open flow in), leaves it when it no longer may
 * (fail_mode secure, no controllers), and sends the bogus packet-ins. */
void
fail_open_run(struct ofproto *ofproto)
{
    struct connmgr *mgr = ofproto->connmgr;

    if (!mgr || ofproto->fail_secure || !connmgr_has_controllers(mgr)) {
        if (is_active(ofproto)) {
            recover(ofproto);
        }
        return;
    }

    int secs = connmgr_failure_duration(mgr);
    if (fail_open_should_be_open(ofproto)) {
        if (!is_active(ofproto)) {
            VLOG_WARN("Could not connect to controller (or switch failed "
                      "controller's post-connection admission control "
                      "policy) for %d seconds, failing open", secs);
            ofproto->fail_open_secs = MAX(secs, 1);
            ofproto->next_bogus_packet_in = LLONG_MAX;
            ofproto_flush_flows(ofproto);
        } else if (secs > ofproto->fail_open_secs + 60) {
            VLOG_INFO("Still in fail-open mode after %d seconds "
                      "disconnected from controller", secs);
            ofproto->fail_open_secs = secs;
        }
    }

    if (is_active(ofproto)) {
        if (connmgr_is_any_controller_connected(mgr)) {
            long long int now = time_msec();
            bool due = now >= ofproto->next_bogus_packet_in;
            if (due) {
                send_bogus_packet_in(ofproto);
            }
            if (due || ofproto->next_bogus_packet_in == LLONG_MAX) {
                ofproto->next_bogus_packet_in = now + 2000;
            }
        } else {
            ofproto->next_bogus_packet_in = LLONG_MAX;
        }
    }
}

void
fail_open_wait(const struct ofproto *ofproto)
{
    const struct connmgr *mgr = ofproto->connmgr;

    if (is_active(ofproto) && ofproto->next_bogus_packet_in != LLONG_MAX) {
        poll_timer_wait(ofproto->next_bogus_packet_in - time_msec());
    } else if (!is_active(ofproto) && mgr && !ofproto->fail_secure
               && connmgr_has_controllers(mgr)) {
        /* Look again each second: the failure duration counts seconds. */
        poll_timer_wait(1000);
    }
}

/* Leaves fail-open mode if a controller has taken the switch: called
 * before each OpenFlow message is handled, so that the message that
 * showed it (a flow mod) acts on the tables without the fail-open flow. */
void
fail_open_maybe_recover(struct ofproto *ofproto)
{
    if (is_active(ofproto) && ofproto->connmgr
        && connmgr_is_any_controller_admitted(ofproto->connmgr)) {
        recover(ofproto);
    }
}
