#!/bin/sh
# /metrics is answered on the internal listener only: on the public port it
# is an unknown path (404) whatever the request claims, a Host header or an
# absolute URI naming the metrics port included (the workers compare the
# port of the socket the request came in on).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_api
api_fixture_db
metrics_start

for host in "127.0.0.1:$METRICS_PORT" "localhost:$METRICS_PORT" \
    "[::1]:$METRICS_PORT"; do
	api_error /metrics 404 "No endpoint at this path" -H "Host: $host"
done
api_error /metrics/ 404 "No endpoint at this path"
line=$(raw_request "GET http://127.0.0.1:$METRICS_PORT/metrics HTTP/1.1\r\nHost: 127.0.0.1:$METRICS_PORT\r\nConnection: close\r\n\r\n" | head -n 1)
assert_eq "HTTP/1.1 404 Not Found" "$(printf '%s' "$line" | tr -d '\r')" "absolute URI to the metrics port"

scrape
assert_metric 1 medicaments_database_up
exit 0
