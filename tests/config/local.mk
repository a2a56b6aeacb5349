# Configuration: the environment each program checks at start, one error
# style, every error reported, .env.example the one reference.
config_tests = \
	tests/config/check-covers-env-example.sh \
	tests/config/check-reports-every-error.sh \
	tests/config/lighttpd-run-checks-every-variable.sh \
	tests/config/worker-refuses-bad-values.sh \
	tests/config/updater-refuses-bad-values.sh \
	tests/config/go-env-works-unchanged.sh
TESTS += $(config_tests)
EXTRA_DIST += $(config_tests) tests/config/go-service.env
