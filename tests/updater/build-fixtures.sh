#!/bin/sh
# The fixtures, served over HTTP, build a database that holds every row the
# way the contract says: counts per file (read, stored, repaired, rejected,
# as tests/fixtures/bdpm/README.md lists them), repaired shifted rows, French
# prices, trimmed text, orphans kept, JSON documents and search indexes.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
assert_no_temp_files "$T/db"
assert_sql "$DB" ok "PRAGMA integrity_check"
assert_sql "$DB" 10 "PRAGMA user_version"

# Per file: status, rows read, stored, repaired, rejected, encoding.
check_file() {
	assert_sql "$DB" "$2" "SELECT statut || ' ' || lignes_lues || ' ' ||
	    lignes_stockees || ' ' || lignes_reparees || ' ' ||
	    lignes_rejetees || ' ' || encodage
	    FROM meta_fichiers WHERE fichier = '$1'"
}
check_file CIS_bdpm.txt             "ok 16 16 0 0 Windows-1252"
check_file CIS_CIP_bdpm.txt         "ok 16 16 0 0 UTF-8"
check_file CIS_COMPO_bdpm.txt       "ok 21 21 3 0 Windows-1252"
check_file CIS_GENER_bdpm.txt       "ok 18 18 2 0 Windows-1252"
check_file CIS_CPD_bdpm.txt         "ok 22 21 0 1 Windows-1252"
check_file CIS_HAS_SMR_bdpm.txt     "ok 10 9 0 1 Windows-1252"
check_file CIS_HAS_ASMR_bdpm.txt    "ok 6 6 0 0 Windows-1252"
check_file HAS_LiensPageCT_bdpm.txt "ok 6 6 0 0 UTF-8"
check_file CIS_InfoImportantes.txt  "ok 7 7 0 0 UTF-8"
check_file CIS_CIP_Dispo_Spec.txt   "ok 11 10 1 1 Windows-1252"
check_file CIS_MITM.txt             "ok 10 10 0 0 Windows-1252"
assert_sql "$DB" 11 "SELECT count(*) FROM meta_fichiers"
assert_sql "$DB" 11 "SELECT count(*) FROM meta_fichiers
    WHERE length(sha256) = 64 AND octets > 0 AND url LIKE '$BASE/ok/%'"
# The byte counts are those of the files.
for f in CIS_bdpm.txt CIS_CPD_bdpm.txt CIS_MITM.txt; do
	assert_sql "$DB" "$(wc -c <"$FIXTURES/$f" | tr -d ' ')" \
	    "SELECT octets FROM meta_fichiers WHERE fichier = '$f'"
	assert_sql "$DB" "$(checksum "$FIXTURES/$f")" \
	    "SELECT sha256 FROM meta_fichiers WHERE fichier = '$f'"
done

# Rows per table (stored rows).
assert_sql "$DB" 16 "SELECT count(*) FROM medicaments"
assert_sql "$DB" 16 "SELECT count(*) FROM presentations"
assert_sql "$DB" 21 "SELECT count(*) FROM compositions"
assert_sql "$DB" 18 "SELECT count(*) FROM generiques"
assert_sql "$DB" 21 "SELECT count(*) FROM conditions"
assert_sql "$DB" 9 "SELECT count(*) FROM avis_smr"
assert_sql "$DB" 6 "SELECT count(*) FROM avis_asmr"
assert_sql "$DB" 6 "SELECT count(*) FROM liens_avis_ct"
assert_sql "$DB" 7 "SELECT count(*) FROM informations_importantes"
assert_sql "$DB" 10 "SELECT count(*) FROM disponibilites"
assert_sql "$DB" 10 "SELECT count(*) FROM mitm"
assert_sql "$DB" 16 "SELECT count(*) FROM api_medicaments"
assert_sql "$DB" 16 "SELECT count(*) FROM api_presentations"
assert_sql "$DB" 10 "SELECT count(*) FROM api_generiques"

