#!/bin/sh
# The bucket of API.md with its defaults: 1 000 tokens, 3 a second, and
# each endpoint's cost, read from X-RateLimit-Remaining on the first request
# of a new client (a full bucket less the cost).  A parameter name spelt
# with percent-escapes costs what its plain spelling costs (a search is a
# search).  Twenty searches empty the bucket: the twenty-first is a 429.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/api/lib-api.sh"
require_api
api_fixture_db
TRUSTED_PROXIES=127.0.0.1
export TRUSTED_PROXIES
API_RATE_LIMIT=on
api_start

python3 - "$API_PORT" <<'EOF' || fail "costs"
import os, sys
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "ratelimit"))
from rlclient import Client, check, check_allowance

c = Client("127.0.0.1", int(sys.argv[1]))
costs = [
    ("/v1/database", 500),
    ("/v1/database?page=1", 500),
    ("/v1/medicaments/export", 200),
    ("/v1/medicaments?search=anastrozole", 50),
    ("/v1/medicaments?se%61rch=anastrozole", 50),
    ("/v1/medicaments?%73earch=zzzzzz", 50),
    ("/v1/medicaments?page=1", 20),
    ("/v1/medicaments?page=1&pageSize=5", 20),
    ("/v1/medicaments?p%61ge=1", 20),
    ("/v1/generiques?libelle=cimetidine", 30),
    ("/v1/diagnostics", 30),
    ("/v1/medicaments?cis=60002283", 10),
    ("/v1/medicaments?cip=3400949497294", 10),
    ("/v1/medicaments/60002283", 10),
    ("/v1/medicaments/60002283/avis", 10),
    ("/v1/medicaments/60002283/informations", 10),
    ("/v1/medicaments/60002283/informations?actives=true", 10),
    ("/v1/substances?search=anastrozole", 50),
    ("/v1/substances?se%61rch=zzzzzz", 50),
    ("/v1/substances", 5),
    ("/v1/substances/42215", 10),
    ("/v1/substances/42215?page=1&pageSize=5", 10),
    ("/v1/disponibilites", 20),
    ("/v1/disponibilites?statut=1&cis=60002283&page=1&pageSize=5", 20),
    ("/v1/disponibilites?statut=9", 20),
    ("/v1/medicaments/60002283/disponibilites", 10),
    ("/v1/mitm?atc=N02BE", 20),
    ("/v1/medicaments/60002283/mitm", 10),
    ("/v1/changes", 20),
    ("/v1/changes?since=2026-12-01&type=prices&change=modified&page=1&pageSize=5", 20),
    ("/v1/changes?since=yesterday", 20),
    ("/v1/medicaments/60002283/changes", 10),
    ("/v1/publications", 5),
    ("/v1/changes.atom?type=shortageStarted", 50),
    ("/v1/generiques?group=1", 5),
    ("/v1/generiques/1", 5),
    ("/v1/presentations/3400949497294", 5),
    ("/v1/presentations?cip=3400949497294", 5),
    ("/health", 5),
    ("/nope", 5),
    ("/database", 5),
    ("/v1/medicaments", 5),
    ("/v1/medicaments?page=1&search=abc", 5),
]
for i, (path, cost) in enumerate(costs):
    a = c.get(path, f"198.51.100.{i + 1}")
    check(a.status < 500, f"{path}: {a}")
    check(a.number("X-RateLimit-Limit") == 1000 and
          a.number("X-RateLimit-Rate") == 3, f"{path}: {a.headers}")
    check(a.remaining == 1000 - cost,
          f"{path}: {a.remaining} left of 1000, expected cost {cost}")
# 50 a search: exactly 20, then 429 (one more takes 17 s of refill).
check_allowance(c, "/v1/medicaments?search=anastrozole", "203.0.113.1", 50,
                1000, 3)
check_allowance(c, "/v1/medicaments?se%61rch=zzzzzz", "203.0.113.2", 50,
                1000, 3, ok_status=(404,))
EOF
exit 0
