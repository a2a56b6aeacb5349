#!/bin/sh
# CORS, done by the workers themselves: through lighttpd every answer of the
# API (200, 304, 400, 404, 405, 410, 429, 503) carries
# Access-Control-Allow-Origin and Access-Control-Expose-Headers; an OPTIONS
# preflight answers 204 with the methods and headers allowed (any path, a
# token of the rate limit), another OPTIONS keeps its 405.  CORS_ORIGINS: *
# by default; a list echoes a matching Origin only, every answer saying
# Vary: Origin; empty, no CORS header at all (through the CGI mode's
# configuration too).  A bad CORS_ORIGINS stops the worker and
# script/lighttpd-run at start, with one line naming it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db

EXPOSE="ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Rate, X-Search-Corrected"
ORIGIN=https://app.example

# assert_cors ORIGIN VARY: the last answer allows ORIGIN ("" : no CORS
# header at all) and says Vary: VARY.
assert_cors() {
	assert_header Access-Control-Allow-Origin "$1"
	if [ -n "$1" ]; then
		assert_header Access-Control-Expose-Headers "$EXPOSE"
	else
		assert_header Access-Control-Expose-Headers ""
	fi
	assert_header Vary "$2"
	assert_header Access-Control-Allow-Credentials ""
}

# assert_preflight: the last answer is the preflight's 204.
assert_preflight() {
	assert_status 204
	[ ! -s "$T/body" ] || fail "$_api_path: a 204 with a body"
	assert_header Access-Control-Allow-Methods "GET, HEAD"
	assert_header Access-Control-Max-Age 86400
	_allowed=$(header Access-Control-Allow-Headers)
	for _h in If-None-Match If-Modified-Since Accept Accept-Language \
	    Cache-Control; do
		assert_contains "$_allowed" "$_h" "$_api_path: allowed headers"
	done
	assert_not_contains "$_allowed" "X-Evil" "$_api_path: allowed headers"
	assert_header Allow ""
}

# preflight PATH [METHOD [ORIGIN]]: what a browser sends before a GET with
# If-None-Match from a page of ORIGIN.
preflight() {
	api_get "$1" -X OPTIONS -H "Origin: ${3:-$ORIGIN}" \
	    -H "Access-Control-Request-Method: ${2:-GET}" \
	    -H 'Access-Control-Request-Headers: if-none-match, x-evil'
}

# --- CORS_ORIGINS unset: "*", with the rate limit on ------------------------
# A bucket smaller than the export's cost (200): the export answers 429.
RATE_LIMIT_BURST=199 RATE_LIMIT_RATE=1
export RATE_LIMIT_BURST RATE_LIMIT_RATE
API_RATE_LIMIT=on
api_start

api_get /v1/medicaments/60002283 -H "Origin: $ORIGIN"
assert_status 200
assert_cors "*" "Accept-Encoding"
etag=$(header ETag)
api_get /v1/medicaments/60002283
assert_status 200
assert_cors "*" "Accept-Encoding"
api_get "/v1/medicaments?search=ibuprofene" -H "Origin: $ORIGIN"
assert_status 200
assert_cors "*" "Accept-Encoding"
api_get /v1/medicaments/60002283 -H "Origin: $ORIGIN" -H "If-None-Match: $etag"
assert_status 304
assert_cors "*" "Accept-Encoding"
api_get /v1/medicaments/60002283 -I -H "Origin: $ORIGIN"
assert_status 200
assert_cors "*" "Accept-Encoding"
api_error "/v1/medicaments?cis=12" 400 "" -H "Origin: $ORIGIN"
assert_cors "*" "Accept-Encoding"
api_error /v1/medicaments/99999999 404 "" -H "Origin: $ORIGIN"
assert_cors "*" "Accept-Encoding"
api_error /no/such/path 404 "" -H "Origin: $ORIGIN"
assert_cors "*" "Accept-Encoding"
api_error /database 410 "" -H "Origin: $ORIGIN"
assert_cors "*" "Accept-Encoding"
for method in POST DELETE PUT; do
	api_error /v1/medicaments/60002283 405 "Method $method not allowed" \
	    -X "$method" -H 'Content-Length: 0' -H "Origin: $ORIGIN"
	assert_cors "*" "Accept-Encoding"
	assert_header Allow "GET, HEAD"
