#!/bin/sh
# The scheduler's arithmetic: `docker/entrypoint --next-run TIME` prints the
# first update time strictly after TIME (06:00 and 18:00 by default, as the
# crontab `cron` has them): across days, months, years, leap days, the
# daylight-saving changes of Europe/Paris, and other UPDATE_TIMES; bad
# times and bad schedules are refused with one error line.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

ep=$top_srcdir/docker/entrypoint

# next [NAME=VALUE...] TIME: what --next-run says (TZ=UTC unless given).
next() {
	(
		TZ=UTC
		export TZ
		while [ $# -gt 1 ]; do
			export "${1?}"
			shift
		done
		exec "$ep" --next-run "$1" 2>"$T/stderr"
	)
}

# expect EXPECTED [NAME=VALUE...] TIME
expect() {
	_want=$1
	shift
	_got=$(next "$@") || fail "--next-run $*: exit status $?"
	assert_eq "$_want" "$_got" "--next-run $*"
}

expect "2026-11-26 06:00" "2026-11-26 05:59"
expect "2026-11-26 06:00" "2026-11-26 00:00"
expect "2026-11-26 18:00" "2026-11-26 06:00"
expect "2026-11-26 18:00" "2026-11-26 06:00:01"
expect "2026-11-26 18:00" "2026-11-26 17:59:59"
expect "2026-11-27 06:00" "2026-11-26 18:00"
expect "2026-11-27 06:00" "2026-11-26 23:59"
expect "2026-12-01 06:00" "2026-11-30 18:30"
expect "2027-01-01 06:00" "2026-12-31 23:59"
expect "2028-02-29 06:00" "2028-02-28 19:00"
expect "2027-03-01 06:00" "2027-02-28 19:00"

# Other schedules, in any order.
expect "2026-11-26 12:30" UPDATE_TIMES="00:15 12:30" "2026-11-26 05:59"
expect "2026-11-27 00:15" UPDATE_TIMES="12:30 00:15" "2026-11-26 12:30"
expect "2026-11-27 23:59" UPDATE_TIMES="23:59" "2026-11-26 23:59"

# French time, across the daylight-saving changes: 06:00 stays 06:00 local;
# a time that does not exist that day (02:30 on the last Sunday of March)
# is skipped, and one that happens twice (02:30 on the last Sunday of
# October) is run once.
if [ -f /usr/share/zoneinfo/Europe/Paris ]; then
	expect "2026-03-29 06:00" TZ=Europe/Paris "2026-03-29 01:00"
	expect "2026-03-29 18:00" TZ=Europe/Paris "2026-03-29 06:00"
	expect "2026-10-25 06:00" TZ=Europe/Paris "2026-10-25 01:00"
	expect "2026-03-30 02:30" TZ=Europe/Paris UPDATE_TIMES="02:30" "2026-03-29 00:00"
	after=$(TZ=Europe/Paris date -d "2026-10-25 02:30" +%s)
	expect "2026-10-26 02:30" TZ=Europe/Paris UPDATE_TIMES="02:30" "@$after"
else
	log "no Europe/Paris time zone (tzdata): daylight-saving cases not run"
fi

# Without TIME: from now, and one of the two hours.
now=$(TZ=UTC "$ep" --next-run 2>"$T/stderr") || fail "--next-run: exit status $?"
case $now in
*' '06:00 | *' '18:00) ;;
*) fail "--next-run (now): '$now'" ;;
esac

# The default schedule is the crontab's: from midnight, the next runs are
# at its hours, and only those.
hours=$(awk '$1 ~ /^[0-9]+$/ && $0 ~ /medicaments-updater/ { print $1, $2 }' \
    "$top_srcdir/cron")
[ -n "$hours" ] || fail "no medicaments-updater line in cron"
cron_times=$(echo "$hours" | awk '{
	n = split($2, h, ",")
	for (i = 1; i <= n; i++)
		printf "%02d:%02d\n", h[i], $1
}')
t="2026-11-26 00:00"
ep_times=
for _i in 1 2 3; do
	t=$(next "$t") || fail "--next-run $t"
	ep_times="$ep_times ${t#* }"
done
first=$(echo "$cron_times" | head -n 1)
assert_eq "$(echo "$cron_times" | tr '\n' ' ')$first" \
    "$(echo "$ep_times" | sed 's/^ //')" "the default schedule against cron's"

# Refusals: one error line, non-zero.
refused() {
	if next "$@" >/dev/null; then
		fail "--next-run $* was accepted"
	fi
	assert_eq 1 "$(grep -c 'entrypoint: error: ' "$T/stderr")" "error lines for $*"
}
refused "not a date"
refused UPDATE_TIMES="6:00" "2026-11-26 05:59"
refused UPDATE_TIMES="24:00" "2026-11-26 05:59"
refused UPDATE_TIMES="06:60" "2026-11-26 05:59"
refused UPDATE_TIMES="06:00,18:00" "2026-11-26 05:59"
refused UPDATE_TIMES=" " "2026-11-26 05:59"
exit 0
