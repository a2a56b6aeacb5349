# Shared helpers of the shell integration tests (POSIX sh).  A test sources
# it first:
#
#     . "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
#
# It gets a private temporary directory, $T, removed on exit together with
# every process started through these helpers (by PID).  Exit status: 0 pass,
# 77 skip, anything else fail (automake's convention).

set -eu

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fi
top_builddir=${top_builddir:-$top_srcdir/build}
BDPM_DUMP=${BDPM_DUMP:-$top_srcdir/../shared/data/bdpm-2022-06}
# script/lighttpd-run serves Swagger UI from the npm packages: those `make
# check' names (under distcheck the sources have none).
if [ -n "${NODE_MODULES:-}" ]; then
	SWAGGER_UI_DIR=${SWAGGER_UI_DIR:-$NODE_MODULES/swagger-ui-dist}
	export SWAGGER_UI_DIR
fi

UPDATER=$top_builddir/updater/medicaments-updater
FCGI=$top_builddir/fcgi/medicaments-fcgi
FIXTURES=$top_srcdir/tests/fixtures/bdpm
BDPM_SERVER=$top_srcdir/tests/tools/bdpm_server.py
TEST_NAME=$(basename "$0" .sh)

# The programs read these; a test sets what it means to use.
unset BDPM_BASE_URL DB_PATH DOWNLOAD_MAX_BYTES || true
# Small values keep the fault tests short; a test may override them.
DOWNLOAD_RETRIES=1
DOWNLOAD_RETRY_DELAY=0.1
DOWNLOAD_STALL_TIMEOUT=2
DOWNLOAD_CONNECT_TIMEOUT=10
DOWNLOAD_TIMEOUT=120
export DOWNLOAD_RETRIES DOWNLOAD_RETRY_DELAY DOWNLOAD_STALL_TIMEOUT \
    DOWNLOAD_CONNECT_TIMEOUT DOWNLOAD_TIMEOUT
# The test server is local: never go through a proxy to reach it.
no_proxy=127.0.0.1,localhost
NO_PROXY=$no_proxy
export no_proxy NO_PROXY

T=$(mktemp -d "${TMPDIR:-/tmp}/medicaments-$TEST_NAME.XXXXXX")
_lib_pids=
# free_port's claims, shared by every test of this user running now (tests
# run in parallel, and several builds' tests at once): one directory per
# port, holding the claiming test's PID.
PORT_REGISTRY=${PORT_REGISTRY:-${TMPDIR:-/tmp}/medicaments-ports.$(id -u)}
export PORT_REGISTRY

# Stops what the test started, by PID, and removes $T.
_lib_cleanup() {
	_lib_rc=$?
	trap - EXIT
	for _lib_pid in $_lib_pids; do
		kill "$_lib_pid" 2>/dev/null || true
	done
	for _lib_pid in $_lib_pids; do
		wait "$_lib_pid" 2>/dev/null || true
	done
	# The ports go back only once nothing of the test can hold them.
	if [ -f "$T/ports" ]; then
		while read -r _lib_port; do
			[ "$(cat "$PORT_REGISTRY/$_lib_port/pid" 2>/dev/null)" != "$$" ] ||
			    rm -rf "$PORT_REGISTRY/$_lib_port"
		done <"$T/ports"
	fi
	rm -rf "$T"
	exit "$_lib_rc"
}
trap _lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- reporting ---------------------------------------------------------------

log() {
	echo "$TEST_NAME: $*" >&2
}

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	if [ -s "$T/stderr" ]; then
		echo "--- stderr of the last run:" >&2
		tail -n 20 "$T/stderr" >&2
	fi
	exit 1
}

skip() {
	echo "SKIP: $TEST_NAME: $*" >&2
	exit 77
}

# assert_eq EXPECTED ACTUAL [WHAT]
assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: expected '$1', got '$2'"
}

# assert_ne UNEXPECTED ACTUAL [WHAT]
assert_ne() {
	[ "$1" != "$2" ] || fail "${3:-value}: expected anything but '$1'"
}

# assert_contains HAYSTACK NEEDLE [WHAT]
assert_contains() {
	case $1 in
	*"$2"*) ;;
	*) fail "${3:-text}: '$2' not found in: $1" ;;
	esac
}

