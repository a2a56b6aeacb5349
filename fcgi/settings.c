#include "settings.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conditional.h"
#include "contract.h"
#include "env.h"
#include "worker_shm.h"
#include "xalloc.h"

/* lighttpd-run's defaults (its header documents them). */
#define FRONT_ADDRESS		"127.0.0.1"
#define FRONT_PORT		8000
#define FRONT_METRICS_PORT	9090
#define FRONT_MAX_REQUEST_BODY	1024
#define FRONT_MAX_HEADER_SIZE	8192
#define FRONT_MAX_HEADER_SIZE_MAX 65535L	/* lighttpd's */
/* The Go service's ceiling of its sizes (config.go, validateSizeLimit). */
#define FRONT_GO_SIZE_MAX	(100L << 20)
#define FRONT_LOG_RETENTION_WEEKS 4
#define FRONT_MAX_LOG_FILE_SIZE	(100L << 20)
/*
 * Connections: lighttpd holds an idle one for about 5.5 KB of its own
 * memory (lighttpd.conf), and two descriptors a connection (the client's,
 * a worker's socket or a temporary file's) in an unsigned short:
 * server.max-fds, 2 * MAX_CONNECTIONS + 256 (script/lighttpd-run), stays
 * under 65536.
 */
#define FRONT_MAX_CONNECTIONS	16384
#define FRONT_MAX_CONNECTIONS_MIN 64
#define FRONT_MAX_CONNECTIONS_MAX 32000
/* Descriptors beside the connections': listeners, logs, workers' sockets. */
#define FRONT_FDS_SPARE		256
#define FRONT_MAX_FDS(connections) ((connections) * 2 + FRONT_FDS_SPARE)
#define FRONT_CONNECTIONS_PER_ADDRESS 100
/* Seconds (lighttpd's server.max-read-idle, server.max-keep-alive-idle). */
#define FRONT_READ_TIMEOUT	10
#define FRONT_KEEPALIVE_TIMEOUT	5
/*
 * RUN_DIR/fcgi.sock-N must fit a Unix socket's 108 bytes, with room for
 * lighttpd's suffix.
 */
#define FRONT_RUN_DIR_MAX	80
#define STRINGIFY(x)		#x
#define STRINGIFY_VALUE(x)	STRINGIFY(x)

/*
 * The workers of one server share one state file.  Next to the database
 * first (tests keep it in their own directory); /dev/shm when the workers
 * may not write there, named after DB_PATH so that two servers on two
 * databases never share buckets.
 */
static void
default_shared_paths(struct settings *c)
{
	struct buf b = BUF_INIT;
	char hash[ETAG_SIZE];

	buf_printf(&b, "%s.shared", c->db_path);
	c->shared_paths[c->nshared_paths++] = b.data;
	if (!etag_of(hash, c->db_path, strlen(c->db_path)))
		return;
	b.data = NULL;
	b.len = b.cap = 0;
	buf_printf(&b, "/dev/shm/medicaments-api-%lu-%s.shared",
	    (unsigned long)getuid(), hash);
	c->shared_paths[c->nshared_paths++] = b.data;
}

/* Reads a list of addresses and ranges; absent or empty is the empty list. */
static bool
env_cidrs(struct buf *errors, const char *name, struct cidr_list *l)
{
	const char *s = getenv(name);
	char why[160];

	if (s == NULL || cidr_list_parse(l, s, why, sizeof(why)))
		return true;
	env_error(errors, "%s=%.200s: %s", name, s, why);
	return false;
}

/* CORS_ORIGINS: unset is "*", set but empty turns CORS off (cors.h). */
static bool
env_cors(struct buf *errors, struct cors *c)
{
	const char *s = getenv("CORS_ORIGINS");
	char why[200];

	if (cors_parse(c, s != NULL ? s : "*", why, sizeof(why)))
		return true;
	env_error(errors, "CORS_ORIGINS=%.200s: %s", s, why);
	return false;
}

/*
 * RATE_LIMIT (on, off), or the Go service's DISABLE_RATE_LIMITER (its
 * strconv.ParseBool spellings), so that an operator's .env from it works
 * unchanged: DISABLE_RATE_LIMITER=true is RATE_LIMIT=off.  Both set, they
 * must agree.
 */
