#!/bin/sh
# Whatever clients send, the labels of /metrics take a few known values:
# method GET, HEAD, OPTIONS or OTHER; route one of the route templates, "other" for
# every unknown path (hundreds of them here), "legacy" for the old API's;
# status a real status code.  Parameters never become labels.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_api
api_fixture_db
API_WORKERS=3
metrics_start

specs=
i=0
while [ "$i" -lt 120 ]; do
	specs="$specs GET:/x$i/y:1:404 GET:/v1/medicaments/$((60000000 + i)):1:*"
	specs="$specs GET:/v1/generiques/$i:1:* GET:/medicament/nom$i:1:410"
	specs="$specs GET:/v1/medicaments?search=abc$i:1:*"
	specs="$specs GET:/v1/medicaments/$((60000000 + i))/avis:1:*"
	specs="$specs GET:/v1/substances/$i?page=$i:1:*"
	specs="$specs GET:/v1/disponibilites?cis=$((60000000 + i)):1:*"
	specs="$specs GET:/v1/medicaments/$((60000000 + i))/mitm:1:*"
	specs="$specs GET:/v1/mitm?atc=N$i:1:*"
	i=$((i + 1))
done
# shellcheck disable=SC2086
send 8 $specs \
    PROPFIND:/v1/medicaments:2:* FOO:/x:2:* PUT:/health:2:* \
    PATCH:/v1/generiques:2:* OPTIONS:/v1/medicaments/1:2:* \
    DELETE:/nope:2:* POST:/metrics:2:* GET:/metrics:3:404 \
    'GET:/v1/medicaments/%ff%fe:2:400' 'GET:/%zz:2:*' \
    "GET:/$(printf 'a%.0s' $(seq 1 2000)):2:*" \
    'GET:/v1/presentations/3400930000000:2:*' 'HEAD:/v1/diagnostics:2:200' \
    'GET:/v1/medicaments/export:1:200' 'GET:/health:2:200' \
    'GET:/v1/database:1:200'
scrape

methods=$(python3 "$PROM_PY" labels "$T/metrics" http_request_total method | tr '\n' ' ')
for m in $methods; do
	case $m in
	GET | HEAD | OPTIONS | OTHER) ;;
	*) fail "method label '$m' (all: $methods)" ;;
	esac
done
assert_contains "$methods" OTHER "method labels"

routes=$(python3 "$PROM_PY" labels "$T/metrics" http_request_total route)
echo "$routes" | while IFS= read -r r; do
	case $r in
	other | legacy | /health | /metrics | /v1/medicaments | \
	    /v1/medicaments/export | '/v1/medicaments/{cis}' | \
	    /v1/generiques | '/v1/generiques/{groupID}' | \
	    /v1/presentations | '/v1/presentations/{cip}' | \
	    /v1/diagnostics | '/v1/medicaments/{cis}/avis' | \
	    '/v1/medicaments/{cis}/informations' | /v1/substances | \
	    '/v1/substances/{code}' | /v1/disponibilites | \
	    '/v1/medicaments/{cis}/disponibilites' | /v1/mitm | \
	    '/v1/medicaments/{cis}/mitm' | /v1/database | /v1/changes | \
	    '/v1/medicaments/{cis}/changes' | /v1/publications | \
	    /v1/changes.atom) ;;
	*) fail "route label '$r'" ;;
	esac
done || exit 1
for r in $(python3 "$PROM_PY" labels "$T/metrics" http_request_duration_seconds_count route); do
	echo "$routes" | grep -qxF "$r" || fail "histogram route '$r'"
done

for s in $(python3 "$PROM_PY" labels "$T/metrics" http_request_total status); do
	case $s in
	[1-5][0-9][0-9]) ;;
	*) fail "status label '$s'" ;;
	esac
done

# Bounded: 600 distinct paths made a handful of series.
series=$(grep -c '^http_request_total{' "$T/metrics")
[ "$series" -le 40 ] || fail "$series series of http_request_total"
# Only what the workers answered is counted: 120 /xN/y, 3 /metrics on the
# public port, and whatever of the odd requests reached them.
other=$(python3 "$PROM_PY" sum "$T/metrics" http_request_total 'route!=/health' \
    'route!=/v1/medicaments' 'route!=/v1/medicaments/{cis}' 'route!=/v1/generiques' \
    'route!=/v1/generiques/{groupID}' 'route!=/v1/presentations/{cip}' \
    'route!=/v1/diagnostics' 'route!=legacy' 'route!=/v1/medicaments/export' \
    'route!=/metrics' 'route!=/v1/presentations' \
    'route!=/v1/medicaments/{cis}/avis' 'route!=/v1/substances/{code}' \
    'route!=/v1/disponibilites' 'route!=/v1/medicaments/{cis}/mitm' 'route!=/v1/mitm' \
    'route!=/v1/database')
[ "$other" -ge 123 ] || fail "$other requests counted as route other, at least 123 sent"
assert_metric 120 'http_request_total{method="GET",route="legacy",status="410"}'
# The SQLite file, sent by lighttpd: counted with the worker's 200.
assert_metric 1 'http_request_total{method="GET",route="/v1/database",status="200"}'
exit 0
