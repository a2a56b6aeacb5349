#!/bin/sh
# A worker gives back the heap a large answer grew once it has been idle a
# moment (fcgi/main.c serve_fastcgi, idle), and not between requests that
# come one after the other: after a run of searches answering over 400 kB each,
# the worker's heap is back to its size before them within a few seconds.
# Under load it keeps it (bench/api measures what that is worth).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
# Two medicaments found by "ibuprofene" made 200 kB larger each: an answer
# of over 400 kB, its buffer grown in the worker's heap.
sqlite3 "$API_DB" "UPDATE api_medicaments
    SET json = json_set(json, '$.padding', printf('%.*c', 200000, 'x'))
    WHERE cis IN (61478851, 62611169)" || fail "cannot pad the documents"
API_WORKERS=1 api_start
worker=$(api_worker_pids)
[ -n "$worker" ] || fail "no worker"

# heap_kb: the Rss of the worker's [heap] mapping (0 when it has none).
heap_kb() {
	awk '/\[heap\]/ { h = 1; next } h && /^Rss:/ { print $2; found = 1; exit }
	    END { if (!found) print 0 }' "/proc/$worker/smaps" 2>/dev/null ||
	    fail "cannot read the worker's memory map"
}

# settled_heap_kb: the heap once unchanged for half a second (a trim comes
# after the worker has waited 100 ms for a request); at most 5 s.
settled_heap_kb() {
	_last=$(heap_kb) _same=0 _tries=0
	while [ "$_same" -lt 5 ] && [ "$_tries" -lt 50 ]; do
		sleep 0.1
		_now=$(heap_kb)
		if [ "$_now" -eq "$_last" ]; then
			_same=$((_same + 1))
		else
			_same=0
		fi
		_last=$_now _tries=$((_tries + 1))
	done
	echo "$_last"
}

# What a worker keeps for good (prepared statements, the trigram cache of
# fcgi/trigram_cache.c) is allocated by small answers first.
api_get "/v1/medicaments/60002283"
assert_status 200
api_get "/v1/medicaments?search=xeplion"
assert_status 200
before=$(settled_heap_kb)

# Ten large answers, back to back on one connection's worth of requests.
python3 - "$API_PORT" <<'PY' || fail "the large searches failed"
import http.client, sys
for _ in range(10):
    c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=60)
    c.request("GET", "/v1/medicaments?search=ibuprofene")
    r = c.getresponse()
    body = r.read()
    c.close()
    if r.status != 200 or len(body) < 400000:
        sys.exit("status %d, %d bytes" % (r.status, len(body)))
PY
after=$(settled_heap_kb)
[ "$after" -le $((before + 64)) ] ||
    fail "the worker kept ${after} kB of heap after the large answers, ${before} kB before them"
log "heap: ${before} kB before the large answers, ${after} kB once idle"
exit 0
