# Code shared by the updater and the FastCGI workers.
noinst_LIBRARIES += common/libcommon.a
common_libcommon_a_SOURCES = \
	common/buf.c common/buf.h \
	common/fold.c common/fold.h \
	common/log.c common/log.h \
	common/text.c common/text.h \
	common/xalloc.c common/xalloc.h
