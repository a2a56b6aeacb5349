#!/bin/sh
# DOWNLOAD_CA_FILE and DOWNLOAD_EXTRA_CA_FILE are checked at start, like
# every variable: a missing file, a directory, an empty file, a file that
# is not PEM or holds a damaged certificate is refused with one line naming
# the variable, before anything is downloaded or written; so is a root in
# DOWNLOAD_EXTRA_CA_FILE, which completes chains and never adds trust.
# Good values and an empty DOWNLOAD_EXTRA_CA_FILE (none) are accepted.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/updater/tls-lib.sh"
tls_test_setup
: >"$T/empty.pem"
printf 'CIS\tnot a certificate\n' >"$T/not-pem.txt"
# A PEM block whose body is not a certificate.
{
	echo '-----BEGIN CERTIFICATE-----'
	echo 'bm90IGEgY2VydGlmaWNhdGUgYXQgYWxs'
	echo '-----END CERTIFICATE-----'
} >"$T/damaged.pem"

# refused VARIABLE VALUE NEEDLE: the updater refuses VARIABLE=VALUE with one
# stderr line naming VARIABLE and holding NEEDLE, and writes nothing.
refused() {
	RC=0
	env "$1=$2" "$UPDATER" --source "file://$FIXTURES" --db "$DB" \
	    >"$T/stdout" 2>"$T/stderr" || RC=$?
	[ "$RC" -ne 0 ] || fail "accepted: $1=$2"
	[ "$RC" -lt 128 ] || fail "died of signal $((RC - 128)): $1=$2"
	assert_eq 1 "$(wc -l <"$T/stderr" | tr -d ' ')" "lines on stderr for $1=$2:
$(cat "$T/stderr")"
	assert_contains "$(cat "$T/stderr")" "error: $1=" "stderr for $1=$2"
	assert_contains "$(cat "$T/stderr")" "$3" "stderr for $1=$2"
	[ ! -e "$DB" ] || fail "$DB was created with $1=$2"
}

for var in DOWNLOAD_CA_FILE DOWNLOAD_EXTRA_CA_FILE; do
	refused "$var" "$T/missing.pem" "No such file"
	refused "$var" "$T" "not a regular file"
	refused "$var" "$T/empty.pem" "no certificate"
	refused "$var" "$T/not-pem.txt" "no certificate"
	refused "$var" "$T/damaged.pem" "damaged"
done
refused DOWNLOAD_EXTRA_CA_FILE "$PKI/root.pem" "self-signed root"
cat "$PKI/intermediate.pem" "$PKI/stranger-root.pem" >"$T/with-root.pem"
refused DOWNLOAD_EXTRA_CA_FILE "$T/with-root.pem" "certificate 2"

# Unset, DOWNLOAD_EXTRA_CA_FILE is the installed file: an https:// source
# needs it (a build that is not installed has none), file:// does not.
RC=0
env -u DOWNLOAD_EXTRA_CA_FILE "$UPDATER" --source https://127.0.0.1:1/x \
    --db "$DB" >"$T/stdout" 2>"$T/stderr" || RC=$?
if [ "$RC" -eq 2 ]; then
	assert_contains "$(cat "$T/stderr")" "DOWNLOAD_EXTRA_CA_FILE=" "unset, not installed"
	assert_contains "$(cat "$T/stderr")" "(the default" "unset, not installed"
fi

# Accepted: a root as DOWNLOAD_CA_FILE, an intermediate as the extra file,
# no extra file at all.
for setting in "DOWNLOAD_CA_FILE=$PKI/root.pem" \
    "DOWNLOAD_EXTRA_CA_FILE=$PKI/intermediate.pem" DOWNLOAD_EXTRA_CA_FILE=; do
	rm -f "$DB"
	RC=0
	env "$setting" "$UPDATER" --source "file://$FIXTURES" --db "$DB" \
	    >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_eq 0 "$RC" "update with $setting ($(tail -n 1 "$T/stderr"))"
done
exit 0
