/* Flow tables: flow mods, timeouts and statistics, with Open vSwitch's
 * semantics (ofproto.c "add_flow", "modify_flows", "delete_flows"). */
#include <config.h>

#include <arpa/inet.h>
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include "dpif.h"
#include "connmgr.h"
#include "coverage.h"
#include "ds.h"
#include "fail-open.h"
#include "match.h"
#include "ofp-actions.h"
#include "ofp-flow.h"
#include "ofp-msgs.h"
#include "ofp-print.h"
#include "ofpbuf.h"
#include "ofproto-provider.h"
#include "tun-metadata.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(oftable);

COVERAGE_DEFINE(ofproto_flow_add);
COVERAGE_DEFINE(ofproto_flow_modify);
COVERAGE_DEFINE(ofproto_flow_delete);
COVERAGE_DEFINE(ofproto_flow_expire);

void
oftables_init(struct ofproto *ofproto)
{
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        classifier_init(&ofproto->tables[i].cls);
        ofproto->tables[i].n_lookups = 0;
        ofproto->tables[i].n_matches = 0;
    }
    ofproto->next_expiry = LLONG_MAX;
}

static void
rule_destroy(struct rule *rule)
{
    /* Megaflows point to their rules: they go first. */
    dpif_invalidate();
    cls_rule_destroy(&rule->cr);
    free(rule->ofpacts);
    free(rule);
}

static struct ofpbuf *
encode_flow_removed(uint8_t version, int flow_format, const void *fr)
{
    return ofputil_encode_flow_removed(fr, version, flow_format);
}

/* Tells the connections that take asynchronous messages that "rule" went,
 * for "reason" (OFPRR_*), if it asked for it (send_flow_rem). */
static void
send_flow_removed(struct ofproto *ofproto, const struct rule *rule,
                  uint8_t reason)
{
    if (!(rule->flags & OFPFF_SEND_FLOW_REM) || !ofproto->connmgr) {
        return;
    }

    struct ofputil_flow_removed fr;
    long long int age = time_msec() - rule->created;
    ofproto_rule_get_match(rule, &fr.match);
    fr.cookie = rule->cookie;
    fr.priority = cls_rule_priority(&rule->cr);
    fr.reason = reason;
    fr.table_id = rule->table_id;
    fr.duration_sec = age / 1000;
    fr.duration_nsec = age % 1000 * 1000000;
    fr.idle_timeout = rule->idle_timeout;
    fr.hard_timeout = rule->hard_timeout;
    fr.packet_count = rule->n_packets;
    fr.byte_count = rule->n_bytes;
    connmgr_send_async_format(ofproto->connmgr, encode_flow_removed, &fr);
}

static void
rule_remove(struct ofproto *ofproto, struct rule *rule)
{
    classifier_remove(&ofproto->tables[rule->table_id].cls, &rule->cr);
    rule_destroy(rule);
}

/* Removes "rule" for "reason", after telling the controllers. */
static void
rule_remove_reason(struct ofproto *ofproto, struct rule *rule,
                   uint8_t reason)
{
    /* The datapath's packets first, for the counters sent. */
    dpif_push_stats();
    send_flow_removed(ofproto, rule, reason);
    rule_remove(ofproto, rule);
}

static struct rule **
append_rule(struct rule **rules, size_t *n, size_t *allocated,
            struct rule *rule)
{
    if (*n >= *allocated) {
        *allocated = *allocated ? 2 * *allocated : 16;
        rules = xrealloc(rules, *allocated * sizeof *rules);
    }
    rules[(*n)++] = rule;
    return rules;
}

/* Whether "rule" is the switch's own (fail-open's): above every OpenFlow
 * priority, no OpenFlow request sees or changes it, as in Open vSwitch. */
static bool
rule_is_hidden(const struct rule *rule)
{
    return cls_rule_priority(&rule->cr) > UINT16_MAX;
}

/* A snapshot of the rules of table "table_id" (every table for
 * OFPTT_ALL) that "target" matches loosely (a rule at least as specific as
 * "target") or, with "strict", exactly at "priority", and whose cookie
 * matches "cookie" under "cookie_mask"; hidden rules only with "hidden".
 * The caller frees the array. */
