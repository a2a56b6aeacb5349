# Deployment files that are not exercised elsewhere.
TESTS += tests/deploy/systemd-unit-verifies.sh
EXTRA_DIST += tests/deploy/systemd-unit-verifies.sh deploy/medicaments-api.service
# deploy/kubernetes rendered by kubectl kustomize and validated offline;
# its builder and replicas simulated on this machine.
TESTS += tests/deploy/kubernetes-renders.sh tests/deploy/replicas-simulation.sh
EXTRA_DIST += tests/deploy/kubernetes-renders.sh \
	tests/deploy/replicas-simulation.sh \
	tests/deploy/kubernetes-validate.mjs \
	tests/deploy/kubernetes-normalize.mjs deploy/kubernetes
