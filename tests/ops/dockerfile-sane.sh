#!/bin/sh
# No Docker engine here: the Dockerfile is read instead.  A builder stage on
# Debian bookworm running `script/setup --build-only` and script/build, a
# debian:bookworm-slim runtime that runs as UID 65534 with the entry point
# under tini and the health check of docker/ (30 s, 5 s, 10 s, 3 retries),
# the build arguments VERSION, GIT_COMMIT, BUILD_DATE in OCI labels,
# TARGETARCH used, no HTTP client nor cron daemon installed (apt's dry run
# of the runtime's own install, on this Debian 12, pulls no cron in), the
# runtime packages holding every shared library the built programs need,
# every file copied from the sources present and not excluded by
# .dockerignore, and docker/'s scripts POSIX sh.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

df=$top_srcdir/Dockerfile
[ -f "$df" ] || fail "no Dockerfile"
# One instruction per line: continuations joined, comments dropped.
sed -e '/^[[:space:]]*#/d' "$df" |
    sed -e ':a' -e '/\\$/{N;s/\\\n/ /;ba' -e '}' |
    sed -e 's/[[:space:]][[:space:]]*/ /g' -e '/^ *$/d' >"$T/df"

# stage NAME: the instructions of stage NAME.
stage() {
	awk -v name="$1" '
	toupper($1) == "FROM" { on = (tolower($NF) == name) }
	on' "$T/df"
}

froms=$(grep -i '^FROM ' "$T/df")
assert_eq 2 "$(echo "$froms" | wc -l | tr -d ' ')" "number of stages"
first=$(echo "$froms" | head -n 1)
last=$(echo "$froms" | tail -n 1)
assert_contains "$first" "bookworm" "builder's base image"
assert_contains "$first" " AS builder" "builder stage"
assert_eq "FROM debian:bookworm-slim AS runtime" "$last" "runtime stage"

builder=$(stage builder)
runtime=$(stage runtime)
# The build's packages only, not the tests' tools.
assert_contains "$builder" "script/setup --build-only" "the builder"
assert_contains "$builder" "script/build" "the builder"

# The runtime: user, health check, entry point.
user=$(echo "$runtime" | grep '^USER ' | tail -n 1)
case $user in
'USER 65534' | 'USER 65534:65534') ;;
*) fail "runtime user: '$user'" ;;
esac
hc=$(echo "$runtime" | grep '^HEALTHCHECK ')
for opt in --interval=30s --timeout=5s --start-period=10s --retries=3; do
	assert_contains "$hc" " $opt " "HEALTHCHECK"
done
assert_contains "$hc" 'CMD ["/opt/medicaments-api/docker/healthcheck"]' "HEALTHCHECK"
assert_eq 'ENTRYPOINT ["/usr/bin/tini", "--", "/opt/medicaments-api/docker/entrypoint"]' \
    "$(echo "$runtime" | grep '^ENTRYPOINT ')" "ENTRYPOINT"

# Build arguments and labels.
for a in VERSION GIT_COMMIT BUILD_DATE; do
	echo "$runtime" | grep -q "^ARG $a\(=\|$\)" || fail "runtime: no ARG $a"
done
labels=$(echo "$runtime" | grep '^LABEL ')
# The Dockerfile's own "$NAME", literally.
# shellcheck disable=SC2016
assert_contains "$labels" 'org.opencontainers.image.version="$VERSION"' "labels"
# shellcheck disable=SC2016
assert_contains "$labels" 'org.opencontainers.image.revision="$GIT_COMMIT"' "labels"
# shellcheck disable=SC2016
assert_contains "$labels" 'org.opencontainers.image.created="$BUILD_DATE"' "labels"
assert_contains "$labels" 'org.opencontainers.image.title=' "labels"
grep -q '^ARG TARGETARCH' "$T/df" || fail "no ARG TARGETARCH"
# shellcheck disable=SC2016
grep -q '\$TARGETARCH' "$T/df" || fail "TARGETARCH is declared but not used"

# What the runtime installs: no HTTP client, no cron daemon.
install=$(echo "$runtime" | grep 'apt-get install' |
    sed 's/.*apt-get install//; s/&&.*//')
[ -n "$install" ] || fail "runtime: no apt-get install"
for pkg in curl wget cron busybox; do
	case " $install " in
	*" $pkg "*) fail "runtime installs $pkg" ;;
	esac
done
for pkg in tini lighttpd logrotate ca-certificates tzdata; do
	case " $install " in
	*" $pkg "*) ;;
	*) fail "runtime does not install $pkg" ;;
	esac
done

