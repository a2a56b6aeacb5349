#!/usr/bin/env python3
"""The soak's load, events and checks (bench/soak starts the servers).

    bench/soak.py CONFIG.json

CONFIG (written by bench/soak) names the server (url, run_dir, log_dir,
db, root_pid: the PID script/lighttpd-run was started as, workers,
fcgi_bin, accesslog_bin), the updater and the two BDPM file servers'
bases (updater, bases), the run (seconds, connections, rate, the
intervals of each event, stall_connections, stall_hold, log_wait),
bench_dir and tmp.

For SECONDS, CONNECTIONS threads each send requests one after the other
on a kept-alive connection, each tagged with a unique ?soak=N, and record
each one's outcome.  Meanwhile, each on its own schedule: the updater
republishes (alternating between the two file servers, whose dumps
differ), logrotate rotates the logs (forced), a worker is killed
(SIGKILL), a burst of stalled connections (half requests from 127.0.0.2)
is held then closed.  Then the checks; exit 1 when one fails.

Python 3 standard library only.
"""

import collections
import gzip
import http.client
import itertools
import json
import os
import random
import re
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

NOW = time.monotonic
GRACE = 1.0     # seconds after a kill a failed request is still the kill's


class Load:
    """The requests: what to ask, who answered what."""

    def __init__(self, cfg, db):
        self.cfg = cfg
        self.host, self.port = "127.0.0.1", cfg["port"]
        self.rng = random.Random(21)
        self.tags = itertools.count(1)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.answered = set()           # tags with a status line back
        self.statuses = collections.Counter()   # (kind, status) -> n
        self.failures = []              # (tag, kind, path, what, start, end)
        self.inflight = {}              # tag -> start
        self.etags = {}                 # path -> ETag of its last 200
        self.sent = 0
        self.prepare(db)

    def prepare(self, db):
        """Ids drawn from DB, read once (the updater replaces the file)."""
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

        def col(sql):
            return [str(r[0]) for r in con.execute(sql)]

        def count(table):
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        self.cis = col("SELECT cis FROM api_medicaments ORDER BY random() LIMIT 1000")
        self.cip = col("""SELECT p.cip13 FROM api_presentations p JOIN
            api_medicaments m ON m.cis = p.cis ORDER BY random() LIMIT 500""")
        self.cip += col("""SELECT p.cip7 FROM api_presentations p JOIN
            api_medicaments m ON m.cis = p.cis ORDER BY random() LIMIT 500""")
        self.pres = col("SELECT cip13 FROM api_presentations ORDER BY random() LIMIT 1000")
        self.groups = col("SELECT groupe FROM api_generiques ORDER BY random() LIMIT 1000")
        self.pages = {"/v1/medicaments?pageSize=10&page=": count("api_medicaments"),
                      "/v1/disponibilites?page=": count("api_disponibilites"),
                      "/v1/mitm?page=": count("api_mitm")}
        con.close()
        names = subprocess.run([os.path.join(self.cfg["bench_dir"], "search-names"),
                                db, "300"], check=True, capture_output=True,
                               text=True).stdout.split()
        # Only names that answer 200 now: both dumps have them all.
        self.searches = [p for p in names if self.once(p)[0] == 200]
        if not (self.cis and self.cip and self.pres and self.groups and
                len(self.searches) >= 50):
            sys.exit(f"bench/soak: {db}: too few ids or searches to ask")

    def once(self, path):
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            c.request("GET", path)
            r = c.getresponse()
            r.read()
            return r.status, r.getheader("ETag")
        finally:
            c.close()

    def pick(self):
        """(kind, path, headers, expected statuses) of the next request."""
        r = self.rng.random()
        ch = self.rng.choice
        if r < 0.18:
            return "lookup cis", "/v1/medicaments/" + ch(self.cis), {}, (200,)
        if r < 0.28:
            return "lookup cip", "/v1/medicaments?cip=" + ch(self.cip), {}, (200,)
        if r < 0.38:
            return "presentation", "/v1/presentations/" + ch(self.pres), {}, (200,)
        if r < 0.46:
            return "group", "/v1/generiques/" + ch(self.groups), {}, (200,)
        if r < 0.58:
            return "search", ch(self.searches), {}, (200,)
        if r < 0.70:
            base, n = ch(list(self.pages.items()))
            page = self.rng.randint(1, max(1, (n + 9) // 10))
            return "page", f"{base}{page}", {}, (200,)
        if r < 0.88:
            with self.lock:
                if self.etags:
                    path = ch(list(self.etags))
                    # 200 when a publication changed that document.
                    return ("revalidation", path,
                            {"If-None-Match": self.etags[path]}, (304, 200))
            return "lookup cis", "/v1/medicaments/" + ch(self.cis), {}, (200,)
        bad = ch([("/v1/medicaments/" + ch(self.cis)[:7], 400),
                  ("/v1/medicaments?page=abc", 400),
                  ("/v1/medicaments?search=ab", 400),
                  ("/v1/presentations/12345", 400),
                  ("/v1/medicaments/00000001", 404),
                  (f"/v1/soak-unknown-{self.rng.randint(1, 10**6)}", 404)])
        return "4xx", bad[0], {}, (bad[1],)

    def run_connection(self):
        conn = None
        # SOAK_RATE requests a second in all (0: as fast as answered).
        gap = self.cfg["connections"] / self.cfg["rate"] if self.cfg["rate"] else 0
        due = NOW()
        while not self.stop.is_set():
            if gap:
                due = max(due + gap, NOW() - gap)
                if self.stop.wait(max(0.0, due - NOW())):
                    break
            kind, path, headers, expected = self.pick()
            tag = next(self.tags)
            target = path + ("&" if "?" in path else "?") + f"soak={tag}"
            start = NOW()
            with self.lock:
                self.inflight[tag] = start
                self.sent += 1
            status, what = None, None
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                conn.request("GET", target, headers={"User-Agent": "medicaments-soak",
                                                     **headers})
                resp = conn.getresponse()
                status = resp.status
                resp.read()
                etag = resp.getheader("ETag")
                if resp.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                what = f"{type(e).__name__}: {e}"
                if conn is not None:
                    conn.close()
                conn = None
            end = NOW()
            with self.lock:
                del self.inflight[tag]
                if status is not None:
                    self.answered.add(tag)
                    self.statuses[(kind, status)] += 1
                    if status not in expected:
                        what = f"status {status}, expected {'/'.join(map(str, expected))}"
                    elif status == 200 and etag and kind != "4xx" and len(self.etags) < 2000:
                        self.etags[path] = etag
                else:
                    self.statuses[(kind, "error")] += 1
                if what is not None:
                    self.failures.append((tag, kind, target, what, start, end))
        if conn is not None:
            conn.close()


class Soak:
    def __init__(self, cfg):
        self.cfg = cfg
        self.checks = []                # (name, ok, detail)
        self.events = collections.Counter()
        self.event_notes = collections.defaultdict(list)
        self.kills = []                 # (time, pid, requests in flight)
        self.problems = []              # event failures
        self.quiet = threading.Lock()   # held by stalls, kills, samples
        self.samples = {}
        self.witness = None             # the worker compared (sample)
        self.sampled = {}               # label -> seconds into the run
        self.rss_seen = []              # (time, pid, role, VmRSS kB): monitor
        self.fcgi = os.path.realpath(cfg["fcgi_bin"])
        self.accesslog = os.path.realpath(cfg["accesslog_bin"])
        self.republished = 0
        self.stalls = {}                # the worst burst: held, refused, closed
        self.t0 = None
        self.child = None               # the updater or logrotate running

    def command(self, argv, **kw):
        """Runs ARGV to its end (stopped with us on SIGTERM); its exit status."""
        self.child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, **kw)
        try:
            return self.child.wait()
        finally:
            self.child = None

    def terminate(self, signum, frame):
        child = self.child
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()
        os._exit(128 + signum)

    def check(self, name, ok, detail=""):
        self.checks.append((name, ok, detail))

    def say(self, msg):
        t = NOW() - self.t0 if self.t0 else 0
        print(f"[{t:6.1f} s] {msg}", flush=True)

    # --- processes -------------------------------------------------------------
    def tree(self):
        """{pid: role} of script/lighttpd-run's process tree."""
        children = collections.defaultdict(list)
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children[ppid].append(int(d))
        try:
            with open(os.path.join(self.cfg["run_dir"], "lighttpd.pid")) as f:
                lighttpd = int(f.read().strip())
        except (OSError, ValueError):
            lighttpd = None
        root = self.cfg["root_pid"]
        roles, todo = {}, [root]
        while todo:
            pid = todo.pop()
            try:
                exe = os.readlink(f"/proc/{pid}/exe")
            except OSError:
                continue
            exe = exe.removesuffix(" (deleted)")
            if pid == lighttpd:
                role = "lighttpd"
            elif exe == self.fcgi:
                role = "worker"
            elif exe == self.accesslog:
                role = "access-log follower"
            elif pid == root:
                role = "supervisor"
            else:
                role = os.path.basename(exe)
            roles[pid] = role
            todo.extend(children.get(pid, []))
        return roles

    def workers(self):
        return [p for p, r in self.tree().items() if r == "worker"]

    @staticmethod
    def measure(pid):
        """(VmRSS kB, open fds) of PID, or None once it is gone."""
        try:
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
            return rss, fds
        except (OSError, StopIteration, ValueError):
            return None

    def sample(self, label):
        """Each process's RSS and fd count, the smallest of 5 looks 0.5 s
        apart (a leak stays, a connection being replaced does not); per
        role the largest.  Workers: the one chosen at the first sample
        (the largest then), which the kills spare from then on, so that
        the same process is compared (a replacement starts small)."""
        per = {}                        # pid -> [role, rss, fds]
        with self.quiet:
            for i in range(5):
                if i:
                    time.sleep(0.5)
                for pid, role in self.tree().items():
                    m = self.measure(pid)
                    if m is None:
                        continue
                    v = per.setdefault(pid, [role, m[0], m[1]])
                    v[1], v[2] = min(v[1], m[0]), min(v[2], m[1])
            workers = {pid: v for pid, v in per.items() if v[0] == "worker"}
            if label == "first" and workers:
                self.witness = max(workers, key=lambda p: workers[p][1])
        result = {}
        for pid, (role, rss, fds) in per.items():
            if role == "worker":
                continue
            old = result.get(role, (0, 0))
            result[role] = (max(old[0], rss), max(old[1], fds))
        if self.witness in workers:
            result["worker"] = tuple(workers[self.witness][1:])
        self.samples[label] = result
        self.sampled[label] = NOW() - self.t0
        self.say(f"sample {label}: " + ", ".join(
            f"{r} {v[0]} kB {v[1]} fds" for r, v in sorted(result.items())) +
            f" (worker {self.witness}; {len(workers)} workers)")

    def monitor(self):
        """Every second, each process's RSS: sample's looks are instants,
        and lighttpd keeps its connections' memory from a stall until its
        next SIGHUP (a rotation), so RSS is compared as the largest seen
        over equal windows ending at each sample."""
        while not self.load.stop.wait(1.0):
            t = NOW()
            for pid, role in self.tree().items():
                m = self.measure(pid)
                if m is not None:
                    self.rss_seen.append((t, pid, role, m[0]))

    def peak(self, role, start, end):
        return max((rss for t, pid, r, rss in self.rss_seen
                    if start <= t <= end and r == role and
                    (role != "worker" or pid == self.witness)), default=0)

    # --- events ----------------------------------------------------------------
    def schedule(self, name, interval, tail, share, action):
        """Runs ACTION every INTERVAL seconds from the start while the run
        leaves TAIL seconds after it; when that gives no occurrence, once,
        at SHARE of the run less TAIL."""
        seconds = self.cfg["seconds"]
        if interval + tail > seconds:
            times = [max(1.0, (seconds - tail) * share)]
            self.event_notes[name].append(f"at {times[0]:.0f} s (a short run)")
        else:
            times = [k * interval for k in range(1, int((seconds - tail) // interval) + 1)]
            self.event_notes[name].append(f"every {interval:g} s")
        for offset in times:
            at = self.t0 + offset
            if self.load.stop.wait(max(0.0, at - NOW())):
                return
            try:
                action()
                self.events[name] += 1
            except Exception as e:          # reported, the run goes on
                self.problems.append(f"{name}: {type(e).__name__}: {e}")
                self.say(f"{name} failed: {e}")

    def republish(self):
        bases = self.cfg["bases"]
        self.republished += 1
        base = bases[self.republished % 2]
        start = NOW()
        env = dict(os.environ, BDPM_BASE_URL=base, LOG_LEVEL="warn")
        with open(os.path.join(self.cfg["tmp"], "updater.log"), "ab") as log:
            rc = self.command([self.cfg["updater"], "--db", self.cfg["db"]],
                              env=env, stdout=log, stderr=log)
        if rc != 0:
            raise RuntimeError(f"the updater exited {rc} ({self.cfg['tmp']}/updater.log)")
        self.say(f"republished from {base} in {NOW() - start:.1f} s")

    def rotate(self):
        out = os.path.join(self.cfg["tmp"], "logrotate.out")
        with open(out, "wb") as f:
            rc = self.command(["logrotate", "-f", "-s",
                               os.path.join(self.cfg["log_dir"], "logrotate.state"),
                               os.path.join(self.cfg["run_dir"], "logrotate.conf")],
                              stdout=f, stderr=f)
        if rc != 0:
            raise RuntimeError(f"logrotate exited {rc} ({out})")
        self.say("logs rotated")

    def kill_worker(self):
        with self.quiet:
            pids = [p for p in self.workers() if p != self.witness]
            if not pids:
                raise RuntimeError("no worker to kill")
            pid = random.choice(pids)
            with self.load.lock:
                before = NOW()
                os.kill(pid, signal.SIGKILL)
                t = NOW()
                self.kills.append((before, t, len(self.load.inflight)))
            # Until lighttpd has replaced it (reported; the end checks).
            back = None
            while NOW() - t < 10:
                time.sleep(0.1)
                if len(self.workers()) >= self.cfg["workers"] and pid not in self.workers():
                    back = NOW() - t
                    break
            self.say(f"worker {pid} killed, " + (f"replaced in {back:.1f} s" if back is not None
                                                 else "not replaced within 10 s"))

    def stall(self):
        """STALL_CONNECTIONS half requests from 127.0.0.2, held, closed;
        those not connected within half the hold are counted, not sent."""
        n, hold = self.cfg["stall_connections"], self.cfg["stall_hold"]
        socks, refused = [], 0
        with self.quiet:
            start = NOW()
            for _ in range(n):
                left = start + hold / 2 - NOW()
                if left <= 0:
                    refused += 1
                    continue
                s = socket.socket()
                try:
                    s.settimeout(min(5.0, left))
                    s.bind(("127.0.0.2", 0))
                    s.connect(("127.0.0.1", self.cfg["port"]))
                    s.sendall(b"GET /v1/medicaments/60002283 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    socks.append(s)
                except OSError:
                    refused += 1
                    s.close()
            time.sleep(max(0.0, hold - (NOW() - start)))
            closed = 0
            for s in socks:
                try:
                    s.setblocking(False)
                    if s.recv(1, socket.MSG_PEEK) is not None:
                        closed += 1     # the server answered or closed it
                except BlockingIOError:
                    pass
                except OSError:
                    closed += 1
                s.close()
        self.say(f"stall: {len(socks)} half requests held {hold:g} s "
                 f"({refused} not connected, {closed} closed or answered by the server)")
        st = self.stalls
        st["held"] = min(st.get("held", n), len(socks))
        st["refused"] = max(st.get("refused", 0), refused)
        st["closed"] = max(st.get("closed", 0), closed)

    # --- the run -------------------------------------------------------------
    def run(self):
        cfg = self.cfg
        signal.signal(signal.SIGTERM, self.terminate)
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = cfg["stall_connections"] + 256
        if soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, want), hard))
        self.load = Load(cfg, cfg["db"])
        seconds = cfg["seconds"]
        self.t0 = NOW()
        self.say(f"{seconds} s, {cfg['connections']} connections, "
                 f"{cfg['rate'] or 'unbounded'} requests/s, "
                 f"{len(self.workers())} workers")
        threads = [threading.Thread(target=self.load.run_connection, daemon=True)
                   for _ in range(cfg["connections"])]
        # Shares spread a short run's events so that the stall's and the
        # kill's high-water marks (lighttpd's connections, a new worker)
        # are reached before the first sample, as they are by minute 2 of
        # a run at the default intervals: a 60 s run stalls from 4 s,
        # kills at 14 s, samples at 20 s, republishes at 30 s (unless
        # SOAK_REPUBLISH_SECONDS fits), rotates at 41 s.
        ev = [("republish", cfg["republish"], 20, 0.5, self.republish),
              ("log rotation", cfg["rotate"], 5, 0.75, self.rotate),
              ("worker kill", cfg["kill"], 5, 0.25, self.kill_worker),
              ("stalled connections", cfg["stall"], cfg["stall_hold"] + 5, 0.1, self.stall)]
        events = [threading.Thread(target=self.schedule, args=e, daemon=True) for e in ev]
        events.append(threading.Thread(target=self.monitor, daemon=True))
        for t in threads + events:
            t.start()
        first = min(120, seconds / 3)
        self.load.stop.wait(first)
        self.sample("first")
        self.load.stop.wait(max(0.0, self.t0 + seconds - 3 - NOW()))
        self.sample("end")
        self.load.stop.wait(max(0.0, self.t0 + seconds - NOW()))
        self.load.stop.set()
        for t in threads + events:
            t.join()
        self.say(f"load stopped: {self.load.sent} requests")
        self.verify()
        return self.report()

    # --- checks ----------------------------------------------------------------
    def verify(self):
        cfg, load = self.cfg, self.load
        # Failures: only requests in flight when a worker was killed, or
        # sent within GRACE seconds after (lighttpd may still pass one to
        # the dying worker's socket before it has reaped it), at most one
        # a connection, so CONNECTIONS, a kill.
        per_kill, unexcused = collections.Counter(), []
        for f in load.failures:
            k = next((i for i, (before, after, _) in enumerate(self.kills)
                      if f[4] <= after + GRACE and before <= f[5]), None)
            if k is None:
                unexcused.append(f)
            else:
                per_kill[k] += 1
        over = [k for k, n in per_kill.items() if n > self.cfg["connections"]]
        self.check("failed requests", not unexcused and not over,
                   f"{len(load.failures)} of {load.sent}: {sum(per_kill.values())} at "
                   f"{len(per_kill)} of the {len(self.kills)} kills (at most "
                   f"{self.cfg['connections']} a kill{', exceeded' if over else ''}; "
                   f"{sum(n for *_, n in self.kills)} were in flight at them), "
                   f"{len(unexcused)} otherwise")
        for f in unexcused[:10]:
            near = min(self.kills, key=lambda k: abs(k[0] - f[4]), default=None)
            print(f"  failed: ?soak={f[0]} {f[1]} {f[2]}: {f[3]} "
                  f"(from {f[4] - self.t0:.3f} to {f[5] - self.t0:.3f} s" +
                  (f"; the nearest kill at {near[0] - self.t0:.3f}-{near[1] - self.t0:.3f} s)"
                   if near else ")"))
        if self.stalls:
            self.event_notes["stalled connections"].append(
                f"{self.cfg['stall_connections']} each: at least {self.stalls['held']} held "
                f"{self.cfg['stall_hold']} s, at most {self.stalls['refused']} not connected "
                f"and {self.stalls['closed']} closed early by the server")
        for name in ("republish", "log rotation", "worker kill", "stalled connections"):
            n = self.events[name]
            self.check(f"{name} happened", n >= 1, ", ".join(
                [{0: "never", 1: "once"}.get(n, f"{n} times")] + self.event_notes[name]))
        self.check("events ran", not self.problems,
                   "; ".join(self.problems) or "none failed")
        self.access_log()
        # Memory and fds, first look against the end's; RSS the largest
        # over the window ending at each (monitor).
        first, end = self.samples.get("first", {}), self.samples.get("end", {})
        t1 = self.t0 + self.sampled.get("first", 0)
        t2 = self.t0 + self.sampled.get("end", 0)
        span = t1 - self.t0
        for role in sorted(set(first) | set(end)):
            if role not in first or role not in end:
                self.check(f"{role}", False, "missing in one sample" +
                           (f" (worker {self.witness} died)" if role == "worker" else ""))
                continue
            (r0, f0), (r1, f1) = first[role], end[role]
            r0 = max(r0, self.peak(role, self.t0, t1))
            r1 = max(r1, self.peak(role, t2 - span, t2))
            rd = (r1 - r0) / r0 * 100 if r0 else 0
            fd = (f1 - f0) / f0 * 100 if f0 else 0
            what = f"worker {self.witness}" if role == "worker" else "process"
            self.check(f"{role} RSS", rd <= 10,
                       f"{r0} -> {r1} kB ({rd:+.1f} %, {what}; largest in 0-{t1 - self.t0:.0f} s, "
                       f"{t2 - span - self.t0:.0f}-{t2 - self.t0:.0f} s)")
            self.check(f"{role} fds", fd <= 10, f"{f0} -> {f1} ({fd:+.1f} %, {what}; at "
                       f"{t1 - self.t0:.0f} and {t2 - self.t0:.0f} s)")
        n = len(self.workers())
        self.check("workers alive", n == cfg["workers"], f"{n} of {cfg['workers']}")
        # Temporary files, once the load and the events have stopped.
        d = os.path.dirname(cfg["db"])
        left = [f for f in os.listdir(d) if ".new-" in f]
        tmpdir = os.path.join(cfg["run_dir"], "tmp")
        left += [os.path.join("RUN_DIR/tmp", f) for f in os.listdir(tmpdir)]
        self.check("no temporary file", not left, " ".join(left[:5]) or
                   f"none in {d} (*.new-*) nor RUN_DIR/tmp")
        ic = subprocess.run(["sqlite3", "-readonly", cfg["db"], "PRAGMA integrity_check"],
                            capture_output=True, text=True)
        self.check("database intact", ic.stdout.strip() == "ok",
                   f"integrity_check: {(ic.stdout + ic.stderr).strip()[:200]}")
        try:
            status = load.once("/health")[0]
        except OSError as e:
            status = str(e)
        self.check("/health", status == 200, f"{status}")

    def access_log(self):
        """Every answered request in access.log (and its rotated files)
        exactly once; waits up to LOG_WAIT seconds for it to catch up."""
        load, log_dir = self.load, self.cfg["log_dir"]
        pattern = re.compile(r"(?:^|&)soak=(\d+)(?:&|$)")
        deadline = NOW() + self.cfg["log_wait"]
        while True:
            seen, bad, files = collections.Counter(), 0, 0
            for name in sorted(os.listdir(log_dir)):
                if name != "access.log" and not name.startswith("access.log-"):
                    continue
                files += 1
                path = os.path.join(log_dir, name)
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rb") as f:
                    for raw in f:
                        try:
                            d = json.loads(raw)
                            m = pattern.search(d.get("query", ""))
                        except (ValueError, AttributeError):
                            bad += 1
                            continue
                        if m:
                            seen[int(m.group(1))] += 1
            missing = [t for t in load.answered if seen[t] == 0]
            if not missing or NOW() > deadline:
                break
            time.sleep(0.5)
        twice = [t for t, n in seen.items() if n > 1]
        unknown = [t for t in seen if t not in load.answered and
                   not any(f[0] == t for f in load.failures)]
        self.check("access.log: every answer once",
                   not missing and not twice and not unknown and not bad,
                   f"{len(load.answered)} answered, {sum(seen.values())} tagged lines in "
                   f"{files} files: {len(missing)} missing, {len(twice)} twice or more, "
                   f"{len(unknown)} never sent, {bad} not JSON")
        if missing:
            print(f"  missing from access.log: ?soak={sorted(missing)[:10]}")
        if twice:
            print(f"  more than once in access.log: ?soak={sorted(twice)[:10]}")

    def report(self):
        load = self.load
        print()
        print(f"{'requests by kind':<20} " + " ".join(f"{s:>7}" for s in
              ("200", "304", "400", "404", "5xx", "other", "error")))
        kinds = sorted({k for k, _ in load.statuses})
        for kind in kinds:
            c = collections.Counter()
            for (k, s), n in load.statuses.items():
                if k != kind:
                    continue
                col = (str(s) if s in (200, 304, 400, 404) else
                       "5xx" if isinstance(s, int) and s >= 500 else
                       "error" if s == "error" else "other")
                c[col] += n
            print(f"{kind:<20} " + " ".join(f"{c[s]:>7}" for s in
                  ("200", "304", "400", "404", "5xx", "other", "error")))
        print(f"{'total':<20} {load.sent} requests, "
              f"{load.sent / self.cfg['seconds']:.0f}/s")
        print()
        print(f"{'check':<34} {'result':<6} detail")
        failed = 0
        for name, ok, detail in self.checks:
            failed += not ok
            print(f"{name:<34} {'ok' if ok else 'FAIL':<6} {detail}")
        print()
        print(f"bench/soak: {len(self.checks) - failed} checks passed, {failed} failed")
        return 1 if failed else 0


def main():
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    sys.exit(Soak(cfg).run())


if __name__ == "__main__":
    main()
