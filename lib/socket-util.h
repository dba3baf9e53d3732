/* Small socket helpers shared by the servers (unixctl, OpenFlow). */
#ifndef SOCKET_UTIL_H
#define SOCKET_UTIL_H 1

int socket_listen_unix(const char *path, int *fdp);

#endif /* socket-util.h */
