#!/bin/sh
# The stored gzip members (schema.sql *_gz tables), sent as they are to every
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
members=$(sqlite_value "$DB" "SELECT count(*) FROM api_medicaments_gz")
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
refused damaged "UPDATE api_medicaments_gz SET json_gz = substr(json_gz, 1,
    20) || CASE WHEN substr(json_gz, 21, 1) = x'00' THEN x'01' ELSE x'00' END
    || substr(json_gz, 22) WHERE cis = 60002283" "api_medicaments 60002283"
# Cut short: no trailer.
refused truncated "UPDATE api_avis_gz SET json_gz = substr(json_gz, 1,
    length(json_gz) - 8) WHERE cis = (SELECT min(cis) FROM api_avis_gz)" \
    "api_avis"
# A good member of another document.
refused swapped "UPDATE api_generiques_gz SET json_gz = (SELECT json_gz FROM
    api_generiques_gz AS g WHERE g.groupe != api_generiques_gz.groupe
    LIMIT 1) WHERE groupe = (SELECT min(groupe) FROM api_generiques_gz)" \
    "api_generiques"
# Not gzip at all.
refused garbage "UPDATE api_medicament_disponibilites_gz SET json_gz =
    (SELECT CAST(d.json AS BLOB) FROM api_medicament_disponibilites AS d
    WHERE d.cis = api_medicament_disponibilites_gz.cis)" \
    "api_medicament_disponibilites"
# A member whose document is gone: a worker would send it for nothing.
refused orphan "INSERT INTO api_medicaments_gz(cis, json_gz)
    SELECT 1, json_gz FROM api_medicaments_gz LIMIT 1" "api_medicaments 1:"
exit 0
