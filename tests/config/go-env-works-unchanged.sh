#!/bin/sh
# An operator's .env from the Go service this one replaces
# (tests/config/go-service.env, a copy of its .env.example) works
# unchanged: `medicaments-fcgi --check-config` and `medicaments-updater
# --check-config`, which script/lighttpd-run and docker/entrypoint run,
# accept it; each of its variables is either honoured (this service's own,
# DISABLE_RATE_LIMITER) or named in a warning that says what to use
# instead, never silently ignored.  DISABLE_RATE_LIMITER=true turns the
# rate limit off exactly as RATE_LIMIT=off does; both, contradicting each
# other, are an error.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_fcgi
require_updater
mkdir -p "$T/db" "$T/run"
# Run as root (a container's tests), the check wants RUN_AS_USER, or
# ALLOW_ROOT for the tests.
as_root=
[ "$(id -u)" -ne 0 ] || as_root=ALLOW_ROOT=1
go_env=$top_srcdir/tests/config/go-service.env
[ -f "$go_env" ] || fail "no $go_env"

# The file's assignments as docker compose's env_file reads them: comments
# and blank lines skipped, an inline comment (" #...") and the blanks
# before it dropped.
set --
while IFS= read -r line; do
	case $line in
	'' | '#'*) continue ;;
	esac
	set -- "$@" "$(printf '%s\n' "$line" | sed -e 's/[[:space:]]\{1,\}#.*$//')"
done <"$go_env"
[ $# -ge 10 ] || fail "only $# assignments in $go_env"

# check PROGRAM VAR=VALUE...: PROGRAM --check-config with a clean
# environment (paths in $T) plus VAR=VALUE...; RC, $T/out, $T/err.
check() {
	_program=$1
	shift
	RC=0
	# shellcheck disable=SC2086
	env -i PATH="$PATH" DB_PATH="$T/db/medicaments.db" RUN_DIR="$T/run" $as_root \
	    DOWNLOAD_EXTRA_CA_FILE= "$@" "$_program" --check-config \
	    >"$T/out" 2>"$T/err" || RC=$?
}

# The whole file: accepted by both programs.
check "$FCGI" "$@"
[ "$RC" -eq 0 ] || fail "the Go service's .env refused: $(cat "$T/err")"
out=$(cat "$T/out")
assert_contains "$out" "ADDRESS='127.0.0.1'" "ADDRESS=localhost"
assert_contains "$out" "LOG_LEVEL='info'" "LOG_LEVEL"
assert_contains "$out" "MAX_REQUEST_BODY='1048576'" "MAX_REQUEST_BODY"
assert_contains "$out" "MAX_HEADER_SIZE='65535'" "MAX_HEADER_SIZE, lighttpd's ceiling"
assert_contains "$out" "RATE_LIMIT='on'" "DISABLE_RATE_LIMITER=false"
err=$(cat "$T/err")
check "$UPDATER" "$@"
[ "$RC" -eq 0 ] || fail "the updater refused the Go service's .env: $(cat "$T/err")"

# Every variable the file names (set or commented out) is this service's
# own (common/env.c's table, which .env.example follows), or the worker's
# check names it in a warning with what to do instead.
ours=" $(sed -n 's/^	{ "\([A-Z][A-Z0-9_]*\)", ".*/\1/p' \
    "$top_srcdir/common/env.c" | tr '\n' ' ') "
[ "${#ours}" -gt 100 ] || fail "common/env.c: its table of variables not found"
n=0
# shellcheck disable=SC2013
for name in $(sed -n 's/^\(# \)\{0,1\}\([A-Z][A-Z0-9_]*\)=.*/\2/p' "$go_env"); do
	case $ours in
	*" $name "*) continue ;;
	esac
	check "$FCGI" "$name=x"
	[ "$RC" -eq 0 ] || fail "$name=x: exit $RC: $(cat "$T/err")"
	assert_eq 1 "$(wc -l <"$T/err" | tr -d ' ')" "$name: lines: $(cat "$T/err")"
	grep -Eq "^medicaments-fcgi: warn: $name: the Go service's variable: .{20,}" \
	    "$T/err" || fail "$name: no warning saying what to do: $(cat "$T/err")"
	# The whole file's run warned about it too, if it sets it.
	if grep -q "^$name=" "$go_env"; then
		assert_contains "$err" "warn: $name: " "$name in the whole file's run"
	fi
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n of the Go service's own variables checked"
# A secret is named, never shown.
check "$FCGI" CF_ACCESS_CLIENT_SECRET=s3cret
assert_not_contains "$(cat "$T/err")" "s3cret" "the secret"

