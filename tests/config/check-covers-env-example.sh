#!/bin/sh
# Every variable of .env.example is validated by `medicaments-fcgi
# --check-config` (fcgi/settings.c), the check script/lighttpd-run runs:
# one bad value makes it exit 1 with exactly one error line naming the
# variable, and nothing on stdout.  The few variables that belong to
# another program are listed below with the program that checks them; a
# variable added to .env.example without either fails this test.
# .env.example's own values pass.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_fcgi
example=$top_srcdir/.env.example
[ -f "$example" ] || fail "no .env.example"
mkdir -p "$T/db" "$T/run"
# Run as root (a container's tests), the check wants RUN_AS_USER, or
# ALLOW_ROOT for the tests.
as_root=
[ "$(id -u)" -ne 0 ] || as_root=ALLOW_ROOT=1
long_dir=$T/$(printf '%090d' 0)

# Not the service's: their own program checks them.
#   BDPM_BASE_URL, DOWNLOAD_*: the updater (config-updater-refuses-bad-values.sh,
#   tests/updater/bad-options.sh)
#   UPDATE_TIMES, UPDATE_RETRY_INTERVAL, LOGROTATE_INTERVAL: docker/entrypoint
#   TZ: the C library's (any name; an unknown one is UTC)
others=" BDPM_BASE_URL DOWNLOAD_EXTRA_CA_FILE DOWNLOAD_CA_FILE UPDATE_TIMES \
UPDATE_RETRY_INTERVAL LOGROTATE_INTERVAL TZ "

# bad NAME: a value of NAME that --check-config must refuse.
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
	RATE_LIMIT_EXEMPT) echo localhost ;;
	RATE_LIMIT_BURST) echo 0 ;;
	RATE_LIMIT_RATE) echo fast ;;
	CORS_ORIGINS) echo https://a.example/x ;;
	METRICS_ADDRESS) echo 10.0.0.256 ;;
	METRICS_PORT) echo 65536 ;;
	ALLOW_ROOT) echo yes ;;
	LOG_DIR) echo "$T/a\"b" ;;
	RUN_DIR) echo "$long_dir" ;;
	*) return 1 ;;
	esac
}

# check VAR=VALUE...: --check-config with a clean environment (paths in
# $T, no metrics listener) plus VAR=VALUE...; RC, $T/out, $T/err.
check() {
	RC=0
	# shellcheck disable=SC2086
	env -i PATH="$PATH" DB_PATH="$T/db/medicaments.db" RUN_DIR="$T/run" $as_root \
	    METRICS_PORT= "$@" "$FCGI" --check-config >"$T/out" 2>"$T/err" ||
	    RC=$?
}

names=$(sed -n 's/^\(# \)\{0,1\}\([A-Z][A-Z0-9_]*\)=.*/\2/p' "$example")
[ -n "$names" ] || fail ".env.example: no variable found"
n=0
for name in $names; do
	case $others in
	*" $name "*) continue ;;
	esac
	value=$(bad "$name") ||
	    fail "$name (.env.example): neither checked by --check-config here nor listed as another program's"
	check "$name=$value"
	[ "$RC" -eq 1 ] || fail "$name=$value: exit $RC, expected 1: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "$name=$value: printed values: $(cat "$T/out")"
	assert_eq 1 "$(wc -l <"$T/err" | tr -d ' ')" "$name=$value: lines on stderr: $(cat "$T/err")"
	assert_contains "$(cat "$T/err")" "medicaments-fcgi: error: $name=" "$name=$value"
	n=$((n + 1))
done
[ "$n" -ge 15 ] || fail "only $n variables of .env.example checked"

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
check "$@"
[ "$RC" -eq 0 ] || fail ".env.example's values refused: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail ".env.example's values: stderr: $(cat "$T/err")"
exit 0
