#!/bin/sh
# medicaments-supervise (what script/lighttpd-run becomes with LOG_DIR):
# SIGTERM stops lighttpd, and it exits 0 once the access logger has
# written every line lighttpd left; lighttpd killed, it exits non-zero,
# also after the logger has drained the lines lighttpd had written (those
# lighttpd held in memory die with it: here, the logger is stopped until
# lighttpd's own 4-s flush has written them); nothing of the service is
# left (its workers, which a killed lighttpd could not stop, included).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
api_fixture_db
L=$T/logs

# lighttpd_pid: the lighttpd medicaments-supervise runs.
lighttpd_pid() {
	for _p in $(pgrep -P "$API_PID" 2>/dev/null); do
		case $(readlink "/proc/$_p/exe" 2>/dev/null) in
		*/medicaments-accesslog) ;;
		*) echo "$_p" ;;
		esac
	done
}

# stopped_by SIGNAL PID EXPECTED: sends SIGNAL to PID (unless it is gone),
# waits for the service; its status must be EXPECTED (0 or "nonzero");
# the access logger $logger must be gone too.
stopped_by() {
	kill "-$1" "$2" 2>/dev/null || [ "$1" = KILL ] || fail "cannot signal $2"
	rc=0
	wait "$API_PID" || rc=$?
	untrack_pid "$API_PID"
	case $3 in
	0) assert_eq 0 "$rc" "exit status after SIG$1" ;;
	*) [ "$rc" -ne 0 ] || fail "exit status 0 after lighttpd was killed" ;;
	esac
	! kill -0 "$logger" 2>/dev/null || fail "the logger outlived the service"
	! kill -0 "$2" 2>/dev/null || fail "pid $2 outlived the service"
}

logs_start
logger=$(access_logger_pid)
[ -n "$logger" ] || fail "no access logger"
send_numbered 50 a
stopped_by TERM "$API_PID" 0
each_once 50 a "$L/access.log"

logs_start
lighttpd=$(lighttpd_pid)
[ -n "$lighttpd" ] || fail "no lighttpd under medicaments-supervise"
logger=$(access_logger_pid)
[ -n "$logger" ] || fail "no access logger"
kill -STOP "$logger" || fail "cannot stop the logger"
send_numbered 50 b
n=0
until [ "$(count_matching '"query":"b=' "$L/lighttpd-access.raw")" -eq 50 ]; do
	n=$((n + 1))
	[ "$n" -le 200 ] || { kill -CONT "$logger"; fail "lighttpd never wrote its lines"; }
	sleep 0.1
done
workers=$(pgrep -P "$lighttpd" 2>/dev/null | tr '\n' ' ')
[ -n "$workers" ] || fail "no worker under lighttpd"
kill -KILL "$lighttpd" || fail "cannot kill lighttpd"
kill -CONT "$logger" || fail "cannot continue the logger"
stopped_by KILL "$lighttpd" nonzero
# lighttpd killed could not stop its workers: the supervisor did.
for w in $workers; do
	! kill -0 "$w" 2>/dev/null || fail "worker $w outlived the service"
done
each_once 50 b "$L/access.log"
json_lines "$L/access.log" >/dev/null
exit 0
