#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conditional.h"
#include "xalloc.h"

/* Reads a decimal variable in [min, max]; absent or empty keeps *value. */
static bool
env_long(const char *name, long min, long max, long *value, char *msg,
    size_t msgsize)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return true;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		snprintf(msg, msgsize, "%s=%s: expected a number from %ld to "
		    "%ld", name, s, min, max);
		return false;
	}
	*value = v;
	return true;
}

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

bool
settings_from_env(struct settings *c, char *msg, size_t msgsize)
{
	const char *s;
	long workers = 1;
	struct buf lock = BUF_INIT;

	memset(c, 0, sizeof(*c));
	c->db_path = getenv("DB_PATH");
	if (c->db_path == NULL || *c->db_path == '\0')
		c->db_path = SETTINGS_DB_PATH_DEFAULT;
	buf_printf(&lock, "%s.lock", c->db_path);
	c->lock_path = lock.data;
	s = getenv("ALLOW_ROOT");
	c->allow_root = s != NULL && strcmp(s, "1") == 0;
	s = getenv("METRICS_PORT");
	c->metrics_port = s != NULL && *s != '\0' ? s : NULL;
	s = getenv("RATE_LIMIT");
	c->ratelimit = !(s != NULL && (strcmp(s, "off") == 0 ||
	    strcmp(s, "0") == 0));
	c->ratelimit_burst = 1000;
	c->ratelimit_rate = 3;
	s = getenv("TRUSTED_PROXIES");
	c->trusted_proxies = s != NULL ? s : "";
	if (!env_long("WORKERS", 1, 4096, &workers, msg, msgsize) ||
	    !env_long("RATE_LIMIT_BURST", 1, 1000000000L,
	    &c->ratelimit_burst, msg, msgsize) ||
	    !env_long("RATE_LIMIT_RATE", 1, 1000000000L, &c->ratelimit_rate,
	    msg, msgsize))
		return false;
	c->workers = (int)workers;
	s = getenv("RATE_LIMIT_FILE");
	if (s != NULL && *s != '\0')
		c->shared_paths[c->nshared_paths++] = xstrdup(s);
	else
		default_shared_paths(c);
	return true;
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
}
