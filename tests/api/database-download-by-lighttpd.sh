#!/bin/sh
# GET /v1/database through lighttpd: the bytes of the database file, sent by
# lighttpd from the worker's X-Sendfile (DB_PATH.versions/INODE.db), with
# the data's weak ETag (304 on If-None-Match), Range (206, a suffix range,
# 416 past the end; an If-Range naming the weak ETag gets the whole file,
# one naming Last-Modified a part), HEAD, a dated Content-Disposition and
# the type of SQLite files.  Then in CGI mode: the same bytes, streamed by
# the worker (no Range there: the whole file).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db

size=$(wc -c <"$API_DB" | tr -d ' ')
sum=$(sha256sum "$API_DB" | cut -d' ' -f1)
etag=$(sqlite3 "$API_DB" "SELECT value FROM meta WHERE key = 'data_etag'")
day=$(sqlite3 "$API_DB" "SELECT substr(value, 1, 10) FROM meta WHERE key = 'last_update'")
ino=$(stat -c %i "$API_DB")
# The updater linked the file it published under its inode number.
[ "$(stat -c %i "$API_DB.versions/$ino.db")" = "$ino" ] ||
    fail "no version link $API_DB.versions/$ino.db"

# check_whole WHAT: the last answer is the whole file with its headers.
check_whole() {
	assert_status 200 "$1"
	assert_eq "$sum" "$(sha256sum <"$T/body" | cut -d' ' -f1)" "$1: the bytes"
	assert_header Content-Length "$size"
	assert_header Content-Type application/vnd.sqlite3
	assert_header ETag "W/\"$etag\""
	assert_header Content-Disposition \
	    "attachment; filename=\"medicaments-$day.db\""
	assert_eq "" "$(header X-Sendfile)" "$1: X-Sendfile reaches the client"
	[ -n "$(header Last-Modified)" ] || fail "$1: no Last-Modified"
}

api_start
api_get /v1/database
check_whole "GET"
assert_header Accept-Ranges bytes
lastmod=$(header Last-Modified)

# If-None-Match: weak comparison, a list, "*"; another etag gets the file.
for inm in "W/\"$etag\"" "\"$etag\"" "\"0123456789abcdef\", W/\"$etag\"" '*'; do
	api_get /v1/database -H "If-None-Match: $inm"
	assert_status 304 "If-None-Match: $inm"
	assert_eq 0 "$(wc -c <"$T/body" | tr -d ' ')" "304: body"
	assert_header ETag "W/\"$etag\""
done
api_get /v1/database -H 'If-None-Match: W/"0123456789abcdef"'
check_whole "If-None-Match: another etag"
api_get /v1/database -H "If-Modified-Since: $lastmod"
assert_status 304 "If-Modified-Since: Last-Modified"

# Range: the first 100 bytes, the last 100, from an offset to the end.
api_get /v1/database -H 'Range: bytes=0-99'
assert_status 206 "Range 0-99"
assert_header Content-Range "bytes 0-99/$size"
assert_eq "$(head -c 100 "$API_DB" | od -An -tx1)" "$(od -An -tx1 "$T/body")" \
    "Range 0-99: bytes"
api_get /v1/database -H 'Range: bytes=-100'
assert_status 206 "Range -100"
assert_header Content-Range "bytes $((size - 100))-$((size - 1))/$size"
assert_eq "$(tail -c 100 "$API_DB" | od -An -tx1)" "$(od -An -tx1 "$T/body")" \
    "Range -100: bytes"
api_get /v1/database -H "Range: bytes=$((size - 1000))-"
assert_status 206 "Range from size-1000"
assert_eq "$(tail -c 1000 "$API_DB" | sha256sum)" "$(sha256sum <"$T/body")" \
    "Range from size-1000: bytes"
# 416 is lighttpd's own error page: 1.4.69 drops the Content-Range it set
# ("bytes */SIZE") with the other headers when it writes it.
api_get /v1/database -H "Range: bytes=$size-"
assert_status 416 "Range past the end"

# If-Range: the weak ETag is no validator for bytes (RFC 9110 13.1.5), the
# data's date is.
api_get /v1/database -H 'Range: bytes=0-99' -H "If-Range: W/\"$etag\""
check_whole "If-Range: the weak etag"
api_get /v1/database -H 'Range: bytes=0-99' -H "If-Range: $lastmod"
assert_status 206 "If-Range: Last-Modified"
api_get /v1/database -H 'Range: bytes=0-99' \
    -H 'If-Range: Thu, 01 Jan 2015 00:00:00 GMT'
check_whole "If-Range: another date"

# check_head WHAT: HEAD answers 200, the length and ETag of GET, no body.
check_head() {
	raw_request 'HEAD /v1/database HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' \
	    >"$T/head" || fail "$1: HEAD failed"
	assert_contains "$(cat "$T/head")" " 200 " "$1"
	assert_contains "$(cat "$T/head")" "Content-Length: $size" "$1"
	assert_contains "$(cat "$T/head")" "ETag: W/\"$etag\"" "$1"
	assert_eq "body-bytes 0" "$(tail -n 1 "$T/head")" "$1: body"
}
check_head "HEAD"

# What the path cannot be made to name: neither a longer path, nor dot
# segments, nor a query.
for path in /v1/database/x /v1/database/.. "/v1/database%2F..%2F..%2Fetc%2Fpasswd"; do
	api_get "$path" --path-as-is
	assert_status 404 "$path"
done
api_get "/v1/database?path=/etc/passwd"
check_whole "a query string"
api_stop

# CGI mode: streamed by the worker, same bytes and validators.
api_start --cgi
api_get /v1/database
check_whole "CGI GET"
api_get /v1/database -H "If-None-Match: W/\"$etag\""
assert_status 304 "CGI If-None-Match"
api_get /v1/database -H 'Range: bytes=0-99'
check_whole "CGI Range (ignored)"
check_head "CGI HEAD"
exit 0