done
api_error /v1/medicaments/export 429 "" -H "Origin: $ORIGIN"
assert_cors "*" "Accept-Encoding"
[ -n "$(header Retry-After)" ] || fail "429 without Retry-After"

# Preflights: API paths, unknown ones (their 404 is then readable), and
# whatever the method asked for (the browser compares, the server lists).
for path in /v1/medicaments/60002283 "/v1/medicaments?search=ibuprofene" \
    /v1/generiques/1 /health /v1/nothing-here /database; do
	preflight "$path"
	assert_preflight
	assert_cors "*" "Accept-Encoding"
done
preflight /v1/medicaments/60002283 DELETE
assert_preflight
# The pages need no CORS (lighttpd serves them without a CORS header); a
# preflight to them still reaches the workers (lighttpd sends every method
# but GET and HEAD there) and gets the same 204.
preflight /docs/openapi.yaml
assert_preflight
api_get /docs/openapi.yaml -H "Origin: $ORIGIN"
assert_status 200
assert_header Access-Control-Allow-Origin ""

# A preflight costs one token: two in a row take at most one between them
# (the bucket refills meanwhile, never faster than it empties here).
preflight /v1/medicaments/60002283
left1=$(header X-RateLimit-Remaining)
preflight /v1/medicaments/60002283
left2=$(header X-RateLimit-Remaining)
[ "$left1" -ge 1 ] && [ $((left1 - left2)) -le 1 ] ||
    fail "two preflights took $((left1 - left2)) tokens ($left1 then $left2 left)"

# OPTIONS without Access-Control-Request-Method is no preflight: 405.
api_error /v1/medicaments/60002283 405 "Method OPTIONS not allowed" -X OPTIONS
assert_header Allow "GET, HEAD"
assert_cors "*" "Accept-Encoding"
api_error /v1/medicaments/60002283 405 "Method OPTIONS not allowed" \
    -X OPTIONS -H "Origin: $ORIGIN"
api_stop
unset RATE_LIMIT_BURST RATE_LIMIT_RATE

# --- a list of origins: the matching one echoed, Vary: Origin always --------
API_RATE_LIMIT=off
CORS_ORIGINS="$ORIGIN, http://127.0.0.1:8080"
export CORS_ORIGINS
api_start
for o in "$ORIGIN" http://127.0.0.1:8080; do
	api_get /v1/medicaments/60002283 -H "Origin: $o"
	assert_status 200
	assert_cors "$o" "Accept-Encoding, Origin"
	preflight /v1/medicaments/60002283 GET "$o"
	assert_preflight
	assert_cors "$o" "Accept-Encoding, Origin"
done
for o in https://evil.example "$ORIGIN.evil" http://app.example \
    "$ORIGIN:8443" null "$(python3 -c 'print("https://" + "a" * 6000)')"; do
	api_get /v1/medicaments/60002283 -H "Origin: $o"
	assert_status 200
	assert_cors "" "Accept-Encoding, Origin"
	preflight /v1/medicaments/60002283 GET "$o"
	assert_status 204
	assert_cors "" "Accept-Encoding, Origin"
done
api_get /v1/medicaments/60002283
assert_cors "" "Accept-Encoding, Origin"
api_get /v1/medicaments/60002283 -H "Origin: $ORIGIN" -H "If-None-Match: $etag"
assert_status 304
assert_cors "$ORIGIN" "Accept-Encoding, Origin"
api_error /v1/medicaments/99999999 404 "" -H "Origin: $ORIGIN"
assert_cors "$ORIGIN" "Accept-Encoding, Origin"
api_stop

# --- empty: no CORS at all; OPTIONS is just another method -------------------
CORS_ORIGINS=
for mode in "" --cgi; do
	# shellcheck disable=SC2086
	api_start $mode
	api_get /v1/medicaments/60002283 -H "Origin: $ORIGIN"
	assert_status 200
	assert_cors "" "Accept-Encoding"
	preflight /v1/medicaments/60002283
	assert_error 405 "Method OPTIONS not allowed"
	assert_cors "" "Accept-Encoding"
	api_stop
done
unset CORS_ORIGINS

