#!/bin/sh
# lighttpd enforces the request limits script/lighttpd-run derives from
# MAX_REQUEST_BODY (bytes, rounded up to lighttpd's KB) and MAX_HEADER_SIZE
# (bytes): a larger body answers 413, larger headers 431; requests within
# the limits reach the workers.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
MAX_REQUEST_BODY=4000	# 4 KB for lighttpd
MAX_HEADER_SIZE=4096
export MAX_REQUEST_BODY MAX_HEADER_SIZE
api_start

python3 -c 'print("x" * 4000, end="")' >"$T/body-4000"
python3 -c 'print("x" * 5000, end="")' >"$T/body-5000"

# Within the limit: the worker answers (405: the API takes no body).
api_get /v1/medicaments/60002283 --data-binary "@$T/body-4000"
assert_error 405 "Method POST not allowed"
api_get /v1/medicaments/60002283 --data-binary "@$T/body-5000"
assert_status 413

h3000=$(python3 -c 'print("y" * 3000)')
h5000=$(python3 -c 'print("y" * 5000)')
api_get /health -H "X-Padding: $h3000"
assert_status 200
api_get /health -H "X-Padding: $h5000"
assert_status 431
# The request line counts too.
api_get "/v1/medicaments?search=$h5000"
assert_status 431
exit 0
