/* rtnetlink requests (see rtnetlink.h). */
#include <config.h>
#include "rtnetlink.h"

#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "util.h"

/* A request: a netlink header, a fixed part, attributes.  The largest is
 * a filter of a few hundred classic BPF instructions, 8 bytes each. */
#define RTNL_MSG_SIZE 8192
struct rtnl_msg {
    union {
        struct nlmsghdr nlh;
        uint8_t bytes[RTNL_MSG_SIZE];
    };
};

/* Called for each message of a dump's answer. */
typedef void rtnl_dump_cb(const struct nlmsghdr *, void *aux);

/* Starts "m" as a request of "type" with "flags" and fixed part "fixed"
 * of "len" bytes. */
static void
rtnl_msg_init(struct rtnl_msg *m, uint16_t type, uint16_t flags,
              const void *fixed, size_t len)
{
    memset(&m->nlh, 0, sizeof m->nlh);
    m->nlh.nlmsg_type = type;
    m->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
    m->nlh.nlmsg_len = NLMSG_LENGTH(len);
    memcpy(NLMSG_DATA(&m->nlh), fixed, len);
}

/* Appends attribute "type" with "len" bytes of "data" (none if "data" is
 * NULL, for a nest that rtnl_nest_end() closes).  Returns its offset. */
static size_t
rtnl_put_attr(struct rtnl_msg *m, uint16_t type, const void *data,
              size_t len)
{
    size_t ofs = NLMSG_ALIGN(m->nlh.nlmsg_len);
    struct nlattr *nla = (struct nlattr *) &m->bytes[ofs];

    if (ofs + NLA_HDRLEN + NLA_ALIGN(len) > sizeof m->bytes) {
        OVSX_NOT_REACHED();     /* The requests here are all far smaller. */
    }
    nla->nla_type = type;
    nla->nla_len = NLA_HDRLEN + len;
    if (data) {
        memcpy(&m->bytes[ofs + NLA_HDRLEN], data, len);
    }
    /* The padding goes to the kernel too: no stack garbage in it. */
    memset(&m->bytes[ofs + NLA_HDRLEN + len], 0, NLA_ALIGN(len) - len);
    m->nlh.nlmsg_len = ofs + NLA_HDRLEN + NLA_ALIGN(len);
    return ofs;
}

static void
rtnl_put_string(struct rtnl_msg *m, uint16_t type, const char *s)
{
    rtnl_put_attr(m, type, s, strlen(s) + 1);
}

/* Closes the nest that the attribute at "ofs" opened. */
static void
rtnl_nest_end(struct rtnl_msg *m, size_t ofs)
{
    struct nlattr *nla = (struct nlattr *) &m->bytes[ofs];
    nla->nla_len = m->nlh.nlmsg_len - ofs;
}

/* Sends "m" to the kernel and waits for its answer: for a dump (with
 * "cb"), the messages, each given to "cb" with "aux"; otherwise an
 * acknowledgement.  Returns 0
 * or the kernel's positive errno value. */
static int
rtnl_transact(struct rtnl_msg *m, rtnl_dump_cb *cb, void *aux)
{
    static uint32_t seq;
    struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
    /* The kernel answers at once; a second is a guard, not a wait. */
    struct timeval timeout = { .tv_sec = 1 };
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    int error;

    if (fd < 0) {
        return errno;
    }
    m->nlh.nlmsg_seq = ++seq;
    if (!cb) {
        /* Not a dump.  (Its flags cannot tell: NLM_F_DUMP's bits mean
         * NLM_F_REPLACE and NLM_F_EXCL in a "new" request.) */
        m->nlh.nlmsg_flags |= NLM_F_ACK;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout)
        || sendto(fd, m->bytes, m->nlh.nlmsg_len, 0,
                  (struct sockaddr *) &kernel, sizeof kernel) < 0) {
        error = errno;
        goto out;
    }
    for (;;) {
        /* A dump's messages come a page or two at a time. */
        static uint8_t buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error = errno;
            goto out;
        }
        /* Each message whole in what was read; a short one ends it. */
        for (size_t ofs = 0; ofs + sizeof(struct nlmsghdr) <= (size_t) n; ) {
            const struct nlmsghdr *nlh = (const void *) &buf[ofs];
            if (nlh->nlmsg_len < sizeof *nlh
                || nlh->nlmsg_len > (size_t) n - ofs) {
                break;
            }
            ofs += NLMSG_ALIGN(nlh->nlmsg_len);
            if (nlh->nlmsg_seq != m->nlh.nlmsg_seq) {
                continue;
            }
            if (nlh->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *err = NLMSG_DATA(nlh);
                error = (nlh->nlmsg_len < NLMSG_LENGTH(sizeof *err)
                         ? EPROTO : -err->error);
                goto out;
            }
            if (nlh->nlmsg_type == NLMSG_DONE) {
                error = 0;
                goto out;
            }
            if (cb) {
                cb(nlh, aux);
            }
        }
    }
out:
    close(fd);
    return error;
}

struct addrs_aux {
    int ifindex;
    struct rtnl_addrs *addrs;
};

