#!/bin/sh
# /v1/changes.atom is an Atom 1.0 feed that a real feed parser reads
# without complaint (Debian's python3-feedparser: bozo 0), whose entries
# are the newest changes of the history, newest first, with their ids,
# titles, links and dates; a filtered feed (type=shortageStarted) holds
# only those; and Chromium (headless, Debian's) loads the feed from
# lighttpd and shows its entries, and its XML parser reads them
# (tests/changes/atom-view.html).  The history: the 2022 dump, then two
# generated dumps (tests/changes/make_dumps.py's d2 and d3).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
[ -f "$BDPM_DUMP/CIS_bdpm.txt" ] || skip "no 2022 dump in $BDPM_DUMP"
unset CHANGES_RETENTION_DAYS || true
# Debian's feedparser is Debian's python's (python3 on PATH may be another).
FEED_PYTHON=${FEED_PYTHON:-/usr/bin/python3}
"$FEED_PYTHON" -c 'import feedparser' 2>/dev/null ||
    skip "$FEED_PYTHON has no feedparser: run script/setup (python3-feedparser)"

CH=$top_srcdir/tests/changes
DUMPS=$T/dumps
python3 "$CH/make_dumps.py" "$BDPM_DUMP" "$DUMPS" 2>"$T/stderr" ||
    fail "make_dumps.py"
mkdir -p "$T/db"
API_DB=$T/db/medicaments.db
for d in d0 d2 d3; do
	api_build_db "$DUMPS/$d" "$API_DB"
	sleep 1	# publications a second apart
done
total=$(sqlite_value "$API_DB" "SELECT count(*) FROM changes")
[ "$total" -gt 20 ] || fail "the history holds $total changes only"
shortage=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["dumps"][3]["touched"]["shortageStarted"])' \
    "$DUMPS/manifest.json")
api_start

