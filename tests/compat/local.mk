# Compatibility with the Go service (Giygas/medicaments-api): its own test
# requests (go-requests.txt, with the Go file and test each came from) sent
# to the real lighttpd and workers over the 2022 dump, expecting the Go
# service's status and message except where API.md improves on it (each
# exception listed in the table with its reason); and every answer of a
# larger set the one recorded (answers.py, answers-2022.txt).
compat_tests = \
	tests/compat/go-clients-get-go-answers.sh \
	tests/compat/answers-match-their-record.sh
TESTS += $(compat_tests)
EXTRA_DIST += $(compat_tests) tests/compat/compat.py \
	tests/compat/go-requests.txt tests/compat/answers.py \
	tests/compat/answers-2022.txt
