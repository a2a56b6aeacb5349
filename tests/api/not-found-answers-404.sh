#!/bin/sh
# What does not exist answers 404 with the error object: an unknown path
# (anywhere, not only under /v1: lighttpd hands every path it has no file
# for to the workers), an unknown CIS, CIP or group, a page past the end,
# a search without a match.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

for path in /nope /v1 /v1/ /v1/nope /v1/medicaments/60002283/extra \
    /v2/medicaments /docs/nope.js /favicon-nope.ico /healthz \
    /v1/medicaments/export/x; do
	api_error "$path" 404 "No endpoint at this path"
done

api_error /v1/medicaments/12345678 404 "Medicament not found"
api_error "/v1/medicaments?cis=12345678" 404 "Medicament not found"
api_error "/v1/medicaments?cip=1234567" 404 "Medicament not found"
api_error "/v1/medicaments?cip=3400900000000" 404 "Medicament not found"
# A presentation whose CIS is not in CIS_bdpm: the presentation exists,
# its medicament does not.
api_error "/v1/medicaments?cip=3883980" 404 "Medicament not found"
api_error /v1/presentations/1234567 404 "Presentation not found"
api_error "/v1/presentations?cip=3400900000000" 404 "Presentation not found"
api_error /v1/generiques/999999 404 "Generique group not found"
api_error "/v1/generiques?group=2" 404 "Generique group not found"

# 16 medicaments: page 2 of 10 exists, page 3 does not.
api_error "/v1/medicaments?page=3" 404 "Page 3 not found"
api_error "/v1/medicaments?page=17&pageSize=1" 404 "Page 17 not found"
api_error "/v1/medicaments?page=999999999" 404 "not found"

api_error "/v1/medicaments?search=zzzzzz" 404 "No medicaments found"
api_error "/v1/medicaments?search=ibuprofene+zzz" 404 "No medicaments found"
api_error "/v1/generiques?libelle=zzzzzz" 404 "No generiques found"

# HEAD of an unknown path: 404, no body.
api_get /nope -I
assert_status 404
exit 0
