#!/bin/sh
# A worker serves the databases of the four schemas before this one: 9
# has no change history (the feed's routes answer it empty), 8 no
# vocabulary either (a search's 404 then suggests nothing), 6 and 7 no
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
	sqlite3 "$API_DB" "DROP TABLE changes; DROP TABLE publications" ||
	    fail "dropping the history"
	[ "$1" -lt 9 ] || {
		sqlite3 "$API_DB" "PRAGMA user_version = $1" || fail "user_version"
		return
	}
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

for version in 6 7 8 9; do
	older "$version"
	api_start
	# No vocabulary: the 404 of a misspelling suggests nothing, fuzzy or not.
	api_get "/v1/medicaments?search=anastrozloe&fuzzy=true"
	if [ "$version" -lt 9 ]; then
		assert_status 404
		json_assert 'True' 'd["suggestions"] == []'
	fi
	# No history: empty, never a 500.
	api_get "/v1/changes?since=2000-01-01&type=prices"
	assert_status 200
	json_assert 'd["data"] == [] and d["totalItems"] == 0'
	api_get /v1/changes
	assert_status 200
	json_assert 'd["data"] == [] and d["totalItems"] == 0'
	for path in /v1/publications /v1/medicaments/60002283/changes; do
		api_get "$path"
		assert_status 200
		json_assert 'd == []'
	done
	api_error /v1/medicaments/12345678/changes 404 "Medicament not found"
	api_get /v1/changes.atom
	assert_status 200
	python3 -c 'import sys, xml.etree.ElementTree as ET
sys.exit(ET.parse(sys.argv[1]).getroot().find(
    "{http://www.w3.org/2005/Atom}entry") is not None)' "$T/body" ||
	    fail "schema $version: /v1/changes.atom is not an empty feed"
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
sqlite3 "$API_DB" "PRAGMA user_version = 11" || fail "user_version"
api_start
api_get /v1/medicaments/60002283
assert_status 503
api_get /health
grep -q 'schema version 11, this worker reads 6 to 10' "$T/body" "$T/logs/error.log" \
    "$T/lighttpd.out" 2>/dev/null || fail "schema 10: no reason given"
exit 0
