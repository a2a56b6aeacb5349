#!/bin/sh
# A page of another site uses the API from Chromium (Debian's, driven by
# playwright-core): served from a second port on 127.0.0.1 (another origin),
# it fetch()es a medicament and a search, reads the JSON and the ETag,
# Last-Modified and X-RateLimit-Remaining headers (exposed by CORS), and
# revalidates: with its own If-None-Match (a preflight first, then the 304
# the page sees), and with cache: "no-cache" (the browser's cache sends the
# validator; the page sees its cached 200, the access log the 304).  With
# CORS_ORIGINS listing the page's origin the same works; a page of an
# origin not listed (http://localhost:PORT) is refused by the browser.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/docs/lib-docs.sh"

require_node
require_chromium
require_cmd python3
mkdir -p "$T/db" "$T/page" "$DOCS_OUTPUT"
docs_build_db "$T/db/medicaments.db"

# The other site: one empty page, served by Python's own server.
cat >"$T/page/index.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title>
<link rel="icon" href="data:,"></head>
<body><h1>Another site</h1></body></html>
HTML
PAGE_PORT=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$T/page" "$PAGE_PORT" \
    >"$T/page.log" 2>&1 &
track_pid $!
wait_for_port 127.0.0.1 "$PAGE_PORT"

# The API twice: every origin (the default), and the page's origin only.
unset CORS_ORIGINS
docs_start_server any "$T/db/medicaments.db"
ANY_BASE=$DOCS_BASE
CORS_ORIGINS=http://127.0.0.1:$PAGE_PORT
export CORS_ORIGINS
docs_start_server list "$T/db/medicaments.db"
LIST_BASE=$DOCS_BASE
unset CORS_ORIGINS

HOME=$T TMPDIR=$T run_node cross-origin.mjs "http://127.0.0.1:$PAGE_PORT/" \
    "http://localhost:$PAGE_PORT/" "$ANY_BASE" "$LIST_BASE" ||
    fail "a page of another origin cannot use the API"

# What the server saw: the preflights (204) and the revalidations (304).
# count LOG METHOD STATUS: lines of the access log for the medicament.
count() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sys
log, method, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
with open(log, encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        if d["method"] == method and d["status"] == status and \
                d["request"].split(" ")[1] == "/v1/medicaments/60002283":
            n += 1
print(n)
PY
}
# lighttpd writes its access lines a few at a time (up to 4 s later at
# rest) and the access logger mends them in: waited for, 30 s at most.
for run in any list; do
	log=$T/$run/logs/access.log
	n=0
	until [ "$(count "$log" OPTIONS 204)" -ge 1 ] &&
	    [ "$(count "$log" GET 304)" -ge 2 ]; do
		n=$((n + 1))
		[ "$n" -le 300 ] ||
		    fail "$run: no preflight or fewer than two 304 in the access log: $(tail -n 8 "$log")"
		sleep 0.1
	done
done
exit 0