static void
read_rate_limit(struct buf *errors, bool *on)
{
	/* The first half is true. */
	static const char *const go_bools[] = {
		"true", "True", "TRUE", "t", "T", "1",
		"false", "False", "FALSE", "f", "F", "0",
	};
	const size_t half = sizeof(go_bools) / sizeof(go_bools[0]) / 2;
	const char *rate = env_value("RATE_LIMIT"),
	    *disable = env_value("DISABLE_RATE_LIMITER");
	size_t index = half;
	bool rate_ok;

	rate_ok = env_bool(errors, "RATE_LIMIT", "on", "off", on);
	if (disable == NULL || !env_choice(errors, "DISABLE_RATE_LIMITER",
	    go_bools, sizeof(go_bools) / sizeof(go_bools[0]), &index))
		return;
	if (rate == NULL)
		*on = index >= half;
	else if (rate_ok && *on == (index < half))
		env_error(errors, "DISABLE_RATE_LIMITER=%.200s: contradicts "
		    "RATE_LIMIT=%s: set only RATE_LIMIT (on or off)", disable,
		    rate);
}

bool
settings_from_env(struct settings *c, struct buf *errors)
{
	const char *s;
	long workers = 1, port = 0;
	struct buf lock = BUF_INIT;
	size_t start = errors->len;

	memset(c, 0, sizeof(*c));
	c->db_path = getenv("DB_PATH");
	if (c->db_path == NULL || *c->db_path == '\0')
		c->db_path = SETTINGS_DB_PATH_DEFAULT;
	buf_printf(&lock, "%s%s", c->db_path, CONTRACT_LOCK_SUFFIX);
	c->lock_path = lock.data;
	c->ratelimit = true;
	c->ratelimit_burst = 1000;
	c->ratelimit_rate = 3;
	/* Checked by settings_check_config; the worker opens it itself. */
	c->log_file = env_value("LOG_FILE");
	/* lighttpd-cgi.conf passes an empty value for "unset". */
	s = env_value("ALLOW_ROOT");
	if (s != NULL && strcmp(s, "1") != 0)
		env_error(errors, "ALLOW_ROOT=%.200s: expected 1 (or unset)",
		    s);
	c->allow_root = s != NULL;
	read_rate_limit(errors, &c->ratelimit);
	/* Every worker has its place in the shared table. */
	(void)env_integer(errors, "WORKERS", 1, SHARED_WORKERS,
	    "(the table the workers share holds " STRINGIFY_VALUE(SHARED_WORKERS) ")",
	    &workers);
	(void)env_integer(errors, "METRICS_PORT", 1, 65535, NULL, &port);
	(void)env_integer(errors, "RATE_LIMIT_BURST", 1, 1000000000L, NULL,
	    &c->ratelimit_burst);
	(void)env_integer(errors, "RATE_LIMIT_RATE", 1, 1000000000L, NULL,
	    &c->ratelimit_rate);
	(void)env_cidrs(errors, "TRUSTED_PROXIES", &c->trusted_proxies);
	(void)env_cidrs(errors, "RATE_LIMIT_EXEMPT", &c->ratelimit_exempt);
	(void)env_cors(errors, &c->cors);
	c->workers = (int)workers;
	/* Compared with lighttpd's SERVER_PORT: its spelling, "8080". */
	if (port != 0) {
		snprintf(c->metrics_port_buf, sizeof(c->metrics_port_buf), "%ld",
		    port);
		c->metrics_port = c->metrics_port_buf;
	}
	s = NULL;
	if (env_path(errors, "RATE_LIMIT_FILE", &s) && s != NULL)
		c->shared_paths[c->nshared_paths++] = xstrdup(s);
	else
		default_shared_paths(c);
	return errors->len == start;
}

void
settings_free(struct settings *c)
{
	int i;

	for (i = 0; i < c->nshared_paths; i++) {
		free(c->shared_paths[i]);
		c->shared_paths[i] = NULL;
	}
	c->nshared_paths = 0;
	free(c->lock_path);
	c->lock_path = NULL;
	cidr_list_free(&c->trusted_proxies);
	cidr_list_free(&c->ratelimit_exempt);
	cors_free(&c->cors);
}

/* --- --check-config: what script/lighttpd-run reads ----------------------- */

/*
 * Reads an address to listen on, IPv4 or IPv6 (brackets allowed around
 * it), into out without its brackets; *any tells whether it is every
 * interface (0.0.0.0, ::).  False, with its error line, on anything else.
 */
