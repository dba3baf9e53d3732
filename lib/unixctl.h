/* The unixctl server: commands for "ovs-appctl", JSON-RPC on a unix
 * socket, as Open vSwitch daemons serve them.
 *
 * A request is {"method": COMMAND, "params": [ARG...], "id": ID}; the reply
 * carries a text "result" or a text "error".  A command's handler replies
 * before it returns. */
#ifndef UNIXCTL_H
#define UNIXCTL_H 1

struct unixctl_server;
struct unixctl_conn;

typedef void unixctl_cb_func(struct unixctl_conn *, int argc,
                             const char *argv[], void *aux);

void unixctl_command_register(const char *name, const char *usage,
                              int min_args, int max_args,
                              unixctl_cb_func *, void *aux);
void unixctl_command_reply(struct unixctl_conn *, const char *body);
void unixctl_command_reply_error(struct unixctl_conn *, const char *body);

int unixctl_server_create(const char *path, struct unixctl_server **);
void unixctl_server_run(struct unixctl_server *);
void unixctl_server_wait(struct unixctl_server *);
void unixctl_server_destroy(struct unixctl_server *);

#endif /* unixctl.h */
