# Tests: C unit tests, shell integration tests against the real programs.
EXTRA_DIST += tests/lib.sh tests/fixtures tests/tools tests/lsan.supp
include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/updater/local.mk
include $(srcdir)/tests/api/local.mk
include $(srcdir)/tests/changes/local.mk
include $(srcdir)/tests/compat/local.mk
include $(srcdir)/tests/docs/local.mk
include $(srcdir)/tests/metrics/local.mk
include $(srcdir)/tests/config/local.mk
include $(srcdir)/tests/logs/local.mk
include $(srcdir)/tests/ops/local.mk
include $(srcdir)/tests/deploy/local.mk
include $(srcdir)/tests/hostile/local.mk
