/* JSON-RPC 1.0 over a stream socket, as OVSDB speaks it (RFC 7047 §4).
 *
 * Messages are JSON objects sent back to back with no framing; the
 * receiver finds each message's end by parsing it.  This module owns the
 * socket and the receive buffer; JSON values are jansson's. */
#ifndef JSONRPC_H
#define JSONRPC_H 1

#include <jansson.h>
#include <stdbool.h>

struct jsonrpc;

int jsonrpc_open(const char *name, struct jsonrpc **);
struct jsonrpc *jsonrpc_from_fd(int fd);
void jsonrpc_close(struct jsonrpc *);
int jsonrpc_fd(const struct jsonrpc *);

int jsonrpc_send(struct jsonrpc *, json_t *msg);
int jsonrpc_recv_block(struct jsonrpc *, json_t **msg);
int jsonrpc_recv(struct jsonrpc *, json_t **msg);
void jsonrpc_recv_wait(const struct jsonrpc *);

json_t *jsonrpc_create_request(const char *method, json_t *params,
                               json_int_t id);
int jsonrpc_transact_block(struct jsonrpc *, const char *method,
                           json_t *params, json_t **result, json_t **error);
json_t *jsonrpc_pop_notification(struct jsonrpc *);

bool jsonrpc_is_echo_request(const json_t *msg);
int jsonrpc_reply_echo(struct jsonrpc *, const json_t *msg);

#endif /* jsonrpc.h */
