#!/bin/sh
# HEAD answers like GET without a body: same status, same headers
# (Content-Length included), zero bytes of body on the wire.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

# headers_of METHOD PATH [HEADER]: status line and the headers that must
# agree, sorted; the body's length last.
headers_of() {
	raw_request "$1 $2 HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n${3:+$3\\r\\n}\\r\\n" |
	    awk 'NR == 1 { print; next }
	    /^body-bytes / { body = $0; next }
	    tolower($0) ~ /^(content-type|content-length|etag|last-modified|cache-control|allow|link|content-encoding|vary):/ { print | "sort" }
	    END { close("sort"); print body }'
}

for path in /health /v1/medicaments/60002283 "/v1/medicaments?page=2" \
    "/v1/medicaments?search=ibuprofene" /v1/medicaments/export \
    /v1/generiques/1 /v1/presentations/3400949497294 \
    /v1/medicaments/12345678 "/v1/medicaments?cis=1" /database /nope; do
	get=$(headers_of GET "$path")
	head=$(headers_of HEAD "$path")
	assert_eq "$(echo "$get" | sed '$d')" "$(echo "$head" | sed '$d')" \
	    "HEAD $path: status and headers"
	assert_eq "body-bytes 0" "$(echo "$head" | tail -n 1)" "HEAD $path: body"
	case $(echo "$get" | tail -n 1) in
	"body-bytes 0") fail "GET $path: no body" ;;
	esac
done

# The same with gzip accepted (the export is compressed).
get=$(headers_of GET /v1/medicaments/export 'Accept-Encoding: gzip')
head=$(headers_of HEAD /v1/medicaments/export 'Accept-Encoding: gzip')
assert_eq "$(echo "$get" | sed '$d')" "$(echo "$head" | sed '$d')" "HEAD export gzip: headers"
assert_eq "body-bytes 0" "$(echo "$head" | tail -n 1)" "HEAD export gzip: body"
assert_contains "$get" "Content-Encoding: gzip" "GET export gzip"
exit 0