static struct rule **
collect_rules(struct ofproto *ofproto, uint8_t table_id,
              const struct match *target, bool strict, int priority,
              be64 cookie, be64 cookie_mask, bool hidden, size_t *n)
{
    struct rule **rules = NULL;
    size_t allocated = 0;

    *n = 0;
    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        if (table_id == OFPTT_ALL ? t == OFPROTO_TABLE_HIDDEN
            : t != table_id) {
            continue;
        }
        struct classifier *cls = &ofproto->tables[t].cls;
        if (strict) {
            struct cls_rule *cr = classifier_find_match_exactly(cls, target,
                                                                priority);
            if (cr) {
                struct rule *rule = CONTAINER_OF(cr, struct rule, cr);
                if (!((rule->cookie ^ cookie) & cookie_mask)
                    && (hidden || !rule_is_hidden(rule))) {
                    rules = append_rule(rules, n, &allocated, rule);
                }
            }
            continue;
        }
        struct rule *rule;
        if (target && !match_is_catchall(target)) {
            CLS_FOR_EACH_TARGET (rule, cr, cls, target) {
                if (!((rule->cookie ^ cookie) & cookie_mask)
                    && (hidden || !rule_is_hidden(rule))) {
                    rules = append_rule(rules, n, &allocated, rule);
                }
            }
        } else {
            CLS_FOR_EACH (rule, cr, cls) {
                if (!((rule->cookie ^ cookie) & cookie_mask)
                    && (hidden || !rule_is_hidden(rule))) {
                    rules = append_rule(rules, n, &allocated, rule);
                }
            }
        }
    }
    return rules;
}

/* Removes every flow, then puts back the default flow if the switch is in
 * "standalone" fail mode (Open vSwitch: a flush ends in connmgr's "fail
 * open" flow when there is no controller). */
void
ofproto_flush_flows(struct ofproto *ofproto)
{
    size_t n;
    struct rule **rules = collect_rules(ofproto, OFPTT_ALL, NULL, false, 0,
                                        0, 0, true, &n);
    for (size_t i = 0; i < n; i++) {
        rule_remove(ofproto, rules[i]);
    }
    free(rules);
    /* Standalone with no controller: a MAC-learning switch.  (With
     * controllers, table misses go to them, unless they have failed long
     * enough: then the switch fails open, with a flow no controller
     * sees.) */
    if (!ofproto->fail_secure
        && !(ofproto->connmgr && connmgr_has_controllers(ofproto->connmgr))) {
        ofproto_add_default_flow(ofproto);
    } else if (fail_open_should_be_open(ofproto)) {
        ofproto_add_normal_flow(ofproto, FAIL_OPEN_PRIORITY);
    }
}

void
oftables_destroy(struct ofproto *ofproto)
{
    size_t n;
    struct rule **rules = collect_rules(ofproto, OFPTT_ALL, NULL, false, 0,
                                        0, 0, true, &n);
    for (size_t i = 0; i < n; i++) {
        rule_remove(ofproto, rules[i]);
    }
    free(rules);
    for (int i = 0; i < OFPROTO_N_TABLES; i++) {
        classifier_destroy(&ofproto->tables[i].cls);
    }
}

static void
schedule_expiry(struct ofproto *ofproto, const struct rule *rule)
{
    if (rule->idle_timeout || rule->hard_timeout) {
        long long int when = time_msec() + 1000;
        if (when < ofproto->next_expiry) {
            ofproto->next_expiry = when;
        }
    }
}

static struct rule *
rule_create(const struct ofputil_flow_mod *fm, uint8_t table_id)
{
    struct rule *rule = xzalloc(sizeof *rule);
    long long int now = time_msec();

    cls_rule_init(&rule->cr, &fm->match, fm->priority);
    rule->table_id = table_id;
    rule->cookie = fm->new_cookie == UINT64_MAX ? 0 : fm->new_cookie;
    rule->idle_timeout = fm->idle_timeout;
    rule->hard_timeout = fm->hard_timeout;
    rule->flags = fm->flags & (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP
                               | OFPFF12_RESET_COUNTS
                               | OFPFF13_NO_PKT_COUNTS
                               | OFPFF13_NO_BYT_COUNTS);
    rule->importance = fm->importance;
    rule->created = rule->modified = rule->used = now;
    rule->ofpacts = xmalloc(fm->ofpacts_len ? fm->ofpacts_len : 1);
    memcpy(rule->ofpacts, fm->ofpacts, fm->ofpacts_len);
    rule->ofpacts_len = fm->ofpacts_len;
    return rule;
}

