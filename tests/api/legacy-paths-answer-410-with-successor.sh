#!/bin/sh
# The old API's paths passed their sunset: 410 with the error object and a
# Link header naming the successor (rel="successor-version").
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

# gone PATH SUCCESSOR
gone() {
	api_error "$1" 410 "$2"
	assert_header Link "<$2>; rel=\"successor-version\""
}

gone /database /v1/medicaments/export
gone /database/2 "/v1/medicaments?page=2"
gone /medicament/paracetamol "/v1/medicaments?search=paracetamol"
gone /medicament/id/60002283 /v1/medicaments/60002283
gone /generiques/cimetidine "/v1/generiques?libelle=cimetidine"
gone /generiques/group/1 /v1/generiques/1
# The successor is a URL: what came from the path is percent-encoded in it.
api_get "/medicament/ibuprof%C3%A8ne"
assert_status 410
case $(header Link) in
"</v1/medicaments?search=ibuprof%C3%A8ne>; rel=\"successor-version\"") ;;
*) fail "Link of /medicament/ibuprof%C3%A8ne: $(header Link)" ;;
esac
exit 0
