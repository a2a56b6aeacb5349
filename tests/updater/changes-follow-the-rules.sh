#!/bin/sh
# The change feed's rules (doc/changes.md), on the fixtures edited between
# builds: shortages started, updated, ended (gone, or code 4), MITM in and
# out, a holder renamed, a presentation's price, a CIS added and one
# removed; nothing for the first build, a republication or a failed
# optional file; the history carried forward, ids growing, and
# CHANGES_RETENTION_DAYS.  tests/changes/ checks the same against the
# 2022 dump through the API.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

SRC=$T/bdpm
cp -R "$FIXTURES" "$SRC"
chmod -R u+w "$SRC"
start_server "$SRC"
DB=$T/db/medicaments.db
mkdir -p "$T/db"

# edit FILE PYTHON: runs PYTHON on FILE's lines (bytes, its encoding and
# line ends kept): `lines` is the list, `cols(i)` and `put(i, c)` split and
# join line i's fields.
edit() {
	python3 - "$SRC/$1" "$2" <<'EOF'
import sys
path, code = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
nl = b"\r\n" if b"\r\n" in data else b"\n"
lines = data.split(nl)
tail = lines.pop() if lines[-1] == b"" else None
def find(cis):
    return next(i for i, l in enumerate(lines) if l.split(b"\t")[0] == cis)
def cols(i):
    return lines[i].split(b"\t")
def put(i, c):
    lines[i] = b"\t".join(c)
exec(code)
open(path, "wb").write(nl.join(lines + ([tail] if tail is not None else [])))
EOF
}

# items: one line per change of the last publication, "cis|groupe change
# types...", in feed order.
items() {
	sqlite3 "$DB" "SELECT coalesce(cis, 'groupe ' || groupe) || ' ' ||
	    changement || ' ' || (SELECT group_concat(value, ',') FROM
	    json_each(changes.json, '\$.types')) FROM changes WHERE publication =
	    (SELECT max(id) FROM publications) ORDER BY id"
}

# The first build records nothing.
build_db "$DB"
assert_sql "$DB" "0 0" "SELECT (SELECT count(*) FROM publications) || ' ' ||
    (SELECT count(*) FROM changes)"

# Publication 1.
edit CIS_CIP_Dispo_Spec.txt '
del lines[find(b"62611169")]                    # ended: gone
c = cols(find(b"61478851")); c[2] = b"4"; c[6] = b"01/03/2026"
put(find(b"61478851"), c)                       # ended: code 4
c = cols(find(b"69504052")); c[5] = b"01/03/2026"
put(find(b"69504052"), c)                       # updated
lines.append(b"65329132\t\t1\tRupture de stock\t02/03/2026\t02/03/2026\t\thttps://ansm.sante.fr/x")
'
edit CIS_MITM.txt '
del lines[find(b"62303214")]
lines.append(b"60386663\tV03AX\tABELMOSCHUS BOIRON\thttps://base-donnees-publique.medicaments.gouv.fr/extrait.php?specid=60386663")
'
edit CIS_bdpm.txt '
c = cols(find(b"66929906")); c[10] = b" NOUVEAU TITULAIRE"; put(find(b"66929906"), c)
new = cols(find(b"60058620")); new[0] = b"69999999"; lines.append(b"\t".join(new))
del lines[find(b"65504674")]
'
run_updater --source "$BASE/ok" --db "$DB" --force
assert_eq 0 "$RC" "exit status of publication 1: $(cat "$T/stderr")"
assert_eq "60386663 modified mitmIn
61478851 modified shortageEnded
62303214 modified mitmOut
62611169 modified shortageEnded
65329132 modified shortageStarted
65504674 removed removed
66929906 modified fields
69504052 modified shortageUpdated
69999999 added added" "$(items)" "publication 1's items"
assert_sql "$DB" '{"titulaire":{"before":"EG LABO - LABORATOIRES EUROGENERICS","after":"NOUVEAU TITULAIRE"}}' \
    "SELECT json_extract(json, '\$.fields') FROM changes WHERE cis = 66929906"
assert_sql "$DB" "ended 2 4 2026-03-01" \
    "SELECT json_extract(json, '\$.shortages[0].change') || ' ' ||
    json_extract(json, '\$.shortages[0].before.codeStatut') || ' ' ||
    json_extract(json, '\$.shortages[0].after.codeStatut') || ' ' ||
    json_extract(json, '\$.shortages[0].after.dateRemiseDisposition')
    FROM changes WHERE cis = 61478851"
assert_sql "$DB" "1 null" \
    "SELECT json_extract(json, '\$.shortages[0].after.codeStatut') || ' ' ||
    json_type(json, '\$.shortages[0].before') FROM changes WHERE cis = 65329132"
assert_sql "$DB" "1 1 1 7 0 0 9" "SELECT id || ' ' || ajouts || ' ' || retraits ||
    ' ' || modifications || ' ' || groupes_ajoutes || ' ' || groupes_retires ||
    ' ' || json_extract(json, '\$.changes') FROM publications"
assert_sql "$DB" 1 "SELECT publiee_epoch = (SELECT value FROM meta
    WHERE key = 'last_update_epoch') AND publiee_le = (SELECT value FROM meta
    WHERE key = 'last_update') AND data_etag = (SELECT value FROM meta
    WHERE key = 'data_etag') FROM publications"

# A republication of the same files records nothing, and keeps the history.
run_updater --source "$BASE/ok" --db "$DB"
assert_eq 0 "$RC" "exit status of the republication"
assert_sql "$DB" "1 9" "SELECT (SELECT count(*) FROM publications) || ' ' ||
    (SELECT count(*) FROM changes)"

# Publication 2: a price, while CIS_MITM.txt fails: its rows are kept from
# the database in place, not taken for "every MITM out".
edit CIS_CIP_bdpm.txt '
c = cols(0); c[9] = b"1,23"; put(0, c)
'
edit CIS_MITM.txt 'del lines[1:]'
run_updater --source "$BASE/404:CIS_MITM.txt" --db "$DB"
assert_eq 0 "$RC" "exit status of publication 2"
cis=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().split(b"\t")[0].decode())' "$SRC/CIS_CIP_bdpm.txt")
assert_eq "$cis modified prices" "$(items)" "publication 2's items"
assert_sql "$DB" "2 10" "SELECT max(id) || ' ' || (SELECT max(id) FROM changes)
    FROM publications"

# CHANGES_RETENTION_DAYS=0 keeps only what this build records; ids go on.
edit CIS_bdpm.txt '
c = cols(find(b"66929906")); c[10] = b" AUTRE TITULAIRE"; put(find(b"66929906"), c)
'
CHANGES_RETENTION_DAYS=0 run_updater --source "$BASE/404:CIS_MITM.txt" --db "$DB"
assert_eq 0 "$RC" "exit status of publication 3"
assert_sql "$DB" "3 11 11" "SELECT group_concat(id) || ' ' ||
    (SELECT min(id) FROM changes) || ' ' || (SELECT max(id) FROM changes)
    FROM publications"
CHANGES_RETENTION_DAYS=x run_updater --source "$BASE/ok" --db "$DB"
assert_failed_with "CHANGES_RETENTION_DAYS=x" "0 to 36500"
