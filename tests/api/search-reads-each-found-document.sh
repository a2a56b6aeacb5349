#!/bin/sh
# A search's answer is the found medicaments' own documents, byte for byte,
# in order, request after request (a worker reads them through a blob
# handle it keeps open and moves from row to row, fcgi/db.c
# db_document_append), and a name indexed without a document is left out
# without failing the answer, in a worker that read documents before and
# reads others after.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
API_WORKERS=1 api_start

# expect CIS...: the body is the JSON array of these documents.
expect() {
	python3 - "$API_DB" "$T/body" "$@" <<'PY' || fail "$_api_path: not the documents of $*"
import sqlite3, sys
db = sqlite3.connect("file:%s?immutable=1" % sys.argv[1], uri=True)
want = "[" + ",".join(db.execute("SELECT json FROM api_medicaments WHERE cis = ?",
                                 (int(c),)).fetchone()[0] for c in sys.argv[3:]) + "]"
got = open(sys.argv[2], encoding="utf-8").read()
if got != want:
    print("got  %s\nwant %s" % (got[:300], want[:300]), file=sys.stderr)
    sys.exit(1)
PY
}

for _ in 1 2 3; do
	api_get "/v1/medicaments?search=ibuprofene"
	assert_status 200
	expect 61478851 62611169
	api_get "/v1/medicaments?search=comprime+pellicule"
	assert_status 200
	expect 60002283 62303214 67535309 69504052 61478851 62611169 60058620
	api_get "/v1/medicaments/60002283"
	assert_status 200
done

# The same data but one indexed name without its document, renamed into
# place as the updater does: the single worker switches to it.
cp "$API_DB" "$T/db/new.db"
sqlite3 "$T/db/new.db" "DELETE FROM api_medicaments WHERE cis = 61478851;
    UPDATE meta SET value = '0123456789abcdef' WHERE key = 'data_etag'" ||
    fail "cannot remove a document"
mv "$T/db/new.db" "$API_DB"
tries=0
until api_get "/v1/medicaments?search=ibuprofene" && [ "$STATUS" = 200 ] &&
    ! grep -q 61478851 "$T/body"; do
	tries=$((tries + 1))
	[ "$tries" -le 100 ] || fail "the worker never served the new file: $(head -c 300 "$T/body")"
	sleep 0.1
done
for _ in 1 2; do
	api_get "/v1/medicaments?search=ibuprofene"
	assert_status 200
	expect 62611169
	api_get "/v1/medicaments?search=comprime+pellicule"
	assert_status 200
	expect 60002283 62303214 67535309 69504052 62611169 60058620
done
# Nothing went to the error log on the way.
if grep -q '"level":"error"' "$T/logs/app.log" 2>/dev/null; then
	fail "errors logged: $(grep '"level":"error"' "$T/logs/app.log" | head -3)"
fi
