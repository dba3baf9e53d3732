/* Fail-open: a switch in fail_mode "standalone" whose controllers have
 * all been unreachable (or have not taken it) for three inactivity probe
 * intervals becomes a MAC-learning switch on its own, with a flow that
 * OpenFlow does not see, until a controller takes it again, as Open
 * vSwitch does. */
#ifndef FAIL_OPEN_H
#define FAIL_OPEN_H 1

#include <stdbool.h>

struct ofproto;

/* The priority of the fail-open flow: above every OpenFlow priority, so
 * that it is hidden (Open vSwitch's). */
#define FAIL_OPEN_PRIORITY 0xf0f0f0

void fail_open_run(struct ofproto *);
void fail_open_wait(const struct ofproto *);
void fail_open_maybe_recover(struct ofproto *);
bool fail_open_should_be_open(const struct ofproto *);

#endif /* fail-open.h */
