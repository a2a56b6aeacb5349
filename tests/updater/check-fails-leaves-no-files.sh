#!/bin/sh
# The new database's compressed forms and export files are written while it
# is checked (updater/build.c, publish_prepare): when the check fails, none
# of them is left beside the versions, nothing is published, and the
# database in place keeps its own files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
VERSIONS=$DB.versions
mkdir -p "$T/db"
build_db "$DB"
SUM=$(checksum "$DB")
BEFORE=$(ls -A "$VERSIONS")
INO=$(ls -i "$DB" | awk '{print $1}')
for f in "$INO.db" "$INO.db.zst" "$INO.db.gz" "$INO.export.json" \
    "$INO.export.json.gz"; do
	[ -f "$VERSIONS/$f" ] || fail "the first build left no $f"
done

MEDICAMENTS_UPDATER_FAULT=check run_updater --source "$BASE/ok" --db "$DB"
assert_failed_with "check failed" "injected"
assert_db_untouched "$DB" "$SUM"
assert_no_temp_files "$VERSIONS"
assert_eq "$BEFORE" "$(ls -A "$VERSIONS")" "the files beside the versions"

# The next update publishes, with its files.
run_updater --source "$BASE/ok" --db "$DB"
assert_eq 0 "$RC" "exit status without the fault"
INO=$(ls -i "$DB" | awk '{print $1}')
for f in "$INO.db" "$INO.db.zst" "$INO.db.gz" "$INO.export.json" \
    "$INO.export.json.gz"; do
	[ -f "$VERSIONS/$f" ] || fail "no $f after the update"
done
exit 0
