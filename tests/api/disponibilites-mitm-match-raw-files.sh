#!/bin/sh
# /v1/disponibilites, /v1/mitm and /v1/medicaments/{cis}/disponibilites and
# /mitm answer what the raw fixture files say (tests/api/listes_raw.py
# reads them itself, never the database): every page of every filter, every
# CIS, 404 and 400 where due.  Then a database whose CIS_CIP_Dispo_Spec and
# CIS_MITM downloads failed, without a previous one: empty lists, [] for a
# medicament.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

python3 "$top_srcdir/tests/api/listes_raw.py" "$FIXTURES" "$API_URL" ||
    fail "answers differ from the fixture files"
api_stop

# The same checks against a directory without those two files.
mkdir -p "$T/partial"
for f in "$FIXTURES"/*.txt; do
	case ${f##*/} in
	CIS_CIP_Dispo_Spec.txt | CIS_MITM.txt) ;;
	*) cp "$f" "$T/partial/" ;;
	esac
done
start_server
rm -f "$API_DB"
run_updater --source "$BASE/404:CIS_CIP_Dispo_Spec.txt,404:CIS_MITM.txt" \
    --db "$API_DB"
[ "$RC" -eq 0 ] || fail "updater exit $RC with two optional files failing"
assert_sql "$API_DB" "missing missing" "SELECT group_concat(statut, ' ')
    FROM meta_fichiers WHERE fichier IN ('CIS_CIP_Dispo_Spec.txt', 'CIS_MITM.txt')"
api_start
python3 "$top_srcdir/tests/api/listes_raw.py" "$T/partial" "$API_URL" ||
    fail "answers without the files are not empty lists"
exit 0
