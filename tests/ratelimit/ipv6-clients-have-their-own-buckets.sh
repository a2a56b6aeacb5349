#!/bin/sh
# IPv6: lighttpd on [::1], the peer ::1 limited on its own bucket; with ::1
# a trusted proxy, IPv6 clients in X-Forwarded-For each get theirs (one
# address however it is written), and an IPv4-mapped address is that IPv4
# client.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
command -v ip >/dev/null 2>&1 || skip "no ip command to look for ::1"
ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128' ||
    skip "no IPv6 loopback address (::1)"
api_fixture_db
RATE_LIMIT_BURST=50
RATE_LIMIT_RATE=1
export RATE_LIMIT_BURST RATE_LIMIT_RATE
API_RATE_LIMIT=on
API_WORKERS=4
API_ADDRESS=::1
api_start

# The peer alone: no proxy trusted.
python3 - "$API_PORT" <<'PY' || fail "IPv6 peer"
import os, sys
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check_allowance

c = Client("::1", int(sys.argv[1]))
check_allowance(c, "/v1/medicaments/60002283", "2001:db8::1", 10, 50, 1)
PY
api_stop

TRUSTED_PROXIES=::1
export TRUSTED_PROXIES
api_start
python3 - "$API_PORT" <<'PY' || fail "IPv6 clients through a trusted IPv6 proxy"
import os, sys
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check, check_allowance

c = Client("::1", int(sys.argv[1]))
path = "/v1/medicaments/60002283"
check_allowance(c, path, "2001:db8::1", 10, 50, 1)
for same in ("2001:DB8:0:0:0:0:0:1", "2001:db8:0::0:1", " 2001:db8::1 ",
             "192.0.2.7, 2001:db8::1"):
    a = c.get(path, same)
    check(a.status == 429, f"{same!r} is 2001:db8::1, already limited: {a}")
check_allowance(c, path, "2001:db8::2", 10, 50, 1)
# The proxy's own requests: its own bucket, the one the first server
# emptied (the buckets live in a file that outlives the workers).
a = c.get(path)
check(a.status == 429, f"::1 itself, emptied before the restart: {a}")
# An IPv4 client written as IPv4-mapped IPv6 is that client.
check_allowance(c, path, "198.51.100.7", 10, 50, 1)
a = c.get(path, "::ffff:198.51.100.7")
check(a.status == 429, f"::ffff:198.51.100.7 is 198.51.100.7: {a}")
PY
exit 0