static bool
env_listen(struct buf *errors, const char *name, char *out, size_t outsize,
    bool *any)
{
	static const unsigned char v4any[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0
	};
	static const unsigned char v6any[16];
	const char *s = env_value(name), *a;
	unsigned char addr[16];
	size_t n;

	if (s == NULL)
		s = FRONT_ADDRESS;
	/* The Go service's .env.example says localhost: the loopback. */
	a = strcmp(s, "localhost") == 0 ? FRONT_ADDRESS : s;
	n = strlen(a);
	if (n >= 2 && a[0] == '[' && a[n - 1] == ']') {
		a++;
		n -= 2;
	}
	if (n == 0 || n >= outsize || strcspn(a, " \t") < n ||
	    !cidr_addr_parse(a, n, addr)) {
		env_error(errors, "%s=%.200s: expected an IPv4 or IPv6 "
		    "address (127.0.0.1, ::1)", name, s);
		return false;
	}
	memcpy(out, a, n);
	out[n] = '\0';
	*any = memcmp(addr, v4any, 16) == 0 || memcmp(addr, v6any, 16) == 0;
	return true;
}

/*
 * A file a program creates (DB_PATH: the updater; LOG_FILE: the worker,
 * the updater): its directory must exist; the file need not yet, but what
 * is there must be a regular file when regular (a log may be a device).
 */
static void
check_file_path(struct buf *errors, const char *name, const char *path,
    bool regular)
{
	struct stat st;
	const char *slash;
	char *dir;

	if (!env_path(errors, name, &path) || path == NULL)
		return;
	slash = strrchr(path, '/');
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		env_error(errors, "%s=%.200s: directory %.200s does not exist",
		    name, path, dir);
	else if (regular && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		env_error(errors, "%s=%.200s: not a regular file", name, path);
	free(dir);
}

/*
 * RUN_DIR and LOG_DIR, when set (lighttpd-run chooses RUN_DIR's default
 * and creates both when missing): the characters that lighttpd.conf,
 * logrotate's configuration and its postrotate command cannot quote; when
 * they exist, directories this user writes to.  Another user's RUN_DIR
 * (in /tmp) could be a trap: refused but as root, which owns everything.
 */
static void
check_dirs(struct buf *errors)
{
	const char *run = NULL, *log = NULL;
	char cwd[PATH_MAX];
	struct stat st;
	size_t len;

	if (env_path(errors, "LOG_DIR", &log) && log != NULL) {
		if (strpbrk(log, "\"\\") != NULL)
			env_error(errors, "LOG_DIR=%.200s: a path with \" or \\ "
			    "is refused", log);
		else if (stat(log, &st) == 0 && (!S_ISDIR(st.st_mode) ||
		    access(log, W_OK | X_OK) != 0))
			env_error(errors, "LOG_DIR=%.200s: not a writable "
			    "directory", log);
	}
	if (!env_path(errors, "RUN_DIR", &run) || run == NULL)
		return;
	len = strlen(run);
	if (run[0] != '/') {
		if (getcwd(cwd, sizeof(cwd)) == NULL) {
			env_error(errors, "RUN_DIR=%.200s: relative, and the "
			    "current directory is unknown: %s", run,
			    strerror(errno));
			return;
		}
		len += strlen(cwd) + 1;
	}
	if (len > FRONT_RUN_DIR_MAX)
		env_error(errors, "RUN_DIR=%.200s: longer than %d bytes, too "
		    "long for the FastCGI sockets", run, FRONT_RUN_DIR_MAX);
	else if (log != NULL && strpbrk(run, "\"\\$`") != NULL)
		env_error(errors, "RUN_DIR=%.200s: a path with \", \\, $ or ` "
		    "is refused", run);
	else if (lstat(run, &st) != 0)
		return;
	else if (!S_ISDIR(st.st_mode))
		env_error(errors, "RUN_DIR=%.200s: not a directory", run);
	else if (geteuid() != 0 && st.st_uid != geteuid())
		env_error(errors, "RUN_DIR=%.200s: not owned by uid %lu", run,
		    (unsigned long)geteuid());
	else if (access(run, W_OK | X_OK) != 0)
		env_error(errors, "RUN_DIR=%.200s: not writable", run);
}

/*
 * lighttpd needs two descriptors a connection (the client's, and a
 * worker's socket or a temporary file) and a few more; it stops accepting
 * at 90 % of server.max-fds and caps server.max-connections to half of it.
 * It raises its own limit of open files to server.max-fds, but past the
 * hard limit only with CAP_SYS_RESOURCE, which a container's root lacks
 * (Docker drops it): it would keep the hard limit and half as many
 * connections, with a line in its error log.  So the connections are
 * fitted under the hard limit here: silently for the default, with a
 * warning for a value set.  (Raise the limit: systemd's LimitNOFILE=,
 * docker run --ulimit nofile=; doc/deploy.md.)
 */
static void
fit_connections(struct buf *errors, long *connections)
{
	struct rlimit rl;
	long hard, fitted;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_max == RLIM_INFINITY ||
	    rl.rlim_max >= (rlim_t)FRONT_MAX_FDS(*connections))
		return;
	hard = (long)rl.rlim_max;
	fitted = (hard - FRONT_FDS_SPARE) / 2;
	if (fitted < FRONT_MAX_CONNECTIONS_MIN)
		env_error(errors, "MAX_CONNECTIONS=%ld: the hard limit of open "
		    "files (%ld) leaves room for %ld connections: raise it "
		    "(ulimit -Hn, LimitNOFILE=)", *connections, hard, fitted);
	else {
		if (env_value("MAX_CONNECTIONS") != NULL)
			log_warn("MAX_CONNECTIONS=%ld: needs %ld open files, the "
			    "hard limit is %ld: lighttpd holds %ld connections",
			    *connections, FRONT_MAX_FDS(*connections), hard,
			    fitted);
		*connections = fitted;
	}
}

