#!/usr/bin/env python3
"""Slow and greedy clients against lighttpd, and a normal client beside them.

    greedy.py stall PORT [ADDR:COUNT...] [--lookups N] [--hold SECONDS]
        [--client ADDR]
    greedy.py slow PORT COUNT [--lookups N] [--hold SECONDS] [--plain-every K]

stall: COUNT connections from each source ADDR (127.0.0.2:5000), each
sending half a request (the request line and one header) and then nothing.
slow: COUNT connections from 127.0.0.3 asking for the export (gzipped, and
plain on one connection in K, 20) and large search and page answers, each
reading 1 byte a second through a small receive buffer (2 KB).

Once they are all open, a client on 127.0.0.1 (--client) makes N lookups
(200), one connection each, every one with a 30 s timeout.  Prints one
line of "key=value" measures (answered, p50_ms, p99_ms, max_ms, held,
refused), in stall mode a line "held/refused ADDR:HELD/REFUSED...", and
exits 0 when every lookup was answered 200, 1 otherwise.  The
connections are held HOLD seconds more (0) before they are closed, so that
the caller can look at the server meanwhile (it is told by a line
"holding" on stdout).  With --settle DIR (lighttpd's temporary files), the
lookups begin once DIR stops growing: every slow answer has left its
worker.  The process raises its own RLIMIT_NOFILE.
"""
import os
import resource
import selectors
import socket
import sys
import time

LOOKUP = b"GET /v1/medicaments/%d HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
HALF = b"GET /v1/medicaments/60002283 HTTP/1.1\r\nHost: t\r\n"
# The slow readers' requests, by connection number: large answers that
# lighttpd buffers whole (to RUN_DIR/tmp past 64 KB).  The plain export
# (20 MB) one connection in EXPORT_PLAIN_EVERY, the gzipped one (2 MB) a
# quarter, large searches and pages the rest.
SLOW_PATHS = (
    (b"/v1/medicaments/export", b"Accept-Encoding: gzip\r\n"),
    (b"/v1/medicaments?search=amoxicilline", b""),
    (b"/v1/medicaments?page=1&pageSize=200", b""),
    (b"/v1/medicaments?search=paracetamol", b""),
)


def raise_nofile(want):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= want:
        return
    new = want if hard == resource.RLIM_INFINITY else min(want, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    except (ValueError, OSError):
        pass
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < want:
        sys.exit(f"greedy.py: need {want} open files, the limit is "
                 f"{resource.getrlimit(resource.RLIMIT_NOFILE)}")


def open_many(port, addr, count, first_bytes, rcvbuf=None, deadline=60.0):
    """count connections from addr, each sent first_bytes(i); non-blocking
    connects in waves so that the listen backlog never overflows for long.
    Returns (open sockets, refused count)."""
    socks, refused, pending = [], 0, {}
    sel = selectors.DefaultSelector()
    end = time.monotonic() + deadline
    i = 0
    while (i < count or pending) and time.monotonic() < end:
        while i < count and len(pending) < 256:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if rcvbuf is not None:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            s.bind((addr, 0))
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            pending[s.fileno()] = (s, i)
            sel.register(s, selectors.EVENT_WRITE)
            i += 1
        for key, _ in sel.select(timeout=1.0):
            s, n = pending.pop(key.fd)
            sel.unregister(s)
            err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err != 0:
                refused += 1
                s.close()
                continue
            try:
                s.send(first_bytes(n))
            except OSError:
                refused += 1
                s.close()
                continue
            socks.append(s)
    for s, _ in pending.values():
        refused += 1
        s.close()
    sel.close()
    return socks, refused


def lookups(port, n, client):
    """n lookups, one connection each: (answered 200, sorted latencies ms)."""
    ok, times = 0, []
    cis = 60002283
    for i in range(n):
        t0 = time.monotonic()
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30,
                                         source_address=(client, 0))
            s.sendall(LOOKUP % cis)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            s.close()
            if data.startswith(b"HTTP/1.1 200 "):
                ok += 1
            else:
                print(f"lookup {i}: {data[:60]!r}", file=sys.stderr)
        except OSError as e:
            print(f"lookup {i}: {e}", file=sys.stderr)
        times.append((time.monotonic() - t0) * 1000)
    times.sort()
    return ok, times


