#!/bin/sh
# `promtool check metrics` (the Prometheus project's own parser and lint)
# accepts /metrics as it is after every kind of answer: successes, 404,
# 405, 410, 429 of the rate limit, with a failed update recorded.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_api
require_promtool
api_fixture_db
run_updater --source "file://$T/no-such-dir" --db "$API_DB"
[ "$RC" -ne 0 ] || fail "an update from nowhere succeeded"
# 100 tokens and 1 more a second; a medicament costs 10, the rest 5.
RATE_LIMIT_BURST=100
RATE_LIMIT_RATE=1
export RATE_LIMIT_BURST RATE_LIMIT_RATE
API_RATE_LIMIT=on
API_WORKERS=2
metrics_start
send 4 HEAD:/health:4:200 GET:/nope:3:404 DELETE:/v1/medicaments:2:405 \
    GET:/database:2:410
send 1 GET:/v1/medicaments/60002283:15:*
scrape
scrape
assert_eq "text/plain; version=0.0.4; charset=utf-8" \
    "$(curl -sS --max-time 60 -o /dev/null -w '%{content_type}' "$METRICS_URL")" \
    "Content-Type of /metrics"
refused=$(metric 'http_request_total{method="GET",route="/v1/medicaments/{cis}",status="429"}')
[ "$refused" != absent ] || fail "no 429 from the rate limit"
assert_metric "$refused" medicaments_ratelimit_rejected_total
assert_metric 1 medicaments_ratelimit_tracked_clients
assert_metric 0 medicaments_update_last_success
promtool check metrics <"$T/metrics" >"$T/promtool.out" 2>&1 ||
    fail "promtool check metrics: $(cat "$T/promtool.out")"
[ ! -s "$T/promtool.out" ] || fail "promtool check metrics: $(cat "$T/promtool.out")"
exit 0