/* An executable regular file: lighttpd runs it. */
static bool
is_program(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

/* LIGHTTPD: a path, or a name found in PATH as the shell would. */
static bool
program_found(const char *name)
{
	const char *dirs = getenv("PATH"), *end;
	struct buf path = BUF_INIT;
	bool found = false;

	if (strchr(name, '/') != NULL)
		return is_program(name);
	for (; dirs != NULL && !found; dirs = *end != '\0' ? end + 1 : NULL) {
		end = dirs + strcspn(dirs, ":");
		buf_reset(&path);
		buf_printf(&path, "%.*s/%s", end == dirs ? 1 : (int)(end - dirs),
		    end == dirs ? "." : dirs, name);
		found = is_program(buf_str(&path));
	}
	buf_free(&path);
	return found;
}

/*
 * The programs and files of lighttpd's own that script/lighttpd-run
 * resolves (their defaults are its: it passes them here set) and lighttpd
 * or logrotate would otherwise fail on later, less clearly.
 */
static void
check_programs(struct buf *errors)
{
	const char *s = NULL;
	struct stat st;

	if (env_path(errors, "ACCESSLOG_BIN", &s) && s != NULL &&
	    !is_program(s))
		env_error(errors, "ACCESSLOG_BIN=%.200s: not an executable file",
		    s);
	s = NULL;
	if (env_path(errors, "HTML_DIR", &s) && s != NULL &&
	    (stat(s, &st) != 0 || !S_ISDIR(st.st_mode)))
		env_error(errors, "HTML_DIR=%.200s: not a directory", s);
	s = NULL;
	if (env_path(errors, "LOGROTATE_TEMPLATE", &s) && s != NULL &&
	    access(s, R_OK) != 0)
		env_error(errors, "LOGROTATE_TEMPLATE=%.200s: not readable", s);
	/* Set by lighttpd-run; a CGI deployment has no lighttpd. */
	s = NULL;
	if (env_path(errors, "LIGHTTPD", &s) && s != NULL && !program_found(s))
		env_error(errors, "LIGHTTPD=%.200s: not found (apt-get install "
		    "lighttpd)", s);
	/* /docs needs them, the API does not: a warning. */
	s = NULL;
	if (env_path(errors, "SWAGGER_UI_DIR", &s) && s != NULL &&
	    (stat(s, &st) != 0 || !S_ISDIR(st.st_mode)))
		log_warn("SWAGGER_UI_DIR=%s: missing: /docs will not work (run "
		    "script/setup)", s);
}

/*
 * RUN_AS_USER: as root, the user lighttpd drops to after binding (the
 * workers refuse root); it needs LOG_DIR, which is given to that user:
 * once it is that user, lighttpd cannot reopen root's stderr.  Root
 * without it only with ALLOW_ROOT (tests).  One line at most.
 */
static void
check_run_as_user(struct buf *errors)
{
	const char *user = NULL;
	struct passwd *pw;

	if (!env_path(errors, "RUN_AS_USER", &user))
		return;
	if (user == NULL) {
		if (geteuid() == 0 && env_value("ALLOW_ROOT") == NULL)
			env_error(errors, "running as root: set RUN_AS_USER (for "
			    "instance www-data) for lighttpd to drop to, or "
			    "ALLOW_ROOT=1 (tests only)");
		return;
	}
	if (geteuid() != 0)
		env_error(errors, "RUN_AS_USER=%.200s: only root can change "
		    "user", user);
	else if ((pw = getpwnam(user)) == NULL)
		env_error(errors, "RUN_AS_USER=%.200s: no such user", user);
	else if (pw->pw_uid == 0)
		env_error(errors, "RUN_AS_USER=%.200s: that is root", user);
	else if (env_value("LOG_DIR") == NULL)
		env_error(errors, "RUN_AS_USER=%.200s needs LOG_DIR: lighttpd, "
		    "once it is %.200s, cannot reopen root's stderr for its logs",
		    user, user);
}

/* WORKERS unset: twice the CPUs, as many as the shared table holds. */
static long
default_workers(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus < 1)
		cpus = 1;
	return cpus > SHARED_WORKERS / 2 ? SHARED_WORKERS : cpus * 2;
}

