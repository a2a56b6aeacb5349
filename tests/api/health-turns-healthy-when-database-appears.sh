#!/bin/sh
# /health follows the database the updater publishes, without restarting
# lighttpd or its workers: 503 "unhealthy" while there is none (and the API
# answers 503), 200 "healthy" once the updater has written one, 503
# "degraded" for data older than 24 h, "unhealthy" older than 48 h.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
mkdir -p "$T/db"
API_DB=$T/db/medicaments.db
api_start
workers_before=$(api_worker_pids | sort | tr '\n' ' ')
[ -n "$workers_before" ] || fail "no worker runs"

api_get /health
assert_status 503
assert_json_type
assert_header Cache-Control no-store
json_assert 'health(d, "unhealthy")' 'd["medicaments"] == 0' 'd["last_update"] is None'
api_error /v1/medicaments/60002283 503 "No data available"
api_error "/v1/medicaments?page=1" 503 "No data available"

api_build_db "$FIXTURES" "$API_DB"

# wait_status PATH STATUS: every worker answers STATUS (10 answers in a
# row), within 60 s; each worker looks for a new file at most once a second.
wait_status() {
	_n=0
	_ok=0
	while [ "$_ok" -lt 10 ]; do
		_n=$((_n + 1))
		[ "$_n" -le 600 ] || fail "$1 never answered $2 (last: $STATUS)"
		api_get "$1"
		if [ "$STATUS" = "$2" ]; then
			_ok=$((_ok + 1))
		else
			_ok=0
			sleep 0.1
		fi
	done
}

wait_status /health 200
json_assert 'health(d, "healthy")' 'd["medicaments"] == 16' 'd["generiques"] == 10'
wait_status /v1/medicaments/60002283 200
json_assert 'medicament(d)'

# Older data: a copy whose refresh time is 30 h, then 50 h, in the past,
# renamed into place as the updater does.
age_db() {
	cp "$API_DB" "$T/db/aged.db"
	epoch=$(($(date +%s) - $1 * 3600))
	sqlite3 "$T/db/aged.db" "UPDATE meta SET value = '$epoch'
	    WHERE key = 'last_update_epoch';
	    UPDATE meta SET value = '$(date -d "@$epoch" +%Y-%m-%dT%H:%M:%S+00:00 -u)'
	    WHERE key = 'last_update'" || fail "sqlite3 on the aged copy"
	mv "$T/db/aged.db" "$API_DB"
}
if command -v sqlite3 >/dev/null 2>&1; then
	age_db 30
	wait_status /health 503
	json_assert 'health(d, "degraded")' 'd["data_age_hours"] >= 29'
	# Old data is still served.
	api_get /v1/medicaments/60002283
	assert_status 200
	age_db 50
	_n=0
	while :; do
		api_get /health
		python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["status"] != "unhealthy")' \
		    "$T/body" && break
		_n=$((_n + 1))
		[ "$_n" -le 600 ] || fail "/health never said unhealthy for 50 h old data"
		sleep 0.1
	done
	assert_status 503
	json_assert 'health(d, "unhealthy")' 'd["data_age_hours"] >= 49'
	# Fresh data again: healthy.
	api_build_db "$FIXTURES" "$API_DB"
	wait_status /health 200
fi

# The same lighttpd and the same workers all along.
kill -0 "$API_PID" || fail "lighttpd died"
assert_eq "$workers_before" "$(api_worker_pids | sort | tr '\n' ' ')" "worker PIDs"
exit 0
