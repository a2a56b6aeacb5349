#!/bin/sh
# The Kubernetes deployment (deploy/kubernetes, doc/deploy.md) played on this
# machine: one builder (script/lighttpd-run on its database, answering
# GET /v1/database) and three replicas, each docker/entrypoint in mirror
# mode (MIRROR_URL, MIRROR_INTERVAL=2) with its own ports and DB_PATH, as
# the api pods run it.
#
# 1. every replica mirrors the builder's database byte for byte and serves
#    it;
# 2. the builder publishes a new database while a bounded load (three
#    clients per replica) runs against the replicas: every replica serves
#    the new data soon after, and not one request of the load fails;
# 3. the builder down, then serving a truncated file, then a corrupt one:
#    every replica keeps serving its data (the file byte for byte), with
#    the failure in its status file and its /metrics.
# Every wait is bounded (90 s), and so is the load (count and time).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
require_fcgi
require_cmd curl python3 sqlite3
PATH=$PATH:/usr/sbin
require_cmd lighttpd
[ "$(id -u)" -ne 0 ] || ALLOW_ROOT=1
export ALLOW_ROOT
DB_SERVER=$top_srcdir/tests/tools/db_server.py
CIS=65329132

# wait_until SECONDS WHAT COMMAND...: until COMMAND succeeds.
wait_until() {
	_limit=$1 _what=$2
	shift 2
	_n=0
	until "$@"; do
		_n=$((_n + 1))
		[ "$_n" -le $((_limit * 5)) ] || fail "after $_limit s: $_what"
		sleep 0.2
	done
}

# instance_env NAME: the environment every instance shares.
instance_env() {
	mkdir -p "$T/$1/data" "$T/$1/logs" "$T/$1/run"
	set -- DB_PATH="$T/$1/data/medicaments.db" LOG_DIR="$T/$1/logs" \
	    RUN_DIR="$T/$1/run" ADDRESS=127.0.0.1 WORKERS=2 RATE_LIMIT=off \
	    FCGI_BIN="$FCGI" HTML_DIR="$top_srcdir/html" LOG_LEVEL=warn
	printf '%s\n' "$@"
}

# build SOURCE_DIR NAME: a database of SOURCE_DIR's BDPM files, in $T/NAME.
build() {
	run_updater --source "file://$1" --db "$T/$2"
	[ "$RC" -eq 0 ] || fail "building $2: exit $RC"
}

# --- the builder ---------------------------------------------------------------

BUILDER_PORT=$(free_port)
start_builder() {
	# shellcheck disable=SC2046
	env $(instance_env builder) PORT="$BUILDER_PORT" METRICS_PORT= \
	    "$top_srcdir/script/lighttpd-run" >>"$T/builder.log" 2>&1 &
	BUILDER_PID=$!
	track_pid "$BUILDER_PID"
	wait_for_port 127.0.0.1 "$BUILDER_PORT"
}
mkdir -p "$T/builder/data"
BUILDER_DB=$T/builder/data/medicaments.db
build "$FIXTURES" builder/data/medicaments.db
start_builder
URL=http://127.0.0.1:$BUILDER_PORT/v1/database
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$URL")
assert_eq 200 "$status" "the builder's /v1/database"

# --- three replicas ------------------------------------------------------------

REPLICAS="r1 r2 r3"
for r in $REPLICAS; do
	port=$(free_port)
	mport=$(free_port)
	echo "$port" >"$T/$r.port"
	echo "$mport" >"$T/$r.mport"
	# shellcheck disable=SC2046
	env $(instance_env "$r") PORT="$port" METRICS_PORT="$mport" \
	    METRICS_ADDRESS=127.0.0.1 UPDATER_BIN="$UPDATER" \
	    MIRROR_URL="$URL" MIRROR_INTERVAL=2 \
	    "$top_srcdir/docker/entrypoint" >"$T/$r.log" 2>&1 &
	track_pid "$!"
done

# same_file R FILE: replica R's database is FILE, byte for byte.
same_file() {
	cmp -s "$T/$1/data/medicaments.db" "$2"
}

# serves R NEEDLE: replica R answers the medicament CIS with NEEDLE in it.
serves() {
	curl -s --max-time 10 "http://127.0.0.1:$(cat "$T/$1.port")/v1/medicaments/$CIS" \
	    >"$T/$1.body" 2>/dev/null && grep -q "$2" "$T/$1.body"
}

for r in $REPLICAS; do
	wait_until 90 "$r did not mirror the builder's database" same_file "$r" "$BUILDER_DB"
	wait_until 90 "$r does not serve the first database" serves "$r" "ABECMA 260"
done
log "three replicas serve the builder's database"

# --- a new database under load ---------------------------------------------------

cat >"$T/load.py" <<'EOF'
"""Bounded load: 3 clients per port, each a new connection per request,
until STOP exists, MAX_SECONDS pass or MAX_REQUESTS are made per client.
Prints the count of good answers, of those holding OLD and NEW, and the
failures."""
import http.client, json, os, sys, threading, time
ports, path, stop = sys.argv[1].split(","), sys.argv[2], sys.argv[3]
max_seconds, max_requests = float(sys.argv[4]), int(sys.argv[5])
old, new = sys.argv[6].encode(), sys.argv[7].encode()
lock = threading.Lock()
result = {"ok": 0, "old": 0, "new": 0, "failed": []}

