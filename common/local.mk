# Code shared by the updater and the FastCGI workers.  status_file.c reads
# and writes JSON with json-c: a program that uses it links $(JSONC_LIBS);
# gzip.c is ISA-L's igzip: one that compresses links $(ISAL_LIBS).
noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_CPPFLAGS = $(AM_CPPFLAGS) $(JSONC_CFLAGS) $(ISAL_CFLAGS)
common_libcommon_a_SOURCES = common/contract.h \
	common/accesslog_state.c common/accesslog_state.h \
	common/atomic_file.c common/atomic_file.h common/buf.c common/buf.h \
	common/change_types.c common/change_types.h \
	common/env.c common/env.h \
	common/fold.c common/fold.h common/gzip.c common/gzip.h \
	common/json_escape.c common/json_escape.h \
	common/log.c common/log.h common/monotonic.c common/monotonic.h \
	common/sha256.c common/sha256.h \
	common/status_file.c common/status_file.h common/text.c common/text.h \
	common/typo.c common/typo.h \
	common/uri.c common/uri.h common/xalloc.c common/xalloc.h
