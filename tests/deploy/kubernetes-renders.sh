#!/bin/sh
# deploy/kubernetes, offline: `kubectl kustomize` renders the base and the
# example overlay, and every kubectl there is renders the same objects
# (Debian's kubernetes-client, kustomize v2.0, and the one on PATH, v5 here);
# every object validates against the Kubernetes schemas
# and keeps the deployment's promises (tests/deploy/kubernetes-validate.mjs);
# the containers' environment passes the service's own checks (the entry
# point's --check); a broken object is caught.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_cmd node
require_updater
require_fcgi
PATH=$PATH:/usr/sbin
require_cmd lighttpd
NODE_MODULES=${NODE_MODULES:-$top_srcdir/node_modules}
[ -d "$NODE_MODULES/kubernetes-models" ] && [ -d "$NODE_MODULES/js-yaml" ] ||
    skip "no kubernetes-models in $NODE_MODULES: run script/setup-node"
# The kubectls: the one on PATH, and Debian's that script/setup unpacks
# when that one is another package's (else Debian's is the one on PATH).
set --
if command -v kubectl >/dev/null 2>&1; then
	set -- "$(command -v kubectl)"
fi
debian=${DEBIAN_KUBECTL:-$top_srcdir/.cache/kubernetes-client/usr/bin/kubectl}
if [ -x "$debian" ] && { [ $# -eq 0 ] ||
    [ "$(readlink -f "$debian")" != "$(readlink -f "$1")" ]; }; then
	set -- "$@" "$debian"
fi
[ $# -gt 0 ] || skip "no kubectl: run script/setup (Debian's kubernetes-client)"
K8S=$top_srcdir/deploy/kubernetes

mkdir -p "$T/node"
ln -s "$NODE_MODULES" "$T/node/node_modules"
cp "$top_srcdir/tests/deploy/kubernetes-validate.mjs" \
    "$top_srcdir/tests/deploy/kubernetes-normalize.mjs" "$T/node/"

# validate YAML: the checks, the environment into $T/env.
validate() {
	timeout 120 node "$T/node/kubernetes-validate.mjs" "$1" "$T/env" \
	    >"$T/stdout" 2>"$T/stderr"
}

# The fields that kustomize v2.0 reads and later ones deprecate: their
# warnings, and no other, are expected on stderr.
deprecated="^# Warning: '(commonLabels|bases|patchesJson6902)' is deprecated\. "
for dir in base overlays/example; do
	n=0
	for k in "$@"; do
		n=$((n + 1))
		"$k" kustomize "$K8S/$dir" >"$T/rendered.$n.yaml" 2>"$T/stderr" ||
		    fail "$k kustomize $dir: $(cat "$T/stderr")"
		warnings=$(grep -v -E "$deprecated" "$T/stderr") &&
		    fail "$k kustomize $dir warns: $warnings"
		validate "$T/rendered.$n.yaml" || fail "$k, $dir: $(cat "$T/stderr")"
		version=$("$k" version --client 2>&1 | sed -n -e 's/.*GitVersion:"\([^"]*\)".*/\1/p' \
		    -e 's/^Client Version: //p')
		log "$dir, $k ($version): $(cat "$T/stdout")"
		timeout 60 node "$T/node/kubernetes-normalize.mjs" \
		    "$T/rendered.$n.yaml" >"$T/objects.$n.json" 2>"$T/stderr" ||
		    fail "$dir: normalizing the objects of $k"
		cmp -s "$T/objects.1.json" "$T/objects.$n.json" ||
		    fail "$dir: $k renders other objects than $1: $(diff "$T/objects.1.json" "$T/objects.$n.json" | head -n 40)"
	done
done
log "$# kubectl(s) rendered the same objects"
# The overlay's objects (and $T/env, the last validated): any kubectl's.
overlay=$T/rendered.1.yaml
assert_contains "$(cat "$overlay")" "namespace: medicaments" "the overlay's namespace"
assert_contains "$(cat "$overlay")" "kind: Ingress" "the overlay's Ingress"

# Each container's environment, as the service reads it: the entry
# point's --check (its schedule, the mirror's settings, then lighttpd-run's
# and the worker's variables, lighttpd's own configuration check).
# The image's ENV first (the Dockerfile's), the paths moved into $T.
sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$top_srcdir/Dockerfile" |
    sed -n 's/^ENV //p' | tr -s ' \t' '\n\n' | grep = >"$T/image.env" ||
    fail "no ENV in the Dockerfile"
mkdir -p "$T/db" "$T/logs"
awk -v dir="$T" '/^# container / { n++; next } { print > (dir "/env." n) }' "$T/env"
for f in "$T"/env.*; do
	# One argument per line: values may hold spaces.
	set --
	while IFS= read -r line; do
		set -- "$@" "$line"
	done <<-EOF
	$(cat "$T/image.env" "$f")
	EOF
	out=$(env -i PATH="$PATH" "$@" \
	    DB_PATH="$T/db/medicaments.db" RUN_DIR="$T/run" \
	    LOG_DIR="$T/logs" TMPDIR="$T" FCGI_BIN="$FCGI" \
	    UPDATER_BIN="$UPDATER" HTML_DIR="$top_srcdir/html" \
	    DOWNLOAD_EXTRA_CA_FILE="$top_srcdir/certs/certigna-services-ca.pem" \
	    ALLOW_ROOT=1 "$top_srcdir/docker/entrypoint" --check 2>&1) ||
	    fail "the environment of $(basename "$f") fails the entry point's --check: $out"
done
assert_eq 2 "$(ls "$T"/env.* | wc -l)" "containers checked"
grep -q '^MIRROR_URL=http://medicaments-builder:8000/v1/database$' "$T/env" ||
    fail "the api pods do not mirror the builder: $(cat "$T/env")"
interval=$(sed -n 's/^MIRROR_INTERVAL=//p' "$T/env")
case $interval in
'' | *[!0-9]*) fail "MIRROR_INTERVAL=$interval" ;;
esac
# The probes' program is in the image, where the Dockerfile copies it.
grep -q 'COPY .*docker/healthcheck /opt/medicaments-api/docker/' "$top_srcdir/Dockerfile" ||
    fail "the Dockerfile does not copy docker/healthcheck where the probes run it"

# The checks can fail: a pod with a writable root, a wrong type, a metrics
# port open to all.
sed 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/' "$overlay" >"$T/bad.yaml"
! validate "$T/bad.yaml" || fail "a writable root file system passed"
assert_contains "$(cat "$T/stderr")" "root file system not read-only" "the problem found"
sed 's/minReplicas: 3/minReplicas: three/' "$overlay" >"$T/bad.yaml"
! validate "$T/bad.yaml" || fail "minReplicas: three passed"
assert_contains "$(cat "$T/stderr")" "minReplicas" "the problem found"
sed 's/kubernetes.io\/metadata.name: monitoring/kubernetes.io\/metadata.name: default/' "$overlay" >"$T/bad.yaml"
! validate "$T/bad.yaml" || fail "metrics open to another namespace passed"
assert_contains "$(cat "$T/stderr")" "port 9090" "the problem found"
exit 0
