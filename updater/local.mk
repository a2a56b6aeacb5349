# medicaments-updater: BDPM files to a fresh, checked SQLite database.
bin_PROGRAMS += updater/medicaments-updater

# The logic lives in a library so that unit tests link the same code.
noinst_LIBRARIES += updater/libupdater.a
updater_libupdater_a_CFLAGS = $(AM_CFLAGS) -pthread
updater_libupdater_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/updater \
	$(CURL_CFLAGS) $(JSONC_CFLAGS) $(SQLITE_CFLAGS) $(ZLIB_CFLAGS) \
	$(ISAL_CFLAGS) $(ZSTD_CFLAGS) $(CRYPTO_CFLAGS) $(SSL_CFLAGS)
updater_libupdater_a_SOURCES = \
	updater/build.c updater/build.h \
	updater/changes.c updater/changes.h \
	updater/check.c updater/check.h \
	updater/check_gzip.c updater/check_gzip.h \
	updater/db.c updater/db.h \
	updater/digest.c updater/digest.h \
	updater/download.c updater/download.h \
	updater/environment.c updater/environment.h \
	updater/export.c updater/export.h \
	updater/export_files.c updater/export_files.h \
	updater/field.c updater/field.h \
	updater/integrity.c \
	updater/load.c updater/load.h \
	updater/mirror.c updater/mirror.h \
	updater/publish.c updater/publish.h \
	updater/render.c updater/render.h \
	updater/render_avis.c \
	updater/render_disponibilites.c \
	updater/render_generiques.c \
	updater/render_gzip.c updater/render_gzip.h \
	updater/render_informations.c \
	updater/render_medicaments.c \
	updater/render_mitm.c \
	updater/render_substances.c updater/render_vocabulary.c \
	updater/schedule.c updater/schedule.h \
	updater/schema_sql.h \
	updater/source.c updater/source.h \
	updater/status.c updater/status.h \
	updater/trust.c updater/trust.h \
	updater/tsv.c updater/tsv.h
nodist_updater_libupdater_a_SOURCES = updater/schema_sql.c

UPDATER_LIBS = updater/libupdater.a common/libcommon.a $(CURL_LIBS) \
	$(JSONC_LIBS) $(SQLITE_LIBS) $(ZLIB_LIBS) $(ISAL_LIBS) $(ZSTD_LIBS) \
	$(SSL_LIBS) $(CRYPTO_LIBS) -lm -lpthread

updater_medicaments_updater_CPPFLAGS = $(updater_libupdater_a_CPPFLAGS)
updater_medicaments_updater_SOURCES = updater/main.c
updater_medicaments_updater_LDADD = $(UPDATER_LIBS)

# schema.sql is the single source of the schema: embedded as a C string so
# that the program needs no file at run time, and installed for readers.
BUILT_SOURCES += updater/schema_sql.c
CLEANFILES += updater/schema_sql.c
updater/schema_sql.c: $(top_srcdir)/schema.sql
	$(AM_V_GEN)$(MKDIR_P) updater && { \
	  echo '/* Generated from schema.sql by updater/local.mk. */'; \
	  echo '#include "schema_sql.h"'; \
	  echo 'const char schema_sql[] ='; \
	  $(SED) -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(top_srcdir)/schema.sql; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@

# The intermediate certificate the BDPM site does not send (issue 10): the
# default of DOWNLOAD_EXTRA_CA_FILE, installed beside schema.sql.
dist_pkgdata_DATA += certs/certigna-services-ca.pem

# The schedule's arithmetic (--at, --every), registered here with the
# updater it belongs to.
check_PROGRAMS += tests/unit/test_schedule
TESTS += tests/unit/test_schedule
tests_unit_test_schedule_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/updater \
	-I$(top_srcdir)/tests/unit
tests_unit_test_schedule_LDADD = $(UPDATER_LIBS)
