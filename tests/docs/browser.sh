#!/bin/sh
# The documentation in a real browser (Debian's headless Chromium driven by
# playwright-core): "/" and "/en/" render with no console error and no
# failed request, "/docs" lists every operation, and "Try it out" on the CIS
# lookup answers 200 with the drug's name.  Screenshots: test-output/docs/
# (or $TEST_OUTPUT_DIR/docs/).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/docs/lib-docs.sh"

require_node
require_chromium
mkdir -p "$T/db" "$DOCS_OUTPUT"
docs_build_db "$T/db/medicaments.db"
docs_start_server data "$T/db/medicaments.db" 100000

# Chromium's own files stay in $T (HOME is where it puts its crash reports).
HOME=$T TMPDIR=$T run_node browser.mjs "$DOCS_BASE" \
    "$HTML_DIR/docs/openapi.yaml" "$DOCS_OUTPUT" ||
    fail "the documentation does not work in the browser (screenshots in $DOCS_OUTPUT)"
