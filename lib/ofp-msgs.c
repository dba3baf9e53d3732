/* Building OpenFlow messages. */
#include <config.h>
#include "ofp-msgs.h"

#include <arpa/inet.h>
#include <string.h>
#include "ofpbuf.h"

/* Returns a new message of "version" and "type" with "xid" and "body_len"
 * zeroed bytes after the header; ofp_msg_finish() sets its length once
 * it is complete. */
struct ofpbuf *
ofp_msg_new(uint8_t version, uint8_t type, be32 xid, size_t body_len)
{
    struct ofpbuf *msg = ofpbuf_new(sizeof(struct ofp_header) + body_len);
    struct ofp_header *oh = ofpbuf_put_zeros(msg, sizeof *oh + body_len);

    oh->version = version;
    oh->type = type;
    oh->xid = xid;
    return msg;
}

void
ofp_msg_finish(struct ofpbuf *msg)
{
    struct ofp_header *oh = (struct ofp_header *) msg->data;
    oh->length = htons(msg->size);
}

/* Returns OFPT_ERROR "type"/"code" in reply to "request", carrying all
 * of it, as Open vSwitch does (the specifications ask for at least 64
 * bytes). */
struct ofpbuf *
ofp_error_new(uint8_t version, uint16_t type, uint16_t code,
              const struct ofp_header *request)
{
    struct ofpbuf *msg = ofp_msg_new(version, OFPT_ERROR, request->xid,
                                     sizeof(struct ofp_error_msg));
    struct ofp_error_msg *em = (void *) (msg->data
                                         + sizeof(struct ofp_header));
    size_t len = ntohs(request->length);

    em->type = htons(type);
    em->code = htons(code);
    ofpbuf_put(msg, request, (len < OFP_MAX_MSG_LEN - msg->size ? len
                              : OFP_MAX_MSG_LEN - msg->size));
    ofp_msg_finish(msg);
    return msg;
}
