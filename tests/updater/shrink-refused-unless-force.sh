#!/bin/sh
# A table that would lose more than 20 % of its rows against the database in
# place fails the update (database untouched) unless --force is given.  The
# shrunk files come over file://.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
SUM=$(checksum "$DB")

# The same files, but CIS_CPD_bdpm.txt keeps its first 9 lines of 22
# (bytes untouched: Windows-1252, CRLF): 9 conditions instead of 21.
SRC=$T/shrunk
mkdir -p "$SRC"
cp "$FIXTURES"/*.txt "$SRC"/
head -n 9 "$FIXTURES/CIS_CPD_bdpm.txt" >"$SRC/CIS_CPD_bdpm.txt"

run_updater --source "file://$SRC" --db "$DB"
assert_failed_with
case $(grep 'medicaments-updater: error:' "$T/stderr") in
*conditions*|*CIS_CPD_bdpm.txt*) ;;
*) fail "the error line names neither the table nor the file: $(cat "$T/stderr")" ;;
esac
assert_db_untouched "$DB" "$SUM"

# A loss of less than 20 % goes through: 19 conditions of 21 (-9.5 %).
head -n 20 "$FIXTURES/CIS_CPD_bdpm.txt" >"$SRC/CIS_CPD_bdpm.txt"
run_updater --source "file://$SRC" --db "$DB"
assert_eq 0 "$RC" "exit status for a small loss"
assert_sql "$DB" 19 "SELECT count(*) FROM conditions"
SUM=$(checksum "$DB")

head -n 9 "$FIXTURES/CIS_CPD_bdpm.txt" >"$SRC/CIS_CPD_bdpm.txt"
run_updater --source "file://$SRC" --db "$DB" --force
assert_eq 0 "$RC" "exit status with --force"
assert_sql "$DB" 9 "SELECT count(*) FROM conditions"
assert_sql "$DB" "ok 9 9" "SELECT statut || ' ' || lignes_lues || ' ' || lignes_stockees
    FROM meta_fichiers WHERE fichier = 'CIS_CPD_bdpm.txt'"
assert_sql "$DB" "file://$SRC" "SELECT value FROM meta WHERE key = 'source_url'"
assert_no_temp_files "$T/db"
exit 0
