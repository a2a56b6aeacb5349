#!/bin/sh
# .env.example is the one reference of the environment: it documents
# exactly the variables common/env.c declares (its table, which every
# reader of a variable goes through), and each of them is checked by
# `medicaments-fcgi --check-config` or `medicaments-updater --check-config`
# (script/lighttpd-run and docker/entrypoint run them): one bad value
# makes the check exit 1 with exactly one error line naming the variable,
# and nothing on stdout.  The few exceptions are listed below with why; a
# variable added to one of the three without the others fails this test.
# .env.example's own values pass both checks.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_fcgi
require_updater
example=$top_srcdir/.env.example
[ -f "$example" ] || fail "no .env.example"
mkdir -p "$T/db" "$T/run" "$T/dir"
# Run as root (a container's tests), the check wants RUN_AS_USER, or
# ALLOW_ROOT for the tests.
as_root=
[ "$(id -u)" -ne 0 ] || as_root=ALLOW_ROOT=1
long_dir=$T/$(printf '%090d' 0)

# Declared (common/env.c) and documented (.env.example): the same names.
declared=$(sed -n 's/^	{ "\([A-Z][A-Z0-9_]*\)", ".*/\1/p' \
    "$top_srcdir/common/env.c" | sort)
documented=$(sed -n 's/^\(# \)\{0,1\}\([A-Z][A-Z0-9_]*\)=.*/\2/p' "$example" |
    sort -u)
[ "$(printf '%s\n' "$declared" | wc -l)" -ge 40 ] ||
    fail "common/env.c: its table of variables not found"
missing=$(printf '%s\n' "$declared" | grep -vxF "$documented" || true)
[ -z "$missing" ] || fail "declared in common/env.c, not in .env.example: $missing"
extra=$(printf '%s\n' "$documented" | grep -vxF "$declared" || true)
[ -z "$extra" ] || fail "in .env.example, not declared in common/env.c: $extra"

# Whose --check-config checks each (the table's second column): the
# worker's or the updater's; the others say who does instead (FCGI_BIN:
# script/lighttpd-run, the checker's own; TZ: the C library, any name, an
# unknown one is UTC).  SWAGGER_UI_DIR is only warned about (below).
checkers=$(sed -n 's/^	{ "\([A-Z][A-Z0-9_]*\)", "\([^"]*\)" },$/\1 \2/p' \
    "$top_srcdir/common/env.c")

# bad NAME: a value its --check-config refuses.
bad() {
	case $1 in
	ADDRESS) echo example.org ;;
	PORT) echo 0 ;;
	ENV) echo staging ;;
	ALLOW_DIRECT_ACCESS) echo yes ;;
	LOG_LEVEL) echo verbose ;;
	LOG_RETENTION_WEEKS) echo 53 ;;
	MAX_LOG_FILE_SIZE) echo 1KB ;;
	MAX_REQUEST_BODY) echo 2GB ;;
	MAX_HEADER_SIZE) echo 101MB ;;
	MAX_CONNECTIONS) echo 40000 ;;
	MAX_CONNECTIONS_PER_ADDRESS) echo 0 ;;
	READ_TIMEOUT) echo 0 ;;
	KEEPALIVE_TIMEOUT) echo 5s ;;
	WORKERS) echo 1025 ;;
	DB_PATH) echo "$T/nope/medicaments.db" ;;
	TRUSTED_PROXIES) echo 10.0.0.0/33 ;;
	RATE_LIMIT) echo yes ;;
	DISABLE_RATE_LIMITER) echo maybe ;;
	RATE_LIMIT_EXEMPT) echo localhost ;;
	RATE_LIMIT_BURST) echo 0 ;;
	RATE_LIMIT_RATE) echo fast ;;
	RATE_LIMIT_FILE) echo "$T/a