# assert_not_contains HAYSTACK NEEDLE [WHAT]
assert_not_contains() {
	case $1 in
	*"$2"*) fail "${3:-text}: '$2' should not be in: $1" ;;
	*) ;;
	esac
}

# --- requirements ------------------------------------------------------------

require_cmd() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || skip "$_c is not installed"
	done
}

require_updater() {
	[ -x "$UPDATER" ] || skip "$UPDATER is not built"
	require_cmd sqlite3 sha256sum
}

require_fcgi() {
	[ -x "$FCGI" ] || skip "$FCGI is not built"
}

# --- processes ---------------------------------------------------------------

# track_pid PID: stop PID when the test ends.
track_pid() {
	_lib_pids="$_lib_pids $1"
}

# untrack_pid PID: PID was stopped and waited for by the test itself.
untrack_pid() {
	_lib_new=
	for _lib_pid in $_lib_pids; do
		[ "$_lib_pid" = "$1" ] || _lib_new="$_lib_new $_lib_pid"
	done
	_lib_pids=$_lib_new
}

# free_port [ADDRESS]: a TCP port nothing listens on just now on ADDRESS
# (127.0.0.1 by default; ::1 works too), never one free_port handed out
# before in this test, nor one another running test holds: the port is
# claimed in $PORT_REGISTRY until this test ends (a claim whose test died
# without its cleanup is taken over).  Something else may still bind it
# before the caller does: servers are started with a retry.  Prints the
# port; fails the test when none is found.
free_port() {
	mkdir -p "$PORT_REGISTRY" || fail "cannot create $PORT_REGISTRY"
	[ -O "$PORT_REGISTRY" ] || fail "$PORT_REGISTRY belongs to another user"
	_lib_try=0
	while [ "$_lib_try" -lt 100 ]; do
		_lib_try=$((_lib_try + 1))
		_lib_port=$(python3 -c 'import socket, sys
a = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET)
s.bind((a, 0))
print(s.getsockname()[1])
s.close()' "${1:-127.0.0.1}") || fail "free_port: cannot bind a port on ${1:-127.0.0.1}"
		if ! mkdir "$PORT_REGISTRY/$_lib_port" 2>/dev/null; then
			# Taken over only when its test is gone (and not
			# this one: $$ is the test's PID in a subshell too).
			_lib_owner=$(cat "$PORT_REGISTRY/$_lib_port/pid" 2>/dev/null) || continue
			[ "$_lib_owner" != "$$" ] || continue
			! kill -0 "$_lib_owner" 2>/dev/null || continue
			rm -rf "$PORT_REGISTRY/$_lib_port"
			mkdir "$PORT_REGISTRY/$_lib_port" 2>/dev/null || continue
		fi
		echo "$$" >"$PORT_REGISTRY/$_lib_port/pid"
		echo "$_lib_port" >>"$T/ports"
		echo "$_lib_port"
		return 0
	done
	fail "free_port: no unclaimed free port in 100 tries"
}

# wait_for_port HOST PORT [SECONDS]: until something accepts connections.
wait_for_port() {
	python3 - "$1" "$2" "${3:-30}" <<'EOF' || fail "nothing listens on $1:$2"
import socket, sys, time
host, port, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
end = time.monotonic() + limit
while True:
    try:
        socket.create_connection((host, port), timeout=1).close()
        sys.exit(0)
    except OSError:
        if time.monotonic() > end:
            sys.exit(1)
        time.sleep(0.05)
EOF
}

# wait_for_file FILE [SECONDS]
wait_for_file() {
	_lib_n=0
	while [ ! -s "$1" ]; do
		_lib_n=$((_lib_n + 1))
		[ "$_lib_n" -le "$((${2:-30} * 10))" ] || fail "$1 never appeared"
		sleep 0.1
	done
}

