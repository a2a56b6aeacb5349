#!/bin/sh
# The change feed's endpoints (doc/changes.md) over a history the real
# updater recorded: the 2022 dump, then two publications of copies of it
# changed here (a holder renamed, a CIS removed, one added, a price
# changed; then another holder renamed).  /v1/changes pages it oldest
# first with since, type and change; /v1/medicaments/{cis}/changes gives
# a CIS's newest first ([] without any, 404 for no such CIS, a removed
# CIS's still); /v1/publications; /v1/changes.atom, well-formed Atom with
# one entry per change and absolute links; etags and 304; clear 400s; a
# database of schema 9 answers an empty history.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd sqlite3 gzip
[ -f "$BDPM_DUMP/CIS_bdpm.txt" ] || skip "no 2022 dump in $BDPM_DUMP"

# dump_step DIR STEP: DIR's BDPM files changed as publication STEP (2, 3)
# changes them.  The files are Windows-1252: read and written as latin-1,
# every other byte stays.
dump_step() {
	python3 - "$1" "$2" <<'EOF' || fail "changing the dump in $1"
import sys
d, step = sys.argv[1], sys.argv[2]
def edit(name, fn):
    with open(f"{d}/{name}", encoding="latin-1", newline="") as f:
        lines = f.read().split("\n")
    out = []
    for line in lines:
        r = fn(line)
        if r is not None:
            out.extend(r if isinstance(r, list) else [r])
    with open(f"{d}/{name}", "w", encoding="latin-1", newline="") as f:
        f.write("\n".join(out))
def col(line, i, value):
    c = line.split("\t")
    c[i] = value
    return "\t".join(c)
if step == "2":
    def bdpm(line):
        if line.startswith("61266250\t"):    # renamed holder, and a copy
            return [col(line, 10, " TITULAIRE RENOMME"),
                    col(col(line, 0, "69999991"), 1, "MEDICAMENT AJOUTE 1 mg")]
        return None if line.startswith("62869109\t") else line
    edit("CIS_bdpm.txt", bdpm)
    done = []
    def cip(line):      # the first presentation of 61266250: its prices
        if line.startswith("61266250\t") and not done:
            done.append(1)
            return col(col(line, 9, "9,99"), 10, "10,99")
        return line
    edit("CIS_CIP_bdpm.txt", cip)
else:
    edit("CIS_bdpm.txt", lambda line: col(line, 10, " AUTRE TITULAIRE")
         if line.startswith("61876780\t") else line)
EOF
}

mkdir -p "$T/db"
API_DB=$T/db/medicaments.db
api_build_db "$BDPM_DUMP" "$API_DB"
api_start

# The first publication records nothing.
api_get /v1/publications
assert_status 200
json_assert 'd == []'
api_get /v1/changes
assert_status 200
json_assert 'd == {"data": [], "page": 1, "pageSize": 10, "totalItems": 0, "maxPage": 0}'

cp -R "$BDPM_DUMP" "$T/dump2"
chmod -R u+w "$T/dump2"
dump_step "$T/dump2" 2
api_build_db "$T/dump2" "$API_DB"
cp -R "$T/dump2" "$T/dump3"
dump_step "$T/dump3" 3
api_build_db "$T/dump3" "$API_DB"
# The ids of the history have no gap: the worker's pages are ranges of them.
assert_eq "1|4|4" "$(sqlite3 "$API_DB" 'SELECT min(id), max(id), count(*) FROM changes')" \
    "the changes' ids"

# wait_publications N: until the workers serve the database with N of them.
wait_publications() {
	_n=0
	while :; do
		api_get /v1/publications
		[ "$STATUS" = 200 ] && python3 -c 'import json, sys
sys.exit(len(json.load(open(sys.argv[1]))) != int(sys.argv[2]))' "$T/body" "$1" &&
		    break
		_n=$((_n + 1))
		[ "$_n" -lt 600 ] || fail "the workers never served $1 publications"
		sleep 0.1
	done
}
wait_publications 2

# /v1/publications: newest first, with their counts.
json_assert 'len(d) == 2' '[p["publication"] for p in d] == [2, 1]' \
    'd[1]["added"] == 1 and d[1]["removed"] == 1 and d[1]["modified"] == 1' \
    'd[1]["changes"] == 3 and d[0]["changes"] == 1 and d[0]["modified"] == 1' \
    'd[0]["previousDataEtag"] == d[1]["dataEtag"]'
assert_json_type
first=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[1]["publishedAt"])' "$T/body")
since=$(printf '%s' "$first" | sed 's/+/%2B/')

# /v1/changes: oldest first, paged like /v1/disponibilites.
api_get /v1/changes
assert_status 200
assert_json_type
json_assert 'd["totalItems"] == 4 and d["maxPage"] == 1' \
    '[(c["publication"], c["cis"], c["change"]) for c in d["data"]] == [(1, 61266250, "modified"), (1, 62869109, "removed"), (1, 69999991, "added"), (2, 61876780, "modified")]' \
    'd["data"][0]["types"] == ["fields", "prices"]' \
    'd["data"][0]["fields"]["titulaire"] == {"before": "PHARMA DEVELOPPEMENT", "after": "TITULAIRE RENOMME"}' \
    'd["data"][0]["prices"][0]["after"]["prixSansHonoraires"] == 9.99' \
    'd["data"][1]["elementPharmaceutique"].startswith("A 313 50 000")'
