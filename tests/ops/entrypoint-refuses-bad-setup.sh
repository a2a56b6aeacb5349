#!/bin/sh
# The entry point refuses to start, with exit status 1 and one error line
# of its own, before it starts anything: a data or log directory the
# service's user cannot write (a volume mounted with the wrong owner), no
# writable RUN_DIR (a read-only root without its tmpfs), running as root,
# an unknown option (its line names the problem); a value script/lighttpd-run
# or the updater's --check-config refuses, the schedule's included (their
# line, shown above the entry point's, names it).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/ops/lib-ops.sh"

require_updater
require_fcgi
require_cmd lighttpd timeout
require_service_user
make_root

# refused NEEDLE NAME=VALUE... [-- ARG...]: the entry point, in the
# container's environment with NAME=VALUE..., exits 1 at once (60 s at
# most) with one error line of its own; NEEDLE is in its output (its own
# line, or the checking program's it shows).
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
	assert_eq 1 "$(grep -c 'entrypoint: error: ' "$T/stderr")" "entry point's error lines with $_what"
	assert_contains "$(cat "$T/stderr")" "$_needle" "error output with $_what"
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
# The schedule: the updater's --at, --retry, --every and --mirror refuse.
refused '"6h" is not a time HH:MM' UPDATE_TIMES="6h"
refused '"6:00" is not a time HH:MM' UPDATE_TIMES="06:00 6:00"
refused '--at " ": no time' UPDATE_TIMES=" "
refused '--retry "1": expected seconds, 10 to 999999' UPDATE_RETRY_INTERVAL=1
refused '--every "0": expected seconds, 1 to 999999' MIRROR_URL=http://127.0.0.1:1/v1/database MIRROR_INTERVAL=0
refused '--every "1000000": expected seconds' MIRROR_URL=http://127.0.0.1:1/v1/database MIRROR_INTERVAL=1000000
refused 'not "ftp://builder/medicaments.db"' MIRROR_URL=ftp://builder/medicaments.db
refused "UPDATER_BIN" UPDATER_BIN="$T/none"
refused "unknown option" -- --bogus
# Nothing was built, nothing left behind.
[ ! -e "$R/data/medicaments.db" ] || fail "a database was built"
exit 0
