/* The bridge layer of ovsx-vswitchd: the Open_vSwitch database, as
 * ovs-vsctl writes it, turned into the switch's configuration. */
#ifndef VSWITCHD_BRIDGE_H
#define VSWITCHD_BRIDGE_H 1

#include <stdbool.h>

void bridge_set_dummy_override(bool);
void bridge_init(const char *remote);
void bridge_run(void);
void bridge_wait(void);
void bridge_exit(void);

#endif /* vswitchd/bridge.h */
