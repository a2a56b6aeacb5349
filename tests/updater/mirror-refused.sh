#!/bin/sh
# What --mirror refuses, each time leaving the database in place byte for
# byte and no temporary file, with the failure in the status file (its
# error line, the failures in a row, the source's tag of the database in
# place kept): a transfer cut short, a whole file whose end is missing,
# flipped bytes (in page headers; in an index's entries, which only
# integrity_check sees), an older database, a foreign SQLite file, an HTML error
# page (as text/html and as a file), a server error, a server that is
# down, a file over MIRROR_MAX_BYTES.  A good file after that is published.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/updater/mirror-lib.sh"
require_updater

build_source old.db
build_source good.db
build_source newer.db
start_db_server
mirror "$DB_BASE/ok/good.db"
[ "$RC" -eq 0 ] || fail "mirroring the good database: exit $RC"
SUM=$(checksum "$REPLICA")
ETAG=$(status_field source_etag)
failures=0

# refused URL NEEDLE...: the mirror run fails with one error line holding
# every NEEDLE, and changes nothing but the status.
refused() {
	_url=$1
	shift
	mirror "$_url"
	assert_failed_with "$@"
	assert_db_untouched "$REPLICA" "$SUM"
	failures=$((failures + 1))
	assert_eq '"failed"' "$(status_field result)" "result ($_url)"
	assert_eq "$failures" "$(status_field consecutive_failures)" "failures in a row ($_url)"
	assert_contains "$(status_field error)" "$1" "error recorded ($_url)"
	assert_eq '"mirror"' "$(status_field mode)" "mode ($_url)"
	assert_eq false "$(status_field unchanged)" "unchanged ($_url)"
}

size=$(stat -c %s "$SRC/newer.db")
head -c $((size / 2)) "$SRC/newer.db" >"$SRC/half.db"

# A failure from the source of the database in place keeps the source's
# tag of it: once the source serves that file again, a 304.
mv "$SRC/good.db" "$T/good.db"
cp "$SRC/half.db" "$SRC/good.db"
refused "$DB_BASE/ok/good.db" "refused" "truncated"
assert_eq "$ETAG" "$(status_field source_etag)" "source_etag after a failure"
mv "$T/good.db" "$SRC/good.db"
before=$(db_stat)
mirror "$DB_BASE/ok/good.db"
[ "$RC" -eq 0 ] || fail "304 after the failure: exit $RC"
assert_contains "$(cat "$T/stderr")" "not modified" "the run after the failure"
assert_eq true "$(status_field unchanged)" "unchanged (304)"
assert_eq "$before" "$(db_stat)" "the database after the 304"
assert_eq 0 "$(status_field consecutive_failures)" "failures in a row after a success"
failures=0

# The transfer cut short (Content-Length says more): retried, then refused.
refused "$DB_BASE/truncated/newer.db" "truncated"
assert_eq 2 "$(db_server_field counts /truncated/newer.db)" "attempts on a truncated body"

# A whole transfer of a file whose end is missing.
refused "$DB_BASE/ok/half.db" "refused" "truncated"

# Flipped bytes: the first bytes of every fifth page but the first.
cp "$SRC/newer.db" "$SRC/flipped.db"
python3 - "$SRC/flipped.db" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    data = bytearray(f.read())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), 5 * page):
        for i in range(start, start + 8):
            data[i] ^= 0x5A
    f.seek(0)
    f.write(data)
PY
refused "$DB_BASE/ok/flipped.db" "refused"

# One bit of the last byte of each page of an index: the rows' ids that
# its entries point to.  PRAGMA quick_check finds nothing wrong (it does not
# compare indexes with their tables); integrity_check does.
cp "$SRC/newer.db" "$SRC/index.db"
pages=$(sqlite_value "$SRC/index.db" "SELECT pageno FROM dbstat WHERE name = 'presentations_cis'")
[ -n "$pages" ] || fail "no page of the index presentations_cis"
python3 - "$SRC/index.db" $pages <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    data = bytearray(f.read())
    page = int.from_bytes(data[16:18], "big")
    for n in sys.argv[2:]:
        data[int(n) * page - 1] ^= 0x01
    f.seek(0)
    f.write(data)
PY
assert_eq ok "$(sqlite_value "$SRC/index.db" 'PRAGMA quick_check')" "quick_check of the damaged index"
refused "$DB_BASE/ok/index.db" "refused" "integrity check" "presentations_cis"

# An older database.
refused "$DB_BASE/ok/old.db" "refused" "older than the database in place"

# A foreign SQLite file.
sqlite3 "$SRC/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES(1);"
refused "$DB_BASE/ok/foreign.db" "refused" "schema version 0"
# The right version, not ours.
sqlite3 "$SRC/version.db" "CREATE TABLE t(x); PRAGMA user_version = $(sqlite_value "$REPLICA" 'PRAGMA user_version')"
refused "$DB_BASE/ok/version.db" "refused" "not a medicaments database"

# An HTML error page: said to be one, and said to be the file.
refused "$DB_BASE/html/newer.db" "HTML page"
printf '<!DOCTYPE html>\n<html><body>Bad Gateway</body></html>\n' >"$SRC/page.db"
refused "$DB_BASE/ok/page.db" "refused" "not an SQLite database"

# A server error, retried, then refused.
refused "$DB_BASE/500/newer.db" "HTTP 500"

# A server that is down.
down=$(free_port)
refused "http://127.0.0.1:$down/v1/database" "127.0.0.1:$down"

# Over the size limit.
MIRROR_MAX_BYTES=4096 mirror "$DB_BASE/ok/newer.db"
assert_failed_with "MIRROR_MAX_BYTES"
assert_db_untouched "$REPLICA" "$SUM"
failures=$((failures + 1))

# A good newer file is published.
mirror "$DB_BASE/ok/newer.db"
[ "$RC" -eq 0 ] || fail "the newer database: exit $RC"
assert_eq "$(checksum "$SRC/newer.db")" "$(checksum "$REPLICA")" "the newer file"
