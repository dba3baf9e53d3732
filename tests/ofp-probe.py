#! /usr/bin/python3
"""Sends hand-made OpenFlow messages to a switch and prints its replies.

    ofp-probe.py SOCKET

For each case: connect to unix SOCKET, exchange HELLOs for the case's
version, send the case's message, and print the case name and every reply
(type and, for errors, type/code and the returned bytes) until a barrier
reply or a timeout.  The same cases against ovsx and Open vSwitch must
print the same."""

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


def main():
    path = sys.argv[1]
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
