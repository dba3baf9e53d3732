/* Daemon life: pidfile, detaching, signals. */
#include <config.h>
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "poll-loop.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(daemon);

static char *pidfile;           /* Path of our pidfile, or NULL. */
static int detach_pipe = -1;    /* Write end: tells the parent we are up. */

/* Writes this process's pid to "path", holds a write lock on the file for
 * the process's lifetime (Open vSwitch's tools, ovs-appctl among them,
 * believe a pidfile only while its lock is held), and remembers to remove
 * it.  Returns 0 or a positive errno. */
int
daemon_pidfile_create(const char *path)
{
    char *tmp = xasprintf("%s.tmp", path);
    int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int error = 0;

    if (fd < 0) {
        error = errno;
        goto out;
    }
    struct flock lock = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0,
    };
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long) getpid());
    if (fcntl(fd, F_SETLK, &lock) < 0 || write(fd, pid, len) != len
        || rename(tmp, path) < 0) {
        error = errno ? errno : EIO;
        close(fd);
        unlink(tmp);
        goto out;
    }
    /* The descriptor stays open: closing it would drop the lock. */
    free(pidfile);
    pidfile = xstrdup(path);

out:
    free(tmp);
    return error;
}

void
daemon_pidfile_remove(void)
{
    if (pidfile) {
        unlink(pidfile);
        free(pidfile);
        pidfile = NULL;
    }
}

/* Forks; the parent waits until the child calls daemon_detach_finish()
 * (and exits 0) or dies (and exits 1).  The child continues in a new
 * session, in "/" if "chdir_root". */
void
daemon_detach_start(bool chdir_root)
{
    int fds[2];

    if (pipe(fds)) {
        ovsx_fatal("pipe: %s", strerror(errno));
    }
    pid_t pid = fork();
    if (pid < 0) {
        ovsx_fatal("fork: %s", strerror(errno));
    } else if (pid > 0) {
        char c;
        ssize_t n;

        close(fds[1]);
        while ((n = read(fds[0], &c, 1)) < 0 && errno == EINTR) {
            continue;
        }
        /* One byte: the child is up.  End of file: it died first. */
        _exit(n == 1 ? EXIT_SUCCESS : EXIT_FAILURE);
    }
    close(fds[0]);
    detach_pipe = fds[1];
    setsid();
    if (chdir_root && chdir("/")) {
        VLOG_WARN("chdir /: %s", strerror(errno));
    }
}

/* Tells the waiting parent the daemon is up, and lets go of the terminal. */
void
daemon_detach_finish(void)
{
    if (detach_pipe >= 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            if (null > STDERR_FILENO) {
                close(null);
            }
        }
        ssize_t n = write(detach_pipe, "", 1);
        (void) n;
        close(detach_pipe);
        detach_pipe = -1;
    }
}

/* Signals are noted in flags and wake the poll loop through a pipe. */
static volatile sig_atomic_t exit_signal, hup_signal;
static int signal_pipe[2] = { -1, -1 };

static void
signal_handler(int signr)
{
    int saved_errno = errno;

    if (signr == SIGHUP) {
        hup_signal = 1;
    } else {
        exit_signal = signr;
    }
    ssize_t n = write(signal_pipe[1], "", 1);
    (void) n;
    errno = saved_errno;
}

/* SIGTERM and SIGINT end the main loop cleanly; SIGHUP asks for the log to
 * be reopened; SIGPIPE is ignored. */
void
daemon_signals_init(void)
{
    struct sigaction sa;

    if (pipe2(signal_pipe, O_NONBLOCK | O_CLOEXEC)) {
        ovsx_fatal("pipe: %s", strerror(errno));
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = signal_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

void
daemon_signals_wait(void)
{
    if (exit_signal || hup_signal) {
        poll_immediate_wake();
    }
    poll_fd_wait(signal_pipe[0], POLLIN);
}

static void
drain_signal_pipe(void)
{
    char buf[64];
    while (read(signal_pipe[0], buf, sizeof buf) > 0) {
        continue;
    }
}

bool
daemon_should_exit(void)
{
    drain_signal_pipe();
    if (exit_signal) {
        VLOG_INFO("terminating with signal %d (%s)", (int) exit_signal,
                  strsignal(exit_signal));
        return true;
    }
    return false;
}

bool
daemon_should_reopen_log(void)
{
    drain_signal_pipe();
    if (hup_signal) {
        hup_signal = 0;
        return true;
    }
    return false;
}
