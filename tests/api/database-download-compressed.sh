#!/bin/sh
# GET /v1/database compressed: the updater writes each published
# database's bytes as DB_PATH.versions/INODE.db.zst and INODE.db.gz (each
# checked to decompress to them), and the workers name the form the
# client's Accept-Encoding takes best (zstd, gzip, identity) to lighttpd:
# each with its Content-Encoding, its own Content-Length, Range over its
# own bytes, the data's weak ETag (If-Range with it: the whole file; with
# the date: a part), HEAD, 304; 406 when the client takes none of them; a
# missing form falls back to the next one the client takes.  lighttpd
# leaves the Range of a Content-Encoding alone: the worker applies it to a
# compressed form (X-Sendfile2), with the same rules.  The same in
# CGI mode, streamed by the worker.  The forms go with their version.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd zstd gzip cmp
api_fixture_db

ino=$(stat -c %i "$API_DB")
dir=$API_DB.versions
size=$(stat -c %s "$API_DB")
etag=$(sqlite3 "$API_DB" "SELECT value FROM meta WHERE key = 'data_etag'")
day=$(sqlite3 "$API_DB" "SELECT substr(value, 1, 10) FROM meta WHERE key = 'last_update'")
zstd -q -t "$dir/$ino.db.zst" || fail "$ino.db.zst is not a whole zstd frame"
zstd -q -d -c "$dir/$ino.db.zst" | cmp -s - "$API_DB" ||
    fail "$ino.db.zst does not decompress to the database"
gzip -t "$dir/$ino.db.gz" || fail "$ino.db.gz is not valid gzip"
gzip -d -c "$dir/$ino.db.gz" | cmp -s - "$API_DB" ||
    fail "$ino.db.gz does not decompress to the database"
cp "$dir/$ino.db.zst" "$dir/$ino.db.gz" "$T/"

# file_of CODING: the file that coding's answers are.
file_of() {
	case $1 in
	zstd) echo "$T/$ino.db.zst" ;;
	gzip) echo "$T/$ino.db.gz" ;;
	*) echo "$API_DB" ;;
	esac
}

# check_form CODING WHAT: the last answer is that coding's file, whole.
check_form() {
	_f=$(file_of "$1")
	assert_status 200 "$2"
	cmp -s "$T/body" "$_f" || fail "$2: not the bytes of $_f"
	assert_header Content-Length "$(stat -c %s "$_f")"
	if [ "$1" = identity ]; then
		assert_eq "" "$(header Content-Encoding)" "$2: Content-Encoding"
	else
		assert_header Content-Encoding "$1"
	fi
	assert_header Content-Type application/vnd.sqlite3
	assert_header ETag "W/\"$etag\""
	# The client undoes the coding: what it saves is the SQLite file.
	assert_header Content-Disposition \
	    "attachment; filename=\"medicaments-$day.db\""
	assert_contains "$(header Vary)" "Accept-Encoding" "$2: Vary"
	assert_eq "" "$(header X-Sendfile)" "$2: X-Sendfile reaches the client"
}

# check_head CODING AE WHAT: HEAD gives that form's length, no body.
check_head() {
	raw_request "HEAD /v1/database HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept-Encoding: $2\r\n\r\n" \
	    >"$T/head" || fail "$3: HEAD failed"
	assert_contains "$(cat "$T/head")" " 200 " "$3"
	assert_contains "$(cat "$T/head")" \
	    "Content-Length: $(stat -c %s "$(file_of "$1")")" "$3"
	[ "$1" = identity ] ||
	    assert_contains "$(cat "$T/head")" "Content-Encoding: $1" "$3"
	assert_eq "body-bytes 0" "$(tail -n 1 "$T/head")" "$3: body"
}

# negotiation MODE: which form each Accept-Encoding gets, and 406.
negotiation() {
	api_get /v1/database -H 'Accept-Encoding: gzip, deflate, br, zstd'
	check_form zstd "$1 a browser's Accept-Encoding"
	api_get /v1/database -H 'Accept-Encoding: zstd'
	check_form zstd "$1 zstd"
	api_get /v1/database -H 'Accept-Encoding: gzip'
	check_form gzip "$1 gzip"
	api_get /v1/database -H 'Accept-Encoding: zstd;q=0.5, gzip'
	check_form gzip "$1 zstd;q=0.5, gzip"
	api_get /v1/database -H 'Accept-Encoding: gzip;q=0.1, identity'
	check_form identity "$1 identity preferred"
	api_get /v1/database
	check_form identity "$1 no Accept-Encoding"
	api_get /v1/database -H 'Accept-Encoding: br, identity;q=0'
	assert_status 406 "$1 br alone"
	for c in zstd gzip identity; do
		api_get /v1/database -H "Accept-Encoding: $c" \
		    -H "If-None-Match: W/\"$etag\""
		assert_status 304 "$1 If-None-Match, $c"
		assert_eq 0 "$(wc -c <"$T/body" | tr -d ' ')" "$1 304 body, $c"
		check_head "$c" "$c" "$1 HEAD $c"
	done
}

