#include "env.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every variable of the service, and what checks it: .env.example
 * documents each of them, no more, and each is refused by its checker's
 * --check-config when bad (tests/config/check-covers-env-example.sh reads
 * this table: one "{ NAME, CHECKER }," a line).
 */
struct env_variable {
	const char	*name;
	const char	*checker;	/* the program whose --check-config
					   checks it, or who else does */
};

static const struct env_variable env_variables[] = {
	{ "ACCESSLOG_BIN", "medicaments-fcgi" },
	{ "ADDRESS", "medicaments-fcgi" },
	{ "ALLOW_DIRECT_ACCESS", "medicaments-fcgi" },
	{ "ALLOW_ROOT", "medicaments-fcgi" },
	{ "BDPM_BASE_URL", "medicaments-updater" },
	{ "CHANGES_RETENTION_DAYS", "medicaments-updater" },
	{ "CORS_ORIGINS", "medicaments-fcgi" },
	{ "DB_PATH", "medicaments-fcgi" },
	{ "DISABLE_RATE_LIMITER", "medicaments-fcgi" },
	{ "DOWNLOAD_CA_FILE", "medicaments-updater" },
	{ "DOWNLOAD_CONNECT_TIMEOUT", "medicaments-updater" },
	{ "DOWNLOAD_EXTRA_CA_FILE", "medicaments-updater" },
	{ "DOWNLOAD_MAX_BYTES", "medicaments-updater" },
	{ "DOWNLOAD_RETRIES", "medicaments-updater" },
	{ "DOWNLOAD_RETRY_DELAY", "medicaments-updater" },
	{ "DOWNLOAD_STALL_TIMEOUT", "medicaments-updater" },
	{ "DOWNLOAD_TIMEOUT", "medicaments-updater" },
	{ "ENV", "medicaments-fcgi" },
	{ "FCGI_BIN", "script/lighttpd-run" },
	{ "HTML_DIR", "medicaments-fcgi" },
	{ "KEEPALIVE_TIMEOUT", "medicaments-fcgi" },
	{ "LIGHTTPD", "medicaments-fcgi" },
	{ "LIGHTTPD_RUN", "medicaments-updater" },
	{ "LOGROTATE_INTERVAL", "medicaments-updater" },
	{ "LOGROTATE_TEMPLATE", "medicaments-fcgi" },
	{ "LOG_DIR", "medicaments-fcgi" },
	{ "LOG_FILE", "medicaments-fcgi" },
	{ "LOG_LEVEL", "medicaments-fcgi" },
	{ "LOG_RETENTION_WEEKS", "medicaments-fcgi" },
	{ "MAX_CONNECTIONS", "medicaments-fcgi" },
	{ "MAX_CONNECTIONS_PER_ADDRESS", "medicaments-fcgi" },
	{ "MAX_HEADER_SIZE", "medicaments-fcgi" },
	{ "MAX_LOG_FILE_SIZE", "medicaments-fcgi" },
	{ "MAX_REQUEST_BODY", "medicaments-fcgi" },
	{ "METRICS_ADDRESS", "medicaments-fcgi" },
	{ "METRICS_PORT", "medicaments-fcgi" },
	{ "MIRROR_INTERVAL", "medicaments-updater" },
	{ "MIRROR_MAX_BYTES", "medicaments-updater" },
	{ "MIRROR_URL", "medicaments-updater" },
	{ "PORT", "medicaments-fcgi" },
	{ "RATE_LIMIT", "medicaments-fcgi" },
	{ "RATE_LIMIT_BURST", "medicaments-fcgi" },
	{ "RATE_LIMIT_EXEMPT", "medicaments-fcgi" },
	{ "RATE_LIMIT_FILE", "medicaments-fcgi" },
	{ "RATE_LIMIT_RATE", "medicaments-fcgi" },
	{ "READ_TIMEOUT", "medicaments-fcgi" },
	{ "RUN_AS_USER", "medicaments-fcgi" },
	{ "RUN_DIR", "medicaments-fcgi" },
	{ "SWAGGER_UI_DIR", "medicaments-fcgi" },
	{ "TRUSTED_PROXIES", "medicaments-fcgi" },
	{ "TZ", "the C library" },
	{ "UPDATER_BIN", "medicaments-updater" },
	{ "UPDATE_RETRY_INTERVAL", "medicaments-updater" },
	{ "UPDATE_TIMES", "medicaments-updater" },
	{ "WORKERS", "medicaments-fcgi" },
};

/*
 * The Go service's variables that mean nothing here, and what to do
 * instead (env_foreign_check).
 */
