#!/bin/sh
# `medicaments-fcgi --check-config` reports every bad value, not only the
# first: one line each, in one run, exit 1, nothing on stdout.  With good
# values it prints them normalised as shell assignments (sizes in bytes,
# lighttpd-run's defaults applied), exit 0.  Serving, the worker too says
# every bad value before it exits.  As a CGI program (GATEWAY_INTERFACE
# set) an argument is the request's, never --check-config.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_fcgi
mkdir -p "$T/db" "$T/run" "$T/logs"
# Run as root (a container's tests), the check wants RUN_AS_USER, or
# ALLOW_ROOT for the tests.
as_root=
[ "$(id -u)" -ne 0 ] || as_root=ALLOW_ROOT=1

# check VAR=VALUE...: --check-config with a clean environment plus
# VAR=VALUE...; RC, $T/out, $T/err.
check() {
	RC=0
	# shellcheck disable=SC2086
	env -i PATH="$PATH" DB_PATH="$T/db/medicaments.db" RUN_DIR="$T/run" $as_root \
	    "$@" "$FCGI" --check-config >"$T/out" 2>"$T/err" || RC=$?
}

# Every variable wrong at once: each named on its own line.
check ADDRESS=example.org PORT=0 ALLOW_DIRECT_ACCESS=yes ENV=staging \
    LOG_LEVEL=verbose LOG_RETENTION_WEEKS=0 MAX_LOG_FILE_SIZE=1KB \
    MAX_REQUEST_BODY=0 MAX_HEADER_SIZE=1 WORKERS=0 \
    DB_PATH="$T/nope/medicaments.db" TRUSTED_PROXIES=localhost \
    RATE_LIMIT=yes RATE_LIMIT_EXEMPT=::/129 RATE_LIMIT_BURST=0 \
    RATE_LIMIT_RATE=-3 CORS_ORIGINS=x METRICS_ADDRESS=x METRICS_PORT=x \
    ALLOW_ROOT=yes LOG_DIR="$T/a\\b" RUN_DIR="$T/$(printf '%090d' 0)" \
    MAX_CONNECTIONS=63 MAX_CONNECTIONS_PER_ADDRESS=x READ_TIMEOUT=3601 \
    KEEPALIVE_TIMEOUT=-1
[ "$RC" -eq 1 ] || fail "exit $RC, expected 1"
[ ! -s "$T/out" ] || fail "printed values: $(cat "$T/out")"
for name in ADDRESS PORT ALLOW_DIRECT_ACCESS ENV LOG_LEVEL \
    LOG_RETENTION_WEEKS MAX_LOG_FILE_SIZE MAX_REQUEST_BODY MAX_HEADER_SIZE \
    WORKERS DB_PATH TRUSTED_PROXIES RATE_LIMIT RATE_LIMIT_EXEMPT \
    RATE_LIMIT_BURST RATE_LIMIT_RATE CORS_ORIGINS METRICS_ADDRESS \
    METRICS_PORT ALLOW_ROOT LOG_DIR RUN_DIR MAX_CONNECTIONS \
    MAX_CONNECTIONS_PER_ADDRESS READ_TIMEOUT KEEPALIVE_TIMEOUT; do
	assert_eq 1 "$(grep -c "^medicaments-fcgi: error: $name=" "$T/err")" \
	    "lines naming $name: $(cat "$T/err")"
done
assert_eq 26 "$(wc -l <"$T/err" | tr -d ' ')" "lines: $(cat "$T/err")"
# A value with a newline stays on its line.
check "CORS_ORIGINS=https://a.example
https://b.example" RATE_LIMIT=0
[ "$RC" -eq 1 ] || fail "newline: exit $RC"
assert_eq 2 "$(wc -l <"$T/err" | tr -d ' ')" "newline: lines: $(cat "$T/err")"

# Good values: the normalised ones, for lighttpd-run's eval.
check "ADDRESS=[::1]" PORT=08080 METRICS_ADDRESS=127.0.0.1 METRICS_PORT=09091 \
    WORKERS=1024 MAX_REQUEST_BODY=2MB MAX_HEADER_SIZE=8KB ENV=development \
    LOG_RETENTION_WEEKS=2 MAX_LOG_FILE_SIZE=50MB LOG_DIR="$T/logs" \
    MAX_CONNECTIONS=064 MAX_CONNECTIONS_PER_ADDRESS=1 READ_TIMEOUT=3600 \
    KEEPALIVE_TIMEOUT=1
