#!/bin/sh
# script/lighttpd-run checks every variable it reads before lighttpd
# starts (the worker's --check-config, fcgi/settings.c): a bad value exits
# 1 with exactly one error line naming the variable; good values are accepted and reach lighttpd's configuration
# (sizes with KB/MB/GB, METRICS_ADDRESS, ENV's log level) and logrotate's
# (MAX_LOG_FILE_SIZE, LOG_RETENTION_WEEKS).  Nothing listens: --check and
# --print only parse the configuration.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_cmd lighttpd python3
require_fcgi
[ -x "$ACCESSLOG" ] || skip "$ACCESSLOG is not built"
mkdir -p "$T/db"
# The real worker checks the configuration; lighttpd does not start it.
FCGI_BIN=$FCGI
ACCESSLOG_BIN=$ACCESSLOG
DB_PATH=$T/db/medicaments.db
RUN_DIR=$T/run
HTML_DIR=$T
export FCGI_BIN ACCESSLOG_BIN DB_PATH RUN_DIR HTML_DIR
if [ "$(id -u)" -eq 0 ]; then
	ALLOW_ROOT=1
	export ALLOW_ROOT
fi


for v in staging Production DEV; do
	lighttpd_run_refused "ENV=$v" "ENV=$v"
done
for v in 0 53 x -1 1.5; do
	lighttpd_run_refused "LOG_RETENTION_WEEKS=$v" "LOG_RETENTION_WEEKS=$v"
done
for v in 1KB 1048575 2GB 10XB 1.5MB MB 100mb 99999999999GB; do
	lighttpd_run_refused "MAX_LOG_FILE_SIZE=$v" "MAX_LOG_FILE_SIZE=$v"
done
for v in 0 0KB 2GB 1k 12TB; do
	lighttpd_run_refused "MAX_REQUEST_BODY=$v" "MAX_REQUEST_BODY=$v"
done
for v in 1023 101MB 1.5KB; do
	lighttpd_run_refused "MAX_HEADER_SIZE=$v" "MAX_HEADER_SIZE=$v"
done
for v in 0 63 32001 1k x; do
	lighttpd_run_refused "MAX_CONNECTIONS=$v" "MAX_CONNECTIONS=$v"
done
for var in READ_TIMEOUT KEEPALIVE_TIMEOUT; do
	for v in 0 3601 10s -1; do
		lighttpd_run_refused "$var=$v" "$var=$v"
	done
done
for v in 0 65536 x; do
	lighttpd_run_refused "MAX_CONNECTIONS_PER_ADDRESS=$v" "MAX_CONNECTIONS_PER_ADDRESS=$v"
done
lighttpd_run_refused METRICS_ADDRESS=example.org "METRICS_ADDRESS=example.org"
lighttpd_run_refused METRICS_ADDRESS=10.0.0.256 "METRICS_ADDRESS=10.0.0.256"
lighttpd_run_refused METRICS_ADDRESS=0.0.0.0 "ALLOW_DIRECT_ACCESS=true"
lighttpd_run_refused METRICS_ADDRESS=:: METRICS_PORT=9090 "ALLOW_DIRECT_ACCESS=true"
lighttpd_run_refused METRICS_PORT=0 "METRICS_PORT=0"
for v in yes 0 1 true OFF; do
	lighttpd_run_refused "RATE_LIMIT=$v" "RATE_LIMIT=$v"
done
lighttpd_run_refused RATE_LIMIT_BURST=0 "RATE_LIMIT_BURST=0"
lighttpd_run_refused RATE_LIMIT_RATE=fast "RATE_LIMIT_RATE=fast"
for var in TRUSTED_PROXIES RATE_LIMIT_EXEMPT; do
	lighttpd_run_refused "$var=localhost" "$var=localhost"
	lighttpd_run_refused "$var=10.0.0.0/33" '"10.0.0.0/33"'
	lighttpd_run_refused "$var=10.0.0.0/" '"10.0.0.0/"'
	lighttpd_run_refused "$var=10.0.0.0/08" '"10.0.0.0/08"'
	lighttpd_run_refused "$var=1.2.3.4/8/8" '"1.2.3.4/8/8"'
	lighttpd_run_refused "$var=::/129" '"::/129"'
	lighttpd_run_refused "$var=10.0.0.1," '""'
	lighttpd_run_refused "$var=10.0.0.1,,10.0.0.2" '""'
	lighttpd_run_refused "$var=10.0.0.1,2001:db8::zz" '"2001:db8::zz"'
