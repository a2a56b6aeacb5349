"""Sends each request of a compatibility table and checks the answer.

    python3 compat.py BASE_URL TABLE

A row of TABLE is

    PATH | STATUS | MESSAGE | GO SOURCE

the Go service's answer to PATH (a GET): its status and the exact message
of its error object ("-": not an error object; "json: EXPR": a Python
expression true of the JSON body d), and where the Go service tests it.
An exception adds three columns, our answer and why it differs:

    PATH | STATUS | MESSAGE | GO SOURCE | OUR STATUS | OUR MESSAGE | WHY

Lines starting with '#' and blank lines are comments.  An error object is
{"error", "message", "code"} and, where we say more than the Go service,
a string "detail".  Prints every difference and exits 1 if there is one.
"""
import http.client
import json
import sys
import urllib.parse
from http import HTTPStatus


def rows(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.split(" | ")]
            if len(cols) not in (4, 7):
                sys.exit(f"{path}:{n}: {len(cols)} columns, expected 4 or 7")
            if len(cols) == 7 and not cols[6]:
                sys.exit(f"{path}:{n}: an exception needs its reason")
            yield n, cols


def get(conn, target):
    conn.request("GET", target, headers={"Accept-Encoding": "identity"})
    resp = conn.getresponse()
    return resp.status, resp.read()


def problems(status, body, want_status, want_message):
    out = []
    if status != want_status:
        out.append(f"status {status}, expected {want_status}")
    if want_message == "-":
        return out
    try:
        d = json.loads(body.decode("utf-8"))
    except ValueError as e:
        return out + [f"body is not JSON: {e}"]
    if want_message.startswith("json:"):
        expr = want_message[5:].strip()
        try:
            ok = eval(expr, {"d": d})
        except Exception as e:  # the expression's own failure is a difference
            ok = False
            expr += f" ({type(e).__name__}: {e})"
        if not ok:
            out.append(f"not true: {expr}")
        return out
    if not isinstance(d, dict) or not {"error", "message", "code"} <= set(d):
        return out + [f"not the error object: {body[:200]!r}"]
    # Ours beside the Go service's: detail, and a search's suggestions.
    extra = set(d) - {"error", "message", "code", "detail", "suggestions"}
    if extra:
        out.append(f"unexpected members {sorted(extra)}")
    if "detail" in d and not (isinstance(d["detail"], str) and d["detail"]):
        out.append(f"detail {d['detail']!r} is not a non-empty string")
    if d["code"] != status or d["error"] != HTTPStatus(status).phrase:
        out.append(f"error/code {d['error']!r}/{d['code']!r} for {status}")
    if d["message"] != want_message:
        out.append(f"message {d['message']!r}, expected {want_message!r}")
    return out


def main():
    base, table = sys.argv[1], sys.argv[2]
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    failed = checked = exceptions = 0
    for n, cols in rows(table):
        target, status, message = cols[0], int(cols[1]), cols[2]
        if len(cols) == 7:
            status, message = int(cols[4]), cols[5]
            exceptions += 1
        try:
            got_status, body = get(conn, target)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(url.hostname, url.port,
                                              timeout=120)
            got_status, body = get(conn, target)
        checked += 1
        for p in problems(got_status, body, status, message):
            failed += 1
            print(f"{table}:{n}: GET {target}: {p}", file=sys.stderr)
    conn.close()
    print(f"compat: {checked} requests, {exceptions} deliberate exceptions, "
          f"{failed} differences")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
