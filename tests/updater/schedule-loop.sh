#!/bin/sh
# The updater's own schedule.  --every 1 with a file:// source: it runs at
# once, then again and again; a run that fails (a core file gone) logs its
# error and leaves the good database, and the next run publishes again;
# SIGTERM ends it within seconds, nothing left behind.  --every 3600 runs
# at once, then waits; --at without a database runs at once, then plans its
# next run at one of its times: SIGTERM during those waits ends it at once
# with status 0.  Bad schedules are refused with one error line before
# anything runs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
require_cmd sqlite3

DB=$T/db/medicaments.db
LOG=$T/updater.log
mkdir -p "$T/db" "$T/src"
cp "$FIXTURES"/* "$T/src/"

# count NEEDLE: lines of the updater's log holding NEEDLE.
count() {
	if [ -f "$LOG" ]; then
		grep -c -e "$1" "$LOG" || true
	else
		echo 0
	fi
}

# wait_count NEEDLE N: until the log holds N lines with NEEDLE (60 s).
wait_count() {
	_n=0
	while [ "$(count "$1")" -lt "$2" ]; do
		_n=$((_n + 1))
		[ "$_n" -le 600 ] || fail "fewer than $2 '$1' lines: $(tail -n 5 "$LOG")"
		kill -0 "$PID" 2>/dev/null || fail "the updater ended: $(cat "$T/stderr")"
		sleep 0.1
	done
}

# stop [any]: SIGTERM; the updater must be gone within 5 s with status 0
# (it was waiting), or with "any" 143 too (a run interrupted, as without a
# schedule).
stop() {
	kill -TERM "$PID"
	_n=0
	while kill -0 "$PID" 2>/dev/null && [ "$_n" -lt 50 ]; do
		# A zombie until waited for: wait only once it has exited.
		[ "$(sed 's/^.*) \(.\).*/\1/' "/proc/$PID/stat" 2>/dev/null)" != Z ] || break
		_n=$((_n + 1))
		sleep 0.1
	done
	[ "$_n" -lt 50 ] || fail "the updater still runs 5 s after SIGTERM"
	RC=0
	wait "$PID" || RC=$?
	untrack_pid "$PID"
	case ${1:-0}:$RC in
	0:0 | any:0 | any:143) ;;
	*) fail "exit status $RC after SIGTERM" ;;
	esac
}

LOG_FILE=$LOG LOG_LEVEL=info "$UPDATER" --source "file://$T/src" --db "$DB" \
    --every 1 >"$T/stdout" 2>"$T/stderr" &
PID=$!
track_pid "$PID"
wait_count "published $DB" 2
assert_sql "$DB" 16 "SELECT count(*) FROM medicaments"
[ -f "$DB.last-update.json" ] || fail "no status file after scheduled runs"

# A failed run keeps the good database; the loop goes on.
mv "$T/src/CIS_bdpm.txt" "$T/CIS_bdpm.txt"
n=$(count "published $DB")
before=$(count '"level":"error"')
wait_count '"level":"error"' $((before + 1))
assert_sql "$DB" 16 "SELECT count(*) FROM medicaments"
grep -q 'medicaments-updater: error: .*CIS_bdpm.txt' "$T/stderr" ||
    fail "the failed run's error is not on stderr: $(cat "$T/stderr")"
kill -0 "$PID" 2>/dev/null || fail "the updater ended after a failed run"
mv "$T/CIS_bdpm.txt" "$T/src/CIS_bdpm.txt"
wait_count "published $DB" $((n + 1))
# Runs may take longer than the second between them: SIGTERM may find one.
stop any
assert_no_temp_files "$T/db"
assert_sql "$DB" ok "PRAGMA integrity_check"

# --every 3600: a run at once (a database or not), then an hour's wait that
# SIGTERM ends at once.
rm -f "$LOG"
sum=$(checksum "$DB")
LOG_FILE=$LOG LOG_LEVEL=info "$UPDATER" --source "file://$T/src" --db "$DB" \
    --every 3600 >"$T/stdout" 2>"$T/stderr" &
PID=$!
track_pid "$PID"
wait_count "next run: " 1
assert_eq 1 "$(count "published $DB")" "runs before the wait"
[ "$(checksum "$DB")" != "$sum" ] || fail "--every 3600 did not run at once"
stop

# --at without a database: a run at once, then the next of its times.
rm -f "$DB" "$LOG"
TZ=UTC LOG_FILE=$LOG LOG_LEVEL=info "$UPDATER" --source "file://$T/src" \
    --db "$DB" --at "06:00, 18:00" >"$T/stdout" 2>"$T/stderr" &
PID=$!
track_pid "$PID"
wait_count "next run: " 1
[ -f "$DB" ] || fail "--at without a database did not run at once"
next=$(sed -n 's/.*next run: \([0-9: -]*\) UTC.*/\1/p' "$LOG" | tail -n 1)
case $next in
[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' '06:00 | \
[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' '18:00) ;;
*) fail "next run: '$next' is not a 06:00 or 18:00: $(tail -n 3 "$LOG")" ;;
esac
# Within the next twelve hours.
now=$(date +%s)
at=$(TZ=UTC date -d "$next" +%s)
[ "$at" -gt "$now" ] && [ "$at" -le $((now + 12 * 3600)) ] ||
    fail "next run $next is not within twelve hours"
stop

# Refused: one error line, exit 2, nothing built.
rm -f "$DB"
BDPM_BASE_URL=file://$T/src
export BDPM_BASE_URL
refused() {
	_needle=$1
	shift
	run_updater --db "$DB" "$@"
	assert_eq 2 "$RC" "exit status of $*"
	assert_eq 1 "$(wc -l <"$T/stderr" | tr -d ' ')" "stderr lines of $*: $(cat "$T/stderr")"
	assert_contains "$(cat "$T/stderr")" "$_needle" "error of $*"
	[ ! -e "$DB" ] || fail "$* built a database"
}
refused '--at "25:00": "25:00" is not a time HH:MM' --at 25:00
refused '"6h" is not a time HH:MM' --at "06:00,6h"
refused '--at "": no time' --at ""
refused '--every "0": expected seconds, 1 to 999999' --every 0
refused '--retry "5": expected seconds, 10 to 999999' --at 06:00 --retry 5
refused 'go alone' --at 06:00 --every 60
refused 'go alone' --every 60 --retry 60
refused 'go alone' --check --at 06:00
# --check-config checks the schedule too (the container's entry point asks).
refused '--at "6:00": "6:00" is not a time HH:MM' --check-config --at 6:00
refused '--every "1m": expected seconds' --check-config --every 1m
run_updater --db "$DB" --check-config --at 06:00 --retry 900
assert_eq 0 "$RC" "--check-config with a good --at: $(cat "$T/stderr")"
exit 0
