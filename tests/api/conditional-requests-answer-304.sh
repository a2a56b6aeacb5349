#!/bin/sh
# Conditional requests through lighttpd: the ETag of a 200 in If-None-Match,
# or its Last-Modified in If-Modified-Since, answers 304 without a body; a
# different ETag or an older date answers 200 again.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

for path in /v1/medicaments/60002283 "/v1/medicaments?page=1" \
    "/v1/medicaments?search=ibuprofene" /v1/medicaments/export \
    /v1/generiques/1 "/v1/generiques?libelle=cimetidine" \
    /v1/presentations/3400949497294; do
	api_get "$path"
	assert_status 200
	etag=$(header ETag)
	modified=$(header Last-Modified)
	if [ -z "$etag" ] || [ -z "$modified" ]; then
		fail "$path: no ETag or Last-Modified"
	fi

	api_get "$path" -H "If-None-Match: $etag"
	assert_status 304
	[ ! -s "$T/body" ] || fail "$path: a 304 with a body"
	assert_header ETag "$etag"
	# A list of tags, and the strong form of the tag, match too (weak
	# comparison, RFC 9110).
	api_get "$path" -H "If-None-Match: \"0000000000000000\", $etag"
	assert_status 304
	api_get "$path" -H "If-None-Match: ${etag#W/}"
	assert_status 304
	api_get "$path" -H 'If-None-Match: W/"0000000000000000"'
	assert_status 200

	api_get "$path" -H "If-Modified-Since: $modified"
	assert_status 304
	[ ! -s "$T/body" ] || fail "$path: a 304 with a body"
	api_get "$path" -H "If-Modified-Since: Thu, 01 Jan 1998 00:00:00 GMT"
	assert_status 200
	# If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3).
	api_get "$path" -H 'If-None-Match: W/"0000000000000000"' \
	    -H "If-Modified-Since: $modified"
	assert_status 200
done

# Errors are never 304.
api_get /v1/medicaments/12345678 -H 'If-None-Match: *'
assert_status 404
exit 0
