#!/bin/sh
# HTTPS bases tried in order, against servers that send their leaf alone
# like the BDPM site (DOWNLOAD_EXTRA_CA_FILE completes the chain): a closed
# port (no connection) and a certificate of another host (TLS refused) are
# each left at once for the next base, which serves every file; the
# warnings name the file, the base and why; meta_fichiers and the status
# file name the base that served.  With no base left that works, the update
# fails and the database in place stays as it was.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/updater/tls-lib.sh"
tls_test_setup
require_cmd python3
STATUS=$DB.last-update.json
DOWNLOAD_CA_FILE=$PKI/root.pem
DOWNLOAD_EXTRA_CA_FILE=$PKI/intermediate.pem
export DOWNLOAD_CA_FILE DOWNLOAD_EXTRA_CA_FILE

closed=https://127.0.0.1:$(free_port)/ok
start_tls_server wrong-host
wrong=$TLS_URL
start_tls_server leaf
good=$TLS_URL

BDPM_BASE_URL="$closed $wrong $good" run_updater --db "$DB"
[ "$RC" -eq 0 ] || fail "the update failed with a good third base: exit $RC"
assert_sql "$DB" 11 "SELECT count(*) FROM meta_fichiers WHERE statut = 'ok'"
assert_sql "$DB" 11 "SELECT count(*) FROM meta_fichiers WHERE base_url = '$good'"
assert_sql "$DB" "$closed $wrong $good" "SELECT value FROM meta WHERE key = 'source_url'"
python3 - "$STATUS" "$good" <<'EOF' || fail "the status file's bases: $(cat "$STATUS")"
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["result"] == "ok", s
assert len(s["file_bases"]) == 11, s
assert set(s["file_bases"].values()) == {sys.argv[2]}, s
EOF
warnings=$(grep 'trying the next base' "$T/stderr" || true)
assert_eq 22 "$(echo "$warnings" | grep -c .)" "fallback warnings"
assert_contains "$warnings" "$closed/CIS_bdpm.txt: " "the closed port's warning"
assert_contains "$warnings" "trying the next base: $wrong/CIS_bdpm.txt" "the closed port's warning"
assert_contains "$warnings" "$wrong/CIS_MITM.txt: TLS: host name mismatch" \
    "the wrong host's warning"
assert_contains "$warnings" "; trying the next base: $good/CIS_MITM.txt" \
    "the wrong host's warning"
# Left at once: no retry on the closed port nor on the refused certificate.
assert_not_contains "$(cat "$T/stderr")" "retrying in" "the log"

# Neither works: nothing published, the failure recorded.
sum=$(checksum "$DB")
BDPM_BASE_URL="$closed $wrong" run_updater --db "$DB"
assert_failed_with CIS_bdpm.txt "host name mismatch" "every base failed"
assert_db_untouched "$DB" "$sum"
python3 - "$STATUS" <<'EOF' || fail "the status file after every base failed: $(cat "$STATUS")"
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["result"] == "failed" and s["file_bases"] == {}, s
EOF
exit 0