[ "$RC" -eq 0 ] || fail "good values refused: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "good values: stderr: $(cat "$T/err")"
assert_eq "ADDRESS='::1'
PORT='8080'
METRICS_ADDRESS='127.0.0.1'
METRICS_PORT='9091'
WORKERS='1024'
MAX_REQUEST_BODY='2097152'
MAX_HEADER_SIZE='8192'
LOG_LEVEL='debug'
LOG_RETENTION_WEEKS='2'
MAX_LOG_FILE_SIZE='52428800'
MAX_CONNECTIONS='64'
MAX_CONNECTIONS_PER_ADDRESS='1'
READ_TIMEOUT='3600'
KEEPALIVE_TIMEOUT='1'
RATE_LIMIT='on'
LIGHTTPD_MAX_FDS='384'" "$(cat "$T/out")" "normalised values"
# The defaults: lighttpd-run's; METRICS_PORT set but empty is no listener.
check METRICS_PORT=
[ "$RC" -eq 0 ] || fail "defaults refused: $(cat "$T/err")"
(
	. "$T/out"
	workers=$(($(nproc) * 2))
	[ "$workers" -le 1024 ] || workers=1024
	# Two descriptors a connection and 256 more, under the hard limit
	# of open files, silently for the default.
	connections=16384
	hard=$(ulimit -H -n)
	[ "$hard" = unlimited ] || [ "$hard" -ge 33024 ] ||
	    connections=$(((hard - 256) / 2))
	assert_eq "$((connections * 2 + 256))" "$LIGHTTPD_MAX_FDS" "max-fds"
	assert_eq "127.0.0.1 8000 127.0.0.1  $workers 1024 8192 info 4 104857600 $connections 100 10 5" \
	    "$ADDRESS $PORT $METRICS_ADDRESS $METRICS_PORT $WORKERS $MAX_REQUEST_BODY $MAX_HEADER_SIZE $LOG_LEVEL $LOG_RETENTION_WEEKS $MAX_LOG_FILE_SIZE $MAX_CONNECTIONS $MAX_CONNECTIONS_PER_ADDRESS $READ_TIMEOUT $KEEPALIVE_TIMEOUT" \
	    "defaults"
) || exit 1
check
assert_contains "$(cat "$T/out")" "METRICS_PORT='9090'" "METRICS_PORT's default"
check PORT=9090
assert_contains "$(cat "$T/err")" "METRICS_PORT=9090: must differ from PORT" "same port"

# Serving (as a CGI program): every bad value too, then no answer.  The
# CGI request's query string without '=' is its argument (RFC 3875 4.4).
cgi() {
	LOGS_CGI_ARGS=--check-config
	logs_cgi QUERY_STRING=--check-config "$@"
	LOGS_CGI_ARGS=
}
cgi RATE_LIMIT=yes WORKERS=0 TRUSTED_PROXIES=x
[ "$RC" -eq 1 ] || fail "worker: exit $RC, expected 1"
[ ! -s "$T/out" ] || fail "worker answered anyway: $(head -c 200 "$T/out")"
assert_eq 3 "$(wc -l <"$T/err" | tr -d ' ')" "worker: lines: $(cat "$T/err")"
for name in RATE_LIMIT WORKERS TRUSTED_PROXIES; do
	assert_contains "$(cat "$T/err")" "medicaments-fcgi: error: $name=" "worker"
done
# A CGI request's argument (a query string without '=') is no option.
cgi
[ "$RC" -eq 0 ] || fail "CGI with an argument: exit $RC: $(cat "$T/err")"
assert_contains "$(head -n 1 "$T/out")" "Status: 503" "CGI answer"
assert_not_contains "$(cat "$T/out")" "ADDRESS=" "configuration printed"

# Anything else on the command line is a usage error.
RC=0
"$FCGI" --check >"$T/out" 2>"$T/err" </dev/null || RC=$?
assert_eq 2 "$RC" "unknown option: exit"
assert_contains "$(cat "$T/err")" "usage: medicaments-fcgi [--check-config]" "usage"
exit 0
