#!/bin/sh
# Every metric the dashboard and the alert rules query is one that /metrics
# really exposes (a histogram's _bucket, _sum and _count included), or
# Prometheus's own "up": a renamed metric cannot leave a panel empty or an
# alert silent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_api
require_python_yaml
api_fixture_db
API_RATE_LIMIT=on
metrics_start
send 2 GET:/v1/medicaments/60002283:3:200 GET:/nope:1:404
scrape
python3 "$PROM_PY" names "$T/metrics" >"$T/names" || fail "cannot read /metrics"
echo up >>"$T/names"

python3 "$PROM_PY" exprs "$OBS/grafana/dashboards/medicaments-api.json" \
    "$OBS/prometheus/rules/medicaments.yml" >"$T/exprs" ||
    fail "cannot read the queries"
[ "$(wc -l <"$T/exprs")" -ge 20 ] || fail "only $(wc -l <"$T/exprs") queries found"
used=0
while IFS= read -r expr; do
	names=$(python3 "$PROM_PY" metric-names "$expr") ||
	    fail "cannot read the metrics of $expr"
	[ -n "$names" ] || fail "no metric in $expr"
	for name in $names; do
		grep -qxF "$name" "$T/names" ||
		    fail "$name (in $expr) is not exposed by /metrics"
		used=$((used + 1))
	done
done <"$T/exprs"
[ "$used" -gt 0 ] || fail "no metric checked"
exit 0
