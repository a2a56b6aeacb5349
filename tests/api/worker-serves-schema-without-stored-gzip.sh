#!/bin/sh
# A worker serves a database of the schema before the stored gzip members
# (user_version 6: no json_gz column), compressing its documents as it
# sends them: workers updated before the updater's next run keep
# answering, and a client taking gzip still gets gzip.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd gzip cmp sqlite3
api_fixture_db
for table in api_medicaments api_presentations api_generiques api_avis \
    api_medicament_disponibilites api_medicament_mitm; do
	sqlite3 "$API_DB" "ALTER TABLE $table DROP COLUMN json_gz" ||
	    fail "dropping $table.json_gz"
done
sqlite3 "$API_DB" "PRAGMA user_version = 6" || fail "user_version"
api_start

for path in /v1/medicaments/60002283 /v1/medicaments/60002283/avis \
    /v1/medicaments/60002283/disponibilites; do
	api_get "$path"
	assert_status 200
	cp "$T/body" "$T/plain"
	api_get "$path" -H 'Accept-Encoding: gzip, identity;q=0'
	assert_status 200
	assert_header Content-Encoding gzip
	assert_header Content-Length "$(wc -c <"$T/body" | tr -d ' ')"
	gzip -dc <"$T/body" >"$T/gunzipped" || fail "$path: not gzip"
	cmp -s "$T/gunzipped" "$T/plain" ||
	    fail "$path: gzip body does not decompress to the plain answer"
done
api_get /health
assert_status 200
json_assert 'health(d, "healthy")'
exit 0
