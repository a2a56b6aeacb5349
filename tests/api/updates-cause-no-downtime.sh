#!/bin/sh
# Zero downtime: while clients hammer /v1/medicaments/{cis} and /health
# (wrk for volume, when installed, and a Python client that checks every
# answer), the updater publishes a new database six times, alternating two
# variants of the fixtures whose CIS 60002283 has a different name.  Not one
# request fails (no non-200 status, no socket error, no torn or invalid
# body), every answer comes from one database or the other, each update is
# seen by the API, and lighttpd and its workers are never restarted.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
NAME_A="ANASTROZOLE ACCORD 1 mg, comprimé pelliculé"
NAME_B="ANASTROZOLE VARIANTE 1 mg, comprimé pelliculé"

# Variant B: the fixtures with one CIS_bdpm name changed (the file is
# Windows-1252: the bytes are replaced, ASCII only).
cp -R "$FIXTURES" "$T/bdpm-b"
python3 - "$T/bdpm-b/CIS_bdpm.txt" <<'EOF2' || fail "making variant B"
import sys
p = sys.argv[1]
data = open(p, "rb").read()
assert data.count(b"ANASTROZOLE ACCORD 1 mg") == 1
open(p, "wb").write(data.replace(b"ANASTROZOLE ACCORD 1 mg", b"ANASTROZOLE VARIANTE 1 mg"))
EOF2

api_fixture_db
API_WORKERS=4
api_start
workers_before=$(api_worker_pids | sort | tr '\n' ' ')
api_get /v1/medicaments/60002283
assert_status 200
json_assert "d['elementPharmaceutique'] == '''$NAME_A'''"

# --- load -------------------------------------------------------------------
python3 "$top_srcdir/tests/api/load_check.py" --port "$API_PORT" \
    --stop-file "$T/stop" --max-seconds 180 --threads 4 \
    --name "$NAME_A" --name "$NAME_B" \
    /v1/medicaments/60002283 /health >"$T/check.json" 2>"$T/check.err" &
check_pid=$!
track_pid "$check_pid"

wrk_pid=
if command -v wrk >/dev/null 2>&1; then
	cat >"$T/paths.lua" <<'EOF2'
local paths = { "/v1/medicaments/60002283", "/health" }
local n = 0
request = function()
	n = n + 1
	return wrk.format("GET", paths[n % 2 + 1])
end
EOF2
	# Bounded by -d; a generous timeout, so that a slow machine is not a
	# socket error.
	wrk -t 2 -c 8 -d 20s --timeout 30s -s "$T/paths.lua" "$API_URL" \
	    >"$T/wrk.out" 2>&1 &
	wrk_pid=$!
	track_pid "$wrk_pid"
else
	log "wrk is not installed: the Python client alone makes the load"
fi

# --- updates under load -----------------------------------------------------
# wait_name NAME: until the API answers NAME for 60002283 (60 s at most).
wait_name() {
	_n=0
	while :; do
		api_get /v1/medicaments/60002283
		assert_status 200
		python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1], encoding="utf-8"))["elementPharmaceutique"] != sys.argv[2])' \
		    "$T/body" "$1" && return 0
		_n=$((_n + 1))
		[ "$_n" -le 600 ] || fail "the API never served '$1' after an update"
		sleep 0.1
	done
}

sleep 1
i=0
while [ "$i" -lt 6 ]; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 1 ]; then
		api_build_db "$T/bdpm-b" "$API_DB"
		wait_name "$NAME_B"
	else
		api_build_db "$FIXTURES" "$API_DB"
		wait_name "$NAME_A"
	fi
	log "update $i published and served"
	sleep 0.5
done
sleep 1

# --- results ----------------------------------------------------------------
touch "$T/stop"
check_rc=0
wait "$check_pid" || check_rc=$?
untrack_pid "$check_pid"
log "python client: $(cat "$T/check.json")"
[ "$check_rc" -eq 0 ] || fail "python client: $(cat "$T/check.json" "$T/check.err")"
json=$(cat "$T/check.json")
python3 - "$T/check.json" "$NAME_A" "$NAME_B" <<'EOF2' || fail "python client: $json"
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["errors"] == 0 and s["requests"] > 0
# Both databases were served to the client under load.
assert set(s["names"]) == {sys.argv[2], sys.argv[3]}, s["names"]
EOF2

if [ -n "$wrk_pid" ]; then
	wait "$wrk_pid" || fail "wrk failed: $(cat "$T/wrk.out")"
	untrack_pid "$wrk_pid"
	log "wrk: $(tr '\n' ' ' <"$T/wrk.out")"
	grep -q 'requests in' "$T/wrk.out" || fail "wrk: no summary: $(cat "$T/wrk.out")"
	! grep -q 'Non-2xx or 3xx responses' "$T/wrk.out" ||
	    fail "wrk: $(grep 'Non-2xx' "$T/wrk.out")"
	! grep -q 'Socket errors' "$T/wrk.out" ||
	    fail "wrk: $(grep 'Socket errors' "$T/wrk.out")"
fi

# The last update (the sixth: A) is what every worker serves; nothing was
# restarted.
for _ in 1 2 3 4 5 6 7 8; do
	api_get /v1/medicaments/60002283
	json_assert "d['elementPharmaceutique'] == '''$NAME_A'''"
done
kill -0 "$API_PID" || fail "lighttpd died"
assert_eq "$workers_before" "$(api_worker_pids | sort | tr '\n' ' ')" "worker PIDs"
exit 0
