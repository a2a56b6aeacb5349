#!/bin/sh
# The hostile catalogue (tests/hostile/catalogue.txt: overlong and repeated
# parameters, NUL and control bytes, bad escapes, invalid UTF-8, FTS5 and
# SQL syntax, absurd numbers, path traversal, oversized headers and bodies,
# wrong methods, absurd Host headers, HTTP/1.0 and HTTP/0.9 lines,
# pipelined garbage), sent as raw bytes to lighttpd and four workers:
# every entry gets the answer the table says, a 4xx with the API's JSON
# error object from the workers, or lighttpd's own refusal for the few its
# parser stops (the table says why); nothing answers 5xx but lighttpd's
# RFC answers to an unknown method (501) and version (505).  No worker
# dies: the same PIDs before and after, no crash in lighttpd's error log,
# no error in the workers' log, and the service still answers.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
# Everyone exempt: the headers are there, the limit never interferes.
TRUSTED_PROXIES=127.0.0.1
RATE_LIMIT_EXEMPT="0.0.0.0/0, ::/0"
export TRUSTED_PROXIES RATE_LIMIT_EXEMPT
API_RATE_LIMIT=on
API_WORKERS=4
api_start
before=$(api_worker_pids | sort)
[ "$(echo "$before" | wc -l)" -eq 4 ] || fail "workers: $before"

python3 "$top_srcdir/tests/hostile/catalogue.py" http "$API_PORT" \
    "$top_srcdir/tests/hostile/catalogue.txt" >"$T/catalogue.out" 2>&1 ||
    fail "catalogue: $(grep -v '^[0-9]* entries' "$T/catalogue.out" | head -n 20)"
log "$(tail -n 1 "$T/catalogue.out")"

kill -0 "$API_PID" 2>/dev/null || fail "lighttpd died"
after=$(api_worker_pids | sort)
assert_eq "$before" "$after" "worker PIDs before and after the catalogue"
if grep -iE 'child (exited|signal)|died|are down|overloaded|backend' \
    "$T/logs/error.log" >"$T/crashes"; then
	fail "lighttpd's error log: $(head -n 5 "$T/crashes")"
fi
if grep '"level":"error"' "$T/logs/app.log" >"$T/errors"; then
	fail "the workers logged errors: $(head -n 5 "$T/errors")"
fi
api_get /v1/medicaments/60002283
assert_status 200
json_assert 'd["cis"] == 60002283'
exit 0
