#!/bin/sh
# The updater records every run's result next to the database
# (DB_PATH.last-update.json, replaced atomically, on success and on
# failure), and /metrics reports it with the data's age and row counts: two
# failed runs in a row count 2 and keep the last success's time; a success
# resets the count.  A damaged file only hides the update's series.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_api
api_fixture_db
STATUS_FILE=$API_DB.last-update.json
metrics_start

# status_field NAME: a member of the status file, as JSON.
status_field() {
	python3 -c 'import json, sys
print(json.dumps(json.load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]]))' \
	    "$STATUS_FILE" "$1" || fail "$STATUS_FILE is not the status JSON"
}

[ -f "$STATUS_FILE" ] || fail "no $STATUS_FILE after a successful update"
assert_eq '"ok"' "$(status_field result)" "result"
assert_eq null "$(status_field error)" "error"
assert_eq 0 "$(status_field consecutive_failures)" "consecutive_failures"
success=$(status_field timestamp)
assert_eq "$success" "$(status_field last_success_timestamp)" "last_success_timestamp"

scrape
assert_metric 1 medicaments_update_last_success
assert_metric 0 medicaments_update_consecutive_failures
assert_metric 0 medicaments_update_last_unchanged
assert_eq '"build"' "$(status_field mode)" "mode"
assert_metric 1 "medicaments_update_info{mode=\"build\",source=$(status_field source)}"
# The base that served each file (the one base here).
for f in CIS_bdpm.txt CIS_MITM.txt; do
	assert_eq "$(status_field source)" "$(status_field file_bases |
	    python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)[sys.argv[1]]))' "$f")" \
	    "status file's base of $f"
	assert_metric 1 "medicaments_source_file_base{file=\"$f\",base=$(status_field source)}"
done
assert_metric "$success" medicaments_update_last_timestamp_seconds
assert_metric "$success" medicaments_update_last_success_timestamp_seconds
[ "$(metric medicaments_update_last_duration_seconds)" != absent ] ||
    fail "no medicaments_update_last_duration_seconds"
assert_metric 1 medicaments_database_up
assert_metric "$(sqlite_value "$API_DB" "SELECT value FROM meta WHERE key = 'last_update_epoch'")" \
    medicaments_data_timestamp_seconds
age=$(metric medicaments_data_age_seconds)
case $age in
'' | *[!0-9]*) fail "medicaments_data_age_seconds: $age" ;;
esac
for table in medicaments presentations compositions generiques conditions \
    avis_smr avis_asmr liens_avis_ct informations_importantes \
    disponibilites mitm; do
	assert_metric "$(sqlite_value "$API_DB" "SELECT count(*) FROM $table")" \
	    "medicaments_data_rows{table=\"$table\"}"
done

# Two failed runs: nothing published, the result recorded each time.
sum=$(checksum "$API_DB")
for n in 1 2; do
	run_updater --source "file://$T/no-such-dir" --db "$API_DB"
	assert_failed_with CIS_bdpm.txt
	assert_db_untouched "$API_DB" "$sum"
	assert_eq '"failed"' "$(status_field result)" "result after failure $n"
	assert_eq "$n" "$(status_field consecutive_failures)" "consecutive_failures"
	assert_eq "$success" "$(status_field last_success_timestamp)" "last_success_timestamp"
	# The error recorded is the run's error line.
	assert_eq "$(grep 'medicaments-updater: error:' "$T/stderr" |
	    sed 's/^medicaments-updater: error: //')" \
	    "$(status_field error | python3 -c 'import json, sys; print(json.load(sys.stdin))')" \
	    "error recorded"
done
scrape
assert_metric 0 medicaments_update_last_success
assert_metric 2 medicaments_update_consecutive_failures
# No file came from anywhere in the last run.
assert_metric absent "medicaments_source_file_base{file=\"CIS_bdpm.txt\",base=$(status_field source)}"
assert_metric "$success" medicaments_update_last_success_timestamp_seconds
assert_metric "$(status_field timestamp)" medicaments_update_last_timestamp_seconds
# The data served is still the good one.
assert_metric 1 medicaments_database_up

# A success again resets the count.
api_build_db "$FIXTURES" "$API_DB"
assert_eq 0 "$(status_field consecutive_failures)" "consecutive_failures after a success"
scrape
assert_metric 1 medicaments_update_last_success
assert_metric 0 medicaments_update_consecutive_failures

# Another run holding the lock records nothing: it did not run.
before=$(checksum "$STATUS_FILE")
python3 - "$API_DB.lock" "$T/locked" <<'EOF' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
end = time.monotonic() + 60
while os.path.exists(sys.argv[2]) and time.monotonic() < end:
    time.sleep(0.05)
EOF
locker=$!
track_pid "$locker"
wait_for_file_exists() {
	_n=0
	while [ ! -e "$1" ]; do
		_n=$((_n + 1))
		[ "$_n" -le 300 ] || fail "$1 never appeared"
		sleep 0.1
	done
}
wait_for_file_exists "$T/locked"
run_updater --source "file://$FIXTURES" --db "$API_DB"
assert_failed_with "another update is running"
rm -f "$T/locked"
wait "$locker" 2>/dev/null || true
untrack_pid "$locker"
assert_eq "$before" "$(checksum "$STATUS_FILE")" "status file after a refused run"
assert_no_temp_files "$(dirname "$API_DB")"

# A damaged file hides the update's series, nothing else.
printf '{"result": "ok", "timest' >"$STATUS_FILE"
scrape
assert_metric absent medicaments_update_last_success
assert_metric 1 medicaments_database_up
api_get /health
assert_status 200
exit 0
