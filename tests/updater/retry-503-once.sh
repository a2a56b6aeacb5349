#!/bin/sh
# A 503 (with Retry-After: 1) is retried after the back-off and the update
# succeeds.  Also: the source and the database come from BDPM_BASE_URL and
# DB_PATH when no option is given.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
start_server

DB=$T/db/medicaments.db
mkdir -p "$T/db"
RC=0
BDPM_BASE_URL=$BASE/503once:CIS_bdpm.txt DB_PATH=$DB "$UPDATER" \
    >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_eq 0 "$RC" "exit status"
assert_eq 2 "$(server_count /503once:CIS_bdpm.txt/CIS_bdpm.txt)" \
    "requests for CIS_bdpm.txt (503, then 200)"
assert_eq 1 "$(server_count /503once:CIS_bdpm.txt/CIS_CIP_bdpm.txt)" \
    "requests for CIS_CIP_bdpm.txt"
assert_sql "$DB" 16 "SELECT count(*) FROM medicaments"
assert_sql "$DB" ok "SELECT statut FROM meta_fichiers WHERE fichier = 'CIS_bdpm.txt'"
assert_sql "$DB" "$BASE/503once:CIS_bdpm.txt" \
    "SELECT value FROM meta WHERE key = 'source_url'"
assert_no_temp_files "$T/db"
exit 0
