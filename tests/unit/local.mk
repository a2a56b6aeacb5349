# Unit tests of the shared code and of the updater's parsing.
UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/updater -I$(top_srcdir)/tests/unit
UNIT_TESTS = tests/unit/test_text tests/unit/test_fold tests/unit/test_field \
	tests/unit/test_tsv tests/unit/test_load tests/unit/test_db \
	tests/unit/test_render_gzip \
	tests/unit/test_json_escape tests/unit/test_uri \
	tests/unit/test_monotonic tests/unit/test_atomic_file \
	tests/unit/test_status_file tests/unit/test_sha256 \
	tests/unit/test_buf tests/unit/test_env tests/unit/test_typo
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/check.h

tests_unit_test_text_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_text_LDADD = common/libcommon.a
tests_unit_test_fold_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_fold_LDADD = common/libcommon.a
tests_unit_test_typo_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_typo_LDADD = common/libcommon.a
tests_unit_test_field_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_field_LDADD = $(UPDATER_LIBS)
tests_unit_test_tsv_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_tsv_LDADD = $(UPDATER_LIBS)
tests_unit_test_load_CPPFLAGS = $(UNIT_CPPFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_load_LDADD = $(UPDATER_LIBS)
tests_unit_test_db_CPPFLAGS = $(UNIT_CPPFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_db_LDADD = $(UPDATER_LIBS)
tests_unit_test_render_gzip_CPPFLAGS = $(UNIT_CPPFLAGS) $(SQLITE_CFLAGS)
tests_unit_test_render_gzip_LDADD = $(UPDATER_LIBS)
# The common/ modules both programs share.
tests_unit_test_buf_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_buf_LDADD = common/libcommon.a
tests_unit_test_env_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_env_LDADD = common/libcommon.a
tests_unit_test_json_escape_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_json_escape_LDADD = common/libcommon.a
tests_unit_test_uri_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_uri_LDADD = common/libcommon.a
tests_unit_test_monotonic_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_monotonic_LDADD = common/libcommon.a
tests_unit_test_sha256_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_sha256_LDADD = common/libcommon.a
tests_unit_test_atomic_file_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_atomic_file_LDADD = common/libcommon.a
tests_unit_test_status_file_CPPFLAGS = $(UNIT_CPPFLAGS) $(JSONC_CFLAGS)
tests_unit_test_status_file_LDADD = common/libcommon.a $(JSONC_LIBS)
