#!/bin/sh
# No access log line is lost under a burst, even while the access logger
# cannot keep up: with the logger stopped (SIGSTOP, as if it waited for the
# disk), a burst of requests writing about 3 MB of log lines, three times
# the largest pipe Linux gives a process by default (1 MiB, which a piped
# logger depended on: lighttpd drops a line that does not fit), then four
# clients at once; once the logger runs again, access.log holds exactly
# one JSON line per request, and lighttpd's error log no "error flushing
# log".  Counts, not timings.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
api_fixture_db
logs_start
L=$T/logs

logger=$(access_logger_pid)
[ -n "$logger" ] || fail "no access logger among lighttpd's children"

# Stopped, the logger must be continued whatever happens: a stopped
# process would never see lighttpd exit.
N=1500
kill -STOP "$logger" || fail "cannot stop the access logger"
rc=0
(send_requests "$N" burst 900) || rc=$?
kill -CONT "$logger" || fail "cannot continue the access logger"
[ "$rc" -eq 0 ] || fail "the burst failed"
wait_for_count "$N" /v1/burst- "$L/access.log"
[ "$(wc -c <"$L/access.log")" -gt 2097152 ] ||
    fail "the burst wrote only $(wc -c <"$L/access.log") bytes: not more than a pipe holds"

# Four clients at once.
M=400
pids=
for c in 1 2 3 4; do
	send_requests "$M" "client$c" 300 &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || fail "client $p failed"
done
for c in 1 2 3 4; do
	wait_for_count "$M" "/v1/client$c-" "$L/access.log"
done

# Exactly: nothing lost, nothing doubled, every line JSON.
assert_eq "$((N + 4 * M))" "$(json_lines "$L/access.log")" "access log lines"
assert_eq "$N" "$(count_matching /v1/burst- "$L/access.log")" "burst lines"
for c in 1 2 3 4; do
	assert_eq "$M" "$(count_matching "/v1/client$c-" "$L/access.log")" "client $c lines"
done
assert_eq 0 "$(count_matching 'error flushing' "$L/error.log")" "lighttpd's errors writing the log"
exit 0
