/*
 * The environment's reader (common/env.c): each typed reader's good and
 * bad values, defaults kept when unset or empty, every error collected in
 * one style, the Go service's variables warned about.
 */
#include "check.h"

#include <stdlib.h>

#include "env.h"

/* The lines of errors so far. */
static size_t
lines(const struct buf *errors)
{
	const char *p;
	size_t n = 0;

	for (p = buf_str(errors); *p != '\0'; p++)
		n += *p == '\n';
	return n;
}

enum reader { READ_INTEGER, READ_SIZE, READ_DURATION };

/*
 * Sets name=value and reads it in [min, max] with reader, starting from
 * fallback: the value read, or -1 when refused (with an error line then,
 * none otherwise).
 */
static long
read_as(enum reader reader, const char *name, const char *value, long min,
    long max, long fallback)
{
	struct buf errors = BUF_INIT;
	long v = fallback;
	bool ok;

	setenv(name, value, 1);
	switch (reader) {
	case READ_INTEGER:
		ok = env_integer(&errors, name, min, max, NULL, &v);
		break;
	case READ_SIZE:
		ok = env_size(&errors, name, min, max, &v);
		break;
	default:
		ok = env_duration_ms(&errors, name, min, max, &v);
		break;
	}
	CHECK(ok == (errors.len == 0));
	buf_free(&errors);
	return ok ? v : -1;
}

/* A port, 8000 by default. */
#define port_of(value)	read_as(READ_INTEGER, "PORT", value, 1, 65535, 8000)
/* MAX_REQUEST_BODY in [1, 1 GiB], 1024 by default. */
#define size_of(value)	read_as(READ_SIZE, "MAX_REQUEST_BODY", value, 1, \
	ENV_GIB, 1024)
/* DOWNLOAD_RETRY_DELAY in [0, 300 s], in ms, 5 s by default. */
#define ms_of(value)	read_as(READ_DURATION, "DOWNLOAD_RETRY_DELAY", \
	value, 0, 300000, 5000)

static void
test_integer(void)
{
	struct buf errors = BUF_INIT;
	long port = 8000;

	CHECK(port_of("8080") == 8080);
	CHECK(port_of("09090") == 9090);
	CHECK(port_of("65535") == 65535);
	CHECK(port_of("1") == 1);
	CHECK(port_of("0") == -1);
	CHECK(port_of("65536") == -1);
	CHECK(port_of("99999999999999999999999") == -1);
	CHECK(port_of("-1") == -1);
	CHECK(port_of("+1") == -1);
	CHECK(port_of(" 80") == -1);
	CHECK(port_of("80x") == -1);
	/* Empty or unset: the default stays. */
	CHECK(port_of("") == 8000);
	unsetenv("PORT");
	CHECK(env_integer(&errors, "PORT", 1, 65535, NULL, &port));
	CHECK(port == 8000 && errors.len == 0);
	/* The style: NAME=value: expected ..., the reason after. */
	setenv("PORT", "x", 1);
	CHECK(!env_integer(&errors, "PORT", 1, 65535, "(a TCP port)", &port));
	CHECK_STR(buf_str(&errors), "PORT=x: expected a whole number from 1 to "
	    "65535 (a TCP port)\n");
	buf_free(&errors);
}

static void
test_size(void)
{
	CHECK(size_of("1") == 1);
	CHECK(size_of("2MB") == 2 * ENV_MIB);
	CHECK(size_of("64MiB") == 64 * ENV_MIB);
	CHECK(size_of("8KB") == 8 * ENV_KIB);
	CHECK(size_of("8KiB") == 8 * ENV_KIB);
	CHECK(size_of("1GB") == ENV_GIB);
	CHECK(size_of("1GiB") == ENV_GIB);
	CHECK(size_of("2GB") == -1);
	CHECK(size_of("1073741825") == -1);
	CHECK(size_of("0") == -1);
	CHECK(size_of("0KB") == -1);
	CHECK(size_of("MB") == -1);
	CHECK(size_of("1.5MB") == -1);
	CHECK(size_of("100mb") == -1);
	CHECK(size_of("1k") == -1);
	CHECK(size_of("10XB") == -1);
	CHECK(size_of("12TB") == -1);
	CHECK(size_of("99999999999GB") == -1);
}

static void
test_duration(void)
{
	CHECK(ms_of("5") == 5000);
	CHECK(ms_of("0") == 0);
	CHECK(ms_of("0.1") == 100);
	CHECK(ms_of("2.25") == 2250);
	CHECK(ms_of("0.0015") == 1);
	CHECK(ms_of("15s") == 15000);
	CHECK(ms_of("250ms") == 250);
	CHECK(ms_of("300") == 300000);
	CHECK(ms_of("300.001") == -1);
	CHECK(ms_of("301") == -1);
	CHECK(ms_of("99999999999999999999") == -1);
	CHECK(ms_of(".5") == -1);
	CHECK(ms_of("5.") == -1);
	CHECK(ms_of("-1") == -1);
	CHECK(ms_of("inf") == -1);
	CHECK(ms_of("0x10") == -1);
	CHECK(ms_of("1e3") == -1);
	CHECK(ms_of("5m") == -1);
	CHECK(ms_of("5 s") == -1);
}

