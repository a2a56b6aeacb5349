#!/bin/sh
# A burst followed by silence is in access.log within two seconds:
# lighttpd holds the tail of a burst (it writes its file log by 8 KB, at
# the first request of each second and every 4 s), and the access logger,
# once the file has been quiet for a second, makes it write what it holds
# with a request of its own, whose line it leaves out.  The time taken is
# printed; the limit is 2 s plus 1 s for a slow or loaded machine (the
# logger looks at the file every 0.2 s and lighttpd's clock lags by up to
# a second under load); 10 s without the lines is a failure whatever.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
api_fixture_db
logs_start
L=$T/logs

# Twice: the second burst comes after the logger's own requests.
for round in 1 2; do
	send_numbered 70 "r$round"
	t0=$(now_ms)
	# grep: cheaper than a Python start per look.
	while [ "$(grep -c "\"query\":\"r$round=" "$L/access.log")" -lt 70 ]; do
		[ $(($(now_ms) - t0)) -lt 10000 ] ||
		    fail "round $round: $(grep -c "\"query\":\"r$round=" "$L/access.log") of 70 lines after 10 s"
		sleep 0.02
	done
	took=$(($(now_ms) - t0))
	log "round $round: 70 lines in access.log after $took ms"
	[ "$took" -le 3000 ] || fail "round $round: the lines took $took ms"
	sleep 2
done
each_once 70 r1 "$L/access.log"
each_once 70 r2 "$L/access.log"
assert_eq 0 "$(count_matching accesslog-flush "$L/access.log")" "the logger's own lines"
json_lines "$L/access.log" >/dev/null
exit 0
