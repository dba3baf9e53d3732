/* ovsx-pcap: flow keys of captured packets in Open vSwitch syntax, tunnel
 * decapsulation, and building tunnel packets. */
#include <config.h>

#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dp-packet.h"
#include "ds.h"
#include "flow.h"
#include "pcap-tunnel.h"
#include "util.h"

static void
usage(void)
{
    printf("ovsx-pcap: packet core tool\n"
           "usage: ovsx-pcap COMMAND [ARG...]\n"
           "  parse [--decap [--nvgre]] FILE.pcap\n"
           "      print the flow key of every packet, one line each, in\n"
           "      Open vSwitch flow syntax; with --decap, strip Geneve,\n"
           "      VXLAN and GRE headers and print the tunnel fields first\n"
           "      (--nvgre: read GRE keys as NVGRE VSID and FlowID)\n"
           "  build OUT.pcap SPEC...\n"
           "      write one encapsulated packet per SPEC, e.g.\n"
           "      geneve,local=10.0.0.1,remote=10.0.0.2,vni=42,"
           "opt=0x102:0x80:00010002\n"
           "  --help  show this help\n");
}

/* Opens "file" for reading; exits with a message on failure. */
static pcap_t *
open_pcap(const char *file)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t *pcap = pcap_open_offline(file, errbuf);

    if (!pcap) {
        ovsx_fatal("ovsx-pcap: %s: %s", file, errbuf);
    }
    if (pcap_datalink(pcap) != DLT_EN10MB) {
        ovsx_fatal("ovsx-pcap: %s: link type %d is not Ethernet", file,
                   pcap_datalink(pcap));
    }
    return pcap;
}

static int
cmd_parse(int argc, char *argv[])
{
    static const struct option long_options[] = {
        { "decap", no_argument, NULL, 'd' },
        { "nvgre", no_argument, NULL, 'n' },
        { NULL, 0, NULL, 0 },
    };
    bool decap = false, nvgre = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (c) {
        case 'd':
            decap = true;
            break;
        case 'n':
            nvgre = true;
            break;
        default:
            return 1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "ovsx-pcap parse: exactly one FILE.pcap expected\n");
        return 1;
    }

    pcap_t *pcap = open_pcap(argv[optind]);
    struct pcap_pkthdr *hdr;
    const u_char *bytes;
    struct ds line = DS_EMPTY_INITIALIZER;
    int error;

    while ((error = pcap_next_ex(pcap, &hdr, &bytes)) == 1) {
        struct dp_packet *packet = dp_packet_clone_data(bytes, hdr->caplen);
        struct flow flow;

        packet->in_port = FLOW_PORT_ANY;
        ds_clear(&line);
        if (decap) {
            pcap_tunnel_decap_format(&line, packet, nvgre);
        } else {
            flow_extract(packet, &flow);
            flow_format(&line, &flow);
        }
        puts(ds_cstr(&line));
        dp_packet_delete(packet);
    }
    if (error == PCAP_ERROR) {
        fprintf(stderr, "ovsx-pcap: %s: %s\n", argv[optind],
                pcap_geterr(pcap));
    }
    ds_destroy(&line);
    pcap_close(pcap);
    return error == PCAP_ERROR;
}

static const struct {
    const char *name;
    int (*handler)(int argc, char *argv[]);
} commands[] = {
    { "parse", cmd_parse },
    { "build", pcap_tunnel_build_main },
};

int
main(int argc, char *argv[])
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage();
        return argc < 2;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(argv[1], commands[i].name)) {
            return commands[i].handler(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "ovsx-pcap: unknown command \"%s\" (try --help)\n",
            argv[1]);
    return 1;
}