# --- 503 (no database), and the settings, from the worker itself (CGI) -----
if [ "$(id -u)" -eq 0 ]; then root=ALLOW_ROOT=1; else root=ALLOW_ROOT=; fi
# cgi VAR=VALUE...: the worker answers GET /v1/medicaments/60002283 from
# no database; RC, $T/out, $T/err.
cgi() {
	RC=0
	env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
	    REQUEST_URI=/v1/medicaments/60002283 SCRIPT_NAME= QUERY_STRING= \
	    SERVER_PORT=8000 SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 \
	    DB_PATH="$T/none/medicaments.db" RATE_LIMIT_FILE="$T/shared" \
	    HTTP_ORIGIN="$ORIGIN" "$root" "$@" "$FCGI" \
	    </dev/null >"$T/out" 2>"$T/err" || RC=$?
}
cgi
assert_eq 0 "$RC" "worker exit"
assert_contains "$(head -n 1 "$T/out")" "Status: 503" "no database"
assert_contains "$(cat "$T/out")" "Access-Control-Allow-Origin: *" "503"
assert_contains "$(cat "$T/out")" "Access-Control-Expose-Headers: $EXPOSE" "503"
cgi "CORS_ORIGINS=http://other.example,$ORIGIN"
assert_contains "$(cat "$T/out")" "Access-Control-Allow-Origin: $ORIGIN" "503, list"
assert_contains "$(cat "$T/out")" "Vary: Accept-Encoding, Origin" "503, list"
for bad in "https://a.example/" "https://a.example,*" "*.example.org" \
    "https://*.example.org" "https://a.example,,https://b.example" \
    "https://A.example" "https://a.example:443" "example.org" null; do
	cgi "CORS_ORIGINS=$bad"
	[ "$RC" -ne 0 ] && [ "$RC" -lt 128 ] || fail "CORS_ORIGINS=$bad: exit $RC"
	[ ! -s "$T/out" ] || fail "CORS_ORIGINS=$bad: answered anyway"
	assert_eq 1 "$(wc -l <"$T/err" | tr -d ' ')" "CORS_ORIGINS=$bad: lines on stderr: $(cat "$T/err")"
	assert_contains "$(cat "$T/err")" "medicaments-fcgi: error: CORS_ORIGINS=$bad" "CORS_ORIGINS=$bad"
done

# --- script/lighttpd-run checks it too, and passes it on ---------------------
FCGI_BIN=$FCGI DB_PATH=$API_DB RUN_DIR=$T/run-check HTML_DIR=$T
export FCGI_BIN DB_PATH RUN_DIR HTML_DIR
[ "$(id -u)" -ne 0 ] || { ALLOW_ROOT=1; export ALLOW_ROOT; }
for bad in "https://a.example/" "https://a.example,*" "**" \
    "https://*.example.org" "https://a.example," "https://A.example" \
    "http://a.example:80" "http://a.example:0" "example.org" null; do
	lighttpd_run_refused "CORS_ORIGINS=$bad" "CORS_ORIGINS=$bad"
done
# conf_value CONF: the value of "CORS_ORIGINS" => "..." in lighttpd's
# printed configuration (the CGI mode's setenv, as the workers get it).
conf_value() {
	sed -n 's/^ *"CORS_ORIGINS" *=> "\(.*\)",\{0,1\}$/\1/p' "$1"
}
for good in "*" " * " "" "https://a.example" \
    "https://a.example, http://127.0.0.1:8080 ,http://[::1]:3000"; do
	CORS_ORIGINS=$good "$LIGHTTPD_RUN" --print >"$T/conf" 2>"$T/err" ||
	    fail "CORS_ORIGINS=$good refused: $(cat "$T/err")"
	CORS_ORIGINS=$good "$LIGHTTPD_RUN" --cgi --print >"$T/conf" 2>"$T/err" ||
	    fail "CORS_ORIGINS=$good refused (CGI): $(cat "$T/err")"
	assert_eq "$good" "$(conf_value "$T/conf")" "CGI: CORS_ORIGINS=$good passed on"
done
unset CORS_ORIGINS
"$LIGHTTPD_RUN" --cgi --print >"$T/conf" 2>"$T/err" || fail "--cgi: $(cat "$T/err")"
assert_eq "*" "$(conf_value "$T/conf")" "CGI: default CORS_ORIGINS"
# FastCGI: copied from lighttpd's environment, which the wrapper sets.
"$LIGHTTPD_RUN" --print >"$T/conf" 2>"$T/err" || fail "defaults: $(cat "$T/err")"
grep -q '"CORS_ORIGINS",\{0,1\}$' "$T/conf" || fail "FastCGI: CORS_ORIGINS not copied"
exit 0
