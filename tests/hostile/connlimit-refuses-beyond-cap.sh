#!/bin/sh
# Issue 21, slow and greedy clients: the kernel's cap per client address
# (deploy/nftables-connlimit.nft, loaded by script/nftables-connlimit),
# in a network namespace of its own (root: `unshare -n`, nftables).  With
# MAX_CONNECTIONS_PER_ADDRESS=50 and TRUSTED_PROXIES=127.0.0.5: of 5,000
# stalled connections from 127.0.0.2, 50 are held and 4,950 refused at
# once (a TCP reset: "connection refused"); 300 from the trusted proxy and
# 300 from 127.0.0.1 (loopback) are all held; a client on 127.0.0.4 gets
# 200 of 200 lookups.  The counter counts every refusal, and the episode
# writes one log line (the "episodes" counter), not one per connection.
# Once 127.0.0.2's connections are closed, it is served again.  Then the
# issue's attack whole (5,000 + 10 x 500) under the default cap.  IPv6
# addresses count by /64.
if [ -z "${CONNLIMIT_IN_NETNS:-}" ]; then
	[ "$(id -u)" -eq 0 ] || {
		echo "SKIP: connlimit-refuses-beyond-cap: needs root (a network namespace, nftables)" >&2
		exit 77
	}
	PATH=$PATH:/usr/sbin
	for c in unshare ip nft; do
		command -v "$c" >/dev/null 2>&1 || {
			echo "SKIP: connlimit-refuses-beyond-cap: $c is not installed (script/setup)" >&2
			exit 77
		}
	done
	CONNLIMIT_IN_NETNS=1
	export CONNLIMIT_IN_NETNS PATH
	exec unshare -n "$0" "$@"
fi
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
ip link set lo up || fail "ip link set lo up"
nft list tables >/dev/null 2>&1 || skip "no nf_tables in a network namespace here"
require_api
api_fixture_db
READ_TIMEOUT=60
export READ_TIMEOUT
api_start

RC=0
env PORT="$API_PORT" MAX_CONNECTIONS_PER_ADDRESS=50 \
    TRUSTED_PROXIES="127.0.0.5, 2001:db8::/32" FCGI_BIN="$FCGI" \
    "$top_srcdir/script/nftables-connlimit" >"$T/nft.out" 2>&1 || RC=$?
[ "$RC" -eq 0 ] || fail "script/nftables-connlimit: exit $RC: $(cat "$T/nft.out")"
log "$(cat "$T/nft.out")"

rc=0
timeout 300 python3 "$top_srcdir/tests/hostile/greedy.py" stall "$API_PORT" \
    127.0.0.2:5000 127.0.0.5:300 127.0.0.1:300 --client 127.0.0.4 \
    --hold 1 >"$T/greedy.out" 2>"$T/greedy.err" || rc=$?
log "$(tr '\n' ' ' <"$T/greedy.out")"
[ "$rc" -eq 0 ] || fail "the normal client was not served (exit $rc): $(head -n 5 "$T/greedy.err") $(cat "$T/greedy.out")"
assert_contains "$(cat "$T/greedy.out")" \
    "held/refused 127.0.0.2:50/4950 127.0.0.5:300/0 127.0.0.1:300/0" \
    "the cap, the trusted proxy and loopback"

"$top_srcdir/script/nftables-connlimit" --metrics "$T/connlimit.prom" ||
    fail "script/nftables-connlimit --metrics"
log "$(grep -v '^#' "$T/connlimit.prom" | tr '\n' ' ')"
assert_contains "$(cat "$T/connlimit.prom")" \
    "medicaments_connlimit_refused_total 4950" "the refusals counted"
assert_contains "$(cat "$T/connlimit.prom")" \
    "medicaments_connlimit_logged_total 1" "one log line for the episode"
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <"$T/connlimit.prom" >"$T/promtool.out" 2>&1 ||
	    fail "promtool: $(cat "$T/promtool.out")"
fi

# Its connections closed (greedy.py has exited), 127.0.0.2 is served.
python3 "$top_srcdir/tests/hostile/greedy.py" stall "$API_PORT" \
    --client 127.0.0.2 --lookups 1 >"$T/again.out" 2>&1 ||
    fail "127.0.0.2 still refused once its connections are closed: $(cat "$T/again.out")"

