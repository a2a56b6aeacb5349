#!/bin/sh
# 20 000 distinct clients (X-Forwarded-For through the trusted 127.0.0.1),
# sent as fast as eight connections go, against a table of 8 192 buckets:
# the file the workers share keeps its size (buckets are reused, nothing
# grows), every one of those clients is served, no worker dies, and the
# limit still holds exactly for the next client.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
RATE_LIMIT_BURST=50
RATE_LIMIT_RATE=1
TRUSTED_PROXIES=127.0.0.1
export RATE_LIMIT_BURST RATE_LIMIT_RATE TRUSTED_PROXIES
API_RATE_LIMIT=on
API_WORKERS=4
api_start
shared=$API_DB.shared

api_get /health
assert_status 200
[ -f "$shared" ] || fail "no shared state file at $shared"
size=$(wc -c <"$shared")
pids=$(api_worker_pids | sort)

python3 - "$API_PORT" <<'PY' || fail "20 000 clients"
import os, sys, threading, time
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check, check_allowance

port = int(sys.argv[1])
CLIENTS, THREADS = 20000, 8
counts, problems = {}, []
lock = threading.Lock()


def address(i):
    # Half IPv4, half IPv6, all distinct.
    if i % 2:
        return f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"
    return f"2001:db8::{i >> 16:x}:{i & 0xffff:x}"


def flood(k):
    c = Client("127.0.0.1", port)
    mine = {}
    for i in range(k, CLIENTS, THREADS):
        a = c.get("/health", address(i))
        mine[a.status] = mine.get(a.status, 0) + 1
        if a.status != 200 or a.remaining != 45:
            with lock:
                problems.append((address(i), a))
    c.close()
    with lock:
        for s, n in mine.items():
            counts[s] = counts.get(s, 0) + n


# Client A, limited before the flood, must stay so: a flood of new clients
# takes the fullest buckets, never the emptiest (A would get a new one).
c = Client("127.0.0.1", port)
while c.get("/v1/medicaments/60002283", "198.51.100.200").status != 429:
    pass
start = time.monotonic()
threads = [threading.Thread(target=flood, args=(k,)) for k in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{CLIENTS} clients in {time.monotonic() - start:.1f}s: {counts}",
      file=sys.stderr)
check(sum(counts.values()) == CLIENTS, f"answers {counts}")
check(not problems, f"{len(problems)} new clients not given a full bucket, "
      f"first {problems[:3]}")
elapsed = time.monotonic() - start
a = c.get("/v1/medicaments/60002283", "198.51.100.200")
if elapsed < 30:
    # Refilled at 1 a second since it was emptied; a new bucket has 40.
    check(a.status == 429 or a.remaining <= elapsed,
          f"client A after {elapsed:.1f}s of flood: {a}")
check_allowance(c, "/v1/medicaments/60002283", "198.51.100.1", 10, 50, 1)
check_allowance(c, "/v1/medicaments/60002283", "2001:db8:ffff::1", 10, 50, 1)
PY

assert_eq "$size" "$(wc -c <"$shared")" "size of $shared after 20 000 clients"
assert_eq "$pids" "$(api_worker_pids | sort)" "worker PIDs"
kill -0 "$API_PID" 2>/dev/null || fail "lighttpd died"
exit 0
