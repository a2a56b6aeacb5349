#!/bin/sh
# Issue 21, slow and greedy clients: 200 clients on 127.0.0.3 ask for the
# export (gzipped, and plain on one connection in 20) and large search
# and page answers (60-300 KB), and read 1 byte a second through a 2 KB
# receive buffer.  lighttpd buffers each answer whole
# (server.stream-response-body = 1: in memory up to 64 KB, in RUN_DIR/tmp
# past that), so a worker is free as soon as it has written it: once the
# buffers stop growing, every worker is waiting for a request again, and
# a client on 127.0.0.1 gets 200 of 200 lookups, the 99th percentile under
# 100 ms (low milliseconds on this 2-core machine).  What the slow readers
# cost is logged: RUN_DIR/tmp's size (about 200 MB here; 20 MB more each
# reader of the plain export: doc/deploy.md) and lighttpd's memory.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_dump_db
API_WORKERS=2
api_start
lighttpd_pid=$(cat "$T/run/lighttpd.pid")

python3 "$top_srcdir/tests/hostile/greedy.py" slow "$API_PORT" 200 \
    --settle "$T/run/tmp" --hold 30 >"$T/greedy.out" 2>"$T/greedy.err" &
greedy=$!
track_pid "$greedy"
n=0
until grep -q '^holding' "$T/greedy.out" 2>/dev/null; do
	kill -0 "$greedy" 2>/dev/null || break
	n=$((n + 1))
	[ "$n" -le 1800 ] || fail "the slow readers never settled: $(cat "$T/greedy.out")"
	sleep 0.1
done
grep -q '^holding' "$T/greedy.out" ||
    fail "greedy.py: $(cat "$T/greedy.out") $(head -n 5 "$T/greedy.err")"
# While the 200 are still reading: the workers wait for requests (their
# FastCGI socket), none is writing an answer.
busy=
for pid in $(api_worker_pids); do
	case $(cat "/proc/$pid/wchan" 2>/dev/null) in
	*wait_for_more_packets* | *inet_csk_accept* | *accept*) ;;
	*) busy="$busy $pid:$(cat "/proc/$pid/wchan" 2>/dev/null)" ;;
	esac
done
rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$lighttpd_pid/status")
tmp=$(du -sm "$T/run/tmp" | cut -f 1)
log "$(tr '\n' ' ' <"$T/greedy.out") lighttpd_rss_kb=$rss run_tmp_mb=$tmp"
[ -z "$busy" ] || fail "workers busy while the slow readers read:$busy"
kill "$greedy" 2>/dev/null || true
wait "$greedy" 2>/dev/null || true
untrack_pid "$greedy"
assert_contains "$(cat "$T/greedy.out")" "answered=200/200" "lookups beside the slow readers"
assert_contains "$(cat "$T/greedy.out")" "held=200 refused=0" "slow readers connected"
p99=$(sed -n 's/.* p99_ms=\([0-9.]*\) .*/\1/p' "$T/greedy.out")
python3 -c 'import sys; sys.exit(not float(sys.argv[1]) < 100)' "$p99" ||
    fail "p99 of the lookups $p99 ms, expected under 100 ms"
exit 0
