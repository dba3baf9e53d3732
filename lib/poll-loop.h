/* The one event loop: each module says what it waits for, then the main
 * loop blocks once in poll_block() until any of it happens.
 *
 *     for (;;) {
 *         module_run();       (does whatever work is ready, never blocks)
 *         module_wait();      (poll_fd_wait() / poll_timer_wait())
 *         poll_block();
 *     }
 */
#ifndef POLL_LOOP_H
#define POLL_LOOP_H 1

void poll_fd_wait(int fd, short events);
void poll_timer_wait(long long int msec);
void poll_immediate_wake(void);
void poll_block(void);

#endif /* poll-loop.h */
