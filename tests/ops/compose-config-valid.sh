#!/bin/sh
# docker-compose.yml is valid for Docker Compose (`config`, which needs no
# Docker engine), in a temporary copy with a dummy secret, and says what
# DOCKER.md promises: the API on 8030 -> 8000, /metrics (9090) exposed to
# the compose network only, .env.docker, a read-only root with tmpfs for
# RUN_DIR and /tmp, named volumes for the data and the logs at the image's
# paths, no-new-privileges, 512 MB and half a CPU, restart unless-stopped,
# labels, a network of its own; Prometheus, Grafana (its admin password a
# Docker secret read from a file), Loki and Alloy with their configuration
# under observability/; nothing but the API published beyond 127.0.0.1.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if docker compose version >/dev/null 2>&1; then
	compose="docker compose"
elif command -v docker-compose >/dev/null 2>&1; then
	compose=docker-compose
else
	skip "neither docker compose nor docker-compose is installed (Debian: docker-compose)"
fi
# The YAML reader: docker-compose's own Python has one.
py=
for p in "$(sed -n '1s/^#! *//p' "$(command -v docker-compose 2>/dev/null || echo /dev/null)" 2>/dev/null)" \
    /usr/bin/python3 python3; do
	if [ -n "$p" ] && $p -c 'import yaml' 2>/dev/null; then
		py=$p
		break
	fi
done

P=$T/project
mkdir -p "$P/secrets"
cp "$top_srcdir/docker-compose.yml" "$top_srcdir/.env.docker" "$P/"
# Never a real secret: a dummy, in the temporary copy only.
printf 'not-a-secret' >"$P/secrets/grafana_password.txt"
chmod 600 "$P/secrets/grafana_password.txt"

RC=0
(cd "$P" && $compose -p medicaments-api -f docker-compose.yml config) \
    >"$T/config.yml" 2>"$T/stderr" || RC=$?
assert_eq 0 "$RC" "$compose config"

# The validator does validate: a broken copy is refused.
printf 'services:\n  api:\n    read_only: maybe-not\n    bogus_key: 1\n' >"$P/broken.yml"
if (cd "$P" && $compose -f broken.yml config) >/dev/null 2>&1; then
	fail "$compose config accepts an invalid file: the test proves nothing"
fi

[ -n "$py" ] || skip "no Python with yaml to read the configuration (the file is valid)"
$py - "$T/config.yml" "$top_srcdir/Dockerfile" <<'PY' || fail "docker-compose.yml: see above"
import re, sys, yaml

cfg = yaml.safe_load(open(sys.argv[1]))
dockerfile = open(sys.argv[2]).read().replace("\\\n", " ")
errors = []

def check(cond, msg):
    if not cond:
        errors.append(msg)

def ports(svc):
    """(host_ip, published, target) of each published port, v1 or v2 form."""
    out = []
    for p in svc.get("ports", []):
        if isinstance(p, dict):
            out.append((p.get("host_ip", ""), str(p.get("published", "")),
                        str(p.get("target"))))
        else:
            parts = str(p).split("/")[0].split(":")
            if len(parts) == 3:
                out.append((parts[0], parts[1], parts[2]))
            elif len(parts) == 2:
                out.append(("", parts[0], parts[1]))
            else:
                out.append(("", "", parts[0]))
    return out

def mounts(svc):
    """(type, source, target, read_only) of each volume."""
    out = []
    for v in svc.get("volumes", []):
        if isinstance(v, dict):
            out.append((v.get("type"), str(v.get("source", "")),
                        v.get("target"), bool(v.get("read_only"))))
        else:
            parts = v.split(":")
            src, tgt = parts[0], parts[1]
            ro = len(parts) > 2 and "ro" in parts[2].split(",")
            kind = "bind" if src.startswith("/") or src.startswith(".") else "volume"
            out.append((kind, src, tgt, ro))
    return out

def memory(v):
    if isinstance(v, int):
        return v
    m = re.fullmatch(r"(\d+)([kmg]?)b?", str(v).lower())
    return int(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2)]

def env_of(dockerfile_name):
    m = re.search(r"\b%s=(\S+)" % dockerfile_name, dockerfile)
    return m.group(1) if m else None

services = cfg.get("services", {})
for name in ("api", "prometheus", "grafana", "loki", "alloy"):
    check(name in services, "no service %s" % name)
if errors:
    print("\n".join(errors)); sys.exit(1)
api = services["api"]

# Ports: 8030 -> 8000 published; 9090 exposed, never published.
p = ports(api)
check(("", "8030", "8000") in p or ("0.0.0.0", "8030", "8000") in p,
      "api: 8030 -> 8000 not published: %r" % p)
check(all(t != "9090" for _, _, t in p), "api: 9090 is published: %r" % p)
check("9090" in [str(e) for e in api.get("expose", [])], "api: 9090 not exposed")
# .env.docker's values reached the environment.
env = api.get("environment", {})
check(env.get("PORT") in ("8000", 8000) and env.get("METRICS_PORT") in ("9090", 9090),
      "api: PORT/METRICS_PORT from .env.docker: %r" % env)
