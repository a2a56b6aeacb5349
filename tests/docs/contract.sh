#!/bin/sh
# Real answers of the server (lighttpd + medicaments-fcgi over the fixtures'
# database, and over no database) validate against html/docs/openapi.yaml:
# every operation, its documented statuses, headers and schemas.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/docs/lib-docs.sh"

require_node
mkdir -p "$T/db"
docs_build_db "$T/db/medicaments.db"
docs_start_server data "$T/db/medicaments.db" 100000
base=$DOCS_BASE
# No database, and a bucket that a few requests empty: 503, then 429 (it
# holds the 503 sweep: one request of each operation).
docs_start_server nodata "$T/db/missing.db" 1200 1
nodata=$DOCS_BASE

run_node contract.mjs "$base" "$nodata" "$HTML_DIR/docs/openapi.yaml" ||
    fail "answers of the server do not match the OpenAPI document"
