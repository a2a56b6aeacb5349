# Protection: the hostile request catalogue (tests/hostile/catalogue.txt)
# through lighttpd and, as CGI requests, under valgrind or the sanitizers;
# the shared rate limit across workers, clients, proxies, IPv6, exemptions
# and a flood of clients (tests/ratelimit/); slow and greedy clients
# (greedy.py: stalled half requests, slow readers; the kernel's cap per
# address, deploy/nftables-connlimit.nft, in a network namespace).  The
# libFuzzer targets of fuzz/ are run by script/test, not here (they need
# clang's libFuzzer).
hostile_tests = \
	tests/hostile/catalogue-answers-4xx-through-lighttpd.sh \
	tests/hostile/catalogue-cgi-has-no-memory-errors.sh \
	tests/hostile/stalled-connections-leave-others-served.sh \
	tests/hostile/slow-readers-hold-no-worker.sh \
	tests/hostile/connlimit-refuses-beyond-cap.sh \
	tests/ratelimit/costs-follow-api-md.sh \
	tests/ratelimit/exempt-clients-are-never-limited.sh \
	tests/ratelimit/ipv6-clients-have-their-own-buckets.sh \
	tests/ratelimit/refill-returns-tokens.sh \
	tests/ratelimit/table-stays-bounded-with-many-clients.sh \
	tests/ratelimit/untrusted-forwarded-for-changes-nothing.sh
TESTS += $(hostile_tests)
EXTRA_DIST += $(hostile_tests) tests/hostile/catalogue.py \
	tests/hostile/catalogue.txt tests/hostile/greedy.py \
	deploy/nftables-connlimit.nft script/nftables-connlimit \
	tests/ratelimit/rlclient.py \
	fuzz/build fuzz/run fuzz/fuzz_query.c fuzz/fuzz_search.c \
	fuzz/fuzz_tsv.c fuzz/query.dict fuzz/search.dict fuzz/tsv.dict \
	fuzz/corpus
