/* ovsx-pcap's tunnel commands: "parse --decap" and "build". */
#ifndef PCAP_TUNNEL_H
#define PCAP_TUNNEL_H 1

#include <stdbool.h>

struct dp_packet;
struct ds;

void pcap_tunnel_decap_format(struct ds *, struct dp_packet *, bool nvgre);
int pcap_tunnel_build_main(int argc, char *argv[]);

#endif /* pcap-tunnel.h */
