#!/usr/bin/env python3
"""A fault-injecting BDPM file server for the integration tests.

Serves the files of --dir on 127.0.0.1, on a port chosen by the kernel and
written to --port-file.  The first path segment of a URL picks the faults, so
that one server serves every test:

    /ok/NAME                       NAME as is
    /FAULT:TARGET/NAME             FAULT when NAME is TARGET, NAME as is otherwise
    /F1:T1,F2:T2/NAME              several faults, each on its own file
    /FAULT:*/NAME                  FAULT on every file

With --alias PREFIX=SEGMENT (repeatable), PREFIX/NAME is answered as
/SEGMENT/NAME: the paths of a site (--alias /download/file=ok serves the
files where the BDPM site used to, and nothing at /index.php/download/file,
which answers 404 like any unknown path).

FAULT is one of:

    500, 404       that status, with a short text body
    503once        503 with Retry-After: 1 on the first request for the URL,
                   then the file
    html           200 with an HTML error page (Content-Type text/html)
    truncated      Content-Length of the whole file, half the body, then close
    empty          200 with an empty body
    stall          headers and a few bytes, then nothing for --stall-seconds
                   (the connection stays open)
    slow           the whole file, in small pieces with pauses

Like the real BDPM site, answers carry no ETag nor Last-Modified and say
Cache-Control: private, must-revalidate.  GET /_stats answers the number of
requests per path, as JSON, so that a test can see retries happen.  Each
request is logged on stderr.  SIGTERM and SIGINT stop the server cleanly.

With --tls-cert and --tls-key it speaks HTTPS instead, sending exactly the
certificates of --tls-cert (a leaf alone, like the BDPM site, when that is
all the file holds).

Python 3 standard library only.
"""

import argparse
import http.server
import json
import os
import signal
import ssl
import sys
import threading
import time
import urllib.parse

FAULTS = ("500", "404", "503once", "html", "truncated", "empty", "stall",
          "slow")

HTML_PAGE = (b"<!DOCTYPE html>\n<html lang=\"fr\"><head><title>Erreur</title>"
             b"</head><body><h1>Service momentan\xc3\xa9ment indisponible</h1>"
             b"<p>Veuillez r\xc3\xa9essayer plus tard.</p></body></html>\n")


class State:
    """What the handler threads share."""

    def __init__(self, directory, stall_seconds):
        self.directory = directory
        self.stall_seconds = stall_seconds
        self.lock = threading.Lock()
        self.counts = {}
        self.stopping = threading.Event()

    def count(self, path):
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            return self.counts[path]

    def stats(self):
        with self.lock:
            return dict(self.counts)


def parse_faults(segment):
    """'500:A.txt,html:B.txt' -> {'A.txt': '500', 'B.txt': 'html'}; None if bad."""
    if segment == "ok":
        return {}
    faults = {}
    for part in segment.split(","):
        fault, sep, target = part.partition(":")
        if not sep or fault not in FAULTS or not target:
            return None
        faults[target] = fault
    return faults


