#!/bin/sh
# Search that forgives typos, over the June 2022 dump, through lighttpd and
# the workers: a search that finds nothing answers 404 with "suggestions"
# (the issue's examples; [] when nothing resembles; on the three search
# endpoints), ?fuzzy=true answers the best correction's results and names
# it in X-Search-Corrected, changes nothing when the exact search finds,
# and refuses a value that is no boolean.  Then tests/api/typos.py's
# misspellings, made from the dump's names with a fixed seed (first
# suggestion right for 85 % or more, the drug among the first ten fuzzy
# results for 95 % or more), and 40 ordinary French words, 80 % of which
# or more must find nothing even with fuzzy.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_dump_db
api_start

suggests() {	# PATH EXPECTED-SUGGESTIONS (a Python list)
	api_get "$1"
	assert_status 404
	json_assert 'True' "d[\"suggestions\"] == $2"
}
suggests "/v1/medicaments?search=amoxiciline" '["amoxicilline"]'
suggests "/v1/medicaments?search=amoxiciline%20500" '["amoxicilline 500"]'
for typo in levotyrox:levothyrox doliprans:doliprane dolirpane:doliprane \
    ketoprophene:ketoprofene mtformine:metformine; do
	suggests "/v1/medicaments?search=${typo%%:*}" "[\"${typo#*:}\"]"
done
suggests "/v1/medicaments?search=maison" '[]'
suggests "/v1/medicaments?search=xqz" '[]'
suggests "/v1/substances?search=paracetamle" '["paracetamol"]'
suggests "/v1/substances?search=zzzzzz" '[]'
suggests "/v1/generiques?libelle=amoxiciline" '["amoxicilline"]'
suggests "/v1/generiques?libelle=zzzzzz" '[]'

# fuzzy: the correction's results, named, and exposed to browsers.
api_get "/v1/medicaments?search=amoxicilline"
assert_status 200
exact=$(cat "$T/body")
api_get "/v1/medicaments?search=amoxiciline&fuzzy=true"
assert_status 200
assert_header X-Search-Corrected amoxicilline
assert_eq "$exact" "$(cat "$T/body")" "fuzzy amoxiciline against amoxicilline"
assert_contains "$(header Access-Control-Expose-Headers)" X-Search-Corrected \
    "Access-Control-Expose-Headers"
api_get "/v1/medicaments?search=amoxiciline%20500&fuzzy=true"
assert_status 200
assert_header X-Search-Corrected "amoxicilline%20500"
api_get "/v1/substances?search=paracetamle&fuzzy=true"
assert_status 200
assert_header X-Search-Corrected paracetamol
api_get "/v1/generiques?libelle=amoxiciline&fuzzy=true"
assert_status 200
assert_header X-Search-Corrected amoxicilline
# When the exact search finds, fuzzy changes nothing but the etag's URL.
api_get "/v1/medicaments?search=amoxicilline&fuzzy=true"
assert_status 200
assert_header X-Search-Corrected ""
assert_eq "$exact" "$(cat "$T/body")" "fuzzy amoxicilline"
api_get "/v1/medicaments?search=amoxicilline&fuzzy=false"
assert_eq "$exact" "$(cat "$T/body")" "fuzzy=false amoxicilline"
# Nothing resembles: the same 404, fuzzy or not.
suggests "/v1/medicaments?search=maison&fuzzy=true" '[]'
# fuzzy is a parameter like the others.
api_error "/v1/medicaments?search=amoxiciline&fuzzy=yes" 400 "Invalid boolean"
api_error "/v1/substances?search=paracetamle&fuzzy=1" 400 "Invalid boolean"

python3 "$top_srcdir/tests/api/typos.py" "$API_URL" "$API_DB" --show \
    >"$T/typos" 2>&1 || {
	cat "$T/typos" >&2
	fail "misspellings: below 85 % or 95 % (see above)"
}
head -n 1 "$T/typos"

# 40 ordinary French words, none a drug's: 80 % or more find nothing.
none=0
for w in maison voiture fenetre jardin cuisine chaise table bureau \
    ordinateur telephone chemise pantalon chaussure montagne riviere \
    village voyage soleil nuage pluie musique guitare piano lecture \
    journal fromage boulangerie chocolat vacances plage bateau avion \
    camion velo horloge lampe miroir tapis rideau escalier; do
	api_get "/v1/medicaments?search=$w&fuzzy=true"
	case $STATUS in
	404) none=$((none + 1)) ;;
	200) echo "note: '$w' finds, corrected as '$(header X-Search-Corrected)'" ;;
	400) echo "note: '$w' is in too many names" ;;
	*) fail "$w: status $STATUS" ;;
	esac
done
echo "$none of 40 ordinary words find nothing"
[ "$none" -ge 32 ] || fail "only $none of 40 ordinary words find nothing"
exit 0