# DISABLE_RATE_LIMITER: RATE_LIMIT's meaning, its strconv.ParseBool
# spellings; against RATE_LIMIT, an error.
for v in true 1 TRUE; do
	check "$FCGI" DISABLE_RATE_LIMITER=$v
	[ "$RC" -eq 0 ] || fail "DISABLE_RATE_LIMITER=$v refused: $(cat "$T/err")"
	assert_contains "$(cat "$T/out")" "RATE_LIMIT='off'" "DISABLE_RATE_LIMITER=$v"
done
check "$FCGI" DISABLE_RATE_LIMITER=true RATE_LIMIT=off
[ "$RC" -eq 0 ] || fail "both, agreeing, refused: $(cat "$T/err")"
check "$FCGI" DISABLE_RATE_LIMITER=false RATE_LIMIT=on
[ "$RC" -eq 0 ] || fail "both, agreeing, refused: $(cat "$T/err")"
for both in "DISABLE_RATE_LIMITER=true RATE_LIMIT=on" \
    "DISABLE_RATE_LIMITER=false RATE_LIMIT=off"; do
	# shellcheck disable=SC2086
	check "$FCGI" $both
	assert_eq 1 "$RC" "$both: exit"
	assert_eq "medicaments-fcgi: error: ${both% *}: contradicts ${both#* }: set only RATE_LIMIT (on or off)" \
	    "$(cat "$T/err")" "$both"
done
check "$FCGI" DISABLE_RATE_LIMITER=maybe
assert_eq 1 "$RC" "DISABLE_RATE_LIMITER=maybe: exit"
assert_contains "$(cat "$T/err")" "medicaments-fcgi: error: DISABLE_RATE_LIMITER=maybe: expected true" \
    "DISABLE_RATE_LIMITER=maybe"

# Serving (as a CGI program): DISABLE_RATE_LIMITER=true answers as
# RATE_LIMIT=off does, without the rate limit's headers.
headers() {
	logs_cgi "$@"
	[ "$RC" -eq 0 ] || fail "$*: exit $RC: $(cat "$T/err")"
	sed -n '/^\r*$/q;p' "$T/out" | grep -v '^Date:' | tr -d '\r'
}
limited=$(headers RATE_LIMIT=on)
assert_contains "$limited" "X-RateLimit-Remaining:" "RATE_LIMIT=on"
off=$(headers RATE_LIMIT=off)
assert_not_contains "$off" "X-RateLimit-Remaining:" "RATE_LIMIT=off"
assert_eq "$off" "$(headers DISABLE_RATE_LIMITER=true)" \
    "DISABLE_RATE_LIMITER=true's answer against RATE_LIMIT=off's"
assert_eq "$off" "$(headers DISABLE_RATE_LIMITER=1 RATE_LIMIT=off)" \
    "both's answer against RATE_LIMIT=off's"
logs_cgi DISABLE_RATE_LIMITER=true RATE_LIMIT=on
assert_eq 1 "$RC" "the worker with both contradicting: exit"
[ ! -s "$T/out" ] || fail "the worker answered anyway: $(head -c 200 "$T/out")"
exit 0
