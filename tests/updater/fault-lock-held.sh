#!/bin/sh
# While another process holds DB_PATH.lock, an update fails at once with one
# error line about the lock, and leaves the database untouched.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
require_cmd flock timeout

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
SUM=$(checksum "$DB")

# The subshell waits for the lock on fd 9 (the probe below may hold it for
# a moment) and becomes sleep: killing that one PID releases the lock and
# leaves nothing behind.
( flock 9 && exec sleep 120 ) 9>"$DB.lock" &
HOLDER=$!
track_pid "$HOLDER"
n=0
while flock -n "$DB.lock" true; do
	n=$((n + 1))
	[ "$n" -le 300 ] || fail "the lock was never taken by the holder"
	sleep 0.1
done

# An updater that waited for the lock instead of failing would hang here.
RC=0
timeout 60 "$UPDATER" --source "$BASE/ok" --db "$DB" \
    >"$T/stdout" 2>"$T/stderr" || RC=$?
[ "$RC" -ne 124 ] || fail "the updater waited for the lock instead of failing"
assert_failed_with "lock"
assert_db_untouched "$DB" "$SUM"

kill "$HOLDER"
wait "$HOLDER" 2>/dev/null || true
untrack_pid "$HOLDER"

# Released, the next update goes through.
run_updater --source "$BASE/ok" --db "$DB"
assert_eq 0 "$RC" "exit status once the lock is free"
assert_no_temp_files "$T/db"
exit 0
