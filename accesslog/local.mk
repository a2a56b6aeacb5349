# medicaments-accesslog: lighttpd's piped access logger.  It mends the
# lines lighttpd writes into valid JSON and follows rotation; it links only
# the common library (the checkpoint it shares with the worker's /metrics
# is common/accesslog_state.c).
bin_PROGRAMS += accesslog/medicaments-accesslog
accesslog_medicaments_accesslog_SOURCES = accesslog/main.c \
	accesslog/mend.c accesslog/mend.h \
	accesslog/follow.c accesslog/follow.h
accesslog_medicaments_accesslog_LDADD = common/libcommon.a

ACCESSLOG_TEST_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/accesslog
check_PROGRAMS += tests/unit/test_accesslog tests/unit/test_accesslog_resume
TESTS += tests/unit/test_accesslog tests/unit/test_accesslog_resume
tests_unit_test_accesslog_SOURCES = tests/unit/test_accesslog.c \
	accesslog/mend.c
tests_unit_test_accesslog_CFLAGS = $(ACCESSLOG_TEST_CFLAGS)
tests_unit_test_accesslog_LDADD = common/libcommon.a

# How a restarted access log follower resumes (accesslog/main.c included).
tests_unit_test_accesslog_resume_SOURCES = \
	tests/unit/test_accesslog_resume.c accesslog/mend.c accesslog/follow.c
tests_unit_test_accesslog_resume_CFLAGS = $(ACCESSLOG_TEST_CFLAGS)
tests_unit_test_accesslog_resume_LDADD = common/libcommon.a
