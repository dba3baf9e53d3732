/* Where Open vSwitch-style programs keep their files: OVS_RUNDIR,
 * OVS_LOGDIR and OVS_DBDIR honoured exactly as Open vSwitch does, so a
 * sandbox is just a directory. */
#ifndef DIRS_H
#define DIRS_H 1

const char *ovs_rundir(void);
const char *ovs_logdir(void);
const char *ovs_dbdir(void);

#endif /* dirs.h */