# meta
assert_sql "$DB" 16 "SELECT value FROM meta WHERE key = 'medicaments_count'"
assert_sql "$DB" 16 "SELECT value FROM meta WHERE key = 'presentations_count'"
assert_sql "$DB" 10 "SELECT value FROM meta WHERE key = 'generiques_count'"
assert_sql "$DB" 10 "SELECT value FROM meta WHERE key = 'schema_version'"
assert_sql "$DB" "$BASE/ok" "SELECT value FROM meta WHERE key = 'source_url'"
assert_sql "$DB" 1 "SELECT value GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
    FROM meta WHERE key = 'data_etag'"
assert_sql "$DB" 1 "SELECT value GLOB '20[0-9][0-9]-[01][0-9]-[0-3][0-9]T*'
    FROM meta WHERE key = 'last_update'"

# Decoding: Windows-1252 0x92 and UTF-8 U+2019 both become U+2019.
assert_sql "$DB" "INTRONA 18 millions d’UI, solution injectable en stylo multidose" \
    "SELECT denomination FROM medicaments WHERE cis = 65169293"
assert_sql "$DB" 1 "SELECT libelle LIKE '%jusqu’à 100 mL,'
    FROM presentations WHERE cip13 = 3400955084983"
assert_sql "$DB" "réservé à l’usage HOSPITALIER" \
    "SELECT condition FROM conditions WHERE cis = 65329132 ORDER BY ligne LIMIT 1"
assert_sql "$DB" "Remise à disposition" \
    "SELECT statut FROM disponibilites WHERE cis = 67535309"

# Shifted rows, repaired.
assert_sql "$DB" 3 "SELECT count(*) FROM compositions WHERE cis = 68285029
    AND dosage = '4CH à 30CH et 7DH à 60DH' AND reference_dosage = 'une gomme'
    AND nature_composant = 'SA' AND code_substance = 2500"
assert_sql "$DB" "67215259 0 1|69616681 1 2|64760254 4 3" \
    "SELECT group_concat(cis || ' ' || type || ' ' || numero_tri, '|')
    FROM (SELECT * FROM generiques WHERE groupe = 1809 ORDER BY ligne)"

# French numbers and dates.
assert_sql "$DB" "4417.08 4418.1 1.02" "SELECT prix_sans_honoraires || ' ' ||
    prix_avec_honoraires || ' ' || honoraires
    FROM presentations WHERE cip13 = 3400930144213"
assert_sql "$DB" 30.36 "SELECT prix_sans_honoraires FROM presentations
    WHERE cip13 = 3400949497294"
assert_sql "$DB" 1 "SELECT prix_sans_honoraires IS NULL FROM presentations
    WHERE cip13 = 3400930180556"
assert_sql "$DB" "100%;65%|65 %|" "SELECT group_concat(taux_remboursement, '|')
    FROM (SELECT taux_remboursement FROM presentations
    WHERE cip13 IN (3400935965424, 3400930057414, 3400930180556) ORDER BY ligne DESC)"
assert_sql "$DB" "28/10/2010 2010-10-28" \
    "SELECT date_amm || ' ' || date_amm_iso FROM medicaments WHERE cis = 60002283"
assert_sql "$DB" "20211215 2021-12-15" "SELECT date_avis || ' ' || date_avis_iso
    FROM avis_smr WHERE cis = 65329132"

# Orphans are kept.
assert_sql "$DB" 60470047 "SELECT cis FROM presentations WHERE cip13 = 3400938839807"
assert_sql "$DB" 1 "SELECT count(*) FROM avis_smr WHERE cis = 65383183"

# InfoImportantes: the text without HTML, the link apart.
assert_sql "$DB" "Olaparib (Lynparza) : risque de confusion entre les comprimés et les gélules" \
    "SELECT texte FROM informations_importantes WHERE cis = 60058620
    AND date_debut = '05/01/2026'"
