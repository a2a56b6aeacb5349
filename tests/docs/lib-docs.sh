# Helpers of the documentation tests (POSIX sh), on top of tests/lib.sh.
# A test sources it first:
#
#     . "${top_srcdir:-$(dirname "$0")/../..}/tests/docs/lib-docs.sh"
#
# The node scripts next to these wrappers do the work; the wrappers find
# what they need (node, node_modules, the programs), start a server on
# 127.0.0.1 when one is needed, and stop it by PID when the test ends.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DOCS_DIR=$top_srcdir/tests/docs
HTML_DIR=$top_srcdir/html
NODE_MODULES=$top_srcdir/node_modules
# Screenshots and reports stay after the test, for a person to look at.
DOCS_OUTPUT=${TEST_OUTPUT_DIR:-$top_srcdir/test-output}/docs
export DOCS_DIR HTML_DIR NODE_MODULES DOCS_OUTPUT

# The linter must neither phone home nor look for a newer version of itself.
REDOCLY_TELEMETRY=off
REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export REDOCLY_TELEMETRY REDOCLY_SUPPRESS_UPDATE_NOTICE

# require_node: node and the npm packages of package-lock.json.
require_node() {
	require_cmd node
	[ -d "$NODE_MODULES/swagger-ui-dist" ] && [ -d "$NODE_MODULES/ajv" ] ||
	    skip "no node_modules: run script/setup-node"
}

# require_chromium: Debian's Chromium (script/setup-node installs it).
require_chromium() {
	[ -x /usr/bin/chromium ] || skip "/usr/bin/chromium is missing: run script/setup-node"
}

# docs_build_db DB: a database built from the project's fixtures.
docs_build_db() {
	require_updater
	run_updater --source "file://$FIXTURES" --db "$1"
	[ "$RC" -eq 0 ] || fail "building $1 from the fixtures: exit $RC"
	rm -f "$T/stderr"	# its warnings are no failure's explanation
}

# free_port: a TCP port nobody listens on at the moment, on 127.0.0.1.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# docs_start_server NAME DB [BURST [RATE]]: lighttpd on 127.0.0.1 serving
# html/, Swagger UI and the API from DB (which need not exist: that is the
# "no data" server), with a token bucket of BURST tokens (1000 by default)
# refilled at RATE per second (3 by default); sets DOCS_BASE to its
# http://127.0.0.1:PORT.  Uses
# tests/docs/lighttpd-test.conf, which holds the lines the project's
# lighttpd.conf needs for the documentation.
docs_start_server() {
	require_cmd lighttpd python3
	require_fcgi
	[ -d "$NODE_MODULES/swagger-ui-dist" ] ||
	    skip "no node_modules/swagger-ui-dist: run script/setup-node"
	_docs_run=$T/$1
	mkdir -p "$_docs_run"
	PORT=$(free_port)
	FCGI_BIN=$FCGI
	DB_PATH=$2
	RUN_DIR=$_docs_run
	SWAGGER_UI_DIR=$NODE_MODULES/swagger-ui-dist
	RATE_LIMIT_BURST=${3:-1000}
	RATE_LIMIT_RATE=${4:-3}
	export PORT FCGI_BIN DB_PATH RUN_DIR HTML_DIR SWAGGER_UI_DIR \
	    RATE_LIMIT_BURST RATE_LIMIT_RATE
	lighttpd -tt -f "$DOCS_DIR/lighttpd-test.conf" >"$_docs_run/check.log" 2>&1 ||
	    { cat "$_docs_run/check.log" >&2; fail "lighttpd refuses the configuration"; }
	lighttpd -D -f "$DOCS_DIR/lighttpd-test.conf" \
	    >>"$_docs_run/lighttpd.log" 2>&1 &
	_docs_pid=$!
	track_pid "$_docs_pid"
	unset DB_PATH
	wait_for_port 127.0.0.1 "$PORT" 30
	DOCS_BASE=http://127.0.0.1:$PORT
	# The worker is spawned at start: wait until it answers.
	_docs_n=0
	until curl -s -o /dev/null "$DOCS_BASE/health"; do
		_docs_n=$((_docs_n + 1))
		[ "$_docs_n" -le 100 ] || {
			cat "$_docs_run/error.log" >&2 2>/dev/null
			fail "lighttpd on port $PORT does not answer"
		}
		sleep 0.1
	done
}

# run_node SCRIPT ARGS...: runs a node script of tests/docs with the
# project's node_modules, bounded in time.
run_node() {
	_docs_script=$1
	shift
	timeout 300 node "$DOCS_DIR/$_docs_script" "$@"
}