def client(port):
    end = time.monotonic() + max_seconds
    for _ in range(max_requests):
        if os.path.exists(stop) or time.monotonic() > end:
            return
        try:
            c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
            c.request("GET", path, headers={"Connection": "close"})
            r = c.getresponse()
            body = r.read()
            c.close()
            ok = r.status == 200 and body.startswith(b"{")
            why = "%s: %d %r" % (port, r.status, body[:80])
        except Exception as e:
            ok, why = False, "%s: %r" % (port, e)
        with lock:
            if ok:
                result["ok"] += 1
                result["old"] += old in body
                result["new"] += new in body
            else:
                result["failed"].append(why)
        time.sleep(0.005)

threads = [threading.Thread(target=client, args=(p,)) for p in ports
           for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps(result))
EOF
ports=$(for r in $REPLICAS; do cat "$T/$r.port"; done | paste -sd, -)
python3 "$T/load.py" "$ports" "/v1/medicaments/$CIS" "$T/stop-load" 300 20000 \
    "ABECMA 260" "ABECMA 261" >"$T/load.json" 2>"$T/load.err" &
LOAD_PID=$!
track_pid "$LOAD_PID"
sleep 1

# The builder publishes a database of other data (a medicament renamed).
mkdir -p "$T/bdpm2"
cp "$FIXTURES"/* "$T/bdpm2/"
LC_ALL=C sed -i 's/ABECMA 260 /ABECMA 261 /' "$T/bdpm2/CIS_bdpm.txt"
build "$T/bdpm2" builder/data/medicaments.db
published=$(date +%s)
for r in $REPLICAS; do
	wait_until 90 "$r did not mirror the new database" same_file "$r" "$BUILDER_DB"
	wait_until 90 "$r does not serve the new database" serves "$r" "ABECMA 261"
done
# Told, not asserted (a slow machine is slow): MIRROR_INTERVAL is 2 s.
log "the three replicas serve the new database $(($(date +%s) - published)) s after it was published"
sleep 1
touch "$T/stop-load"
wait "$LOAD_PID" || fail "the load client failed: $(cat "$T/load.err")"
untrack_pid "$LOAD_PID"
load=$(cat "$T/load.json")
log "load during the switch: $load"
# load_field NAME: a count of the load's result.
load_field() {
	printf '%s' "$load" | python3 -c 'import json, sys
v = json.load(sys.stdin)[sys.argv[1]]
print(len(v) if isinstance(v, list) else v)' "$1"
}
assert_eq 0 "$(load_field failed)" "requests failed during the switch ($load)"
# The load spanned the switch: it had answers of both databases.
[ "$(load_field old)" -gt 0 ] && [ "$(load_field new)" -gt 0 ] ||
    fail "the load did not span the switch: $load"
assert_eq "$(load_field ok)" "$(($(load_field old) + $(load_field new)))" "answers of either database"
SUM=$(checksum "$BUILDER_DB")

# --- the builder fails ------------------------------------------------------------

# status R: replica R's status file.
status() {
	cat "$T/$1/data/medicaments.db.last-update.json" 2>/dev/null
}

# failed_with R NEEDLE: replica R's last mirror run failed with NEEDLE.
failed_with() {
	_s=$(status "$1")
	case $_s in
	*'"result":"failed"'*"$2"*) return 0 ;;
	esac
	return 1
}

# keeps_serving NEEDLE: every replica recorded the failure NEEDLE, kept its
# database byte for byte, serves it, and says so in /metrics.
keeps_serving() {
	for r in $REPLICAS; do
		wait_until 90 "$r recorded no failure with '$1': $(status "$r")" failed_with "$r" "$1"
		assert_eq "$SUM" "$(checksum "$T/$r/data/medicaments.db")" "$r's database after '$1'"
		serves "$r" "ABECMA 261" || fail "$r no longer serves its data after '$1'"
		curl -s --max-time 10 "http://127.0.0.1:$(cat "$T/$r.mport")/metrics" >"$T/metrics" ||
		    fail "$r: no /metrics"
		for line in "medicaments_update_last_success 0" "medicaments_database_up 1" \
		    "medicaments_update_info{mode=\"mirror\",source=\"$URL\"} 1"; do
			grep -qxF "$line" "$T/metrics" || fail "$r: no '$line' in /metrics after '$1'"
		done
		grep -q '^medicaments_update_consecutive_failures [1-9]' "$T/metrics" ||
		    fail "$r: no failure counted in /metrics after '$1'"
	done
	log "every replica keeps its data after '$1'"
}

kill "$BUILDER_PID"
wait "$BUILDER_PID" 2>/dev/null || true
untrack_pid "$BUILDER_PID"
keeps_serving "Couldn't connect"

# The builder's address answered by a server whose /v1/database the test
# switches: a newer database cut short, then one with flipped bytes.
build "$FIXTURES" third.db
cp "$T/third.db" "$T/corrupt.db"
pages=$(sqlite_value "$T/corrupt.db" "SELECT pageno FROM dbstat WHERE name = 'presentations_cis'")
python3 - "$T/corrupt.db" $pages <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    data = bytearray(f.read())
    page = int.from_bytes(data[16:18], "big")
    for n in sys.argv[2:]:
        data[int(n) * page - 1] ^= 0x01
    f.seek(0)
    f.write(data)
EOF
echo /truncated/third.db >"$T/route"
python3 "$DB_SERVER" --dir "$T" --port "$BUILDER_PORT" --port-file "$T/fake.port" \
    --alias "/v1/database=$T/route" 2>>"$T/fake.log" &
track_pid "$!"
wait_for_file "$T/fake.port"
keeps_serving "truncated body"
echo /ok/corrupt.db >"$T/route"
keeps_serving "integrity check"
exit 0
