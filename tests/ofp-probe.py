#! /usr/bin/python3
"""Sends hand-made OpenFlow messages to a switch and prints its replies.

    ofp-probe.py SOCKET [flows]

For each case: connect to unix SOCKET, exchange HELLOs for the case's
version, send the case's message, and print the case name and every reply
(type and, for errors, type/code and the returned bytes) until a barrier
reply or a timeout.  The same cases against ovsx and Open vSwitch must
print the same.  With "flows", the cases are malformed flow mods,
flow statistics requests and TLV table mods instead."""

import socket
import struct
import sys

OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY = 0, 1, 2, 3
OFPT_EXPERIMENTER, OFPT_FEATURES_REQUEST = 4, 5
OFPT_GET_CONFIG_REQUEST, OFPT_SET_CONFIG = 7, 9
BARRIER = {1: (18, 19), 4: (20, 21), 5: (20, 21), 6: (20, 21)}
STATS = {1: 16, 4: 18, 5: 18, 6: 18}


def msg(version, type_, xid, body=b""):
    return struct.pack("!BBHI", version, type_, 8 + len(body), xid) + body


def hello(version):
    bitmap = struct.pack("!HHI", 1, 8, 1 << version)
    return msg(version, OFPT_HELLO, 1, bitmap)


def recv_msg(sock):
    hdr = b""
    while len(hdr) < 8:
        chunk = sock.recv(8 - len(hdr))
        if not chunk:
            return None
        hdr += chunk
    length = struct.unpack("!H", hdr[2:4])[0]
    body = b""
    while len(body) < length - 8:
        chunk = sock.recv(length - 8 - len(body))
        if not chunk:
            return None
        body += chunk
    return hdr + body


def describe(m):
    version, type_, length, xid = struct.unpack("!BBHI", m[:8])
    s = "  v%d type %d xid %d len %d" % (version, type_, xid, length)
    if type_ == OFPT_ERROR:
        etype, code = struct.unpack("!HH", m[8:12])
        s += " error %d/%d data %s" % (etype, code, m[12:].hex())
    elif type_ == OFPT_EXPERIMENTER:
        s += " body %s" % m[8:].hex()
    elif type_ == OFPT_ECHO_REPLY:
        s += " payload %s" % m[8:].hex()
    return s


def run_case(path, name, version, message):
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(2)
    sock.connect(path)
    sock.sendall(hello(version))
    peer = recv_msg(sock)
    print(name)
    if peer is None or peer[1] != OFPT_HELLO:
        print("  no hello")
        return
    barrier_req, barrier_rep = BARRIER[version]
    try:
        sock.sendall(message + msg(version, barrier_req, 99))
    except (BrokenPipeError, ConnectionResetError):
        pass
    while True:
        try:
            m = recv_msg(sock)
        except socket.timeout:
            print("  timeout")
            break
        except ConnectionResetError:
            m = None
        if m is None:
            print("  closed")
            break
        if m[1] == barrier_rep and struct.unpack("!I", m[4:8])[0] == 99:
            print("  barrier")
            break
        print(describe(m))
    sock.close()


def ofp10_match(wildcards=0x3fffff, dl_type=0, nw_src=0):
    return struct.pack("!IH6s6sHBxHBBxxIIHH", wildcards, 0, b"\0" * 6,
                       b"\0" * 6, 0, 0, dl_type, 0, 0, nw_src, 0, 0, 0)


def ofp10_flow_mod(xid, match=None, command=0, flags=0, actions=b"",
                   priority=100):
    body = (match if match is not None else ofp10_match())
    body += struct.pack("!QHHHHIHH", 0, command, 0, 0, priority, 0xffffffff,
                        0xffff, flags)
    return msg(1, 14, xid, body + actions)


def nx_flow_mod(xid, nxm, command=0, actions=b"", match_len=None):
    pad = b"\0" * ((8 - len(nxm) % 8) % 8)
    body = struct.pack("!II", 0x2320, 13)
    body += struct.pack("!QHHHHIHHH6x", 0, command, 0, 0, 100, 0xffffffff,
                        0xffff, 0, len(nxm) if match_len is None
                        else match_len)
    return msg(1, OFPT_EXPERIMENTER, xid, body + nxm + pad + actions)


def ofp13_flow_mod(xid, oxm=b"", table=0, command=0, instructions=b"",
                   match_type=1, version=4):
    length = 4 + len(oxm)
    match = struct.pack("!HH", match_type, length) + oxm
    match += b"\0" * ((8 - len(match) % 8) % 8)
    body = struct.pack("!QQBBHHHIIIHxx", 0, 0, table, command, 0, 0, 100,
                       0xffffffff, 0xffffffff, 0xffffffff, 0)
    return msg(version, 14, xid, body + match + instructions)