def alias_path(path, aliases):
    """PREFIX/NAME -> /SEGMENT/NAME for the first alias whose PREFIX fits."""
    for prefix, segment in aliases:
        head, sep, name = path.rpartition("/")
        if sep and head == prefix:
            return "/%s/%s" % (segment, name)
    return path


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "bdpm-test-server"
    sys_version = ""

    @property
    def state(self):
        return self.server.state

    def setup(self):
        self.tls_failed = False
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(30)
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError) as e:
                # What a client that refuses the certificate looks like.
                sys.stderr.write("bdpm_server: TLS handshake: %s\n" % e)
                sys.stderr.flush()
                self.tls_failed = True
            self.request.settimeout(None)
        super().setup()

    def handle(self):
        if not self.tls_failed:
            super().handle()

    def log_message(self, fmt, *args):
        pass  # one line per request is written by log_request_line

    def log_request_line(self, fault, status):
        sys.stderr.write("bdpm_server: %s %s fault=%s status=%s\n" % (
            self.command, self.path, fault or "-", status))
        sys.stderr.flush()

    def common_headers(self, length=None, ctype="text/plain"):
        self.send_header("Content-Type", ctype)
        self.send_header("Cache-Control", "private, must-revalidate")
        if length is not None:
            self.send_header("Content-Length", str(length))

    def send_text(self, status, body, ctype="text/plain; charset=utf-8",
                  extra=()):
        self.send_response(status)
        self.common_headers(len(body), ctype)
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        n = self.state.count(path)
        if path == "/_stats":
            body = (json.dumps(self.state.stats(), sort_keys=True) +
                    "\n").encode()
            self.log_request_line(None, 200)
            self.send_text(200, body, "application/json")
            return
        parts = alias_path(path, self.server.aliases).split("/")
        if len(parts) != 3 or parts[0] != "" or parts[2] in ("", ".", ".."):
            self.log_request_line(None, 404)
            self.send_text(404, b"not found\n")
            return
        faults = parse_faults(parts[1])
        if faults is None:
            self.log_request_line(None, 400)
            self.send_text(400, b"unknown fault in %r\n" % parts[1].encode())
            return
        name = parts[2]
        fault = faults.get(name, faults.get("*"))
        try:
            with open(os.path.join(self.state.directory, name), "rb") as f:
                data = f.read()
        except OSError:
            self.log_request_line(fault, 404)
            self.send_text(404, b"no such file\n")
            return
        if fault == "503once" and n > 1:
            fault = None
        status = self.serve(fault, data)
        self.log_request_line(fault, status)

    def serve(self, fault, data):
        """Answers with the file, spoilt by fault; returns the status sent."""
        if fault == "500":
            self.send_text(500, b"Internal Server Error\n")
            return 500
        if fault == "404":
            self.send_text(404, b"Not Found\n")
            return 404
        if fault == "503once":
            self.send_text(503, b"Service Unavailable\n",
                           extra=(("Retry-After", "1"),))
            return 503
        if fault == "html":
            self.send_text(200, HTML_PAGE, "text/html; charset=utf-8")
            return 200
        if fault == "empty":
            self.send_text(200, b"")
            return 200
        self.send_response(200)
        self.common_headers(len(data))
        if fault in ("truncated", "stall"):
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return 200
        if fault == "truncated":
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
        elif fault == "stall":
            self.wfile.write(data[:16])
            self.wfile.flush()
            self.state.stopping.wait(self.state.stall_seconds)
        elif fault == "slow":
            step = max(1, len(data) // 20)
            for i in range(0, len(data), step):
                if self.state.stopping.is_set():
                    break
                self.wfile.write(data[i:i + step])
                self.wfile.flush()
                time.sleep(0.05)
        else:
            self.wfile.write(data)
        return 200


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a stalled handler never keeps the process alive
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True, help="files to serve")
    parser.add_argument("--port-file", required=True,
                        help="where to write the port, once listening")
    parser.add_argument("--stall-seconds", type=float, default=120.0,
                        help="how long the stall fault holds a connection")
    parser.add_argument("--tls-cert", help="HTTPS: the certificate chain "
                        "to send (PEM)")
    parser.add_argument("--tls-key", help="HTTPS: its private key (PEM)")
    parser.add_argument("--alias", action="append", default=[],
                        metavar="PREFIX=SEGMENT", help="answer PREFIX/NAME "
                        "as /SEGMENT/NAME (repeatable)")
    args = parser.parse_args()
    aliases = []
    for a in args.alias:
        prefix, sep, segment = a.partition("=")
        if not sep or not prefix.startswith("/") or prefix.endswith("/") \
                or parse_faults(segment) is None:
            parser.error("--alias %s: expected /PREFIX=SEGMENT" % a)
        aliases.append((prefix, segment))
    if not os.path.isdir(args.dir):
        parser.error("--dir %s: not a directory" % args.dir)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")

    server = Server(("127.0.0.1", 0), Handler)
    server.state = State(args.dir, args.stall_seconds)
    server.aliases = aliases
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake happens in the handler's thread, so that a client
        # that refuses the certificate never holds up the others.
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    # Written then renamed, so that a reader never sees a partial number.
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    sys.stderr.write("bdpm_server: listening on %s://127.0.0.1:%d, serving "
                     "%s\n" % ("https" if args.tls_cert else "http",
                               server.server_address[1], args.dir))
    sys.stderr.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.state.stopping.set()
        server.server_close()
    sys.stderr.write("bdpm_server: stopped\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
