#!/bin/sh
# logrotate rotates access.log and lighttpd-access.raw while the access
# logger is stopped (as if stuck on a slow disk), which is then killed:
# the logger medicaments-supervise starts again finds its checkpoint's
# files where logrotate renamed them (access.log-DATE,
# lighttpd-access.raw.1), finishes the old raw file, then goes on with the
# new one.  Every request is in the access log exactly once, across the
# rotated file and the new one, every line JSON.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
require_cmd logrotate
api_fixture_db
logs_start
L=$T/logs
conf=$T/run/logrotate.conf

N=300
send_numbered "$N" n 0 300
wait_for_count "$N" '"query":"n=' "$L/access.log"

# Stopped in the middle of the next requests.
send_numbered 200 m 0.005 300 &
client=$!
track_pid "$client"
wait_for_count 50 '"query":"m=' "$L/access.log"
logger=$(access_logger_pid)
[ -n "$logger" ] || fail "no access logger"
kill -STOP "$logger" || fail "cannot stop the logger"
logrotate -f -s "$T/logrotate.state" "$conf" >"$T/logrotate.out" 2>&1 || {
	kill -CONT "$logger"
	fail "logrotate: $(cat "$T/logrotate.out")"
}
[ -f "$L/lighttpd-access.raw.1" ] || { kill -CONT "$logger"; fail "no lighttpd-access.raw.1"; }
# lighttpd writes to the new raw file before the logger comes back.
sleep 1.5
kill -KILL "$logger" || fail "cannot kill the logger"
await_new_logger "$logger"
log "logger $logger killed after the rotation: pid $LOGGER after $RESTART_MS ms"
wait "$client" || fail "the requests failed"
untrack_pid "$client"

wait_for_count 200 '"query":"m=' "$L"/access.log*
ls "$L" >"$T/ls"
[ "$(grep -c '^access.log-' "$T/ls")" -eq 1 ] || fail "access.log not rotated: $(cat "$T/ls")"
json_lines "$L"/access.log* >/dev/null
each_once "$N" n "$L"/access.log*
each_once 200 m "$L"/access.log*
assert_eq 0 "$(count_matching accesslog-flush "$L"/access.log*)" "the logger's own lines"
exit 0
