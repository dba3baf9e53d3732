/* Drives lib/jsonrpc against a real ovsdb-server:
 *
 *   test-jsonrpc SERVER request METHOD PARAMS
 *       sends one request, prints "result: JSON" or "error: JSON"
 *   test-jsonrpc SERVER monitor DB MONITOR-REQUESTS TRANSACTION
 *       starts a monitor and prints its initial contents, runs the
 *       transaction and prints its result, then prints the "update"
 *       notification the transaction caused
 *
 * JSON is printed compact with sorted keys, one value a line. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jsonrpc.h"

static json_t *
parse_arg(const char *s)
{
    json_error_t err;
    json_t *j = json_loads(s, JSON_DECODE_ANY, &err);

    if (!j) {
        fprintf(stderr, "test-jsonrpc: %s: %s\n", s, err.text);
        exit(EXIT_FAILURE);
    }
    return j;
}

static void
print(const char *label, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    printf("%s: %s\n", label, s ? s : "?");
    free(s);
}

/* Sends "method" and prints the reply; returns nonzero on failure. */
static int
request(struct jsonrpc *rpc, const char *method, json_t *params)
{
    json_t *result, *error;
    int retval = jsonrpc_transact_block(rpc, method, params, &result,
                                        &error);
    if (retval) {
        fprintf(stderr, "test-jsonrpc: %s: %s\n", method, strerror(retval));
        return 1;
    }
    if (error && !json_is_null(error)) {
        print("error", error);
    } else {
        print("result", result);
    }
    json_decref(result);
    json_decref(error);
    return 0;
}

int
main(int argc, char *argv[])
{
    struct jsonrpc *rpc;
    int retval;

    if (argc < 3) {
        fprintf(stderr, "usage: see the comment at the top of %s\n",
                __FILE__);
        return EXIT_FAILURE;
    }
    retval = jsonrpc_open(argv[1], &rpc);
    if (retval) {
        fprintf(stderr, "test-jsonrpc: %s: %s\n", argv[1], strerror(retval));
        return EXIT_FAILURE;
    }

    if (!strcmp(argv[2], "request") && argc == 5) {
        retval = request(rpc, argv[3], parse_arg(argv[4]));
    } else if (!strcmp(argv[2], "monitor") && argc == 6) {
        json_t *params = json_pack("[s, s, o]", argv[3], "m1",
                                   parse_arg(argv[4]));
        retval = request(rpc, "monitor", params);
        if (!retval) {
            retval = request(rpc, "transact", parse_arg(argv[5]));
        }
        json_t *msg = jsonrpc_pop_notification(rpc);
        if (!retval && !msg) {
            retval = jsonrpc_recv_block(rpc, &msg);
        }
        if (!retval && msg) {
            print(json_string_value(json_object_get(msg, "method")),
                  json_object_get(msg, "params"));
        }
        json_decref(msg);
    } else {
        fprintf(stderr, "test-jsonrpc: bad command\n");
        retval = 1;
    }
    jsonrpc_close(rpc);
    return retval ? EXIT_FAILURE : EXIT_SUCCESS;
}
