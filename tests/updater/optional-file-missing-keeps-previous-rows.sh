#!/bin/sh
# An optional file that cannot be downloaded does not fail the update: its
# rows are kept from the database in place (statut 'previous', a warning on
# stderr; the API's documents are not rendered from them), or the table is
# empty (statut 'missing') when there is none.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"

run_updater --source "$BASE/404:CIS_MITM.txt" --db "$DB"
assert_eq 0 "$RC" "exit status"
assert_contains "$(cat "$T/stderr")" "CIS_MITM.txt" "stderr"
assert_eq 0 "$(grep -c 'medicaments-updater: error:' "$T/stderr" || true)" \
    "error lines on stderr"
assert_sql "$DB" previous "SELECT statut FROM meta_fichiers WHERE fichier = 'CIS_MITM.txt'"
assert_sql "$DB" 1 "SELECT message IS NOT NULL AND message <> ''
    FROM meta_fichiers WHERE fichier = 'CIS_MITM.txt'"
assert_sql "$DB" 10 "SELECT count(*) FROM mitm"
assert_sql "$DB" "60002283 L02BG03" "SELECT cis || ' ' || code_atc FROM mitm ORDER BY ligne LIMIT 1"
# ...but no document of the API is rendered from them (issue 13).
assert_sql "$DB" "0 0" "SELECT (SELECT count(*) FROM api_mitm) || ' ' ||
    (SELECT count(*) FROM api_medicament_mitm)"
assert_sql "$DB" 10 "SELECT count(*) FROM meta_fichiers WHERE statut = 'ok'"
assert_no_temp_files "$T/db"

# Twice in a row: the kept rows are kept again.
run_updater --source "$BASE/500:CIS_MITM.txt" --db "$DB"
assert_eq 0 "$RC" "exit status of the second run"
assert_sql "$DB" "previous 10" "SELECT statut || ' ' || (SELECT count(*) FROM mitm)
    FROM meta_fichiers WHERE fichier = 'CIS_MITM.txt'"

# No database in place: the table is empty.
DB2=$T/db2/medicaments.db
mkdir -p "$T/db2"
run_updater --source "$BASE/404:CIS_InfoImportantes.txt" --db "$DB2"
assert_eq 0 "$RC" "exit status without a previous database"
assert_sql "$DB2" missing "SELECT statut FROM meta_fichiers WHERE fichier = 'CIS_InfoImportantes.txt'"
assert_sql "$DB2" 0 "SELECT count(*) FROM informations_importantes"
assert_sql "$DB2" 10 "SELECT count(*) FROM mitm"
assert_no_temp_files "$T/db2"

# A core file is not optional.
SUM=$(checksum "$DB")
run_updater --source "$BASE/404:CIS_GENER_bdpm.txt" --db "$DB"
assert_failed_with CIS_GENER_bdpm.txt
assert_db_untouched "$DB" "$SUM"
exit 0
