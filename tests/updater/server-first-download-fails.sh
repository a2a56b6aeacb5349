#!/bin/sh
# script/server on a machine whose first download fails: one error line
# saying what to do (BDPM_BASE_URL, DOWNLOAD_EXTRA_CA_FILE for TLS, the
# offline file:// source), a non-zero exit, nothing served.  From a
# checkout it points DOWNLOAD_EXTRA_CA_FILE at certs/'s copy: the updater
# accepts the https:// source instead of missing the installed file.
#
# script/server runs from a copy of the tree's scripts in $T, with
# script/setup, script/build and script/lighttpd-run replaced by stubs (the
# last one only records that it ran) and BUILD_DIR the tested build.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater

top=$T/top
mkdir -p "$top/script" "$top/certs"
cp "$top_srcdir/script/server" "$top/script/"
cp "$top_srcdir/certs/certigna-services-ca.pem" "$top/certs/"
printf '#!/bin/sh\nexit 0\n' >"$top/script/setup"
printf '#!/bin/sh\nexit 0\n' >"$top/script/build"
printf '#!/bin/sh\n: >"%s"\nexit 0\n' "$T/lighttpd-ran" >"$top/script/lighttpd-run"
chmod +x "$top/script/server" "$top/script/setup" "$top/script/build" \
    "$top/script/lighttpd-run"

# Nothing listens there.
port=$(free_port)
RC=0
env -u DOWNLOAD_EXTRA_CA_FILE -u DB_PATH -u LOG_DIR -u RUN_DIR \
    BUILD_DIR="$top_builddir" ALLOW_ROOT=1 \
    BDPM_BASE_URL="https://127.0.0.1:$port/bdpm" \
    "$top/script/server" >"$T/stdout" 2>"$T/stderr" || RC=$?
[ "$RC" -ne 0 ] || fail "script/server went on without a database"
[ ! -e "$T/lighttpd-ran" ] || fail "script/server started lighttpd without a database"
[ ! -e "$top/data/medicaments.db" ] || fail "a database appeared"

stderr=$(cat "$T/stderr")
# The updater's own line: the connection, not a missing certificate file.
assert_eq 1 "$(grep -c 'medicaments-updater: error:' "$T/stderr")" "updater's error lines"
line=$(grep 'medicaments-updater: error:' "$T/stderr")
assert_contains "$line" "CIS_bdpm.txt: Failed to connect" "updater's line"
# script/server's: one line, what to do.
assert_eq 1 "$(grep -c '^server: error' "$T/stderr")" "script/server's error lines:
$stderr"
line=$(grep '^server: error' "$T/stderr")
assert_contains "$line" "BDPM_BASE_URL=" "script/server's line"
assert_contains "$line" "DOWNLOAD_EXTRA_CA_FILE" "script/server's line"
assert_contains "$line" "file://" "script/server's line"
assert_contains "$line" "script/server" "script/server's line"
log "$line"
exit 0
