/* Daemon life: pidfile, detaching from the terminal, and the signals that
 * end the process or reopen its log. */
#ifndef DAEMON_H
#define DAEMON_H 1

#include <stdbool.h>

int daemon_pidfile_create(const char *path);
void daemon_pidfile_remove(void);
void daemon_detach_start(bool chdir_root);
void daemon_detach_finish(void);

void daemon_signals_init(void);
void daemon_signals_wait(void);
bool daemon_should_exit(void);
bool daemon_should_reopen_log(void);

#endif /* daemon.h */