# start_server [DIR [server options...]]: starts the fault-injecting BDPM
# server on DIR (the fixtures by default); sets SERVER_PID, PORT and BASE
# (http://127.0.0.1:PORT, to be followed by /ok or /FAULT:FILE).
start_server() {
	require_cmd python3
	_lib_dir=${1:-$FIXTURES}
	[ $# -gt 0 ] && shift
	rm -f "$T/server.port"
	python3 "$BDPM_SERVER" --dir "$_lib_dir" --port-file "$T/server.port" \
	    "$@" 2>>"$T/server.log" &
	SERVER_PID=$!
	track_pid "$SERVER_PID"
	wait_for_file "$T/server.port"
	PORT=$(cat "$T/server.port")
	BASE=http://127.0.0.1:$PORT
	wait_for_port 127.0.0.1 "$PORT"
}

# server_count PATH: how many requests the server had for PATH.
server_count() {
	python3 - "$BASE/_stats" "$1" <<'EOF'
import json, sys, urllib.request
stats = json.load(urllib.request.urlopen(sys.argv[1], timeout=10))
print(stats.get(sys.argv[2], 0))
EOF
}

# wait_for_request PATH [SECONDS]: until the server has seen PATH once.
wait_for_request() {
	_lib_n=0
	while [ "$(server_count "$1")" -lt 1 ]; do
		_lib_n=$((_lib_n + 1))
		[ "$_lib_n" -le "$((${2:-30} * 10))" ] || fail "no request for $1"
		sleep 0.1
	done
}

# --- the updater -------------------------------------------------------------

# run_updater ARGS...: runs the updater, never failing the test by itself;
# sets RC and leaves its output in $T/stdout and $T/stderr.
run_updater() {
	RC=0
	"$UPDATER" "$@" >"$T/stdout" 2>"$T/stderr" || RC=$?
}

# build_db DB: a good database from the fixtures (starts the server if
# needed); fails the test otherwise.
build_db() {
	[ -n "${BASE:-}" ] || start_server
	run_updater --source "$BASE/ok" --db "$1"
	[ "$RC" -eq 0 ] || fail "building $1 from the fixtures: exit $RC"
	[ -f "$1" ] || fail "building $1: no database written"
}

# assert_failed_with NEEDLE...: the last run exited non-zero with exactly
# one error line on stderr, and that line holds every NEEDLE.
assert_failed_with() {
	[ "$RC" -ne 0 ] || fail "the updater should have failed (exit 0)"
	[ "$RC" -lt 128 ] || fail "the updater died of signal $((RC - 128))"
	_lib_errors=$(grep -c 'medicaments-updater: error:' "$T/stderr" || true)
	assert_eq 1 "$_lib_errors" "number of 'medicaments-updater: error:' lines on stderr"
	_lib_line=$(grep 'medicaments-updater: error:' "$T/stderr")
	for _lib_needle in "$@"; do
		assert_contains "$_lib_line" "$_lib_needle" "error line"
	done
}

# checksum FILE
checksum() {
	sha256sum "$1" | cut -d ' ' -f 1
}

# assert_no_temp_files DIR: no temporary database left behind.
assert_no_temp_files() {
	_lib_left=$(ls -A "$1" | grep '\.new-' || true)
	[ -z "$_lib_left" ] || fail "temporary files left in $1: $_lib_left"
}

# assert_db_untouched DB SUM: DB is still the file whose sha256 was SUM,
# and nothing temporary is left beside it.
assert_db_untouched() {
	[ -f "$1" ] || fail "$1 was removed"
	assert_eq "$2" "$(checksum "$1")" "sha256 of $1"
	assert_no_temp_files "$(dirname "$1")"
}

# --- the database ------------------------------------------------------------

# sqlite_value DB SQL: the result of SQL, read-only.
sqlite_value() {
	sqlite3 -batch -noheader -readonly "$1" "$2" ||
	    fail "sqlite3 $1: $2"
}

# assert_sql DB EXPECTED SQL
assert_sql() {
	assert_eq "$2" "$(sqlite_value "$1" "$3")" "$3"
}

# fault_keeps_db FAULT FILE NEEDLE [REQUESTS]: builds a good database, runs
# an update whose FILE suffers FAULT, and checks that it fails with one error
# line naming FILE and NEEDLE while the database stays as it was.  REQUESTS,
# when given, is how many requests the server must have had for FILE.
fault_keeps_db() {
	require_updater
	_lib_db=$T/db/medicaments.db
	mkdir -p "$T/db"
	build_db "$_lib_db"
	_lib_sum=$(checksum "$_lib_db")
	run_updater --source "$BASE/$1:$2" --db "$_lib_db"
	assert_failed_with "$2" "$3"
	assert_db_untouched "$_lib_db" "$_lib_sum"
	if [ $# -ge 4 ]; then
		assert_eq "$4" "$(server_count "/$1:$2/$2")" "requests for $2"
	fi
}
