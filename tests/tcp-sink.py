#! /usr/bin/python3
"""A TCP sink and source for the system-port tests.

    tcp-sink.py ADDR PORT               accept one connection, read to EOF
    tcp-sink.py --send ADDR PORT BYTES  connect, send BYTES random bytes

Each prints "BYTES SHA256" of what it received or sent, so the test can
compare the two ends."""

import hashlib
import os
import socket
import sys


def main():
    if sys.argv[1] == "--send":
        addr, port, n = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        data = os.urandom(n)
        with socket.create_connection((addr, port), timeout=30) as s:
            s.sendall(data)
        print(n, hashlib.sha256(data).hexdigest())
        return
    addr, port = sys.argv[1], int(sys.argv[2])
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        s.listen(1)
        s.settimeout(30)
        conn, _ = s.accept()
        conn.settimeout(30)
        h = hashlib.sha256()
        n = 0
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            h.update(chunk)
            n += len(chunk)
        conn.close()
    print(n, h.hexdigest())


if __name__ == "__main__":
    main()
