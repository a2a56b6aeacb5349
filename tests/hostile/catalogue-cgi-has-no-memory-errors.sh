#!/bin/sh
# The hostile catalogue again, each entry as a CGI request straight to the
# worker binary (what lighttpd would hand it: a NUL byte cuts the target
# and raises REQUEST_TARGET_NUL), one process per request: under valgrind
# (memcheck, full leak check) in a plain build, under AddressSanitizer,
# UndefinedBehaviorSanitizer and LeakSanitizer in the sanitizer build.
# Every run exits 0 with no finding, and answers what the table says (an
# entry lighttpd itself refuses only has to get no 5xx).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_updater
require_fcgi
require_cmd python3
if grep -q __asan_init "$FCGI"; then
	how=
else
	require_cmd valgrind
	how=--valgrind
fi
api_fixture_db
if [ "$(id -u)" -eq 0 ]; then
	ALLOW_ROOT=1
	export ALLOW_ROOT
fi
DB_PATH=$API_DB TMPDIR=$T python3 "$top_srcdir/tests/hostile/catalogue.py" cgi \
    "$FCGI" "$top_srcdir/tests/hostile/catalogue.txt" $how \
    >"$T/catalogue.out" 2>&1 ||
    fail "catalogue in CGI mode: $(grep -v '^[0-9]* entries' "$T/catalogue.out" | head -n 60)"
log "$(tail -n 2 "$T/catalogue.out" | tr '\n' ' ')"
exit 0
