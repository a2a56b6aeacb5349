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

ACCESSLOG=$top_builddir/accesslog/medicaments-accesslog
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

# now_ms: the time in milliseconds (GNU date).
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# await_new_logger OLD: waits until medicaments-supervise has started an
# access logger other than OLD (10 s at most); sets LOGGER and
# RESTART_MS, the milliseconds it took.
await_new_logger() {
	_logs_t0=$(now_ms)
	while :; do
		LOGGER=$(access_logger_pid)
		[ -z "$LOGGER" ] || [ "$LOGGER" = "$1" ] || break
		[ $(($(now_ms) - _logs_t0)) -lt 10000 ] ||
		    fail "no access logger started again after pid $1 was killed"
		sleep 0.02
	done
	RESTART_MS=$(($(now_ms) - _logs_t0))
}

# each_once N KEY FILE...: the lines of the requests whose query starts
# with KEY=1 ... KEY=N (send_numbered), each exactly once in FILE...
each_once() {
	python3 - "$@" <<'PY' || fail "not each line exactly once"
import gzip, json, re, sys
n, key, paths = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
seen = {}
for path in paths:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        for line in f:
            m = re.match(re.escape(key) + r"=(\d+)(&|$)", json.loads(line).get("query", ""))
            if m:
                seen[int(m.group(1))] = seen.get(int(m.group(1)), 0) + 1
bad = [(i, seen.get(i, 0)) for i in range(1, n + 1) if seen.get(i, 0) != 1]
if bad or len(seen) != n:
    print(f"{len(bad)} requests not logged exactly once, e.g. {bad[:10]}",
          file=sys.stderr)
    sys.exit(1)
PY
}

# send_numbered N KEY [DELAY [PAD]]: GET /v1/numbered?KEY=1 ... ?KEY=N on
# one kept-alive connection, DELAY seconds apart (0), each query with PAD
# more bytes (&p=xxx...: longer lines).
send_numbered() {
	python3 - "$API_PORT" "$1" "$2" "${3:-0}" "${4:-0}" <<'PY' || fail "requests failed"
import http.client, sys, time
port, n, key, delay = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
pad = "&p=" + "x" * int(sys.argv[5]) if int(sys.argv[5]) else ""
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for i in range(1, n + 1):
    c.request("GET", f"/v1/numbered?{key}={i}{pad}")
    r = c.getresponse()
    r.read()
    if r.getheader("Connection", "").lower() == "close":
        c.close()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    if delay:
        time.sleep(delay)
c.close()
PY
}
