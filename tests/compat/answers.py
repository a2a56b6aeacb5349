#!/usr/bin/env python3
"""Every answer of a fixed set of requests, as digests, to show that a change
of the code changed no answer it did not mean to.

    answers.py record BINARY DB OUT
        runs each request of the set as a CGI request of the worker BINARY
        over the database DB (the 2022 dump's) and writes one line per
        request to OUT: SHA256-OF-THE-ANSWER STATUS REQUEST (the raw
        request, with Python escapes)
    answers.py check BINARY DB RECORD
        runs RECORD's requests again and prints every one whose answer
        differs from the recorded one; exit status 1 if any does.  A change
        that means to change answers records them again: the record's diff
        shows which.

The set: the hostile catalogue (tests/hostile/catalogue.txt, every entry a
worker answers), the Go service's test requests (tests/compat/
go-requests.txt), every /v1 path quoted in API.md and in the 2022 examples
test, and bench/search-names' 300 searches; each GET of them once more
with the Accept-Encoding browsers send.

The answer is the worker's whole output (status, every header, body) but
the one header that names the moment of the database's build
(Last-Modified): two builds of one dump differ by it alone.  The answers
that tell the data's age (/health, /v1/diagnostics), and any other that
is not the same twice in a row, count by their status only.
"""

import codecs
import hashlib
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "hostile"))
import catalogue  # noqa: E402  (its CGI translation of a raw request)

BROWSER_ENCODING = b"gzip, deflate, br, zstd"
TELLS_THE_TIME = re.compile(rb"^GET /(health|v1/diagnostics)[ ?]")
PATH = re.compile(r"(/(?:v1/[^\s`\"'|)<>\]]*|health))")


def get(path, encoding=None):
    raw = b"GET " + path.encode() + b" HTTP/1.1\r\nHost: localhost\r\n"
    if encoding:
        raw += b"Accept-Encoding: " + encoding + b"\r\n"
    return raw + b"Connection: close\r\n\r\n"


def paths_in(path, pattern=PATH):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return []
    return [m.group(1).rstrip(".,;:") for m in pattern.finditer(text)]


def requests(db):
    raws = []
    for e in catalogue.load(os.path.join(TOP, "tests/hostile/catalogue.txt")):
        if e.who[0] == "api":
            raws.append(e.raw)
    paths = []
    with open(os.path.join(HERE, "go-requests.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("/"):
                paths.append(line.split(" | ")[0].strip())
    spec = os.path.join(TOP, "..", "shared", "spec", "API.md")
    paths += paths_in(os.environ.get("API_MD", spec))
    paths += paths_in(os.path.join(
        TOP, "tests/api/dump-2022-answers-api-examples.sh"))
    names = subprocess.run([os.path.join(TOP, "bench/search-names"), db,
                            "300"], capture_output=True, check=True)
    paths += names.stdout.decode().split()
    paths = [p for p in dict.fromkeys(paths) if " " not in p]
    raws += [get(p) for p in paths] + [get(p, BROWSER_ENCODING)
                                       for p in paths]
    return raws


def answer(binary, env, raw):
    req = catalogue.cgi_request(raw)
    if req is None:
        return None
    add, stdin = req
    full = dict(env)
    full.update({k.encode(): v for k, v in add.items()})
    p = subprocess.run([binary], input=stdin, env=full, capture_output=True,
                       timeout=120)
    out = re.sub(rb"\r\nLast-Modified: [^\r]*", b"", p.stdout)
    m = re.match(rb"Status: (\d{3})", out)
    status = m.group(1).decode() if m else "none"
    if p.returncode != 0:       # a sanitizer's report, a crash
        status += f"/exit-{p.returncode}"
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-2000:])
    return status, out


def digests(binary, db, raws):
    env = {k.encode(): v.encode() for k, v in {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DB_PATH": db, "RATE_LIMIT": "off", "ALLOW_ROOT": "1",
        "LOG_LEVEL": "error"}.items()}
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if k in os.environ:
            env[k.encode()] = os.environ[k].encode()
    lines = []
    for raw in raws:
        first = answer(binary, env, raw)
        if first is None:
            continue
        status, out = first
        again = answer(binary, env, raw)[1]
        digest = hashlib.sha256(out).hexdigest()
        if again != out or TELLS_THE_TIME.match(raw):
            digest = "volatile"
        lines.append(f"{digest} {status} {escape(raw)}")
    return lines


def escape(raw):
    return "".join(chr(b) if 0x20 <= b < 0x7f and b != 0x5c else f"\\x{b:02x}"
                   for b in raw)


def unescape(text):
    return codecs.escape_decode(text.encode("ascii"))[0]


def write_record(binary, db, out_path):
    lines = digests(binary, db, requests(db))
    with open(out_path, "w", encoding="ascii") as f:
        f.write("# The worker's answers over the June 2022 dump, written by "
                "tests/compat/answers.py record\n")
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} answers recorded in {out_path}")


def check(binary, db, record_path):
    with open(record_path, encoding="ascii") as f:
        recorded = [line.rstrip("\n").split(" ", 2) for line in f
                    if not line.startswith("#")]
    now = digests(binary, db, [unescape(r[2]) for r in recorded])
    now = [line.split(" ", 2) for line in now]
    changed = [(x, y) for x, y in zip(recorded, now)
               if x[1] != y[1] or ("volatile" not in (x[0], y[0]) and
                                   x[0] != y[0])]
    for x, y in changed:
        print(f"changed: {x[2][:200]}\n  {x[1]} {x[0][:16]} -> "
              f"{y[1]} {y[0][:16]}")
    volatile = sum(1 for x in recorded if x[0] == "volatile")
    print(f"{len(recorded)} requests, {len(recorded) - len(changed)} answers "
          f"as recorded ({volatile} compared by status only), "
          f"{len(changed)} changed")
    return 1 if changed or len(now) != len(recorded) else 0


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "record":
        write_record(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check(*sys.argv[2:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
