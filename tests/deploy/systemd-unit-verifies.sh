#!/bin/sh
# deploy/medicaments-api.service is a unit systemd accepts: systemd-analyze
# verify, on a copy whose /opt/medicaments-api paths point at this tree (the
# programs must exist for it), reports nothing.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v systemd-analyze >/dev/null 2>&1 || { echo "no systemd-analyze: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s|/opt/medicaments-api|$top|g" -e "s|^User=.*|User=root|" \
    -e "s|^Group=.*|Group=root|" "$top/deploy/medicaments-api.service" \
    >"$tmp/medicaments-api.service"
grep -q "^ExecStart=$top/script/lighttpd-run$" "$tmp/medicaments-api.service" ||
    { echo "ExecStart is not script/lighttpd-run"; exit 1; }
# Only the unit's own problems: systemd-analyze also looks at the units it
# depends on, which a container may lack.
out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
    "$tmp/medicaments-api.service" 2>&1 | grep 'medicaments-api.service' || true)
if [ -n "$out" ]; then
	echo "systemd-analyze verify:"
	echo "$out"
	exit 1
fi
echo "ok"
