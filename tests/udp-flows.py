#! /usr/bin/python3
"""Several distinct UDP flows and a sink that counts them, for the tests
that look at per-flow entropy on a tunnel's wire.

    udp-flows.py ADDR PORT N
        receive N datagrams on ADDR:PORT (10 s at most), then print one
        "SOURCE-PORT DATAGRAMS" line per flow seen, sorted by port
    udp-flows.py --send ADDR PORT COUNT SPORT...
        from each local source port SPORT, send COUNT datagrams to
        ADDR:PORT (one flow per source port)

The sink exits with status 1 when it times out before N datagrams."""

import collections
import socket
import sys


def send(addr, port, count, sports):
    for sport in sports:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("", sport))
            for seq in range(count):
                s.sendto(b"flow %d datagram %d" % (sport, seq), (addr, port))


def sink(addr, port, n):
    flows = collections.Counter()
    status = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((addr, port))
        s.settimeout(10)
        try:
            while sum(flows.values()) < n:
                _, (_, sport) = s.recvfrom(2048)
                flows[sport] += 1
        except socket.timeout:
            status = 1
    for sport, datagrams in sorted(flows.items()):
        print(sport, datagrams)
    return status


def main():
    if sys.argv[1] == "--send":
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
             [int(p) for p in sys.argv[5:]])
        return 0
    return sink(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))


if __name__ == "__main__":
    sys.exit(main())