struct env_foreign {
	const char	*name;
	const char	*advice;
};

#define ENV_NO_DOCUMENTS "this service serves no ANSM documents (RCP, " \
	"notices): remove it"
#define ENV_ALLOY "docker-compose.yml hands it to the alloy service " \
	"(observability/alloy/config.alloy, doc/observability.md), which " \
	"honours it; no program of this service reads it"

/* The Go service documents them, injected at build time. */
#define ENV_BUILD_ARGUMENT "the image's labels (Dockerfile's VERSION, " \
	"GIT_COMMIT, BUILD_DATE build arguments), not the environment: " \
	"remove it"

static const struct env_foreign env_foreign_variables[] = {
	{ "DOCS_ENABLED", ENV_NO_DOCUMENTS },
	{ "DOCS_CACHE_DIR", ENV_NO_DOCUMENTS },
	{ "DOCS_FETCH_RATE_PER_SEC", ENV_NO_DOCUMENTS },
	{ "DOCS_FETCH_TIMEOUT", ENV_NO_DOCUMENTS },
	{ "ALLOY_CONFIG", ENV_ALLOY " (config.alloy or config.remote.alloy, "
	    "one file by two names)" },
	{ "PROMETHEUS_URL", ENV_ALLOY " (where the metrics go)" },
	{ "LOKI_URL", ENV_ALLOY " (where the logs go)" },
	{ "CF_ACCESS_CLIENT_ID", ENV_ALLOY " (Cloudflare Access's header)" },
	{ "CF_ACCESS_CLIENT_SECRET", ENV_ALLOY " (Cloudflare Access's "
	    "header)" },
	{ "APP_VERSION", ENV_BUILD_ARGUMENT },
	{ "GIT_COMMIT", ENV_BUILD_ARGUMENT },
	{ "BUILD_DATE", ENV_BUILD_ARGUMENT },
};

#define ENV_COUNT(a)	(sizeof(a) / sizeof((a)[0]))
/* What of a bad value an error line shows. */
#define ENV_VALUE_SHOWN	"%.200s"

void
env_error(struct buf *errors, const char *fmt, ...)
{
	va_list ap;
	size_t start = errors->len, i;
	unsigned char ch;

	va_start(ap, fmt);
	buf_vprintf(errors, fmt, ap);
	va_end(ap);
	for (i = start; i < errors->len; i++) {
		ch = (unsigned char)errors->data[i];
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			errors->data[i] = '?';
	}
	buf_putc(errors, '\n');
}

bool
env_report(struct buf *lines, void (*say)(const char *fmt, ...))
{
	const char *line, *nl;
	bool any = lines->len > 0;

	for (line = buf_str(lines); (nl = strchr(line, '\n')) != NULL;
	    line = nl + 1)
		say("%.*s", (int)(nl - line), line);
	buf_free(lines);
	return any;
}

bool
env_declared(const char *name)
{
	size_t i;

	for (i = 0; i < ENV_COUNT(env_variables); i++)
		if (strcmp(env_variables[i].name, name) == 0)
			return true;
	return false;
}

const char *
env_value(const char *name)
{
	const char *s;

	/* A name missing from the table is a bug: .env.example would lack it. */
	if (!env_declared(name))
		abort();
	s = getenv(name);
	return s != NULL && *s != '\0' ? s : NULL;
}

/*
 * Parses s[0..n), decimal digits only (no sign, no blank), as a number up
 * to max.
 */
static bool
env_parse_digits(const char *s, size_t n, long max, long *value)
{
	long v = 0, d;
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		d = s[i] - '0';
		if (v > max / 10 || (v == max / 10 && d > max % 10))
			return false;
		v = v * 10 + d;
	}
	*value = v;
	return true;
}

bool
env_integer(struct buf *errors, const char *name, long min, long max,
    const char *why, long *value)
{
	const char *s = env_value(name);
	long v;

	if (s == NULL)
		return true;
	if (!env_parse_digits(s, strlen(s), max, &v) || v < min) {
		env_error(errors, "%s=" ENV_VALUE_SHOWN ": expected a whole "
		    "number from %ld to %ld%s%s", name, s, min, max,
		    why != NULL ? " " : "", why != NULL ? why : "");
		return false;
	}
	*value = v;
	return true;
}

