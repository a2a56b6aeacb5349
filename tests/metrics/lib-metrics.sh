# Helpers of the metrics tests (POSIX sh): the real lighttpd and workers of
# tests/api/lib-api.sh, with the internal /metrics listener, and
# tests/metrics/prom.py to drive requests and read the exposition.  A test
# sources it first:
#
#     . "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fi
. "$top_srcdir/tests/api/lib-api.sh"

PROM_PY=$top_srcdir/tests/metrics/prom.py
OBS=$top_srcdir/observability

# metrics_start: api_start with METRICS_PORT on another free port; sets
# METRICS_PORT and METRICS_URL.
metrics_start() {
	METRICS_PORT=$(_api_free_port) || fail "no free port"
	export METRICS_PORT
	api_start "$@"
	[ "$METRICS_PORT" != "$API_PORT" ] ||
	    fail "free_port handed out $API_PORT twice"
	METRICS_URL=http://127.0.0.1:$METRICS_PORT/metrics
	SCRAPES=0
}

# scrape [FILE]: GET /metrics on the internal port into FILE ($T/metrics by
# default); counts the scrapes in SCRAPES (they are requests too).
scrape() {
	_m_file=${1:-$T/metrics}
	_m_status=$(curl -sS --max-time 60 -o "$_m_file" -w '%{http_code}' \
	    "$METRICS_URL" 2>"$T/curl.err") ||
	    fail "curl $METRICS_URL: $(cat "$T/curl.err")"
	SCRAPES=$((SCRAPES + 1))
	[ "$_m_status" = 200 ] || fail "/metrics: status $_m_status"
}

# metric SERIES [FILE]: the value of SERIES in the last scrape, or "absent".
metric() {
	python3 "$PROM_PY" get "${2:-$T/metrics}" "$1" ||
	    fail "cannot read the exposition"
}

# assert_metric EXPECTED SERIES [FILE]
assert_metric() {
	assert_eq "$1" "$(metric "$2" "${3:-}")" "$2"
}

# send THREADS SPEC...: prom.py load against the public port; the PIDs of
# the workers that answered /v1/diagnostics go to $T/pids.
send() {
	python3 "$PROM_PY" load "$API_PORT" "$@" >"$T/pids" ||
	    fail "requests did not get the answers expected"
}

# wait_for_workers N [SECONDS]: until lighttpd has N workers again.
wait_for_workers() {
	_m_n=0
	while [ "$(api_worker_pids | wc -l)" -ne "$1" ]; do
		_m_n=$((_m_n + 1))
		[ "$_m_n" -le "$((${2:-30} * 10))" ] ||
		    fail "lighttpd has $(api_worker_pids | wc -l) workers, not $1"
		sleep 0.1
	done
}

require_promtool() {
	command -v promtool >/dev/null 2>&1 ||
	    skip "promtool is not installed (Debian package prometheus)"
}

require_python_yaml() {
	python3 -c 'import yaml' 2>/dev/null ||
	    skip "python3 has no yaml module (Debian package python3-yaml)"
}
