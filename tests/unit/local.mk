# Unit tests of the shared code and of the updater's parsing.
UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/updater -I$(top_srcdir)/tests/unit
UNIT_TESTS = tests/unit/test_text tests/unit/test_fold tests/unit/test_field \
	tests/unit/test_tsv tests/unit/test_load
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/check.h

tests_unit_test_text_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_text_LDADD = common/libcommon.a
tests_unit_test_fold_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_fold_LDADD = common/libcommon.a
tests_unit_test_field_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_field_LDADD = $(UPDATER_LIBS)
tests_unit_test_tsv_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_tsv_LDADD = $(UPDATER_LIBS)
tests_unit_test_load_CPPFLAGS = $(UNIT_CPPFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_load_LDADD = $(UPDATER_LIBS)
