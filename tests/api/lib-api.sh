# Helpers of the API integration tests (POSIX sh): the real lighttpd, run by
# script/lighttpd-run, with the real workers, on 127.0.0.1 and a free port,
# over a database the real updater built.  A test sources it first:
#
#     . "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
#
# It sources tests/lib.sh ($T, track_pid, fail, skip, assert_*, run_updater,
# cleanup of every tracked PID and of $T on exit).

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fi
. "$top_srcdir/tests/lib.sh"

LIGHTTPD_RUN=$top_srcdir/script/lighttpd-run
# tests/api/api_shapes.py is imported: no __pycache__ in the source tree.
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE top_srcdir
# The workers (and lighttpd) read these: a test sets what it means to use.
unset ADDRESS ALLOW_DIRECT_ACCESS WORKERS MAX_REQUEST_BODY MAX_HEADER_SIZE \
    FCGI_BIN HTML_DIR RUN_DIR LOG_DIR LOG_LEVEL RUN_AS_USER RATE_LIMIT \
    RATE_LIMIT_BURST RATE_LIMIT_RATE RATE_LIMIT_FILE TRUSTED_PROXIES \
    RATE_LIMIT_EXEMPT METRICS_PORT MAX_CONNECTIONS MAX_CONNECTIONS_PER_ADDRESS \
    READ_TIMEOUT KEEPALIVE_TIMEOUT || true
# No metrics listener unless a test asks for one: tests run in parallel, and
# lighttpd-run's default (9090) would be one port for all of them.
METRICS_PORT=
export METRICS_PORT

# fail, with the end of lighttpd's and the workers' logs.
fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	for _api_f in "$T/stderr" "$T/lighttpd.out" "$T/logs/error.log"; do
		if [ -s "$_api_f" ]; then
			echo "--- end of $_api_f:" >&2
			tail -n 10 "$_api_f" >&2
		fi
	done
	exit 1
}

require_api() {
	require_updater
	require_fcgi
	require_cmd lighttpd curl python3
}

# api_build_db DIR DB: DB from the BDPM files of DIR (file://), through the
# updater's publication (rename into place).
api_build_db() {
	run_updater --source "file://$1" --db "$2"
	[ "$RC" -eq 0 ] || fail "building $2 from $1: updater exit $RC"
	[ -f "$2" ] || fail "building $2 from $1: no database written"
}

# api_fixture_db: $T/db/medicaments.db from tests/fixtures/bdpm; sets API_DB.
api_fixture_db() {
	mkdir -p "$T/db"
	API_DB=$T/db/medicaments.db
	api_build_db "$FIXTURES" "$API_DB"
}

# api_dump_db: $T/db/medicaments.db from the June 2022 dump ($BDPM_DUMP);
# sets API_DB.  Skips the test when the dump is not there.
api_dump_db() {
	[ -f "$BDPM_DUMP/CIS_bdpm.txt" ] || skip "no 2022 dump in $BDPM_DUMP"
	mkdir -p "$T/db"
	API_DB=$T/db/medicaments.db
	api_build_db "$BDPM_DUMP" "$API_DB"
}

# _api_free_port: a port nobody listens on right now on API_ADDRESS
# (127.0.0.1 by default), never one handed out before (tests/lib.sh).
_api_free_port() {
	free_port "${API_ADDRESS:-127.0.0.1}"
}

# api_start [--cgi]: lighttpd and its workers over $API_DB (which need not
# exist yet), on API_ADDRESS (127.0.0.1; ::1 for IPv6) and a free port.
# Sets API_PID (lighttpd), API_PORT and API_URL.  API_WORKERS (2),
# API_RATE_LIMIT (off) and API_LOG_LEVEL (info) may be set before.  Another
# process may take the port between the check and the bind: then lighttpd
# exits and the start is retried on another port.
api_start() {
	mkdir -p "$T/run" "$T/logs"
	_api_try=0
	while :; do
		_api_try=$((_api_try + 1))
		[ "$_api_try" -le 5 ] || fail "lighttpd never started"
		API_PORT=$(_api_free_port) || fail "no free port"
		: >"$T/lighttpd.out"
		if [ "$(id -u)" -eq 0 ]; then
			_api_root=1
		else
			_api_root=
		fi
		ADDRESS=${API_ADDRESS:-127.0.0.1} PORT=$API_PORT DB_PATH=$API_DB \
		    FCGI_BIN=$FCGI RUN_DIR=$T/run LOG_DIR=$T/logs \
		    WORKERS=${API_WORKERS:-2} RATE_LIMIT=${API_RATE_LIMIT:-off} \
		    LOG_LEVEL=${API_LOG_LEVEL:-info} ALLOW_ROOT=$_api_root \
		    "$LIGHTTPD_RUN" "$@" >>"$T/lighttpd.out" 2>&1 &
		API_PID=$!
		track_pid "$API_PID"
		case ${API_ADDRESS:-127.0.0.1} in
		*:*) API_URL=http://[$API_ADDRESS]:$API_PORT ;;
		*) API_URL=http://127.0.0.1:$API_PORT ;;
		esac
		if _api_wait_listening; then
			break
		fi
		wait "$API_PID" 2>/dev/null || true
		untrack_pid "$API_PID"
		grep -q 'Address already in use' "$T/lighttpd.out" \
		    "$T/logs/error.log" 2>/dev/null ||
		    fail "lighttpd did not start"
	done
}