/* The multiplier of a size's unit, ending s[0..*n), removed from *n; 1 if none. */
static long
env_size_unit(const char *s, size_t *n)
{
	static const struct {
		const char	*suffix;
		long		 multiplier;
	} units[] = {
		{ "KiB", ENV_KIB }, { "MiB", ENV_MIB }, { "GiB", ENV_GIB },
		{ "KB", ENV_KIB }, { "MB", ENV_MIB }, { "GB", ENV_GIB },
	};
	size_t i, len;

	for (i = 0; i < ENV_COUNT(units); i++) {
		len = strlen(units[i].suffix);
		if (*n > len && strcmp(s + *n - len, units[i].suffix) == 0) {
			*n -= len;
			return units[i].multiplier;
		}
	}
	return 1;
}

bool
env_size(struct buf *errors, const char *name, long min, long max,
    long *value)
{
	const char *s = env_value(name);
	size_t n;
	long multiplier, v;

	if (s == NULL)
		return true;
	n = strlen(s);
	multiplier = env_size_unit(s, &n);
	if (!env_parse_digits(s, n, max / multiplier, &v) ||
	    v * multiplier < min) {
		env_error(errors, "%s=" ENV_VALUE_SHOWN ": expected a size from "
		    "%ld to %ld bytes (" ENV_SIZE_UNITS ")", name, s, min, max);
		return false;
	}
	*value = v * multiplier;
	return true;
}

/* Parses s as env_duration_ms describes; false on anything else. */
static bool
env_parse_duration(const char *s, long max_ms, long *out_ms)
{
	const char *p = s;
	size_t n = strspn(s, "0123456789");
	long whole, fraction = 0, scale = 100, unit = 1000;

	if (!env_parse_digits(s, n, max_ms, &whole))
		return false;
	p += n;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			fraction += (*p - '0') * scale;	/* past ms: dropped */
			scale /= 10;
		}
	}
	if (strcmp(p, "ms") == 0)
		unit = 1;
	else if (*p != '\0' && strcmp(p, "s") != 0)
		return false;
	if (whole > max_ms / unit)
		return false;
	*out_ms = whole * unit + fraction * unit / 1000;
	return *out_ms <= max_ms;
}

bool
env_duration_ms(struct buf *errors, const char *name, long min_ms,
    long max_ms, long *ms)
{
	const char *s = env_value(name);
	long v;

	if (s == NULL)
		return true;
	if (!env_parse_duration(s, max_ms, &v) || v < min_ms) {
		env_error(errors, "%s=" ENV_VALUE_SHOWN ": expected seconds from "
		    "%ld.%03ld to %ld.%03ld (such as 5, 0.1, 15s or 250ms)", name,
		    s, min_ms / 1000, min_ms % 1000, max_ms / 1000,
		    max_ms % 1000);
		return false;
	}
	*ms = v;
	return true;
}

bool
env_choice(struct buf *errors, const char *name,
    const char *const *words, size_t count, size_t *index)
{
	const char *s = env_value(name);
	struct buf expected = BUF_INIT;
	size_t i;

	if (s == NULL)
		return true;
	for (i = 0; i < count; i++)
		if (strcmp(s, words[i]) == 0) {
			*index = i;
			return true;
		}
	for (i = 0; i < count; i++)
		buf_printf(&expected, "%s%s", i == 0 ? "" : i + 1 < count ?
		    ", " : " or ", words[i]);
	env_error(errors, "%s=" ENV_VALUE_SHOWN ": expected %s", name, s,
	    buf_str(&expected));
	buf_free(&expected);
	return false;
}

bool
env_bool(struct buf *errors, const char *name, const char *yes,
    const char *no, bool *value)
{
	const char *const words[] = { yes, no };
	size_t index = *value ? 0 : 1;

	if (!env_choice(errors, name, words, ENV_COUNT(words), &index))
		return false;
	*value = index == 0;
	return true;
}

bool
env_path(struct buf *errors, const char *name, const char **value)
{
	const char *s = env_value(name);

	if (s == NULL)
		return true;
	if (strchr(s, '\n') != NULL) {
		env_error(errors, "%s=" ENV_VALUE_SHOWN ": expected a path on "
		    "one line", name, s);
		return false;
	}
	*value = s;
	return true;
}

size_t
env_foreign_check(struct buf *warnings)
{
	const char *s;
	size_t i, count = 0;

	for (i = 0; i < ENV_COUNT(env_foreign_variables); i++) {
		s = getenv(env_foreign_variables[i].name);
		if (s == NULL)
			continue;
		/* No value shown: CF_ACCESS_CLIENT_SECRET is a secret. */
		env_error(warnings, "%s: the Go service's variable: %s",
		    env_foreign_variables[i].name,
		    env_foreign_variables[i].advice);
		count++;
	}
	return count;
}
