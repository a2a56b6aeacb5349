#!/usr/bin/env python3
"""Sends the hostile requests of tests/hostile/catalogue.txt and checks what
comes back.

    catalogue.py http PORT CATALOGUE [--show]
        each entry as raw bytes on its own connection to lighttpd on
        127.0.0.1:PORT (or [::1] with --ipv6)
    catalogue.py cgi BINARY CATALOGUE [--valgrind] [--show]
        each entry turned into a CGI request (environment, stdin) for the
        worker binary, run directly (an ASan build: LeakSanitizer checks at
        exit) or under valgrind

The catalogue is data, one entry a line:  STATUS WHO REQUEST
  STATUS   the status expected; several, comma-separated, for pipelined
           requests ("400,400"); "S*N" is N times S
  WHO      api: the workers answer, with the API's JSON error object (and
           the X-RateLimit-* headers and Access-Control-Allow-Origin: *),
           or, for a 204, the CORS preflight's headers and no body; lighttpd: lighttpd's own parser
           refuses the request before any worker sees it (the comment above
           the entry says why); one per status, the last one repeats
  REQUEST  a path, sent as "GET PATH HTTP/1.1" with Host and Connection:
           close; or a whole request, written with Python escapes (\\r\\n,
           \\x00); {N*TEXT} stands for TEXT repeated N times.
Nothing may answer 5xx unless the entry says so.

In CGI mode the worker gets what lighttpd would hand it (a NUL byte cuts
the target and sets REQUEST_TARGET_NUL, as lighttpd.conf does); an entry
that lighttpd refuses (Host, sizes, framing: the front server's checks) only
has to get no 5xx from the worker, and one that is no HTTP request at all
(garbage) is skipped.  Every run must exit 0 with no
memory error and no leak.  Exit status: 0 when every entry passes.
"""

import codecs
import concurrent.futures
import http
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

REPEAT = re.compile(r"\{(\d+)\*([^{}]*)\}")


class Entry:
    def __init__(self, lineno, statuses, who, raw, text):
        self.lineno = lineno
        self.statuses = statuses
        self.who = who
        self.raw = raw
        self.text = text

    def name(self):
        t = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        return f"line {self.lineno}: {t}"


def parse_statuses(field):
    out = []
    for item in field.split(","):
        status, _, times = item.partition("*")
        out.extend([int(status)] * int(times or 1))
    return out


def expand(text):
    text = REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), text)
    raw = codecs.escape_decode(text.encode("utf-8"))[0]
    if b"\n" not in raw:
        raw = (b"GET " + raw + b" HTTP/1.1\r\nHost: localhost\r\n"
               b"Connection: close\r\n\r\n")
    return raw


def load(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) != 3:
                sys.exit(f"{path}:{lineno}: expected STATUS WHO REQUEST")
            statuses = parse_statuses(parts[0])
            who = parts[1].split(",")
            if any(w not in ("api", "lighttpd") for w in who):
                sys.exit(f"{path}:{lineno}: WHO is api or lighttpd")
            entries.append(Entry(lineno, statuses, who, expand(parts[2]),
                                 parts[2]))
    return entries


# --- HTTP --------------------------------------------------------------------

