#!/bin/sh
# The configurations of observability/ are valid: Prometheus's (promtool
# check config, which loads the rule files too), the alert rules (promtool
# check rules) and their unit tests (promtool test rules), each alert fired
# by at least one case; Grafana's provisioning and dashboard (YAML and JSON
# that parse, panels on the provisioned data sources); Loki's YAML; Alloy's
# syntax and component references.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/metrics/lib-metrics.sh"
require_promtool
require_python_yaml

run() {
	"$@" >"$T/out" 2>&1 || fail "$*: $(cat "$T/out")"
}

run promtool check config "$OBS/prometheus/prometheus.yml"
run promtool check rules "$OBS/prometheus/rules/medicaments.yml"
run promtool test rules "$OBS/prometheus/rules/medicaments.test.yml"
run python3 "$PROM_PY" rules-covered "$OBS/prometheus/rules/medicaments.yml" \
    "$OBS/prometheus/rules/medicaments.test.yml"
for alert in MedicamentsInstanceDown MedicamentsDataStale \
    MedicamentsUpdateFailing MedicamentsHighErrorRate MedicamentsHighLatency \
    MedicamentsAccessLogStalled; do
	grep -q "alert: $alert\$" "$OBS/prometheus/rules/medicaments.yml" ||
	    fail "no alert $alert"
done

run python3 "$PROM_PY" grafana-check \
    "$OBS/grafana/dashboards/medicaments-api.json" \
    "$OBS/grafana/provisioning/datasources/datasources.yml" \
    "$OBS/grafana/provisioning/dashboards/dashboards.yml"

run python3 - "$OBS/loki/loki.yml" <<'EOF'
import sys, yaml
with open(sys.argv[1], encoding="utf-8") as f:
    c = yaml.safe_load(f)
assert c["server"]["http_listen_port"] == 3100, "Loki listens on 3100"
assert c["schema_config"]["configs"], "a schema"
assert c["limits_config"]["retention_period"], "a retention"
assert c["compactor"]["retention_enabled"] is True, "the compactor deletes"
EOF

run python3 "$PROM_PY" alloy-check "$OBS/alloy/config.alloy"
# What Alloy ships: the API's log directory, its metrics port.
for needle in '"/var/log/medicaments/*.log"' '"api:9090"' \
    '"http://loki:3100/loki/api/v1/push"' \
    '"http://prometheus:9090/api/v1/write"' 'job_name        = "medicaments-api"'; do
	grep -qF "$needle" "$OBS/alloy/config.alloy" ||
	    fail "config.alloy: no $needle"
done
exit 0