# _api_wait_listening: true once lighttpd accepts connections, false when it
# died first.  Bounded: 60 s.
_api_wait_listening() {
	_api_n=0
	while [ "$_api_n" -lt 600 ]; do
		kill -0 "$API_PID" 2>/dev/null || return 1
		if python3 -c 'import socket, sys
socket.create_connection((sys.argv[2], int(sys.argv[1])), timeout=1).close()' \
		    "$API_PORT" "${API_ADDRESS:-127.0.0.1}" 2>/dev/null; then
			kill -0 "$API_PID" 2>/dev/null || return 1
			return 0
		fi
		_api_n=$((_api_n + 1))
		sleep 0.1
	done
	fail "lighttpd (pid $API_PID) never listened on ${API_ADDRESS:-127.0.0.1} port $API_PORT"
}

# api_stop: stops lighttpd (which stops its workers) and waits for it.
api_stop() {
	kill "$API_PID" 2>/dev/null || true
	wait "$API_PID" 2>/dev/null || true
	untrack_pid "$API_PID"
}

# api_worker_pids: the PIDs of lighttpd's medicaments-fcgi children
# (with LOG_DIR, lighttpd is itself a child of medicaments-supervise).
api_worker_pids() {
	for _api_p in $(pgrep -P "$API_PID" 2>/dev/null) \
	    $(for _api_c in $(pgrep -P "$API_PID" 2>/dev/null); do
		pgrep -P "$_api_c" 2>/dev/null; done); do
		case $(readlink "/proc/$_api_p/exe" 2>/dev/null) in
		*/medicaments-fcgi) echo "$_api_p" ;;
		esac
	done
}

# --- requests ----------------------------------------------------------------

# api_get PATH [curl options...]: GET (or what the options say) PATH; the
# body is in $T/body, the headers in $T/headers, the status in STATUS.
api_get() {
	_api_path=$1
	shift
	# curl writes no file for an empty body: never read the last one.
	rm -f "$T/body" "$T/headers"
	STATUS=$(curl -sS --max-time 120 -o "$T/body" -D "$T/headers" \
	    -w '%{http_code}' "$@" "$API_URL$_api_path" 2>"$T/curl.err") ||
	    fail "curl $_api_path: $(cat "$T/curl.err")"
	[ -f "$T/body" ] || : >"$T/body"
}

# header NAME: the value of the last response's header NAME ("" if none).
header() {
	awk -v name="$1" 'BEGIN { name = tolower(name) ":" }
	{ sub(/\r$/, "") }
	tolower(substr($0, 1, length(name))) == name {
		v = substr($0, length(name) + 1); sub(/^[ \t]*/, "", v); print v; exit
	}' "$T/headers"
}

# assert_status EXPECTED [WHAT]
assert_status() {
	[ "$STATUS" = "$1" ] ||
	    fail "${2:-$_api_path}: status $STATUS, expected $1; body: $(head -c 300 "$T/body")"
}

# assert_header NAME EXPECTED
assert_header() {
	assert_eq "$2" "$(header "$1")" "$_api_path: header $1"
}

# assert_json_type: the last response is JSON in UTF-8, as the API says.
assert_json_type() {
	assert_eq "application/json; charset=utf-8" "$(header Content-Type)" \
	    "$_api_path: Content-Type"
}

# json_assert EXPR...: each Python expression is true of the last body,
# parsed as JSON into d (re and json are there too).
json_assert() {
	python3 - "$T/body" "$_api_path" "$@" <<'EOF' || fail "$_api_path: JSON check failed"
import json, os, re, sys
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "api"))
import api_shapes
path = sys.argv[2]
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
except ValueError as e:
    print(f"{path}: body is not JSON: {e}", file=sys.stderr)
    sys.exit(1)