api_get "/v1/changes?page=2&pageSize=3"
assert_status 200
json_assert 'len(d["data"]) == 1 and d["data"][0]["cis"] == 61876780' \
    'd["page"] == 2 and d["pageSize"] == 3 and d["totalItems"] == 4 and d["maxPage"] == 2'
api_error "/v1/changes?page=3&pageSize=3" 404 "Page 3 not found"
api_error "/v1/changes?pageSize=3" 400 "pageSize can only be used with page"

# since: the publications strictly after it.
api_get "/v1/changes?since=$since"
assert_status 200
json_assert 'd["totalItems"] == 1 and d["data"][0]["cis"] == 61876780'
api_get "/v1/changes?since=2000-01-01"
json_assert 'd["totalItems"] == 4'
api_get "/v1/changes?since=2000-01-01T00:00:00.5Z"
json_assert 'd["totalItems"] == 4'
api_get "/v1/changes?since=2999-12-31T23:59:59-01:00"
assert_status 200
json_assert 'd["data"] == [] and d["totalItems"] == 0'

# type and change: any of the types, one change.
api_get "/v1/changes?type=prices"
json_assert '[c["cis"] for c in d["data"]] == [61266250] and d["totalItems"] == 1'
api_get "/v1/changes?type=added,removed"
json_assert '[c["cis"] for c in d["data"]] == [62869109, 69999991]'
api_get "/v1/changes?type=shortages,mitm,groups"
json_assert 'd["data"] == [] and d["totalItems"] == 0'
api_get "/v1/changes?change=removed"
json_assert '[c["cis"] for c in d["data"]] == [62869109]'
api_get "/v1/changes?type=fields&change=modified&page=2&pageSize=1&since=2000-01-01"
json_assert '[c["cis"] for c in d["data"]] == [61876780] and d["totalItems"] == 2 and d["maxPage"] == 2'
api_error "/v1/changes?type=fields&page=3&pageSize=1" 404 "Page 3 not found"

# Bad values: a clear 400.
for bad in 2026-13-01 2026-02-30 yesterday 2026-12-01T25:00:00Z \
    2026-12-01T06:00 '2026-12-01T06:00:00%2B1' 1764547200; do
	api_error "/v1/changes?since=$bad" 400 "Invalid since: use a date (2026-12-01) or a date-time (2026-12-01T06:00:00Z)"
	api_error "/v1/changes.atom?since=$bad" 400 "Invalid since"
done
api_error "/v1/changes?type=price" 400 "Invalid type: price. Valid types: added, removed, fields, presentations, prices, commercialisation, composition, generiques, conditions, avis, informations, shortageStarted, shortageUpdated, shortageEnded, mitmIn, mitmOut, groupAdded, groupRemoved, shortages, mitm, groups"
api_error "/v1/changes?type=prices,,avis" 400 "Invalid type: . Valid types: added"
api_error "/v1/changes.atom?type=prices,nope" 400 "Invalid type: nope."
api_error "/v1/changes?change=changed" 400 "Invalid change: use added, removed or modified"
api_error "/v1/changes.atom?change=Added" 400 "Invalid change: use added, removed or modified"

# A CIS's history, newest first.
api_get /v1/medicaments/61266250/changes
assert_status 200
assert_json_type
json_assert 'len(d) == 1 and d[0]["change"] == "modified" and d[0]["types"] == ["fields", "prices"]'
# Removed: its history still answers.
api_get /v1/medicaments/62869109/changes
assert_status 200
json_assert 'len(d) == 1 and d[0]["change"] == "removed"'
api_get /v1/medicaments/69999991/changes
json_assert 'len(d) == 1 and d[0]["change"] == "added" and d[0]["types"] == ["added"]'
api_get /v1/medicaments/60002283/changes
assert_status 200
json_assert 'd == []'
api_error /v1/medicaments/12345678/changes 404 "Medicament not found"
api_error /v1/medicaments/6000228/changes 400 "CIS should have 8 digits"

# Etags: 304 for the one held, a new one for another query.
for path in /v1/changes "/v1/changes?type=prices" /v1/medicaments/61266250/changes \
    /v1/publications /v1/changes.atom; do
	api_get "$path"
	assert_status 200
	etag=$(header ETag)
	[ -n "$etag" ] || fail "$path: no ETag"
	[ -n "$(header Last-Modified)" ] || fail "$path: no Last-Modified"
	api_get "$path" -H "If-None-Match: $etag"
	assert_status 304 "$path with If-None-Match: $etag"
