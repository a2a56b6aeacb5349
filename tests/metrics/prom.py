#!/usr/bin/env python3
"""Helpers of the metrics tests (tests/metrics/lib-metrics.sh).

    prom.py load PORT THREADS SPEC...
        Sends requests concurrently to 127.0.0.1:PORT.  SPEC is
        METHOD:PATH:COUNT:STATUS; every answer must have STATUS ("*": any
        answer will do, a broken connection too).  Prints the
        PIDs /v1/diagnostics reported (one per line, sorted, unique) when
        there were diagnostics requests.  Exit 1 on any other answer.
    prom.py get FILE SERIES
        The value of SERIES ('name{a="b",c="d"}', labels in any order) in
        the exposition FILE, or "absent".
    prom.py sum FILE NAME [LABEL!=VALUE]...
        The sum of the series of NAME, but those with LABEL equal to VALUE.
    prom.py names FILE
        The metric names FILE exposes, one per line.
    prom.py labels FILE NAME LABEL
        The values LABEL takes in the series of NAME, one per line.
    prom.py histograms FILE
        Checks every histogram of FILE: buckets cumulative and ending with
        +Inf, +Inf equal to _count.  Exit 1 otherwise.
    prom.py exprs FILE...
        The PromQL expressions of Grafana dashboards (.json) and rule files
        (.yml: alert and record rules), one per line.
    prom.py metric-names EXPR
        The metric names a PromQL expression reads, one per line.
    prom.py wait PROM_URL EXPR VALUE SECONDS
        Queries Prometheus at PROM_URL until EXPR gives one sample equal to
        VALUE; exit 1 with the last answer after SECONDS.
    prom.py run-exprs PROM_URL FILE...
        Runs every expression of the dashboards and rule files (Grafana's
        variables replaced) on Prometheus: each must be accepted.
    prom.py rules-ok PROM_URL SECONDS
        Until every rule Prometheus loaded has been evaluated without error.
    prom.py rules-covered RULES TESTS
        Every alert of the rule file RULES fires in some case of the
        promtool unit tests TESTS, and every test names an existing alert.
    prom.py grafana-check DASHBOARD DATASOURCES PROVIDERS
        The dashboard's panels use the provisioned data sources (by uid),
        its ids are unique, its queries are there; the provider points at
        a directory.
    prom.py alloy-check FILE
        Alloy configuration: strings, comments and brackets well formed,
        every component referenced (loki.write.NAME.receiver...) defined.
    prom.py listening PID
        The TCP addresses process PID listens on (ADDRESS:PORT), one per
        line.
"""
import http.client
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$')
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?')


def parse_labels(text):
    labels = {}
    pos = 0
    text = text or ""
    while pos < len(text):
        m = LABEL.match(text, pos)
        if not m:
            raise ValueError(f"bad labels: {text!r}")
        labels[m.group(1)] = m.group(2)
        pos = m.end()
    return labels


def parse(path):
    """[(name, labels dict, value float)] and {name: type}."""
    samples, types = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("# TYPE "):
                _, _, name, kind = line.split(None, 3)
                types[name] = kind
                continue
            if line.startswith("#"):
                continue
            m = SAMPLE.match(line)
            if not m:
                raise ValueError(f"{path}: bad line {line!r}")
            samples.append((m.group(1), parse_labels(m.group(3)),
                            float(m.group(4))))
    return samples, types


def cmd_get(path, series):
    m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?$', series)
    if not m:
        raise SystemExit(f"bad series {series!r}")
    want = (m.group(1), parse_labels(m.group(3)))
    samples, _ = parse(path)
    for name, labels, value in samples:
        if (name, labels) == want:
            print(int(value) if value == int(value) else value)
            return 0
    print("absent")
    return 0


def cmd_sum(path, metric, excludes):
    samples, _ = parse(path)
    skip = [e.split("!=", 1) for e in excludes]
    total = sum(v for n, l, v in samples if n == metric and
                not any(l.get(k) == x for k, x in skip))
    print(int(total) if total == int(total) else total)
    return 0


def cmd_names(path):
    samples, types = parse(path)
    for name in sorted({s[0] for s in samples} | set(types)):
        print(name)
    return 0


