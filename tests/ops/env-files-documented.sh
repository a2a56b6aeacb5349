#!/bin/sh
# .env.example documents every setting (a comment right above each, the
# default as its value), .env.docker holds the container's values, both are
# in docker's env_file syntax (NAME=value, comments on their own lines),
# and both pass the service's own checks as they are (docker/entrypoint
# --check, which runs script/lighttpd-run --check) — with the directories
# pointed into a temporary root.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/ops/lib-ops.sh"

example=$top_srcdir/.env.example
docker=$top_srcdir/.env.docker
[ -f "$example" ] || fail "no .env.example"
[ -f "$docker" ] || fail "no .env.docker"

# Syntax: blank, "# comment" or NAME=value without quotes nor a trailing
# comment (env_file would keep them in the value).
for f in "$example" "$docker"; do
	bad=$(grep -nvE '^$|^#|^[A-Z][A-Z0-9_]*=[^"'"'"'#]*$' "$f" || true)
	[ -z "$bad" ] || fail "$(basename "$f"): not env_file syntax: $bad"
	dups=$(sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' "$f" | sort | uniq -d)
	[ -z "$dups" ] || fail "$(basename "$f"): set twice: $dups"
done

# Every variable of the issue, documented: "NAME=" or "# NAME=" (unset by
# default), with a comment line right above.
for name in ADDRESS PORT ENV ALLOW_DIRECT_ACCESS LOG_LEVEL \
    LOG_RETENTION_WEEKS MAX_LOG_FILE_SIZE MAX_REQUEST_BODY MAX_HEADER_SIZE \
    WORKERS DB_PATH BDPM_BASE_URL TRUSTED_PROXIES RATE_LIMIT \
    RATE_LIMIT_EXEMPT METRICS_ADDRESS METRICS_PORT MAX_CONNECTIONS \
    READ_TIMEOUT KEEPALIVE_TIMEOUT MAX_CONNECTIONS_PER_ADDRESS; do
	awk -v name="$name" '
	function is_doc(l) { return l ~ /^# / && l !~ /^# [A-Z][A-Z0-9_]*=/ }
	$0 ~ "^(# )?" name "=" {
		found = 1
		# the comment lines above, past any other commented-out setting
		if (!is_doc(prev)) exit 2
	}
	{ prev = $0 }
	END { exit found ? 0 : 1 }' "$example" || {
		case $? in
		1) fail ".env.example: $name is not there" ;;
		*) fail ".env.example: $name has no comment right above it" ;;
		esac
	}
done

# .env.docker: the container's values (MAX_HEADER_SIZE is within
# lighttpd's 64 KB ceiling instead of the Go service's 2MB); everything it
# sets is documented in .env.example.
for pair in ADDRESS=0.0.0.0 PORT=8000 ENV=production ALLOW_DIRECT_ACCESS=true \
    LOG_LEVEL=info LOG_RETENTION_WEEKS=2 MAX_LOG_FILE_SIZE=50MB \
    MAX_REQUEST_BODY=2MB; do
	grep -qx "$pair" "$docker" || fail ".env.docker: no line $pair"
done
grep -q '^MAX_HEADER_SIZE=' "$docker" || fail ".env.docker: no MAX_HEADER_SIZE"
# shellcheck disable=SC2013
for name in $(sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' "$docker"); do
	grep -qE "^(# )?$name=" "$example" ||
	    fail ".env.docker sets $name, which .env.example does not document"
done

# Both pass the checks, as the service's user, the directories moved into
# a temporary root.
require_updater
require_fcgi
require_cmd lighttpd
require_service_user
make_root

# check_file FILE: docker/entrypoint --check with FILE's settings.
check_file() {
	RC=0
	_file=$1
	(
		set --
		while IFS= read -r _line; do
			case $_line in
			'' | '#'*) continue ;;
			DB_PATH=* | LOG_DIR=* | RUN_DIR=*) continue ;;
			esac
			set -- "$@" "$_line"
		done <"$_file"
		service_exec "$@" "$APP/docker/entrypoint" --check
	) >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_eq 0 "$RC" "docker/entrypoint --check with $(basename "$1")"
	assert_contains "$(cat "$T/stderr")" "configuration OK" "$(basename "$1")"
}
check_file "$docker"
check_file "$example"
exit 0
