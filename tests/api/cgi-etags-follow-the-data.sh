#!/bin/sh
# The entity tags of the CGI mode (a process per request, each hashing its
# own: common/sha256.c) are stable: the same request twice, the same tag; a
# different query, a different tag; and the composed answers' tags (pages,
# searches, the export) change when the data does (meta data_etag), while a
# stored document's tag, of unchanged data, stays.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start --cgi

COMPOSED="/v1/medicaments?page=1
/v1/medicaments?page=2&pageSize=3
/v1/medicaments?search=ibuprofene
/v1/medicaments/export
/v1/generiques?libelle=cimetidine"

# etags FILE: PATH ETAG per line of $COMPOSED and of one stored document.
etags() {
	: >"$1"
	while IFS= read -r path; do
		api_get "$path"
		assert_status 200
		_etag=$(header ETag)
		case $_etag in
		W/\"????????????????\") ;;
		*) fail "$path: ETag '$_etag' is not W/\"<16 hex digits>\"" ;;
		esac
		printf '%s %s\n' "$path" "$_etag" >>"$1"
	done <<EOF_PATHS
$COMPOSED
/v1/medicaments/60002283
EOF_PATHS
}

etags "$T/first"
etags "$T/again"
diff -u "$T/first" "$T/again" >&2 || fail "the same requests, other ETags"
# Every answer has its own tag.
[ "$(cut -d ' ' -f 2 "$T/first" | sort -u | wc -l)" -eq \
    "$(wc -l <"$T/first")" ] || fail "two answers share an ETag: $(cat "$T/first")"

# New data: the same file but for data_etag, renamed into place as the
# updater does (a CGI process opens whatever DB_PATH names).
cp "$API_DB" "$T/db/new.db"
sqlite3 "$T/db/new.db" \
    "UPDATE meta SET value = '0123456789abcdef' WHERE key = 'data_etag'" ||
    fail "cannot change data_etag"
mv "$T/db/new.db" "$API_DB"
etags "$T/new"
while IFS= read -r path; do
	old=$(grep -F "$path " "$T/first" | cut -d ' ' -f 2)
	new=$(grep -F "$path " "$T/new" | cut -d ' ' -f 2)
	assert_ne "$old" "$new" "$path: ETag after the data changed"
done <<EOF_PATHS
$COMPOSED
EOF_PATHS
assert_eq "$(grep -F '/v1/medicaments/60002283 ' "$T/first")" \
    "$(grep -F '/v1/medicaments/60002283 ' "$T/new")" \
    "a stored document's ETag"
exit 0