static enum ofperr
add_flow(struct ofproto *ofproto, struct ofputil_flow_mod *fm)
{
    /* Without a table (OpenFlow 1.0 with no table id), table 0. */
    uint8_t table_id = fm->table_id == OFPTT_ALL ? 0 : fm->table_id;
    struct classifier *cls = &ofproto->tables[table_id].cls;

    if (fm->flags & OFPFF_CHECK_OVERLAP) {
        struct rule *other;
        struct cls_rule probe;

        cls_rule_init(&probe, &fm->match, fm->priority);
        CLS_FOR_EACH (other, cr, cls) {
            if (cls_rule_overlaps(&other->cr, &probe)) {
                cls_rule_destroy(&probe);
                return OFPERR_OFPFMFC_OVERLAP;
            }
        }
        cls_rule_destroy(&probe);
    }

    struct rule *rule = rule_create(fm, table_id);
    dpif_invalidate();
    struct cls_rule *old_cr = classifier_replace(cls, &rule->cr);
    if (old_cr) {
        /* Replacing a flow keeps its counters unless told to reset them
         * (OpenFlow 1.0 "add" always does). */
        struct rule *old = CONTAINER_OF(old_cr, struct rule, cr);
        if (!(fm->flags & OFPFF12_RESET_COUNTS)) {
            rule->n_packets = old->n_packets;
            rule->n_bytes = old->n_bytes;
        }
        rule_destroy(old);
    }
    COVERAGE_INC(ofproto_flow_add);
    schedule_expiry(ofproto, rule);
    return OFPERR_OK;
}

/* Gives "rule" the actions (and, if the flow mod says so, the cookie) of
 * "fm". */
static void
modify_rule(struct rule *rule, const struct ofputil_flow_mod *fm)
{
    dpif_invalidate();
    if (fm->modify_cookie && fm->new_cookie != UINT64_MAX) {
        rule->cookie = fm->new_cookie;
    }
    if (fm->flags & OFPFF12_RESET_COUNTS) {
        rule->n_packets = 0;
        rule->n_bytes = 0;
    }
    free(rule->ofpacts);
    rule->ofpacts = xmalloc(fm->ofpacts_len ? fm->ofpacts_len : 1);
    memcpy(rule->ofpacts, fm->ofpacts, fm->ofpacts_len);
    rule->ofpacts_len = fm->ofpacts_len;
    rule->modified = time_msec();
    COVERAGE_INC(ofproto_flow_modify);
}

static enum ofperr
modify_flows(struct ofproto *ofproto, struct ofputil_flow_mod *fm,
             bool strict)
{
    size_t n;
    struct rule **rules = collect_rules(ofproto, fm->table_id, &fm->match,
                                        strict, fm->priority, fm->cookie,
                                        fm->cookie_mask, false, &n);
    enum ofperr error = OFPERR_OK;

    if (n) {
        for (size_t i = 0; i < n; i++) {
            modify_rule(rules[i], fm);
        }
    } else if (!fm->cookie_mask && fm->new_cookie != UINT64_MAX) {
        /* OpenFlow 1.0: a modify that changes nothing adds the flow. */
        error = add_flow(ofproto, fm);
    }
    free(rules);
    return error;
}

