#!/bin/sh
# The change feed (issue 25) follows successive dumps generated from the
# 2022 one (tests/changes/make_dumps.py: CIS removed and added, a holder
# renamed, a price, a commercialisation state, a composition, shortages
# started, updated and ended, MITM in and out, generic groups added and
# removed, an optional file failing once, republications, a file in
# another encoding).  The updater
# runs over each dump in turn on one --db; after each run the history, in
# the database and through /v1/changes (CGI mode, every page) and
# /v1/publications, is what tests/changes/expected_changes.py computes from
# the raw files.  Also: nothing is recorded at the first publication nor at
# a republication; the failed file is not "everything removed"; a removed
# CIS answers its history; the filters; CHANGES_RETENTION_DAYS=0 drops the
# older publications; a mirror carries the history.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
[ -f "$BDPM_DUMP/CIS_bdpm.txt" ] || skip "no 2022 dump in $BDPM_DUMP"
unset CHANGES_RETENTION_DAYS || true

CH=$top_srcdir/tests/changes
DUMPS=$T/dumps
python3 "$CH/make_dumps.py" "$BDPM_DUMP" "$DUMPS" 2>"$T/stderr" ||
    fail "make_dumps.py"
# manifest FIELD DUMP: a member of the manifest's dump number DUMP.
manifest() {
	python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))["dumps"][int(sys.argv[3])]
v = m
for k in sys.argv[2].split("."):
    v = v.get(k, "") if isinstance(v, dict) else v[int(k)]
print(" ".join(map(str, v)) if isinstance(v, list) else v)' \
	    "$DUMPS/manifest.json" "$1" "$2"
}

mkdir -p "$T/db" "$T/expected"
API_DB=$T/db/medicaments.db
api_start --cgi

# check_history: the database's history and the API's are what
# expected_changes.py said of each publication that recorded something.
RECORDED=
check_history() {
	# shellcheck disable=SC2086
	python3 "$CH/compare_feed.py" --db "$API_DB" $RECORDED ||
	    fail "after $1: the database's history differs from the raw files'"
	# shellcheck disable=SC2086
	python3 "$CH/compare_feed.py" --url "$API_URL" $RECORDED ||
	    fail "after $1: /v1/changes and /v1/publications differ from the raw files'"
}

# publications: how many the database holds.
publications() {
	sqlite_value "$API_DB" "SELECT count(*) FROM publications"
}

# step N [SOURCE]: the updater over dump dN (file:// unless SOURCE says),
# then the expected changes of dN against d0..dN-1, then the comparison.
CHAIN=
step() {
	_n=$1
	CHAIN="$CHAIN $DUMPS/d$_n"
	log "d$_n: $(manifest what "$_n")"
	sleep 1	# publications a second apart at least (since= filters)
	run_updater --source "${2:-file://$DUMPS/d$_n}" --db "$API_DB"
	[ "$RC" -eq 0 ] || fail "the updater over d$_n: exit $RC"
	# shellcheck disable=SC2086
	python3 "$CH/expected_changes.py" $CHAIN >"$T/expected/d$_n.json" ||
	    fail "expected_changes.py over d$_n"
	if python3 -c 'import json, sys
sys.exit(0 if json.load(open(sys.argv[1]))["record"] else 1)' "$T/expected/d$_n.json"; then
		RECORDED="$RECORDED $T/expected/d$_n.json"
	fi
	check_history "d$_n"
}

# d0: the first publication records nothing.
step 0
assert_eq 0 "$(publications)" "publications after the first publication"
api_get /v1/publications
assert_status 200
json_assert 'd == []'
api_get "/v1/changes?page=1"
assert_status 200
json_assert 'd["data"] == [] and d["totalItems"] == 0'

# d1: the same files again.
step 1
assert_eq 0 "$(publications)" "publications after a republication of d0"

step 2
assert_eq 1 "$(publications)" "publications after d2"
step 3
assert_eq 2 "$(publications)" "publications after d3"

