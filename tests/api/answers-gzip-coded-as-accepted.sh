#!/bin/sh
# JSON answers in the coding the client accepts (issue 22, RFC 9110 12.5.3):
# a single document is its stored gzip member byte for byte (schema.sql
# json_gz) where the updater stored one, a list or a search is compressed
# as it is sent; either decompresses to the plain answer exactly, with an
# exact Content-Length (HEAD announces the GET's), one weak ETag for both
# codings (304 to either), and Vary: Accept-Encoding on every answer.
# identity;q=0 gets gzip even for a tiny answer, or a 406 error when gzip is
# refused too; gzip;q=0 gets the plain answer.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd gzip cmp od sqlite3
api_fixture_db
api_start

size() {
	wc -c <"$1" | tr -d ' '
}

# assert_vary: the last answer varies with Accept-Encoding.
assert_vary() {
	assert_contains "$(header Vary)" "Accept-Encoding" "$_api_path: Vary"
}

# assert_gzip_of PLAIN: the last answer is gzip-coded, its exact length
# announced, and decompresses to the file PLAIN byte for byte.
assert_gzip_of() {
	assert_header Content-Encoding gzip
	assert_header Content-Length "$(size "$T/body")"
	gzip -dc <"$T/body" >"$T/gunzipped" 2>"$T/gzip.err" ||
	    fail "$_api_path: not gzip: $(cat "$T/gzip.err")"
	cmp -s "$T/gunzipped" "$1" ||
	    fail "$_api_path: gzip body does not decompress to the plain answer"
}

# get_plain PATH: the plain answer into $T/plain, its ETag in PLAIN_ETAG.
get_plain() {
	api_get "$1"
	assert_status 200
	assert_eq "" "$(header Content-Encoding)" "$1 without Accept-Encoding"
	assert_header Content-Length "$(size "$T/body")"
	assert_vary
	cp "$T/body" "$T/plain"
	PLAIN_ETAG=$(header ETag)
	case $PLAIN_ETAG in
	W/\"*\") ;;
	*) fail "$1: ETag '$PLAIN_ETAG' is not weak" ;;
	esac
}

# assert_head_like_get PATH HEADER...: HEAD announces what GET sent.
assert_head_like_get() {
	_path=$1
	shift
	api_get "$_path" "$@"
	_length=$(header Content-Length)
	_coding=$(header Content-Encoding)
	# curl -I would write the headers into the body's file.
	api_get "$_path" --head -o /dev/null "$@"
	assert_status 200
	assert_header Content-Length "$_length"
	assert_header Content-Encoding "$_coding"
	assert_vary
}

# assert_revalidates PATH HEADER...: the plain answer's ETag is a 304.
assert_revalidates() {
	_path=$1
	shift
	api_get "$_path" -H "If-None-Match: $PLAIN_ETAG" "$@"
	assert_status 304
	[ ! -s "$T/body" ] || fail "$_path: a 304 with a body"
	assert_header ETag "$PLAIN_ETAG"
	assert_vary
}

# document PATH TABLE WHERE: a stored document, in every coding.
document() {
	get_plain "$1"
	stored=$(sqlite_value "$API_DB" \
	    "SELECT hex(json_gz) FROM ${2}_gz WHERE $3")
	api_get "$1" -H 'Accept-Encoding: gzip'
	assert_status 200
	assert_header ETag "$PLAIN_ETAG"
	assert_vary
	if [ -n "$stored" ]; then
		assert_gzip_of "$T/plain"
		assert_eq "$stored" "$(od -An -v -tx1 "$T/body" |
		    tr -d ' \n' | tr a-f A-F)" "$1: the stored member"
		STORED=$((STORED + 1))
	else
		# Under CONTRACT_GZIP_MIN_BYTES: sent as it is.
		[ "$(size "$T/plain")" -lt 512 ] ||
		    fail "$1: $(size "$T/plain") bytes without a stored member"
		assert_eq "" "$(header Content-Encoding)" "$1, short"
		cmp -s "$T/body" "$T/plain" || fail "$1: short body differs"
	fi
	assert_head_like_get "$1" -H 'Accept-Encoding: gzip'
	assert_head_like_get "$1"
	assert_revalidates "$1" -H 'Accept-Encoding: gzip'
	assert_revalidates "$1"
	# Refusing identity takes gzip, whatever the size.
	api_get "$1" -H 'Accept-Encoding: gzip, identity;q=0'
	assert_status 200
	assert_gzip_of "$T/plain"
	assert_header ETag "$PLAIN_ETAG"
	api_get "$1" -H 'Accept-Encoding: gzip;q=0, identity'
	assert_status 200
	assert_eq "" "$(header Content-Encoding)" "$1 with gzip;q=0"
	cmp -s "$T/body" "$T/plain" || fail "$1: gzip;q=0 body differs"
}

