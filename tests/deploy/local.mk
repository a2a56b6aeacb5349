# Deployment files that are not exercised elsewhere.
TESTS += tests/deploy/systemd-unit-verifies.sh
EXTRA_DIST += tests/deploy/systemd-unit-verifies.sh deploy/medicaments-api.service
