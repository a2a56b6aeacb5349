#!/bin/sh
# The real June 2022 dump (file://$BDPM_DUMP: 8 files, Windows-1252) builds a
# database with every row: the shifted rows repaired, prices above 1 000
# read, and the three files the dump lacks marked 'missing'.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
[ -f "$BDPM_DUMP/CIS_bdpm.txt" ] || skip "no BDPM dump in $BDPM_DUMP"
DUMP=$(cd "$BDPM_DUMP" && pwd)

DB=$T/db/medicaments.db
mkdir -p "$T/db"
DOWNLOAD_RETRIES=0 run_updater --source "file://$DUMP" --db "$DB"
assert_eq 0 "$RC" "exit status"
assert_no_temp_files "$T/db"

# Per file: status, rows read, stored, repaired, rejected (counted in the
# dump: non-empty lines; 3 COMPO rows have 12 fields, 2 GENER rows 7).
check_file() {
	assert_sql "$DB" "$2" "SELECT statut || ' ' || lignes_lues || ' ' ||
	    lignes_stockees || ' ' || lignes_reparees || ' ' || lignes_rejetees
	    FROM meta_fichiers WHERE fichier = '$1'"
}
check_file CIS_bdpm.txt             "ok 15676 15676 0 0"
check_file CIS_CIP_bdpm.txt         "ok 20747 20747 0 0"
check_file CIS_COMPO_bdpm.txt       "ok 32340 32340 3 0"
check_file CIS_GENER_bdpm.txt       "ok 10009 10009 2 0"
check_file CIS_CPD_bdpm.txt         "ok 24767 24767 0 0"
check_file CIS_HAS_SMR_bdpm.txt     "ok 12738 12738 0 0"
check_file CIS_HAS_ASMR_bdpm.txt    "ok 8093 8093 0 0"
check_file HAS_LiensPageCT_bdpm.txt "ok 9068 9068 0 0"
check_file CIS_InfoImportantes.txt  "missing 0 0 0 0"
check_file CIS_CIP_Dispo_Spec.txt   "missing 0 0 0 0"
check_file CIS_MITM.txt             "missing 0 0 0 0"
assert_sql "$DB" Windows-1252 "SELECT encodage FROM meta_fichiers WHERE fichier = 'CIS_bdpm.txt'"
for f in InfoImportantes CIP_Dispo_Spec MITM; do
	assert_contains "$(cat "$T/stderr")" "CIS_$f.txt" "warnings on stderr"
done

assert_sql "$DB" 15676 "SELECT count(*) FROM medicaments"
assert_sql "$DB" 15676 "SELECT count(*) FROM api_medicaments"
assert_sql "$DB" 20747 "SELECT count(*) FROM api_presentations"
assert_sql "$DB" 1487 "SELECT count(*) FROM api_generiques"
assert_sql "$DB" 15676 "SELECT value FROM meta WHERE key = 'medicaments_count'"
assert_sql "$DB" 1487 "SELECT value FROM meta WHERE key = 'generiques_count'"

# The repaired rows.
assert_sql "$DB" "67215259 69616681" "SELECT group_concat(cis, ' ') FROM
    (SELECT cis FROM generiques WHERE groupe = 1809 ORDER BY ligne)"
assert_sql "$DB" 3 "SELECT count(*) FROM compositions WHERE cis = 68285029
    AND dosage = '4CH à 30CH et 7DH à 60DH'
    AND denomination_substance = 'MERCURIUS DULCIS POUR PRÉPARATIONS HOMÉOPATHIQUES'"
# Prices with a thousands comma.
assert_sql "$DB" 1 "SELECT count(*) > 0 FROM presentations WHERE prix_sans_honoraires = 4417.08"
assert_sql "$DB" 4417.08 "SELECT prix_sans_honoraires FROM presentations WHERE cip13 = 3400930144213"
assert_sql "$DB" 0 "SELECT count(*) FROM presentations WHERE prix_sans_honoraires > 100000"
# The API.md examples.
assert_sql "$DB" "ANASTROZOLE ACCORD 1 mg, comprimé pelliculé|30.36|659" \
    "SELECT json_extract(json, '$.elementPharmaceutique') || '|' ||
    json_extract(json, '$.presentation[0].prix') || '|' ||
    json_extract(json, '$.generiques[0].group')
    FROM api_medicaments WHERE cis = 60002283"
assert_sql "$DB" "[65383183]|67535309" "SELECT json_extract(json, '$.orphanCIS') || '|' ||
    json_extract(json, '$.medicaments[0].cis') FROM api_generiques WHERE groupe = 1"
assert_sql "$DB" 8 "SELECT json_extract(CAST(contenu AS TEXT),
    '$.presentations_with_orphaned_cis.count')
    FROM api_documents WHERE nom = 'data_integrity'"

run_updater --check --db "$DB"
assert_eq 0 "$RC" "exit status of --check"
exit 0
