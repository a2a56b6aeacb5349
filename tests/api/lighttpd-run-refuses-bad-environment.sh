#!/bin/sh
# script/lighttpd-run checks its environment before lighttpd starts (the
# worker's --check-config, then lighttpd's own paths): a bad value exits 1
# with exactly one error line naming the variable; listening on every
# interface needs ALLOW_DIRECT_ACCESS=true; the values lighttpd reads are
# the ones derived (KB, brackets around IPv6).  Nothing listens: --check
# and --print only parse the configuration.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_cmd lighttpd
require_fcgi
mkdir -p "$T/db" "$T/bin"
# The real worker checks the configuration; lighttpd does not start it.
FCGI_BIN=$FCGI
# Not next to that worker: this build's (its directory need not be build/).
ACCESSLOG_BIN=$top_builddir/accesslog/medicaments-accesslog
[ -x "$ACCESSLOG_BIN" ] || skip "$ACCESSLOG_BIN is not built"
DB_PATH=$T/db/medicaments.db
RUN_DIR=$T/run
HTML_DIR=$T
export FCGI_BIN ACCESSLOG_BIN DB_PATH RUN_DIR HTML_DIR
if [ "$(id -u)" -eq 0 ]; then
	ALLOW_ROOT=1
	export ALLOW_ROOT
fi


lighttpd_run_refused ADDRESS=0.0.0.0 "ALLOW_DIRECT_ACCESS=true"
lighttpd_run_refused ADDRESS=:: "ALLOW_DIRECT_ACCESS=true"
lighttpd_run_refused "ADDRESS=[::]" "ALLOW_DIRECT_ACCESS=true"
lighttpd_run_refused ADDRESS=0.0.0.0 ALLOW_DIRECT_ACCESS=false "ALLOW_DIRECT_ACCESS=true"
lighttpd_run_refused ADDRESS=example.org "ADDRESS=example.org"
lighttpd_run_refused ADDRESS=1.2.3.256 "ADDRESS="
lighttpd_run_refused ADDRESS=127.0.0.1:80 "ADDRESS="
lighttpd_run_refused ALLOW_DIRECT_ACCESS=yes "ALLOW_DIRECT_ACCESS=yes"
for p in 0 65536 -1 80x 99999999999; do
	lighttpd_run_refused "PORT=$p" "PORT=$p"
done
# At most as many as the workers' shared table holds (fcgi/worker_shm.h).
for w in 0 1025 x; do
	lighttpd_run_refused "WORKERS=$w" "WORKERS=$w"
done
lighttpd_run_refused MAX_REQUEST_BODY=0 "MAX_REQUEST_BODY=0"
lighttpd_run_refused MAX_REQUEST_BODY=1k "MAX_REQUEST_BODY=1k"
lighttpd_run_refused MAX_HEADER_SIZE=100 "MAX_HEADER_SIZE=100"
lighttpd_run_refused MAX_HEADER_SIZE=101MB "MAX_HEADER_SIZE=101MB"
lighttpd_run_refused "DB_PATH=$T/nope/medicaments.db" "DB_PATH="
lighttpd_run_refused "DB_PATH=$T" "not a regular file"
lighttpd_run_refused FCGI_BIN=/nonexistent "FCGI_BIN="
lighttpd_run_refused "FCGI_BIN=$T/db" "FCGI_BIN="
lighttpd_run_refused "HTML_DIR=$T/nope" "HTML_DIR="
lighttpd_run_refused LOG_LEVEL=verbose "LOG_LEVEL=verbose"
lighttpd_run_refused ALLOW_ROOT=yes "ALLOW_ROOT=yes"
lighttpd_run_refused "RUN_DIR=$T/$(python3 -c 'print("r" * 90)')" "RUN_DIR="
if [ "$(id -u)" -ne 0 ]; then
	lighttpd_run_refused RUN_AS_USER=nobody "RUN_AS_USER"
else
	lighttpd_run_refused RUN_AS_USER=no-such-user-here "no such user"
	lighttpd_run_refused RUN_AS_USER=root "RUN_AS_USER=root"
	lighttpd_run_refused ALLOW_ROOT= "running as root"
fi

# Accepted, and what lighttpd reads.
"$LIGHTTPD_RUN" --check >"$T/out" 2>"$T/err" || fail "defaults refused: $(cat "$T/err")"
ADDRESS=0.0.0.0 ALLOW_DIRECT_ACCESS=true "$LIGHTTPD_RUN" --check >"$T/out" 2>"$T/err" ||
    fail "0.0.0.0 with ALLOW_DIRECT_ACCESS=true refused: $(cat "$T/err")"
ADDRESS=::1 PORT=8080 MAX_REQUEST_BODY=1025 MAX_HEADER_SIZE=4096 WORKERS=3 \
    "$LIGHTTPD_RUN" --print >"$T/conf" 2>"$T/err" || fail "--print: $(cat "$T/err")"
conf=$(cat "$T/conf")
assert_contains "$conf" 'server.bind                    = "[::1]"' "bind"
assert_contains "$conf" '"8080"' "port"
assert_contains "$conf" 'server.max-request-size        = "2"' "max-request-size (KB)"
assert_contains "$conf" 'server.max-request-field-size  = "4096"' "max-request-field-size"
assert_contains "$conf" '"max-procs"            => "3"' "max-procs"
assert_contains "$conf" "\"bin-path\"             => \"$FCGI_BIN\"" "bin-path"
assert_contains "$conf" "\"socket\"               => \"$RUN_DIR/fcgi.sock\"" "socket"
assert_contains "$conf" 'server.tag                     = ""' "server.tag"
[ -d "$RUN_DIR/tmp" ] || fail "RUN_DIR/tmp was not created"
WORKERS=1024 "$LIGHTTPD_RUN" --print >"$T/conf" 2>"$T/err" ||
    fail "WORKERS=1024 refused: $(cat "$T/err")"
assert_contains "$(cat "$T/conf")" '"max-procs"            => "1024"' "max-procs 1024"
# An older worker, without --check-config, is not believed.
printf '#!/bin/sh\nexit 0\n' >"$T/bin/worker"
chmod +x "$T/bin/worker"
lighttpd_run_refused "FCGI_BIN=$T/bin/worker" "printed no values"
# The CGI mode parses too.
"$LIGHTTPD_RUN" --cgi --check >"$T/out" 2>"$T/err" || fail "--cgi refused: $(cat "$T/err")"
exit 0
