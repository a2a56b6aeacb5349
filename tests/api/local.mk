# API tests: the real lighttpd, started by script/lighttpd-run, with the
# real workers, on 127.0.0.1, over databases built by the real updater
# (tests/api/lib-api.sh).  One scenario per script, named for what it proves.
api_tests = \
	tests/api/answers-gzip-coded-as-accepted.sh \
	tests/api/avis-informations-substances-follow-the-files.sh \
	tests/api/changes-endpoints-answer.sh \
	tests/api/cgi-mode-answers-like-fastcgi.sh \
	tests/api/cgi-etags-follow-the-data.sh \
	tests/api/conditional-requests-answer-304.sh \
	tests/api/cors-headers-on-every-answer.sh \
	tests/api/database-download-by-lighttpd.sh \
	tests/api/database-download-compressed.sh \
	tests/api/database-download-survives-publish.sh \
	tests/api/database-sendfile-stays-in-versions.sh \
	tests/api/disponibilites-mitm-match-raw-files.sh \
	tests/api/dump-2022-answers-api-examples.sh \
	tests/api/endpoints-answer-contract-shapes.sh \
	tests/api/export-is-gzipped-when-accepted.sh \
	tests/api/export-sent-from-version-files.sh \
	tests/api/failed-optional-files-answer-as-absent.sh \
	tests/api/head-answers-headers-without-body.sh \
	tests/api/health-turns-healthy-when-database-appears.sh \
	tests/api/legacy-paths-answer-410-with-successor.sh \
	tests/api/lighttpd-run-refuses-bad-environment.sh \
	tests/api/methods-answer-405-with-allow.sh \
	tests/api/metrics-only-on-internal-port.sh \
	tests/api/not-found-answers-404.sh \
	tests/api/pages-robots-favicon-cache-control.sh \
	tests/api/rate-limit-shared-by-workers-answers-429.sh \
	tests/api/request-limits-answer-413-431.sh \
	tests/api/search-reads-each-found-document.sh \
	tests/api/search-forgives-typos.sh \
	tests/api/security-headers-on-every-answer.sh \
	tests/api/updates-cause-no-downtime.sh \
	tests/api/validation-errors-answer-400.sh \
	tests/api/worker-gives-heap-back-when-idle.sh \
	tests/api/worker-links-libraries-as-configured.sh \
	tests/api/worker-serves-older-schemas.sh
TESTS += $(api_tests)
EXTRA_DIST += $(api_tests) tests/api/lib-api.sh tests/api/api_shapes.py \
	tests/api/typos.py \
	tests/api/listes_raw.py \
	tests/api/load_check.py tests/api/bdpm_expect.py
# A FastCGI backend naming any file (database-sendfile-stays-in-versions).
EXTRA_DIST += tests/tools/fcgi_sendfile.py
# What the API tests run: the front end's configuration and its wrapper.
EXTRA_DIST += lighttpd.conf lighttpd-cgi.conf script/lighttpd-run