done
lighttpd_run_refused "CORS_ORIGINS=https://a.example/x" '"https://a.example/x"'
lighttpd_run_refused "CORS_ORIGINS=*,https://a.example" '"*"'
lighttpd_run_refused ACCESSLOG_BIN=/nonexistent "ACCESSLOG_BIN=/nonexistent"
lighttpd_run_refused "LOG_DIR=$T/a\"b" "LOG_DIR="
lighttpd_run_refused "LOG_DIR=$T/logs" "RUN_DIR=$T/r\$x" "RUN_DIR="
# Every bad value at once: a line each, from the worker's --check-config.
rc=0
env PORT=0 ENV=staging MAX_HEADER_SIZE=1 "$LIGHTTPD_RUN" --check >"$T/out" 2>"$T/err" ||
    rc=$?
assert_eq 1 "$rc" "three bad values: exit"
assert_eq 3 "$(grep -c '^medicaments-fcgi: error: ' "$T/err")" \
    "three bad values: lines: $(cat "$T/err")"

# Accepted, and what lighttpd reads.
ok() {
	"$@" >"$T/conf" 2>"$T/err" || fail "refused: $*: $(cat "$T/err")"
	[ ! -s "$T/err" ] || fail "$*: said something: $(cat "$T/err")"
}
ok env MAX_REQUEST_BODY=2MB MAX_HEADER_SIZE=8KB ENV=development \
    "$LIGHTTPD_RUN" --print
conf=$(cat "$T/conf")
assert_contains "$conf" 'server.max-request-size        = "2048"' "2MB in KB"
assert_contains "$conf" 'server.max-request-field-size  = "8192"' "8KB"
assert_contains "$conf" '"LOG_LEVEL" => "debug"' "ENV=development's level"
assert_contains "$conf" '"LOG_FILE"  => ""' "no LOG_DIR: workers on stderr"
assert_contains "$conf" "accesslog.filename             = \"|exec '$ACCESSLOG' '-'\"" \
    "access log through the access logger, to stderr"
# The connections and their timeouts: MAX_CONNECTIONS with twice as many
# descriptors, fitted under the hard limit of open files (with a warning
# for a value set, silently for the default).
hard=$(ulimit -H -n)
ok env MAX_CONNECTIONS=64 READ_TIMEOUT=7 KEEPALIVE_TIMEOUT=3 "$LIGHTTPD_RUN" --print
conf=$(cat "$T/conf")
assert_contains "$conf" 'server.max-connections         = "64"' "MAX_CONNECTIONS"
assert_contains "$conf" 'server.max-fds                 = "384"' "two descriptors a connection"
assert_contains "$conf" 'server.max-read-idle           = "7"' "READ_TIMEOUT"
assert_contains "$conf" 'server.max-keep-alive-idle     = "3"' "KEEPALIVE_TIMEOUT"
ok env "$LIGHTTPD_RUN" --print
conf=$(cat "$T/conf")
assert_contains "$conf" 'server.max-read-idle           = "10"' "READ_TIMEOUT's default"
assert_contains "$conf" 'server.max-keep-alive-idle     = "5"' "KEEPALIVE_TIMEOUT's default"
if [ "$hard" = unlimited ] || [ "$hard" -ge 33024 ]; then
	assert_contains "$conf" 'server.max-connections         = "16384"' "MAX_CONNECTIONS's default"
else
	fit=$(((hard - 256) / 2))
	assert_contains "$conf" "server.max-connections         = \"$fit\"" "MAX_CONNECTIONS's default under a hard limit of $hard"
	assert_contains "$conf" "server.max-fds                 = \"$((fit * 2 + 256))\"" "max-fds under a hard limit of $hard"
	env MAX_CONNECTIONS=32000 "$LIGHTTPD_RUN" --print >"$T/conf" 2>"$T/err" ||
	    fail "MAX_CONNECTIONS=32000 refused: $(cat "$T/err")"
	assert_contains "$(cat "$T/err")" "medicaments-fcgi: warn: MAX_CONNECTIONS=32000: needs 64256 open files, the hard limit is $hard: lighttpd holds $fit connections" "a value set that does not fit"
	assert_contains "$(cat "$T/conf")" "server.max-connections         = \"$fit\"" "MAX_CONNECTIONS=32000 fitted"
fi
ok env MAX_REQUEST_BODY=1GB MAX_HEADER_SIZE=65535 ENV=production \
    LOG_LEVEL=warn "$LIGHTTPD_RUN" --print