for expr in sys.argv[3:]:
    try:
        ok = eval(expr, dict(vars(api_shapes), d=d, re=re, json=json))
    except AssertionError as e:
        ok = False
        print(f"{path}: {e}", file=sys.stderr)
    except Exception as e:
        ok = False
        print(f"{path}: {expr}: {type(e).__name__}: {e}", file=sys.stderr)
    if not ok:
        print(f"{path}: not true: {expr}\nbody: {json.dumps(d, ensure_ascii=False)[:600]}",
              file=sys.stderr)
        sys.exit(1)
EOF
}

# assert_error STATUS NEEDLE: the last response is STATUS with the API's
# error object, whose message or detail (a string, where we say more than
# the Go service's message) holds NEEDLE.
assert_error() {
	assert_status "$1"
	assert_json_type
	python3 - "$T/body" "$_api_path" "$1" "$2" <<'EOF' || fail "$_api_path: not the error object expected"
import json, sys
from http import HTTPStatus
body, path, status, needle = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(body, encoding="utf-8") as f:
    d = json.load(f)
want = {"error": HTTPStatus(status).phrase, "code": status}
problems = []
# A search's 404 says what the query might have meant (suggestions).
if set(d) - {"detail", "suggestions"} != {"error", "message", "code"}:
    problems.append(f"keys {sorted(d)}")
if "suggestions" in d and not (status == 404 and isinstance(
        d["suggestions"], list) and all(isinstance(x, str)
                                         for x in d["suggestions"])):
    problems.append(f"suggestions {d['suggestions']!r}")
if "detail" in d and not (isinstance(d["detail"], str) and d["detail"]):
    problems.append(f"detail {d['detail']!r}")
for k, v in want.items():
    if d.get(k) != v or type(d.get(k)) is not type(v):
        problems.append(f"{k} is {d.get(k)!r}, expected {v!r}")
if not isinstance(d.get("message"), str) or \
        needle not in d["message"] + "\n" + d.get("detail", ""):
    problems.append(f"message {d.get('message')!r} (detail "
                    f"{d.get('detail')!r}) does not hold {needle!r}")
if problems:
    print(f"{path}: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
EOF
}

# api_error PATH STATUS NEEDLE [curl options...]: GET PATH answers STATUS
# with the error object, its message holding NEEDLE.
api_error() {
	_api_p=$1
	_api_s=$2
	_api_n=$3
	shift 3
	api_get "$_api_p" "$@"
	assert_error "$_api_s" "$_api_n"
}

# raw_request REQUEST: sends the bytes of REQUEST, written with Python
# escapes ('GET / HTTP/1.0\r\n\r\n', '\xff'), on one connection and reads to
# the end; prints the status line, one line per header, then "body-bytes N".
raw_request() {
	python3 - "$API_PORT" "$1" <<'EOF'
import codecs, socket, sys
port, req = int(sys.argv[1]), codecs.escape_decode(sys.argv[2].encode())[0]
s = socket.create_connection(("127.0.0.1", port), timeout=60)
s.sendall(req)
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
s.close()
head, _, body = data.partition(b"\r\n\r\n")
for line in head.split(b"\r\n"):
    print(line.decode("latin-1"))
print(f"body-bytes {len(body)}")
EOF
}

# lighttpd_run_refused VAR=VALUE... NEEDLE: script/lighttpd-run --check, with
# those variables, exits 1 with one line on stderr holding NEEDLE and
# "lighttpd-run: error: " (lighttpd's own paths and programs) or
# "medicaments-fcgi: error: " (every other variable: its --check-config).
lighttpd_run_refused() {
	_needle=$(eval "echo \"\${$#}\"")
	_rc=0
	_args=
	while [ $# -gt 1 ]; do
		_args="$_args $1"
		shift
	done
	# shellcheck disable=SC2086
	env $_args "$LIGHTTPD_RUN" --check >"$T/out" 2>"$T/err" || _rc=$?
	[ "$_rc" -eq 1 ] || fail "$_args: exit $_rc, expected 1"
	assert_eq 1 "$(wc -l <"$T/err" | tr -d ' ')" "$_args: lines on stderr: $(cat "$T/err")"
	grep -qE '^(lighttpd-run|medicaments-fcgi): error: ' "$T/err" ||
	    fail "$_args: not an error line: $(cat "$T/err")"
	assert_contains "$(cat "$T/err")" "$_needle" "$_args"
}
