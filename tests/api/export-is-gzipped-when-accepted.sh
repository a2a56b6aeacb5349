#!/bin/sh
# The export is sent gzip-compressed to a client that accepts gzip, and
# plain to one that does not; both decode to the same JSON array of every
# medicament.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd gzip cmp
api_fixture_db
api_start

# Plain: no Content-Encoding.
api_get /v1/medicaments/export
assert_status 200
assert_json_type
assert_eq "" "$(header Content-Encoding)" "export without Accept-Encoding"
cp "$T/body" "$T/plain.json"
json_assert 'len(d) == 16' 'all(medicament(m) for m in d)'

# curl decodes it itself.
api_get /v1/medicaments/export --compressed
assert_status 200
assert_header Content-Encoding gzip
assert_contains "$(header Vary)" "Accept-Encoding" "Vary"
cmp -s "$T/body" "$T/plain.json" || fail "curl --compressed: not the plain export"

# Raw, decoded by gzip -d.
api_get /v1/medicaments/export -H 'Accept-Encoding: gzip'
assert_status 200
assert_header Content-Encoding gzip
assert_json_type
gzip -t <"$T/body" || fail "the gzip body is not valid gzip"
gzip -d <"$T/body" >"$T/gunzipped.json" || fail "gzip -d failed"
cmp -s "$T/gunzipped.json" "$T/plain.json" || fail "gunzipped export differs from the plain one"
[ "$(wc -c <"$T/body")" -lt "$(wc -c <"$T/plain.json")" ] ||
    fail "the compressed export is not smaller"
[ "$(header Content-Length)" = "$(wc -c <"$T/body" | tr -d ' ')" ] ||
    fail "Content-Length $(header Content-Length) is not the gzip body's size"

# gzip refused (q=0): plain.
api_get /v1/medicaments/export -H 'Accept-Encoding: gzip;q=0, identity'
assert_status 200
assert_eq "" "$(header Content-Encoding)" "export with gzip;q=0"
cmp -s "$T/body" "$T/plain.json" || fail "gzip;q=0: not the plain export"

# Same ETag family: the compressed and plain forms are not the same bytes,
# so their tags differ, and each one revalidates.
api_get /v1/medicaments/export -H 'Accept-Encoding: gzip'
etag=$(header ETag)
api_get /v1/medicaments/export -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag"
assert_status 304
exit 0