static void
test_choice_bool_path(void)
{
	static const char *const levels[] = { "debug", "info", "warn" };
	struct buf errors = BUF_INIT;
	size_t level = 1;
	bool on = true;
	const char *path = "default";

	setenv("LOG_LEVEL", "warn", 1);
	CHECK(env_choice(&errors, "LOG_LEVEL", levels, 3, &level) && level == 2);
	setenv("LOG_LEVEL", "Warn", 1);
	CHECK(!env_choice(&errors, "LOG_LEVEL", levels, 3, &level));
	CHECK(level == 2);
	CHECK_STR(buf_str(&errors),
	    "LOG_LEVEL=Warn: expected debug, info or warn\n");
	buf_reset(&errors);

	setenv("RATE_LIMIT", "off", 1);
	CHECK(env_bool(&errors, "RATE_LIMIT", "on", "off", &on) && !on);
	setenv("RATE_LIMIT", "on", 1);
	CHECK(env_bool(&errors, "RATE_LIMIT", "on", "off", &on) && on);
	setenv("RATE_LIMIT", "", 1);
	on = false;
	CHECK(env_bool(&errors, "RATE_LIMIT", "on", "off", &on) && !on);
	setenv("RATE_LIMIT", "yes", 1);
	CHECK(!env_bool(&errors, "RATE_LIMIT", "on", "off", &on));
	CHECK_STR(buf_str(&errors), "RATE_LIMIT=yes: expected on or off\n");
	buf_reset(&errors);

	setenv("HTML_DIR", "/srv/html", 1);
	CHECK(env_path(&errors, "HTML_DIR", &path));
	CHECK_STR(path, "/srv/html");
	/* A newline is shown as '?': the error stays on its line. */
	setenv("HTML_DIR", "/srv\n/html", 1);
	CHECK(!env_path(&errors, "HTML_DIR", &path));
	CHECK_STR(path, "/srv/html");
	CHECK_STR(buf_str(&errors),
	    "HTML_DIR=/srv?/html: expected a path on one line\n");
	buf_free(&errors);
}

/* Every bad value has its line; none stops the reading of the others. */
static void
test_every_error(void)
{
	struct buf errors = BUF_INIT;
	long port = 8000, size = 1024, ms = 5000;

	setenv("PORT", "0", 1);
	setenv("MAX_REQUEST_BODY", "2GB", 1);
	setenv("DOWNLOAD_RETRY_DELAY", "soon", 1);
	(void)env_integer(&errors, "PORT", 1, 65535, NULL, &port);
	(void)env_size(&errors, "MAX_REQUEST_BODY", 1, ENV_GIB, &size);
	(void)env_duration_ms(&errors, "DOWNLOAD_RETRY_DELAY", 0, 300000, &ms);
	CHECK(lines(&errors) == 3);
	CHECK(port == 8000 && size == 1024 && ms == 5000);
	CHECK(strstr(buf_str(&errors), "PORT=0: expected") != NULL);
	CHECK(strstr(buf_str(&errors), "MAX_REQUEST_BODY=2GB: expected a size")
	    != NULL);
	CHECK(strstr(buf_str(&errors), "DOWNLOAD_RETRY_DELAY=soon: expected "
	    "seconds") != NULL);
	buf_free(&errors);
}

static void
test_declared_and_foreign(void)
{
	struct buf warnings = BUF_INIT;

	CHECK(env_declared("DB_PATH"));
	CHECK(env_declared("DISABLE_RATE_LIMITER"));
	CHECK(!env_declared("DOCS_ENABLED"));
	CHECK(!env_declared("PATH"));

	unsetenv("DOCS_ENABLED");
	unsetenv("CF_ACCESS_CLIENT_SECRET");
	CHECK(env_foreign_check(&warnings) == 0 && warnings.len == 0);
	setenv("DOCS_ENABLED", "true", 1);
	setenv("CF_ACCESS_CLIENT_SECRET", "s3cret", 1);
	CHECK(env_foreign_check(&warnings) == 2);
	CHECK(lines(&warnings) == 2);
	CHECK(strstr(buf_str(&warnings), "DOCS_ENABLED: the Go service's "
	    "variable: ") != NULL);
	/* Named, never shown. */
	CHECK(strstr(buf_str(&warnings), "CF_ACCESS_CLIENT_SECRET: ") != NULL);
	CHECK(strstr(buf_str(&warnings), "s3cret") == NULL);
	buf_free(&warnings);
}

int
main(void)
{
	test_integer();
	test_size();
	test_duration();
	test_choice_bool_path();
	test_every_error();
	test_declared_and_foreign();
	return check_finish("test_env");
}
