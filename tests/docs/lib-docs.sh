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
# The npm packages of package-lock.json: script/setup-node's, in the
# sources, unless the environment names others (make distcheck: the
# tarball has none).
NODE_MODULES=${NODE_MODULES:-$top_srcdir/node_modules}
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

# docs_start_server NAME DB [BURST [RATE]]: lighttpd on 127.0.0.1 serving
# html/, Swagger UI and the API from DB (which need not exist: that is the
# "no data" server), with a token bucket of BURST tokens (1000 by default)
# refilled at RATE per second (3 by default); sets DOCS_BASE to its
# http://127.0.0.1:PORT.  The project's own lighttpd.conf (through
# script/lighttpd-run) once it serves Swagger UI; until then
# tests/docs/lighttpd-test.conf, which holds the lines it needs.
docs_start_server() {
	require_cmd lighttpd python3 curl
	require_fcgi
	[ -d "$NODE_MODULES/swagger-ui-dist" ] ||
	    skip "no node_modules/swagger-ui-dist: run script/setup-node"
	_docs_run=$T/$1
	mkdir -p "$_docs_run/run" "$_docs_run/logs"
	_docs_port=$(free_port)
	if [ "$(id -u)" -eq 0 ]; then _docs_root=1; else _docs_root=; fi
	if [ -x "$top_srcdir/script/lighttpd-run" ] &&
	    grep -q '/docs/swagger-ui/' "$top_srcdir/lighttpd.conf" 2>/dev/null; then
		log "$1: script/lighttpd-run (lighttpd.conf)"
		ADDRESS=127.0.0.1 PORT=$_docs_port DB_PATH=$2 FCGI_BIN=$FCGI \
		    RUN_DIR=$_docs_run/run LOG_DIR=$_docs_run/logs WORKERS=1 \
		    HTML_DIR=$HTML_DIR SWAGGER_UI_DIR=$NODE_MODULES/swagger-ui-dist \
		    RATE_LIMIT_BURST=${3:-1000} RATE_LIMIT_RATE=${4:-3} \
		    RATE_LIMIT_FILE=$_docs_run/run/ratelimit ALLOW_ROOT=$_docs_root \
		    METRICS_PORT= "$top_srcdir/script/lighttpd-run" >>"$_docs_run/lighttpd.log" 2>&1 &
	else
		log "$1: tests/docs/lighttpd-test.conf (lighttpd.conf does not serve /docs/swagger-ui/ yet)"
		PORT=$_docs_port DB_PATH=$2 FCGI_BIN=$FCGI RUN_DIR=$_docs_run/run \
		    HTML_DIR=$HTML_DIR SWAGGER_UI_DIR=$NODE_MODULES/swagger-ui-dist \
		    RATE_LIMIT_BURST=${3:-1000} RATE_LIMIT_RATE=${4:-3} \
		    lighttpd -D -f "$DOCS_DIR/lighttpd-test.conf" \
		    >>"$_docs_run/lighttpd.log" 2>&1 &
	fi
	_docs_pid=$!
	track_pid "$_docs_pid"
	DOCS_BASE=http://127.0.0.1:$_docs_port
	# Listening, and the worker answering.
	_docs_n=0
	until curl -s -o /dev/null --max-time 5 "$DOCS_BASE/health"; do
		_docs_n=$((_docs_n + 1))
		if [ "$_docs_n" -gt 300 ] || ! kill -0 "$_docs_pid" 2>/dev/null; then
			tail -n 20 "$_docs_run/lighttpd.log" "$_docs_run/run/error.log" \
			    "$_docs_run/logs/error.log" >&2 2>/dev/null
			fail "lighttpd on 127.0.0.1:$_docs_port does not answer"
		fi
		sleep 0.1
	done
}

# run_node SCRIPT ARGS...: runs a node script of tests/docs with
# $NODE_MODULES, bounded in time.  Node finds an ES module's packages only
# in the node_modules of the script's directory and its parents (NODE_PATH
# is for CommonJS): the script runs from a copy in $T beside a link to them.
run_node() {
	_docs_script=$1
	shift
	mkdir -p "$T/node"
	[ -e "$T/node/node_modules" ] || ln -s "$NODE_MODULES" "$T/node/node_modules"
	cp "$DOCS_DIR/$_docs_script" "$T/node/$_docs_script"
	timeout 300 node "$T/node/$_docs_script" "$@"
}
