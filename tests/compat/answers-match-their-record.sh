#!/bin/sh
# Every answer of a fixed set of requests (the hostile catalogue, the Go
# service's requests, API.md's paths, 300 searches; plain and with a
# browser's Accept-Encoding) over the June 2022 dump is the one recorded in
# tests/compat/answers-2022.txt, byte for byte but its Last-Modified: a
# change of the code changes no answer unless it records the new ones
# (`tests/compat/answers.py record`), and the record's diff shows which.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_updater
require_fcgi
require_cmd python3
api_dump_db

python3 "$top_srcdir/tests/compat/answers.py" check "$FCGI" "$API_DB" \
    "$top_srcdir/tests/compat/answers-2022.txt" >"$T/check" 2>&1 || {
	cat "$T/check" >&2
	fail "answers differ from their record (see above)"
}
tail -n 1 "$T/check"
exit 0
