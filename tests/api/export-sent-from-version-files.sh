#!/bin/sh
# The updater writes each published database's export beside its version
# link (DB_PATH.versions/INODE.export.json and .json.gz, common/contract.h)
# and the FastCGI workers hand them to lighttpd (X-Sendfile): a client,
# however slowly it reads, costs no copy in RUN_DIR/tmp.  The bytes are
# those the workers stream themselves when the files are missing (a
# database published by an older updater) and in CGI mode; the old
# version's files go with its link.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd gzip cmp python3
api_fixture_db

ino=$(stat -c %i "$API_DB")
dir=$API_DB.versions
for f in "$ino.db" "$ino.export.json" "$ino.export.json.gz"; do
	[ -f "$dir/$f" ] || fail "$dir/$f was not written at publication"
done
gzip -d <"$dir/$ino.export.json.gz" | cmp -s - "$dir/$ino.export.json" ||
    fail "the plain export file is not the gzip one inflated"

api_start
# From the files: the same bytes, in both codings, with Content-Length
# (lighttpd's, from the file), HEAD and Range.
api_get /v1/medicaments/export
assert_status 200
assert_eq "" "$(header Content-Encoding)" "plain export"
cmp -s "$T/body" "$dir/$ino.export.json" || fail "plain export: not the file"
assert_eq "$(stat -c %s "$dir/$ino.export.json")" "$(header Content-Length)" \
    "plain Content-Length"
json_assert 'len(d) == 16'
api_get /v1/medicaments/export -H 'Accept-Encoding: gzip'
assert_status 200
assert_header Content-Encoding gzip
cmp -s "$T/body" "$dir/$ino.export.json.gz" || fail "gzip export: not the file"
assert_contains "$(header Vary)" "Accept-Encoding" "Vary"
etag=$(header ETag)
[ -n "$etag" ] || fail "no ETag on the export"
api_get /v1/medicaments/export -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag"
assert_status 304
api_get /v1/medicaments/export -I
assert_status 200
assert_eq "$(stat -c %s "$dir/$ino.export.json")" "$(header Content-Length)" \
    "HEAD Content-Length"
api_get /v1/medicaments/export -H 'Range: bytes=0-0'
assert_status 206
assert_eq "[" "$(cat "$T/body")" "first byte of the export"
cp "$dir/$ino.export.json" "$T/from-file.json"
cp "$dir/$ino.export.json.gz" "$T/from-file.json.gz"

# Without the files (an older updater's database), the workers stream
# the same bytes.
rm -f "$dir/$ino.export.json" "$dir/$ino.export.json.gz"
api_get /v1/medicaments/export
assert_status 200
cmp -s "$T/body" "$T/from-file.json" || fail "streamed plain export differs from the file"
api_get /v1/medicaments/export -H 'Accept-Encoding: gzip'
assert_status 200
cmp -s "$T/body" "$T/from-file.json.gz" || fail "streamed gzip export differs from the file"
api_stop

# The next publication writes its own files, keeps the previous version's
# link and removes what is older (and a killed run's temporary file).
: >"$dir/1.export.json.new-XXXXXX"
: >"$dir/1.export.json"
api_build_db "$FIXTURES" "$API_DB"
new=$(stat -c %i "$API_DB")
[ "$new" != "$ino" ] || fail "the new database has the old inode"
for f in "$new.db" "$new.export.json" "$new.export.json.gz" "$ino.db"; do
	[ -f "$dir/$f" ] || fail "$dir/$f missing after the second publication"
done
for f in 1.export.json.new-XXXXXX 1.export.json; do
	[ ! -e "$dir/$f" ] || fail "$dir/$f left after the second publication"
done

# CGI mode streams the export itself: the same bytes.
api_start --cgi
api_get /v1/medicaments/export
assert_status 200
cmp -s "$T/body" "$dir/$new.export.json" || fail "CGI plain export differs from the file"
exit 0