def cmd_labels(path, metric, label):
    samples, _ = parse(path)
    for v in sorted({l[label] for n, l, _ in samples
                     if n == metric and label in l}):
        print(v)
    return 0


def cmd_histograms(path):
    samples, types = parse(path)
    problems = []
    for family, kind in types.items():
        if kind != "histogram":
            continue
        series = {}
        for name, labels, value in samples:
            if not name.startswith(family + "_"):
                continue
            key = tuple(sorted((k, v) for k, v in labels.items() if k != "le"))
            h = series.setdefault(key, {"buckets": [], "count": None})
            if name == family + "_bucket":
                h["buckets"].append((labels["le"], value))
            elif name == family + "_count":
                h["count"] = value
        for key, h in series.items():
            b = h["buckets"]
            if not b or b[-1][0] != "+Inf":
                problems.append(f"{family}{key}: no +Inf bucket last")
                continue
            les = [float(le) for le, _ in b]
            if les != sorted(les):
                problems.append(f"{family}{key}: buckets out of order")
            if any(b[i][1] > b[i + 1][1] for i in range(len(b) - 1)):
                problems.append(f"{family}{key}: buckets not cumulative")
            if h["count"] != b[-1][1]:
                problems.append(f"{family}{key}: _count {h['count']} != +Inf {b[-1][1]}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def exprs_of(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        out = []

        def walk(o):
            if isinstance(o, dict):
                ds = o.get("datasource")
                is_loki = isinstance(ds, dict) and ds.get("type") == "loki"
                if "expr" in o and isinstance(o["expr"], str) and not is_loki:
                    out.append(o["expr"])
                for v in o.values():
                    walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)
        walk(doc)
        return out
    import yaml
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    return [r["expr"] for g in doc.get("groups", []) for r in g.get("rules", [])]


KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "and", "or", "unless", "offset", "inf", "nan", "atan2", "start", "end",
}


def metric_names(expr):
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)        # strings
    e = re.sub(r"\$\{[^}]*\}|\$[a-zA-Z_]\w*", " 1m ", e)  # Grafana variables
    e = re.sub(r"\{[^}]*\}", " ", e)                      # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)                     # ranges, subqueries
    # Label lists of by/without/on/ignoring/group_left/group_right.
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)",
               " ", e)
    names = set()
    for m in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", e):
        word = m.group(0)
        after = e[m.end():].lstrip()
        if after.startswith("("):
            continue                                      # a function
        if word.lower() in KEYWORDS:
            continue
        before = e[:m.start()]
        if re.search(r"[0-9.]$", before):
            continue                                      # 1e3, 5m
        names.add(word)
    return sorted(names)


