#include "environment.h"

#include <sys/stat.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "env.h"
#include "schedule.h"

/* UPDATE_TIMES, read as --at is. */
static void
environment_update_times(struct environment *e, struct buf *errors)
{
	const char *s = env_value("UPDATE_TIMES");
	char why[256];
	bool good = s != NULL && schedule_parse_at(&e->update_times, s, why,
	    sizeof(why));

	if (s != NULL && !good)
		env_error(errors, "UPDATE_TIMES=%.200s: expected from 1 to %d "
		    "times HH:MM (00:00 to 23:59) separated by commas or "
		    "blanks, such as \"" ENVIRONMENT_UPDATE_TIMES "\"", s,
		    SCHEDULE_MAX_TIMES);
	if (!good)
		(void)schedule_parse_at(&e->update_times,
		    ENVIRONMENT_UPDATE_TIMES, why, sizeof(why));
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
	e->update_retry_interval = SCHEDULE_DEFAULT_RETRY;
	e->logrotate_interval = ENVIRONMENT_LOGROTATE_INTERVAL;
	e->mirror_interval = ENVIRONMENT_MIRROR_INTERVAL;
	environment_update_times(e, errors);
	(void)env_integer(errors, "UPDATE_RETRY_INTERVAL", SCHEDULE_MIN_RETRY,
	    SCHEDULE_MAX_SECONDS, "(seconds)", &e->update_retry_interval);
	/* Rotating more often would only busy the container. */
	(void)env_integer(errors, "LOGROTATE_INTERVAL", SCHEDULE_MIN_RETRY,
	    SCHEDULE_MAX_SECONDS, "(seconds)", &e->logrotate_interval);
	(void)env_integer(errors, "MIRROR_INTERVAL", 1, SCHEDULE_MAX_SECONDS,
	    "(seconds)", &e->mirror_interval);
	environment_mirror_url(e, errors);
	environment_program(errors, "UPDATER_BIN");
	environment_program(errors, "LIGHTTPD_RUN");
	return errors->len == start;
}

void
environment_print(const struct environment *e, FILE *out)
{
	size_t i;

	fputs("UPDATE_TIMES=", out);
	for (i = 0; i < e->update_times.count; i++)
		fprintf(out, "%s%02d:%02d", i > 0 ? " " : "",
		    e->update_times.minutes[i] / 60,
		    e->update_times.minutes[i] % 60);
	fputc('\n', out);
	fprintf(out, "UPDATE_RETRY_INTERVAL=%ld\n", e->update_retry_interval);
	fprintf(out, "LOGROTATE_INTERVAL=%ld\n", e->logrotate_interval);
	fprintf(out, "MIRROR_INTERVAL=%ld\n", e->mirror_interval);
	/* MIRROR_URL: not printed, it may carry a secret. */
}
