#!/bin/sh
# Every endpoint of API.md, through lighttpd and the FastCGI workers, over
# the fixtures' database: status, Content-Type, caching headers, and the
# shape and the values of each answer.  The documentation pages are served
# by lighttpd itself.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start

# A 200 of the API: JSON, a weak ETag, Last-Modified, the cache policy.
assert_ok() {
	assert_status 200
	assert_json_type
	case $(header ETag) in
	W/\"[0-9a-f]*\") ;;
	*) fail "$_api_path: ETag '$(header ETag)' is not W/\"hex\"" ;;
	esac
	[ -n "$(header Last-Modified)" ] || fail "$_api_path: no Last-Modified"
	assert_header Cache-Control "${1:-public, max-age=3600}"
}

# --- /health
api_get /health
assert_ok no-store
json_assert 'health(d, "healthy")' 'd["medicaments"] == 16' 'd["generiques"] == 10' \
    'd["is_updating"] is False'

# --- one medicament: by path, by ?cis=, by ?cip= (CIP7 and CIP13)
api_get /v1/medicaments/60002283
assert_ok
json_assert 'medicament(d)' \
    'd["cis"] == 60002283' \
    'd["elementPharmaceutique"] == "ANASTROZOLE ACCORD 1 mg, comprimé pelliculé"' \
    'd["formePharmaceutique"] == "comprimé pelliculé"' \
    'd["voiesAdministration"] == ["orale"]' \
    'd["statusAutorisation"] == "Autorisation active"' \
    'd["typeProcedure"] == "Procédure de reconnaissance mutuelle"' \
    'd["etatComercialisation"] == "Commercialisée"' \
    'd["dateAMM"] == "28/10/2010"' \
    'd["titulaire"] == "ACCORD HEALTHCARE FRANCE"' \
    'd["surveillanceRenforcee"] == "Non"' \
    'd["composition"] == [{"cis": 60002283, "elementPharmaceutique": "comprimé", "codeSubstance": 42215, "denominationSubstance": "ANASTROZOLE", "dosage": "1,00 mg", "referenceDosage": "un comprimé", "natureComposant": "SA"}]' \
    'd["generiques"] == [{"cis": 60002283, "group": 659, "libelle": "ANASTROZOLE 1 mg - ARIMIDEX 1 mg, comprimé pelliculé.", "type": "Générique"}]' \
    'd["presentation"][0] == {"cis": 60002283, "cip7": 4949729, "libelle": "plaquette(s) PVC PVDC aluminium de 30 comprimé(s)", "statusAdministratif": "Présentation active", "etatComercialisation": "Déclaration de commercialisation", "dateDeclaration": "16/03/2011", "cip13": 3400949497294, "agreement": "oui", "tauxRemboursement": "100%", "prix": 30.36}' \
    'd["conditions"] == ["liste I"]'
cp "$T/body" "$T/by-path.json"
etag=$(header ETag)
for q in cis=60002283 cip=4949729 cip=3400949497294; do
	api_get "/v1/medicaments?$q"
	assert_ok
	cmp -s "$T/body" "$T/by-path.json" ||
	    fail "/v1/medicaments?$q differs from /v1/medicaments/60002283"
done

# Text fields trimmed, empty voies give [], lists never null.
api_get /v1/medicaments/60386663
assert_ok
json_assert 'medicament(d)' 'd["presentation"] == []' \
    'd["formePharmaceutique"] == d["formePharmaceutique"].strip()'
api_get /v1/medicaments/61975465
assert_ok
json_assert 'medicament(d)' 'd["voiesAdministration"] == []' 'd["composition"] == []'
# A price above 1 000 with a thousands comma.
api_get /v1/medicaments/60058620
assert_ok
json_assert 'medicament(d)' '4417.08 in [p["prix"] for p in d["presentation"]]'

# --- pages
api_get '/v1/medicaments?page=1'
assert_ok
json_assert 'page(d, 1, 10, 16)' 'd["data"][0]["cis"] == 65329132'
api_get '/v1/medicaments?page=2'
assert_ok
json_assert 'page(d, 2, 10, 16)' 'd["data"][-1]["cis"] == 64760254'
api_get '/v1/medicaments?page=3&pageSize=5'
assert_ok
json_assert 'page(d, 3, 5, 16)' '[m["cis"] for m in d["data"]] == [62611169, 65169293, 60058620, 68285029, 66614262]'
api_get '/v1/medicaments?page=1&pageSize=200'
assert_ok
json_assert 'page(d, 1, 200, 16)'