conf=$(cat "$T/conf")
assert_contains "$conf" 'server.max-request-size        = "1048576"' "1GB in KB"
assert_contains "$conf" '"LOG_LEVEL" => "warn"' "LOG_LEVEL wins over ENV"
ok env ENV= "$LIGHTTPD_RUN" --print
assert_contains "$(cat "$T/conf")" '"LOG_LEVEL" => "info"' "production's level"
# The Go service's spellings (an operator's .env from it works unchanged):
# localhost, ENV=dev, a header size over lighttpd's ceiling lowered to it
# with a warning.
env ADDRESS=localhost ENV=dev MAX_HEADER_SIZE=1048576 "$LIGHTTPD_RUN" --print \
    >"$T/conf" 2>"$T/err" || fail "the Go service's values refused: $(cat "$T/err")"
conf=$(cat "$T/conf")
assert_contains "$conf" 'server.bind                    = "127.0.0.1"' "localhost"
assert_contains "$conf" '"LOG_LEVEL" => "debug"' "ENV=dev's level"
assert_contains "$conf" 'server.max-request-field-size  = "65535"' "lighttpd's ceiling"
assert_eq "medicaments-fcgi: warn: MAX_HEADER_SIZE=1048576: lighttpd reads at most 65535 bytes of headers: 65535 used" \
    "$(cat "$T/err")" "the header size lowered"

ok env METRICS_ADDRESS=::1 METRICS_PORT=9090 "$LIGHTTPD_RUN" --check
assert_eq '$SERVER["socket"] == "[::1]:9090" { }' "$(cat "$RUN_DIR/metrics.conf")" \
    "metrics listener on METRICS_ADDRESS"
ok env METRICS_PORT=09091 "$LIGHTTPD_RUN" --check
assert_eq '$SERVER["socket"] == "127.0.0.1:9091" { }' "$(cat "$RUN_DIR/metrics.conf")" \
    "metrics listener on 127.0.0.1 by default"
ok env METRICS_ADDRESS=0.0.0.0 ALLOW_DIRECT_ACCESS=true METRICS_PORT=9090 \
    "$LIGHTTPD_RUN" --check
ok env RATE_LIMIT=on RATE_LIMIT_BURST=10 RATE_LIMIT_RATE=1 \
    TRUSTED_PROXIES=" 10.0.0.0/8 , ::1,2001:db8::/32, 192.168.1.1/32" \
    RATE_LIMIT_EXEMPT="127.0.0.1,fd00::/8,0.0.0.0/0" "$LIGHTTPD_RUN" --check
ok env RATE_LIMIT=off TRUSTED_PROXIES= RATE_LIMIT_EXEMPT=" " \
    "$LIGHTTPD_RUN" --check

# LOG_DIR: the access log in it, and logrotate's configuration written.
ok env LOG_DIR="$T/logs" MAX_LOG_FILE_SIZE=50MB LOG_RETENTION_WEEKS=2 \
    "$LIGHTTPD_RUN" --print
conf=$(cat "$T/conf")
assert_contains "$conf" "accesslog.filename             = \"$T/logs/lighttpd-access.raw\"" \
    "lighttpd's access lines in LOG_DIR, for the access logger to mend"
assert_contains "$conf" "\"LOG_FILE\"  => \"$T/logs/app.log\"" "workers' app.log"
assert_contains "$conf" "server.errorlog                = \"$T/logs/error.log\"" "error.log"
rot=$(cat "$RUN_DIR/logrotate.conf")
assert_contains "$rot" "\"$T/logs/access.log\" \"$T/logs/app.log\" \"$T/logs/error.log\" \"$T/logs/updater.log\" {" "logs rotated"
assert_contains "$rot" "\"$T/logs/lighttpd-access.raw\" {" "lighttpd's access lines rotated"
assert_contains "$rot" "maxsize 52428800" "MAX_LOG_FILE_SIZE=50MB"
assert_contains "$rot" "maxage 14" "LOG_RETENTION_WEEKS=2"
assert_contains "$rot" "rotate 56" "rotate count"
assert_contains "$rot" "$RUN_DIR/lighttpd.pid" "postrotate's pid file"
assert_not_contains "$rot" "@" "placeholders left"
ok env LOG_DIR="$T/logs" "$LIGHTTPD_RUN" --check
rot=$(cat "$RUN_DIR/logrotate.conf")
assert_contains "$rot" "maxsize 104857600" "MAX_LOG_FILE_SIZE's default"
assert_contains "$rot" "maxage 28" "LOG_RETENTION_WEEKS's default"
if command -v logrotate >/dev/null 2>&1; then
	logrotate -d -s "$T/state" "$RUN_DIR/logrotate.conf" >"$T/out" 2>&1 ||
	    fail "logrotate refuses the configuration: $(cat "$T/out")"
fi
exit 0
