#!/usr/bin/env python3
"""A static file server with entity tags, for the mirroring tests.

Serves the files of --dir on 127.0.0.1 the way a static server or an object
store does: a strong ETag (a hash of the content, so that a file replaced
by another gets another tag), If-None-Match answered with 304.  The port is
chosen by the kernel and written to --port-file.  The first path segment
picks a fault:

    /ok/NAME          NAME as is (ETag, 304)
    /truncated/NAME   Content-Length of the whole file, half the body, close
    /html/NAME        200 with an HTML error page (Content-Type text/html)
    /500/NAME         500 with a short text body

A file's compressed forms, NAME.zst and NAME.gz beside it, are served
instead of NAME (Content-Encoding zstd or gzip, each with its own strong
ETag) to a request whose Accept-Encoding takes them, zstd first: what an
instance's /v1/database does.

With --alias PATH=FILE, a request for PATH is served as the path that FILE
holds when the request comes (such as /truncated/new.db): a test switches
what a fixed URL (an instance's /v1/database) serves.  --port asks for a
port (0, the default: the kernel's choice).

GET /_stats answers, as JSON, the number of requests per path, the last
If-None-Match and Accept-Encoding each path received ("" when none) and
the coding of its last answer ("identity" when none).  SIGTERM and SIGINT stop
the server.  Python 3 standard library only.
"""

import argparse
import hashlib
import http.server
import json
import os
import signal
import sys
import threading

HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title>"
             b"</head><body><h1>502 Bad Gateway</h1></body></html>\n")


class State:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.counts = {}
        self.if_none_match = {}
        self.accept_encoding = {}
        self.coding = {}

    def record(self, path, inm, ae):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            self.if_none_match[path] = inm or ""
            self.accept_encoding[path] = ae or ""

    def served(self, path, coding):
        with self.lock:
            self.coding[path] = coding

    def stats(self):
        with self.lock:
            return {"counts": dict(self.counts),
                    "if_none_match": dict(self.if_none_match),
                    "accept_encoding": dict(self.accept_encoding),
                    "coding": dict(self.coding)}


def takes(header, coding):
    """Whether Accept-Encoding lists coding with a q above 0."""
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() not in (coding, "*"):
            continue
        q = params.strip()
        return not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return False


def matches(header, etag):
    """If-None-Match's weak comparison (RFC 9110 13.1.2)."""
    if header.strip() == "*":
        return True
    for tag in header.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "db_server"
    sys_version = ""

    def log_message(self, fmt, *args):
        sys.stderr.write("db_server: %s\n" % (fmt % args))

    def send_text(self, status, body, ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        state = self.server.state
        path = self.path.split("?", 1)[0]
        state.record(path, self.headers.get("If-None-Match"),
                     self.headers.get("Accept-Encoding"))
        if path in state.aliases:
            with open(state.aliases[path], encoding="utf-8") as f:
                path = f.read().strip()
        if path == "/_stats":
            self.send_text(200, json.dumps(state.stats()).encode(),
                           "application/json")
            return
        parts = path.strip("/").split("/")
        if len(parts) != 2 or parts[0] not in ("ok", "truncated", "html",
                                               "500"):
            self.send_text(404, b"not found\n")
            return
        fault, name = parts
        if fault == "500":
            self.send_text(500, b"internal error\n")
            return
        if fault == "html":
            self.send_text(200, HTML_PAGE, "text/html; charset=utf-8")
            return
        file = os.path.join(state.directory, os.path.basename(name))
        coding = "identity"
        ae = self.headers.get("Accept-Encoding")
        for c, suffix in (("zstd", ".zst"), ("gzip", ".gz")):
            if takes(ae, c) and os.path.exists(file + suffix):
                coding, file = c, file + suffix
                break
        try:
            with open(file, "rb") as f:
                data = f.read()
        except OSError:
            self.send_text(404, b"not found\n")
            return
        state.served(path, coding)
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:20]
        inm = self.headers.get("If-None-Match")
        if fault == "ok" and inm is not None and matches(inm, etag):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.sqlite3")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        if coding != "identity":
            self.send_header("Content-Encoding", coding)
        self.send_header("Vary", "Accept-Encoding")
        if fault == "truncated":
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if fault == "truncated":
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--alias", action="append", default=[])
    args = parser.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port),
                                             Handler)
    server.daemon_threads = True
    server.state = State(args.dir)
    server.state.aliases = dict(a.split("=", 1) for a in args.alias)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
