#! /usr/bin/python3
"""Crafts tunnel packets with scapy and checks what ovsx decodes from them.

    tunnel-decap.py write ENCAP.pcap INNER.pcap EXPECTED.json
        Writes encapsulated packets (Geneve, VXLAN, GRE, NVGRE; outer IPv4
        and IPv6; 0, 1 and many Geneve options, critical and not; inner
        Ethernet, IPv4 and IPv6), the inner frames alone (Ethernet only, so
        that "ovs-ofctl parse-pcap" can read them), and what scapy put in
        every tunnel field.

    tunnel-decap.py check [nvgre:]EXPECTED.json OVSX-OUTPUT [OFCTL-INNER]
        Compares the tunnel fields of each line "ovsx-pcap parse --decap"
        printed with what scapy built, numerically, and prints one line per
        packet: "N: ok" or "N: MISMATCH field: expected X, got Y".  With
        OFCTL-INNER, the output of "ovs-ofctl parse-pcap INNER.pcap", the
        rest of each line (the inner flow, tunnel fields removed) must equal
        what ovs-ofctl printed for that inner frame.  With "nvgre:" before
        the file name, OVSX-OUTPUT is from "parse --decap --nvgre" and only
        the NVGRE packets are checked.

The expectations come from scapy's own field values, never from ovsx.
"""

import json
import sys

from scapy.all import (Ether, GRE, IP, IPv6, Raw, TCP, UDP, ICMP, wrpcap)
from scapy.contrib.geneve import GENEVE, GeneveOptions
from scapy.layers.vxlan import VXLAN

