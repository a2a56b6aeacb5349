# Operations tests: the container's entry point and health check played
# outside Docker (as UID 65534, in a temporary root laid out as the image),
# the compose file validated by Docker Compose, the Dockerfile read, the
# env files and ops.mk (the operator's commands) checked.  No Docker engine needed.
ops_tests = \
	tests/ops/compose-config-valid.sh \
	tests/ops/dockerfile-sane.sh \
	tests/ops/entrypoint-schedule.sh \
	tests/ops/entrypoint-refuses-bad-setup.sh \
	tests/ops/entrypoint-serves-and-stops.sh \
	tests/ops/entrypoint-stops-during-update.sh \
	tests/ops/entrypoint-under-tini.sh \
	tests/ops/env-files-documented.sh \
	tests/ops/ops-mk-targets.sh \
	tests/ops/gnumakefile-offers-operator-targets.sh
TESTS += $(ops_tests)
EXTRA_DIST += $(ops_tests) tests/ops/lib-ops.sh \
	Dockerfile .dockerignore docker-compose.yml .env.example .env.docker \
	docker/entrypoint docker/healthcheck docker/no-cron-package DOCKER.md
