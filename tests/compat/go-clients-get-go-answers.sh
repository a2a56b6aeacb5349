#!/bin/sh
# Clients of the Go service switch unchanged: the Go service's own test
# requests (tests/compat/go-requests.txt: request, status, message, and the
# Go file and test each came from) answer its status and its exact message,
# through lighttpd and the workers over the June 2022 dump, except where
# API.md improves on it (each exception listed with our answer and why).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_dump_db
api_start

python3 "$top_srcdir/tests/compat/compat.py" "$API_URL" \
    "$top_srcdir/tests/compat/go-requests.txt" ||
	fail "answers differ from the Go service's (see above)"
exit 0
