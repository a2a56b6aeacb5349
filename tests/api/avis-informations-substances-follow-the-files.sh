#!/bin/sh
# /v1/medicaments/{cis}/avis, /v1/medicaments/{cis}/informations (with and
# without ?actives=true) and /v1/substances (search, and each substance's
# pages) answer what the raw BDPM files hold, computed by
# tests/api/bdpm_expect.py from the files themselves (encodings, shifted
# rows, HTML, dates), never from the database: over the fixtures, every
# CIS and substance; over the 2022 dump (no InfoImportantes: every
# medicament answers []), one CIS and one substance in 7.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
api_start
python3 "$top_srcdir/tests/api/bdpm_expect.py" "$API_URL" "$FIXTURES" ||
    fail "fixtures: the answers differ from the files"

# Mutation check: the checker does see a wrong answer.
sed 's/^60058620\t05\/01\/2026/60058620\t05\/01\/2020/' \
    "$FIXTURES/CIS_InfoImportantes.txt" >"$T/info.txt"
mkdir -p "$T/altered"
cp "$FIXTURES"/*.txt "$T/altered/"
cp "$T/info.txt" "$T/altered/CIS_InfoImportantes.txt"
if python3 "$top_srcdir/tests/api/bdpm_expect.py" "$API_URL" "$T/altered" \
    2>"$T/mutant.err"; then
	fail "the checker accepts answers that differ from the files"
fi
api_stop

[ -f "$BDPM_DUMP/CIS_bdpm.txt" ] || skip "no 2022 dump in $BDPM_DUMP"
api_dump_db
api_start
python3 "$top_srcdir/tests/api/bdpm_expect.py" "$API_URL" "$BDPM_DUMP" 7 ||
    fail "2022 dump: the answers differ from the files"
exit 0