STORED=0
document /v1/medicaments/60002283 api_medicaments "cis = 60002283"
document "/v1/medicaments?cis=60002283" api_medicaments "cis = 60002283"
cip13=$(sqlite_value "$API_DB" "SELECT cip13 FROM api_presentations LIMIT 1")
document "/v1/presentations/$cip13" api_presentations "cip13 = $cip13"
document "/v1/medicaments?cip=$cip13" api_medicaments \
    "cis = (SELECT cis FROM api_presentations WHERE cip13 = $cip13)"
for table in api_generiques:groupe:/v1/generiques/ \
    api_avis:cis:/v1/medicaments/%/avis \
    api_medicament_disponibilites:cis:/v1/medicaments/%/disponibilites \
    api_medicament_mitm:cis:/v1/medicaments/%/mitm; do
	name=${table%%:*}
	rest=${table#*:}
	key=${rest%%:*}
	route=${rest#*:}
	# The largest document of the table, and its smallest.
	for order in "DESC" "ASC"; do
		id=$(sqlite_value "$API_DB" "SELECT $key FROM $name ORDER BY
		    length(json) $order, $key LIMIT 1")
		case $route in
		*%*) path=$(echo "$route" | sed "s/%/$id/") ;;
		*) path=$route$id ;;
		esac
		document "$path" "$name" "$key = $id"
	done
done
# The fixtures give these a document long enough to store its member.
[ "$STORED" -ge 5 ] || fail "only $STORED documents had a stored member"

# Lists and searches, compressed as they are sent.
code=$(sqlite_value "$API_DB" "SELECT code FROM api_substances
    ORDER BY medicaments DESC LIMIT 1")
for path in "/v1/medicaments?search=ibuprofene" "/v1/medicaments?page=1" \
    "/v1/generiques?libelle=cimetidine" "/v1/substances?search=para" \
    /v1/disponibilites /v1/mitm /v1/medicaments/60002283/informations \
    "/v1/substances/$code"; do
	get_plain "$path"
	api_get "$path" -H 'Accept-Encoding: gzip, deflate, br, zstd'
	assert_status 200
	assert_header ETag "$PLAIN_ETAG"
	assert_vary
	if [ "$(size "$T/plain")" -ge 512 ]; then
		assert_gzip_of "$T/plain"
	else
		cmp -s "$T/body" "$T/plain" || fail "$path: short body differs"
	fi
	api_get "$path" -H 'Accept-Encoding: identity;q=0, gzip'
	assert_status 200
	assert_gzip_of "$T/plain"
	assert_head_like_get "$path" -H 'Accept-Encoding: gzip'
	assert_revalidates "$path" -H 'Accept-Encoding: gzip'
done

# Nothing acceptable: 406, an error object sent as it is, varying.
for ae in 'identity;q=0' 'gzip;q=0, identity;q=0' '*;q=0' 'br, identity;q=0'; do
	api_get /v1/medicaments/60002283 -H "Accept-Encoding: $ae"
	assert_error 406 "Not Acceptable"
	assert_eq "" "$(header Content-Encoding)" "406 for '$ae'"
	assert_vary
	api_get "/v1/medicaments?search=ibuprofene" -H "Accept-Encoding: $ae"
	assert_error 406 "Not Acceptable"
	assert_vary
done

# Errors go out as they are, even to a client refusing identity.
api_get /v1/medicaments/99999999 -H 'Accept-Encoding: identity;q=0'
assert_error 404 "not found"
assert_vary
api_get /v1/medicaments/99999999 -H 'Accept-Encoding: gzip'
assert_status 404
assert_vary
api_get "/v1/medicaments?page=x" -H 'Accept-Encoding: gzip'
assert_status 400
assert_vary
api_get /v1/medicaments/60002283 -X OPTIONS -H 'Origin: https://example.org' \
    -H 'Access-Control-Request-Method: GET'
assert_vary
exit 0
