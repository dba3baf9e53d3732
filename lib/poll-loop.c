/* The one event loop. */
#include <config.h>
#include "poll-loop.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* What the current iteration waits for; single-threaded, reset by
 * poll_block(). */
static struct pollfd *pollfds;
static size_t n_pollfds, allocated_pollfds;
static long long int timeout_ms = -1;   /* -1: no timer. */

/* Wakes the next poll_block() when "fd" has any of "events" (POLLIN,
 * POLLOUT). */
void
poll_fd_wait(int fd, short events)
{
    if (n_pollfds == allocated_pollfds) {
        allocated_pollfds = allocated_pollfds ? 2 * allocated_pollfds : 8;
        pollfds = xrealloc(pollfds, allocated_pollfds * sizeof *pollfds);
    }
    pollfds[n_pollfds++] = (struct pollfd) { .fd = fd, .events = events };
}

/* Wakes the next poll_block() after "msec" milliseconds at most. */
void
poll_timer_wait(long long int msec)
{
    if (msec < 0) {
        msec = 0;
    }
    if (timeout_ms < 0 || msec < timeout_ms) {
        timeout_ms = msec;
    }
}

/* Makes the next poll_block() return at once. */
void
poll_immediate_wake(void)
{
    poll_timer_wait(0);
}

/* Blocks until something registered since the last call happens, then
 * forgets all of it. */
void
poll_block(void)
{
    int timeout = timeout_ms > 2000000000 ? 2000000000 : (int) timeout_ms;

    if (poll(pollfds, n_pollfds, timeout) < 0 && errno != EINTR) {
        ovsx_fatal("poll: %s", strerror(errno));
    }
    n_pollfds = 0;
    timeout_ms = -1;
}
