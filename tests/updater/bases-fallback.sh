#!/bin/sh
# BDPM_BASE_URL lists several bases, tried in order for each file.  A
# server laid out like the BDPM site before 2026-03-06 (the files under
# /download/file, a 404 under /index.php/download/file): every file comes
# from the second base, each fallback a warning naming the file, the base
# that failed and why, and meta_fichiers and the status file name the base
# that served each file.  An HTML page (200) for one file on the first base:
# that file alone from the second.  Every base failing: the update fails
# and the database in place stays as it was.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
require_cmd python3
start_server "$FIXTURES" --alias /download/file=ok \
    --alias /b/index.php/download/file=html:CIS_COMPO_bdpm.txt \
    --alias /b/download/file=ok
DB=$T/db/medicaments.db
STATUS=$DB.last-update.json
mkdir -p "$T/db"
FILES="CIS_bdpm.txt CIS_CIP_bdpm.txt CIS_COMPO_bdpm.txt CIS_HAS_SMR_bdpm.txt
CIS_HAS_ASMR_bdpm.txt HAS_LiensPageCT_bdpm.txt CIS_GENER_bdpm.txt
CIS_CPD_bdpm.txt CIS_InfoImportantes.txt CIS_CIP_Dispo_Spec.txt CIS_MITM.txt"

# status_base FILE: the base the status file says served FILE, or "absent".
status_base() {
	python3 - "$STATUS" "$1" <<'EOF' || fail "$STATUS is not the status JSON"
import json, sys
print(json.load(open(sys.argv[1], encoding="utf-8"))["file_bases"].get(sys.argv[2], "absent"))
EOF
}

# 1. The new path answers 404: every file from the old one, at once (a 404
# is not retried), with a warning each.
NEW=$BASE/index.php/download/file
OLD=$BASE/download/file
BDPM_BASE_URL="$NEW $OLD" run_updater --db "$DB"
[ "$RC" -eq 0 ] || fail "the update failed with a good second base: exit $RC"
assert_sql "$DB" 11 "SELECT count(*) FROM meta_fichiers WHERE statut = 'ok'"
assert_sql "$DB" "$NEW $OLD" "SELECT value FROM meta WHERE key = 'source_url'"
for f in $FILES; do
	assert_sql "$DB" "$OLD|$OLD/$f" \
	    "SELECT base_url || '|' || url FROM meta_fichiers WHERE fichier = '$f'"
	assert_eq "$OLD" "$(status_base "$f")" "status file's base of $f"
	assert_eq 1 "$(server_count "/index.php/download/file/$f")" "requests for $f on the first base"
	assert_contains "$(grep "warn" "$T/stderr")" \
	    "$NEW/$f: HTTP 404; trying the next base: $OLD/$f" "the fallback's warning for $f"
done
assert_eq 11 "$(grep -c 'trying the next base' "$T/stderr")" "fallback warnings"
assert_sql "$DB" 0 "SELECT count(*) FROM v_import WHERE base_url IS NULL"

# 2. An HTML page for one file on the first base: that file from the
# second, the others from the first.
BDPM_BASE_URL="$BASE/b/index.php/download/file $BASE/b/download/file" \
    run_updater --db "$DB"
[ "$RC" -eq 0 ] || fail "the update failed after an HTML page: exit $RC"
for f in $FILES; do
	case $f in
	CIS_COMPO_bdpm.txt) want=$BASE/b/download/file ;;
	*) want=$BASE/b/index.php/download/file ;;
	esac
	assert_sql "$DB" "$want" "SELECT base_url FROM meta_fichiers WHERE fichier = '$f'"
	assert_eq "$want" "$(status_base "$f")" "status file's base of $f"
done
assert_eq 1 "$(grep -c 'trying the next base' "$T/stderr")" "fallback warnings"
assert_contains "$(grep 'trying the next base' "$T/stderr")" \
    "$BASE/b/index.php/download/file/CIS_COMPO_bdpm.txt: HTML page instead of TSV" \
    "the fallback's warning"
assert_sql "$DB" 11 "SELECT count(*) FROM meta_fichiers WHERE statut = 'ok'"

# 3. No base serves the files: nothing published, the failure recorded.
sum=$(checksum "$DB")
BDPM_BASE_URL="$NEW $BASE/gone/download/file" run_updater --db "$DB"
assert_failed_with CIS_bdpm.txt "HTTP 404" "every base failed"
assert_db_untouched "$DB" "$sum"
python3 - "$STATUS" <<'EOF' || fail "the status file after every base failed: $(cat "$STATUS")"
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["result"] == "failed", s
assert s["file_bases"] == {}, s
EOF
exit 0
