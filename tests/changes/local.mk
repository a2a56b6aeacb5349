# The change feed's tests (issue 25): successive dumps generated from the
# 2022 one (make_dumps.py), the changes expected of each computed from the
# raw files (expected_changes.py), compared with the updater's history and
# the API's (compare_feed.py); the Atom feed read by a real feed parser
# and shown in Chromium.
changes_tests = \
	tests/changes/feed-follows-successive-dumps.sh \
	tests/changes/atom-feed-parses.sh
TESTS += $(changes_tests)
EXTRA_DIST += $(changes_tests) tests/changes/make_dumps.py \
	tests/changes/expected_changes.py tests/changes/compare_feed.py \
	tests/changes/atom-view.html
