#! /usr/bin/python3
"""Writes every prefix of every packet of a pcap file: lengths 1 .. len.
(Open vSwitch's pcap reader stops at an empty record, so there is none.)

    pcap-truncate.py IN.pcap OUT.pcap

Feeding the result to a parser checks it at every byte offset where a
header can be cut short.
"""

import sys

from scapy.all import PcapReader, PcapWriter, Raw


def main(src, dst):
    out = PcapWriter(dst, linktype=1, sync=False)
    for pkt in PcapReader(src):
        data = bytes(pkt)
        for n in range(1, len(data) + 1):
            out.write(Raw(data[:n]))
    out.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
