#!/bin/sh
# logrotate, on the configuration script/lighttpd-run wrote
# (RUN_DIR/logrotate.conf), rotates the logs of a running service once they
# are over MAX_LOG_FILE_SIZE, and all of them when forced; no line is lost:
# every request before, between and after the rotations is in the access
# log (lighttpd's access logger) and in app.log (the workers), across the
# rotated files and the new ones, every line JSON; lighttpd reopens
# error.log on postrotate's SIGHUP; the previous rotated files are
# compressed at the next rotation.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
require_cmd logrotate gzip
api_fixture_db
MAX_LOG_FILE_SIZE=1MB
export MAX_LOG_FILE_SIZE
LOGS_LEVEL=debug
logs_start
conf=$T/run/logrotate.conf
[ -f "$conf" ] || fail "no $conf"
L=$T/logs

# rotate [-f]: runs logrotate as cron would.
rotate() {
	logrotate "$@" -s "$T/logrotate.state" "$conf" >"$T/logrotate.out" 2>&1 ||
	    fail "logrotate: $(cat "$T/logrotate.out")"
}

# 1800 requests with long paths: over 1 MB in access.log and in app.log.
N=1800
send_requests "$N" before 900
wait_for_count "$N" /v1/before- "$L/access.log"
wait_for_count "$N" /v1/before- "$L/app.log"
for f in access.log app.log; do
	[ "$(wc -c <"$L/$f")" -gt 1048576 ] || fail "$f under 1 MB: $(wc -c <"$L/$f")"
done
[ "$(wc -c <"$L/error.log")" -lt 1048576 ] || fail "error.log over 1 MB"
rotate
ls "$L" >"$T/ls1"
for f in access.log app.log; do
	[ "$(ls "$L" | grep -c "^$f-[0-9]\{8\}-[0-9]\{6\}$")" -eq 1 ] ||
	    fail "$f was not rotated over the size: $(cat "$T/ls1")"
	[ -f "$L/$f" ] || fail "$f was not created anew"
done
[ "$(ls "$L" | grep -c '^error.log-')" -eq 0 ] ||
    fail "error.log rotated under the size: $(cat "$T/ls1")"

M=300
send_requests "$M" between 900
wait_for_count "$M" /v1/between- "$L"/access.log*
wait_for_count "$M" /v1/between- "$L"/app.log*
# The writers notice the rename within a second: after that, every line
# goes to the new files.
sleep 2
send_requests 10 settled
for f in access.log app.log; do
	wait_for_count 10 /v1/settled- "$L/$f"
	assert_eq 0 "$(count_matching /v1/settled- "$L/$f"-*)" "$f: lines still going to the rotated file"
done

# Forced: everything rotates (the names have the second: wait for a new
# one), the first rotated files are compressed, lighttpd reopens error.log.
sleep 1
rotate -f
K=200
send_requests "$K" after 900
wait_for_count "$K" /v1/after- "$L"/access.log*
wait_for_count "$K" /v1/after- "$L"/app.log*
ls "$L" >"$T/ls2"
for f in access.log app.log error.log; do
	[ "$(ls "$L" | grep -c "^$f-[0-9]\{8\}-[0-9]\{6\}$")" -eq 1 ] ||
	    fail "$f: not one plain rotated file: $(cat "$T/ls2")"
done
for f in access.log app.log; do
	[ "$(ls "$L" | grep -c "^$f-[0-9]\{8\}-[0-9]\{6\}\.gz$")" -eq 1 ] ||
	    fail "$f: the first rotated file is not compressed: $(cat "$T/ls2")"
done
n=0
until grep -q "logfiles cycled" "$L/error.log" 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -le 100 ] || fail "lighttpd did not reopen error.log after SIGHUP"
	sleep 0.1
done
kill -0 "$API_PID" || fail "lighttpd died"

# Nothing lost, nothing doubled, all JSON.
for f in access.log app.log; do
	json_lines "$L/$f"* >/dev/null
	assert_eq "$N" "$(count_matching /v1/before- "$L/$f"*)" "$f: lines before"
	assert_eq "$M" "$(count_matching /v1/between- "$L/$f"*)" "$f: lines between"
	assert_eq 10 "$(count_matching /v1/settled- "$L/$f"*)" "$f: lines settled"
	assert_eq "$K" "$(count_matching /v1/after- "$L/$f"*)" "$f: lines after"
done
assert_eq "$K" "$(count_matching /v1/after- "$L/access.log")" "access.log after the forced rotation"
exit 0