def exchange(port, raw, host="127.0.0.1", timeout=20):
    """Sends raw, reads until lighttpd closes (bounded)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    try:
        s.connect((host, port))
        try:
            s.sendall(raw)
        except OSError:
            pass        # lighttpd may answer and close before the end
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    finally:
        s.close()
    return data


def split_responses(data, head_only):
    """[(status, {header: value}, body)] of the responses in data."""
    out = []
    while data:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            out.append((None, {}, data))
            break
        lines = data[:end].split(b"\r\n")
        m = re.match(rb"HTTP/\d\.\d (\d{3})", lines[0])
        if not m:
            out.append((None, {}, data))
            break
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            headers[k.decode("latin-1").strip().lower()] = \
                v.decode("latin-1").strip()
        rest = data[end + 4:]
        status = int(m.group(1))
        if head_only or status in (204, 304):
            n = 0
        elif "content-length" in headers:
            n = int(headers["content-length"])
        else:
            n = len(rest)
        out.append((status, headers, rest[:n]))
        data = rest[n:]
    return out


def api_error_problems(status, headers, body, head):
    """What is wrong with an answer that should be the API's error object,
    or for a 204 the CORS preflight's answer."""
    problems = []
    if "x-ratelimit-limit" not in headers:
        problems.append("no X-RateLimit-Limit")
    if headers.get("access-control-allow-origin") != "*":
        problems.append("no Access-Control-Allow-Origin: *")
    if status == 204:
        if headers.get("access-control-allow-methods") != "GET, HEAD":
            problems.append("a 204 without Access-Control-Allow-Methods")
        if body:
            problems.append("a body in a 204")
        return problems
    ctype = headers.get("content-type")
    if ctype != "application/json; charset=utf-8":
        problems.append(f"Content-Type {ctype!r}")
    if head:
        if body:
            problems.append("a body in the answer to HEAD")
        return problems
    try:
        d = json.loads(body.decode("utf-8"))
    except ValueError:
        return problems + [f"body is not JSON: {body[:120]!r}"]
    want = http.HTTPStatus(status).phrase
    if not is_error_object(d):
        problems.append(f"not the error object: {body[:160]!r}")
    elif d["code"] != status or type(d["code"]) is not int or \
            d["error"] != want or not isinstance(d["message"], str) or \
            not d["message"]:
        problems.append(f"error object does not match {status}: {d}")
    return problems


def is_api_error(headers, body):
    if headers.get("content-type") != "application/json; charset=utf-8":
        return False
    try:
        d = json.loads(body.decode("utf-8"))
    except ValueError:
        return False
    return is_error_object(d)


def is_error_object(d):
    """{"error", "message", "code"}, and "detail" (a string) where we say
    more, "suggestions" (a list of strings) where a search found nothing."""
    if not isinstance(d, dict):
        return False
    keys = set(d) - {"detail", "suggestions"}
    return keys == {"error", "message", "code"} and \
        isinstance(d.get("detail", ""), str) and \
        isinstance(d.get("suggestions", []), list) and \
        all(isinstance(x, str) for x in d.get("suggestions", []))


def check_http(entry, port, host):
    data = exchange(port, entry.raw, host)
    head = entry.raw.startswith(b"HEAD ")
    got = split_responses(data, head)
    statuses = [g[0] for g in got]
    problems = []
    if statuses != entry.statuses:
        problems.append(f"statuses {statuses}, expected {entry.statuses}")
    for i, (status, headers, body) in enumerate(got):
        if status is None:
            continue
        if status >= 500 and status not in entry.statuses:
            problems.append(f"answer {i + 1} is {status}")
        who = entry.who[min(i, len(entry.who) - 1)]
        if who == "api":
            problems += [f"answer {i + 1}: {p}" for p in
                         api_error_problems(status, headers, body, head)]
        elif is_api_error(headers, body):
            problems.append(f"answer {i + 1} came from a worker, not "
                            "lighttpd: fix WHO")
    return statuses, problems


# --- CGI ---------------------------------------------------------------------

