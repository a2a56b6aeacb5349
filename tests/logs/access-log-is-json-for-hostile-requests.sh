#!/bin/sh
# The access log (LOG_DIR/access.log) is one JSON object per request, valid
# UTF-8 JSON whatever the client sent: quotes and backslashes in the path,
# control bytes (lighttpd writes BEL and VT as \a and \v, which JSON does
# not know), bytes that are not UTF-8 in the path, the query and the
# headers, a request lighttpd refuses, a HEAD (no body: 0 bytes).  Every
# field has its type: time, client, method, path, query, request, status,
# bytes, duration_us, host, referer, user_agent.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/logs/lib-logs.sh"
require_logs
api_fixture_db
logs_start

python3 - "$API_PORT" <<'PY' >"$T/sent" || fail "requests failed"
import socket, sys
port = int(sys.argv[1])
reqs = [
    b'GET /health HTTP/1.0\r\n\r\n',
    b'HEAD /health HTTP/1.0\r\n\r\n',
    b'GET /v1/a"b\\c HTTP/1.0\r\n\r\n',
    b'GET /v1/%22%5c%01%ff HTTP/1.0\r\n\r\n',
    b'GET /v1/\xff\xfe\xc3\x28 HTTP/1.0\r\n\r\n',
    b'GET /v1/\x01\x07\x0b\x7f HTTP/1.0\r\n\r\n',
    b'GET /v1/x?q="\\\xff\x07 HTTP/1.0\r\n\r\n',
    b'GET /v1/\xc3\xa9t\xc3\xa9 HTTP/1.0\r\nUser-Agent: a"\\\xff\xc3\xa9\r\nReferer: http://x/\xfe"\r\n\r\n',
    b'G"T /v1 HTTP/1.0\r\n\r\n',
    b'garbage\r\n\r\n',
    b'GET /v1/medicaments/60002283 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
]
for r in reqs:
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    s.sendall(r)
    d = b""
    while True:
        c = s.recv(65536)
        if not c:
            break
        d += c
    s.close()
    print(d.split(b"\r\n")[0].decode("latin-1"))
print(len(reqs))
PY
sent=$(tail -n 1 "$T/sent")
# One line per request; lighttpd writes them a few at a time (up to 4 s
# later at rest), the access logger mends them into access.log.
n=0
while [ "$(wc -l <"$T/logs/access.log" | tr -d ' ')" -lt "$sent" ]; do
	n=$((n + 1))
	[ "$n" -le 300 ] || fail "$(wc -l <"$T/logs/access.log") access log lines for $sent requests"
	sleep 0.1
done
assert_eq "$sent" "$(json_lines "$T/logs/access.log")" "JSON lines"

python3 - "$T/logs/access.log" <<'PY' || fail "access log fields"
import json, re, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
keys = ["time", "client", "method", "path", "query", "request", "status",
        "bytes", "duration_us", "host", "referer", "user_agent"]
for d in lines:
    assert list(d) == keys, d
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", d["time"]), d
    assert d["client"] == "127.0.0.1", d
    for k in ("status", "bytes", "duration_us"):
        assert type(d[k]) is int and d[k] >= 0, (k, d)
    for k in keys:
        if k not in ("status", "bytes", "duration_us"):
            assert type(d[k]) is str, (k, d)
by_request = {d["request"]: d for d in lines}
def get(req):
    assert req in by_request, (req, list(by_request))
    return by_request[req]
assert get("GET /health HTTP/1.0")["bytes"] > 0
head = get("HEAD /health HTTP/1.0")
assert head["bytes"] == 0 and head["method"] == "HEAD", head
q = get('GET /v1/a"b\\c HTTP/1.0')
assert q["path"] == '/v1/a"b\\c' and q["status"] == 404, q
get("GET /v1/%22%5c%01%ff HTTP/1.0")
get("GET /v1/\ufffd\ufffd\ufffd( HTTP/1.0")
c = get("GET /v1/\x01\x07\x0b\x7f HTTP/1.0")
assert c["path"] == "/v1/\x01\x07\x0b\x7f", c
get('GET /v1/x?q="\\\ufffd\x07 HTTP/1.0')
u = get("GET /v1/\u00e9t\u00e9 HTTP/1.0")
assert u["user_agent"] == 'a"\\\ufffd\u00e9', u
assert u["referer"] == 'http://x/\ufffd"', u
ok = get("GET /v1/medicaments/60002283 HTTP/1.1")
assert ok["status"] == 200 and ok["bytes"] > 100 and ok["host"] == "localhost", ok
assert ok["path"] == "/v1/medicaments/60002283" and ok["query"] == "", ok
assert sum(1 for d in lines if d["status"] in (400, 501)) >= 2, lines
PY
# The raw bytes are escaped, never written as they came.
python3 - "$T/logs/access.log" <<'PY' || fail "raw control bytes in the access log"
import sys
data = open(sys.argv[1], "rb").read()
bad = [b for b in data if b < 0x20 and b != 0x0a]
assert not bad, bad
PY
exit 0
