#! /usr/bin/python3
"""Writes each packet of a pcap file to its own file in a directory: seeds
for the libFuzzer targets.

    pcap-to-corpus.py IN.pcap DIR
"""

import os
import sys

from scapy.all import rdpcap


def main(src, outdir):
    for i, pkt in enumerate(rdpcap(src)):
        with open(os.path.join(outdir, "seed-%03d" % i), "wb") as f:
            f.write(bytes(pkt))


if __name__ == "__main__":
    main(*sys.argv[1:])
