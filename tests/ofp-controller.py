#! /usr/bin/python3
"""A minimal OpenFlow controller for the tests: the switch connects to it.

    ofp-controller.py SOCKET COUNT TIMEOUT [BARRIER_AFTER [LINGER]]

Listens on unix SOCKET, takes one connection from a switch, offers
OpenFlow 1.0 in its HELLO, answers echo requests, and prints "connected",
then one line per packet-in ("packet_in in_port=N reason=N total_len=N
data_len=N") until COUNT packet-ins or TIMEOUT seconds have passed.  Other
messages (port status...) are not printed, so that switches that send
more of them print the same.

With BARRIER_AFTER, it sends a barrier request that many seconds after
the connection (the first message by which a controller shows that it
takes the switch), prints "barrier_reply" when the answer comes, and then
stops, or with LINGER stays connected that many seconds more (answering
echo requests); COUNT does not stop it."""

import os
import socket
import struct
import sys
import time

OFPT_HELLO, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY = 0, 2, 3
OFPT_PACKET_IN = 10
OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY = 18, 19


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main():
    path, count, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    barrier_after = float(sys.argv[4]) if len(sys.argv) > 4 else None
    linger = float(sys.argv[5]) if len(sys.argv) > 5 else 0
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    deadline = time.time() + timeout
    server.settimeout(timeout)
    try:
        conn, _ = server.accept()
    except socket.timeout:
        print("no connection")
        return 1
    finally:
        server.close()
        os.unlink(path)
    print("connected", flush=True)
    bitmap = struct.pack("!HHI", 1, 8, 1 << 1)
    conn.sendall(struct.pack("!BBHI", 1, OFPT_HELLO, 16, 1) + bitmap)
    n = 0
    barrier_at = (time.time() + barrier_after
                  if barrier_after is not None else None)
    while barrier_at is not None or n < count:
        left = deadline - time.time()
        if left <= 0:
            print("timeout")
            break
        if barrier_at is not None and barrier_at != 0:
            if time.time() >= barrier_at:
                conn.sendall(struct.pack("!BBHI", 1, OFPT_BARRIER_REQUEST,
                                         8, 2))
                barrier_at = 0
            else:
                left = min(left, barrier_at - time.time())
        conn.settimeout(max(left, 0.01))
        try:
            hdr = recv_exact(conn, 8)
        except socket.timeout:
            if barrier_at:
                continue
            print("timeout")
            break
        if hdr is None:
            print("closed")
            break
        version, type_, length, xid = struct.unpack("!BBHI", hdr)
        body = recv_exact(conn, length - 8) or b""
        if type_ == OFPT_ECHO_REQUEST:
            conn.sendall(struct.pack("!BBHI", version, OFPT_ECHO_REPLY,
                                     length, xid) + body)
        elif type_ == OFPT_PACKET_IN and version == 1:
            _, total_len, in_port, reason = struct.unpack("!IHHB", body[:9])
            print("packet_in in_port=%d reason=%d total_len=%d data_len=%d"
                  % (in_port, reason, total_len, len(body) - 10), flush=True)
            n += 1
        elif type_ == OFPT_BARRIER_REPLY and barrier_at == 0:
            print("barrier_reply", flush=True)
            break
    end = time.time() + linger
    while time.time() < end:
        conn.settimeout(max(end - time.time(), 0.01))
        try:
            hdr = recv_exact(conn, 8)
        except socket.timeout:
            break
        if hdr is None:
            break
        version, type_, length, xid = struct.unpack("!BBHI", hdr)
        body = recv_exact(conn, length - 8) or b""
        if type_ == OFPT_ECHO_REQUEST:
            conn.sendall(struct.pack("!BBHI", version, OFPT_ECHO_REPLY,
                                     length, xid) + body)
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
