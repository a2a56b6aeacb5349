#!/bin/sh
# --mirror over HTTPS has the BDPM downloads' TLS options: a server that
# sends its leaf alone is refused without the intermediate (the run's line
# names DOWNLOAD_EXTRA_CA_FILE; the database in place stays byte for byte)
# and mirrored with it; another host's certificate is refused.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/updater/tls-lib.sh"
. "$top_srcdir/tests/updater/mirror-lib.sh"
tls_test_setup
build_source old.db
build_source new.db
run_updater --mirror "file://$SRC/old.db" --db "$REPLICA"
[ "$RC" -eq 0 ] || fail "the database in place: exit $RC"
SUM=$(checksum "$REPLICA")
DOWNLOAD_CA_FILE=$PKI/root.pem
export DOWNLOAD_CA_FILE

# serve_tls LEAF: the files of $SRC over HTTPS, LEAF alone sent.
serve_tls() {
	start_server "$SRC" --tls-cert "$PKI/$1.pem" --tls-key "$PKI/$1.key"
}

serve_tls leaf
DOWNLOAD_EXTRA_CA_FILE= mirror "https://127.0.0.1:$PORT/ok/new.db"
assert_failed_with "TLS: " "issuer unknown" DOWNLOAD_EXTRA_CA_FILE
assert_db_untouched "$REPLICA" "$SUM"

DOWNLOAD_EXTRA_CA_FILE=$PKI/intermediate.pem mirror "https://127.0.0.1:$PORT/ok/new.db"
[ "$RC" -eq 0 ] || fail "mirror over HTTPS with the intermediate: exit $RC: $(cat "$T/stderr")"
assert_eq "$(checksum "$SRC/new.db")" "$(checksum "$REPLICA")" "the file mirrored over HTTPS"
SUM=$(checksum "$REPLICA")

serve_tls wrong-host
DOWNLOAD_EXTRA_CA_FILE=$PKI/intermediate.pem mirror "https://127.0.0.1:$PORT/ok/new.db"
assert_failed_with "host name mismatch"
assert_db_untouched "$REPLICA" "$SUM"
exit 0
