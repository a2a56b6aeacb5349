#!/bin/sh
# /metrics is internal: with METRICS_PORT set, lighttpd opens a second
# listener on 127.0.0.1:METRICS_PORT where the workers answer the Prometheus
# exposition; on the public port /metrics is an unknown path (404).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
METRICS_PORT=$(_api_free_port)
export METRICS_PORT
api_start
[ "$METRICS_PORT" != "$API_PORT" ] || fail "free_port handed out $API_PORT twice"

api_get /v1/medicaments/60002283
assert_status 200
api_error /metrics 404 "No endpoint at this path"

public=$API_URL
API_URL=http://127.0.0.1:$METRICS_PORT
api_get /metrics
assert_status 200
assert_eq "text/plain; version=0.0.4; charset=utf-8" "$(header Content-Type)" "Content-Type"
grep -q '^http_request_total{method="GET",route="/v1/medicaments/{cis}",status="200"} [1-9]' "$T/body" ||
    fail "/metrics does not count the medicament answered: $(head -c 600 "$T/body")"
# The internal listener is the same service.
api_get /health
assert_status 200
API_URL=$public
exit 0
