# The operator's commands: the Docker image, the compose stack, secrets,
# tests and benchmarks.  `make help` lists them.
#
# Hand-written, and named so that it is not the Makefile: that one is
# configure's (autotools builds the C programs, in this directory or out of
# tree: script/build).  GNUmakefile includes this file, and configure's
# Makefile once there is one, so that `make up` works in a fresh checkout;
# `make -f ops.mk TARGET` works too.  No target here is one of the build's
# (hence clean-stack, not clean).  GNU make.

.DEFAULT_GOAL := help
SHELL := /bin/sh

top := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

IMAGE       ?= medicaments-api
VERSION     ?= $(shell sed -n '/^AC_INIT/{s/^[^,]*, *\[//;s/\].*//;p;}' '$(top)/configure.ac')
GIT_COMMIT  ?= $(shell git -C '$(top)' rev-parse --short HEAD 2>/dev/null || echo unknown)
BUILD_DATE  := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
PROJECT     ?= medicaments-api
SECRETS_DIR ?= $(top)/secrets
GRAFANA_PASSWORD_FILE ?= $(SECRETS_DIR)/grafana_password.txt
# The uid Grafana runs as in its image: compose mounts the secret file with
# its host owner and mode, so that user must be able to read it.
GRAFANA_UID ?= 472
# Which containers `make logs` follows (all by default): SERVICE=api.
SERVICE ?=

BUILD_ARGS = --build-arg VERSION='$(VERSION)' --build-arg GIT_COMMIT='$(GIT_COMMIT)' \
	--build-arg BUILD_DATE='$(BUILD_DATE)'
TAGS = -t '$(IMAGE):$(VERSION)' -t '$(IMAGE):latest'

# First line of every recipe that needs Docker: one line and a failure
# when the client is missing or its engine unreachable.
need_docker = @command -v docker >/dev/null 2>&1 || \
	{ echo "make $@: needs Docker, and the docker command is not installed" >&2; exit 1; }; \
	docker info >/dev/null 2>&1 || \
	{ echo "make $@: needs Docker, and the Docker engine is not reachable (docker info failed: is it running, may you use it?)" >&2; exit 1; }

# run_compose ARGS: docker compose (the v2 plugin) or docker-compose (v1),
# whichever is there, on this project, with the image's build arguments.
run_compose = @cd '$(top)' && \
	export VERSION='$(VERSION)' GIT_COMMIT='$(GIT_COMMIT)' BUILD_DATE='$(BUILD_DATE)' && \
	set -- -p '$(PROJECT)' -f docker-compose.yml $(1) && \
	if docker compose version >/dev/null 2>&1; then exec docker compose "$$@"; \
	elif command -v docker-compose >/dev/null 2>&1; then exec docker-compose "$$@"; \
	else echo "make $@: needs Docker Compose (the docker compose plugin or docker-compose)" >&2; exit 1; fi

# The secret file: present, not empty, readable by its owner alone.
check_secrets = @f='$(GRAFANA_PASSWORD_FILE)'; \
	if [ ! -f "$$f" ]; then echo "make $@: $$f is missing (make setup-secrets)" >&2; exit 1; fi; \
	if [ ! -s "$$f" ]; then echo "make $@: $$f is empty (make setup-secrets)" >&2; exit 1; fi; \
	mode=$$(stat -c %a "$$f") || exit 1; \
	case $$mode in 0 | *00) ;; *) echo "make $@: $$f has mode $$mode: others may read it (chmod 600 $$f)" >&2; exit 1 ;; esac

.PHONY: help build build-amd64 build-arm64 up down logs ps test bench \
	setup-secrets validate-secrets clean-stack

help: ## list the targets
	@echo 'medicaments-api: make TARGET (Docker image and compose stack;'
	@echo 'the C programs build with ./configure && make, or script/build)'
	@echo
	@sed -n 's/^\([a-z0-9-]*\):.*## \(.*\)/\1|\2/p' '$(top)/ops.mk' | \
	    awk -F'|' '{ printf "  %-18s %s\n", $$1, $$2 }'
	@echo
	@echo 'Variables: IMAGE=$(IMAGE) VERSION=$(VERSION) GIT_COMMIT=$(GIT_COMMIT)'
	@echo '  PROJECT=$(PROJECT) SERVICE=(logs) SECRETS_DIR=$(SECRETS_DIR)'

