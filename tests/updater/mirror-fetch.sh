#!/bin/sh
# --mirror URL fetches a database another instance published: a first run
# publishes it byte for byte; a second run sends If-None-Match (the data's
# weak tag and the server's strong one) and a 304 changes nothing; a newer
# database on the server is published; the same file again (no ETag
# support on the way) is recognised and not republished.  The status file
# says mode, source (without its secrets), unchanged.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/updater/mirror-lib.sh"
require_updater

build_source first.db
start_db_server

# First run: no database in place, no If-None-Match.
mirror "$DB_BASE/ok/first.db?signature=secret"
[ "$RC" -eq 0 ] || fail "first mirror run: exit $RC"
assert_eq "$(checksum "$SRC/first.db")" "$(checksum "$REPLICA")" "the mirrored file"
assert_no_temp_files "$T/replica"
assert_eq "" "$(db_server_field if_none_match /ok/first.db)" "first If-None-Match"
assert_eq '"ok"' "$(status_field result)" "result"
assert_eq '"mirror"' "$(status_field mode)" "mode"
assert_eq "\"$DB_BASE/ok/first.db\"" "$(status_field source)" "source, without its query"
assert_eq false "$(status_field unchanged)" "unchanged after a new file"
etag=$(status_field source_etag)
assert_ne null "$etag" "source_etag"
"$UPDATER" --check --db "$REPLICA" >/dev/null 2>&1 || fail "--check refuses the mirrored database"

# Second run: 304, the file in place untouched (same inode).
before=$(db_stat)
mirror "$DB_BASE/ok/first.db?signature=secret"
[ "$RC" -eq 0 ] || fail "304 run: exit $RC"
data_etag=$(sqlite_value "$REPLICA" "SELECT value FROM meta WHERE key = 'data_etag'")
inm=$(db_server_field if_none_match /ok/first.db)
assert_contains "$inm" "W/\"$data_etag\"" "If-None-Match (the data's tag)"
assert_contains "$inm" "$(printf '%s' "$etag" | tr -d '\\' | sed 's/^"//; s/"$//')" \
    "If-None-Match (the server's tag)"
assert_eq "$before" "$(db_stat)" "the database after a 304"
assert_eq true "$(status_field unchanged)" "unchanged after a 304"
assert_eq '"ok"' "$(status_field result)" "result after a 304"
assert_eq "$etag" "$(status_field source_etag)" "source_etag kept after a 304"
assert_contains "$(cat "$T/stderr")" "not modified" "the run's log"

# A newer database on the server: published.
build_source second.db
mirror "$DB_BASE/ok/second.db"
[ "$RC" -eq 0 ] || fail "newer database: exit $RC"
assert_eq "$(checksum "$SRC/second.db")" "$(checksum "$REPLICA")" "the newer file"
assert_eq false "$(status_field unchanged)" "unchanged after a newer file"
assert_no_temp_files "$T/replica"

# The same file from a source whose tags the status does not hold (another
# URL): downloaded, recognised by its meta, not republished.
cp "$SRC/second.db" "$SRC/copy.db"
before=$(db_stat)
mirror "$DB_BASE/ok/copy.db"
[ "$RC" -eq 0 ] || fail "same file: exit $RC"
assert_eq "$before" "$(db_stat)" "the database after the same file"
assert_eq true "$(status_field unchanged)" "unchanged after the same file"
assert_contains "$(cat "$T/stderr")" "the same database" "the run's log"

# User information stays out of the status file too.
host=${DB_BASE#http://}
mirror "http://user:secret@$host/ok/second.db"
[ "$RC" -eq 0 ] || fail "a URL with user information: exit $RC"
assert_eq "\"$DB_BASE/ok/second.db\"" "$(status_field source)" "source, without its user information"
assert_not_contains "$(cat "$T/stderr")" "secret" "the run's log"
# ...and out of the retries' lines and the error line.
mirror "http://user:secret@$host/500/second.db?signature=secret"
assert_failed_with "HTTP 500"
assert_contains "$(cat "$T/stderr")" "retrying" "the run's log"
assert_not_contains "$(cat "$T/stderr")" "secret" "the failed run's log"
assert_not_contains "$(cat "$REPLICA_STATUS")" "secret" "the status file"

# file:// works too (a shared volume).
rm -f "$REPLICA" "$REPLICA_STATUS"
mirror "file://$SRC/first.db"
[ "$RC" -eq 0 ] || fail "file:// mirror: exit $RC"
assert_eq "$(checksum "$SRC/first.db")" "$(checksum "$REPLICA")" "the file:// copy"