def cmd_load(port, threads, specs):
    jobs = []
    for spec in specs:
        method, rest = spec.split(":", 1)
        path, count, status = rest.rsplit(":", 2)
        jobs.extend([(method, path, None if status == "*" else int(status))]
                    * int(count))
    lock = threading.Lock()
    errors, pids = [], set()

    def run(my_jobs):
        conn = None
        for method, path, status in my_jobs:
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port,
                                                      timeout=60)
                conn.request(method, path, body=b"" if method not in
                             ("GET", "HEAD") else None)
                resp = conn.getresponse()
                body = resp.read()
                if status is not None and resp.status != status:
                    with lock:
                        errors.append(f"{method} {path}: {resp.status}, "
                                      f"expected {status}: {body[:200]!r}")
                elif path == "/v1/diagnostics" and method == "GET":
                    with lock:
                        pids.add(json.loads(body)["system"]["pid"])
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException, ValueError) as e:
                if status is not None:
                    with lock:
                        errors.append(f"{method} {path}: {type(e).__name__}: {e}")
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    n = max(1, threads)
    ts = [threading.Thread(target=run, args=(jobs[i::n],)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for e in errors[:20]:
        print(e, file=sys.stderr)
    for p in sorted(pids):
        print(p)
    return 1 if errors else 0


def api(prom_url, path, **params):
    url = prom_url.rstrip("/") + path
    if params:
        url += "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as e:
        return json.load(e)


def grafana_vars(expr):
    expr = expr.replace("$__rate_interval", "1m").replace("$__interval", "15s")
    expr = expr.replace("$__range", "1h")
    return re.sub(r"\$\{?instance\}?", ".*", expr)


def cmd_wait(prom_url, expr, value, seconds):
    end = time.monotonic() + float(seconds)
    last = None
    while True:
        try:
            last = api(prom_url, "/api/v1/query", query=expr)
            result = last.get("data", {}).get("result", [])
            if (last.get("status") == "success" and len(result) == 1 and
                    float(result[0]["value"][1]) == float(value)):
                return 0
        except (OSError, ValueError) as e:
            last = f"{type(e).__name__}: {e}"
        if time.monotonic() > end:
            print(f"{expr}: expected {value}, last answer: {last}",
                  file=sys.stderr)
            return 1
        time.sleep(0.5)


def cmd_run_exprs(prom_url, paths):
    bad = 0
    n = 0
    for path in paths:
        for expr in exprs_of(path):
            n += 1
            ans = api(prom_url, "/api/v1/query", query=grafana_vars(expr))
            if ans.get("status") != "success":
                bad += 1
                print(f"{path}: {expr}: {ans.get('error')}", file=sys.stderr)
    if n == 0:
        print("no expression found", file=sys.stderr)
        return 1
    return 1 if bad else 0


def cmd_rules_ok(prom_url, seconds):
    end = time.monotonic() + float(seconds)
    while True:
        problems = []
        try:
            ans = api(prom_url, "/api/v1/rules")
            rules = [r for g in ans["data"]["groups"] for r in g["rules"]]
            if not rules:
                problems.append("no rule loaded")
            for r in rules:
                if r.get("health") != "ok":
                    problems.append(f"{r['name']}: health {r.get('health')}: "
                                    f"{r.get('lastError')}")
        except (OSError, ValueError, KeyError) as e:
            problems.append(f"{type(e).__name__}: {e}")
        if not problems:
            return 0
        if time.monotonic() > end:
            for p in problems:
                print(p, file=sys.stderr)
            return 1
        time.sleep(0.5)


def cmd_listening(pid):
    import ipaddress
    import os
    import socket
    import struct
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    found = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET),
                          ("/proc/net/tcp6", socket.AF_INET6)):
        try:
            f = open(table)
        except OSError:
            continue
        with f:
            next(f)
            for line in f:
                parts = line.split()
                local, state, inode = parts[1], parts[3], parts[9]
                if state != "0A" or inode not in inodes:
                    continue
                hexaddr, hexport = local.split(":")
                raw = bytes.fromhex(hexaddr)
                # /proc shows each 32-bit word in host order.
                words = struct.unpack("<%dI" % (len(raw) // 4), raw)
                raw = struct.pack(">%dI" % len(words), *words)
                addr = ipaddress.ip_address(raw)
                host = str(addr) if family == socket.AF_INET else f"[{addr}]"
                found.add(f"{host}:{int(hexport, 16)}")
    for a in sorted(found):
        print(a)
    return 0


def cmd_rules_covered(rules_path, tests_path):
    import yaml
    with open(rules_path, encoding="utf-8") as f:
        rules = yaml.safe_load(f)
    with open(tests_path, encoding="utf-8") as f:
        tests = yaml.safe_load(f)
    alerts = {r["alert"] for g in rules["groups"] for r in g["rules"]
              if "alert" in r}
    fired, named = set(), set()
    for t in tests["tests"]:
        for c in t.get("alert_rule_test", []):
            named.add(c["alertname"])
            if c.get("exp_alerts"):
                fired.add(c["alertname"])
    problems = [f"{a}: no test case where it fires" for a in sorted(alerts - fired)]
    problems += [f"{a}: tested but not in {rules_path}" for a in sorted(named - alerts)]
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems or not alerts else 0


def cmd_grafana_check(dashboard, datasources, providers):
    import yaml
    problems = []
    with open(datasources, encoding="utf-8") as f:
        ds = yaml.safe_load(f)
    uids = {d["uid"]: d["type"] for d in ds.get("datasources", [])}
    for want in ("prometheus", "loki"):
        if uids.get(want) != want:
            problems.append(f"{datasources}: no {want} data source of uid {want}")
    with open(providers, encoding="utf-8") as f:
        pv = yaml.safe_load(f)
    paths = [p.get("options", {}).get("path") for p in pv.get("providers", [])]
    if not paths or not all(isinstance(p, str) and p.startswith("/") for p in paths):
        problems.append(f"{providers}: a provider without an absolute path")
    with open(dashboard, encoding="utf-8") as f:
        d = json.load(f)
    if not d.get("uid") or not d.get("title"):
        problems.append(f"{dashboard}: no uid or title")
    ids = []

    def walk(panels):
        for p in panels:
            ids.append(p.get("id"))
            if "gridPos" not in p:
                problems.append(f"panel {p.get('title')}: no gridPos")
            if p.get("type") == "row":
                walk(p.get("panels", []))
                continue
            srcs = [p.get("datasource")] + [t.get("datasource") for t in p.get("targets", [])]
            for src in srcs:
                if not isinstance(src, dict) or uids.get(src.get("uid")) != src.get("type"):
                    problems.append(f"panel {p.get('title')}: data source {src}")
            if not p.get("targets") or not all(t.get("expr") for t in p["targets"]):
                problems.append(f"panel {p.get('title')}: no query")
    walk(d.get("panels", []))
    if len(ids) != len(set(ids)) or None in ids:
        problems.append(f"{dashboard}: panel ids not unique")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def cmd_alloy_check(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    problems = []
    code = []          # the text without strings and comments
    i, n = 0, len(text)
    stack = []
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                problems.append("unterminated /* comment")
                break
            i = j + 2
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                if text[j] == "\\":
                    j += 1
                elif text[j] == "\n":
                    break
                j += 1
            if j >= n or text[j] != '"':
                problems.append(f"unterminated string at line {text.count(chr(10), 0, i) + 1}")
                break
            code.append('""')
            i = j + 1
            continue
        if c in "{[(":
            stack.append((c, text.count("\n", 0, i) + 1))
        elif c in "}])":
            if not stack or "{[(".index(stack[-1][0]) != "}])".index(c):
                problems.append(f"unbalanced {c!r} at line {text.count(chr(10), 0, i) + 1}")
                break
            stack.pop()
        code.append(c)
        i += 1
    if stack and not problems:
        problems.append(f"unclosed {stack[-1][0]!r} from line {stack[-1][1]}")
    plain = "".join(code)
    # Components: NAME.NAME "label" { ... } at the top level.
    defined = set()
    for m in re.finditer(r'(?m)^([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+)\s+"([^"]+)"\s*\{', text):
        defined.add(f"{m.group(1)}.{m.group(2)}")
    if not defined:
        problems.append("no component defined")
    for m in re.finditer(r"\b((?:[a-z_][a-z0-9_]*\.)+[a-z_][a-z0-9_]*)\.(receiver|targets)\b", plain):
        if m.group(1) not in defined:
            problems.append(f"{m.group(0)}: {m.group(1)} is not defined")
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    return 1 if problems else 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "load" and len(args) >= 3:
        return cmd_load(int(args[0]), int(args[1]), args[2:])
    if cmd == "get" and len(args) == 2:
        return cmd_get(*args)
    if cmd == "sum" and len(args) >= 2:
        return cmd_sum(args[0], args[1], args[2:])
    if cmd == "names" and len(args) == 1:
        return cmd_names(*args)
    if cmd == "labels" and len(args) == 3:
        return cmd_labels(*args)
    if cmd == "histograms" and len(args) == 1:
        return cmd_histograms(*args)
    if cmd == "exprs" and args:
        for path in args:
            for e in exprs_of(path):
                print(" ".join(e.split()))
        return 0
    if cmd == "wait" and len(args) == 4:
        return cmd_wait(*args)
    if cmd == "run-exprs" and len(args) >= 2:
        return cmd_run_exprs(args[0], args[1:])
    if cmd == "rules-ok" and len(args) == 2:
        return cmd_rules_ok(*args)
    if cmd == "rules-covered" and len(args) == 2:
        return cmd_rules_covered(*args)
    if cmd == "grafana-check" and len(args) == 3:
        return cmd_grafana_check(*args)
    if cmd == "alloy-check" and len(args) == 1:
        return cmd_alloy_check(*args)
    if cmd == "listening" and len(args) == 1:
        return cmd_listening(args[0])
    if cmd == "metric-names" and len(args) == 1:
        for n in metric_names(args[0]):
            print(n)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
