#! /usr/bin/python3
"""Writes malformed tunnel packets, one per line of the list printed to
stdout: "N REASON", REASON being the drop reason ovsx must report.

    tunnel-bad.py OUT.pcap
"""

import sys

from scapy.all import Ether, GRE, IP, IPv6, Raw, UDP, wrpcap
from scapy.contrib.geneve import GENEVE, GeneveOptions
from scapy.layers.vxlan import VXLAN

ETH = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
INNER = (Ether(src="0a:00:00:00:00:01", dst="0a:00:00:00:00:02")
         / IP(src="192.168.0.1", dst="192.168.0.2") / UDP() / Raw(b"data"))


def v4(l4):
    return ETH / IP(src="10.0.0.1", dst="10.0.0.2") / l4


def geneve(**kw):
    return UDP(sport=50000, dport=6081) / GENEVE(vni=5, **kw)


def raw_geneve(first_bytes, payload):
    return UDP(sport=50000, dport=6081) / Raw(first_bytes + payload)


def cases():
    inner = bytes(INNER)
    yield "geneve_drop_bad_version", v4(geneve(version=1) / INNER)
    # opt_len says 8 bytes of options, the packet ends after 4.
    yield "geneve_drop_opt_len", v4(raw_geneve(
        bytes([0x02, 0, 0x65, 0x58, 0, 0, 5, 0]), b"\x01\x02\x03\x01"))
    # An option whose length (2 words) runs past opt_len (1 word).
    yield "geneve_drop_bad_option", v4(raw_geneve(
        bytes([0x01, 0, 0x65, 0x58, 0, 0, 5, 0, 0x01, 0x02, 0x03, 0x02]),
        inner))
    yield "geneve_drop_bad_proto", v4(
        UDP(sport=1, dport=6081) / GENEVE(vni=5, proto=0x1234) / INNER)
    yield "vxlan_drop_no_vni_flag", v4(
        UDP(sport=1, dport=4789) / VXLAN(flags=0, vni=3) / INNER)
    yield "gre_drop_routing", v4(GRE(routing_present=1, proto=0x6558)
                                 / Raw(b"\x00" * 4) / INNER)
    yield "gre_drop_bad_version", v4(GRE(version=1, proto=0x6558) / INNER)
    # UDP checksum deliberately wrong.
    yield "tnl_drop_udp_bad_csum", v4(
        UDP(sport=1, dport=6081, chksum=0x1234) / GENEVE(vni=5) / INNER)
    yield "tnl_drop_udp_bad_len", v4(
        UDP(sport=1, dport=6081, len=4) / GENEVE(vni=5) / INNER)
    bad_ip = IP(bytes(IP(src="10.0.0.1", dst="10.0.0.2")
                      / UDP(dport=6081) / GENEVE(vni=5) / INNER))
    bad_ip.chksum ^= 0xffff
    yield "tnl_drop_ip_bad_csum", ETH / bad_ip
    yield "tnl_drop_ip_fragment", ETH / IP(
        src="10.0.0.1", dst="10.0.0.2", flags="MF") / geneve() / INNER
    # Geneve header cut in the middle.
    yield "tnl_drop_truncated", ETH / IP(bytes(
        IP(src="10.0.0.1", dst="10.0.0.2") / UDP(dport=6081)
        / Raw(b"\x00\x00\x65"))[:31])
    yield "tnl_drop_truncated", ETH / IPv6(
        src="2001:db8::1", dst="2001:db8::2") / UDP(dport=6081) / Raw(
        b"\x00\x00\x65\x58\x00")
    # NVGRE: reserved VSIDs and a header with more than K set.
    yield "nvgre:nvgre_drop_reserved_vsid", v4(
        GRE(key_present=1, key=(0x0fff << 8) | 1, proto=0x6558) / INNER)
    yield "nvgre:nvgre_drop_reserved_vsid", v4(
        GRE(key_present=1, key=(0xffffff << 8) | 1, proto=0x6558) / INNER)
    yield "nvgre:nvgre_drop_bad_header", v4(
        GRE(key_present=1, seqnum_present=1, key=0x500001, proto=0x6558)
        / INNER)


if __name__ == "__main__":
    packets = []
    for n, (reason, pkt) in enumerate(cases(), 1):
        packets.append(pkt)
        print(n, reason)
    wrpcap(sys.argv[1], packets)