build: ## Docker image for this machine's architecture (docker build)
	$(need_docker)
	cd '$(top)' && docker build $(BUILD_ARGS) $(TAGS) .

build-amd64: ## Docker image for linux/amd64 (docker buildx)
	$(need_docker)
	@docker buildx version >/dev/null 2>&1 || \
	    { echo "make $@: needs docker buildx (the Docker Buildx plugin)" >&2; exit 1; }
	cd '$(top)' && docker buildx build --platform linux/amd64 --load $(BUILD_ARGS) \
	    -t '$(IMAGE):$(VERSION)-amd64' .

build-arm64: ## Docker image for linux/arm64 (docker buildx; QEMU on an amd64 host)
	$(need_docker)
	@docker buildx version >/dev/null 2>&1 || \
	    { echo "make $@: needs docker buildx (the Docker Buildx plugin)" >&2; exit 1; }
	cd '$(top)' && docker buildx build --platform linux/arm64 --load $(BUILD_ARGS) \
	    -t '$(IMAGE):$(VERSION)-arm64' .

up: ## start the API and the observability stack (builds the image if needed)
	$(need_docker)
	$(check_secrets)
	$(call run_compose,up -d)
	@echo 'API: http://localhost:8030  Grafana: http://127.0.0.1:3000  Prometheus: http://127.0.0.1:9091'

down: ## stop and remove the containers (the volumes, hence the data, stay)
	$(need_docker)
	$(call run_compose,down)

logs: ## follow the containers' output (SERVICE=api for one)
	$(need_docker)
	$(call run_compose,logs -f --tail=100 $(SERVICE))

ps: ## the containers and their health
	$(need_docker)
	$(call run_compose,ps)

clean-stack: ## remove the containers, the network and the image (VOLUMES=1: the data too)
	$(need_docker)
	$(call run_compose,down --remove-orphans$(if $(VOLUMES), --volumes))
	@docker image rm '$(IMAGE):$(VERSION)' '$(IMAGE):latest' >/dev/null 2>&1 || true

test: ## every test, plain and sanitized builds (script/test; no Docker)
	'$(top)/script/test'

bench: ## the benchmarks: bench/updater, then bench/api (no Docker)
	'$(top)/bench/updater'
	'$(top)/bench/api'

setup-secrets: ## ask for Grafana's admin password, write secrets/grafana_password.txt (mode 600)
	@set -eu; umask 077; f='$(GRAFANA_PASSWORD_FILE)'; \
	tty=false; if [ -t 0 ]; then tty=true; fi; \
	restore() { if $$tty; then stty echo; fi; }; \
	trap 'restore' EXIT; trap 'exit 130' INT TERM; \
	if $$tty; then stty -echo; fi; \
	printf 'Grafana admin password: ' >&2; IFS= read -r p1 || p1=; \
	printf '\nAgain: ' >&2; IFS= read -r p2 || p2=; printf '\n' >&2; \
	restore; \
	if [ -z "$$p1" ]; then echo "make $@: the password is empty: nothing written" >&2; exit 1; fi; \
	if [ "$$p1" != "$$p2" ]; then echo "make $@: the two passwords differ: nothing written" >&2; exit 1; fi; \
	mkdir -p "$$(dirname "$$f")"; chmod 700 "$$(dirname "$$f")"; \
	tmp="$$f.new.$$$$"; printf '%s' "$$p1" >"$$tmp"; chmod 600 "$$tmp"; mv -f "$$tmp" "$$f"; \
	if [ "$$(id -u)" -eq 0 ]; then chown '$(GRAFANA_UID)' "$$f"; fi; \
	echo "make $@: wrote $$f (mode 600)" >&2; \
	if [ "$$(id -u)" -ne 0 ] && [ "$$(uname -s)" = Linux ]; then \
	    echo "make $@: Grafana (uid $(GRAFANA_UID) in its container) must read it: sudo chown $(GRAFANA_UID) $$f" >&2; fi

validate-secrets: ## check secrets/grafana_password.txt: present, not empty, mode 600 or stricter
	$(check_secrets); echo "make $@: $$f is in order (mode $$mode)"