# d4: CIS_HAS_SMR_bdpm.txt fails (404 from the local server): kept rows,
# no "everything removed".
failed=$(manifest failed 4)
assert_eq CIS_HAS_SMR_bdpm.txt "$failed" "the failing file of d4"
start_server "$DUMPS/d4"
step 4 "$BASE/404:$failed"
assert_sql "$API_DB" previous "SELECT statut FROM meta_fichiers WHERE fichier = '$failed'"
assert_eq 3 "$(publications)" "publications after d4"
assert_sql "$API_DB" 0 "SELECT count(*) FROM changes
    WHERE publication = 3 AND changement = 'removed'"
assert_sql "$API_DB" 0 "SELECT retraits FROM publications WHERE id = 3"
# ...its rows are d3's, all of them.
assert_sql "$API_DB" "$(grep -c . "$DUMPS/d3/$failed")" "SELECT count(*) FROM avis_smr"
kill "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
untrack_pid "$SERVER_PID"

# d5: the file back, compared with the rows kept since d3.
step 5
assert_eq 4 "$(publications)" "publications after d5"
assert_sql "$API_DB" ok "SELECT statut FROM meta_fichiers WHERE fichier = '$failed'"
# The data tag of the last publication (d7's differs: other bytes).
etag=$(sqlite_value "$API_DB" "SELECT value FROM meta WHERE key = 'data_etag'")
# d6: a republication of d5.
step 6
assert_eq 4 "$(publications)" "publications after a republication of d5"
# d7: the same rows in other bytes (CIS_bdpm.txt in UTF-8, LF).
step 7
assert_eq 4 "$(publications)" "publications after d5's rows in other bytes"

# A removed CIS still answers its history; a CIS with none answers [].
removed=$(manifest touched.removed 2 | cut -d ' ' -f 1)
api_get "/v1/medicaments/$removed/changes"
assert_status 200
json_assert "len(d) == 1 and d[0]['cis'] == $removed and d[0]['change'] == 'removed'" \
    "d[0]['types'] == ['removed'] and d[0]['publication'] == 1"
# Newest first: the shortage updated at d3, ended at d5.  The optional
# files first loaded at d2 recorded nothing: their rows are not "every
# shortage started, every CIS in MITM, every information new".
sb=$(manifest touched.shortageUpdated 3)
api_get "/v1/medicaments/$sb/changes"
assert_status 200
json_assert "[i['publication'] for i in d] == [4, 2]" \
    "[i['types'] for i in d] == [['shortageEnded'], ['shortageUpdated']]"
assert_eq 0 "$(sqlite_value "$API_DB" "SELECT count(*) FROM changes
    WHERE publication = 1 AND types & (1024 | 2048 | 4096 | 8192 | 16384 | 32768) <> 0")" \
    "shortage, MITM or information items recorded when their files first came"