TOKEN = re.compile(rb"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def cgi_request(raw):
    """(environment, stdin) for the first request of raw, or None."""
    m = re.search(rb"\r?\n\r?\n", raw)
    head, body = (raw[:m.start()], raw[m.end():]) if m else (raw, b"")
    lines = re.split(rb"\r?\n", head.lstrip(b"\r\n"))
    parts = lines[0].split(b" ")
    if len(parts) != 3 or not TOKEN.match(parts[0]) or \
            not parts[2].startswith(b"HTTP/"):
        return None
    method, target, version = parts
    env = {
        "GATEWAY_INTERFACE": b"CGI/1.1",
        "SERVER_PROTOCOL": version,
        "SERVER_PORT": b"80",
        "REMOTE_ADDR": b"127.0.0.1",
        "REQUEST_METHOD": method,
    }
    if b"\0" in target:
        target = target[:target.index(b"\0")]
        env["REQUEST_TARGET_NUL"] = b"1"
    env["REQUEST_URI"] = target
    env["QUERY_STRING"] = target.partition(b"?")[2]
    env["SCRIPT_NAME"] = target.partition(b"?")[0]
    for line in lines[1:]:
        k, sep, v = line.partition(b":")
        if not sep or not TOKEN.match(k) or b"\0" in v:
            continue
        name = k.decode().upper().replace("-", "_")
        value = v.strip(b" \t")
        if name == "CONTENT_LENGTH":
            env[name] = value
        elif name != "CONTENT_TYPE":
            env["HTTP_" + name] = value
    if "CONTENT_LENGTH" in env:
        try:
            body = body[:max(0, int(env["CONTENT_LENGTH"]))]
        except ValueError:
            body = b""
    return env, body


def is_asan(binary):
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def run_cgi(entry, binary, base_env, valgrind):
    req = cgi_request(entry.raw)
    if req is None:
        return None, []
    env_add, stdin = req
    env = {k.encode(): v for k, v in base_env.items()}
    env.update({k.encode(): v for k, v in env_add.items()})
    argv = [binary]
    if valgrind:
        argv = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                "--errors-for-leak-kinds=definite,indirect,possible",
                "--log-fd=2"] + argv
    try:
        p = subprocess.run(argv, input=stdin, env=env, capture_output=True,
                           timeout=300)
    except subprocess.TimeoutExpired:
        return None, ["timed out"]
    problems = []
    if p.returncode != 0:
        problems.append(f"exit {p.returncode}: "
                        f"{p.stderr.decode('utf-8', 'replace')[-3000:]}")
    m = re.match(rb"Status: (\d{3}) ", p.stdout)
    status = int(m.group(1)) if m else None
    want = entry.statuses[0]
    if status is None:
        problems.append(f"no Status line: {p.stdout[:200]!r}")
    elif entry.who[0] == "lighttpd":
        # What lighttpd checks (Host, sizes, framing) is the front
        # server's job: the worker only has to come through unharmed.
        if status >= 500:
            problems.append(f"status {status}")
    elif status != want:
        problems.append(f"status {status}, expected {want}")
    else:
        end = p.stdout.find(b"\r\n\r\n")
        headers = {}
        for line in p.stdout[:end].split(b"\r\n"):
            k, _, v = line.partition(b":")
            headers[k.decode("latin-1").strip().lower()] = \
                v.decode("latin-1").strip()
        problems += api_error_problems(status, headers, p.stdout[end + 4:],
                                       env_add["REQUEST_METHOD"] == b"HEAD")
    return status, problems


# --- main ----------------------------------------------------------------------

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = {a for a in sys.argv[1:] if a.startswith("--")}
    if len(args) != 3 or args[0] not in ("http", "cgi"):
        sys.exit(__doc__)
    mode, target, path = args
    entries = load(path)
    failures = 0
    if mode == "http":
        host = "::1" if "--ipv6" in opts else "127.0.0.1"
        for e in entries:
            statuses, problems = check_http(e, int(target), host)
            if "--show" in opts:
                print(f"{','.join(map(str, statuses))}\t{e.name()}")
            if problems:
                failures += 1
                print(f"FAIL {e.name()}: " + "; ".join(problems))
    else:
        valgrind = "--valgrind" in opts
        if not valgrind and not is_asan(target):
            sys.exit(f"{target} is no ASan build: use --valgrind")
        tmp = tempfile.mkdtemp(prefix="catalogue-cgi.")
        base_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DB_PATH": os.environ["DB_PATH"],
            "RATE_LIMIT": "on",
            "RATE_LIMIT_FILE": os.path.join(tmp, "shared"),
            "TRUSTED_PROXIES": "127.0.0.1",
            "RATE_LIMIT_EXEMPT": "0.0.0.0/0, ::/0",
        }
        for k in ("ALLOW_ROOT", "ASAN_OPTIONS", "UBSAN_OPTIONS",
                  "LSAN_OPTIONS"):
            if os.environ.get(k):
                base_env[k] = os.environ[k]
        base_env = {k: v.encode() for k, v in base_env.items()}
        ran = 0
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
            results = list(ex.map(
                lambda e: run_cgi(e, target, base_env, valgrind), entries))
        for e, (status, problems) in zip(entries, results):
            if status is not None:
                ran += 1
            if "--show" in opts:
                print(f"{status}\t{e.name()}")
            if problems:
                failures += 1
                print(f"FAIL {e.name()}: " + "; ".join(problems))
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
        print(f"{ran} CGI requests run, {len(entries) - ran} skipped "
              "(no HTTP request line)")
    print(f"{len(entries)} entries, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
