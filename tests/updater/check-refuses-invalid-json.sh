#!/bin/sh
# Every document a worker sends as it is must be JSON text: --check runs
# the checks of a build and refuses a database where one is not, naming
# its table and key, whether the document sits in a table of documents,
# in a list, or is the integrity report.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
require_cmd sqlite3

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
run_updater --check --db "$DB"
assert_eq 0 "$RC" "exit status of --check on a good database"

# refused NAME SQL EXPECTED: a copy of the database changed by SQL fails
# --check with EXPECTED in its message.
refused() {
	cp "$DB" "$T/$1.db"
	sqlite3 "$T/$1.db" "$2" || fail "$1: sqlite3 $2"
	run_updater --check --db "$T/$1.db"
	assert_failed_with "invalid JSON document" "$3"
}

refused trailing "UPDATE api_medicaments SET json = json || ','
    WHERE cis = 60002283" "60002283 (SELECT cis FROM api_medicaments"
refused truncated "UPDATE api_avis SET json = substr(json, 1, length(json) - 1)
    WHERE cis = (SELECT min(cis) FROM api_avis)" "FROM api_avis "
refused unquoted "UPDATE api_substance_medicaments SET json = '{cis: 1}'
    WHERE rang = 1 AND code = (SELECT min(code) FROM api_substance_medicaments)" \
    "FROM api_substance_medicaments"
refused empty "UPDATE api_documents SET contenu = ''
    WHERE nom = 'data_integrity'" "data_integrity"
exit 0