static enum ofperr
delete_flows(struct ofproto *ofproto, const struct ofputil_flow_mod *fm,
             bool strict)
{
    if (fm->out_group != OFPG_ANY) {
        /* Only a flow that sends to that group would go, and ovsx has no
         * groups. */
        return OFPERR_OK;
    }

    size_t n;
    struct rule **rules = collect_rules(ofproto, fm->table_id, &fm->match,
                                        strict, fm->priority, fm->cookie,
                                        fm->cookie_mask, false, &n);

    for (size_t i = 0; i < n; i++) {
        struct rule *rule = rules[i];
        if (fm->out_port != OFPP_ANY
            && !ofpacts_output_to_port(rule->ofpacts, rule->ofpacts_len,
                                       fm->out_port)) {
            continue;
        }
        rule_remove_reason(ofproto, rule, OFPRR_DELETE);
        COVERAGE_INC(ofproto_flow_delete);
    }
    free(rules);
    return OFPERR_OK;
}

/* Carries out flow mod "fm", whose actions are already decoded. */
enum ofperr
ofproto_flow_mod(struct ofproto *ofproto, struct ofputil_flow_mod *fm)
{
    uint8_t table_id = fm->table_id;
    enum ofperr error;

    if (table_id == OFPROTO_TABLE_HIDDEN) {
        return OFPERR_OFPBRC_EPERM;
    }
    error = ofpacts_check_consistency(fm->ofpacts, fm->ofpacts_len,
                                      &fm->match, OFPROTO_MAX_PORTS,
                                      table_id == OFPTT_ALL ? 0 : table_id,
                                      OFPROTO_N_TABLES, fm->version);
    if (error) {
        return error;
    }

    switch (fm->command) {
    case OFPFC_ADD:
        return add_flow(ofproto, fm);
    case OFPFC_MODIFY:
        return modify_flows(ofproto, fm, false);
    case OFPFC_MODIFY_STRICT:
        return modify_flows(ofproto, fm, true);
    case OFPFC_DELETE:
        return delete_flows(ofproto, fm, false);
    case OFPFC_DELETE_STRICT:
        return delete_flows(ofproto, fm, true);
    default:
        return OFPERR_OFPFMFC_BAD_COMMAND;
    }
}

/* Adds "priority=0 actions=NORMAL" to table 0. */
void
ofproto_add_default_flow(struct ofproto *ofproto)
{
    ofproto_add_normal_flow(ofproto, 0);
}

/* Adds "priority=PRIORITY actions=NORMAL" to table 0 (hidden above
 * 65535). */
void
ofproto_add_normal_flow(struct ofproto *ofproto, int priority)
{
    struct ofputil_flow_mod fm;
    struct ofpbuf ofpacts;
    struct ofpact_output *output;

    ofpbuf_init(&ofpacts, 64);
    output = ofpact_put(&ofpacts, OFPACT_OUTPUT, sizeof *output);
    output->port = OFPP_NORMAL;

    memset(&fm, 0, sizeof fm);
    match_init_catchall(&fm.match);
    fm.priority = priority;
    fm.command = OFPFC_ADD;
    fm.table_id = 0;
    fm.new_cookie = 0;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.out_port = OFPP_ANY;
    fm.out_group = OFPG_ANY;
    fm.ofpacts = (void *) ofpacts.data;
    fm.ofpacts_len = ofpacts.size;
    add_flow(ofproto, &fm);
    ofpbuf_uninit(&ofpacts);
}

/* Removes the catch-all hidden flow of "priority" from table 0. */
void
ofproto_delete_hidden_flow(struct ofproto *ofproto, int priority)
{
    struct match match;
    size_t n;

    match_init_catchall(&match);
    struct rule **rules = collect_rules(ofproto, 0, &match, true, priority,
                                        0, 0, true, &n);
    for (size_t i = 0; i < n; i++) {
        rule_remove(ofproto, rules[i]);
    }
    free(rules);
}

/* The priority OpenFlow gives a flow that names none, which Open
 * vSwitch's listings leave out. */
#define OFP_DEFAULT_PRIORITY 0x8000

/* "ovs-appctl bridge/dump-flows": every flow, hidden ones and table 254's
 * included, as Open vSwitch lists them. */
