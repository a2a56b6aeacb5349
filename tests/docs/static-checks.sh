#!/bin/sh
# Static checks of the documentation (tests/docs/lint.mjs): the OpenAPI
# document covers API.md's paths, headers and statuses; the pages load
# nothing from another site and every local file they name exists; the JSON
# answers they show validate against the document's schemas.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/docs/lib-docs.sh"

require_node
run_node lint.mjs "$top_srcdir" || fail "the documentation has problems"
