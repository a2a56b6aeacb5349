#!/bin/sh
# When the new database cannot be written (file size limit: writes fail with
# EFBIG, as on a full disk), the update fails with one error line and the
# database in place stays untouched, with no temporary file left.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
SUM=$(checksum "$DB")

# 64 blocks (32 or 64 KiB depending on the shell) is far less than the new
# database needs.  SIGXFSZ is ignored here, as the updater does itself, so
# that a write fails with EFBIG instead of killing the process.
RC=0
(
	trap '' XFSZ
	ulimit -f 64
	exec "$UPDATER" --source "$BASE/ok" --db "$DB"
) >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_failed_with
assert_db_untouched "$DB" "$SUM"

# Room again: the update goes through.
run_updater --source "$BASE/ok" --db "$DB"
assert_eq 0 "$RC" "exit status without the limit"
assert_no_temp_files "$T/db"
exit 0
