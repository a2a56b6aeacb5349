#!/bin/sh
# The shared-hosting mode: the same binary run as a plain CGI program by
# lighttpd's mod_cgi (lighttpd-cgi.conf) gives the same answers as the
# FastCGI workers, byte for byte, errors included.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db

PATHS="/v1/medicaments/60002283
/v1/medicaments?page=2&pageSize=3
/v1/medicaments?search=ibuprof%C3%A8ne
/v1/medicaments?cip=3400949497294
/v1/medicaments/export
/v1/generiques/1
/v1/generiques?libelle=cimetidine
/v1/presentations/4949729
/v1/medicaments/6000228
/v1/medicaments?search=%zz
/v1/medicaments/12345678
/v1/disponibilites?statut=2&page=1&pageSize=2
/v1/disponibilites?cis=60002283
/v1/medicaments/60002283/disponibilites
/v1/medicaments/60058620/disponibilites
/v1/mitm?atc=l0
/v1/medicaments/60002283/mitm
/v1/mitm?page=9
/medicament/id/60002283
/nope"

# answers MODE: status and body of every path in $T/MODE/.
answers() {
	mkdir -p "$T/$1"
	_i=0
	while IFS= read -r path; do
		_i=$((_i + 1))
		api_get "$path"
		printf '%s %s\n' "$STATUS" "$path" >>"$T/$1/statuses"
		cp "$T/body" "$T/$1/$_i.body"
		header Content-Type >"$T/$1/$_i.type"
		header ETag >"$T/$1/$_i.etag"
	done <<EOF_PATHS
$PATHS
EOF_PATHS
}

api_start
answers fastcgi
api_stop
# No worker is left behind by lighttpd.
sleep 0.2
api_start --cgi
# Not one FastCGI worker in this mode: lighttpd runs the program per request.
[ -z "$(api_worker_pids)" ] || fail "FastCGI workers run in CGI mode"
answers cgi

diff -u "$T/fastcgi/statuses" "$T/cgi/statuses" >&2 || fail "statuses differ"
for f in "$T"/fastcgi/*.body "$T"/fastcgi/*.type "$T"/fastcgi/*.etag; do
	cmp -s "$f" "$T/cgi/${f##*/}" || fail "CGI mode differs: ${f##*/}: $(head -c 200 "$T/cgi/${f##*/}")"
done
grep -q '^200 /v1/medicaments/60002283$' "$T/cgi/statuses" || fail "CGI mode: no 200"
grep -q '^400 /v1/medicaments?search=%zz$' "$T/cgi/statuses" || fail "CGI mode: no 400"

# /health is per process (uptime, ...) but says the same.
api_get /health
assert_status 200
json_assert 'health(d, "healthy")' 'd["medicaments"] == 16'
exit 0
