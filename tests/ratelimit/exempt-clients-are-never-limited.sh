#!/bin/sh
# RATE_LIMIT_EXEMPT: clients in its ranges (after X-Forwarded-For) are never
# limited and their bucket never shrinks; a neighbour outside the range is.
# RATE_LIMIT=off: no limit for anyone, and no X-RateLimit-* headers; the
# Go service's DISABLE_RATE_LIMITER=true (RATE_LIMIT unset) the same, under
# FastCGI and CGI alike (script/lighttpd-run hands its meaning to the
# workers as RATE_LIMIT).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
RATE_LIMIT_BURST=50
RATE_LIMIT_RATE=1
TRUSTED_PROXIES=127.0.0.1
RATE_LIMIT_EXEMPT="198.51.100.0/24, 2001:db8:e::/48, 192.0.2.1"
export RATE_LIMIT_BURST RATE_LIMIT_RATE TRUSTED_PROXIES RATE_LIMIT_EXEMPT
API_RATE_LIMIT=on
API_WORKERS=4
api_start

python3 - "$API_PORT" <<'PY' || fail "RATE_LIMIT_EXEMPT"
import os, sys
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check, check_allowance

c = Client("127.0.0.1", int(sys.argv[1]))
path = "/v1/medicaments/60002283"
for xff in ("198.51.100.7", "198.51.100.255", "2001:db8:e:ffff::1",
            "192.0.2.1", "203.0.113.1, 198.51.100.8"):
    for i in range(20):             # 200 tokens' worth, 4 times the burst
        a = c.get(path, xff)
        check(a.status == 200 and a.remaining == 50 and
              a.number("X-RateLimit-Limit") == 50, f"{xff} #{i + 1}: {a}")
# Their neighbours are not exempt.
for xff in ("198.51.101.1", "2001:db8:f::1", "192.0.2.2"):
    check_allowance(c, path, xff, 10, 50, 1)
PY
api_stop

# unlimited WHAT: 30 requests of one client, 3 times the burst, all
# answered without the rate limit's headers.
unlimited() {
	python3 - "$API_PORT" "$1" <<'PY' || fail "$1"
import os, sys
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check

c = Client("127.0.0.1", int(sys.argv[1]))
for i in range(30):
    a = c.get("/v1/medicaments/60002283", "198.51.101.1")
    check(a.status == 200, f"#{i + 1} with {sys.argv[2]}: {a}")
    check(not any(h.startswith("x-ratelimit") for h in a.headers),
          f"X-RateLimit-* headers with {sys.argv[2]}: {a.headers}")
PY
}

API_RATE_LIMIT=off
api_start
unlimited RATE_LIMIT=off
api_stop

API_RATE_LIMIT=
DISABLE_RATE_LIMITER=true
export DISABLE_RATE_LIMITER
for mode in "" --cgi; do
	# shellcheck disable=SC2086
	api_start $mode
	unlimited "DISABLE_RATE_LIMITER=true $mode"
	api_stop
done
exit 0
