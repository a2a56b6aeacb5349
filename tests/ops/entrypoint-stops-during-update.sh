#!/bin/sh
# SIGTERM while the first update is still downloading (a stalled BDPM
# server): the entry point interrupts the updater, which leaves no
# temporary file and no database, stops lighttpd and its workers, and exits
# 0 at once, without waiting for the download to time out.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/ops/lib-ops.sh"

require_updater
require_fcgi
require_cmd lighttpd curl python3
require_service_user
make_root

start_server "$FIXTURES" --stall-seconds 120
start_entrypoint BDPM_BASE_URL="$BASE/stall:CIS_bdpm.txt" \
    DOWNLOAD_STALL_TIMEOUT=300 DOWNLOAD_RETRIES=0
wait_for_request "/stall:CIS_bdpm.txt/CIS_bdpm.txt" 60
wait_for_port 127.0.0.1 "$HTTP_PORT"
# Meanwhile the API is up, and says why it cannot answer yet.
wait_for_status "http://127.0.0.1:$HTTP_PORT/health" 503 30

pids=$(descendants "$EP_PID")
# shellcheck disable=SC2086
comms=$(names $pids)
assert_contains "$comms" medicaments-upd "processes of the entry point"
assert_contains "$comms" lighttpd "processes of the entry point"

stop_entrypoint 30
assert_eq 0 "$EP_STATUS" "exit status after SIGTERM"
# shellcheck disable=SC2086
assert_all_gone $pids
[ ! -e "$R/data/medicaments.db" ] || fail "a database was published"
assert_no_temp_files "$R/data"
assert_contains "$(cat "$EP_LOG")" "stopped" "entry point's log"
exit 0