# check_feed QUERY EXPECTED_FEED_ID: the feed of QUERY parsed, against the
# database's changes (the 100 newest matching, newest first).  WHERE
# selects the changes the filter keeps.
check_feed() {
	api_get "/v1/changes.atom$1"
	assert_status 200
	assert_eq "application/atom+xml; charset=utf-8" "$(header Content-Type)" \
	    "/v1/changes.atom$1: Content-Type"
	[ -n "$(header ETag)" ] || fail "/v1/changes.atom$1: no ETag"
	[ -n "$(header Last-Modified)" ] || fail "/v1/changes.atom$1: no Last-Modified"
	"$FEED_PYTHON" - "$T/body" "$API_DB" "$2" "$WHERE" <<'EOF' ||
import calendar, datetime, json, re, sqlite3, sys
import feedparser

body, db_path, feed_id, where = sys.argv[1:5]
f = feedparser.parse(open(body, "rb").read())
problems = []
if f.bozo:
    problems.append(f"bozo {f.bozo}: {f.get('bozo_exception')!r}")
if f.version != "atom10":
    problems.append(f"version {f.version!r}, not atom10")
if f.feed.get("id") != feed_id:
    problems.append(f"feed id {f.feed.get('id')!r}, expected {feed_id!r}")
if not f.feed.get("title"):
    problems.append("no feed title")
if not any(l.get("rel") == "self" for l in f.feed.get("links", [])):
    problems.append("no self link")

db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
rows = db.execute(
    "SELECT c.id, c.cis, c.groupe, c.json, p.publiee_epoch FROM changes c "
    f"JOIN publications p ON p.id = c.publication WHERE {where} "
    "ORDER BY c.id DESC LIMIT 100").fetchall()
newest = db.execute("SELECT max(publiee_epoch) FROM publications").fetchone()[0]


def epoch(parsed):
    return None if parsed is None else calendar.timegm(parsed)


if epoch(f.feed.get("updated_parsed")) != newest:
    problems.append(f"feed updated {f.feed.get('updated')!r} is not the "
                    f"newest publication's ({newest})")
if len(f.entries) != len(rows):
    problems.append(f"{len(f.entries)} entries, expected {len(rows)}")
for e, (cid, cis, groupe, j, pub_epoch) in zip(f.entries, rows):
    item = json.loads(j)
    want_id = f"tag:medicaments-api,2026:change:{cid}"
    if e.get("id") != want_id:
        problems.append(f"entry id {e.get('id')!r}, expected {want_id!r}")
        continue
    if epoch(e.get("updated_parsed")) != pub_epoch:
        problems.append(f"{want_id}: updated {e.get('updated')!r}, expected "
                        f"its publication's ({pub_epoch})")
    title = e.get("title", "")
    name = item.get("elementPharmaceutique") or \
        (item.get("groupe") or {}).get("libelle") or ""
    if not title or (name and name.split()[0] not in title):
        problems.append(f"{want_id}: title {title!r} does not name {name!r}")
    # What a reader opens (e.link): the medicament's BDPM page, or for a
    # removed CIS and a group the API's answer; the API's history is the
    # related JSON link of the others.
    removed = item.get("change") == "removed"
    if cis is not None and not removed:
        want_link = ("https://base-donnees-publique.medicaments.gouv.fr/"
                     f"extrait.php?specid={cis:08d}")
        related = next((l.get("href", "") for l in e.get("links", [])
                        if l.get("rel") == "related"), "")
        if not related.endswith(f"/v1/medicaments/{cis:08d}/changes"):
            problems.append(f"{want_id}: related link {related!r}")
    elif cis is not None:
        want_link = f"/v1/medicaments/{cis:08d}/changes"
    else:
        want_link = f"/v1/generiques/{groupe}"
    if not e.get("link", "").endswith(want_link):
        problems.append(f"{want_id}: link {e.get('link')!r}, expected …{want_link}")
    if not e.get("summary") and not e.get("content"):
        problems.append(f"{want_id}: no content")
for p in problems[:20]:
    print(f"feed: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
	fail "/v1/changes.atom$1 is not the feed expected"
}

WHERE=1
check_feed "" "tag:medicaments-api,2026:changes"
# 1 << 11 is shortageStarted's bit (common/change_types.h).
WHERE="c.types & 2048"
check_feed "?type=shortageStarted" \
    "tag:medicaments-api,2026:changes?type=shortageStarted"
assert_contains "$(cat "$T/body")" "/v1/medicaments/$shortage/changes" \
    "the filtered feed"
# 304 like every answer.
api_get "/v1/changes.atom?type=shortageStarted"
etag=$(header ETag)
api_get "/v1/changes.atom?type=shortageStarted" -H "If-None-Match: $etag"
assert_status 304
api_error "/v1/changes.atom?type=nothing" 400 "Invalid type: nothing"

# Chromium loads the feed from lighttpd and shows it (as text: Chromium
# has no feed view), and its own XML parser reads it (atom-view.html) into
# the titles feedparser read.
[ -x /usr/bin/chromium ] || skip "/usr/bin/chromium is missing: run script/setup"
# chromium_dom URL: the DOM of URL once loaded, in $T/dom.
chromium_dom() {
	HOME=$T TMPDIR=$T timeout 180 /usr/bin/chromium --headless --no-sandbox \
	    --disable-gpu --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$T/chromium" --virtual-time-budget=20000 \
	    --dump-dom "$1" >"$T/dom" 2>"$T/chromium.err" ||
	    fail "chromium could not load $1: $(tail -n 5 "$T/chromium.err")"
}
cp "$CH/atom-view.html" "$T/atom-view.html"
for query in "" "?type=shortageStarted"; do
	api_get "/v1/changes.atom$query"
	cp "$T/body" "$T/feed.xml"
	chromium_dom "$API_URL/v1/changes.atom$query"
	"$FEED_PYTHON" - "$T/dom" "$T/feed.xml" <<'EOF' || fail "Chromium's page of /v1/changes.atom$query"
import html, sys
from xml.sax.saxutils import escape
import feedparser
dom = html.unescape(open(sys.argv[1], encoding="utf-8", errors="replace").read())
f = feedparser.parse(open(sys.argv[2], "rb").read())
if "tag:medicaments-api,2026:changes" not in dom:
    sys.exit(f"Chromium shows no feed id: {dom[:500]}")
for e in f.entries:
    if e.title not in dom and escape(e.title) not in dom:
        sys.exit(f"Chromium does not show the entry {e.title!r}: {dom[:500]}")
EOF
	url=$(python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe=""))' "$API_URL/v1/changes.atom$query")
	chromium_dom "file://$T/atom-view.html#$url"
	"$FEED_PYTHON" - "$T/dom" "$T/feed.xml" <<'EOF' || fail "Chromium's XML parser on /v1/changes.atom$query"
import html, re, sys
import feedparser
dom = open(sys.argv[1], encoding="utf-8", errors="replace").read()
f = feedparser.parse(open(sys.argv[2], "rb").read())
m = re.search(r'<p id="state">(.*?)</p>', dom, re.S)
state = html.unescape(m.group(1)) if m else "no state"
if state != f"entries: {len(f.entries)}":
    sys.exit(f"Chromium: {state!r}, expected 'entries: {len(f.entries)}'")
titles = [html.unescape(t) for t in re.findall(r"<li>(.*?)</li>", dom, re.S)]
if titles != [e.title for e in f.entries]:
    sys.exit(f"Chromium's titles {titles[:3]}... are not feedparser's "
             f"{[e.title for e in f.entries][:3]}...")
EOF
done
exit 0
