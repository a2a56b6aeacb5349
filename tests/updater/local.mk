# updater tests: one scenario per script, against the real program, with the
# fault-injecting BDPM server (tests/tools) serving tests/fixtures/bdpm.
updater_tests = \
	tests/updater/bad-options.sh \
	tests/updater/bases-default-order.sh \
	tests/updater/bases-fallback.sh \
	tests/updater/bases-tls-fallback.sh \
	tests/updater/build-fixtures.sh \
	tests/updater/changes-follow-the-rules.sh \
	tests/updater/certs-shipped.sh \
	tests/updater/check-fails-leaves-no-files.sh \
	tests/updater/check-mode.sh \
	tests/updater/check-refuses-corrupt-gzip.sh \
	tests/updater/check-refuses-invalid-json.sh \
	tests/updater/dump-2022.sh \
	tests/updater/fault-disk-full-keeps-db.sh \
	tests/updater/fault-empty-keeps-db.sh \
	tests/updater/fault-html-200-keeps-db.sh \
	tests/updater/fault-http-404-keeps-db.sh \
	tests/updater/fault-http-500-keeps-db.sh \
	tests/updater/fault-killed-midway.sh \
	tests/updater/fault-lock-held.sh \
	tests/updater/fault-stall-keeps-db.sh \
	tests/updater/fault-truncated-keeps-db.sh \
	tests/updater/mirror-compressed.sh \
	tests/updater/mirror-fetch.sh \
	tests/updater/mirror-refused.sh \
	tests/updater/mirror-tls.sh \
	tests/updater/optional-file-missing-keeps-previous-rows.sh \
	tests/updater/retry-503-once.sh \
	tests/updater/schedule-loop.sh \
	tests/updater/server-first-download-fails.sh \
	tests/updater/shrink-refused-unless-force.sh \
	tests/updater/tls-chain.sh \
	tests/updater/tls-options.sh
TESTS += $(updater_tests)
# The TLS tests' certificates, made with the openssl command at test time.
EXTRA_DIST += $(updater_tests) tests/updater/tls-lib.sh \
	tests/updater/mirror-lib.sh