bool
settings_check_config(struct settings_front *f, struct buf *errors)
{
	struct settings c;
	struct buf warnings = BUF_INIT;
	const char *metrics_port = getenv("METRICS_PORT");
	size_t start = errors->len;
	bool direct = false, direct_ok, any, port_ok;

	memset(f, 0, sizeof(*f));
	f->port = FRONT_PORT;
	f->metrics_port = FRONT_METRICS_PORT;
	f->max_request_body = FRONT_MAX_REQUEST_BODY;
	f->max_header_size = FRONT_MAX_HEADER_SIZE;
	f->log_retention_weeks = FRONT_LOG_RETENTION_WEEKS;
	f->max_log_file_size = FRONT_MAX_LOG_FILE_SIZE;
	f->max_connections = FRONT_MAX_CONNECTIONS;
	f->max_connections_per_address = FRONT_CONNECTIONS_PER_ADDRESS;
	f->read_timeout = FRONT_READ_TIMEOUT;
	f->keepalive_timeout = FRONT_KEEPALIVE_TIMEOUT;

	direct_ok = env_bool(errors, "ALLOW_DIRECT_ACCESS", "true", "false",
	    &direct);
	/* An unknown ALLOW_DIRECT_ACCESS has its line already. */
	if (env_listen(errors, "ADDRESS", f->address, sizeof(f->address),
	    &any) && any && !direct && direct_ok)
		env_error(errors, "ADDRESS=%s listens on every interface: "
		    "refused unless ALLOW_DIRECT_ACCESS=true (put the API behind "
		    "a reverse proxy on 127.0.0.1)", env_value("ADDRESS"));
	port_ok = env_integer(errors, "PORT", 1, 65535, NULL, &f->port);
	if (env_listen(errors, "METRICS_ADDRESS", f->metrics_address,
	    sizeof(f->metrics_address), &any) && any && !direct && direct_ok)
		env_error(errors, "METRICS_ADDRESS=%s listens on every "
		    "interface: refused unless ALLOW_DIRECT_ACCESS=true",
		    env_value("METRICS_ADDRESS"));

	/* The worker's variables, WORKERS and METRICS_PORT among them. */
	(void)settings_from_env(&c, errors);
	/* Unset: lighttpd-run's default; set but empty: no listener. */
	if (metrics_port != NULL)
		f->metrics_port = c.metrics_port != NULL ?
		    strtol(c.metrics_port, NULL, 10) : 0;
	/* The workers tell the listeners apart by their port. */
	if (f->metrics_port == f->port && port_ok && (c.metrics_port != NULL ||
	    env_value("METRICS_PORT") == NULL))
		env_error(errors, "METRICS_PORT=%ld: must differ from PORT "
		    "(/metrics is internal)", f->metrics_port);
	f->ratelimit = c.ratelimit;
	f->workers = env_value("WORKERS") != NULL ? c.workers :
	    default_workers();
	check_file_path(errors, "DB_PATH", SETTINGS_DB_PATH_DEFAULT, true);
	check_file_path(errors, "LOG_FILE", NULL, false);
	settings_free(&c);
	(void)log_env_check(&f->log_level, errors);

	(void)env_size(errors, "MAX_REQUEST_BODY", 1, ENV_GIB,
	    &f->max_request_body);
	/*
	 * lighttpd's own ceiling is 64 KB.  Above it, up to the Go service's
	 * ceiling (its default is 1MB: an operator's .env from it), lighttpd's
	 * ceiling is what can be honoured, with a warning.
	 */
	if (env_size(errors, "MAX_HEADER_SIZE", 1024, FRONT_GO_SIZE_MAX,
	    &f->max_header_size) &&
	    f->max_header_size > FRONT_MAX_HEADER_SIZE_MAX) {
		log_warn("MAX_HEADER_SIZE=%s: lighttpd reads at most %ld bytes "
		    "of headers: %ld used", env_value("MAX_HEADER_SIZE"),
		    FRONT_MAX_HEADER_SIZE_MAX, FRONT_MAX_HEADER_SIZE_MAX);
		f->max_header_size = FRONT_MAX_HEADER_SIZE_MAX;
	}
	(void)env_integer(errors, "LOG_RETENTION_WEEKS", 1, 52, NULL,
	    &f->log_retention_weeks);
	(void)env_size(errors, "MAX_LOG_FILE_SIZE", 1L << 20, ENV_GIB,
	    &f->max_log_file_size);
	if (env_integer(errors, "MAX_CONNECTIONS", FRONT_MAX_CONNECTIONS_MIN,
	    FRONT_MAX_CONNECTIONS_MAX, "(lighttpd's descriptors, two a "
	    "connection, are counted in 16 bits)", &f->max_connections))
		fit_connections(errors, &f->max_connections);
	f->max_fds = FRONT_MAX_FDS(f->max_connections);
	/* deploy/nftables-connlimit.nft's cap (script/nftables-connlimit). */
	(void)env_integer(errors, "MAX_CONNECTIONS_PER_ADDRESS", 1, 65535, NULL,
	    &f->max_connections_per_address);
	/* 0 would be no limit at all to lighttpd. */
	(void)env_integer(errors, "READ_TIMEOUT", 1, 3600, "(seconds)",
	    &f->read_timeout);
	(void)env_integer(errors, "KEEPALIVE_TIMEOUT", 1, 3600, "(seconds)",
	    &f->keepalive_timeout);
	check_dirs(errors);
	check_programs(errors);
	check_run_as_user(errors);
	/* Never silently ignored: an operator's .env from the Go service. */
	(void)env_foreign_check(&warnings);
	(void)env_report(&warnings, log_warn);
	return errors->len == start;
}

