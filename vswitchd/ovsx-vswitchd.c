/* ovsx-vswitchd: the switch daemon.
 *
 * The daemon's frame: command line as ovs-vswitchd's, pidfile, detaching,
 * logging, signals and the unixctl server that "ovs-appctl -t
 * ovsx-vswitchd" reaches; the database work is bridge.c's. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "coverage.h"
#include "daemon.h"
#include "dirs.h"
#include "netdev.h"
#include "bridge.h"
#include "ds.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(vswitchd);

static bool exiting;
static bool cleanup;          /* "exit --cleanup": remove TAP devices. */

static void
usage(void)
{
    printf("ovsx-vswitchd: ovsx virtual switch daemon\n"
           "usage: ovsx-vswitchd [OPTIONS] [DATABASE]\n"
           "where DATABASE is unix:FILE or tcp:IP:PORT (default: "
           "unix:$OVS_RUNDIR/db.sock)\n"
           "\nDaemon options:\n"
           "  --detach                run in background as daemon\n"
           "  --no-chdir              do not chdir to '/'\n"
           "  --pidfile[=FILE]        create pidfile (default: "
           "$OVS_RUNDIR/ovsx-vswitchd.pid)\n"
           "  --unixctl=SOCKET        override default control socket name\n"
           "  --enable-dummy[=override]\n"
           "                          with override: every bridge on the "
           "dummy datapath,\n"
           "                          system ports dummy (no host device "
           "touched)\n"
           "  --disable-system        accepted, as ovs-vswitchd's (no kernel "
           "datapath)\n"
           "\nLogging options:\n"
           "  -vSPEC, --verbose=SPEC  set logging levels\n"
           "  -v, --verbose           set maximum verbosity level\n"
           "  --log-file[=FILE]       enable logging to specified FILE\n"
           "                          (default: "
           "$OVS_LOGDIR/ovsx-vswitchd.log)\n"
           "\nOther options:\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
}

static void
cmd_version(struct unixctl_conn *conn, int argc OVSX_UNUSED,
            const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    unixctl_command_reply(conn, "ovsx-vswitchd (ovsx) " PACKAGE_VERSION);
}

static void
cmd_exit(struct unixctl_conn *conn, int argc, const char *argv[],
         void *aux OVSX_UNUSED)
{
    /* "--cleanup" removes the bridges' TAP devices too; a plain exit
     * leaves them for the next run, as in Open vSwitch. */
    if (argc > 1 && strcmp(argv[1], "--cleanup")) {
        unixctl_command_reply_error(conn, "exit: unknown option");
        return;
    }
    cleanup = argc > 1;
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
cmd_coverage_show(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                  const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    struct ds ds;

    ds_init(&ds);
    coverage_format(&ds);
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* "coverage/read-counter NAME": the total of one counter, as Open
 * vSwitch's command prints it. */
static void
cmd_coverage_read_counter(struct unixctl_conn *conn, int argc OVSX_UNUSED,
                          const char *argv[], void *aux OVSX_UNUSED)
{
    if (!coverage_exists(argv[1])) {
        unixctl_command_reply_error(conn, "No such counter");
        return;
    }
    char *reply = xasprintf("%llu",
                            (unsigned long long) coverage_get(argv[1]));
    unixctl_command_reply(conn, reply);
    free(reply);
}

int
main(int argc, char *argv[])
{
    enum { OPT_DETACH = 256, OPT_NO_CHDIR, OPT_PIDFILE, OPT_UNIXCTL,
           OPT_LOG_FILE, OPT_ENABLE_DUMMY, OPT_DISABLE_SYSTEM };
    static const struct option long_options[] = {
        { "detach", no_argument, NULL, OPT_DETACH },
        { "no-chdir", no_argument, NULL, OPT_NO_CHDIR },
        { "pidfile", optional_argument, NULL, OPT_PIDFILE },
        { "unixctl", required_argument, NULL, OPT_UNIXCTL },
        { "log-file", optional_argument, NULL, OPT_LOG_FILE },
        { "enable-dummy", optional_argument, NULL, OPT_ENABLE_DUMMY },
        { "disable-system", no_argument, NULL, OPT_DISABLE_SYSTEM },
        { "verbose", optional_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    bool detach = false, chdir_root = true;
    char *pidfile = NULL, *unixctl_path = NULL, *log_file = NULL;
    int c;

    while ((c = getopt_long(argc, argv, "v::hV", long_options, NULL))
           != -1) {
        switch (c) {
        case OPT_DETACH:
            detach = true;
            break;
        case OPT_NO_CHDIR:
            chdir_root = false;
            break;
        case OPT_PIDFILE:
            free(pidfile);
            pidfile = (optarg ? xstrdup(optarg)
                       : xasprintf("%s/ovsx-vswitchd.pid", ovs_rundir()));
            break;
        case OPT_UNIXCTL:
            unixctl_path = xstrdup(optarg);
            break;
        case OPT_LOG_FILE:
            free(log_file);
            log_file = (optarg ? xstrdup(optarg)
                        : xasprintf("%s/ovsx-vswitchd.log", ovs_logdir()));
            break;
        case OPT_ENABLE_DUMMY:
            /* Dummy ports and datapaths are always there; "override" puts
             * every bridge and system port on them. */
            if (optarg && !strcmp(optarg, "override")) {
                bridge_set_dummy_override(true);
            } else if (optarg && strcmp(optarg, "system")) {
                ovsx_fatal("ovsx-vswitchd: --enable-dummy: unknown "
                           "argument %s", optarg);
            }
            break;
        case OPT_DISABLE_SYSTEM:
            break;              /* There is no kernel datapath to disable. */
        case 'v': {
            char *error = vlog_set_levels_from_string(optarg ? optarg
                                                             : "any:dbg");
            if (error) {
                ovsx_fatal("ovsx-vswitchd: %s", error);
            }
            break;
        }
        case 'h':
            usage();
            return EXIT_SUCCESS;
        case 'V':
            printf("ovsx-vswitchd (ovsx) %s\n", PACKAGE_VERSION);
            return EXIT_SUCCESS;
        default:
            return EXIT_FAILURE;
        }
    }
    if (argc - optind > 1) {
        ovsx_fatal("ovsx-vswitchd: at most one DATABASE argument expected "
                   "(use --help for help)");
    }
    char *remote = (optind < argc ? xstrdup(argv[optind])
                    : xasprintf("unix:%s/db.sock", ovs_rundir()));

    if (log_file) {
        int error = vlog_set_log_file(log_file);
        if (error) {
            ovsx_fatal("ovsx-vswitchd: %s: %s", log_file, strerror(error));
        }
    }
    if (detach) {
        daemon_detach_start(chdir_root);
    }
    daemon_signals_init();
    /* Random MAC addresses (internal and tunnel ports) must differ from
     * one daemon to the next. */
    srandom(time_msec() ^ ((unsigned int) getpid() << 16));
    if (pidfile) {
        int error = daemon_pidfile_create(pidfile);
        if (error) {
            ovsx_fatal("ovsx-vswitchd: %s: %s", pidfile, strerror(error));
        }
    }

    if (!unixctl_path) {
        unixctl_path = xasprintf("%s/ovsx-vswitchd.%ld.ctl", ovs_rundir(),
                                 (long) getpid());
    }
    struct unixctl_server *server;
    int error = unixctl_server_create(unixctl_path, &server);
    if (error) {
        daemon_pidfile_remove();
        ovsx_fatal("ovsx-vswitchd: %s: %s", unixctl_path, strerror(error));
    }
    vlog_init_unixctl();
    unixctl_command_register("version", "", 0, 0, cmd_version, NULL);
    unixctl_command_register("exit", "[--cleanup]", 0, 1, cmd_exit, NULL);
    unixctl_command_register("coverage/show", "", 0, 0, cmd_coverage_show,
                             NULL);
    unixctl_command_register("coverage/read-counter", "COUNTER", 1, 1,
                             cmd_coverage_read_counter, NULL);
    VLOG_INFO("ovsx-vswitchd (ovsx) %s", PACKAGE_VERSION);
    bridge_init(remote);
    daemon_detach_finish();

    while (!exiting) {
        bridge_run();
        coverage_run();
        unixctl_server_run(server);
        if (daemon_should_reopen_log()) {
            vlog_reopen_log_file();
        }
        if (daemon_should_exit()) {
            break;
        }
        bridge_wait();
        poll_timer_wait(coverage_next_run() - time_msec());
        unixctl_server_wait(server);
        daemon_signals_wait();
        if (!exiting) {
            poll_block();
        }
    }

    netdev_linux_keep_taps(!cleanup);
    bridge_exit();
    unixctl_server_destroy(server);
    daemon_pidfile_remove();
    VLOG_INFO("exiting");
    free(remote);
    free(unixctl_path);
    free(pidfile);
    free(log_file);
    return EXIT_SUCCESS;
}
