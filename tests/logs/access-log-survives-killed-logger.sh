#!/bin/sh
# The access logger (medicaments-accesslog) killed with SIGKILL while
# requests come in, twice by its pid and once by name (pkill -f, as an
# operator killing "every log process" would), loses no line and writes
# none twice: medicaments-supervise starts another one at once (a new
# pid within a second), which resumes from the checkpoint.  600 requests,
# each with its own query string, each exactly once in access.log, every
# line JSON.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
require_cmd pkill
api_fixture_db
logs_start
L=$T/logs

logger=$(access_logger_pid)
[ -n "$logger" ] || fail "no access logger under medicaments-supervise"

N=600
send_numbered "$N" n 0.01 &
client=$!
track_pid "$client"

# kill_at COUNT HOW: once COUNT lines are in access.log, kills the logger
# (HOW: pid or name) and checks another one runs within a second.
kill_at() {
	wait_for_count "$1" '"query":"n=' "$L/access.log"
	old=$(access_logger_pid)
	[ -n "$old" ] || fail "no access logger to kill"
	case $2 in
	pid) kill -KILL "$old" || fail "cannot kill $old" ;;
	# Only this test's logger: its command line names $T.
	name) pkill -KILL -f "medicaments-accesslog .*$T/logs/" ||
	    fail "pkill found no logger" ;;
	esac
	await_new_logger "$old"
	log "logger $old killed ($2) at $1 lines: pid $LOGGER after $RESTART_MS ms"
	[ "$RESTART_MS" -le 1000 ] ||
	    fail "the logger came back after $RESTART_MS ms, over a second"
}
kill_at 100 pid
kill_at 250 pid
kill_at 400 name
wait "$client" || fail "the requests failed"
untrack_pid "$client"

wait_for_count "$N" '"query":"n=' "$L/access.log"
json_lines "$L/access.log" >/dev/null
each_once "$N" n "$L/access.log"
grep -q 'medicaments-accesslog ended (signal 9): restarting it' "$T/lighttpd.out" ||
    fail "medicaments-supervise said nothing of the restarts"
kill -0 "$API_PID" || fail "the service died"
exit 0
