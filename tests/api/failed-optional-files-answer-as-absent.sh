#!/bin/sh
# An optional file whose download fails keeps its previous rows in its
# table (meta_fichiers.statut 'previous', for sqlite3 users), but the API
# answers as if the file were absent, never with those stale rows: the
# answers are those of the raw files without it (tests/api/listes_raw.py,
# tests/api/bdpm_expect.py read an absent file as no rows).  The next run
# that downloads the files serves their rows again.  Through the worker
# as CGI (a process per request: each reads the database in place).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
mkdir -p "$T/db"
API_DB=$T/db/medicaments.db
build_db "$API_DB"
api_start --cgi

FAILED="CIS_MITM.txt CIS_HAS_SMR_bdpm.txt HAS_LiensPageCT_bdpm.txt
CIS_CIP_Dispo_Spec.txt CIS_InfoImportantes.txt"
TABLES="mitm avis_smr liens_avis_ct disponibilites informations_importantes"
mkdir -p "$T/partial"
cp "$FIXTURES"/*.txt "$T/partial/"
FAULTS=
for f in $FAILED; do
	rm "$T/partial/$f"
	FAULTS=${FAULTS:+$FAULTS,}404:$f
done

# check DIR WHAT: the answers are those of the files of DIR.
check() {
	python3 "$top_srcdir/tests/api/listes_raw.py" "$1" "$API_URL" ||
	    fail "$2: /v1/disponibilites, /v1/mitm differ from $1"
	python3 "$top_srcdir/tests/api/bdpm_expect.py" "$API_URL" "$1" ||
	    fail "$2: avis, informations differ from $1"
}

# counts: the rows of each table of $TABLES, on one line.
counts() {
	for t in $TABLES; do
		printf '%s ' "$(sqlite_value "$API_DB" "SELECT count(*) FROM $t")"
	done
}

check "$FIXTURES" "all files"
# The checkers can tell: the full data is not the data without the files.
for checker in listes_raw bdpm_expect; do
	if [ $checker = listes_raw ]; then
		set -- "$T/partial" "$API_URL"
	else
		set -- "$API_URL" "$T/partial"
	fi
	python3 "$top_srcdir/tests/api/$checker.py" "$@" 2>"$T/mutant.err" &&
	    fail "$checker.py accepts the rows of files said absent"
done
BEFORE=$(counts)
case $BEFORE in
*' 0 '* | '0 '*) fail "a fixture table is empty: $BEFORE" ;;
esac

run_updater --source "$BASE/$FAULTS" --db "$API_DB"
assert_eq 0 "$RC" "updater exit with five optional files failing"
for f in $FAILED; do
	assert_sql "$API_DB" previous \
	    "SELECT statut FROM meta_fichiers WHERE fichier = '$f'"
done
assert_eq "$BEFORE" "$(counts)" "rows kept in the tables"
check "$T/partial" "files failed"
api_get /v1/medicaments/60058620/avis
assert_status 200
json_assert 'd["smr"] == []' 'len(d["asmr"]) > 0' \
    'all(a["lienHas"] is None for a in d["asmr"])'
for path in /v1/medicaments/60002283/mitm /v1/medicaments/60058620/informations \
    /v1/medicaments/60002283/disponibilites; do
	api_get "$path"
	assert_status 200
	json_assert 'd == []'
done

# Downloaded again: served again.
run_updater --source "$BASE/ok" --db "$API_DB"
assert_eq 0 "$RC" "updater exit with every file"
assert_sql "$API_DB" 11 "SELECT count(*) FROM meta_fichiers WHERE statut = 'ok'"
check "$FIXTURES" "files back"
exit 0
