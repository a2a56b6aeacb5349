#!/bin/sh
# A real Prometheus (Debian package prometheus), on 127.0.0.1 with its own
# configuration and storage in the test's directory, scrapes /metrics every
# second: PromQL over its HTTP API finds exactly the requests made, the
# alert rules of observability/ evaluate without error on the real series,
# and every query of the dashboard and the rules is accepted.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_api
require_cmd prometheus
api_fixture_db
API_WORKERS=2
metrics_start
send 4 GET:/v1/medicaments/60002283:30:200 GET:/nope:4:404

mkdir -p "$T/prometheus/data"
cat >"$T/prometheus/prometheus.yml" <<CONF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $OBS/prometheus/rules/medicaments.yml
scrape_configs:
  - job_name: medicaments-api
    static_configs:
      - targets: ["127.0.0.1:$METRICS_PORT"]
CONF

# prometheus_ready: true once it answers, false when it died first (60 s).
prometheus_ready() {
	_p_n=0
	while [ "$_p_n" -lt 600 ]; do
		kill -0 "$PROM_PID" 2>/dev/null || return 1
		if curl -fsS --max-time 5 -o /dev/null "$PROM_URL/-/ready" \
		    2>/dev/null; then
			return 0
		fi
		_p_n=$((_p_n + 1))
		sleep 0.1
	done
	fail "Prometheus (pid $PROM_PID) never got ready"
}

# Another process may take the port between the check and the bind: retry.
try=0
while :; do
	try=$((try + 1))
	[ "$try" -le 5 ] || fail "Prometheus never started"
	PROM_PORT=$(_api_free_port) || fail "no free port"
	prometheus --config.file="$T/prometheus/prometheus.yml" \
	    --storage.tsdb.path="$T/prometheus/data" \
	    --web.listen-address="127.0.0.1:$PROM_PORT" \
	    --log.level=warn >"$T/prometheus.log" 2>&1 &
	PROM_PID=$!
	track_pid "$PROM_PID"
	PROM_URL=http://127.0.0.1:$PROM_PORT
	if prometheus_ready; then
		break
	fi
	wait "$PROM_PID" 2>/dev/null || true
	untrack_pid "$PROM_PID"
	grep -q 'address already in use' "$T/prometheus.log" ||
	    fail "Prometheus did not start: $(tail -n 5 "$T/prometheus.log")"
done

# It listens on the loopback interface only.
listening=$(python3 "$PROM_PY" listening "$PROM_PID") ||
    fail "cannot read the sockets of Prometheus"
assert_eq "127.0.0.1:$PROM_PORT" "$listening" "Prometheus's listening sockets"

wait_value() {
	python3 "$PROM_PY" wait "$PROM_URL" "$1" "$2" 60 ||
	    fail "Prometheus: $1 is not $2"
}
wait_value 'up{job="medicaments-api"}' 1
wait_value 'http_request_total{job="medicaments-api",method="GET",route="/v1/medicaments/{cis}",status="200"}' 30
wait_value 'sum(http_request_total{job="medicaments-api",route="other"})' 4
wait_value 'http_request_duration_seconds_count{job="medicaments-api",method="GET",route="/v1/medicaments/{cis}"}' 30
wait_value 'medicaments_data_rows{job="medicaments-api",table="medicaments"}' \
    "$(sqlite_value "$API_DB" 'SELECT count(*) FROM medicaments')"
wait_value 'medicaments_update_last_success{job="medicaments-api"}' 1

# More requests: the counter follows.
send 4 GET:/v1/medicaments/60002283:12:200
wait_value 'http_request_total{job="medicaments-api",method="GET",route="/v1/medicaments/{cis}",status="200"}' 42

python3 "$PROM_PY" rules-ok "$PROM_URL" 60 ||
    fail "the alert rules do not evaluate on the real series"
# Nothing is wrong: no alert is pending or firing.
wait_value 'count(ALERTS) or vector(0)' 0
python3 "$PROM_PY" run-exprs "$PROM_URL" \
    "$OBS/grafana/dashboards/medicaments-api.json" \
    "$OBS/prometheus/rules/medicaments.yml" ||
    fail "Prometheus refuses a query of the dashboard or the rules"

kill "$PROM_PID"
wait "$PROM_PID" 2>/dev/null || true
untrack_pid "$PROM_PID"
exit 0
