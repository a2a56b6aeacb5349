#!/bin/sh
# Every validation rule of API.md answers 400 with the error object and a
# message that says what is wrong (the Go service's text where it has the
# condition, ours in "detail" where it says more), through lighttpd:
# lighttpd hands the raw path and query string over (invalid escapes and
# invalid UTF-8 included) and the worker decides.  tests/compat/ checks the
# exact messages.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

# CIS: exactly 8 digits.
for cis in 6000228 600022830 6000228x abcdefgh -6000228 +60002283 '6000%202'; do
	api_error "/v1/medicaments/$cis" 400 "CIS should have 8 digits"
	api_error "/v1/medicaments?cis=$cis" 400 "CIS should have 8 digits"
done
# An empty value is no parameter at all (as the Go service reads it).
api_error "/v1/medicaments?cis=" 400 "Needs at least one param"

# CIP: exactly 7 or 13 digits.
for cip in 494972 49497290 340094949729 34009494972940 494972x; do
	api_error "/v1/medicaments?cip=$cip" 400 "CIP should have 7 or 13 digits"
	api_error "/v1/presentations?cip=$cip" 400 "CIP should have 7 or 13 digits"
	api_error "/v1/presentations/$cip" 400 "CIP should have 7 or 13 digits"
done

# Group id: 1 to 9 digits.
for g in 1234567890 x1 -1 1.5; do
	api_error "/v1/generiques/$g" 400 "Group ID should have 1 to 9 digits"
	api_error "/v1/generiques?group=$g" 400 "Group ID should have 1 to 9 digits"
done

# page and pageSize: decimal integers in range, nothing else.
for p in 0 -1 x 1.0 1e3 ' 1' 0x10 99999999999999999999; do
	q=$(printf '%s' "$p" | sed 's/ /%20/g')
	api_error "/v1/medicaments?page=$q" 400 "page"
done
for s in 0 201 -5 x 10.5; do
	api_error "/v1/medicaments?page=1&pageSize=$s" 400 "pageSize"
done
# An empty pageSize is the default size; an empty search is no search.
api_get "/v1/medicaments?page=1&pageSize="
assert_status 200
json_assert 'd["pageSize"] == 10'
api_get "/v1/medicaments?page=1&search="
assert_status 200
# A repeated parameter takes its first value; later ones are not validated.
api_get "/v1/medicaments?page=1&page=abc"
assert_status 200
api_error "/v1/medicaments?page=abc&page=1" 400 "Invalid page number"
api_error "/v1/medicaments?pageSize=10" 400 "pageSize can only be used with page"
# Every paged route checks which parameters came before what they hold,
# as the Go service does: an invalid pageSize without page is refused for
# coming alone.
for path in /v1/medicaments /v1/substances/2202 /v1/disponibilites /v1/mitm; do
	api_error "$path?pageSize=0" 400 "pageSize can only be used with page"
done
api_error "/v1/mitm?pageSize=5&atc=!!" 400 "pageSize can only be used with page"
api_error "/v1/disponibilites?page=1&pageSize=0" 400 "Invalid pageSize"

# search and libelle: 3 to 50 characters, allowed characters, no "..",
# at most 6 words.
api_error "/v1/medicaments?search=ab" 400 "too short"
# Two characters, four bytes: characters are counted, not bytes.
api_error "/v1/medicaments?search=%C3%A9%C3%A9" 400 "too short"
long=$(python3 -c 'print("a" * 51)')
api_error "/v1/medicaments?search=$long" 400 "too long"
# 50 characters of 2 bytes each are fine (100 bytes): 404, not 400.
fifty=$(python3 -c 'print("%C3%A9" * 50)')
api_get "/v1/medicaments?search=$fifty"
assert_status 404
for bad in 'para%3Bcetamol' 'para%3Ccetamol' 'par%22a' 'para_cetamol' 'para%2Acetamol' 'a%25bc'; do
	api_error "/v1/medicaments?search=$bad" 400 "invalid characters"
done
api_error "/v1/medicaments?search=abc..def" 400 "consecutive dots which are not allowed"
api_error "/v1/medicaments?search=a+b+c+d+e+f+g" 400 "maximum 6 words"
api_error "/v1/medicaments?search=one%20two%20three%20four%20five%20six%20seven" 400 "maximum 6 words"
api_error "/v1/medicaments?search=+++++" 400 "input cannot be empty"
api_error "/v1/generiques?libelle=ab" 400 "too short"
api_error "/v1/generiques?libelle=$long" 400 "too long"
api_error "/v1/generiques?libelle=abc..def" 400 "consecutive dots which are not allowed"
api_error "/v1/generiques?libelle=a%3Bb%3Bc" 400 "invalid characters"
# The allowed punctuation is allowed (no match here: 404, not 400).
api_get "/v1/medicaments?search=l%E2%80%99a+b'c+d%2Fe-f.g%2Ch"
assert_status 404

# Invalid percent-escapes and invalid UTF-8, in the query and in the path.
api_error "/v1/medicaments?search=%zzabc" 400 "Invalid percent-encoding"
api_error "/v1/medicaments?search=abc%4" 400 "Invalid percent-encoding"
api_error "/v1/medicaments?search=abc%" 400 "Invalid percent-encoding"
api_error "/v1/medicaments?search=ab%FFcd" 400 "Invalid UTF-8"
api_error "/v1/medicaments?search=ab%C3cd" 400 "Invalid UTF-8"
api_error "/v1/medicaments?search=%C0%AFabc" 400 "Invalid UTF-8"
api_error "/v1/medicaments?search=%ED%A0%80abc" 400 "Invalid UTF-8"
api_error "/v1/medicaments/6000228%zz" 400 "Invalid percent-encoding or UTF-8 in the path"
api_error "/v1/medicaments/%FF" 400 "Invalid percent-encoding or UTF-8 in the path"
# Raw bytes that are not UTF-8, sent as they are.
out=$(raw_request 'GET /v1/medicaments?search=ab\xffcd HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')
case $out in
"HTTP/1.0 400 "*) ;;
*) fail "raw invalid UTF-8 in the query: $(echo "$out" | head -n 1), expected 400" ;;
esac

# None, or more than one, of page, search, cis, cip.
api_error "/v1/medicaments" 400 "Needs one parameter"
api_error "/v1/medicaments?" 400 "Needs at least one param. See documentation"
api_error "/v1/medicaments?search=" 400 "Needs at least one param"
api_error "/v1/medicaments?page=1&search=abc" 400 "Only one parameter"
api_error "/v1/medicaments?cis=60002283&cip=4949729" 400 "Only one parameter"
api_error "/v1/medicaments?page=1&cis=60002283&pageSize=10" 400 "Only one parameter"
api_error "/v1/generiques" 400 "Needs one parameter"
api_error "/v1/generiques?libelle=" 400 "Needs libelle param"
api_error "/v1/generiques?libelle=cimetidine&group=1" 400 "Only one parameter"
api_error "/v1/presentations" 400 "cip"
exit 0
