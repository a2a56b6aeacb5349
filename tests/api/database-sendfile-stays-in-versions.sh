#!/bin/sh
# X-Sendfile cannot be made to send a file outside DB_PATH.versions: with
# lighttpd.conf as script/lighttpd-run renders it, a backend that names any
# path it is asked for (tests/tools/fcgi_sendfile.py, in the workers' place)
# gets its version link sent, and the database itself, the
# rate-limit state beside it, a dot-dot or percent-encoded escape, a
# sibling directory sharing the prefix, and /etc/passwd are refused.  The real worker
# never names anything else: it answers 500 without X-Sendfile when the
# database's data_etag is not one (a header could not be smuggled through
# it).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
ino=$(stat -c %i "$API_DB")
version=$API_DB.versions/$ino.db
mkdir "$API_DB.versions-evil"
echo secret >"$API_DB.versions-evil/x.db"
echo secret >"$API_DB.shared"

real_fcgi=$FCGI
ACCESSLOG_BIN=$top_builddir/accesslog/medicaments-accesslog
export ACCESSLOG_BIN
FCGI=$T/fake-fcgi
cat >"$FCGI" <<EOF
#!/bin/sh
# lighttpd-run asks the real worker to check the environment.
if [ "\${1:-}" = --check-config ]; then
	exec "$real_fcgi" --check-config
fi
exec python3 "$top_srcdir/tests/tools/fcgi_sendfile.py"
EOF
chmod +x "$FCGI"
api_start

# sendfile PATH: the fake backend names PATH (percent-encoded in the query).
sendfile() {
	api_get "/v1/x?$(python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe=""))' "$1")"
}

# The control: what the fake names in the directory is sent.
sendfile "$version"
assert_status 200 "$version"
assert_eq "$(sha256sum <"$API_DB")" "$(sha256sum <"$T/body")" "$version: bytes"

# Refused, each with its line in lighttpd's error log (the refusal is a 403,
# which lighttpd hands to server.error-handler-404: here the fake again,
# with no path to name, so no body).
for path in "$API_DB" "$API_DB.shared" "$API_DB.versions/../$(basename "$API_DB")" \
    "$API_DB.versions/%2E%2E/$(basename "$API_DB")" \
    "$API_DB.versions-evil/x.db" /etc/passwd "$API_DB.versions"; do
	before=$(grep -c 'not under configured x-sendfile-docroot' \
	    "$T/logs/error.log" || true)
	sendfile "$path"
	if grep -q secret "$T/body" || grep -q root: "$T/body" ||
	    cmp -s "$T/body" "$API_DB"; then
		fail "X-Sendfile: $path: the file was sent"
	fi
	after=$(grep -c 'not under configured x-sendfile-docroot' \
	    "$T/logs/error.log" || true)
	[ "$after" -eq $((before + 1)) ] ||
	    fail "X-Sendfile: $path: not refused by x-sendfile-docroot"
done
api_stop

# The real worker, over a database whose data_etag is no etag.
FCGI=$real_fcgi
sqlite3 "$API_DB" "UPDATE meta SET value = '../../etc/passwd' WHERE key = 'data_etag'" ||
    fail "altering data_etag"
api_start
api_get /v1/database
assert_error 500 "data_etag"
assert_eq "" "$(header X-Sendfile)" "X-Sendfile with a bad data_etag"
exit 0
