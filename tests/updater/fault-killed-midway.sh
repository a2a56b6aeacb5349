#!/bin/sh
# An updater killed (SIGKILL) while it waits on a stalled download leaves the
# database untouched; the next run succeeds and leaves no temporary file,
# not even one a run killed later in its work would have left.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
SUM=$(checksum "$DB")

DOWNLOAD_STALL_TIMEOUT=300 DOWNLOAD_TIMEOUT=600 \
    "$UPDATER" --source "$BASE/stall:CIS_MITM.txt" --db "$DB" \
    >"$T/stdout" 2>"$T/stderr" &
PID=$!
track_pid "$PID"
wait_for_request /stall:CIS_MITM.txt/CIS_MITM.txt
# The other ten files are in by now or soon; the updater waits on the stall.
sleep 1
kill -0 "$PID" 2>/dev/null || fail "the updater ended before it was killed"
kill -KILL "$PID"
RC=0
wait "$PID" 2>/dev/null || RC=$?
untrack_pid "$PID"
assert_eq 137 "$RC" "exit status of the killed updater"
[ -f "$DB" ] || fail "$DB was removed"
assert_eq "$SUM" "$(checksum "$DB")" "sha256 of $DB after the kill"

# This kill came during the downloads, before any temporary database; one
# killed while building would leave its DB.new-XXXXXX: the next run (which
# holds the lock) removes it.
cp "$DB" "$DB.new-Zk3q9P"
printf 'partial' >"$DB.new-Zk3q9P-journal"

run_updater --source "$BASE/ok" --db "$DB"
assert_eq 0 "$RC" "exit status of the next run"
assert_no_temp_files "$T/db"
assert_sql "$DB" ok "PRAGMA integrity_check"
assert_sql "$DB" 16 "SELECT count(*) FROM medicaments"
exit 0
