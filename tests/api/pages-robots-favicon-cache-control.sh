#!/bin/sh
# What lighttpd serves itself around the API: /robots.txt (text/plain)
# keeps crawlers off /health, /v1/diagnostics, /metrics and the old API's
# paths; /favicon.ico is a real icon; the documentation pages, their
# assets and the OpenAPI document say Cache-Control (an hour; a day for
# Swagger UI's files and the icon), and none of it carries a CORS header.
# The workers' own answers keep their Cache-Control: a missing asset (404,
# answered by a worker) and a page asked with another method (405) are
# never made cacheable by the pages' rule.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

api_get /robots.txt
assert_status 200
assert_header Content-Type "text/plain; charset=utf-8"
assert_header Cache-Control "public, max-age=3600"
assert_header Access-Control-Allow-Origin ""
# The rules, in order, and nothing that would keep crawlers off the docs.
rules=$(grep -v '^#' "$T/body" | grep -v '^$')
assert_eq "User-agent: *
Disallow: /health
Disallow: /v1/diagnostics
Disallow: /metrics
Disallow: /database
Disallow: /medicament/
Disallow: /generiques/" "$rules" "robots.txt rules"
# No rule is a prefix of a v1 path or a page ("/generiques/" is not one
# of "/v1/generiques").
for p in / /en/ /docs/ /docs/openapi.yaml /v1/medicaments/60002283 \
    /v1/generiques/1 /v1/presentations/3400949497294; do
	grep '^Disallow: ' "$T/body" | while read -r _ rule; do
		case $p in
		"$rule"*) fail "robots.txt: $rule keeps crawlers off $p" ;;
		esac
	done || exit 1
done

api_get /favicon.ico
assert_status 200
assert_header Content-Type "image/x-icon"
assert_header Cache-Control "public, max-age=86400"
python3 - "$T/body" <<'EOF' || fail "/favicon.ico is not a valid ICO file"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert len(data) <= 4096, f"{len(data)} bytes: not tiny"
reserved, kind, count = struct.unpack_from("<HHH", data)
assert (reserved, kind) == (0, 1) and count >= 1, "not an ICO header"
sizes = set()
for i in range(count):
    w, h, _, _, planes, bpp, size, off = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
    assert off + size <= len(data), "an image past the end of the file"
    img = data[off:off + size]
    assert img[:8] == b"\x89PNG\r\n\x1a\n" or struct.unpack_from("<I", img)[0] == 40, \
        "an image neither PNG nor BMP"
    sizes.add(w or 256)
assert 16 in sizes and 32 in sizes, f"sizes {sorted(sizes)}"
EOF

# Every file of html/ (lighttpd.conf names them one by one), and the
# directories' index pages.
files=$(cd "$top_srcdir/html" && find . -type f ! -name favicon.ico | sed 's|^\.||' | sort)
for path in / /en/ /docs/ $files; do
	api_get "$path" -H 'Origin: https://app.example'
	assert_status 200
	assert_header Cache-Control "public, max-age=3600"
	assert_header Access-Control-Allow-Origin ""
done
api_get /docs/openapi.yaml
assert_header Content-Type "application/yaml; charset=utf-8"
for path in $(sed -n 's|.*"\(/docs/swagger-ui/[^"]*\)".*|\1|p' \
    "$top_srcdir/html/docs/index.html"); do
	api_get "$path"
	assert_status 200
	assert_header Cache-Control "public, max-age=86400"
done
# Revalidation of a page still works (lighttpd's ETag).
api_get /docs/openapi.yaml
etag=$(header ETag)
api_get /docs/openapi.yaml -H "If-None-Match: $etag"
assert_status 304
assert_header Cache-Control "public, max-age=3600"

# The workers' answers keep theirs.
for path in /assets/no-such-file.css /docs/swagger-ui/nothing.js \
    /en/nothing.html /docs/index.htm; do
	api_error "$path" 404 ""
	assert_header Cache-Control "no-store"
	assert_header Access-Control-Allow-Origin "*"
done
for path in / /robots.txt /favicon.ico /docs/openapi.yaml; do
	api_error "$path" 405 "not allowed" -X DELETE
	assert_header Cache-Control "no-store"
done
api_get /v1/medicaments/60002283
assert_header Cache-Control "public, max-age=3600"
api_get /health
assert_header Cache-Control "no-store"
exit 0
