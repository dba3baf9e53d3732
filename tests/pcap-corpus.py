#! /usr/bin/python3
"""Writes a varied corpus of frames to a pcap file, for comparing the flow
keys ovsx extracts with those Open vSwitch's "ovs-ofctl parse-pcap" prints.

    pcap-corpus.py OUT.pcap
"""

import sys

from scapy.all import (ARP, Dot1AD, Dot1Q, Ether, ICMP, IP, IPOption_RR,
                       IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, LLC, Raw, SNAP,
                       TCP, UDP, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS,
                       ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr, wrpcap)
from scapy.layers.sctp import SCTP

E = dict(src="00:11:22:33:44:55", dst="66:77:88:99:aa:bb")


def corpus():
    eth = Ether(**E)
    ip = IP(src="10.1.2.3", dst="10.4.5.6", ttl=17)
    p = []
    p.append(eth / ip / UDP(sport=53, dport=5353) / Raw(b"x" * 10))
    p.append(eth / ip / TCP(sport=1234, dport=80, flags="S"))
    for flags in ("SA", "A", "FA", "R", "PA", "U", "E", "C", "FSRPAUEC", "", "N"):
        p.append(eth / ip / TCP(sport=40000, dport=443, flags=flags))
    p.append(eth / ip / ICMP(type=8, code=0))
    p.append(eth / ip / ICMP(type=3, code=4))
    for tos in (0x01, 0x02, 0x03, 0xb8, 0xff):
        p.append(eth / IP(src="1.1.1.1", dst="2.2.2.2", tos=tos) / UDP())
    p.append(eth / Dot1Q(vlan=100, prio=5) / ip / UDP(sport=1, dport=2))
    p.append(eth / Dot1Q(vlan=0, prio=0) / ip / TCP())
    p.append(Ether(src=E["src"], dst=E["dst"], type=0x88a8)
             / Dot1AD(vlan=200, prio=3) / Dot1Q(vlan=300) / ip / UDP())
    p.append(eth / Dot1Q(vlan=10) / Dot1Q(vlan=20) / ip / UDP())
    p.append(Ether(src=E["src"], dst="ff:ff:ff:ff:ff:ff")
             / ARP(op=1, hwsrc=E["src"], psrc="10.0.0.1", pdst="10.0.0.2"))
    p.append(eth / ARP(op=2, hwsrc=E["src"], hwdst=E["dst"], psrc="10.0.0.2",
                       pdst="10.0.0.1"))
    p.append(eth / Dot1Q(vlan=5) / ARP(op=1, psrc="1.2.3.4", pdst="5.6.7.8"))
    p.append(eth / IP(src="3.3.3.3", dst="4.4.4.4",
                      options=[IPOption_RR(routers=["1.1.1.1"])])
             / TCP(sport=99, dport=100))
    frag = IP(src="5.5.5.5", dst="6.6.6.6", id=7) / UDP(sport=7, dport=8) \
        / Raw(b"y" * 64)
    frag = IP(bytes(frag))
    first = frag.copy()
    first.flags = "MF"
    p.append(eth / first)
    later = IP(src="5.5.5.5", dst="6.6.6.6", id=7, frag=3, proto=17) \
        / Raw(b"z" * 16)
    p.append(eth / later)
    i6 = IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=9)
    p.append(eth / i6 / UDP(sport=546, dport=547))
    p.append(eth / i6 / TCP(sport=22, dport=2222, flags="PA"))
    p.append(eth / IPv6(src="fe80::1", dst="fe80::2", fl=0x12345, tc=0x2e)
             / UDP())
    p.append(eth / i6 / IPv6ExtHdrHopByHop() / IPv6ExtHdrRouting()
             / IPv6ExtHdrDestOpt() / TCP(sport=5, dport=6))
    p.append(eth / i6 / IPv6ExtHdrFragment(offset=0, m=1, id=5)
             / UDP(sport=9, dport=10) / Raw(b"a" * 16))
    p.append(eth / i6 / IPv6ExtHdrFragment(offset=100, m=0, id=5, nh=17)
             / Raw(b"b" * 16))
    p.append(eth / i6 / ICMPv6EchoRequest())
    p.append(eth / IPv6(src="fe80::1", dst="ff02::1:ff00:2")
             / ICMPv6ND_NS(tgt="fe80::2") / ICMPv6NDOptSrcLLAddr(lladdr=E["src"]))
    p.append(eth / IPv6(src="fe80::2", dst="fe80::1")
             / ICMPv6ND_NA(tgt="fe80::2", R=0, S=1, O=1)
             / ICMPv6NDOptDstLLAddr(lladdr=E["dst"]))
    p.append(eth / IPv6(src="fe80::1", dst="ff02::2") / ICMPv6ND_NS(tgt="::"))
    p.append(eth / ip / SCTP(sport=3868, dport=3869))
    p.append(Ether(src=E["src"], dst=E["dst"], type=60) / LLC(dsap=0xaa, ssap=0xaa, ctrl=3)
             / SNAP(OUI=0, code=0x0800) / Raw(b"q" * 40))
    p.append(Ether(src=E["src"], dst=E["dst"], type=40) / LLC(dsap=0x42, ssap=0x42, ctrl=3)
             / Raw(b"stp" * 10))
    p.append(Ether(src=E["src"], dst=E["dst"], type=0x1234) / Raw(b"r" * 20))
    p.append(eth / IP(src="7.7.7.7", dst="8.8.8.8", proto=200) / Raw(b"s" * 8))
    # Truncated headers: IPv4 cut, TCP cut, IPv6 cut, ARP cut.
    p.append(Raw(bytes(eth / ip / TCP())[:14 + 12]))
    p.append(Raw(bytes(eth / ip / TCP())[:14 + 20 + 10]))
    p.append(Raw(bytes(eth / i6 / UDP())[:14 + 30]))
    p.append(Raw(bytes(eth / ARP())[:14 + 20]))
    p.append(Raw(bytes(eth)[:10]))
    return p


if __name__ == "__main__":
    wrpcap(sys.argv[1], corpus(), linktype=1)
