# Helpers of the configuration and log tests (POSIX sh).  A test sources it
# first:
#
#     . "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
#
# It sources tests/api/lib-api.sh (the real lighttpd through
# script/lighttpd-run, the real workers, $T, track_pid, fail, skip, ...).

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fi
. "$top_srcdir/tests/api/lib-api.sh"

ACCESSLOG=$top_builddir/fcgi/medicaments-accesslog
# What the programs read besides lib-api.sh's list: a test sets its own.
unset ENV LOG_FILE LOG_RETENTION_WEEKS MAX_LOG_FILE_SIZE METRICS_ADDRESS \
    RATE_LIMIT_EXEMPT ACCESSLOG_BIN LOGROTATE_TEMPLATE || true

require_logs() {
	require_api
	[ -x "$ACCESSLOG" ] || skip "$ACCESSLOG is not built"
}

# logs_start: lighttpd and its workers on 127.0.0.1 and a free port, with
# LOG_DIR=$T/logs and RUN_DIR=$T/run, over $API_DB; LOGS_LEVEL (info) is
# LOG_LEVEL; other variables (MAX_LOG_FILE_SIZE, ...) pass through from the
# test's environment.  Sets API_PID, API_PORT, API_URL like api_start.
logs_start() {
	API_LOG_LEVEL=${LOGS_LEVEL:-info}
	api_start
}

# access_logger_pid: the PID of lighttpd's access logger
# (medicaments-accesslog, which script/lighttpd-run starts as its child).
access_logger_pid() {
	for _logs_p in $(pgrep -P "$API_PID" 2>/dev/null); do
		case $(readlink "/proc/$_logs_p/exe" 2>/dev/null) in
		*/medicaments-accesslog) echo "$_logs_p" ;;
		esac
	done
}

# logs_cgi VAR=VALUE...: the worker run as a CGI program (the way
# lighttpd-cgi and Apache run it) for GET /health, with a clean environment
# plus VAR=VALUE... (ALLOW_ROOT=1 as root; DB_PATH and RATE_LIMIT_FILE in
# $T/db) and the words of LOGS_CGI_ARGS as its arguments; RC, $T/out,
# $T/err.
logs_cgi() {
	if [ "$(id -u)" -eq 0 ]; then
		_logs_root=ALLOW_ROOT=1
	else
		_logs_root=ALLOW_ROOT=
	fi
	RC=0
	# shellcheck disable=SC2086
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
	    REQUEST_URI=/health SCRIPT_NAME= QUERY_STRING= SERVER_PORT=8000 \
	    SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
	    DB_PATH="$T/db/medicaments.db" RATE_LIMIT_FILE="$T/db/shared" \
	    "$_logs_root" "$@" "$FCGI" ${LOGS_CGI_ARGS:-} </dev/null \
	    >"$T/out" 2>"$T/err" || RC=$?
}

# json_lines FILE...: every line of every FILE (.gz ones unpacked) is one
# JSON object, in UTF-8; prints how many lines there are.
json_lines() {
	python3 - "$@" <<'PY' || fail "not JSON lines: $*"
import gzip, json, sys
n = 0
for path in sys.argv[1:]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        for i, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8", errors="strict")
                assert line.endswith("\n"), "no newline at the end"
                d = json.loads(line)
                assert isinstance(d, dict), "not an object"
            except Exception as e:
                print(f"{path}:{i}: {e}: {raw[:300]!r}", file=sys.stderr)
                sys.exit(1)
            n += 1
print(n)
PY
}

# count_matching NEEDLE FILE...: lines holding NEEDLE in FILE... (.gz too).
count_matching() {
	python3 - "$@" <<'PY'
import gzip, sys
needle, n = sys.argv[1].encode(), 0
for path in sys.argv[2:]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        n += sum(1 for line in f if needle in line)
print(n)
PY
}

# wait_for_count N NEEDLE FILE...: until N lines hold NEEDLE (60 s at most).
wait_for_count() {
	_logs_want=$1
	shift
	_logs_n=0
	while :; do
		# shellcheck disable=SC2086
		_logs_got=$(count_matching "$@")
		[ "$_logs_got" -lt "$_logs_want" ] || return 0
		_logs_n=$((_logs_n + 1))
		[ "$_logs_n" -le 600 ] ||
		    fail "$_logs_got lines with '$1' in $*, expected $_logs_want"
		sleep 0.1
	done
}

# send_requests N PREFIX [PAD]: N GETs of /v1/PREFIX-I-PAD on one kept-alive
# connection (404s, answered by the workers); PAD (bytes of "x") makes the
# lines longer.
send_requests() {
	python3 - "$API_PORT" "$1" "$2" "${3:-0}" <<'PY' || fail "requests failed"
import http.client, sys
port, n, prefix, pad = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for i in range(n):
    c.request("GET", f"/v1/{prefix}-{i}-" + "x" * pad)
    r = c.getresponse()
    r.read()
    assert r.status == 404, r.status
    if r.getheader("Connection", "").lower() == "close":
        c.close()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
c.close()
PY
}
