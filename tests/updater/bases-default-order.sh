#!/bin/sh
# Without BDPM_BASE_URL the updater tries the BDPM site's downloads where
# they are since 2026-03-06 (/index.php/download/file), then their former
# path (/download/file), for each file: --help says so, and a run shows it
# (through a proxy on a closed local port: nothing leaves the machine, every
# base fails, and the database in place stays as it was).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
NEW=https://base-donnees-publique.medicaments.gouv.fr/index.php/download/file
OLD=https://base-donnees-publique.medicaments.gouv.fr/download/file

run_updater --help
assert_eq 0 "$RC" "--help"
help=$(cat "$T/stdout")
assert_contains "$help" "$NEW
                $OLD" "--help's default bases, in order"

# .env.example, the reference of the variables, shows the same default.
grep -qx "BDPM_BASE_URL=$NEW $OLD" "$top_srcdir/.env.example" ||
    fail ".env.example: no line BDPM_BASE_URL=$NEW $OLD"

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
sum=$(checksum "$DB")
proxy=http://127.0.0.1:$(free_port)
RC=0
env https_proxy="$proxy" HTTPS_PROXY="$proxy" all_proxy="$proxy" \
    ALL_PROXY="$proxy" DOWNLOAD_EXTRA_CA_FILE= "$UPDATER" --db "$DB" \
    >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_failed_with CIS_bdpm.txt "every base failed" "on 2 bases"
assert_db_untouched "$DB" "$sum"
assert_contains "$(grep 'trying the next base' "$T/stderr")" \
    "$NEW/CIS_bdpm.txt: " "the first base tried"
assert_contains "$(grep 'trying the next base' "$T/stderr")" \
    "; trying the next base: $OLD/CIS_bdpm.txt" "the second base tried"
assert_eq 11 "$(grep -c 'trying the next base' "$T/stderr")" "fallback warnings"
exit 0