# --- search: case and accent insensitive, every word, best match first
api_get '/v1/medicaments?search=ibuprof%C3%A8ne'
assert_ok
json_assert 'isinstance(d, list) and len(d) == 2' 'all(medicament(m) for m in d)' \
    'all("IBUPROFENE" in m["elementPharmaceutique"] for m in d)'
api_get '/v1/medicaments?search=acetylsalicylique'
assert_ok
json_assert '[m["cis"] for m in d] == [66929906]'
api_get '/v1/medicaments?search=xeplion+150'
assert_ok
json_assert '[m["cis"] for m in d] == [64760254]'

# --- export: every medicament, in page order
api_get /v1/medicaments/export
assert_ok
json_assert 'isinstance(d, list) and len(d) == 16' 'all(medicament(m) for m in d)' \
    'd[0]["cis"] == 65329132 and d[-1]["cis"] == 64760254'

# --- generic groups: by path, by ?group=, by ?libelle=
api_get /v1/generiques/1
assert_ok
json_assert 'group(d)' 'd["groupID"] == 1' \
    'd["libelle"] == "CIMETIDINE 200 mg - TAGAMET 200 mg, comprimé pelliculé"' \
    '[m["cis"] for m in d["medicaments"]] == [67535309]' \
    'd["medicaments"][0]["type"] == "Générique"' \
    'd["medicaments"][0]["composition"][0]["substance"].startswith("CIM")' \
    'd["orphanCIS"] == [65383183]'
cp "$T/body" "$T/group.json"
api_get '/v1/generiques?group=1'
assert_ok
cmp -s "$T/body" "$T/group.json" || fail "?group=1 differs from /v1/generiques/1"
api_get /v1/generiques/4
assert_ok
json_assert 'group(d)' 'd["medicaments"] == []' 'len(d["orphanCIS"]) == 2'
api_get '/v1/generiques?libelle=cimetidine'
assert_ok
json_assert 'isinstance(d, list)' 'all(group(g) for g in d)' \
    '[g["groupID"] for g in d] == [1, 4]'

# --- presentations: by path, by ?cip= (CIP7, CIP13); an orphan one too
api_get /v1/presentations/3400949497294
assert_ok
json_assert 'presentation(d)' 'd["cip7"] == 4949729' 'd["prix"] == 30.36'
cp "$T/body" "$T/presentation.json"
for q in cip=4949729 cip=3400949497294; do
	api_get "/v1/presentations?$q"
	assert_ok
	cmp -s "$T/body" "$T/presentation.json" ||
	    fail "/v1/presentations?$q differs from /v1/presentations/3400949497294"
done
api_get /v1/presentations/4949729
assert_ok
cmp -s "$T/body" "$T/presentation.json" || fail "/v1/presentations/4949729 differs"
api_get /v1/presentations/3400938839807
assert_ok
json_assert 'presentation(d)' 'd["cis"] == 60470047'

# --- diagnostics
api_get /v1/diagnostics
assert_ok "public, max-age=10"
json_assert 'diagnostics(d)' 'd["system"]["workers"] == 2' \
    'd["data_integrity"]["presentations_with_orphaned_cis"]["count"] == 1'

# --- documentation pages, from HTML_DIR by lighttpd
html=$top_srcdir/html
if [ -f "$html/index.html" ]; then
	api_get /
	assert_status 200
	assert_header Content-Type "text/html; charset=utf-8"
	cmp -s "$T/body" "$html/index.html" || fail "/ is not html/index.html"
fi
if [ -f "$html/docs/index.html" ]; then
	api_get /docs
	assert_status 301
	assert_header Location /docs/
	api_get /docs/
	assert_status 200
	assert_header Content-Type "text/html; charset=utf-8"
	cmp -s "$T/body" "$html/docs/index.html" || fail "/docs/ is not html/docs/index.html"
fi
if [ -f "$html/docs/openapi.yaml" ]; then
	api_get /docs/openapi.yaml
	assert_status 200
	assert_header Content-Type "application/yaml; charset=utf-8"
	cmp -s "$T/body" "$html/docs/openapi.yaml" ||
	    fail "/docs/openapi.yaml is not html/docs/openapi.yaml"
fi

# No "Server:" header anywhere.
api_get /health
assert_eq "" "$(header Server)" "Server header"
api_get /
assert_eq "" "$(header Server)" "Server header of a static page"
exit 0