b" ;;
	CORS_ORIGINS) echo https://a.example/x ;;
	METRICS_ADDRESS) echo 10.0.0.256 ;;
	METRICS_PORT) echo 65536 ;;
	ALLOW_ROOT) echo yes ;;
	LOG_DIR) echo "$T/a\"b" ;;
	RUN_DIR) echo "$long_dir" ;;
	LOG_FILE) echo "$T/nope/app.log" ;;
	ACCESSLOG_BIN) echo "$T/dir" ;;
	HTML_DIR) echo "$T/nope" ;;
	LIGHTTPD) echo no-such-lighttpd ;;
	LOGROTATE_TEMPLATE) echo "$T/nope.conf.in" ;;
	RUN_AS_USER) if [ "$(id -u)" -eq 0 ]; then
		echo no-such-user-here
	else
		echo nobody
	fi ;;
	BDPM_BASE_URL) echo ftp://example.org ;;
	DOWNLOAD_CA_FILE) echo "$T/nope.pem" ;;
	DOWNLOAD_EXTRA_CA_FILE) echo "$T/nope.pem" ;;
	DOWNLOAD_CONNECT_TIMEOUT) echo 0 ;;
	DOWNLOAD_TIMEOUT) echo 1.5 ;;
	DOWNLOAD_STALL_TIMEOUT) echo soon ;;
	DOWNLOAD_RETRIES) echo 11 ;;
	CHANGES_RETENTION_DAYS) echo 36501 ;;
	DOWNLOAD_RETRY_DELAY) echo 301 ;;
	DOWNLOAD_MAX_BYTES) echo 0 ;;
	MIRROR_MAX_BYTES) echo 1TB ;;
	MIRROR_URL) echo ftp://example.org/db ;;
	MIRROR_INTERVAL) echo 0 ;;
	UPDATE_TIMES) echo 24:00 ;;
	UPDATE_RETRY_INTERVAL) echo 9 ;;
	LOGROTATE_INTERVAL) echo 1000000 ;;
	UPDATER_BIN) echo "$T/dir" ;;
	LIGHTTPD_RUN) echo "$T/nope" ;;
	*) return 1 ;;
	esac
}

# check PROGRAM VAR=VALUE...: PROGRAM's --check-config with a clean
# environment (paths in $T, no metrics listener, no extra certificates)
# plus VAR=VALUE...; RC, $T/out, $T/err.
check() {
	_program=$1
	shift
	RC=0
	# shellcheck disable=SC2086
	env -i PATH="$PATH" DB_PATH="$T/db/medicaments.db" RUN_DIR="$T/run" $as_root \
	    METRICS_PORT= DOWNLOAD_EXTRA_CA_FILE= "$@" "$_program" --check-config \
	    >"$T/out" 2>"$T/err" || RC=$?
}

n=0
for name in $documented; do
	checker=$(printf '%s\n' "$checkers" | sed -n "s/^$name //p")
	case $checker in
	medicaments-fcgi) bin=$FCGI ;;
	medicaments-updater) bin=$UPDATER ;;
	*) continue ;;
	esac
	[ "$name" != SWAGGER_UI_DIR ] || continue
	value=$(bad "$name") ||
	    fail "$name (.env.example): no bad value known here for $checker --check-config"
	check "$bin" "$name=$value"
	[ "$RC" -eq 1 ] || fail "$name=$value: exit $RC, expected 1: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "$name=$value: printed values: $(cat "$T/out")"
	assert_eq 1 "$(wc -l <"$T/err" | tr -d ' ')" "$name=$value: lines on stderr: $(cat "$T/err")"
	grep -Eq "^$checker: error: ${name}[=: ]" "$T/err" ||
	    fail "$name=$value: no error line naming it: $(cat "$T/err")"
	n=$((n + 1))
done
[ "$n" -ge 45 ] || fail "only $n variables of .env.example checked"
# SWAGGER_UI_DIR: a warning, not an error.
check "$FCGI" SWAGGER_UI_DIR="$T/nope"
[ "$RC" -eq 0 ] || fail "SWAGGER_UI_DIR: exit $RC: $(cat "$T/err")"
assert_contains "$(cat "$T/err")" "medicaments-fcgi: warn: SWAGGER_UI_DIR=$T/nope: missing" \
    "SWAGGER_UI_DIR"

# .env.example's values, as they are (its directories pointed into $T).
set --
while IFS= read -r line; do
	case $line in
	DB_PATH=* | LOG_DIR=* | RUN_DIR=*) ;;
	*) set -- "$@" "$line" ;;
	esac
done <<END
$(grep -E '^[A-Z][A-Z0-9_]*=' "$example")
END
for bin in "$FCGI" "$UPDATER"; do
	check "$bin" "$@"
	[ "$RC" -eq 0 ] || fail "$bin: .env.example's values refused: $(cat "$T/err")"
	[ ! -s "$T/err" ] || fail "$bin: .env.example's values: stderr: $(cat "$T/err")"
done
exit 0
