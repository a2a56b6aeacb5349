#!/bin/sh
# Methods other than GET and HEAD answer 405 with the error object and an
# Allow header, on every path: the API's, the pages lighttpd serves itself,
# and unknown ones.  OPTIONS too, unless it is a CORS preflight (with
# Access-Control-Request-Method): that one answers 204.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

for method in POST PUT DELETE PATCH OPTIONS; do
	for path in /health /v1/medicaments/60002283 "/v1/medicaments?page=1" \
	    /v1/medicaments/export /v1/generiques/1 /v1/presentations/3400949497294 \
	    /v1/diagnostics / /docs/ /docs/openapi.yaml /v1/nothing-here; do
		# A body (even empty) with a length: lighttpd wants one for POST.
		api_get "$path" -X "$method" -H 'Content-Length: 0'
		assert_error 405 "Method $method not allowed"
		assert_header Allow "GET, HEAD"
	done
done

# The preflight is the exception (tests/api/cors-headers-on-every-answer.sh).
for path in /v1/medicaments/60002283 / /v1/nothing-here; do
	api_get "$path" -X OPTIONS -H 'Origin: https://app.example' \
	    -H 'Access-Control-Request-Method: GET'
	assert_status 204
	assert_header Allow ""
	assert_header Access-Control-Allow-Methods "GET, HEAD"
done

# A small body is accepted and ignored: the answer is still the 405.
api_get /v1/medicaments/60002283 -X POST --data 'x=1'
assert_error 405 "Method POST not allowed"
assert_header Allow "GET, HEAD"
exit 0
