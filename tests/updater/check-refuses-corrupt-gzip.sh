#!/bin/sh
# The stored gzip members (schema.sql json_gz), sent as they are to every
# client taking gzip, are checked before a database is published: each
# must be one gzip member of exactly its document.  --check runs the checks
# of a build: it refuses a member that is damaged, cut short, or another
# document's.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
require_cmd sqlite3

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
members=$(sqlite_value "$DB" "SELECT count(json_gz) FROM api_medicaments")
[ "$members" -gt 0 ] || fail "the fixtures stored no gzip member"
run_updater --check --db "$DB"
assert_eq 0 "$RC" "exit status of --check on a good database"

# refused NAME SQL: a copy of the database changed by SQL fails --check,
# naming the document.
refused() {
	cp "$DB" "$T/$1.db"
	sqlite3 "$T/$1.db" "$2" || fail "$1: sqlite3 $2"
	run_updater --check --db "$T/$1.db"
	assert_failed_with "json_gz does not decompress" "$3"
}

# One byte of the compressed data changed: the CRC-32 or the data breaks.
refused damaged "UPDATE api_medicaments SET json_gz = substr(json_gz, 1, 20)
    || CASE WHEN substr(json_gz, 21, 1) = x'00' THEN x'01' ELSE x'00' END
    || substr(json_gz, 22) WHERE cis = 60002283" "api_medicaments 60002283"
# Cut short: no trailer.
refused truncated "UPDATE api_avis SET json_gz = substr(json_gz, 1,
    length(json_gz) - 8) WHERE cis = (SELECT cis FROM api_avis
    WHERE json_gz IS NOT NULL ORDER BY cis LIMIT 1)" "api_avis"
# A good member of another document.
refused swapped "UPDATE api_generiques SET json_gz = (SELECT json_gz FROM
    api_generiques AS g WHERE g.groupe != api_generiques.groupe AND
    g.json_gz IS NOT NULL LIMIT 1) WHERE groupe = (SELECT groupe FROM
    api_generiques WHERE json_gz IS NOT NULL ORDER BY groupe LIMIT 1)" \
    "api_generiques"
# Not gzip at all.
refused garbage "UPDATE api_medicament_disponibilites SET json_gz =
    CAST(json AS BLOB) WHERE json_gz IS NOT NULL" \
    "api_medicament_disponibilites"
exit 0
