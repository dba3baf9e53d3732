/* Flows, matches and actions in Open vSwitch's text syntax, as
 * "ovs-ofctl" and "ovs-appctl ofproto/trace" write them: parsing a flow
 * ("in_port=1,tcp,nw_src=10.0.0.1,tun_metadata0=0x5"), printing a match
 * and an action list. */
#ifndef OFP_PRINT_H
#define OFP_PRINT_H 1

#include <stddef.h>

struct ds;
struct flow;
struct match;
struct ofpact;
struct tun_table;

char *ofp_parse_flow(const char *, const struct tun_table *, struct flow *)
    __attribute__((__warn_unused_result__));
void ofp_match_format(struct ds *, const struct match *);
void ofpacts_format(const struct ofpact *, size_t ofpacts_len, struct ds *);

#endif /* ofp-print.h */
