#!/bin/sh
# The real June 2022 dump ($BDPM_DUMP), through the updater, lighttpd and
# the workers: the examples of API.md come out as written, the page counts
# are those of the dump, an accented search finds the drug, and the export
# holds every medicament as JSON.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_dump_db
api_start

api_get /v1/medicaments/60002283
assert_status 200
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
    '{"cis": 60002283, "cip7": 4949729, "libelle": "plaquette(s) PVC PVDC aluminium de 30 comprimé(s)", "statusAdministratif": "Présentation active", "etatComercialisation": "Déclaration de commercialisation", "dateDeclaration": "16/03/2011", "cip13": 3400949497294, "agreement": "oui", "tauxRemboursement": "100%", "prix": 30.36} in d["presentation"]' \
    'd["conditions"] == ["liste I"]'

api_get /v1/generiques/1
assert_status 200
json_assert 'group(d)' 'd["groupID"] == 1' 'd["libelle"].startswith("CIMETIDINE")' \
    '"CIMETIDINE" in d["libelle"]' \
    'any("CIMETIDINE" in m["elementPharmaceutique"] for m in d["medicaments"])'

api_get '/v1/medicaments?page=1'
assert_status 200
json_assert 'page(d, 1, 10, 15676)' 'd["maxPage"] == 1568'
api_get '/v1/medicaments?page=1568'
assert_status 200
json_assert 'page(d, 1568, 10, 15676)' 'len(d["data"]) == 6'
api_error '/v1/medicaments?page=1569' 404 "Page 1569 not found"
json_assert 'd["message"] == "Page not found"'

# ibuprofène, percent-encoded UTF-8: the names hold IBUPROFENE, unaccented.
api_get '/v1/medicaments?search=ibuprof%C3%A8ne'
assert_status 200
json_assert 'isinstance(d, list) and len(d) >= 5' \
    'all("IBUPROFENE" in m["elementPharmaceutique"].upper() for m in d)' \
    'all(medicament(m) for m in d)'
# Unaccented and lower case: the same answer.
cp "$T/body" "$T/accented.json"
api_get '/v1/medicaments?search=IBUPROFENE'
assert_status 200
cmp -s "$T/body" "$T/accented.json" || fail "ibuprofène and IBUPROFENE differ"

api_get /v1/medicaments/export --compressed
assert_status 200
json_assert 'isinstance(d, list) and len(d) == 15676' \
    'len({m["cis"] for m in d}) == 15676' \
    'all(medicament(m) for m in d[:200])'
# The export is in page order: its first ten are page 1.
python3 - "$T/body" <<'EOF2' >"$T/first10" || fail "export: first ten"
import json, sys
print(" ".join(str(m["cis"]) for m in json.load(open(sys.argv[1], encoding="utf-8"))[:10]))
EOF2
api_get '/v1/medicaments?page=1'
python3 - "$T/body" <<'EOF2' >"$T/page1" || fail "page 1"
import json, sys
print(" ".join(str(m["cis"]) for m in json.load(open(sys.argv[1], encoding="utf-8"))["data"]))
EOF2
assert_eq "$(cat "$T/page1")" "$(cat "$T/first10")" "export order"

api_get /health
assert_status 200
json_assert 'health(d, "healthy")' 'd["medicaments"] == 15676'

# The dump has no CIS_CIP_Dispo_Spec nor CIS_MITM: empty lists, [] for a
# medicament, 404 for a CIS of no file (tests/api/listes_raw.py computes the
# same from the dump's files).
python3 "$top_srcdir/tests/api/listes_raw.py" "$BDPM_DUMP" "$API_URL" ||
    fail "shortages and MITM of the 2022 dump"
exit 0
