#!/usr/bin/env python3
"""Bounded load that checks every answer, for the zero-downtime test.

Threads send GET requests over keep-alive connections to 127.0.0.1:PORT,
cycling through the paths given, until STOP_FILE exists or MAX_SECONDS have
passed.  Every answer must be 200 with a JSON body; for a medicament, its
elementPharmaceutique must be one of the names given (the data of one
database or the other, never a torn answer).  Prints a JSON summary on
stdout; exits 1 when any request failed, 2 on bad arguments.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time


def worker(args, counts, lock, deadline):
    conn = None
    i = 0
    local = {"requests": 0, "errors": [], "names": {}}
    while time.monotonic() < deadline and not os.path.exists(args.stop_file):
        path = args.paths[i % len(args.paths)]
        i += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", args.port,
                                                  timeout=args.timeout)
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            local["requests"] += 1
            if resp.status != 200:
                local["errors"].append(f"{path}: status {resp.status}: {body[:200]!r}")
                continue
            doc = json.loads(body)
            if "elementPharmaceutique" in doc:
                name = doc["elementPharmaceutique"]
                if args.names and name not in args.names:
                    local["errors"].append(f"{path}: unexpected name {name!r}")
                local["names"][name] = local["names"].get(name, 0) + 1
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException, ValueError) as e:
            local["errors"].append(f"{path}: {type(e).__name__}: {e}")
            if conn is not None:
                conn.close()
            conn = None
    if conn is not None:
        conn.close()
    with lock:
        counts["requests"] += local["requests"]
        counts["errors"].extend(local["errors"])
        for k, v in local["names"].items():
            counts["names"][k] = counts["names"].get(k, 0) + v


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--stop-file", required=True)
    p.add_argument("--max-seconds", type=float, default=120)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--name", dest="names", action="append", default=[])
    p.add_argument("paths", nargs="+")
    args = p.parse_args()
    counts = {"requests": 0, "errors": [], "names": {}}
    lock = threading.Lock()
    deadline = time.monotonic() + args.max_seconds
    threads = [threading.Thread(target=worker, args=(args, counts, lock, deadline))
               for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    summary = {"requests": counts["requests"], "errors": len(counts["errors"]),
               "first_errors": counts["errors"][:10], "names": counts["names"]}
    print(json.dumps(summary, ensure_ascii=False))
    sys.exit(1 if counts["errors"] or counts["requests"] == 0 else 0)


if __name__ == "__main__":
    main()
