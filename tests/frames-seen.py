#! /usr/bin/python3
"""Receives frames on a device, for the ovsx-pktgen tests.

    frames-seen.py DEV COUNT READY-FILE

binds a packet socket to DEV, creates READY-FILE, receives until COUNT
frames came (or 10 s passed without one) and prints how many came and how
many of them were distinct, then each distinct frame in hex, sorted, with
how many times it came."""

import collections
import socket
import sys

ETH_P_ALL = 3
# Linux's; Python's socket module lacks these three.
SO_RCVBUFFORCE = 33
SOL_PACKET = 263
PACKET_IGNORE_OUTGOING = 23


def main():
    dev, count, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seen = collections.Counter()
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_ALL)) as s:
        # A veth makes a socket buffer of about a page of an XDP frame:
        # SO_RCVBUF (at most net.core.rmem_max) would hold a hundred.
        try:
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
        except PermissionError:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
        # What this host sends on DEV is not what came.
        s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
        s.bind((dev, ETH_P_ALL))
        s.settimeout(10)
        open(ready, "w").close()
        n = 0
        try:
            while n < count:
                seen[s.recv(2048).hex()] += 1
                n += 1
        except socket.timeout:
            pass
    print(n, "frames,", len(seen), "distinct")
    for frame in sorted(seen):
        print(seen[frame], frame)


main()
