/* Internet checksums. */
#include <config.h>
#include "csum.h"

#include <arpa/inet.h>
#include <string.h>

uint32_t
csum_add_bytes(uint32_t partial, const void *data_, size_t n)
{
    const uint8_t *data = data_;
    uint64_t sum = 0;

    /* The ones' complement sum of 16-bit words does not depend on the
     * order of the bytes in them (RFC 1071 §2(B)): add them as the machine
     * loads them, 8 bytes at a time, fold, and turn the result around
     * once if the machine is little-endian. */
    for (; n >= 8; n -= 8, data += 8) {
        uint64_t w;
        memcpy(&w, data, 8);
        sum += (w & 0xffffffff) + (w >> 32);
    }
    if (n >= 4) {
        uint32_t w;
        memcpy(&w, data, 4);
        sum += w;
        data += 4;
        n -= 4;
    }
    if (n >= 2) {
        uint16_t w;
        memcpy(&w, data, 2);
        sum += w;
        data += 2;
        n -= 2;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    sum = ((sum & 0xff) << 8) | (sum >> 8);
#endif
    if (n) {
        sum += (uint32_t) data[0] << 8;
    }

    sum += partial;
    while (sum >> 32) {
        sum = (sum & 0xffffffff) + (sum >> 32);
    }
    return (uint32_t) sum;
}

uint32_t
csum_add_be16(uint32_t partial, be16 x)
{
    return csum_add_bytes(partial, &x, sizeof x);
}

uint32_t
csum_add_be32(uint32_t partial, be32 x)
{
    return csum_add_bytes(partial, &x, sizeof x);
}

be16
csum_finish(uint32_t partial)
{
    while (partial >> 16) {
        partial = (partial & 0xffff) + (partial >> 16);
    }
    return htons((uint16_t) ~partial);
}

be16
csum(const void *data, size_t n)
{
    return csum_finish(csum_add_bytes(0, data, n));
}

uint32_t
csum_pseudo_ipv4(be32 src, be32 dst, uint8_t proto, uint16_t l4_len)
{
    uint32_t partial = 0;

    partial = csum_add_be32(partial, src);
    partial = csum_add_be32(partial, dst);
    partial = csum_add_be16(partial, htons(proto));
    return csum_add_be16(partial, htons(l4_len));
}

uint32_t
csum_pseudo_ipv6(const struct in6_addr *src, const struct in6_addr *dst,
                 uint8_t proto, uint32_t l4_len)
{
    uint32_t partial = 0;

    partial = csum_add_bytes(partial, src, sizeof *src);
    partial = csum_add_bytes(partial, dst, sizeof *dst);
    partial = csum_add_be32(partial, htonl(l4_len));
    return csum_add_be32(partial, htonl(proto));
}

be16
csum_update16(be16 old_csum, be16 old, be16 new)
{
    /* HC' = ~(~HC + ~m + m'), all in one's complement arithmetic. */
    uint32_t sum = (uint16_t) ~ntohs(old_csum);

    sum += (uint16_t) ~ntohs(old);
    sum += ntohs(new);
    return csum_finish(sum);
}

be16
csum_update32(be16 old_csum, be32 old, be32 new)
{
    be16 c = csum_update16(old_csum, htons(ntohl(old) >> 16),
                           htons(ntohl(new) >> 16));
    return csum_update16(c, htons(ntohl(old) & 0xffff),
                         htons(ntohl(new) & 0xffff));
}