def slow_read(socks, seconds):
    """Reads 1 byte a second from each socket for seconds."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for s in socks:
            try:
                s.recv(1)
            except (BlockingIOError, OSError):
                pass
        time.sleep(1)


def dir_bytes(path):
    total = 0
    for e in os.scandir(path):
        try:
            total += e.stat().st_blocks * 512
        except OSError:
            pass
    return total


def settle(socks, path, limit=120.0):
    """Reads slowly until path's files stop growing for 3 s (at most limit
    seconds): (their bytes, seconds taken)."""
    t0 = time.monotonic()
    last, since = -1, time.monotonic()
    while time.monotonic() - t0 < limit:
        slow_read(socks, 1)
        now = dir_bytes(path)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 3:
            break
    return last, since - t0


def main():
    args = sys.argv[1:]
    opts = {"--lookups": 200, "--hold": 0, "--plain-every": 20,
            "--settle": None, "--client": "127.0.0.1"}
    for k in list(opts):
        if k in args:
            j = args.index(k)
            opts[k] = args[j + 1] if k in ("--settle", "--client") \
                else int(args[j + 1])
            del args[j:j + 2]
    mode, port = args[0], int(args[1])
    n_lookups, hold = opts["--lookups"], opts["--hold"]
    socks, refused, per_address = [], 0, []
    t0 = time.monotonic()
    if mode == "stall":
        plan = [(a, int(c)) for a, c in (x.split(":") for x in args[2:])]
        raise_nofile(sum(c for _, c in plan) + 256)
        for addr, count in plan:
            got, bad = open_many(port, addr, count, lambda n: HALF)
            socks += got
            refused += bad
            per_address.append(f"{addr}:{len(got)}/{bad}")
    elif mode == "slow":
        count = int(args[2])
        raise_nofile(count + 256)

        def ask(n):
            path, extra = SLOW_PATHS[n % len(SLOW_PATHS)]
            if n % opts["--plain-every"] == 0:
                path, extra = b"/v1/medicaments/export", b""
            return (b"GET " + path + b" HTTP/1.1\r\nHost: t\r\n" + extra +
                    b"Connection: close\r\n\r\n")
        socks, refused = open_many(port, "127.0.0.3", count, ask,
                                   rcvbuf=2048)
        # Every answer written by a worker: lighttpd's buffer stops growing.
        if opts["--settle"] is not None:
            settled = settle(socks, opts["--settle"])
            print(f"buffered_mb={settled[0] / 1e6:.0f} "
                  f"buffered_after_s={settled[1]:.1f}", flush=True)
        else:
            slow_read(socks, 3)
    else:
        sys.exit(f"greedy.py: unknown mode {mode}")
    opened = time.monotonic() - t0
    ok, times = lookups(port, n_lookups, opts["--client"])

    def pct(p):
        return times[min(len(times) - 1, int(len(times) * p / 100))]
    print(f"held={len(socks)} refused={refused} open_s={opened:.1f} "
          f"answered={ok}/{n_lookups} p50_ms={pct(50):.1f} "
          f"p99_ms={pct(99):.1f} max_ms={times[-1]:.1f}", flush=True)
    if per_address:
        print("held/refused " + " ".join(per_address), flush=True)
    if hold > 0:
        print("holding", flush=True)
        if mode == "slow":
            slow_read(socks, hold)
        else:
            time.sleep(hold)
    for s in socks:
        s.close()
    sys.exit(0 if ok == n_lookups else 1)


if __name__ == "__main__":
    main()
