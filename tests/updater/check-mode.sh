#!/bin/sh
# --check prints a summary of a good database and exits 0, without changing
# it; it exits non-zero on a corrupt file, a broken JSON document, or no
# database at all.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

DB=$T/db/medicaments.db
mkdir -p "$T/db"
build_db "$DB"
SUM=$(checksum "$DB")

run_updater --check --db "$DB"
assert_eq 0 "$RC" "exit status of --check on a good database"
[ -s "$T/stdout" ] || fail "--check printed no summary"
assert_contains "$(cat "$T/stdout")" 16 "summary (16 medicaments)"
assert_db_untouched "$DB" "$SUM"

# DB_PATH works as --db does.
RC=0
DB_PATH=$DB "$UPDATER" --check >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_eq 0 "$RC" "exit status of --check with DB_PATH"

# A JSON document that does not parse.
cp "$DB" "$T/json.db"
sqlite3 "$T/json.db" "UPDATE api_medicaments SET json = '{\"cis\": 60002283,' WHERE cis = 60002283"
run_updater --check --db "$T/json.db"
assert_ne 0 "$RC" "exit status of --check on a broken JSON document"
[ -s "$T/stderr" ] || fail "--check said nothing about the broken document"

# A list whose ranks are no longer in its filter's order (a page of one
# statut would be a wrong range), and one that lost a row.
cp "$DB" "$T/order.db"
sqlite3 "$T/order.db" "UPDATE api_disponibilites SET code_statut = 9 WHERE rang = 1"
run_updater --check --db "$T/order.db"
assert_ne 0 "$RC" "exit status of --check on shortages out of order"
assert_contains "$(cat "$T/stderr")" api_disponibilites "stderr"
cp "$DB" "$T/lost.db"
sqlite3 "$T/lost.db" "DELETE FROM api_mitm WHERE rang = (SELECT max(rang) FROM api_mitm)"
run_updater --check --db "$T/lost.db"
assert_ne 0 "$RC" "exit status of --check on a MITM list that lost a row"
assert_contains "$(cat "$T/stderr")" api_mitm "stderr"

# A damaged file: garbage over the second half of it.
cp "$DB" "$T/corrupt.db"
SIZE=$(wc -c <"$T/corrupt.db")
head -c $((SIZE / 2)) /dev/zero | tr '\0' 'x' |
    dd of="$T/corrupt.db" bs=1 seek=$((SIZE / 4)) conv=notrunc 2>/dev/null
run_updater --check --db "$T/corrupt.db"
assert_ne 0 "$RC" "exit status of --check on a damaged file"
[ "$RC" -lt 128 ] || fail "--check died of signal $((RC - 128))"

# No database.
run_updater --check --db "$T/none.db"
assert_ne 0 "$RC" "exit status of --check without a database"
[ ! -e "$T/none.db" ] || fail "--check created $T/none.db"
exit 0
