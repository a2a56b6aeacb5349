#!/bin/sh
# GNUmakefile: the operator's guide types `make help`, `make up`,
# `make setup-secrets` in a fresh checkout, with no Makefile yet, and they
# work; the build's targets asked for there say to run ./configure; once
# configure has written a Makefile (a stand-in here: the real one is
# exercised by script/test's in-tree and distcheck builds), `make` builds
# and the operator's targets are still there.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

require_cmd make
make --version 2>/dev/null | grep -q '^GNU Make' || skip "make is not GNU make"

# An operator's make, not one under `make check`'s: none of its flags
# (-j's jobserver, print-directory) nor its level.
unset MAKEFLAGS MFLAGS MAKELEVEL || true

src=$T/src
mkdir "$src"
cp "$top_srcdir/GNUmakefile" "$top_srcdir/ops.mk" "$top_srcdir/configure.ac" "$src/"
mk() {
	make -s --no-print-directory -C "$src" SECRETS_DIR="$T/secrets" "$@"
}

# A fresh checkout: help by default, with the guide's targets.
help=$(mk help) || fail "make help in a fresh checkout: exit status $?"
for t in up down setup-secrets validate-secrets build logs test bench help; do
	printf '%s\n' "$help" | grep -q "^ *$t " || fail "make help lists no '$t'"
done
assert_eq "$help" "$(mk)" "make without a target in a fresh checkout"
assert_contains "$(mk -n test)" "script/test" "make -n test"
printf 'S3cret pass!\nS3cret pass!\n' | mk setup-secrets >"$T/out" 2>&1 ||
    fail "make setup-secrets in a fresh checkout: $(cat "$T/out")"
assert_eq 600 "$(stat -c %a "$T/secrets/grafana_password.txt")" "the secret's mode"
mk validate-secrets >"$T/out" 2>&1 || fail "make validate-secrets: $(cat "$T/out")"
for t in all check install distcheck clean; do
	RC=0
	mk "$t" >"$T/out" 2>&1 || RC=$?
	assert_ne 0 "$RC" "make $t before ./configure"
	assert_contains "$(cat "$T/out")" "run ./configure first" "make $t before ./configure"
done

# Configured: the Makefile's targets, the build by default, ops.mk's beside.
cat >"$src/Makefile" <<'MK'
all:
	@echo built
check:
	@echo checked
clean:
	@echo cleaned
MK
assert_eq built "$(mk)" "make in a configured tree"
assert_eq checked "$(mk check)" "make check in a configured tree"
assert_eq cleaned "$(mk clean)" "make clean in a configured tree"
assert_eq "$help" "$(mk help)" "make help in a configured tree"
mk validate-secrets >"$T/out" 2>&1 || fail "make validate-secrets in a configured tree: $(cat "$T/out")"
exit 0
