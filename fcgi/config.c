#include "config.h"

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
 * Workers of one server share a bucket file; two servers on two databases
 * (tests run several) must not, hence the hash of DB_PATH in its name.
 */
static char *
default_ratelimit_file(const char *db_path)
{
	struct buf b = BUF_INIT;
	char hash[ETAG_SIZE];
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	if (!etag_of(hash, db_path, strlen(db_path)))
		snprintf(hash, sizeof(hash), "default");
	buf_printf(&b, "%s/medicaments-api-%lu-%s.ratelimit", dir,
	    (unsigned long)getuid(), hash);
	return b.data;
}

bool
config_from_env(struct config *c, char *msg, size_t msgsize)
{
	const char *s;
	long workers = 1;
	struct buf lock = BUF_INIT;

	memset(c, 0, sizeof(*c));
	c->db_path = getenv("DB_PATH");
	if (c->db_path == NULL || *c->db_path == '\0')
		c->db_path = CONFIG_DB_PATH_DEFAULT;
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
	c->ratelimit_file = s != NULL && *s != '\0' ? xstrdup(s) :
	    default_ratelimit_file(c->db_path);
	return true;
}

void
config_free(struct config *c)
{
	free(c->lock_path);
	free(c->ratelimit_file);
	c->lock_path = c->ratelimit_file = NULL;
}
