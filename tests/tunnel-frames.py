#! /usr/bin/python3
"""Prints, in hex, tunnel frames toward the underlay address 1.1.2.88 of
the tests' underlay bridge (MAC aa:55:aa:55:00:00):

    tunnel-frames.py NAME...

Each NAME is one frame: geneve-KEY[-OPTS], vxlan-KEY, gre-KEY, from the
remote end whose address each test gives the tunnel port, or geneve3-KEY:
Geneve carrying the IPv4 packet alone (protocol 0x0800, an L3 tunnel's
frame).  The inner frame is an ICMP echo from 192.168.0.9 to
192.168.0.5."""

import struct
import sys

from scapy.all import Ether, IP, UDP, ICMP, Raw, raw

REMOTES = {"geneve": "1.1.2.92", "vxlan": "1.1.2.93", "gre": "1.1.2.94",
           "geneve3": "1.1.2.95"}


def inner_ip():
    return raw(IP(src="192.168.0.9", dst="192.168.0.5") / ICMP())


def inner():
    return raw(Ether(src="50:54:00:00:00:09", dst="50:54:00:00:00:05",
                     type=0x0800)) \
        + inner_ip()


def geneve(vni, opts, proto=0x6558):
    """Geneve header (RFC 8926 §3.4) with option bytes "opts"; the C bit
    is set if an option type has its high bit."""
    critical = 0
    i = 0
    while i + 4 <= len(opts):
        critical |= opts[i + 2] & 0x80
        i += 4 + 4 * (opts[i + 3] & 0x1f)
    return struct.pack("!BBHI", len(opts) // 4, 0x40 if critical else 0,
                       proto, vni << 8) + opts


def option(cls, type_, data):
    return struct.pack("!HBB", cls, type_, len(data) // 4) + data


def frame(name):
    parts = name.split("-")
    kind, key = parts[0], int(parts[1], 0)
    src = parts[3] if len(parts) > 3 else REMOTES[kind]
    outer = (Ether(src="f8:bc:12:44:34:b6", dst="aa:55:aa:55:00:00")
             / IP(src=src, dst="1.1.2.88", flags="DF", id=0))
    if kind == "geneve":
        opts = b""
        for spec in (parts[2].split("+") if len(parts) > 2 and parts[2]
                     else []):
            cls, type_, data = spec.split(":")
            opts += option(int(cls, 0), int(type_, 0), bytes.fromhex(data))
        return outer / UDP(sport=4321, dport=6081) / Raw(geneve(key, opts)
                                                         + inner())
    if kind == "geneve3":
        return outer / UDP(sport=4321, dport=6081) / Raw(
            geneve(key, b"", 0x0800) + inner_ip())
    if kind == "vxlan":
        return outer / UDP(sport=4321, dport=4789) / Raw(
            struct.pack("!II", 0x08000000, key << 8) + inner())
    return outer / Raw(struct.pack("!HHI", 0x2000, 0x6558, key) + inner())


def main():
    for name in sys.argv[1:]:
        f = frame(name)
        if f.haslayer(IP) and f[IP].proto == 0:
            f[IP].proto = 47
        print(raw(f).hex())


if __name__ == "__main__":
    main()