api_start
negotiation FastCGI:
lastmod=$(header Last-Modified)
[ -n "$lastmod" ] || fail "no Last-Modified"

# Range applies to the bytes of the form sent (RFC 9110 14.1.1), If-Range
# the same way for each form.
for c in zstd gzip identity; do
	f=$(file_of "$c")
	fsize=$(stat -c %s "$f")
	api_get /v1/database -H "Accept-Encoding: $c" -H 'Range: bytes=0-99'
	assert_status 206 "Range 0-99, $c"
	assert_header Content-Range "bytes 0-99/$fsize"
	assert_header Content-Length 100
	assert_header Accept-Ranges bytes
	assert_header ETag "W/\"$etag\""
	[ "$c" = identity ] || assert_header Content-Encoding "$c"
	head -c 100 "$f" | cmp -s - "$T/body" || fail "Range 0-99, $c: bytes"
	api_get /v1/database -H "Accept-Encoding: $c" \
	    -H "Range: bytes=$((fsize - 50))-"
	assert_status 206 "Range to the end, $c"
	tail -c 50 "$f" | cmp -s - "$T/body" || fail "Range to the end, $c: bytes"
	api_get /v1/database -H "Accept-Encoding: $c" -H 'Range: bytes=-100'
	assert_status 206 "Range -100, $c"
	assert_header Content-Range "bytes $((fsize - 100))-$((fsize - 1))/$fsize"
	tail -c 100 "$f" | cmp -s - "$T/body" || fail "Range -100, $c: bytes"
	api_get /v1/database -H "Accept-Encoding: $c" -H "Range: bytes=$fsize-"
	assert_status 416 "Range past the end, $c"
	# lighttpd's own 416 page (identity) drops it; ours keeps it.
	[ "$c" = identity ] || assert_header Content-Range "bytes */$fsize"
	api_get /v1/database -H "Accept-Encoding: $c" -H 'Range: bytes=0-99' \
	    -H "If-Range: W/\"$etag\""
	check_form "$c" "If-Range: the weak etag, $c"
	api_get /v1/database -H "Accept-Encoding: $c" -H 'Range: bytes=0-99' \
	    -H "If-Range: $lastmod"
	assert_status 206 "If-Range: Last-Modified, $c"
	head -c 100 "$f" | cmp -s - "$T/body" || fail "If-Range: Last-Modified, $c: bytes"
done

# A form missing (an older updater, a failed compression): the next one
# the client takes.
rm "$dir/$ino.db.zst"
api_get /v1/database -H 'Accept-Encoding: zstd, gzip'
check_form gzip "no zstd file, gzip taken"
api_get /v1/database -H 'Accept-Encoding: zstd'
check_form identity "no zstd file, zstd alone taken"
rm "$dir/$ino.db.gz"
api_get /v1/database -H 'Accept-Encoding: zstd, gzip'
check_form identity "no compressed file"
api_get /v1/database -H 'Accept-Encoding: zstd, identity;q=0'
assert_status 406 "no compressed file, identity refused"
cp "$T/$ino.db.zst" "$T/$ino.db.gz" "$dir/"
api_stop

# CGI mode: the worker streams the form with its length (no Range there).
api_start --cgi
negotiation CGI:
api_get /v1/database -H 'Accept-Encoding: zstd' -H 'Range: bytes=0-99'
check_form zstd "CGI Range (ignored)"
rm "$dir/$ino.db.zst"
api_get /v1/database -H 'Accept-Encoding: zstd, gzip'
check_form gzip "CGI no zstd file"
cp "$T/$ino.db.zst" "$dir/"
api_stop

# Each publication writes its own forms, keeps the previous version's and
# removes older ones, and a killed run's temporary form.
: >"$dir/$ino.db.zst.new-XXXXXX"
api_build_db "$FIXTURES" "$API_DB"
second=$(stat -c %i "$API_DB")
api_build_db "$FIXTURES" "$API_DB"
third=$(stat -c %i "$API_DB")
for f in "$second.db.zst" "$second.db.gz" "$third.db.zst" "$third.db.gz"; do
	[ -f "$dir/$f" ] || fail "$dir/$f missing after the publications"
done
for f in "$ino.db" "$ino.db.zst" "$ino.db.gz" "$ino.db.zst.new-XXXXXX"; do
	[ ! -e "$dir/$f" ] || fail "$dir/$f left after two newer publications"
done
zstd -q -d -c "$dir/$third.db.zst" | cmp -s - "$API_DB" ||
    fail "the third publication's zstd file is not its database"
exit 0
