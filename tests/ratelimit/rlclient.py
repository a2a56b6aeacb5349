"""HTTP client of the rate limit tests (imported by their Python parts).

A Client keeps one connection open (keep-alive) to lighttpd and sends GETs,
each optionally with an X-Forwarded-For header, and returns what the tests
look at: the status, the X-RateLimit-* and Retry-After headers, the body.
"""

import http.client
import json
import time


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    def number(self, name):
        v = self.header(name)
        if v is None or not v.isdigit():
            raise AssertionError(f"{name}: {v!r} is not a whole number")
        return int(v)

    @property
    def remaining(self):
        return self.number("X-RateLimit-Remaining")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return (f"<{self.status} remaining={self.header('X-RateLimit-Remaining')}"
                f" retry={self.header('Retry-After')} {self.body[:80]!r}>")


class Client:
    def __init__(self, host, port, timeout=60):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None

    def get(self, path, xff=None, headers=None):
        h = dict(headers or {})
        if xff is not None:
            h["X-Forwarded-For"] = xff
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers=h)
                r = self.conn.getresponse()
                body = r.read()
                answer = Answer(r.status, {k.lower(): v for k, v in
                                           r.getheaders()}, body)
                if r.will_close:
                    self.close()
                return answer
            except (http.client.HTTPException, ConnectionError):
                # lighttpd closed an idle keep-alive connection: once more.
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def until_limited(client, path, xff, limit=1000):
    """GETs path as client xff until a 429; returns (answers, seconds)."""
    answers = []
    start = time.monotonic()
    for _ in range(limit):
        a = client.get(path, xff)
        answers.append(a)
        if a.status == 429:
            break
    return answers, time.monotonic() - start


def check_429(a):
    """a is the API's 429: error object, Retry-After, headers."""
    check(a.status == 429, f"expected 429, got {a}")
    d = a.json()
    check(d == {"error": "Too Many Requests", "code": 429,
                "message": d.get("message")} and
          "Rate limit exceeded" in d["message"], f"429 body {d}")
    retry = a.number("Retry-After")
    check(retry >= 1, f"Retry-After {retry}")
    check(a.header("Content-Type") == "application/json; charset=utf-8",
          f"429 Content-Type {a.header('Content-Type')}")
    a.number("X-RateLimit-Limit")
    a.number("X-RateLimit-Rate")
    return retry


def check_allowance(client, path, xff, cost, burst, rate, ok_status=(200,)):
    """client xff gets exactly burst // cost answers, then a 429 (when the
    requests took less time than one more request's refill; otherwise at
    most what was refilled more).  Returns the answers."""
    answers, seconds = until_limited(client, path, xff)
    allowed = burst // cost
    passed = [a for a in answers if a.status != 429]
    for a in passed:
        check(a.status in ok_status, f"{xff}: {a}")
    check(answers[-1].status == 429, f"{xff}: never limited: {answers[-3:]}")
    check_429(answers[-1])
    extra = int(seconds * rate / cost) + 1
    if seconds * rate < cost:
        check(len(passed) == allowed,
              f"{xff}: {len(passed)} requests of cost {cost} allowed in "
              f"{seconds:.1f}s, expected exactly {allowed}")
    else:
        check(allowed <= len(passed) <= allowed + extra,
              f"{xff}: {len(passed)} allowed in {seconds:.1f}s, expected "
              f"{allowed} to {allowed + extra}")
    # The first answer shows the cost taken from a full bucket.
    first = answers[0].remaining
    check(burst - cost <= first <= burst - cost + int(seconds * rate) + 1,
          f"{xff}: first answer left {first} of {burst} (cost {cost})")
    return answers
