#!/bin/sh
# The Dockerfile's ENTRYPOINT as it is written (tini, then the entry point),
# played outside Docker with tini registered as a subreaper (TINI_SUBREAPER:
# what PID 1 is in a container): the service serves /health, and SIGTERM
# sent to tini, as docker stop sends it, stops every process and exits 0.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/ops/lib-ops.sh"

require_updater
require_fcgi
require_cmd lighttpd curl tini
require_service_user
make_root

# ENTRYPOINT ["/usr/bin/tini", "--", "/opt/medicaments-api/docker/entrypoint"]:
# its words, the image's paths moved to this machine's tini and $R.
words=$(sed -n 's/^ENTRYPOINT \[\(.*\)\]$/\1/p' "$top_srcdir/Dockerfile" |
    tr -d '",' )
[ -n "$words" ] || fail "no ENTRYPOINT [...] line in the Dockerfile"
EP_COMMAND=
for w in $words; do
	case $w in
	/usr/bin/tini) w=$(command -v tini) ;;
	/opt/medicaments-api/*) w=$R$w ;;
	esac
	EP_COMMAND="$EP_COMMAND $w"
done
case $EP_COMMAND in
*/tini' -- '*/docker/entrypoint) ;;
*) fail "ENTRYPOINT is not tini -- docker/entrypoint: $EP_COMMAND" ;;
esac

start_entrypoint TINI_SUBREAPER=1
db=$R/data/medicaments.db
wait_for_file "$db" 120
wait_for_status "http://127.0.0.1:$HTTP_PORT/health" 200 60
pids=$(descendants "$EP_PID")
# shellcheck disable=SC2086
comms=$(names $pids)
assert_eq tini "$(names "$EP_PID")" "the first process"
assert_contains "$comms" lighttpd "processes under tini"
assert_contains "$comms" medicaments-upd "processes under tini"

stop_entrypoint 60
assert_eq 0 "$EP_STATUS" "tini's exit status after SIGTERM"
# shellcheck disable=SC2086
assert_all_gone $pids
assert_contains "$(cat "$EP_LOG")" "SIGTERM: stopping" "entry point's log"
assert_contains "$(cat "$EP_LOG")" "stopped" "entry point's log"
assert_not_contains "$(cat "$EP_LOG")" "WARN" "tini's warnings"
assert_no_temp_files "$R/data"
exit 0
