# Logs: JSON logs, the access log, rotation by logrotate (tests/logs/).
logs_tests = \
	tests/logs/access-log-is-json-for-hostile-requests.sh \
	tests/logs/access-log-keeps-every-line-of-a-burst.sh \
	tests/logs/access-log-survives-killed-logger.sh \
	tests/logs/access-log-flushes-after-silence.sh \
	tests/logs/supervise-stops-with-lighttpd.sh \
	tests/logs/app-log-is-json-lines.sh \
	tests/logs/logrotate-rotates-without-loss.sh \
	tests/logs/logrotate-while-logger-is-dead.sh \
	tests/logs/logrotate-removes-old-logs.sh
TESTS += $(logs_tests)
EXTRA_DIST += $(logs_tests) tests/logs/lib-logs.sh logrotate.conf.in

check_PROGRAMS += tests/unit/test_log
TESTS += tests/unit/test_log
tests_unit_test_log_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_test_log_LDADD = common/libcommon.a
