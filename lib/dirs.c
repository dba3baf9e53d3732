/* Run, log and database directories. */
#include <config.h>
#include "dirs.h"

#include <stdio.h>
#include <stdlib.h>

static const char *
dir_from_env(const char *var, const char *fallback)
{
    const char *dir = getenv(var);
    return dir && dir[0] ? dir : fallback;
}

/* Sockets and pidfiles: $OVS_RUNDIR, else Debian's /var/run/openvswitch. */
const char *
ovs_rundir(void)
{
    return dir_from_env("OVS_RUNDIR", "/var/run/openvswitch");
}

/* Log files: $OVS_LOGDIR, else /var/log/openvswitch. */
const char *
ovs_logdir(void)
{
    return dir_from_env("OVS_LOGDIR", "/var/log/openvswitch");
}

/* Databases: $OVS_DBDIR, else $OVS_SYSCONFDIR/openvswitch, else
 * /etc/openvswitch. */
const char *
ovs_dbdir(void)
{
    const char *dbdir = getenv("OVS_DBDIR");
    if (dbdir && dbdir[0]) {
        return dbdir;
    }
    static char *from_sysconf;
    const char *sysconf = getenv("OVS_SYSCONFDIR");
    if (sysconf && sysconf[0]) {
        if (!from_sysconf && asprintf(&from_sysconf, "%s/openvswitch",
                                      sysconf) < 0) {
            from_sysconf = NULL;
        }
        if (from_sysconf) {
            return from_sysconf;
        }
    }
    return "/etc/openvswitch";
}