/* Takes the address in "nlh", an RTM_NEWADDR, if it is of the device. */
static void
addrs_cb(const struct nlmsghdr *nlh, void *aux_)
{
    const struct addrs_aux *aux = aux_;
    const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
    struct rtnl_addrs *addrs = aux->addrs;
    const void *local = NULL, *address = NULL;
    size_t address_len = 0;

    if (nlh->nlmsg_type != RTM_NEWADDR
        || nlh->nlmsg_len < NLMSG_LENGTH(sizeof *ifa)
        || ifa->ifa_index != (unsigned int) aux->ifindex) {
        return;
    }
    int left = IFA_PAYLOAD(nlh);
    for (const struct rtattr *rta = IFA_RTA(ifa); RTA_OK(rta, left);
         rta = RTA_NEXT(rta, left)) {
        size_t len = RTA_PAYLOAD(rta);
        if (rta->rta_type == IFA_LOCAL && len >= 4) {
            local = RTA_DATA(rta);
        } else if (rta->rta_type == IFA_ADDRESS && len >= 4) {
            address = RTA_DATA(rta);
            address_len = len;
        }
    }
    /* For IPv4, IFA_ADDRESS is the peer's on a point-to-point link, and
     * IFA_LOCAL always ours; IPv6 has only IFA_ADDRESS. */
    if (ifa->ifa_family == AF_INET && (local || address)
        && addrs->n4 < RTNL_MAX_ADDRS) {
        memcpy(&addrs->v4[addrs->n4++], local ? local : address, 4);
    } else if (ifa->ifa_family == AF_INET6 && address_len >= 16
               && addrs->n6 < RTNL_MAX_ADDRS) {
        struct in6_addr a;
        memcpy(&a, address, sizeof a);
        if (!IN6_IS_ADDR_LINKLOCAL(&a)) {
            addrs->v6[addrs->n6++] = a;
        }
    }
}

/* Fills "addrs" with the addresses of device "ifindex". */
int
rtnl_get_addrs(int ifindex, struct rtnl_addrs *addrs)
{
    struct ifaddrmsg ifa = { .ifa_family = AF_UNSPEC };
    struct addrs_aux aux = { .ifindex = ifindex, .addrs = addrs };
    struct rtnl_msg m;

    memset(addrs, 0, sizeof *addrs);
    rtnl_msg_init(&m, RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof ifa);
    return rtnl_transact(&m, addrs_cb, &aux);
}

/* Gives device "ifindex" a "clsact" qdisc, if it has none. */
static int
rtnl_clsact_add(int ifindex)
{
    struct tcmsg tc = {
        .tcm_family = AF_UNSPEC,
        .tcm_ifindex = ifindex,
        .tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0),
        .tcm_parent = TC_H_CLSACT,
    };
    struct rtnl_msg m;

    rtnl_msg_init(&m, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, &tc,
                  sizeof tc);
    rtnl_put_string(&m, TCA_KIND, "clsact");
    int error = rtnl_transact(&m, NULL, NULL);
    return error == EEXIST ? 0 : error;
}

/* The request header of the filter of priority "prio" at the ingress
 * hook of device "ifindex". */
static struct tcmsg
ingress_filter(int ifindex, uint16_t prio)
{
    return (struct tcmsg) {
        .tcm_family = AF_UNSPEC,
        .tcm_ifindex = ifindex,
        .tcm_parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS),
        .tcm_info = TC_H_MAKE((uint32_t) prio << 16, htons(ETH_P_ALL)),
    };
}

/* Sets, at the ingress hook of device "ifindex" (through a "clsact"
 * qdisc, added if there is none), the filter of priority "prio" to the
 * "n_insns" classic BPF instructions "insns" in direct-action mode: what
 * the program returns is the verdict, TC_ACT_SHOT to take the frame
 * from the kernel, TC_ACT_UNSPEC to leave it to the next filter.  A
 * filter of that priority is replaced. */
int
rtnl_ingress_bpf_set(int ifindex, uint16_t prio,
                     const struct sock_filter *insns, size_t n_insns)
{
    struct tcmsg tc = ingress_filter(ifindex, prio);
    uint16_t n = n_insns;
    uint32_t flags = TCA_BPF_FLAG_ACT_DIRECT;
    struct rtnl_msg m;

    int error = rtnl_clsact_add(ifindex);
    if (error) {
        return error;
    }
    tc.tcm_handle = 1;
    rtnl_msg_init(&m, RTM_NEWTFILTER, NLM_F_CREATE, &tc, sizeof tc);
    rtnl_put_string(&m, TCA_KIND, "bpf");
    size_t options = rtnl_put_attr(&m, TCA_OPTIONS, NULL, 0);
    rtnl_put_attr(&m, TCA_BPF_OPS_LEN, &n, sizeof n);
    rtnl_put_attr(&m, TCA_BPF_OPS, insns, n_insns * sizeof *insns);
    rtnl_put_attr(&m, TCA_BPF_FLAGS, &flags, sizeof flags);
    rtnl_nest_end(&m, options);
    return rtnl_transact(&m, NULL, NULL);
}

/* Removes the ingress filter of priority "prio" from device "ifindex",
 * if it has one.  The "clsact" qdisc stays. */
int
rtnl_ingress_bpf_del(int ifindex, uint16_t prio)
{
    struct tcmsg tc = ingress_filter(ifindex, prio);
    struct rtnl_msg m;

    rtnl_msg_init(&m, RTM_DELTFILTER, 0, &tc, sizeof tc);
    rtnl_put_string(&m, TCA_KIND, "bpf");
    int error = rtnl_transact(&m, NULL, NULL);
    return error == ENOENT ? 0 : error;
}
