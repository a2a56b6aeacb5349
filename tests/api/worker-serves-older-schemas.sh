#!/bin/sh
# A worker serves the databases of the three schemas before this one: 8
# has no vocabulary (a search's 404 then suggests nothing), 6 and 7 no
# gzip members either (6 has none, 7 kept them in a json_gz column beside
# each document).  Workers updated before the updater's next run keep
# answering, compressing at request time, and a client taking gzip still
# gets gzip; a schema the worker does not know is refused.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd gzip cmp sqlite3
api_fixture_db
cp "$API_DB" "$T/current.db"
tables="api_medicaments:cis api_presentations:cip13 api_generiques:groupe
    api_avis:cis api_medicament_disponibilites:cis api_medicament_mitm:cis"

# older VERSION: $API_DB as the updater of schema VERSION wrote it.
older() {
	cp "$T/current.db" "$API_DB"
	sqlite3 "$API_DB" "DROP TABLE vocabulaire; DROP TABLE vocabulaire_cles" ||
	    fail "dropping the vocabulary"
	[ "$1" -lt 8 ] || {
		sqlite3 "$API_DB" "PRAGMA user_version = $1" || fail "user_version"
		return
	}
	for t in $tables; do
		table=${t%%:*}
		key=${t#*:}
		if [ "$1" -eq 7 ]; then
			sqlite3 "$API_DB" "ALTER TABLE $table ADD COLUMN json_gz BLOB;
			    UPDATE $table SET json_gz = (SELECT g.json_gz
			    FROM ${table}_gz AS g WHERE g.$key = $table.$key)" ||
			    fail "moving ${table}_gz into $table.json_gz"
		fi
		sqlite3 "$API_DB" "DROP TABLE ${table}_gz" ||
		    fail "dropping ${table}_gz"
	done
	sqlite3 "$API_DB" "PRAGMA user_version = $1" || fail "user_version"
}

for version in 6 7 8; do
	older "$version"
	api_start
	# No vocabulary: the 404 of a misspelling suggests nothing, fuzzy or not.
	api_get "/v1/medicaments?search=anastrozloe&fuzzy=true"
	assert_status 404
	json_assert 'True' 'd["suggestions"] == []'
	for path in /v1/medicaments/60002283 /v1/medicaments/60002283/avis \
	    /v1/medicaments/60002283/disponibilites; do
		api_get "$path"
		assert_status 200
		cp "$T/body" "$T/plain"
		api_get "$path" -H 'Accept-Encoding: gzip, identity;q=0'
		assert_status 200
		assert_header Content-Encoding gzip
		assert_header Content-Length "$(wc -c <"$T/body" | tr -d ' ')"
		gzip -dc <"$T/body" >"$T/gunzipped" ||
		    fail "schema $version, $path: not gzip"
		cmp -s "$T/gunzipped" "$T/plain" || fail "schema $version," \
		    "$path: gzip body does not decompress to the plain answer"
	done
	api_get /health
	assert_status 200
	json_assert 'health(d, "healthy")'
	api_stop
done

# A schema from a later updater: not served, and /health says why.
older 7
sqlite3 "$API_DB" "PRAGMA user_version = 10" || fail "user_version"
api_start
api_get /v1/medicaments/60002283
assert_status 503
api_get /health
grep -q 'schema version 10, this worker reads 6 to 9' "$T/body" "$T/logs/error.log" \
    "$T/lighttpd.out" 2>/dev/null || fail "schema 10: no reason given"
exit 0
