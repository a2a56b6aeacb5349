# medicaments-fcgi: the API's FastCGI (and CGI) worker; everything but its
# accept loop is fcgi/libworker.a, which the unit tests and the fuzz
# targets link too (the route table names every handler).
bin_PROGRAMS += fcgi/medicaments-fcgi
noinst_LIBRARIES += fcgi/libworker.a
fcgi_medicaments_fcgi_SOURCES = fcgi/main.c
fcgi_libworker_a_SOURCES = \
	fcgi/settings.c fcgi/settings.h \
	fcgi/dispatch.c fcgi/dispatch.h \
	fcgi/request.c fcgi/request.h \
	fcgi/query.c fcgi/query.h \
	fcgi/route.c fcgi/route.h fcgi/routes.c \
	fcgi/response.c fcgi/response.h \
	fcgi/writer.c fcgi/writer.h \
	fcgi/json.c fcgi/json.h \
	fcgi/encoding.c fcgi/encoding.h \
	fcgi/conditional.c fcgi/conditional.h \
	fcgi/timefmt.c fcgi/timefmt.h \
	fcgi/search_query.c fcgi/search_query.h fcgi/search_answer.c \
	fcgi/search_correct.c fcgi/search_correct.h \
	fcgi/trigram_cache.c fcgi/trigram_cache.h \
	fcgi/db.c fcgi/db.h \
	fcgi/worker_shm.c fcgi/worker_shm.h \
	fcgi/cidr.c fcgi/cidr.h \
	fcgi/cors.c fcgi/cors.h \
	fcgi/ratelimit.c fcgi/ratelimit.h \
	fcgi/metrics.c fcgi/metrics.h \
	fcgi/handlers.h fcgi/serve_document.c fcgi/paging.c \
	fcgi/data_answer.c fcgi/data_answer.h \
	fcgi/worker_state.c fcgi/worker_state.h \
	fcgi/api_medicaments.c fcgi/api_export.c fcgi/api_generiques.c \
	fcgi/api_presentations.c fcgi/api_health.c fcgi/api_diagnostics.c \
	fcgi/api_avis.c fcgi/api_informations.c fcgi/api_substances.c \
	fcgi/api_database.c fcgi/api_disponibilites.c fcgi/api_mitm.c \
	fcgi/api_changes.c fcgi/changes_atom.c
# No libcrypto: the etags' SHA-256 is common/sha256.c (its start-up cost a
# CGI request more than the rest of it).
# No zlib either: request-time gzip is ISA-L's igzip (common/gzip.c).
FCGI_WORKER_CFLAGS = $(AM_CFLAGS) $(FCGI_CFLAGS) $(JSONC_CFLAGS) $(SQLITE_CFLAGS) \
	$(ISAL_CFLAGS)
FCGI_WORKER_LIBS = fcgi/libworker.a common/libcommon.a $(JSONC_LIBS) \
	$(SQLITE_LIBS) $(ISAL_LIBS)
fcgi_libworker_a_CFLAGS = $(FCGI_WORKER_CFLAGS)
fcgi_medicaments_fcgi_CFLAGS = $(FCGI_WORKER_CFLAGS)
# WORKER_LIBS: json-c, SQLite and libfcgi, shared, or linked in with
# --enable-static-worker (m4/mapi_static_worker.m4: CGI start-up).
fcgi_medicaments_fcgi_LDADD = fcgi/libworker.a common/libcommon.a \
	$(WORKER_LIBS) $(ISAL_LIBS)

# Unit tests of the worker's pure functions (tests/unit/check.h).
FCGI_TEST_LDADD = common/libcommon.a $(ZLIB_LIBS) $(ISAL_LIBS)
FCGI_TEST_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS) $(ISAL_CFLAGS) \
	-I$(top_srcdir)/fcgi

check_PROGRAMS += tests/unit/test_fcgi_query tests/unit/test_fcgi_route \
	tests/unit/test_fcgi_search tests/unit/test_fcgi_conditional \
	tests/unit/test_fcgi_gzip tests/unit/test_fcgi_encoding \
	tests/unit/test_fcgi_ratelimit \
	tests/unit/test_fcgi_cidr \
	tests/unit/test_fcgi_cors tests/unit/test_fcgi_trigram_cache
TESTS += tests/unit/test_fcgi_query tests/unit/test_fcgi_route \
	tests/unit/test_fcgi_search tests/unit/test_fcgi_conditional \
	tests/unit/test_fcgi_gzip tests/unit/test_fcgi_encoding \
	tests/unit/test_fcgi_ratelimit \
	tests/unit/test_fcgi_cidr \
	tests/unit/test_fcgi_cors tests/unit/test_fcgi_trigram_cache

tests_unit_test_fcgi_query_SOURCES = tests/unit/test_fcgi_query.c \
	fcgi/query.c fcgi/search_query.c fcgi/timefmt.c
tests_unit_test_fcgi_query_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_query_LDADD = $(FCGI_TEST_LDADD)

# request_param_index finds each name of the table, and no other.
check_PROGRAMS += tests/unit/test_fcgi_request
TESTS += tests/unit/test_fcgi_request
tests_unit_test_fcgi_request_SOURCES = tests/unit/test_fcgi_request.c \
	fcgi/request.c fcgi/encoding.c
tests_unit_test_fcgi_request_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_request_LDADD = $(FCGI_TEST_LDADD)

# The route table names every handler: the worker's library, all of it.
tests_unit_test_fcgi_route_SOURCES = tests/unit/test_fcgi_route.c
tests_unit_test_fcgi_route_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_route_LDADD = $(FCGI_WORKER_LIBS) $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_search_SOURCES = tests/unit/test_fcgi_search.c \
	fcgi/search_query.c fcgi/query.c fcgi/timefmt.c
tests_unit_test_fcgi_search_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_search_LDADD = $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_conditional_SOURCES = \
	tests/unit/test_fcgi_conditional.c fcgi/conditional.c fcgi/timefmt.c
tests_unit_test_fcgi_conditional_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_conditional_LDADD = $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_gzip_SOURCES = tests/unit/test_fcgi_gzip.c \
	fcgi/json.c
tests_unit_test_fcgi_gzip_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_gzip_LDADD = $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_encoding_SOURCES = tests/unit/test_fcgi_encoding.c \
	fcgi/encoding.c
tests_unit_test_fcgi_encoding_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_encoding_LDADD = $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_ratelimit_SOURCES = tests/unit/test_fcgi_ratelimit.c \
	fcgi/ratelimit.c fcgi/worker_shm.c fcgi/cidr.c
tests_unit_test_fcgi_ratelimit_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_ratelimit_LDADD = $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_cidr_SOURCES = tests/unit/test_fcgi_cidr.c fcgi/cidr.c
tests_unit_test_fcgi_cidr_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_cidr_LDADD = $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_trigram_cache_SOURCES = \
	tests/unit/test_fcgi_trigram_cache.c fcgi/trigram_cache.c
tests_unit_test_fcgi_trigram_cache_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_trigram_cache_LDADD = $(FCGI_TEST_LDADD)

tests_unit_test_fcgi_cors_SOURCES = tests/unit/test_fcgi_cors.c fcgi/cors.c
tests_unit_test_fcgi_cors_CFLAGS = $(FCGI_TEST_CFLAGS)
tests_unit_test_fcgi_cors_LDADD = $(FCGI_TEST_LDADD)
