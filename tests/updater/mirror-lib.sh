# Helpers of the mirroring tests (medicaments-updater --mirror), sourced
# after tests/lib.sh: a "builder" database built from the fixtures in
# $SRC, served by tests/tools/db_server.py (strong ETags, If-None-Match,
# faults), and a replica's database $REPLICA.

DB_SERVER=$top_srcdir/tests/tools/db_server.py
SRC=$T/src
REPLICA=$T/replica/medicaments.db
REPLICA_STATUS=$REPLICA.last-update.json
mkdir -p "$SRC" "$T/replica"

# start_db_server: serves $SRC; sets DB_BASE (http://127.0.0.1:PORT, to be
# followed by /ok/NAME or /FAULT/NAME).
start_db_server() {
	require_cmd python3
	rm -f "$T/db_server.port"
	python3 "$DB_SERVER" --dir "$SRC" --port-file "$T/db_server.port" \
	    2>>"$T/db_server.log" &
	track_pid "$!"
	wait_for_file "$T/db_server.port"
	DB_BASE=http://127.0.0.1:$(cat "$T/db_server.port")
	wait_for_port 127.0.0.1 "${DB_BASE##*:}"
}

# build_source NAME: a fresh database from the fixtures, $SRC/NAME, built
# at least a second after the previous one (last_update_epoch orders them).
build_source() {
	build_db "$T/build.db"
	cp "$T/build.db" "$SRC/$1"
	rm -f "$T/build.db" "$T/build.db.last-update.json"
	sleep 1
}

# mirror URL: runs the updater's mirror into $REPLICA (RC, $T/stdout,
# $T/stderr as run_updater leaves them).
mirror() {
	run_updater --mirror "$1" --db "$REPLICA"
}

# status_field NAME: a member of the replica's status file, as JSON.
status_field() {
	python3 -c 'import json, sys
print(json.dumps(json.load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]]))' \
	    "$REPLICA_STATUS" "$1" || fail "$REPLICA_STATUS is not the status JSON"
}

# db_stat: what tells that a file was replaced (inode) or not.
db_stat() {
	stat -c '%i %s' "$REPLICA"
}

# db_server_field FIELD PATH: the server's count of requests for PATH
# (FIELD counts), the last If-None-Match or Accept-Encoding it received
# (if_none_match, accept_encoding) or the coding it answered (coding).
db_server_field() {
	python3 - "$DB_BASE/_stats" "$1" "$2" <<'PY'
import json, sys, urllib.request
stats = json.load(urllib.request.urlopen(sys.argv[1], timeout=10))
print(stats[sys.argv[2]].get(sys.argv[3], ""))
PY
}
