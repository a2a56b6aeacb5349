#!/bin/sh
# Security headers (OWASP REST Security and HTTP Headers cheat sheets),
# each exactly once on every kind of answer, through lighttpd.conf and
# lighttpd-cgi.conf alike:
#   - X-Content-Type-Options: nosniff everywhere: the API's answers (200,
#     304, 400, 404, 405, 410, 429, /health, HEAD, preflight, the
#     /v1/database X-Sendfile), the pages, their files, redirects;
#   - the API's answers, and the files that are no page, forbid anything
#     to be loaded from them or to frame them (Content-Security-Policy);
#   - the pages say their own policy (their <meta>'s, with
#     frame-ancestors 'none'), X-Frame-Options: DENY and a
#     Referrer-Policy.
# The worker sends its own two headers by itself (CGI under any server).
# lighttpd's own error pages (400, 413, 416, 431) carry none: lighttpd
# writes them without mod_setenv (fixed HTML, nothing of the request).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db

API_CSP="default-src 'none'; frame-ancestors 'none'"

# count NAME: how many times the last answer says header NAME.
count() {
	awk -v name="$1" 'BEGIN { name = tolower(name) ":"; n = 0 }
	{ sub(/\r$/, "") }
	tolower(substr($0, 1, length(name))) == name { n++ }
	END { print n }' "$T/headers"
}

# once NAME VALUE: the last answer says NAME exactly once, and VALUE.
once() {
	assert_eq 1 "$(count "$1")" "$_api_path: how many $1 headers"
	assert_header "$1" "$2"
}

# assert_data: the last answer is the API's, or a file that is no page.
assert_data() {
	once X-Content-Type-Options nosniff
	once Content-Security-Policy "$API_CSP"
}

# assert_page HTML: the last answer is the page HTML (a file of html/):
# its <meta> policy and frame-ancestors 'none' in the header, never
# framed, a Referrer-Policy.
assert_page() {
	_meta=$(sed -n 's/.*http-equiv="Content-Security-Policy" content="\([^"]*\)".*/\1/p' \
	    "$top_srcdir/html/$1")
	[ -n "$_meta" ] || fail "html/$1: no Content-Security-Policy <meta>"
	once X-Content-Type-Options nosniff
	once Content-Security-Policy "$_meta; frame-ancestors 'none'"
	once X-Frame-Options DENY
	once Referrer-Policy strict-origin-when-cross-origin
	_csp=$(header Content-Security-Policy)
	assert_contains "$_csp" "default-src 'none'" "$_api_path: policy"
	assert_not_contains "$_csp" "unsafe-eval" "$_api_path: policy"
	case $_csp in
	*"script-src 'self';"*) ;;
	*) fail "$_api_path: scripts not limited to the site's files: $_csp" ;;
	esac
}

# The worker alone, as a CGI program (Apache, lighttpd-cgi.conf): its
# answers carry both headers by themselves, once.
if [ "$(id -u)" -eq 0 ]; then root=ALLOW_ROOT=1; else root=ALLOW_ROOT=; fi
for uri in /v1/medicaments/60002283 /health /nope; do
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
	    REQUEST_URI="$uri" SCRIPT_NAME= QUERY_STRING= SERVER_PORT=8000 \
	    SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 DB_PATH="$API_DB" \
	    RATE_LIMIT_FILE="$T/shared" "$root" "$FCGI" </dev/null \
	    >"$T/cgi.out" 2>"$T/cgi.err" || fail "CGI $uri: $(cat "$T/cgi.err")"
	sed -n '1,/^\r$/p' "$T/cgi.out" >"$T/headers"
	_api_path="CGI $uri"
	assert_data
done

# The export costs more than the bucket holds: 429 for a client behind
# the proxy; this test's own address (the database costs 500) is exempt.
RATE_LIMIT_BURST=199 RATE_LIMIT_RATE=1 RATE_LIMIT_EXEMPT=127.0.0.1
TRUSTED_PROXIES=127.0.0.1
export RATE_LIMIT_BURST RATE_LIMIT_RATE RATE_LIMIT_EXEMPT TRUSTED_PROXIES
API_RATE_LIMIT=on
for mode in "" --cgi; do
	# shellcheck disable=SC2086
	api_start $mode

	# --- the API ----------------------------------------------------------
	api_get /v1/medicaments/60002283
	assert_status 200
	assert_data
	etag=$(header ETag)
	api_get /v1/medicaments/60002283 -H "If-None-Match: $etag"
	assert_status 304
	assert_data
	api_get /v1/medicaments/60002283 -I
	assert_status 200
	assert_data
	api_get "/v1/medicaments?search=ibuprofene" -H 'Accept-Encoding: gzip'
	assert_status 200
	assert_data
	api_get /health
	assert_status 200
	assert_data
	api_error "/v1/medicaments?cis=12" 400 ""
	assert_data
	# 404s: an unknown drug, a path of no endpoint, a missing file under
	# the pages' directories (the workers answer for lighttpd).
	for path in /v1/medicaments/99999999 /no/such/path \
	    /docs/swagger-ui/nothing.js /assets/nothing.css /en/nothing.html; do
		api_error "$path" 404 ""
		assert_data
	done
	for path in /v1/medicaments/60002283 / /docs/openapi.yaml; do
		api_error "$path" 405 "not allowed" -X DELETE
		assert_data
	done
	api_error /database 410 ""
	assert_data
	api_error /v1/medicaments/export 429 "" -H 'X-Forwarded-For: 192.0.2.1'
	assert_data
	api_get /v1/medicaments/60002283 -X OPTIONS -H 'Origin: https://app.example' \
	    -H 'Access-Control-Request-Method: GET'
	assert_status 204
	assert_data
	# The SQLite file: X-Sendfile (FastCGI) or streamed (CGI).
	api_get /v1/database
	assert_status 200
	assert_data
	etag=$(header ETag)
	api_get /v1/database -I
	assert_status 200
	assert_data
	api_get /v1/database -H "If-None-Match: $etag"
	assert_status 304
	assert_data

	# --- the pages --------------------------------------------------------
	for path in / /index.html; do
		api_get "$path"
		assert_status 200
		assert_page index.html
	done
	api_get /en/
	assert_status 200
	assert_page en/index.html
	for path in /docs/ /docs/index.html; do
		api_get "$path"
		assert_status 200
		assert_page docs/index.html
	done
	api_get /docs/ -I
	assert_status 200
	assert_page docs/index.html
	etag=$(header ETag)
	api_get /docs/ -H "If-None-Match: $etag"
	assert_status 304
	assert_page docs/index.html
	# Every other file of html/, and Swagger UI's.
	files=$(cd "$top_srcdir/html" && find . -type f ! -name index.html |
	    sed 's|^\.||' | sort)
	assets=$(sed -n 's|.*"\(/docs/swagger-ui/[^"]*\)".*|\1|p' \
	    "$top_srcdir/html/docs/index.html")
	[ -n "$assets" ] || fail "html/docs/index.html names no Swagger UI file"
	for path in $files $assets; do
		api_get "$path"
		assert_status 200
		assert_data
	done
	# lighttpd's redirects to the directories.
	for path in /docs /en; do
		api_get "$path"
		assert_status 301
		once X-Content-Type-Options nosniff
	done
	api_stop
done
exit 0