untouched=$(sqlite_value "$API_DB" "SELECT min(cis) FROM medicaments
    WHERE cis NOT IN (SELECT cis FROM changes WHERE cis IS NOT NULL)")
api_get "/v1/medicaments/$untouched/changes"
assert_status 200
json_assert 'd == []'
api_error /v1/medicaments/69999999/changes 404 "Medicament not found"

# /v1/publications: newest first, each with its counts and data tags.
api_get /v1/publications
assert_status 200
json_assert "[p['publication'] for p in d] == [4, 3, 2, 1]" \
    "d[0]['dataEtag'] == '$etag'" \
    "all(d[i]['previousDataEtag'] == d[i + 1]['dataEtag'] for i in range(3))" \
    "d[3]['added'] == 1 and d[3]['removed'] == 2" \
    "d[2]['groupsAdded'] == 1 and d[2]['groupsRemoved'] == 1"

# Filters: a type, a change, since.  expected TEST: the keys (cis or
# group id) of the expected items, oldest first, where the Python
# expression TEST holds of the item i.
expected() {
	# shellcheck disable=SC2086
	python3 - "$1" $RECORDED <<'EOF'
import json, sys
keys = []
for p in sys.argv[2:]:
    for i in json.load(open(p, encoding="utf-8"))["items"]:
        if eval(sys.argv[1], {"i": i}):
            keys.append(i["cis"] if i["cis"] is not None else i["groupe"]["id"])
print(keys)
EOF
}
# got_keys: the same of the last page answered.
got_keys='[i["cis"] if i["cis"] is not None else i["groupe"]["id"] for i in d["data"]]'
want=$(expected "'shortageStarted' in i['types']")
api_get "/v1/changes?type=shortageStarted&page=1&pageSize=50"
assert_status 200
json_assert "$got_keys == $want" "d['totalItems'] == len($want)"
sc=$(manifest touched.shortageStarted 3)
json_assert "$sc in $got_keys"
want=$(expected "set(i['types']) & {'shortageStarted', 'shortageUpdated', 'shortageEnded', 'mitmIn', 'mitmOut'}")
api_get "/v1/changes?type=shortages,mitm&page=1&pageSize=50"
assert_status 200
json_assert "$got_keys == $want" "d['totalItems'] == len($want)"
want=$(expected "i['change'] == 'removed'")
api_get "/v1/changes?change=removed&page=1&pageSize=50"
assert_status 200
json_assert "$got_keys == $want" "len($want) == 3"
since=$(sqlite_value "$API_DB" "SELECT publiee_le FROM publications WHERE id = 3")
api_get "/v1/changes?since=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$since")&page=1&pageSize=50"
assert_status 200
json_assert "d['totalItems'] == 2 and all(i['publication'] == 4 for i in d['data'])"
# The same instant in UTC, with Z.
since=$(sqlite_value "$API_DB" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', publiee_epoch, 'unixepoch')
    FROM publications WHERE id = 3")
api_get "/v1/changes?since=$since&page=1&pageSize=50"
assert_status 200
json_assert "d['totalItems'] == 2 and all(i['publication'] == 4 for i in d['data'])"
api_error "/v1/changes?since=yesterday" 400 "Invalid since"
api_error "/v1/changes?type=nothing" 400 "Invalid type: nothing"
api_error "/v1/changes?change=changed" 400 "Invalid change"

# A mirror carries the history.
mkdir -p "$T/replica"
run_updater --mirror "file://$API_DB" --db "$T/replica/medicaments.db"
[ "$RC" -eq 0 ] || fail "the mirror of the database: exit $RC"
# shellcheck disable=SC2086
python3 "$CH/compare_feed.py" --db "$T/replica/medicaments.db" $RECORDED ||
    fail "the mirror's history differs"
assert_eq "$(sqlite_value "$API_DB" "SELECT group_concat(id || ':' || json, char(10)) FROM changes")" \
    "$(sqlite_value "$T/replica/medicaments.db" "SELECT group_concat(id || ':' || json, char(10)) FROM changes")" \
    "the mirror's changes"

# CHANGES_RETENTION_DAYS=0: a build of d8 over a copy keeps only what it adds.
mkdir -p "$T/ret"
cp "$API_DB" "$T/ret/medicaments.db"
sleep 1
CHANGES_RETENTION_DAYS=0 run_updater --source "file://$DUMPS/d8" \
    --db "$T/ret/medicaments.db"
[ "$RC" -eq 0 ] || fail "the build of d8 with CHANGES_RETENTION_DAYS=0: exit $RC"
# shellcheck disable=SC2086
python3 "$CH/expected_changes.py" $CHAIN "$DUMPS/d8" >"$T/expected/d8.json" ||
    fail "expected_changes.py over d8"
assert_sql "$T/ret/medicaments.db" "5 5 1" "SELECT min(id) || ' ' || max(id) || ' ' || count(*) FROM publications"
assert_sql "$T/ret/medicaments.db" "1 5" "SELECT count(*) || ' ' || min(publication) FROM changes"
python3 - "$T/ret/medicaments.db" "$T/expected/d8.json" <<'EOF' || fail "d8's change"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = [json.loads(j) for (j,) in db.execute("SELECT json FROM changes")]
want = json.load(open(sys.argv[2], encoding="utf-8"))["items"]
g = [(i["cis"], i["change"], i["types"], i.get("fields")) for i in got]
w = [(i["cis"], i["change"], i["types"], i.get("fields")) for i in want]
if g != w:
    sys.exit(f"expected {w}, got {g}")
EOF
# The default (730 days) keeps them all: the same build over another copy.
mkdir -p "$T/keep"
cp "$API_DB" "$T/keep/medicaments.db"
run_updater --source "file://$DUMPS/d8" --db "$T/keep/medicaments.db"
[ "$RC" -eq 0 ] || fail "the build of d8: exit $RC"
assert_sql "$T/keep/medicaments.db" "1 5" "SELECT min(id) || ' ' || max(id) FROM publications"
exit 0
