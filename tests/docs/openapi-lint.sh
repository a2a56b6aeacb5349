#!/bin/sh
# html/docs/openapi.yaml passes a real OpenAPI 3.1 linter (Redocly CLI, from
# package-lock.json): the recommended rules, strict, plus the checks of
# every example against its schema (tests/docs/redocly.yaml).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/docs/lib-docs.sh"

require_node
redocly=$NODE_MODULES/.bin/redocly
[ -x "$redocly" ] || skip "no $redocly: run script/setup-node"
# Redocly warns on stderr that Node.js 20 support ends; keep that out of
# the way and show it only when the lint fails.
if ! timeout 300 "$redocly" lint --config "$DOCS_DIR/redocly.yaml" \
    --format=stylish "$HTML_DIR/docs/openapi.yaml" >"$T/lint.out" 2>&1; then
	grep -v '[║╔╚]' "$T/lint.out" >&2
	fail "the OpenAPI linter found problems"
fi
grep -v '[║╔╚]' "$T/lint.out" | grep -v '^ *$' || true