assert_sql "$DB" "https://ansm.sante.fr/informations-de-securite/cimetidine" \
    "SELECT lien FROM informations_importantes WHERE cis = 65383183"
assert_sql "$DB" 1 "SELECT lien IS NULL AND date_fin_iso IS NULL
    FROM informations_importantes WHERE cis = 67535309
    AND date_debut = '01/09/2025'"

# JSON documents (read with SQLite's JSON functions, whatever the layout).
med() {
	sqlite_value "$DB" "SELECT json_extract(json, '$2') FROM api_medicaments
	    WHERE cis = $1"
}
assert_eq "ANASTROZOLE ACCORD 1 mg, comprimé pelliculé" "$(med 60002283 '$.elementPharmaceutique')"
assert_eq "ACCORD HEALTHCARE FRANCE" "$(med 60002283 '$.titulaire')" "titulaire trimmed"
assert_eq '["orale"]' "$(med 60002283 '$.voiesAdministration')"
assert_eq '["liste I"]' "$(med 60002283 '$.conditions')"
assert_eq 30.36 "$(med 60002283 '$.presentation[0].prix')"
assert_eq 3400949497294 "$(med 60002283 '$.presentation[0].cip13')"
assert_eq integer "$(sqlite_value "$DB" "SELECT json_type(json, '$.cis')
    FROM api_medicaments WHERE cis = 60002283")" "type of cis"
assert_eq 659 "$(med 60002283 '$.generiques[0].group')"
assert_eq "Générique" "$(med 60002283 '$.generiques[0].type')"
assert_eq "comprimé et solution(s) et granules et poudre et pommade" \
    "$(med 60386663 '$.formePharmaceutique')" "formePharmaceutique trimmed"
assert_eq '[]' "$(med 60386663 '$.presentation')" "no presentations"
assert_eq '[]' "$(med 61975465 '$.voiesAdministration')" "empty voies"
assert_eq '[]' "$(med 61975465 '$.composition')" "no compositions"
assert_eq '["orale","sublinguale"]' "$(med 68285029 '$.voiesAdministration')"
assert_eq "IDÉCABTAGÈNE VICLEUCEL" "$(med 65329132 '$.composition[0].denominationSubstance')" \
    "substance trimmed"
assert_eq "Oui" "$(med 65329132 '$.surveillanceRenforcee')"
assert_eq 4417.08 "$(sqlite_value "$DB" "SELECT json_extract(json, '$.prix')
    FROM api_presentations WHERE cip13 = 3400930144213")"
assert_eq 0 "$(sqlite_value "$DB" "SELECT json_extract(json, '$.prix')
    FROM api_presentations WHERE cip13 = 3400930180556")" "prix absent -> 0"
assert_eq 3883980 "$(sqlite_value "$DB" "SELECT cip7 FROM api_presentations
    WHERE cip13 = 3400938839807")" "orphan presentation rendered"

grp() {
	sqlite_value "$DB" "SELECT json_extract(json, '$2') FROM api_generiques
	    WHERE groupe = $1"
}
assert_eq "CIMETIDINE 200 mg - TAGAMET 200 mg, comprimé pelliculé" "$(grp 1 '$.libelle')"
assert_eq '[65383183]' "$(grp 1 '$.orphanCIS')"
assert_eq 67535309 "$(grp 1 '$.medicaments[0].cis')"
assert_eq "CIMÉTIDINE" "$(grp 1 '$.medicaments[0].composition[0].substance')"
assert_eq '[67215259,69616681]' "$(grp 1809 '$.orphanCIS')"
assert_eq "Générique substituable" "$(grp 1809 '$.medicaments[0].type')"
assert_eq '[60672814]' "$(grp 243 '$.orphanCIS')" "orphans of group 243"
assert_eq '[]' "$(grp 4 '$.medicaments')" "group 4 has only orphans"

