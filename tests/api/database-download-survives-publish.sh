#!/bin/sh
# A download of /v1/database in flight finishes on the file it started,
# while the updater publishes two new databases: the first renames a new
# file to DB_PATH, the second also removes the first file's version link,
# so that the old file has no name left at all.  The client reads the
# headers and a few bytes, stops reading (a small receive buffer, a padded
# database far larger than the sockets' buffers: lighttpd still has most of
# it to send), waits for both publications, then reads the rest: every byte
# is the old file's, under the old ETag.  Afterwards the API serves the
# newest file, and DB_PATH.versions holds the current and previous links
# only.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api

# variant NAME: the fixtures with one CIS_bdpm name changed, in $T/NAME
# (the file is Windows-1252: ASCII bytes replaced).
variant() {
	cp -R "$FIXTURES" "$T/$1"
	python3 - "$T/$1/CIS_bdpm.txt" "$1" <<'EOF' || fail "making variant $1"
import sys
p, name = sys.argv[1], sys.argv[2].upper().encode()
data = open(p, "rb").read()
assert data.count(b"ANASTROZOLE ACCORD 1 mg") == 1
open(p, "wb").write(data.replace(b"ANASTROZOLE ACCORD 1 mg",
                                 b"ANASTROZOLE " + name + b" 1 mg"))
EOF
}
variant b
variant c

# wait_for FILE PID ERRORS: until the client PID has made FILE (bounded:
# 120 s); fails with its ERRORS if it dies first.
wait_for() {
	_n=0
	while [ ! -f "$1" ]; do
		kill -0 "$2" 2>/dev/null || fail "client: $(cat "$3")"
		_n=$((_n + 1))
		[ "$_n" -le 1200 ] || fail "no $1 after 120 s"
		sleep 0.1
	done
}

api_fixture_db
# 48 MB of padding: more than the kernel buffers between lighttpd and the
# client (a few MB), so that the download is still in flight when it
# pauses.  The file keeps its inode: its version link still names it.
sqlite3 "$API_DB" "CREATE TABLE padding (b); INSERT INTO padding VALUES (zeroblob(48 * 1024 * 1024));" ||
    fail "padding the database"
old_ino=$(stat -c %i "$API_DB")
old_sum=$(sha256sum "$API_DB" | cut -d' ' -f1)
old_etag=$(sqlite3 "$API_DB" "SELECT value FROM meta WHERE key = 'data_etag'")
api_start

python3 - "$API_PORT" "$T" >"$T/client.out" 2>"$T/client.err" <<'EOF' &
import os, socket, sys, time
port, t = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.settimeout(300)
s.connect(("127.0.0.1", port))
s.sendall(b"GET /v1/database HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          b"Connection: close\r\n\r\n")
data = b""
while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) == 0:
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("connection closed before the body")
    data += chunk
head, _, body = data.partition(b"\r\n\r\n")
open(os.path.join(t, "inflight.headers"), "wb").write(head)
open(os.path.join(t, "started"), "w").close()
deadline = time.monotonic() + 300
while not os.path.exists(os.path.join(t, "go")):
    if time.monotonic() > deadline:
        sys.exit("never told to go on")
    time.sleep(0.05)
with open(os.path.join(t, "inflight.body"), "wb") as f:
    f.write(body)
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        f.write(chunk)
print("done")
EOF
client_pid=$!
track_pid "$client_pid"
wait_for "$T/started" "$client_pid" "$T/client.err"

# Two publications while the client waits.
api_build_db "$T/b" "$API_DB"
[ "$(stat -c %i "$API_DB")" != "$old_ino" ] || fail "DB_PATH is still the old file"
[ -e "$API_DB.versions/$old_ino.db" ] ||
    fail "the previous version link went with the first publication"
api_build_db "$T/c" "$API_DB"
[ ! -e "$API_DB.versions/$old_ino.db" ] ||
    fail "the second publication left the oldest version link"
new_ino=$(stat -c %i "$API_DB")
assert_eq "2" "$(ls "$API_DB.versions" | grep -c '\.db$')" \
    "version links after two publications: $(ls "$API_DB.versions")"
[ -e "$API_DB.versions/$new_ino.db" ] || fail "no link for the new file"

: >"$T/go"
wait "$client_pid" || fail "client: $(cat "$T/client.err")"
untrack_pid "$client_pid"
assert_contains "$(cat "$T/inflight.headers")" "ETag: W/\"$old_etag\"" \
    "the in-flight download's ETag"
assert_eq "$old_sum" "$(sha256sum <"$T/inflight.body" | cut -d' ' -f1)" \
    "the in-flight download's bytes"

# The workers move to the newest file (each looks at DB_PATH at most once a
# second, on a request): then its bytes, its ETag.
new_sum=$(sha256sum "$API_DB" | cut -d' ' -f1)
new_etag=$(sqlite3 "$API_DB" "SELECT value FROM meta WHERE key = 'data_etag'")
[ "$new_etag" != "$old_etag" ] || fail "the variants have the same data_etag"
n=0
while :; do
	api_get /v1/database
	assert_status 200
	[ "$(header ETag)" != "W/\"$new_etag\"" ] || break
	n=$((n + 1))
	[ "$n" -le 300 ] || fail "the API never served the new database"
	sleep 0.1
done
assert_eq "$new_sum" "$(sha256sum <"$T/body" | cut -d' ' -f1)" "the new file's bytes"

# While four more publications alternate the variants, every answer's ETag
# is the data_etag of the bytes it came with: a worker that has not yet
# seen the new DB_PATH (it looks once a second) names its own file, never
# the path that now holds another.
python3 - "$API_PORT" "$T/stop" "$T/polling" >"$T/poll.out" 2>"$T/poll.err" <<'EOF' &
import http.client, os, sqlite3, sys, tempfile
port, stop, polling = int(sys.argv[1]), sys.argv[2], sys.argv[3]
answers = wrong = 0
fd, path = tempfile.mkstemp()
os.close(fd)
while not os.path.exists(stop) and answers < 100000:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", "/v1/database")
    r = c.getresponse()
    body = r.read()
    c.close()
    if r.status != 200:
        sys.exit(f"status {r.status}")
    with open(path, "wb") as f:
        f.write(body)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    etag = db.execute("SELECT value FROM meta WHERE key = 'data_etag'").fetchone()[0]
    db.close()
    answers += 1
    open(polling, "w").close()
    if r.getheader("ETag") != f'W/"{etag}"':
        wrong += 1
        print(f"ETag {r.getheader('ETag')} with the bytes of {etag}", file=sys.stderr)
os.unlink(path)
print(answers, wrong)
EOF
poll_pid=$!
track_pid "$poll_pid"
wait_for "$T/polling" "$poll_pid" "$T/poll.err"
for v in b c b c; do
	api_build_db "$T/$v" "$API_DB"
done
: >"$T/stop"
wait "$poll_pid" || fail "poller: $(cat "$T/poll.err")"
untrack_pid "$poll_pid"
read -r answers wrong <"$T/poll.out"
assert_eq 0 "$wrong" "answers whose ETag is not their bytes': $(head -n 3 "$T/poll.err")"
exit 0