def output10(port, length=8):
    return struct.pack("!HHHH", 0, length, port, 0)[:length] \
        if length >= 8 else struct.pack("!HH", 0, length)


def flow_cases():
    nx = struct.pack("!I", 0x2320)
    eth_ip = struct.pack("!IH", 0x00000602, 0x0800)
    ip_src = struct.pack("!II", 0x00000e04, 0x0a000001)
    goto = lambda t: struct.pack("!HHB3x", 1, 8, t)
    apply = lambda acts: struct.pack("!HH4x", 4, 8 + len(acts)) + acts
    out13 = struct.pack("!HHIH6x", 0, 16, 1, 0)
    tlv = lambda cmd, maps: msg(1, OFPT_EXPERIMENTER, 60, nx + struct.pack(
        "!IH6x", 24, cmd) + maps)
    tlv_map = lambda cls, typ, ln, idx: struct.pack("!HBBH2x", cls, typ, ln,
                                                    idx)
    return [
        ("flow mod 1.0 short", 1, msg(1, 14, 30, b"\0" * 10)),
        ("flow mod 1.0 bad command", 1, ofp10_flow_mod(31, command=7)),
        ("flow mod 1.0 action bad len", 1,
         ofp10_flow_mod(32, actions=struct.pack("!HH", 0, 4))),
        ("flow mod 1.0 action unknown", 1,
         ofp10_flow_mod(33, actions=struct.pack("!HHI", 99, 8, 0))),
        ("flow mod 1.0 output reserved", 1,
         ofp10_flow_mod(34, actions=output10(0xff80))),
        ("flow mod 1.0 emergency", 1, ofp10_flow_mod(35, flags=4)),
        ("flow mod 1.0 unknown flag", 1, ofp10_flow_mod(36, flags=0x100)),
        ("flow mod 1.0 actions not multiple of 8", 1,
         ofp10_flow_mod(37, actions=output10(1) + b"\0\0\0\0")),
        ("flow mod 1.0 delete", 1, ofp10_flow_mod(38, command=3)),
        ("nx flow mod match past end", 1,
         nx_flow_mod(40, eth_ip, match_len=64)),
        ("nx flow mod dup field", 1, nx_flow_mod(41, eth_ip + eth_ip)),
        ("nx flow mod cookie mask on add", 1,
         nx_flow_mod(42, struct.pack("!IQQ", 0x00013d10, 1, 1))),
        ("nx flow mod prereq", 1, nx_flow_mod(43, ip_src)),
        ("nx flow mod unknown field", 1,
         nx_flow_mod(44, struct.pack("!IH", 0x0000f002, 1))),
        ("nx flow mod truncated field", 1,
         nx_flow_mod(45, struct.pack("!I", 0x00000e04) + b"\0\0")),
        ("nx flow mod ok", 1, nx_flow_mod(46, eth_ip + ip_src,
                                          actions=output10(1))),
        ("flow mod 1.3 table all add", 4, ofp13_flow_mod(50, table=255)),
        ("flow mod 1.3 standard match", 4,
         ofp13_flow_mod(51, match_type=0)),
        ("flow mod 1.3 goto backwards", 4,
         ofp13_flow_mod(52, table=5, instructions=goto(3))),
        ("flow mod 1.3 dup instruction", 4,
         ofp13_flow_mod(53, instructions=goto(3) + goto(4))),
        ("flow mod 1.3 unknown instruction", 4,
         ofp13_flow_mod(54, instructions=struct.pack("!HH4x", 77, 8))),
        ("flow mod 1.3 apply output", 4,
         ofp13_flow_mod(55, instructions=apply(out13))),
        ("flow mod 1.3 short", 4, msg(4, 14, 56, b"\0" * 20)),
        ("flow mod 1.3 hidden table", 4, ofp13_flow_mod(57, table=254)),
        ("flow mod 1.4 bad command", 5, ofp13_flow_mod(58, command=9,
                                                       version=5)),
        ("nx flow stats trailing bytes", 1, msg(1, STATS[1], 61,
         struct.pack("!HH", 0xffff, 0) + nx + struct.pack("!I4x", 0)
         + struct.pack("!HHB3x", 0xffff, 0, 0xff) + b"\0" * 8)),
        ("flow stats 1.3 short", 4, msg(4, STATS[4], 62,
                                        struct.pack("!HH4x", 1, 0))),
        ("set flow format bad", 1, msg(1, OFPT_EXPERIMENTER, 63, nx
                                       + struct.pack("!II", 12, 5))),
        ("flow mod table id short", 1, msg(1, OFPT_EXPERIMENTER, 64, nx
                                           + struct.pack("!IB", 15, 1))),
        ("tlv bad length", 1, msg(1, OFPT_EXPERIMENTER, 65, nx
                                  + struct.pack("!IH6x", 24, 0) + b"\0")),
        ("tlv bad command", 1, tlv(7, b"")),
        ("tlv bad opt len", 1, tlv(0, tlv_map(0xffff, 1, 5, 0))),
        ("tlv bad index", 1, tlv(0, tlv_map(0xffff, 1, 4, 64))),
        ("tlv add", 1, tlv(0, tlv_map(0xffff, 1, 4, 0))),
        ("tlv add again", 1, tlv(0, tlv_map(0xffff, 2, 4, 0))),
        ("tlv request", 1, msg(1, OFPT_EXPERIMENTER, 66, nx
                               + struct.pack("!I", 25))),
        ("tlv clear", 1, tlv(2, b"")),
    ]