# Documents and search.
assert_sql "$DB" "data_integrity export.json.gz" \
    "SELECT group_concat(nom, ' ') FROM (SELECT nom FROM api_documents ORDER BY nom)"
integrity() {
	sqlite_value "$DB" "SELECT json_extract(CAST(contenu AS TEXT), '$.$1.count')
	    FROM api_documents WHERE nom = 'data_integrity'"
}
assert_eq 4 "$(integrity medicaments_without_conditions)" medicaments_without_conditions
assert_eq 8 "$(integrity medicaments_without_generiques)" medicaments_without_generiques
assert_eq 2 "$(integrity medicaments_without_presentations)" medicaments_without_presentations
assert_eq 1 "$(integrity medicaments_without_compositions)" medicaments_without_compositions
assert_eq 9 "$(integrity generique_only_cis)" generique_only_cis
assert_eq 1 "$(integrity presentations_with_orphaned_cis)" presentations_with_orphaned_cis
# detail=none indexes: single trigrams, ANDed, as the worker asks them.
assert_sql "$DB" 66929906 "SELECT rowid FROM recherche_medicaments
    WHERE recherche_medicaments MATCH
    '\"ace\" AND \"tyl\" AND \"sal\" AND \"icy\" AND \"que\"'"
assert_sql "$DB" "61478851 62611169" "SELECT group_concat(rowid, ' ') FROM
    (SELECT rowid FROM recherche_medicaments WHERE recherche_medicaments
    MATCH '\"ibu\" AND \"pro\" AND \"fen\" AND \"ene\"' ORDER BY rowid)"
assert_sql "$DB" 1 "SELECT count(*) FROM recherche_generiques
    WHERE recherche_generiques MATCH
    '\"cim\" AND \"eti\" AND \"din\" AND \"ine\" AND \"200\"'"
assert_sql "$DB" 2 "SELECT count(*) FROM sqlite_schema WHERE name IN
    ('recherche_medicaments', 'recherche_generiques')
    AND sql LIKE '%detail = none%'"
# Each index merged into one segment ('optimize'): every term is looked
# up once per segment.
for t in recherche_medicaments recherche_generiques recherche_substances; do
	assert_sql "$DB" 1 "SELECT count(DISTINCT segid) FROM ${t}_idx"
done
# The names the worker reads beside them, one per document, with its order;
# each trigram's count of names, as FTS5 finds them (it only chooses what
# the worker asks: a wrong one makes searches slow, not wrong).
assert_sql "$DB" "$(sqlite_value "$DB" "SELECT count(*) FROM api_medicaments")" \
    "SELECT count(*) FROM noms_medicaments"
assert_sql "$DB" "$(sqlite_value "$DB" "SELECT ligne FROM api_medicaments
    WHERE cis = 66929906")" "SELECT ordre FROM noms_medicaments
    WHERE id = 66929906"
for t in ibu ace ine 200; do
	assert_sql "$DB" "$(sqlite_value "$DB" "SELECT count(*)
	    FROM recherche_medicaments WHERE recherche_medicaments MATCH
	    '\"$t\"'")" "SELECT noms FROM trigrammes_medicaments
	    WHERE trigramme = '$t'"
done
assert_sql "$DB" "$(sqlite_value "$DB" "SELECT count(*)
    FROM recherche_generiques WHERE recherche_generiques MATCH '\"cim\"'")" \
    "SELECT noms FROM trigrammes_generiques WHERE trigramme = 'cim'"

# A second run over the same files gives the same data (same etag).
ETAG=$(sqlite_value "$DB" "SELECT value FROM meta WHERE key = 'data_etag'")
run_updater --source "$BASE/ok" --db "$DB"
assert_eq 0 "$RC" "exit status of the second run"
assert_sql "$DB" "$ETAG" "SELECT value FROM meta WHERE key = 'data_etag'"
assert_no_temp_files "$T/db"
exit 0
