#!/bin/sh
# The bucket refills at RATE_LIMIT_RATE tokens a second, up to the burst:
# an empty bucket left alone for 2 seconds gets back between 2 and (the
# time really elapsed) seconds' worth; waiting Retry-After seconds is
# always enough for the request refused.  Ranges, not timings: a slow
# machine only widens them.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
RATE_LIMIT_BURST=50
RATE_LIMIT_RATE=10
TRUSTED_PROXIES=127.0.0.1
export RATE_LIMIT_BURST RATE_LIMIT_RATE TRUSTED_PROXIES
API_RATE_LIMIT=on
API_WORKERS=4
api_start

python3 - "$API_PORT" <<'PY' || fail "refill"
import os, sys, time
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check, check_429, until_limited

c = Client("127.0.0.1", int(sys.argv[1]))
RATE, BURST, HEALTH = 10, 50, "/health"
# Empty the bucket; the 429 says how long the refused request must wait.
answers, _ = until_limited(c, "/v1/medicaments/60002283", "198.51.100.1")
check(answers[-1].status == 429, f"never limited: {answers}")
before = time.monotonic()
a = c.get("/v1/diagnostics", "198.51.100.1")       # costs 30
check(a.status == 429, f"diagnostics with an empty bucket: {a}")
left = a.remaining
retry = check_429(a)
check(retry <= (30 - left) // RATE + 1, f"Retry-After {retry} with {left} "
      f"tokens left for a cost of 30 at {RATE}/s")
time.sleep(2)
a = c.get(HEALTH, "198.51.100.1")                  # costs 5
after = time.monotonic()
check(a.status == 200, f"/health after 2 s: {a}")
back = a.remaining + 5 - left
most = min(BURST - left, int((after - before) * RATE) + 1)
check(2 * RATE - 1 <= back <= most,
      f"{back} tokens back in 2 s (at most {most}: {after - before:.1f}s)")
# Empty it again, then wait as long as Retry-After says: enough.
answers, _ = until_limited(c, "/v1/medicaments?page=1", "198.51.100.1")
retry = check_429(answers[-1])
time.sleep(retry)
a = c.get("/v1/medicaments?page=1", "198.51.100.1")
check(a.status == 200, f"after Retry-After {retry}: {a}")
# Never more than the burst, however long the wait.
time.sleep(BURST / RATE + 1)
a = c.get(HEALTH, "198.51.100.1")
check(a.remaining == BURST - 5, f"after a long wait: {a.remaining} left")
PY
exit 0
