#!/bin/sh
# ops.mk, the operator's commands: `make help` lists every target; the targets that
# need Docker fail with one clear line when the docker command is missing
# or its engine unreachable (`docker info`), and run nothing else; with an
# engine (a stand-in docker here) `build` passes the build arguments and
# `up` checks the secret first; setup-secrets asks twice (on stdin here),
# refuses an empty or mismatched password and writes the file with mode
# 600; validate-secrets refuses a missing, empty or readable-by-others file.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

require_cmd make
make --version 2>/dev/null | grep -q '^GNU Make' || skip "make is not GNU make"

mk() {
	make -s --no-print-directory -C "$T" -f "$top_srcdir/ops.mk" \
	    SECRETS_DIR="$T/secrets" "$@"
}

# help: every target, once.
help=$(mk help) || fail "make help: exit status $?"
for t in build build-amd64 build-arm64 up down logs ps test bench \
    setup-secrets validate-secrets clean-stack; do
	n=$(printf '%s\n' "$help" | grep -c "^ *$t ") || true
	assert_eq 1 "$n" "lines for '$t' in make help"
done
# help is the default.
assert_eq "$help" "$(mk)" "make without a target"
# test and bench run the project's scripts.
assert_contains "$(mk -n test)" "script/test" "make -n test"
bench=$(mk -n bench)
assert_contains "$bench" "bench/updater" "make -n bench"
assert_contains "$bench" "bench/api" "make -n bench"

docker_targets="build build-amd64 build-arm64 up down logs ps clean-stack"

# No docker command: a PATH with what make's recipes need, without it.
mkdir "$T/nodocker"
for c in sh make sed awk date stat id uname mkdir chmod mv dirname cat \
    printf git; do
	p=$(command -v "$c" 2>/dev/null) && ln -s "$p" "$T/nodocker/$c"
done
for t in $docker_targets; do
	RC=0
	PATH=$T/nodocker mk "$t" >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_ne 0 "$RC" "make $t without docker"
	assert_eq 1 "$(grep -c "^make $t: needs Docker" "$T/stderr")" "make $t without docker: message"
	assert_contains "$(cat "$T/stderr")" "docker command is not installed" "make $t without docker"
done

# A docker whose engine is unreachable: a stand-in that logs its calls.
mkdir "$T/fake"
cat >"$T/fake/docker" <<'FAKE'
#!/bin/sh
echo "$*" >>"$FAKE_LOG"
case $1 in
info) [ "${FAKE_ENGINE:-down}" = up ] || { echo "Cannot connect to the Docker daemon" >&2; exit 1; } ;;
compose) [ "$2" = version ] && exit 0 ;;
buildx) exit 0 ;;
esac
exit 0
FAKE
chmod +x "$T/fake/docker"
FAKE_LOG=$T/docker.log
export FAKE_LOG
for t in $docker_targets; do
	: >"$FAKE_LOG"
	RC=0
	PATH=$T/fake:$PATH mk "$t" >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_ne 0 "$RC" "make $t with the engine down"
	assert_eq 1 "$(grep -c "^make $t: needs Docker" "$T/stderr")" "make $t, engine down: message"
	assert_contains "$(cat "$T/stderr")" "engine is not reachable" "make $t, engine down"
	assert_eq "info" "$(cat "$FAKE_LOG")" "docker calls of make $t, engine down"
done

# An engine: build passes the build arguments and tags.
FAKE_ENGINE=up
export FAKE_ENGINE
: >"$FAKE_LOG"
PATH=$T/fake:$PATH mk build VERSION=9.8.7 GIT_COMMIT=abc1234 >"$T/stdout" 2>"$T/stderr" ||
    fail "make build with an engine: exit status $?"
call=$(grep '^build ' "$FAKE_LOG") || fail "make build ran no docker build: $(cat "$FAKE_LOG")"
for want in "--build-arg VERSION=9.8.7" "--build-arg GIT_COMMIT=abc1234" \
    "--build-arg BUILD_DATE=20" "-t medicaments-api:9.8.7" "-t medicaments-api:latest"; do
	assert_contains "$call" "$want" "docker build's arguments"
done
: >"$FAKE_LOG"
PATH=$T/fake:$PATH mk build-arm64 VERSION=9.8.7 >"$T/stdout" 2>"$T/stderr" ||
    fail "make build-arm64 with an engine: exit status $?"
assert_contains "$(cat "$FAKE_LOG")" "buildx build --platform linux/arm64" "make build-arm64"
# up without a secret: refused before compose runs.
: >"$FAKE_LOG"
RC=0
PATH=$T/fake:$PATH mk up >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_ne 0 "$RC" "make up without the secret"
assert_contains "$(cat "$T/stderr")" "grafana_password.txt is missing" "make up without the secret"
assert_not_contains "$(cat "$FAKE_LOG")" "compose -p" "docker calls of make up without the secret"

# setup-secrets, the password on stdin.
secret=$T/secrets/grafana_password.txt
RC=0
printf 'one\ntwo\n' | mk setup-secrets >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_ne 0 "$RC" "setup-secrets with two passwords"
assert_contains "$(cat "$T/stderr")" "differ" "setup-secrets with two passwords"
[ ! -e "$secret" ] || fail "setup-secrets wrote a file for mismatched passwords"
RC=0
printf '\n\n' | mk setup-secrets >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_ne 0 "$RC" "setup-secrets with an empty password"
assert_contains "$(cat "$T/stderr")" "empty" "setup-secrets with an empty password"
[ ! -e "$secret" ] || fail "setup-secrets wrote a file for an empty password"
printf 'S3cret pass!\nS3cret pass!\n' | mk setup-secrets >"$T/stdout" 2>"$T/stderr" ||
    fail "setup-secrets: exit status $?"
assert_eq 600 "$(stat -c %a "$secret")" "mode of $secret"
assert_eq "S3cret pass!" "$(cat "$secret")" "the password written"
assert_eq 0 "$(wc -l <"$secret" | tr -d ' ')" "newlines in the password file"

# validate-secrets.
mk validate-secrets >"$T/stdout" 2>"$T/stderr" || fail "validate-secrets on a good file: exit status $?"
chmod 400 "$secret"
mk validate-secrets >"$T/stdout" 2>"$T/stderr" || fail "validate-secrets on a mode 400 file: exit status $?"
# up with the secret in order goes on to compose.
: >"$FAKE_LOG"
PATH=$T/fake:$PATH mk up >"$T/stdout" 2>"$T/stderr" || fail "make up with an engine: exit status $?"
assert_contains "$(cat "$FAKE_LOG")" "compose -p medicaments-api -f docker-compose.yml up -d" "make up"

invalid() {
	RC=0
	mk validate-secrets >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_ne 0 "$RC" "validate-secrets, $1"
	assert_contains "$(cat "$T/stderr")" "$2" "validate-secrets, $1"
}
chmod 644 "$secret"
invalid "mode 644" "others may read it"
chmod 640 "$secret"
invalid "mode 640" "others may read it"
chmod 600 "$secret"
: >"$secret"
invalid "an empty file" "is empty"
rm -f "$secret"
invalid "no file" "is missing"
exit 0
