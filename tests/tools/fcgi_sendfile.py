#!/usr/bin/env python3
"""A FastCGI responder that answers every request with "X-Sendfile: PATH",
PATH being the request's query string, percent-decoded: what a worker
tricked into naming any file would send.  Spawned by lighttpd (bin-path:
the listening socket is its standard input), for
tests/api/database-sendfile-stays-in-versions.sh, which checks that
lighttpd's x-sendfile-docroot refuses every path outside DB_PATH.versions.
"""
import socket
import struct
import sys
import urllib.parse

BEGIN, END, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def records(conn):
    """Yields (type, request id, content) until the connection ends."""
    buf = b""
    while True:
        while len(buf) >= 8:
            _, rtype, rid, clen, plen, _ = struct.unpack(">BBHHBB", buf[:8])
            if len(buf) < 8 + clen + plen:
                break
            yield rtype, rid, buf[8:8 + clen]
            buf = buf[8 + clen + plen:]
        data = conn.recv(65536)
        if not data:
            return
        buf += data


def params(data):
    """The name-value pairs of FCGI_PARAMS content."""
    out, i = {}, 0

    def length():
        nonlocal i
        if data[i] & 0x80:
            n = struct.unpack(">I", data[i:i + 4])[0] & 0x7FFFFFFF
            i += 4
        else:
            n = data[i]
            i += 1
        return n

    while i < len(data):
        nlen = length()
        vlen = length()
        out[data[i:i + nlen].decode("latin-1")] = \
            data[i + nlen:i + nlen + vlen].decode("latin-1")
        i += nlen + vlen
    return out


def record(rtype, rid, content):
    return struct.pack(">BBHHBB", 1, rtype, rid, len(content), 0, 0) + content


def answer(conn):
    env, raw, rid = {}, b"", 1
    for rtype, rid, content in records(conn):
        if rtype == PARAMS and content:
            raw += content
        elif rtype == PARAMS:
            env = params(raw)
        elif rtype == STDIN and not content:
            break
    path = urllib.parse.unquote(env.get("QUERY_STRING", ""))
    head = ("Status: 200 OK\r\nContent-Type: application/octet-stream\r\n"
            "X-Sendfile: %s\r\n\r\n" % path).encode("latin-1")
    conn.sendall(record(STDOUT, rid, head) + record(STDOUT, rid, b"") +
                 record(END, rid, b"\0" * 8))


def main():
    listener = socket.socket(fileno=sys.stdin.fileno())
    while True:
        conn, _ = listener.accept()
        with conn:
            answer(conn)


if __name__ == "__main__":
    main()
