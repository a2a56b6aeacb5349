#!/bin/sh
# The container's entry point, played outside Docker as UID 65534 in a
# temporary root laid out as the image: on first start it builds the
# database (BDPM_BASE_URL=file://, the fixtures), serves /health with 200
# through lighttpd, plans the next update, rotates the logs, passes its own
# health check, runs everything as that user, and
# on SIGTERM (docker stop) stops every process it started and exits 0.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/ops/lib-ops.sh"

require_updater
require_fcgi
require_cmd lighttpd curl python3
require_service_user
make_root

# Sizes with suffixes, as .env.docker writes them.
start_entrypoint MAX_REQUEST_BODY=2MB MAX_HEADER_SIZE=32KB
db=$R/data/medicaments.db

# First start: no database, so the updater runs.
wait_for_file "$db" 120
wait_for_port 127.0.0.1 "$HTTP_PORT"
wait_for_status "http://127.0.0.1:$HTTP_PORT/health" 200 60
assert_contains "$(cat "$T/body")" '"status":"healthy"' "/health"
assert_sql "$db" 16 "SELECT count(*) FROM medicaments"

# The pages, from where the Dockerfile puts them.
wait_for_status "http://127.0.0.1:$HTTP_PORT/" 200 10
if [ -d "$APP/node_modules/swagger-ui-dist" ]; then
	wait_for_status "http://127.0.0.1:$HTTP_PORT/docs/swagger-ui/swagger-ui.css" 200 10
fi
# The request limits took the suffixed values: a 20 KB header passes
# (lighttpd's default, 8 KB, would refuse it), a 40 KB one is refused (431).
header() {
	python3 -c 'import sys; print("a" * int(sys.argv[1]))' "$1"
}
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
    -H "X-Big: $(header 20000)" "http://127.0.0.1:$HTTP_PORT/health")
assert_eq 200 "$status" "a 20 KB header with MAX_HEADER_SIZE=32KB"
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
    -H "X-Big: $(header 40000)" "http://127.0.0.1:$HTTP_PORT/health")
assert_eq 431 "$status" "a 40 KB header with MAX_HEADER_SIZE=32KB"

# The updater planned its next run at the first 06:00 or 18:00 to come
# (TZ=UTC here): one of them, within twelve hours.
n=0
until grep -q 'next run: ' "$R/logs/updater.log" 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -le 300 ] || fail "no 'next run' line in updater.log: $(cat "$R/logs/updater.log" "$EP_LOG")"
	sleep 0.1
done
next=$(sed -n 's/.*next run: \([0-9: -]*\) UTC.*/\1/p' "$R/logs/updater.log" | tail -n 1)
case $next in
[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' '06:00 | \
[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' '18:00) ;;
*) fail "next run: '$next' is not a 06:00 or 18:00" ;;
esac
at=$(TZ=UTC date -d "$next" +%s)
[ "$at" -gt "$(date +%s)" ] && [ "$at" -le $(($(date +%s) + 12 * 3600)) ] ||
    fail "next run $next is not the first 06:00 or 18:00 to come"
# The scheduler rotates the logs (the crontab's logrotate line) from the
# start: logrotate's state file appears.
if command -v logrotate >/dev/null 2>&1; then
	wait_for_file "$R/logs/logrotate.state" 30
fi

# The image's health check, in the same environment.
out=$(service_env "$APP/docker/healthcheck") || fail "docker/healthcheck: $out"
assert_contains "$out" "healthy" "docker/healthcheck"
# ...and without data it fails.
if out=$(service_env DB_PATH="$R/data/none.db" "$APP/docker/healthcheck"); then
	fail "docker/healthcheck passes without a database: $out"
fi
assert_contains "$out" "503" "docker/healthcheck without a database"
# --ready (Kubernetes' readiness): a database open is enough, however old;
# none is not.
out=$(service_env "$APP/docker/healthcheck" --ready) ||
    fail "docker/healthcheck --ready: $out"
cp "$db" "$R/data/old.db"
sqlite3 "$R/data/old.db" "UPDATE meta SET value = CAST(value AS INTEGER) - 3 * 86400 WHERE key = 'last_update_epoch'"
chmod 644 "$R/data/old.db"
if out=$(service_env DB_PATH="$R/data/old.db" "$APP/docker/healthcheck"); then
	fail "docker/healthcheck passes with data three days old: $out"
fi
out=$(service_env DB_PATH="$R/data/old.db" "$APP/docker/healthcheck" --ready) ||
    fail "docker/healthcheck --ready refuses data three days old: $out"
assert_contains "$out" "ready (503" "docker/healthcheck --ready with old data"
if out=$(service_env DB_PATH="$R/data/none.db" "$APP/docker/healthcheck" --ready); then
	fail "docker/healthcheck --ready passes without a database: $out"
fi
rm -f "$R/data/old.db"

# Every process runs as the service's user; lighttpd and two workers are
# among them.
pids=$(descendants "$EP_PID")
for p in $pids; do
	uid=$(uid_of "$p")
	[ -z "$uid" ] || [ "$uid" -eq "$(as_service id -u)" ] ||
	    fail "pid $p ($(cat "/proc/$p/comm" 2>/dev/null)) runs as uid $uid"
done
# shellcheck disable=SC2086
comms=$(names $pids)
assert_contains "$comms" lighttpd "processes of the entry point"
workers=$(printf '%s\n' "$comms" | grep -c '^medicaments-fcg' || true)
assert_eq 2 "$workers" "workers running"

stop_entrypoint 60
assert_eq 0 "$EP_STATUS" "exit status after SIGTERM"
# shellcheck disable=SC2086
assert_all_gone $pids
assert_contains "$(cat "$EP_LOG")" "SIGTERM: stopping" "entry point's log"
assert_contains "$(cat "$EP_LOG")" "stopped" "entry point's log"
assert_no_temp_files "$R/data"
[ ! -e "$R/run/medicaments/lighttpd.pid" ] || fail "lighttpd left its pid file"
exit 0
