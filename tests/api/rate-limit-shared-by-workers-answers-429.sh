#!/bin/sh
# The rate limit through lighttpd: one bucket per client address, shared by
# every worker process (four here, the requests sent concurrently so that
# lighttpd spreads them), with the X-RateLimit-* headers on every answer,
# and 429 with Retry-After and the error object once the bucket is empty.
# Clients are told apart by X-Forwarded-For, believed because the peer
# (127.0.0.1) is a trusted proxy: a client gets exactly its allowance, then
# 429; another client, and the proxy itself, are unaffected; what a client
# writes to the left of the address the proxy added changes nothing.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
# 50 tokens, 1 per second; a medicament by CIS costs 10: 5 requests.
RATE_LIMIT_BURST=50
RATE_LIMIT_RATE=1
TRUSTED_PROXIES=127.0.0.1
export RATE_LIMIT_BURST RATE_LIMIT_RATE TRUSTED_PROXIES
API_RATE_LIMIT=on
API_WORKERS=4
# The workers log each request (with their pid) at debug level.
API_LOG_LEVEL=debug
api_start
workers=$(api_worker_pids | wc -l)
[ "$workers" -eq 4 ] || fail "$workers workers, expected 4"

python3 - "$API_PORT" "$T/logs/app.log" <<'EOF' || fail "rate limit across workers"
import json, os, sys, threading, time
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check, check_429, check_allowance

port, app_log = int(sys.argv[1]), sys.argv[2]
PATH = "/v1/medicaments/60002283"


def pids_serving(path):
    pids = set()
    with open(app_log, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["level"] == "debug" and f" {path} " in d["msg"]:
                pids.add(d["pid"])
    return pids


# Client A from eight connections at once: lighttpd hands the requests to
# several workers, and still only 5 pass in all (one bucket per worker
# would let up to 20 through).  On a loaded machine one worker may take a
# whole burst, which proves nothing: then again, as another client.
def burst(xff, tag):
    results = []
    lock = threading.Lock()

    def hammer():
        c = Client("127.0.0.1", port)
        mine = []
        for _ in range(6):
            a = c.get(PATH + tag, xff)
            mine.append(a)
            if a.status == 429:
                break
        c.close()
        with lock:
            results.extend(mine)

    start = time.monotonic()
    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - start, pids_serving(PATH + tag)


for attempt in range(5):
    client_a = f"198.51.100.{1 + 10 * attempt}"
    results, seconds, served = burst(client_a, f"?a{attempt}")
    if len(served) >= 2:
        break
ok = [a for a in results if a.status == 200]
limited = [a for a in results if a.status == 429]
check(len(ok) + len(limited) == len(results), f"statuses {results}")
check(limited, "client A never limited")
for a in limited:
    check_429(a)
    check(a.remaining < 10, f"429 with {a.remaining} tokens left")
if seconds < 9:
    check(len(ok) == 5, f"client A: {len(ok)} requests allowed, expected "
          f"exactly 5 (one bucket shared by the workers)")
else:
    check(5 <= len(ok) <= 5 + int(seconds / 10) + 1,
          f"client A: {len(ok)} allowed in {seconds:.1f}s")
check(len(served) >= 2,
      f"five bursts of client A's requests each went to one worker: {served}")

c = Client("127.0.0.1", port)
# Still limited, whatever it writes before the proxy's entry.
for spoof in (f"203.0.113.9, {client_a}", f"127.0.0.1, {client_a}",
              f"garbage, {client_a}", f"{client_a}, 127.0.0.1"):
    a = c.get(PATH, spoof)
    check(a.status == 429, f"X-Forwarded-For {spoof!r}: {a}")
# Client B and the proxy itself have their own buckets: exactly 5 each.
check_allowance(c, PATH, "198.51.100.2", 10, 50, 1)
check_allowance(c, PATH, None, 10, 50, 1)
# The headers are on every answer: errors, 404s, 429s.
a = c.get("/nope", "198.51.100.3")
check(a.status == 404 and a.number("X-RateLimit-Limit") == 50 and
      a.number("X-RateLimit-Rate") == 1 and a.remaining == 45, f"/nope: {a}")
a = c.get("/v1/medicaments?cis=x", "198.51.100.3")
check(a.status == 400 and 35 <= a.remaining <= 37, f"400: {a}")
print(f"client A: {len(ok)} allowed, {len(limited)} limited, workers {sorted(served)}, {seconds:.2f}s", file=sys.stderr)
EOF
exit 0
