#!/bin/sh
# X-Forwarded-For counts only when the peer is a trusted proxy.  Here the
# trusted proxy is another address (192.0.2.1) than the peer (127.0.0.1):
# whatever X-Forwarded-For the peer sends, a different one each time, all
# its requests come out of the peer's one bucket.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
RATE_LIMIT_BURST=50
RATE_LIMIT_RATE=1
TRUSTED_PROXIES="192.0.2.1, 10.0.0.0/8, 2001:db8::/32"
export RATE_LIMIT_BURST RATE_LIMIT_RATE TRUSTED_PROXIES
API_RATE_LIMIT=on
API_WORKERS=4
api_start

python3 - "$API_PORT" <<'PY' || fail "an untrusted X-Forwarded-For was believed"
import os, sys, time
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check, check_429

c = Client("127.0.0.1", int(sys.argv[1]))
spoofs = ["198.51.100.1", "198.51.100.2", "192.0.2.1", "10.1.2.3",
          "2001:db8::1", "203.0.113.5, 192.0.2.1", "garbage", ""]
start = time.monotonic()
answers = [c.get("/v1/medicaments/60002283", xff) for xff in spoofs]
seconds = time.monotonic() - start
ok = [a for a in answers if a.status == 200]
check(all(a.status in (200, 429) for a in answers), f"{answers}")
for a in answers:
    if a.status == 429:
        check_429(a)
if seconds < 9:
    check(len(ok) == 5, f"{len(ok)} allowed from one peer with "
          f"{len(spoofs)} spoofed addresses, expected 5: {answers}")
# Still the one bucket: no header at all, or any other, is refused too.
for xff in (None, "198.51.100.99"):
    a = c.get("/v1/medicaments/60002283", xff)
    check(a.status == 429, f"X-Forwarded-For {xff!r}: {a}")
PY
exit 0