bool
settings_print_front(const struct settings_front *f, FILE *out)
{
	/* "%.0ld" prints no digit for 0: METRICS_PORT='', no listener. */
	return fprintf(out,
	    "ADDRESS='%s'\n"
	    "PORT='%ld'\n"
	    "METRICS_ADDRESS='%s'\n"
	    "METRICS_PORT='%.0ld'\n"
	    "WORKERS='%ld'\n"
	    "MAX_REQUEST_BODY='%ld'\n"
	    "MAX_HEADER_SIZE='%ld'\n"
	    "LOG_LEVEL='%s'\n"
	    "LOG_RETENTION_WEEKS='%ld'\n"
	    "MAX_LOG_FILE_SIZE='%ld'\n"
	    "MAX_CONNECTIONS='%ld'\n"
	    "MAX_CONNECTIONS_PER_ADDRESS='%ld'\n"
	    "READ_TIMEOUT='%ld'\n"
	    "KEEPALIVE_TIMEOUT='%ld'\n"
	    "RATE_LIMIT='%s'\n"
	    "LIGHTTPD_MAX_FDS='%ld'\n",
	    f->address, f->port, f->metrics_address, f->metrics_port,
	    f->workers, f->max_request_body, f->max_header_size,
	    log_level_name(f->log_level), f->log_retention_weeks,
	    f->max_log_file_size, f->max_connections,
	    f->max_connections_per_address, f->read_timeout,
	    f->keepalive_timeout, f->ratelimit ? "on" : "off",
	    f->max_fds) > 0 &&
	    fflush(out) == 0;
}