def main():
    path = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2] == "flows":
        for name, version, message in flow_cases():
            run_case(path, name, version, message)
        return
    nx = struct.pack("!I", 0x2320)
    cases = [
        ("echo with payload 1.0", 1, msg(1, OFPT_ECHO_REQUEST, 2, b"abc")),
        ("echo with payload 1.3", 4, msg(4, OFPT_ECHO_REQUEST, 2, b"xyz")),
        ("version mismatch", 4, msg(1, OFPT_ECHO_REQUEST, 3)),
        ("unknown type 1.0", 1, msg(1, 99, 4)),
        ("unknown type 1.3", 4, msg(4, 99, 4)),
        ("unknown stats 1.0", 1, msg(1, STATS[1], 5,
                                     struct.pack("!HH", 200, 0))),
        ("unknown multipart 1.3", 4, msg(4, STATS[4], 5,
                                         struct.pack("!HH4x", 200, 0))),
        ("short stats 1.0", 1, msg(1, STATS[1], 6, b"\0")),
        ("unknown experimenter", 4, msg(4, OFPT_EXPERIMENTER, 7,
                                        struct.pack("!II", 0x123456, 1))),
        ("unknown nicira subtype", 1, msg(1, OFPT_EXPERIMENTER, 8,
                                          nx + struct.pack("!I", 9999))),
        ("get config 1.0", 1, msg(1, OFPT_GET_CONFIG_REQUEST, 9)),
        ("short set config", 1, msg(1, OFPT_SET_CONFIG, 10, b"\0")),
        ("features with junk 1.3", 4, msg(4, OFPT_FEATURES_REQUEST, 11,
                                          b"\0" * 8)),
        ("barrier only 1.5", 6, b""),
        ("barrier with junk 1.0", 1, msg(1, 18, 12, b"\0" * 4)),
        ("get config with junk 1.3", 4, msg(4, OFPT_GET_CONFIG_REQUEST, 13,
                                            b"\0" * 4)),
        ("long set config 1.3", 4, msg(4, OFPT_SET_CONFIG, 14, b"\0" * 8)),
        ("desc with junk 1.0", 1, msg(1, STATS[1], 15,
                                      struct.pack("!HH4x", 0, 0))),
        ("desc with junk 1.3", 4, msg(4, STATS[4], 15,
                                      struct.pack("!HH4x4x", 0, 0))),
        ("port desc no body 1.0", 1, msg(1, STATS[1], 16,
                                         struct.pack("!HH", 13, 0))),
        ("port desc body 1.0", 1, msg(1, STATS[1], 16,
                                      struct.pack("!HHH6x", 13, 0, 0xffff))),
        ("port desc body 1.3", 4, msg(4, STATS[4], 17,
                                      struct.pack("!HH4xI4x", 13, 0,
                                                  0xffffffff))),
        ("port desc no body 1.5", 6, msg(6, STATS[6], 18,
                                         struct.pack("!HH4x", 13, 0))),
        ("echo reply 1.0 on 1.3", 4, msg(1, OFPT_ECHO_REPLY, 19)),
        ("error 1.0 on 1.3", 4, msg(1, OFPT_ERROR, 20,
                                    struct.pack("!HH", 1, 1))),
        ("experimenter 1.0 on 1.3", 4, msg(1, OFPT_EXPERIMENTER, 21,
                                           struct.pack("!II", 0x123456, 1))),
        ("hello again", 4, hello(4)),
        ("features 1.0 on 1.3", 4, msg(1, OFPT_FEATURES_REQUEST, 23)),
        ("barrier 1.3 on 1.0", 1, msg(4, 20, 24)),
        ("too short header", 4, struct.pack("!BBHI", 4, 2, 4, 22)),
    ]
    for name, version, message in cases:
        run_case(path, name, version, message)


if __name__ == "__main__":
    main()
