# Documentation tests: the OpenAPI document linted (Redocly CLI), static
# checks of the pages, the running server's answers against the document,
# and the pages in headless Chromium.  They need script/setup-node's
# node_modules and Chromium (they skip without them).
DOCS_TESTS = \
	tests/docs/openapi-lint.sh \
	tests/docs/static-checks.sh \
	tests/docs/contract.sh \
	tests/docs/browser.sh \
	tests/docs/cross-origin-fetch.sh
TESTS += $(DOCS_TESTS)
EXTRA_DIST += $(DOCS_TESTS) \
	tests/docs/lib-docs.sh \
	tests/docs/lint.mjs \
	tests/docs/contract.mjs \
	tests/docs/browser.mjs \
	tests/docs/cross-origin.mjs \
	tests/docs/chromium.mjs \
	tests/docs/redocly.yaml \
	tests/docs/lighttpd-test.conf \
	html package.json package-lock.json script/setup-node
