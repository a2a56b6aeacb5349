#!/bin/sh
# The workers' application log: with LOG_DIR, script/lighttpd-run gives
# them LOG_DIR/app.log (LOG_FILE), where each writes JSON lines (time,
# level, program, pid, msg) filtered by LOG_LEVEL, nothing on lighttpd's
# stderr; a message that is not UTF-8 stays valid JSON; SIGHUP makes a
# worker reopen the file instead of killing it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
api_fixture_db
LOGS_LEVEL=debug
logs_start

# One debug line per request; the path as sent, not UTF-8 included.
send_requests 5 app-marker
python3 - "$API_PORT" <<'PY' || fail "request failed"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
s.sendall(b"GET /v1/app-marker-\xff\"\\ HTTP/1.0\r\n\r\n")
while s.recv(65536):
    pass
PY
wait_for_count 6 app-marker "$T/logs/app.log"
json_lines "$T/logs/app.log" >/dev/null
python3 - "$T/logs/app.log" <<'PY' || fail "app.log's lines"
import json, re, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for d in lines:
    assert list(d)[:5] == ["time", "level", "program", "pid", "msg"], d
    assert d["program"] == "medicaments-fcgi" and isinstance(d["pid"], int), d
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", d["time"]), d
assert sum(1 for d in lines if d["level"] == "info" and "ready" in d["msg"]) == 2, lines
odd = [d for d in lines if "app-marker-\ufffd\"\\" in d["msg"]]
assert len(odd) == 1 and odd[0]["level"] == "debug", lines[-3:]
PY
if grep -q medicaments-fcgi "$T/lighttpd.out"; then
	fail "worker lines on lighttpd's stderr: $(grep medicaments-fcgi "$T/lighttpd.out")"
fi

# SIGHUP: the workers live on and write to the file now at the path.
workers=$(api_worker_pids)
[ -n "$workers" ] || fail "no workers"
mv "$T/logs/app.log" "$T/logs/app.log.old"
for w in $workers; do
	kill -HUP "$w"
done
send_requests 4 after-hup
wait_for_count 4 after-hup "$T/logs/app.log"
assert_eq 0 "$(count_matching after-hup "$T/logs/app.log.old")" "lines left in the renamed file"
assert_eq "$(echo $workers)" "$(echo $(api_worker_pids))" "workers after SIGHUP"
json_lines "$T/logs/app.log" >/dev/null

# LOG_LEVEL filters: at warn, no request line.
api_stop
rm -f "$T/logs/app.log"
LOGS_LEVEL=warn
logs_start
send_requests 3 quiet-marker
wait_for_count 3 quiet-marker "$T/logs/access.log"
assert_eq 0 "$(count_matching quiet-marker "$T/logs/app.log")" "request lines at warn"
exit 0
