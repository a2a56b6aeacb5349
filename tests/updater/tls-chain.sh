#!/bin/sh
# HTTPS with a server that sends its leaf certificate alone, like the BDPM
# site: the root is trusted (DOWNLOAD_CA_FILE stands for the system's
# store), the intermediate comes from DOWNLOAD_EXTRA_CA_FILE or not at all.
# Without it the update fails with one line naming the file, the reason and
# DOWNLOAD_EXTRA_CA_FILE; with it (in a file of several certificates) the
# update succeeds; host name and expiry are still checked, and an
# intermediate never makes its untrusted root trusted.  Every failure
# leaves the database in place byte for byte.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/updater/tls-lib.sh"
tls_test_setup
build_db "$DB"
DOWNLOAD_CA_FILE=$PKI/root.pem
export DOWNLOAD_CA_FILE

# tls_refused LEAF EXTRA NEEDLE...: the update from a server sending LEAF,
# with DOWNLOAD_EXTRA_CA_FILE=EXTRA, fails with one line holding every
# NEEDLE, and the database is untouched.
tls_refused() {
	_leaf=$1
	_extra=$2
	shift 2
	start_tls_server "$_leaf"
	_sum=$(checksum "$DB")
	RC=0
	DOWNLOAD_EXTRA_CA_FILE=$_extra "$UPDATER" --source "$TLS_URL" \
	    --db "$DB" >"$T/stdout" 2>"$T/stderr" || RC=$?
	assert_failed_with CIS_bdpm.txt "TLS: " "$@"
	assert_db_untouched "$DB" "$_sum"
	log "$_leaf: $(grep 'error:' "$T/stderr")"
}

# No intermediate: what every machine sees on the BDPM site.
tls_refused leaf "" "issuer unknown" "unable to get local issuer certificate" \
    DOWNLOAD_EXTRA_CA_FILE

# The intermediate, second of two certificates in the file.
cat "$PKI/stranger-intermediate.pem" "$PKI/intermediate.pem" >"$PKI/extra.pem"
start_tls_server leaf
RC=0
DOWNLOAD_EXTRA_CA_FILE=$PKI/extra.pem "$UPDATER" --source "$TLS_URL" \
    --db "$DB" >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_eq 0 "$RC" "update over HTTPS with the intermediate ($(cat "$T/stderr"))"
assert_sql "$DB" "$TLS_URL" "SELECT value FROM meta WHERE key = 'source_url'"

# Still refused with the intermediate: another host's certificate, an
# expired one, and a chain that ends at a root nobody trusts even though
# its intermediate is in the file.
tls_refused wrong-host "$PKI/extra.pem" "host name mismatch"
tls_refused expired "$PKI/extra.pem" "expired"
tls_refused stranger "$PKI/extra.pem" "issuer unknown" DOWNLOAD_CA_FILE
exit 0
