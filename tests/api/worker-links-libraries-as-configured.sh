#!/bin/sh
# configure --enable-static-worker links SQLite, json-c and libfcgi into
# medicaments-fcgi (a CGI request skips their relocation: bench/cgi; shared
# hosts rarely have libfcgi or json-c); without it the worker loads them
# shared, as packagers want.  Either way the worker answers lighttpd's CGI
# requests.  script/test runs this in a build configured with the option
# too, with cgi-mode-answers-like-fastcgi.sh (its answers, byte for byte).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
require_cmd ldd
api_fixture_db

# What this build's configure was asked for (config.status quotes an
# argument only when it must): the option must have taken.
static=no
if "$top_builddir/config.status" --config | grep -Eq \
    "(^|[[:space:]])'?--enable-static-worker(=yes)?'?([[:space:]]|\$)"; then
	static=yes
fi

ldd "$FCGI" >"$T/ldd" 2>&1 || fail "ldd $FCGI: $(cat "$T/ldd")"
for lib in libsqlite3 libjson-c libfcgi; do
	if grep -q "^[[:space:]]*$lib\.so" "$T/ldd"; then
		[ "$static" = no ] ||
		    fail "--enable-static-worker, yet the worker loads $lib: $(cat "$T/ldd")"
	else
		[ "$static" = yes ] ||
		    fail "the default worker does not load $lib shared: $(cat "$T/ldd")"
	fi
done

api_start --cgi
api_get /v1/medicaments/60002283
assert_status 200
json_assert 'd["cis"] == 60002283'
api_get '/v1/medicaments?search=ibuprof%C3%A8ne'
assert_status 200
json_assert 'len(d) > 0'
api_get /health
assert_status 200
json_assert 'health(d, "healthy")'
exit 0
