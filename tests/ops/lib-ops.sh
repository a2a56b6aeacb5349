# Helpers of the operations tests (POSIX sh), on top of tests/lib.sh.  A
# test sources it first:
#
#     . "${top_srcdir:-$(dirname "$0")/../..}/tests/ops/lib-ops.sh"
#
# The container is played outside Docker: a temporary directory $R stands
# for its root file system, laid out as the Dockerfile's runtime stage lays
# out the image (its COPY --from=builder lines, the sources standing for the
# builder's /src), and docker/entrypoint runs there as UID 65534, the
# image's user, with the environment pointing into $R.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

SERVICE_UID=65534
# The entry point's output: where fail() looks for what to show.
EP_LOG=$T/stderr
# Outside the container, lighttpd lives in /usr/sbin.
OPS_PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin

# as_service COMMAND...: COMMAND as the image's user when root can switch
# to it; as this user otherwise.
as_service() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid="$SERVICE_UID" --regid="$SERVICE_UID" \
		    --clear-groups -- "$@"
	else
		"$@"
	fi
}

require_service_user() {
	if [ "$(id -u)" -eq 0 ]; then
		require_cmd setpriv
	fi
}

# make_root: $R, the container's root: data/, logs/, run/, tmp/ owned by
# the service's user, and opt/medicaments-api/ as the Dockerfile copies it.
# Sets APP (the installed application directory).
make_root() {
	R=$T/r
	mkdir -p "$R/data" "$R/logs" "$R/run" "$R/tmp"
	chmod 755 "$T" "$R"
	if [ "$(id -u)" -eq 0 ]; then
		chown "$SERVICE_UID:$SERVICE_UID" "$R/data" "$R/logs" "$R/run" "$R/tmp"
	fi
	# RUN_DIR/fcgi.sock-N must fit in a Unix socket's path.
	[ ${#R} -le 56 ] || skip "$R is too long a path for the FastCGI sockets"
	copy_image_files
	APP=$R/opt/medicaments-api
	[ -x "$APP/docker/entrypoint" ] || fail "the Dockerfile copies no docker/entrypoint into /opt/medicaments-api"
}

# copy_image_files: performs the runtime stage's "COPY --from=builder
# /src/..." lines into $R (the binaries, from /staging, are used from the
# build tree instead).  node_modules comes from script/setup-node: without
# it, /docs/swagger-ui/ is missing, nothing else.
copy_image_files() {
	_ops_list=$T/copies
	sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$top_srcdir/Dockerfile" |
	    awk '$1 == "COPY" && $2 == "--from=builder" {
		for (i = 3; i < NF; i++)
			if ($i ~ /^\/src\//) print $i, $NF
	    }' >"$_ops_list"
	[ -s "$_ops_list" ] || fail "no COPY --from=builder /src/... line in the Dockerfile"
	while read -r _ops_src _ops_dst; do
		case $_ops_src in
		# The npm packages: $NODE_MODULES (make check sets it).
		/src/node_modules/*) _ops_from=${NODE_MODULES:-$top_srcdir/node_modules}/${_ops_src#/src/node_modules/} ;;
		*) _ops_from=$top_srcdir/${_ops_src#/src/} ;;
		esac
		_ops_to=$R$_ops_dst
		mkdir -p "$_ops_to"
		if [ -d "$_ops_from" ]; then
			cp -R "$_ops_from/." "$_ops_to"
		elif [ -f "$_ops_from" ]; then
			cp -p "$_ops_from" "$_ops_to"
		else
			case $_ops_src in
			/src/node_modules/*) log "no $_ops_from (script/setup-node): copied nothing" ;;
			*) fail "Dockerfile: COPY $_ops_src: $_ops_from does not exist" ;;
			esac
		fi
	done <"$_ops_list"
}

# service_env NAME=VALUE... COMMAND...: COMMAND in the container's
# environment (as the Dockerfile's ENV sets it, pointing into $R), as the
# service's user; the NAME=VALUE given add to it or override it.  Sanitizer
# options pass through.  The image installs the BDPM site's missing
# intermediate where the updater looks by default; here, the checkout's.
service_env() {
	(service_exec "$@")
}

# service_exec NAME=VALUE... COMMAND...: the same, in place of this shell
# (so that "service_exec ... &" gives COMMAND's own pid in $!).
service_exec() {
	set -- env -i PATH="$OPS_PATH" HOME=/nonexistent TZ=UTC LANG=C.UTF-8 \
	    DB_PATH="$R/data/medicaments.db" LOG_DIR="$R/logs" \
	    RUN_DIR="$R/run/medicaments" TMPDIR="$R/tmp" \
	    FCGI_BIN="$FCGI" UPDATER_BIN="$UPDATER" HTML_DIR="$APP/html" \
	    DOWNLOAD_EXTRA_CA_FILE="$top_srcdir/certs/certigna-services-ca.pem" \
	    ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
	    ${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"} \
	    ${LSAN_OPTIONS:+LSAN_OPTIONS="$LSAN_OPTIONS"} \
	    "$@"
	if [ "$(id -u)" -eq 0 ]; then
		set -- setpriv --reuid="$SERVICE_UID" --regid="$SERVICE_UID" \
		    --clear-groups -- "$@"
	fi
	exec "$@"
}

# start_entrypoint NAME=VALUE...: starts the entry point (serving) in $R on
# 127.0.0.1:HTTP_PORT with two workers, the data from the fixtures unless
# BDPM_BASE_URL is given; sets EP_PID.  Its output goes to $EP_LOG.  With
# EP_COMMAND set (words), that command line runs instead of the entry point
# alone (the Dockerfile's ENTRYPOINT, tini first).
start_entrypoint() {
	HTTP_PORT=$(free_port)
	# METRICS_PORT empty: no metrics listener, whose default port (9090)
	# would be one for every test running in parallel.
	# shellcheck disable=SC2086 # EP_COMMAND: words
	service_exec ADDRESS=127.0.0.1 PORT="$HTTP_PORT" WORKERS=2 \
	    METRICS_PORT= LOG_LEVEL=info BDPM_BASE_URL="file://$FIXTURES" "$@" \
	    ${EP_COMMAND:-"$APP/docker/entrypoint"} >"$EP_LOG" 2>&1 &
	EP_PID=$!
	track_pid "$EP_PID"
}

# alive PID: the process exists and is not a zombie.
alive() {
	[ -r "/proc/$1/stat" ] || return 1
	_ops_state=$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$_ops_state" ] && [ "$_ops_state" != Z ] && [ "$_ops_state" != X ]
}

# descendants PID: PID and every process under it, one per line.
descendants() {
	# /proc/PID/stat: "PID (COMM) STATE PPID ..."; COMM may hold anything.
	cat /proc/[0-9]*/stat 2>/dev/null |
	    sed -n 's/^\([0-9]*\) (.*) . \([0-9]*\) .*/\1 \2/p' |
	    awk -v root="$1" '
	{ parent[$1] = $2 }
	END {
		keep[root] = 1
		do {
			n = 0
			for (p in parent)
				if (!(p in keep) && (parent[p] in keep)) {
					keep[p] = 1
					n++
				}
		} while (n > 0)
		for (p in keep)
			print p
	}'
}

# uid_of PID: the real uid PID runs as (empty once it is gone).
uid_of() {
	awk '/^Uid:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true
}

# names PIDS...: their command names, one per line.
names() {
	for _ops_p; do
		cat "/proc/$_ops_p/comm" 2>/dev/null || true
	done
}

# stop_entrypoint [SECONDS]: SIGTERM, as docker stop sends it; waits until
# the entry point has exited (60 s at most) and sets EP_STATUS.
stop_entrypoint() {
	kill -TERM "$EP_PID" || fail "the entry point (pid $EP_PID) is gone already"
	_ops_n=0
	while alive "$EP_PID"; do
		_ops_n=$((_ops_n + 1))
		[ "$_ops_n" -le "$((${1:-60} * 10))" ] ||
		    fail "the entry point still runs ${1:-60} s after SIGTERM"
		sleep 0.1
	done
	# shellcheck disable=SC2034
	EP_STATUS=0
	# shellcheck disable=SC2034
	wait "$EP_PID" || EP_STATUS=$?
	untrack_pid "$EP_PID"
}

# assert_all_gone PIDS...: none of them runs any more.
assert_all_gone() {
	for _ops_p; do
		if alive "$_ops_p"; then
			fail "pid $_ops_p ($(cat "/proc/$_ops_p/comm" 2>/dev/null)) still runs"
		fi
	done
}

# wait_for_status URL STATUS [SECONDS]: until URL answers STATUS.
wait_for_status() {
	_ops_n=0
	while :; do
		_ops_got=$(curl -s -o "$T/body" -w '%{http_code}' --max-time 10 "$1" 2>/dev/null) ||
		    _ops_got=000
		[ "$_ops_got" != "$2" ] || return 0
		_ops_n=$((_ops_n + 1))
		[ "$_ops_n" -le "$((${3:-60} * 5))" ] ||
		    fail "$1: expected $2 within ${3:-60} s, last answer $_ops_got: $(head -c 300 "$T/body" 2>/dev/null)"
		sleep 0.2
	done
}
