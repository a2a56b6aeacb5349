#!/bin/sh
# The schedule the entry point gives the updater (which computes and checks
# it: tests/unit/test_schedule.c, tests/updater/schedule-loop.sh): by
# default the crontab `cron`'s times, `--at` and `--retry`; UPDATE_TIMES and
# UPDATE_RETRY_INTERVAL passed as they are; with MIRROR_URL, `--mirror` and
# `--every MIRROR_INTERVAL` instead.  A recording updater and lighttpd-run
# stand in for the real ones (the entry point's --check runs both).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

ep=$top_srcdir/docker/entrypoint
mkdir -p "$T/data" "$T/logs" "$T/run" "$T/bin"
# Each argument on its own line, then a line "--".
cat >"$T/bin/updater" <<EOF2
#!/bin/sh
for a; do printf '%s\n' "\$a"; done >>"$T/args"
echo -- >>"$T/args"
EOF2
printf '#!/bin/sh\nexit 0\n' >"$T/bin/lighttpd-run"
chmod 755 "$T/bin/updater" "$T/bin/lighttpd-run"

# args NAME=VALUE...: the updater's arguments, one per line, in the
# entry point's --check with NAME=VALUE...
args() {
	rm -f "$T/args"
	env -i PATH="$PATH" TZ=UTC DB_PATH="$T/data/medicaments.db" \
	    LOG_DIR="$T/logs" RUN_DIR="$T/run" UPDATER_BIN="$T/bin/updater" \
	    LIGHTTPD_RUN="$T/bin/lighttpd-run" ALLOW_ROOT=1 "$@" "$ep" --check \
	    >"$T/stdout" 2>"$T/stderr" || fail "--check with $*: $(cat "$T/stderr")"
	[ -f "$T/args" ] || fail "--check with $* did not ask the updater"
	sed '/^--$/q' "$T/args" | sed '$d'
}

nl='
'
default=$(args)
# The crontab's times, as HH:MM, in order.
cron_times=$(awk '$1 ~ /^[0-9]+$/ && $0 ~ /medicaments-updater/ {
	n = split($2, h, ",")
	for (i = 1; i <= n; i++)
		printf "%02d:%02d ", h[i], $1
}' "$top_srcdir/cron" | sed 's/ $//')
[ -n "$cron_times" ] || fail "no medicaments-updater line in cron"
assert_eq "--at$nl$cron_times$nl--retry${nl}900$nl--check-config" "$default" \
    "the default schedule against cron's"
assert_eq "--at${nl}00:15, 12:30$nl--retry${nl}60$nl--check-config" \
    "$(args UPDATE_TIMES="00:15, 12:30" UPDATE_RETRY_INTERVAL=60)" \
    "UPDATE_TIMES and UPDATE_RETRY_INTERVAL"
assert_eq "--mirror${nl}http://builder:8000/v1/database$nl--every${nl}300$nl--check-config" \
    "$(args MIRROR_URL=http://builder:8000/v1/database UPDATE_TIMES=x)" \
    "mirror mode, MIRROR_INTERVAL's default"
assert_eq "--mirror${nl}file:///m.db$nl--every${nl}7$nl--check-config" \
    "$(args MIRROR_URL=file:///m.db MIRROR_INTERVAL=7)" "MIRROR_INTERVAL"
# An updater that refuses stops the entry point.
printf '#!/bin/sh\necho "updater: no" >&2\nexit 2\n' >"$T/bin/updater"
if env -i PATH="$PATH" DB_PATH="$T/data/medicaments.db" LOG_DIR="$T/logs" \
    RUN_DIR="$T/run" UPDATER_BIN="$T/bin/updater" \
    LIGHTTPD_RUN="$T/bin/lighttpd-run" ALLOW_ROOT=1 "$ep" --check \
    >"$T/stdout" 2>"$T/stderr"; then
	fail "--check passed with an updater that refuses"
fi
assert_contains "$(cat "$T/stderr")" "updater: no" "the updater's refusal shown"
exit 0