check(str(env.get("ENV")) == "production", "api: ENV=production missing")
# Read-only root, tmpfs, volumes at the image's paths.
check(api.get("read_only") is True, "api: read_only is not true")
tmpfs = api.get("tmpfs", [])
tmpfs = [tmpfs] if isinstance(tmpfs, str) else tmpfs
tmpfs_dirs = [t.split(":")[0] for t in tmpfs]
run_dir = env.get("RUN_DIR") or env_of("RUN_DIR")
check(run_dir in tmpfs_dirs, "api: no tmpfs on RUN_DIR %s: %r" % (run_dir, tmpfs))
check("/tmp" in tmpfs_dirs, "api: no tmpfs on /tmp")
for t in tmpfs:
    if t.split(":")[0] == run_dir:
        check("uid=65534" in t, "api: the RUN_DIR tmpfs is not the service user's: %s" % t)
vols = mounts(api)
named = {tgt: src for kind, src, tgt, _ in vols if kind == "volume"}
db_dir = (env.get("DB_PATH") or env_of("DB_PATH")).rsplit("/", 1)[0]
log_dir = env.get("LOG_DIR") or env_of("LOG_DIR")
for d in (db_dir, log_dir):
    check(d in named and named[d] in cfg.get("volumes", {}),
          "api: no named volume on %s: %r" % (d, vols))
for d in ("/data", "/logs"):
    check(("VOLUME" in dockerfile and d in dockerfile), "Dockerfile: no %s" % d)
check("no-new-privileges:true" in api.get("security_opt", []), "api: no no-new-privileges:true")
limits = api.get("deploy", {}).get("resources", {}).get("limits", {})
check(memory(limits.get("memory", 0)) == 512 * 1024**2, "api: memory limit %r" % limits)
check(float(limits.get("cpus", 0)) == 0.5, "api: cpu limit %r" % limits)
check(api.get("restart") == "unless-stopped", "api: restart %r" % api.get("restart"))
check(api.get("labels"), "api: no labels")
nets = list(api.get("networks", {}))
check(nets and all(n in cfg.get("networks", {}) and n != "default" for n in nets),
      "api: not on a network of its own: %r" % nets)
check(api.get("build", {}).get("args", {}).keys() >= {"VERSION", "GIT_COMMIT", "BUILD_DATE"},
      "api: build args VERSION, GIT_COMMIT, BUILD_DATE")

# Grafana's password: a secret file, never a value.
g = services["grafana"]
genv = g.get("environment", {})
check("GF_SECURITY_ADMIN_PASSWORD" not in genv, "grafana: a password in the environment")
pf = genv.get("GF_SECURITY_ADMIN_PASSWORD__FILE", "")
gsecrets = [s if isinstance(s, str) else s.get("source") for s in g.get("secrets", [])]
check(any(pf == "/run/secrets/" + s for s in gsecrets),
      "grafana: GF_SECURITY_ADMIN_PASSWORD__FILE %r is not one of its secrets %r" % (pf, gsecrets))
for s in gsecrets:
    f = cfg.get("secrets", {}).get(s, {}).get("file", "")
    check(f.endswith("/secrets/grafana_password.txt"), "secret %s: file %r" % (s, f))

# The observability configuration, read-only from observability/.
want = [
    ("prometheus", "observability/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml"),
    ("prometheus", "observability/prometheus/rules", "/etc/prometheus/rules"),
    ("grafana", "observability/grafana/provisioning", "/etc/grafana/provisioning"),
    ("grafana", "observability/grafana/dashboards", "/etc/grafana/dashboards"),
    ("loki", "observability/loki/loki.yml", None),
    ("alloy", "observability/alloy/config.alloy", None),
]
for name, path, target in want:
    binds = [(src, tgt, ro) for kind, src, tgt, ro in mounts(services[name]) if kind == "bind"]
    check(any(src.endswith("/" + path) and ro and (target is None or tgt == target)
              for src, tgt, ro in binds),
          "%s: no read-only bind mount of %s%s: %r"
          % (name, path, " at " + target if target else "", binds))
# Alloy reads the API's logs.
check(any(kind == "volume" and src == named.get(log_dir) and ro
          for kind, src, _, ro in mounts(services["alloy"])),
      "alloy: the logs volume is not mounted read-only")

# Only the API is published beyond the loopback.
for name, svc in services.items():
    for ip, pub, tgt in ports(svc):
        if name != "api":
            check(ip == "127.0.0.1", "%s: %s -> %s published beyond 127.0.0.1" % (name, pub, tgt))
    if name != "api":
        check(svc.get("restart") == "unless-stopped", "%s: restart" % name)
        check("no-new-privileges:true" in svc.get("security_opt", []),
              "%s: no no-new-privileges:true" % name)

if errors:
    print("\n".join(errors))
    sys.exit(1)
PY
exit 0
