#!/bin/sh
# deploy/medicaments-api.service is a unit systemd accepts: systemd-analyze
# verify, on a copy whose /opt/medicaments-api paths point at this tree (the
# programs must exist for it), exits 0 and reports nothing about the unit.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v systemd-analyze >/dev/null 2>&1 || {
	echo "SKIP: systemd-unit-verifies: systemd-analyze is not installed (Debian: systemd)" >&2
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s|/opt/medicaments-api|$top|g" -e "s|^User=.*|User=root|" \
    -e "s|^Group=.*|Group=root|" "$top/deploy/medicaments-api.service" \
    >"$tmp/medicaments-api.service"
grep -q "^ExecStart=$top/script/lighttpd-run$" "$tmp/medicaments-api.service" ||
    { echo "FAIL: ExecStart is not script/lighttpd-run" >&2; exit 1; }
# Its exit status decides: a unit it cannot load, or cannot verify for any
# other reason, fails the test.  It also looks at the units the service
# depends on; what it says of them is shown, what it says of the service
# fails the test even when it exits 0.
rc=0
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
    "$tmp/medicaments-api.service" >"$tmp/out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
	echo "FAIL: systemd-analyze verify exited $rc:" >&2
	cat "$tmp/out" >&2
	exit 1
fi
if grep -q 'medicaments-api.service' "$tmp/out"; then
	echo "FAIL: systemd-analyze verify found problems in the unit:" >&2
	grep 'medicaments-api.service' "$tmp/out" >&2
	exit 1
fi
if [ -s "$tmp/out" ]; then
	echo "systemd-analyze verify, about other units:"
	cat "$tmp/out"
fi
echo "ok"
