#!/bin/sh
# The worker checks its environment once, at start: a value it does not
# understand makes it exit non-zero with exactly one line on stderr naming
# the variable, before answering anything, rather than serve with a
# setting the operator did not choose.  Good values are accepted.  Run as
# a CGI program (one request from the environment), the way lighttpd-cgi
# and Apache run it; under lighttpd's FastCGI it reads the same settings.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_fcgi
require_cmd python3
mkdir -p "$T/db"

# cgi VAR=VALUE...: runs the worker for GET /health with a clean
# environment plus VAR=VALUE...; RC, $T/out, $T/err.
cgi() {
	logs_cgi "$@"
}

# refused VAR=VALUE... NEEDLE
refused() {
	_needle=$(eval "echo \"\${$#}\"")
	_args=
	while [ $# -gt 1 ]; do
		_args="$_args $1"
		shift
	done
	# shellcheck disable=SC2086
	cgi $_args
	[ "$RC" -ne 0 ] || fail "$_args: accepted"
	[ "$RC" -lt 128 ] || fail "$_args: died of signal $((RC - 128))"
	[ ! -s "$T/out" ] || fail "$_args: answered anyway: $(head -c 200 "$T/out")"
	assert_eq 1 "$(wc -l <"$T/err" | tr -d ' ')" "$_args: lines on stderr: $(cat "$T/err")"
	assert_contains "$(cat "$T/err")" "medicaments-fcgi: error: " "$_args"
	assert_contains "$(cat "$T/err")" "$_needle" "$_args"
}

refused ENV=staging "ENV=staging"
refused LOG_LEVEL=verbose "LOG_LEVEL=verbose"
refused RATE_LIMIT=yes "RATE_LIMIT=yes"
refused RATE_LIMIT=0 "RATE_LIMIT=0"
refused WORKERS=0 "WORKERS=0"
refused WORKERS=many "WORKERS=many"
refused METRICS_PORT=0 "METRICS_PORT=0"
refused METRICS_PORT=65536 "METRICS_PORT=65536"
refused METRICS_PORT=x "METRICS_PORT=x"
refused RATE_LIMIT_BURST=0 "RATE_LIMIT_BURST=0"
refused RATE_LIMIT_RATE=-3 "RATE_LIMIT_RATE=-3"
refused ALLOW_ROOT=yes "ALLOW_ROOT=yes"
refused TRUSTED_PROXIES=localhost "TRUSTED_PROXIES=localhost"
refused "TRUSTED_PROXIES=10.0.0.1,,10.0.0.2" "TRUSTED_PROXIES="
refused RATE_LIMIT_EXEMPT=10.0.0.0/33 '"10.0.0.0/33"'
refused RATE_LIMIT_EXEMPT=::/129 '"::/129"'
refused "CORS_ORIGINS=https://a.example,*" '"*": a wildcard'
refused "CORS_ORIGINS=https://a.example/x" '"https://a.example/x": an origin has no path'
refused "LOG_FILE=$T/no/such/dir/app.log" "LOG_FILE=$T/no/such/dir/app.log"

# Accepted: an answer (503: no database yet), nothing on stderr but the
# log lines (the missing database), and with LOG_FILE nothing at all.
cgi ENV=development LOG_LEVEL=error RATE_LIMIT=on WORKERS=4 \
    METRICS_PORT=09090 RATE_LIMIT_BURST=10 RATE_LIMIT_RATE=1 \
    "TRUSTED_PROXIES= 10.0.0.0/8 , ::1" \
    "RATE_LIMIT_EXEMPT=127.0.0.0/8,2001:db8::/32"
[ "$RC" -eq 0 ] || fail "good values refused: $(cat "$T/err")"
assert_contains "$(head -n 1 "$T/out")" "Status: 503" "answer"
# 127.0.0.1 is exempt: its bucket stays full.
assert_contains "$(cat "$T/out")" "X-RateLimit-Remaining: 10" "exempt client"
cgi RATE_LIMIT=on RATE_LIMIT_BURST=10 RATE_LIMIT_RATE=1
assert_contains "$(cat "$T/out")" "X-RateLimit-Remaining: 5" "counted client"
cgi "LOG_FILE=$T/app.log" LOG_LEVEL=debug ENV= TRUSTED_PROXIES= \
    RATE_LIMIT_EXEMPT= RATE_LIMIT=
[ "$RC" -eq 0 ] || fail "LOG_FILE refused: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "with LOG_FILE, stderr: $(cat "$T/err")"
n=$(json_lines "$T/app.log")
[ "$n" -ge 2 ] || fail "$n lines in LOG_FILE"
assert_contains "$(cat "$T/app.log")" '"level":"error","program":"medicaments-fcgi"' "error line"
assert_contains "$(cat "$T/app.log")" '"level":"debug"' "debug line"
# A bad value with LOG_FILE set: still one line, on stderr (and the file).
refused "LOG_FILE=$T/app.log" RATE_LIMIT=maybe "RATE_LIMIT=maybe"
exit 0