# The issue's whole attack, under the default cap (100 an address): 5,000
# stalled connections from 127.0.0.2 and 500 from each of 127.0.0.10-19
# (lighttpd alone holds at most 9,872 here, the open-file limit's half:
# stalled-connections-leave-others-served.sh), and a client on 127.0.0.1
# gets 200 of 200 lookups, 99 % within 100 ms.
env PORT="$API_PORT" FCGI_BIN="$FCGI" \
    "$top_srcdir/script/nftables-connlimit" >"$T/nft.out" 2>&1 ||
    fail "reloading with the default cap: $(cat "$T/nft.out")"
set -- 127.0.0.2:5000
for i in 10 11 12 13 14 15 16 17 18 19; do
	set -- "$@" "127.0.0.$i:500"
done
rc=0
timeout 300 python3 "$top_srcdir/tests/hostile/greedy.py" stall "$API_PORT" \
    "$@" --client 127.0.0.1 >"$T/greedy.out" 2>"$T/greedy.err" || rc=$?
log "default cap: $(tr '\n' ' ' <"$T/greedy.out")"
[ "$rc" -eq 0 ] || fail "the normal client was not served under the default cap (exit $rc): $(head -n 5 "$T/greedy.err") $(cat "$T/greedy.out")"
want="held/refused 127.0.0.2:100/4900"
for i in 10 11 12 13 14 15 16 17 18 19; do
	want="$want 127.0.0.$i:100/400"
done
assert_contains "$(cat "$T/greedy.out")" "$want" "the default cap on each address"
p99=$(sed -n 's/.* p99_ms=\([0-9.]*\) .*/\1/p' "$T/greedy.out")
python3 -c 'import sys; sys.exit(not float(sys.argv[1]) < 100)' "$p99" ||
    fail "p99 of the lookups under the default cap $p99 ms, expected under 100 ms"

lines=$(wc -l <"$T/logs/error.log" | tr -d ' ')
[ "$lines" -lt 20 ] || fail "lighttpd's error log has $lines lines: $(tail -n 5 "$T/logs/error.log")"
# IPv6: an address counts for its whole /64; ::1 is exempt.  A bare
# listener on ::1, the rule set reloaded for its port with a cap of 3.
ip -6 addr add fd00:1::2/128 dev lo nodad && ip -6 addr add fd00:1::3/128 dev lo nodad &&
    ip -6 addr add fd00:2::2/128 dev lo nodad || fail "IPv6 addresses on lo"
v6port=$(free_port ::1)
env PORT="$v6port" MAX_CONNECTIONS_PER_ADDRESS=3 FCGI_BIN="$FCGI" \
    "$top_srcdir/script/nftables-connlimit" 2>"$T/nft.err" ||
    fail "reloading for IPv6: $(cat "$T/nft.err")"
timeout 60 python3 - "$v6port" >"$T/v6.out" 2>&1 <<'PY' || fail "IPv6: $(cat "$T/v6.out")"
import socket, sys
port = int(sys.argv[1])
srv = socket.socket(socket.AF_INET6)
srv.bind(("::1", port))
srv.listen(64)
keep = []
def conn(src):
    s = socket.socket(socket.AF_INET6)
    s.bind((src, 0))
    s.settimeout(10)
    try:
        s.connect(("::1", port))
    except OSError:
        return "refused"
    keep.append(s)
    return "ok"
got = " ".join(conn(a) for a in ["fd00:1::2"] * 2 + ["fd00:1::3"] * 2 +
               ["fd00:2::2"] * 3 + ["::1"] * 5)
want = "ok ok ok refused ok ok ok ok ok ok ok ok"
print(got)
sys.exit(got != want)
PY
assert_contains "$("$top_srcdir/script/nftables-connlimit" --metrics)" \
    "medicaments_connlimit_refused_total 1" "IPv6 refusals counted (the counter starts again on reload)"
"$top_srcdir/script/nftables-connlimit" --remove || fail "--remove"
! nft list table inet medicaments_api >/dev/null 2>&1 || fail "the table is still there"
exit 0
