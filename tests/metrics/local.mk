# Metrics tests: /metrics summed over the workers, the updater's result,
# promtool and a real Prometheus, the observability/ configurations
# (tests/metrics/lib-metrics.sh, tests/metrics/prom.py).
metrics_tests = \
	tests/metrics/counters-sum-across-workers.sh \
	tests/metrics/dashboard-queries-use-exposed-metrics.sh \
	tests/metrics/labels-stay-bounded.sh \
	tests/metrics/metrics-not-on-public-port.sh \
	tests/metrics/observability-configs-are-valid.sh \
	tests/metrics/prometheus-scrapes-metrics.sh \
	tests/metrics/promtool-accepts-metrics.sh \
	tests/metrics/update-result-in-metrics.sh
TESTS += $(metrics_tests)
EXTRA_DIST += $(metrics_tests) tests/metrics/lib-metrics.sh \
	tests/metrics/prom.py observability doc/observability.md
