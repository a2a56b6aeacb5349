#!/bin/sh
# The rate limit through lighttpd: one bucket per client address, shared by
# every worker process (lighttpd spreads the requests over four), with the
# X-RateLimit-* headers on every answer, and 429 with Retry-After and the
# error object once the bucket is empty.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
# 50 tokens, 1 per second; a medicament by CIS costs 10.
RATE_LIMIT_BURST=50
RATE_LIMIT_RATE=1
export RATE_LIMIT_BURST RATE_LIMIT_RATE
API_RATE_LIMIT=on
API_WORKERS=4
api_start

api_get /v1/medicaments/60002283
assert_status 200
assert_header X-RateLimit-Limit 50
assert_header X-RateLimit-Rate 1
remaining=$(header X-RateLimit-Remaining)
case $remaining in
'' | *[!0-9]*) fail "X-RateLimit-Remaining: '$remaining'" ;;
esac
[ "$remaining" -le 40 ] || fail "X-RateLimit-Remaining $remaining after a request of cost 10"

start=$(date +%s)
ok=1
limited=0
n=0
while [ "$n" -lt 40 ]; do
	n=$((n + 1))
	api_get /v1/medicaments/60002283
	case $STATUS in
	200) ok=$((ok + 1)) ;;
	429)
		limited=$((limited + 1))
		assert_error 429 "Rate limit exceeded"
		retry=$(header Retry-After)
		case $retry in
		'' | *[!0-9]* | 0) fail "Retry-After: '$retry'" ;;
		esac
		# Fewer tokens left than the request costs.
		left=$(header X-RateLimit-Remaining)
		case $left in
		'' | *[!0-9]*) fail "X-RateLimit-Remaining: '$left'" ;;
		esac
		[ "$left" -lt 10 ] || fail "429 with $left tokens left"
		;;
	*) fail "status $STATUS" ;;
	esac
done
elapsed=$(($(date +%s) - start + 1))
[ "$limited" -gt 0 ] || fail "41 requests of cost 10 with 50 tokens: never 429"
# Shared by the workers: at most the burst plus what was refilled, however
# the requests were spread (one bucket per worker would allow 4 times more).
max_ok=$((50 / 10 + elapsed / 10 + 1))
[ "$ok" -le "$max_ok" ] ||
    fail "$ok requests allowed in ${elapsed}s; at most $max_ok with one shared bucket"

# The headers are on every answer, errors included.
api_get /nope
[ -n "$(header X-RateLimit-Limit)" ] || fail "no X-RateLimit-Limit on a 404 or 429"
exit 0
