#!/bin/sh
# Rotated logs older than LOG_RETENTION_WEEKS are deleted (logrotate's
# maxage, when the log rotates), younger ones kept, compressed or not.
# The configuration is the one script/lighttpd-run writes; no server runs
# (postrotate finds no lighttpd to signal, and says nothing).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_cmd logrotate lighttpd
require_fcgi
[ -x "$ACCESSLOG" ] || skip "$ACCESSLOG is not built"
mkdir -p "$T/db" "$T/logs"
if [ "$(id -u)" -eq 0 ]; then
	ALLOW_ROOT=1
	export ALLOW_ROOT
fi
L=$T/logs
FCGI_BIN=$FCGI ACCESSLOG_BIN=$ACCESSLOG \
    DB_PATH=$T/db/medicaments.db RUN_DIR=$T/run HTML_DIR=$T LOG_DIR=$L \
    LOG_RETENTION_WEEKS=2 "$LIGHTTPD_RUN" --check >"$T/out" 2>&1 ||
    fail "lighttpd-run --check: $(cat "$T/out")"
grep -q "maxage 14" "$T/run/logrotate.conf" || fail "maxage: $(cat "$T/run/logrotate.conf")"

for f in access.log app.log updater.log; do
	echo '{"current":true}' >"$L/$f"
	echo '{"old":true}' >"$L/$f-20200101-000000"
	echo '{"old":true}' | gzip >"$L/$f-20200102-000000.gz"
	echo '{"recent":true}' >"$L/$f-20200103-000000"
	echo '{"recent":true}' | gzip >"$L/$f-20200104-000000.gz"
	touch -d '20 days ago' "$L/$f-20200101-000000" "$L/$f-20200102-000000.gz"
	touch -d '10 days ago' "$L/$f-20200103-000000" "$L/$f-20200104-000000.gz"
done
logrotate -f -s "$T/logrotate.state" "$T/run/logrotate.conf" >"$T/out" 2>&1 ||
    fail "logrotate: $(cat "$T/out")"
[ ! -s "$T/out" ] || fail "logrotate said: $(cat "$T/out")"
for f in access.log app.log updater.log; do
	[ ! -e "$L/$f-20200101-000000" ] || fail "$f-20200101-000000 (20 days) kept"
	[ ! -e "$L/$f-20200102-000000.gz" ] || fail "$f-20200102-000000.gz (20 days) kept"
	[ -e "$L/$f-20200103-000000.gz" ] ||
	    fail "$f-20200103-000000 (10 days) not kept, compressed: $(ls "$L")"
	[ -e "$L/$f-20200104-000000.gz" ] || fail "$f-20200104-000000.gz (10 days) not kept"
	[ -f "$L/$f" ] || fail "$f not created anew"
	[ "$(ls "$L" | grep -c "^$f-[0-9]\{8\}-[0-9]\{6\}$")" -eq 1 ] ||
	    fail "$f: not rotated: $(ls "$L")"
done
exit 0
