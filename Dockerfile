# syntax=docker/dockerfile:1
#
# medicaments-api: the updater, the FastCGI workers and lighttpd in one
# image.  Build with `make build` (see DOCKER.md), or:
#
#     docker build --build-arg VERSION=0.1.0 \
#         --build-arg GIT_COMMIT=$(git rev-parse --short HEAD) \
#         --build-arg BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) \
#         -t medicaments-api .
#
# BuildKit is needed (the default builder since Docker 23): cache mounts.
# Multi-architecture: nothing below is specific to one; `docker buildx build
# --platform linux/amd64,linux/arm64` builds each stage natively or under
# emulation, and TARGETARCH only keeps each architecture's package caches
# apart.

# --- builder -------------------------------------------------------------------
# Debian bookworm, with the project's own scripts: `script/setup
# --build-only` installs the Debian packages that ./configure && make need
# (none of the tests' tools: no Chromium, clang, valgrind, Prometheus,
# kubectl, docker-compose) and the npm ones through script/setup-node,
# script/build configures and builds out of tree.  The base image brings Node.js 20:
# bookworm's own is 18, older than script/setup-node accepts.  Node.js is
# only here to fetch swagger-ui-dist, whose files the runtime copies.
FROM node:20-bookworm AS builder
ARG TARGETARCH
ENV DEBIAN_FRONTEND=noninteractive
# Keep the downloaded packages in the cache mounts rather than deleting them.
RUN rm -f /etc/apt/apt.conf.d/docker-clean && \
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' \
        >/etc/apt/apt.conf.d/keep-cache
WORKDIR /src
# What script/setup reads, alone first: the packages stay cached until
# these files change.
COPY script/setup script/setup-node script/
COPY package.json package-lock.json ./
RUN --mount=type=cache,id=medicaments-apt-$TARGETARCH,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,id=medicaments-apt-lists-$TARGETARCH,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=cache,id=medicaments-npm-$TARGETARCH,target=/root/.npm \
    script/setup --build-only
COPY . .
RUN script/build build --prefix=/usr/local --localstatedir=/var && \
    make -C build install-strip DESTDIR=/staging

# --- runtime -------------------------------------------------------------------
FROM debian:bookworm-slim AS runtime
ARG TARGETARCH
# tini (PID 1: reaps orphans, forwards signals), lighttpd, logrotate, the
# shared libraries of the programs, CA certificates for the BDPM downloads,
# time zones for TZ.  No HTTP client, no cron daemon: docker/healthcheck
# and docker/entrypoint do without, and docker/no-cron-package's empty
# package stands for the cron daemon logrotate depends on (the build fails
# if cron comes in anyway).  policy-rc.d keeps the lighttpd package from
# starting its own service.
RUN --mount=type=cache,id=medicaments-runtime-apt-$TARGETARCH,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,id=medicaments-runtime-apt-lists-$TARGETARCH,target=/var/lib/apt/lists,sharing=locked \
    --mount=type=bind,source=docker/no-cron-package,target=/tmp/no-cron-package \
    rm -f /etc/apt/apt.conf.d/docker-clean && \
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && \
    chmod 755 /usr/sbin/policy-rc.d && \
    sh /tmp/no-cron-package /tmp/no-cron.deb && \
    apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        /tmp/no-cron.deb tini lighttpd logrotate ca-certificates tzdata \
        libcurl4 libjson-c5 libsqlite3-0 libfcgi0ldbl zlib1g libisal2 libzstd1 libssl3 && \
    rm -f /usr/sbin/policy-rc.d /tmp/no-cron.deb && \
    ! dpkg-query -W -f='${Status}\n' cron anacron 2>/dev/null | grep -q 'ok installed'

# The programs (bin/: the updater, the worker, the access logger and its
# supervisor),
# schema.sql and certigna-services-ca.pem, the intermediate the BDPM site
# does not send (share/medicaments-api/: DOWNLOAD_EXTRA_CA_FILE's default).
COPY --from=builder /staging/usr/local/ /usr/local/
# The front end as script/lighttpd-run expects it: its configuration, the
# pages and Swagger UI beside it.
COPY --from=builder /src/script/lighttpd-run /opt/medicaments-api/script/
COPY --from=builder /src/lighttpd.conf /src/lighttpd-cgi.conf /src/logrotate.conf.in \
    /src/cron /src/schema.sql /opt/medicaments-api/
COPY --from=builder /src/html/ /opt/medicaments-api/html/
COPY --from=builder /src/node_modules/swagger-ui-dist/ /opt/medicaments-api/node_modules/swagger-ui-dist/
COPY --from=builder /src/docker/entrypoint /src/docker/healthcheck /opt/medicaments-api/docker/

# The volumes' mount points belong to the service's user: a new named volume
# takes their owner.  /run/medicaments is for a tmpfs (read-only root).
RUN mkdir -p /data /logs /run/medicaments && \
    chown 65534:65534 /data /logs /run/medicaments && \
    chmod 0755 /data /logs && chmod 0700 /run/medicaments && \
    ! ldd /usr/local/bin/medicaments-* | grep -q 'not found' && \
    lighttpd -v >/dev/null

# Where everything is; docker-compose.yml's env_file (.env.docker) and
# `docker run -e` set the rest (see .env.example).  Inside a container the
# published port is the control, hence all interfaces.
ENV DB_PATH=/data/medicaments.db \
    LOG_DIR=/logs \
    RUN_DIR=/run/medicaments \
    TMPDIR=/tmp \
    FCGI_BIN=/usr/local/bin/medicaments-fcgi \
    UPDATER_BIN=/usr/local/bin/medicaments-updater \
    HTML_DIR=/opt/medicaments-api/html \
    ADDRESS=0.0.0.0 \
    PORT=8000 \
    ALLOW_DIRECT_ACCESS=true \
    TZ=Europe/Paris

VOLUME ["/data", "/logs"]
EXPOSE 8000 9090
USER 65534:65534
WORKDIR /opt/medicaments-api

# The worker answers /health itself, run as a CGI program (no curl here).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/opt/medicaments-api/docker/healthcheck"]

# tini as PID 1 reaps what lighttpd's workers leave behind and passes
# docker stop's SIGTERM to the entry point, which stops the service.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/medicaments-api/docker/entrypoint"]

# Last, so that a new date or commit only rebuilds the labels.
ARG VERSION=dev
ARG GIT_COMMIT=unknown
ARG BUILD_DATE=unknown
LABEL org.opencontainers.image.title="medicaments-api" \
      org.opencontainers.image.description="JSON REST API over the French drug database (BDPM), in C: lighttpd, FastCGI workers, SQLite" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$GIT_COMMIT" \
      org.opencontainers.image.created="$BUILD_DATE" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