# apt's dry run of the runtime's install (its packages, its options; the
# empty package of docker/no-cron-package built here) on a Debian 12 base
# like debian:bookworm-slim's: the packages of priority "required" and what
# they depend on, as installed on this machine (another package here must
# not hide what the image would get).  No cron daemon may come in; without
# the empty package, cron does (the check can fail).
# runtime_dry_run [WITHOUT]: the names apt would install, WITHOUT removed
# from the list.
runtime_dry_run() {
	# shellcheck disable=SC2086,SC2046 # words: one package each
	apt-get install --dry-run -o Dir::State::status="$T/base.status" \
	    $(printf '%s\n' $install | grep -vx -e "${1:-}" |
	    sed "s|^/tmp/no-cron.deb$|$T/no-cron.deb|") 2>"$T/apt.err" |
	    awk '$1 == "Inst" { print $2 }'
}
if grep -q '^12\.' /etc/debian_version 2>/dev/null &&
    command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 &&
    apt-cache policy logrotate 2>/dev/null | grep -q '^ *Candidate: [0-9]'; then
	case $install in
	*" /tmp/no-cron.deb "*) ;;
	*) fail "runtime: docker/no-cron-package's /tmp/no-cron.deb is not installed" ;;
	esac
	sh "$top_srcdir/docker/no-cron-package" "$T/no-cron.deb" ||
	    fail "docker/no-cron-package failed"
	required=$(dpkg-query -W -f='${Package} ${Priority}\n' | awk '$2 == "required" { print $1 }')
	# shellcheck disable=SC2086
	apt-cache depends --recurse --installed --no-recommends --no-suggests \
	    --no-conflicts --no-breaks --no-replaces --no-enhances $required |
	    grep -v '^ ' | sort -u >"$T/closure"
	dpkg-query -W -f='${Package}\n' | sort -u >"$T/installed"
	# shellcheck disable=SC2046
	dpkg-query -s $(comm -12 "$T/closure" "$T/installed") >"$T/base.status" 2>/dev/null
	got=$(runtime_dry_run)
	for pkg in tini lighttpd logrotate medicaments-api-no-cron; do
		echo "$got" | grep -qx "$pkg" ||
		    fail "apt's dry run does not install $pkg: $(cat "$T/apt.err") $got"
	done
	cron=$(echo "$got" | grep -x -e cron -e anacron -e bcron -e systemd-cron -e cronie -e systemd-sysv || true)
	[ -z "$cron" ] || fail "the runtime's packages pull in $cron"
	runtime_dry_run /tmp/no-cron.deb | grep -qx cron ||
	    fail "without docker/no-cron-package, apt's dry run should pull cron in"
else
	log "not Debian 12, or no apt lists: the dry run of the runtime's packages not run"
fi

# Every shared library the built programs link, from a package the runtime
# installs (libc6 is in every Debian image; the sanitizers' runtimes are
# only in a sanitizer build).
if command -v dpkg >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1 &&
    [ -x "$UPDATER" ] && [ -x "$FCGI" ]; then
	for bin in "$UPDATER" "$FCGI" "$top_builddir/accesslog/medicaments-accesslog"; do
		[ -x "$bin" ] || continue
		for lib in $(readelf -d "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
			# A sanitizer build's runtime: the image has none.
			case $lib in
			libasan.so* | libubsan.so* | liblsan.so* | libtsan.so*) continue ;;
			esac
			path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
			[ -n "$path" ] || fail "$lib of $bin: not found by ldconfig"
			pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null ||
			    dpkg -S "/usr$path" 2>/dev/null || true)
			pkg=${pkg%%:*}
			[ -n "$pkg" ] || fail "$lib ($path): no Debian package owns it"
			[ "$pkg" != libc6 ] || continue
			case " $install " in
			*" $pkg "*) ;;
			*) fail "$(basename "$bin") needs $lib, from $pkg, which the runtime does not install" ;;
			esac
		done
	done
else
	log "dpkg, readelf or the programs missing: library check not run"
fi

# COPY --from=builder /src/X: X is in the sources (node_modules comes from
# script/setup-node's package.json) and .dockerignore keeps it.
copies=$(echo "$runtime" | awk '$1 == "COPY" && $2 == "--from=builder" {
	for (i = 3; i < NF; i++) if ($i ~ /^\/src\//) print substr($i, 6) }')
[ -n "$copies" ] || fail "runtime copies nothing from the builder's /src"
for c in $copies; do
	c=${c%/}
	case $c in
	node_modules/*)
		pkg=${c#node_modules/}
		grep -q "\"$pkg\"" "$top_srcdir/package.json" ||
		    fail "COPY $c: $pkg is not in package.json"
		;;
	*)
		[ -e "$top_srcdir/$c" ] || fail "COPY /src/$c: not in the sources"
		;;
	esac
done
# What the builder needs, and what it copies, must reach the build context.
# shellcheck disable=SC2086
python3 - "$top_srcdir/.dockerignore" $copies configure.ac Makefile.am \
    script/setup script/setup-node script/build package.json \
    package-lock.json common updater fcgi tests/local.mk schema.sql \
    docker/entrypoint docker/healthcheck docker/no-cron-package <<'PY' || fail ".dockerignore excludes what the build needs"
import fnmatch, sys
patterns = []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    neg = line.startswith("!")
    pat = line[1:] if neg else line
    pat = pat.strip("/")
    patterns.append((neg, pat))

def excluded(path):
    # Docker's rule: the last matching pattern wins; a pattern matching a
    # parent directory excludes what is under it.
    parts = path.split("/")
    result = False
    for neg, pat in patterns:
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            if fnmatch.fnmatch(prefix, pat) or (pat.startswith("**/") and
                    fnmatch.fnmatch(prefix.split("/")[-1], pat[3:])):
                result = not neg
                break
    return result

bad = [p.rstrip("/") for p in sys.argv[2:]
       if not p.startswith("node_modules") and excluded(p.rstrip("/"))]
if bad:
    print(".dockerignore excludes: " + " ".join(bad))
    sys.exit(1)
for must in (".git", "build", "node_modules", "secrets", "data", "logs"):
    if not excluded(must):
        print(".dockerignore lets %s into the build context" % must)
        sys.exit(1)
PY

# The scripts the image runs: executable, POSIX sh.
for f in docker/entrypoint docker/healthcheck docker/no-cron-package; do
	[ -x "$top_srcdir/$f" ] || fail "$f is not executable"
	head -n 1 "$top_srcdir/$f" | grep -qx '#!/bin/sh' || fail "$f: not #!/bin/sh"
	if command -v dash >/dev/null 2>&1; then
		dash -n "$top_srcdir/$f" || fail "$f: dash -n"
	fi
	if command -v shellcheck >/dev/null 2>&1; then
		shellcheck -s sh "$top_srcdir/$f" >"$T/stderr" 2>&1 ||
		    fail "$f: shellcheck"
	fi
done
exit 0
