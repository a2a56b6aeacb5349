#include "environment.h"

#include <sys/stat.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "env.h"

/* The entry point sleeps with sleep(1) and counts in shell arithmetic. */
#define ENVIRONMENT_SECONDS_MAX	999999L
/* Shorter retries or rotations would only busy the container. */
#define ENVIRONMENT_SECONDS_MIN	10L

/* True when s[0..n) is a time HH:MM from 00:00 to 23:59. */
static bool
environment_time_ok(const char *s, size_t n)
{
	return n == 5 && s[2] == ':' &&
	    ((s[0] >= '0' && s[0] <= '1' && s[1] >= '0' && s[1] <= '9') ||
	    (s[0] == '2' && s[1] >= '0' && s[1] <= '3')) &&
	    s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9';
}

/* UPDATE_TIMES into e->update_times, one space between the times. */
static void
environment_update_times(struct environment *e, struct buf *errors)
{
	static const char separators[] = " \t,";
	const char *s = env_value("UPDATE_TIMES"), *p;
	size_t n, count = 0, len = 0;

	(void)snprintf(e->update_times, sizeof(e->update_times), "%s",
	    ENVIRONMENT_UPDATE_TIMES);
	if (s == NULL)
		return;
	for (p = s + strspn(s, separators); *p != '\0';
	    p += n, p += strspn(p, separators)) {
		n = strcspn(p, separators);
		if (!environment_time_ok(p, n) ||
		    ++count > ENVIRONMENT_UPDATE_TIMES_MAX)
			break;
		if (len > 0)
			e->update_times[len++] = ' ';
		memcpy(e->update_times + len, p, n);
		len += n;
	}
	if (*p == '\0' && count > 0) {
		e->update_times[len] = '\0';
		return;
	}
	(void)snprintf(e->update_times, sizeof(e->update_times), "%s",
	    ENVIRONMENT_UPDATE_TIMES);
	env_error(errors, "UPDATE_TIMES=%.200s: expected from 1 to %d times "
	    "HH:MM (00:00 to 23:59) separated by spaces, such as \""
	    ENVIRONMENT_UPDATE_TIMES "\"", s, ENVIRONMENT_UPDATE_TIMES_MAX);
}

/* MIRROR_URL: one URL of a scheme the updater's --mirror fetches. */
static void
environment_mirror_url(struct environment *e, struct buf *errors)
{
	static const char *const schemes[] = { "https://", "http://",
	    "file:///" };
	const char *s = NULL;
	size_t i, n;

	if (!env_path(errors, "MIRROR_URL", &s) || s == NULL)
		return;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = strlen(schemes[i]);
		if (strncasecmp(s, schemes[i], n) == 0 && s[n] != '\0' &&
		    strcspn(s, " \t") == strlen(s)) {
			e->mirror_url = s;
			return;
		}
	}
	/* Not shown: the URL may carry an object store's signature. */
	env_error(errors, "MIRROR_URL: expected one https://, http:// or "
	    "file:/// URL");
}

/* A program docker/entrypoint runs (UPDATER_BIN, LIGHTTPD_RUN), when set. */
static void
environment_program(struct buf *errors, const char *name)
{
	const char *s = NULL;
	struct stat st;

	if (!env_path(errors, name, &s) || s == NULL)
		return;
	if (stat(s, &st) != 0 || !S_ISREG(st.st_mode) || access(s, X_OK) != 0)
		env_error(errors, "%s=%.200s: expected an executable file", name,
		    s);
}

bool
environment_check(struct environment *e, struct buf *errors)
{
	size_t start = errors->len;

	memset(e, 0, sizeof(*e));
	e->update_retry_interval = ENVIRONMENT_UPDATE_RETRY_INTERVAL;
	e->logrotate_interval = ENVIRONMENT_LOGROTATE_INTERVAL;
	e->mirror_interval = ENVIRONMENT_MIRROR_INTERVAL;
	environment_update_times(e, errors);
	(void)env_integer(errors, "UPDATE_RETRY_INTERVAL",
	    ENVIRONMENT_SECONDS_MIN, ENVIRONMENT_SECONDS_MAX, "(seconds)",
	    &e->update_retry_interval);
	(void)env_integer(errors, "LOGROTATE_INTERVAL", ENVIRONMENT_SECONDS_MIN,
	    ENVIRONMENT_SECONDS_MAX, "(seconds)", &e->logrotate_interval);
	(void)env_integer(errors, "MIRROR_INTERVAL", 1, ENVIRONMENT_SECONDS_MAX,
	    "(seconds)", &e->mirror_interval);
	environment_mirror_url(e, errors);
	environment_program(errors, "UPDATER_BIN");
	environment_program(errors, "LIGHTTPD_RUN");
	return errors->len == start;
}

void
environment_print(const struct environment *e, FILE *out)
{
	fprintf(out, "UPDATE_TIMES=%s\n", e->update_times);
	fprintf(out, "UPDATE_RETRY_INTERVAL=%ld\n", e->update_retry_interval);
	fprintf(out, "LOGROTATE_INTERVAL=%ld\n", e->logrotate_interval);
	fprintf(out, "MIRROR_INTERVAL=%ld\n", e->mirror_interval);
	/* MIRROR_URL: not printed, it may carry a secret. */
}
