/* A unixctl server for "ovs-appctl" to talk to:
 *
 *   test-unixctl SOCKET [LOGFILE]
 *
 * serves "version", "echo ARG...", "fail", "exit", the vlog commands and
 * the built-in "list-commands" on SOCKET until "exit", logging to LOGFILE
 * if given. */
#include <config.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ds.h"
#include "poll-loop.h"
#include "unixctl.h"
#include "vlog.h"

static bool exiting;

static void
cmd_version(struct unixctl_conn *conn, int argc OVSX_UNUSED,
            const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    unixctl_command_reply(conn, "test-unixctl (ovsx) " PACKAGE_VERSION "\n");
}

static void
cmd_echo(struct unixctl_conn *conn, int argc, const char *argv[],
         void *aux OVSX_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (int i = 1; i < argc; i++) {
        ds_put_format(&s, "%s%s", i > 1 ? " " : "", argv[i]);
    }
    ds_put_char(&s, '\n');
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
cmd_fail(struct unixctl_conn *conn, int argc OVSX_UNUSED,
         const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    unixctl_command_reply_error(conn, "failure requested\n");
}

static void
cmd_exit(struct unixctl_conn *conn, int argc OVSX_UNUSED,
         const char *argv[] OVSX_UNUSED, void *aux OVSX_UNUSED)
{
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

int
main(int argc, char *argv[])
{
    struct unixctl_server *server;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: test-unixctl SOCKET [LOGFILE]\n");
        return EXIT_FAILURE;
    }
    if (argc == 3 && vlog_set_log_file(argv[2])) {
        fprintf(stderr, "test-unixctl: cannot open %s\n", argv[2]);
        return EXIT_FAILURE;
    }
    vlog_init_unixctl();
    unixctl_command_register("version", "", 0, 0, cmd_version, NULL);
    unixctl_command_register("echo", "ARG...", 1, 3, cmd_echo, NULL);
    unixctl_command_register("fail", "", 0, 0, cmd_fail, NULL);
    unixctl_command_register("exit", "", 0, 0, cmd_exit, NULL);
    int error = unixctl_server_create(argv[1], &server);
    if (error) {
        fprintf(stderr, "test-unixctl: %s: %s\n", argv[1], strerror(error));
        return EXIT_FAILURE;
    }
    while (!exiting) {
        unixctl_server_run(server);
        unixctl_server_wait(server);
        if (!exiting) {
            poll_block();
        }
    }
    unixctl_server_destroy(server);
    return EXIT_SUCCESS;
}