done
api_get /v1/changes
e1=$(header ETag)
api_get "/v1/changes?type=prices"
[ "$e1" != "$(header ETag)" ] || fail "/v1/changes: one etag for two filters"
# Two spellings of one filter, one etag.
api_get "/v1/changes?type=shortages"
e1=$(header ETag)
api_get "/v1/changes?type=shortageEnded,shortageStarted,shortageUpdated"
assert_eq "$e1" "$(header ETag)" "type=shortages and its three names"
# gzip, as lists are.
api_get /v1/changes -H 'Accept-Encoding: gzip'
assert_header Content-Encoding gzip
gzip -dc <"$T/body" >"$T/plain" || fail "/v1/changes: not gzip"

# The Atom feed: well-formed, one entry per change, newest first.
# check_feed ENTRIES [TITLE_NEEDLE]: the last body is such a feed.
check_feed() {
	python3 - "$T/body" "$API_URL" "$@" <<'EOF' || fail "$_api_path: not the Atom feed expected"
import sys, xml.etree.ElementTree as ET
body, base, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(body).getroot()
assert root.tag == A + "feed", root.tag
for name in ("id", "title", "updated", "author"):
    assert root.find(A + name) is not None, f"feed without {name}"
assert root.find(A + "id").text.startswith("tag:medicaments-api,2026:changes")
self = [l for l in root.findall(A + "link") if l.get("rel") == "self"]
assert len(self) == 1 and self[0].get("href").startswith(base + "/v1/changes.atom"), self[0].attrib
entries = root.findall(A + "entry")
assert len(entries) == count, f"{len(entries)} entries, expected {count}"
ids = []
for e in entries:
    for name in ("id", "title", "updated", "content"):
        assert e.find(A + name) is not None and e.find(A + name).text, f"entry without {name}"
    assert e.find(A + "content").get("type") == "text"
    ids.append(int(e.find(A + "id").text.rsplit(":", 1)[1]))
    # The API's history: the related JSON, or the alternate itself for a
    # removed CIS; an HTML alternate is the medicament's BDPM page.
    links = {l.get("rel"): l for l in e.findall(A + "link")}
    api = links.get("related", links["alternate"]).get("href")
    assert api.startswith(base + "/v1/medicaments/") and api.endswith("/changes"), api
    if "related" in links:
        assert links["alternate"].get("type") == "text/html", links["alternate"].attrib
        assert links["alternate"].get("href").startswith(
            "https://base-donnees-publique.medicaments.gouv.fr/extrait.php?specid="), \
            links["alternate"].attrib
assert ids == sorted(ids, reverse=True), ids
if len(sys.argv) > 4:
    assert sys.argv[4] in entries[0].find(A + "title").text, entries[0].find(A + "title").text
EOF
	# A real feed parser, where Debian's python3-feedparser is installed.
	if python3 -c 'import feedparser' 2>/dev/null; then
		python3 - "$T/body" "$1" <<'EOF' || fail "$_api_path: feedparser refuses it"
import sys, feedparser
f = feedparser.parse(sys.argv[1])
assert not f.bozo, f.bozo_exception
assert f.version == "atom10", f.version
assert len(f.entries) == int(sys.argv[2]), len(f.entries)
EOF
	fi
}
api_get /v1/changes.atom
assert_status 200
assert_header Content-Type "application/atom+xml; charset=utf-8"
check_feed 4 "ABACAVIR ARROW 300 mg, comprimé pelliculé sécable : modifié (fiche)"
grep -q 'titulaire : PHARMA DEVELOPPEMENT → TITULAIRE RENOMME' "$T/body" ||
    fail "/v1/changes.atom: no summary of the renamed holder"
api_get "/v1/changes.atom?type=prices"
assert_status 200
check_feed 1 ": modifié (fiche, prix)"
grep -q '<id>tag:medicaments-api,2026:changes?type=prices</id>' "$T/body" ||
    fail "/v1/changes.atom?type=prices: the feed's id does not name its filter"
api_get "/v1/changes.atom?change=removed&since=2000-01-01"
check_feed 1 "retiré"
api_get "/v1/changes.atom?since=$since"
check_feed 1
api_get "/v1/changes.atom?since=2999-01-01"
assert_status 200
check_feed 0

# A database of schema 9 has no history: empty, never a 500.
cp "$API_DB" "$T/old.db"
sqlite3 "$T/old.db" "DROP TABLE changes; DROP TABLE publications;
    PRAGMA user_version = 9" || fail "making a schema 9 database"
mv "$T/old.db" "$API_DB"
wait_publications 0
api_get /v1/changes
assert_status 200
json_assert 'd == {"data": [], "page": 1, "pageSize": 10, "totalItems": 0, "maxPage": 0}'
api_get "/v1/changes?type=prices&since=2000-01-01"
json_assert 'd["data"] == [] and d["totalItems"] == 0'
api_get /v1/changes.atom
assert_status 200
check_feed 0
api_get /v1/medicaments/61266250/changes
assert_status 200
json_assert 'd == []'
api_error /v1/medicaments/62869109/changes 404 "Medicament not found"
exit 0