OUTER_MACS = dict(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")


def inner_l2(n):
    return (Ether(src="0a:00:00:00:00:%02x" % n, dst="0a:00:00:00:01:%02x" % n)
            / IP(src="192.168.1.%d" % n, dst="192.168.2.%d" % n, ttl=33,
                 tos=0x10)
            / UDP(sport=1000 + n, dport=2000 + n) / Raw(b"payload"))


def inner_l2_tcp(n):
    return (Ether(src="0a:00:00:00:00:%02x" % n, dst="0a:00:00:00:01:%02x" % n)
            / IP(src="192.168.1.%d" % n, dst="192.168.2.%d" % n)
            / TCP(sport=3000 + n, dport=80, flags="S"))


def outer(v6, n):
    if v6:
        return (Ether(**OUTER_MACS)
                / IPv6(src="2001:db8::%x" % n, dst="2001:db8::1:%x" % n,
                       hlim=50, tc=0x20))
    return (Ether(**OUTER_MACS)
            / IP(src="10.0.0.%d" % n, dst="10.0.1.%d" % n, ttl=50, tos=0x20,
                 flags="DF"))


def geneve_opts(spec):
    """spec: list of (class, type, data bytes)."""
    return [GeneveOptions(classid=c, type=t, data=d) for c, t, d in spec]


def opt_hex(data):
    return int.from_bytes(data, "big") if data else None


def main_write(encap_file, inner_file, expected_file):
    packets, inners, expected = [], [], []

    def add(pkt, inner, exp):
        packets.append(pkt)
        expected.append(exp)
        if inner is not None:
            inners.append(inner)
            exp["inner_index"] = len(inners) - 1

    def tun_addrs(v6, n):
        if v6:
            return {"tun_ipv6_src": "2001:db8::%x" % n,
                    "tun_ipv6_dst": "2001:db8::1:%x" % n}
        return {"tun_src": "10.0.0.%d" % n, "tun_dst": "10.0.1.%d" % n}

    option_sets = [
        [],
        [(0x102, 0x80, b"\x00\x01\x00\x02")],
        [(0xffff, 0x00, b"\x00\x00\x00\x0a"),
         (0x102, 0x80, b"\x00\x01\x00\x02"),
         (0x0101, 0x05, b""),
         (0x0200, 0x7f, bytes(range(1, 9)))],
        [(0x0abc, 0x01, bytes(range(124)))],
    ]
    n = 1
    for v6 in (False, True):
        for opts in option_sets:
            crit = any(t & 0x80 for _, t, _ in opts)
            inner = inner_l2(n)
            g = GENEVE(vni=0x10 + n, proto=0x6558, critical=int(crit),
                       options=geneve_opts(opts))
            pkt = outer(v6, n) / UDP(sport=50000 + n, dport=6081) / g / inner
            exp = {"type": "geneve", "tun_id": 0x10 + n, "tun_ttl": 50,
                   "tun_tos": 0x20, "options": opts and
                   [[c, t, len(d), d.hex()] for c, t, d in opts] or [],
                   "critical": crit}
            exp.update(tun_addrs(v6, n))
            add(pkt, inner, exp)
            n += 1

    # Geneve with the OAM bit, and inner L3 payloads (no inner Ethernet).
    inner = inner_l2_tcp(n)
    pkt = (outer(False, n) / UDP(sport=50000, dport=6081)
           / GENEVE(vni=7, proto=0x6558, oam=1) / inner)
    exp = {"type": "geneve", "tun_id": 7, "options": [], "oam": True}
    exp.update(tun_addrs(False, n))
    add(pkt, inner, exp)
    n += 1
    for v6_inner in (False, True):
        l3 = (IPv6(src="fd00::1", dst="fd00::2") / UDP(sport=5, dport=6)
              if v6_inner else
              IP(src="172.16.0.1", dst="172.16.0.2") / ICMP())
        pkt = (outer(False, n) / UDP(sport=50001, dport=6081)
               / GENEVE(vni=99, proto=0x86DD if v6_inner else 0x0800) / l3)
        exp = {"type": "geneve", "tun_id": 99, "options": [],
               "inner_l3": "ipv6" if v6_inner else "ip"}
        exp.update(tun_addrs(False, n))
        add(pkt, None, exp)
        n += 1

    for v6 in (False, True):
        inner = inner_l2(n)
        pkt = (outer(v6, n) / UDP(sport=40000 + n, dport=4789)
               / VXLAN(vni=0x123456, flags=0x08) / inner)
        exp = {"type": "vxlan", "tun_id": 0x123456, "tun_ttl": 50}
        exp.update(tun_addrs(v6, n))
        add(pkt, inner, exp)
        n += 1

        inner = inner_l2(n)
        pkt = (outer(v6, n) / GRE(key_present=1, key=0x1234, proto=0x6558)
               / inner)
        exp = {"type": "gre", "tun_id": 0x1234, "tun_ttl": 50}
        exp.update(tun_addrs(v6, n))
        add(pkt, inner, exp)
        n += 1

        # NVGRE: VSID 0x12345, FlowID 0x07 (RFC 7637 §3.2).
        inner = inner_l2(n)
        pkt = (outer(v6, n)
               / GRE(key_present=1, key=(0x12345 << 8) | 0x07, proto=0x6558)
               / inner)
        exp = {"type": "nvgre", "tun_id": 0x12345, "tun_flowid": 0x07,
               "gre_key": (0x12345 << 8) | 0x07}
        exp.update(tun_addrs(v6, n))
        add(pkt, inner, exp)
        n += 1

    wrpcap(encap_file, packets)
    wrpcap(inner_file, inners)
    with open(expected_file, "w") as f:
        json.dump(expected, f, indent=1)


def split_top(s):
    """Splits "a=1,b=geneve({x,y}),c" at commas outside brackets."""
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def parse_geneve(text):
    """geneve({class=0x102,type=0x80,len=4,0x10002}{...}) -> list."""
    body = text[len("geneve("):-1]
    opts = []
    for chunk in body.split("}")[:-1]:
        fields = chunk.lstrip("{").split(",")
        kv = dict(f.split("=", 1) for f in fields if "=" in f)
        values = [f for f in fields if "=" not in f]
        length = int(kv["len"], 0)
        data = (int(values[0], 0).to_bytes(length, "big").hex()
                if values else "")
        opts.append([int(kv["class"], 0), int(kv["type"], 0), length, data])
    return opts


def main_check(expected_file, output_file, ofctl_file=None):
    # "--nvgre" output: GRE read as NVGRE; only the NVGRE packets are
    # checked, the others are NVGRE-invalid by design.
    nvgre_mode = expected_file.startswith("nvgre:")
    if nvgre_mode:
        expected_file = expected_file[len("nvgre:"):]
    expected = json.load(open(expected_file))
    lines = open(output_file).read().splitlines()
    ofctl = open(ofctl_file).read().splitlines() if ofctl_file else None
    status = 0
    if len(lines) != len(expected):
        print("MISMATCH: %d lines for %d packets" % (len(lines),
                                                    len(expected)))
        return 1
    for i, (exp, line) in enumerate(zip(expected, lines)):
        got, problems = {}, []
        if nvgre_mode and exp["type"] != "nvgre":
            continue
        if exp["type"] == "nvgre" and not nvgre_mode:
            # Plain GRE: the key is the whole 32 bits, no FlowID split.
            exp = dict(exp, tun_id=exp["gre_key"])
            del exp["tun_flowid"]
        for tok in split_top(line):
            if tok.startswith("geneve("):
                got["options"] = parse_geneve(tok)
            elif "=" in tok:
                k, v = tok.split("=", 1)
                got[k] = v
            else:
                got[tok] = True
        for field in ("tun_id", "tun_ttl", "tun_tos", "tun_flowid"):
            if field in exp:
                g = got.get(field)
                if g is None or int(g, 0) != exp[field]:
                    problems.append("%s: expected %#x, got %s"
                                    % (field, exp[field], g))
        for field in ("tun_src", "tun_dst", "tun_ipv6_src", "tun_ipv6_dst"):
            if field in exp and got.get(field) != exp[field]:
                problems.append("%s: expected %s, got %s"
                                % (field, exp[field], got.get(field)))
        if exp["type"] == "geneve":
            if got.get("options", []) != exp["options"]:
                problems.append("options: expected %s, got %s"
                                % (exp["options"], got.get("options")))
        flags = got.get("tun_flags", "")
        if exp.get("critical") and "crit" not in flags:
            problems.append("tun_flags: C bit missing in %r" % flags)
        if exp.get("oam") and "oam" not in flags:
            problems.append("tun_flags: oam missing in %r" % flags)
        if "inner_l3" in exp:
            want = "(1,0x800)" if exp["inner_l3"] == "ip" else "(1,0x86dd)"
            if got.get("packet_type") != want:
                problems.append("packet_type: expected %s, got %s"
                                % (want, got.get("packet_type")))
        if ofctl is not None and "inner_index" in exp:
            inner = ",".join(t for t in split_top(line)
                             if not t.startswith(("tun_", "geneve(")))
            want = ofctl[exp["inner_index"]]
            if inner != want:
                problems.append("inner flow: expected %r, got %r"
                                % (want, inner))
        if problems:
            status = 1
            print("%d: MISMATCH %s" % (i + 1, "; ".join(problems)))
        else:
            print("%d: ok" % (i + 1))
    return status


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "write":
        main_write(*sys.argv[2:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "check":
        sys.exit(main_check(*sys.argv[2:]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
