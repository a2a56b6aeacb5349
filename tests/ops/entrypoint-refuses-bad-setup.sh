#!/bin/sh
# The entry point refuses to start, with one error line naming the problem
# and exit status 1, before it starts anything: a data or log directory the
# service's user cannot write (a volume mounted with the wrong owner), no
# writable RUN_DIR (a read-only root without its tmpfs), a value
# script/lighttpd-run refuses, running as root; and an unknown option.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/ops/lib-ops.sh"

require_updater
require_fcgi
require_cmd lighttpd timeout
require_service_user
make_root

# refused NEEDLE NAME=VALUE... [-- ARG...]: the entry point, in the
# container's environment with NAME=VALUE..., exits 1 at once (60 s at
# most) with an error line holding NEEDLE.
refused() {
	_needle=$1
	shift
	_what="$*"
	RC=0
	(
		_vars=
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			_vars="$_vars$1
"
			shift
		done
		[ $# -eq 0 ] || shift
		# The variables, one per line, back into arguments before the
		# command: values may hold blanks.
		_cmd="$*"
		set --
		_old_ifs=$IFS
		IFS='
'
		for _v in $_vars; do
			set -- "$@" "$_v"
		done
		IFS=$_old_ifs
		# shellcheck disable=SC2086
		service_exec PORT="$(free_port)" ADDRESS=127.0.0.1 "$@" \
		    timeout 60 "$APP/docker/entrypoint" $_cmd
	) >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_eq 1 "$RC" "exit status with $_what"
	_line=$(grep 'entrypoint: error: ' "$T/stderr" | head -n 1)
	assert_contains "$_line" "$_needle" "error line with $_what"
}

if [ "$(id -u)" -eq 0 ]; then
	mkdir "$T/rootonly"
	chmod 755 "$T/rootonly"
	refused "LOG_DIR: $T/rootonly is not writable" LOG_DIR="$T/rootonly"
	refused "DB_PATH: $T/rootonly is not writable" DB_PATH="$T/rootonly/medicaments.db"
	refused "mount a tmpfs there" RUN_DIR="$T/rootonly/medicaments"
	# As root (no setpriv): refused unless ALLOW_ROOT=1.
	RC=0
	env -i PATH="$OPS_PATH" DB_PATH="$R/data/m.db" LOG_DIR="$R/logs" \
	    RUN_DIR="$R/run/medicaments" UPDATER_BIN="$UPDATER" \
	    timeout 60 "$APP/docker/entrypoint" >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_eq 1 "$RC" "exit status as root"
	assert_contains "$(cat "$T/stderr")" "running as root" "error as root"
fi
refused "$R/nowhere does not exist" DB_PATH="$R/nowhere/medicaments.db"
refused "environment is invalid" PORT=0
refused "environment is invalid" ADDRESS=0.0.0.0 ALLOW_DIRECT_ACCESS=false
refused "environment is invalid" "BDPM_BASE_URL=https://a,https://b"
refused "environment is invalid" DOWNLOAD_RETRIES=x
refused "UPDATE_TIMES" UPDATE_TIMES="6h"
refused "UPDATE_RETRY_INTERVAL" UPDATE_RETRY_INTERVAL=1
refused "MIRROR_INTERVAL" MIRROR_URL=http://127.0.0.1:1/v1/database MIRROR_INTERVAL=0
refused "MIRROR_URL" MIRROR_URL=ftp://builder/medicaments.db
refused "UPDATER_BIN" UPDATER_BIN="$T/none"
refused "unknown option" -- --bogus
# Nothing was built, nothing left behind.
[ ! -e "$R/data/medicaments.db" ] || fail "a database was built"
exit 0
