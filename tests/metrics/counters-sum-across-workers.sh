#!/bin/sh
# The counters of /metrics are the sum of every worker's: a known number of
# requests spread over four workers gives exactly that many, per method,
# route template and status, in http_request_total and in the latency
# histogram's _count; a worker killed with SIGKILL (and respawned by
# lighttpd) takes none of the totals with it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_api
api_fixture_db
API_WORKERS=4
metrics_start
wait_for_workers 4

# One batch: what each kind of request must answer.  Eight threads keep
# several workers busy at once; /v1/diagnostics says which one answered.
batch() {
	send 8 \
	    GET:/v1/medicaments/60002283:40:200 \
	    GET:/v1/medicaments/99999999:6:404 \
	    HEAD:/health:10:200 \
	    GET:/nope:7:404 \
	    GET:/v1/nope/deeper:3:404 \
	    DELETE:/v1/medicaments:5:405 \
	    GET:/database:4:410 \
	    GET:/v1/diagnostics:24:200
}

# check N: every series counts N batches (and the scrapes before this one).
check() {
	scrape
	assert_metric $((40 * $1)) 'http_request_total{method="GET",route="/v1/medicaments/{cis}",status="200"}'
	assert_metric $((6 * $1)) 'http_request_total{method="GET",route="/v1/medicaments/{cis}",status="404"}'
	assert_metric $((46 * $1)) 'http_request_duration_seconds_count{method="GET",route="/v1/medicaments/{cis}"}'
	assert_metric $((10 * $1)) 'http_request_total{method="HEAD",route="/health",status="200"}'
	assert_metric $((10 * $1)) 'http_request_duration_seconds_count{method="HEAD",route="/health"}'
	# Unknown paths, whatever they are, share one label.
	assert_metric $((10 * $1)) 'http_request_total{method="GET",route="other",status="404"}'
	assert_metric $((5 * $1)) 'http_request_total{method="OTHER",route="/v1/medicaments",status="405"}'
	assert_metric $((4 * $1)) 'http_request_total{method="GET",route="legacy",status="410"}'
	assert_metric $((24 * $1)) 'http_request_total{method="GET",route="/v1/diagnostics",status="200"}'
	# A series appears with its first request.
	scrapes=$((SCRAPES - 1))
	[ "$scrapes" -gt 0 ] || scrapes=absent
	assert_metric "$scrapes" 'http_request_total{method="GET",route="/metrics",status="200"}'
	total=$(python3 "$PROM_PY" sum "$T/metrics" http_request_total 'route!=/metrics')
	assert_eq $((99 * $1)) "$total" "all requests but the scrapes"
	# This scrape is the only request in flight.
	assert_metric 1 'http_request_in_flight'
	python3 "$PROM_PY" histograms "$T/metrics" || fail "a histogram is inconsistent"
}

batch
[ "$(sort -u "$T/pids" | wc -l)" -ge 2 ] ||
    fail "one worker answered everything: $(cat "$T/pids")"
check 1

# A worker dies without a chance to do anything: lighttpd respawns it.
victim=$(api_worker_pids | head -n 1)
[ -n "$victim" ] || fail "no worker to kill"
kill -KILL "$victim"
n=0
while api_worker_pids | grep -qx "$victim" || [ "$(api_worker_pids | wc -l)" -ne 4 ]; do
	n=$((n + 1))
	[ "$n" -le 300 ] || fail "lighttpd did not respawn worker $victim"
	sleep 0.1
done
check 1

batch
check 2
exit 0
