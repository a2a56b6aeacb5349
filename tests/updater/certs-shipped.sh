#!/bin/sh
# The certificate shipped as DOWNLOAD_EXTRA_CA_FILE's default
# (certs/certigna-services-ca.pem) is the documented one: Certigna Services
# CA, issued by Certigna Root CA, SHA-256 fingerprint 07:F2:CE:...:25:50,
# alone in its file; and the updater accepts it (an intermediate, not a
# root).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
require_updater
require_cmd openssl

pem=$top_srcdir/certs/certigna-services-ca.pem
[ -f "$pem" ] || fail "$pem is missing"
assert_eq 1 "$(grep -c 'BEGIN CERTIFICATE' "$pem")" "certificates in $pem"
fp=$(openssl x509 -in "$pem" -noout -fingerprint -sha256) ||
    fail "openssl cannot read $pem"
assert_eq "sha256 Fingerprint=07:F2:CE:55:CA:1A:A6:CB:99:27:19:B1:E4:23:C1:D0:2C:1E:A7:59:A6:E2:EA:B4:E1:50:C8:82:82:E2:25:50" \
    "$fp" "fingerprint of $pem"
assert_contains "$(openssl x509 -in "$pem" -noout -subject)" \
    "CN = Certigna Services CA" "subject"
assert_contains "$(openssl x509 -in "$pem" -noout -issuer)" \
    "CN = Certigna Root CA" "issuer"

mkdir -p "$T/db"
RC=0
DOWNLOAD_EXTRA_CA_FILE=$pem "$UPDATER" --source "file://$FIXTURES" \
    --db "$T/db/medicaments.db" >"$T/stdout" 2>"$T/stderr" || RC=$?
assert_eq 0 "$RC" "the updater with the shipped file ($(tail -n 1 "$T/stderr"))"
exit 0