void
ofproto_format_all_flows(struct ofproto *ofproto, struct ds *ds)
{
    long long int now = time_msec();
    size_t n;

    dpif_push_stats();
    struct rule **rules = collect_rules(ofproto, OFPTT_ALL, NULL, false, 0,
                                        0, 0, true, &n);
    for (int t = 0; t < OFPROTO_N_TABLES; t++) {
        if (t == OFPROTO_TABLE_HIDDEN) {
            /* collect_rules() leaves it out of OFPTT_ALL. */
            struct rule *rule;
            CLS_FOR_EACH (rule, cr, &ofproto->tables[t].cls) {
                rules = xrealloc(rules, (n + 1) * sizeof *rules);
                rules[n++] = rule;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        const struct rule *rule = rules[i];
        struct match match;
        int priority = cls_rule_priority(&rule->cr);

        if (rule->table_id) {
            ds_put_format(ds, "table_id=%"PRIu8", ", rule->table_id);
        }
        ds_put_format(ds, "duration=%llds, n_packets=%"PRIu64", "
                      "n_bytes=%"PRIu64", ", (now - rule->created) / 1000,
                      rule->n_packets, rule->n_bytes);
        size_t start = ds->length;
        if (priority != OFP_DEFAULT_PRIORITY) {
            ds_put_format(ds, "priority=%d,", priority);
        }
        ofproto_rule_get_match(rule, &match);
        ofp_match_format(ds, &match);
        if (ds->length > start && ds->string[ds->length - 1] == ',') {
            ds->length--;
        }
        ds_put_cstr(ds, ",actions=");
        ofpacts_format(rule->ofpacts, rule->ofpacts_len, ds);
        ds_put_char(ds, '\n');
    }
    free(rules);
}

void
ofproto_rule_get_match(const struct rule *rule, struct match *match)
{
    cls_rule_get_match(&rule->cr, match);
}

static void
send_multipart(struct ofconn *ofconn, struct ofputil_multipart *mp)
{
    size_t n;
    struct ofpbuf **msgs = ofputil_multipart_finish(mp, &n);

    for (size_t i = 0; i < n; i++) {
        ofconn_send(ofconn, msgs[i]);
    }
    free(msgs);
}

/* Answers a flow or aggregate statistics request. */
void
ofproto_handle_flow_stats_request(struct ofproto *ofproto,
                                  struct ofconn *ofconn,
                                  const struct ofp_header *oh)
{
    struct ofputil_flow_stats_request fsr;
    enum ofperr error;

    error = ofputil_decode_flow_stats_request(&fsr, oh, ofproto->tun_table);
    if (error) {
        ofconn_send(ofconn, ofperr_encode_reply(error, oh));
        return;
    }

    size_t n;
    struct rule **rules = collect_rules(ofproto, fsr.table_id, &fsr.match,
                                        false, 0, fsr.cookie,
                                        fsr.cookie_mask, false, &n);
    struct ofputil_multipart mp;
    long long int now = time_msec();
    uint64_t packets = 0, bytes = 0;
    uint32_t flows = 0;

    ofputil_multipart_start(&mp, oh);
    for (size_t i = 0; i < n; i++) {
        const struct rule *rule = rules[i];

        if ((fsr.out_port != OFPP_ANY
             && !ofpacts_output_to_port(rule->ofpacts, rule->ofpacts_len,
                                        fsr.out_port))
            || fsr.out_group != OFPG_ANY) {
            continue;
        }
        if (fsr.aggregate) {
            packets += rule->n_packets;
            bytes += rule->n_bytes;
            flows++;
            continue;
        }

        struct match match;
        struct ofputil_flow_stats fs;
        long long int age = now - rule->created;

        ofproto_rule_get_match(rule, &match);
        memset(&fs, 0, sizeof fs);
        fs.match = &match;
        fs.cookie = rule->cookie;
        fs.table_id = rule->table_id;
        fs.duration_sec = age / 1000;
        fs.duration_nsec = (age % 1000) * 1000000;
        fs.priority = cls_rule_priority(&rule->cr);
        fs.idle_timeout = rule->idle_timeout;
        fs.hard_timeout = rule->hard_timeout;
        fs.idle_age = (now - rule->used) / 1000;
        fs.hard_age = (rule->modified > rule->created
                       ? (now - rule->modified) / 1000 : -1);
        fs.packet_count = rule->n_packets;
        fs.byte_count = rule->n_bytes;
        fs.flags = rule->flags;
        fs.importance = rule->importance;
        fs.ofpacts = rule->ofpacts;
        fs.ofpacts_len = rule->ofpacts_len;
        ofputil_append_flow_stats(&mp, fsr.format, &fs);
    }
    if (fsr.aggregate) {
        ofputil_append_aggregate_stats(&mp, packets, bytes, flows);
    }
    free(rules);
    send_multipart(ofconn, &mp);
}

void
ofproto_handle_table_stats_request(struct ofproto *ofproto,
                                   struct ofconn *ofconn,
                                   const struct ofp_header *oh)
{
    struct ofputil_multipart mp;

    ofputil_multipart_start(&mp, oh);
    for (int i = 0; i < OFPROTO_N_VISIBLE_TABLES; i++) {
        const struct oftable *table = &ofproto->tables[i];
        struct ofputil_table_stats ts = {
            .table_id = i,
            .active_count = (classifier_count(&table->cls)
                             - (i == 0 && ofproto->fail_open_secs)),
            .lookup_count = table->n_lookups,
            .matched_count = table->n_matches,
        };
        ofputil_append_table_stats(&mp, &ts);
    }
    send_multipart(ofconn, &mp);
}

/* OpenFlow 1.3+ table features request: an empty request asks for the
 * features; one that carries features would change them, which Open
 * vSwitch allows only for names and which ovsx refuses. */
void
ofproto_handle_table_features_request(struct ofproto *ofproto OVSX_UNUSED,
                                      struct ofconn *ofconn,
                                      const struct ofp_header *oh)
{
    struct ofputil_multipart mp;

    if (ntohs(oh->length) != sizeof *oh + 8) {
        ofconn_send(ofconn, ofperr_encode_reply(OFPERR_OFPBRC_EPERM, oh));
        return;
    }
    ofputil_multipart_start(&mp, oh);
    for (int i = 0; i < OFPROTO_N_VISIBLE_TABLES; i++) {
        ofputil_append_table_features(&mp, i);
    }
    send_multipart(ofconn, &mp);
}

/* Removes the flows whose idle or hard timeout passed. */
void
ofproto_expire_flows(struct ofproto *ofproto)
{
    long long int now = time_msec();
    bool any_left = false;
    size_t n;
    struct rule **rules;

    if (now < ofproto->next_expiry) {
        return;
    }
    dpif_push_stats();
    rules = collect_rules(ofproto, OFPTT_ALL, NULL, false, 0, 0, 0, true,
                          &n);
    for (size_t i = 0; i < n; i++) {
        struct rule *rule = rules[i];
        if (!rule->idle_timeout && !rule->hard_timeout) {
            continue;
        }
        bool hard = (rule->hard_timeout
                     && now >= rule->modified + rule->hard_timeout * 1000LL);
        bool idle = (rule->idle_timeout
                     && now >= rule->used + rule->idle_timeout * 1000LL);
        if (hard || idle) {
            COVERAGE_INC(ofproto_flow_expire);
            rule_remove_reason(ofproto, rule, (idle ? OFPRR_IDLE_TIMEOUT
                                               : OFPRR_HARD_TIMEOUT));
        } else {
            any_left = true;
        }
    }
    free(rules);
    ofproto->next_expiry = any_left ? now + 1000 : LLONG_MAX;
}

/* tun_table_in_use_cb: whether a flow of "ofproto_" matches or acts on
 * tun_metadata"index". */
bool
ofproto_tun_metadata_in_use(unsigned int index, void *ofproto_)
{
    struct ofproto *ofproto = ofproto_;
    size_t n;
    struct rule **rules = collect_rules(ofproto, OFPTT_ALL, NULL, false, 0,
                                        0, 0, true, &n);
    bool in_use = false;

    for (size_t i = 0; i < n && !in_use; i++) {
        struct match match;
        ofproto_rule_get_match(rules[i], &match);
        if ((match.wc.tunnel.metadata.present >> index) & 1) {
            in_use = true;
        }
        if (ofpacts_use_tun_metadata(rules[i]->ofpacts,
                                     rules[i]->ofpacts_len, index)) {
            in_use = true;
        }
    }
    free(rules);
    return in_use;
}
