#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conditional.h"
#include "contract.h"
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

/* Reads a list of addresses and ranges; absent or empty is the empty list. */
static bool
env_cidrs(const char *name, struct cidr_list *l, char *msg, size_t msgsize)
{
	const char *s = getenv(name);
	char why[160];

	if (s == NULL || cidr_list_parse(l, s, why, sizeof(why)))
		return true;
	snprintf(msg, msgsize, "%s=%s: %s", name, s, why);
	return false;
}

/* CORS_ORIGINS: unset is "*", set but empty turns CORS off (cors.h). */
static bool
env_cors(struct cors *c, char *msg, size_t msgsize)
{
	const char *s = getenv("CORS_ORIGINS");
	char why[200];

	if (cors_parse(c, s != NULL ? s : "*", why, sizeof(why)))
		return true;
	snprintf(msg, msgsize, "CORS_ORIGINS=%.200s: %s", s, why);
	return false;
}

bool
settings_from_env(struct settings *c, char *msg, size_t msgsize)
{
	const char *s;
	long workers = 1, port = 0;
	struct buf lock = BUF_INIT;

	memset(c, 0, sizeof(*c));
	c->db_path = getenv("DB_PATH");
	if (c->db_path == NULL || *c->db_path == '\0')
		c->db_path = SETTINGS_DB_PATH_DEFAULT;
	buf_printf(&lock, "%s%s", c->db_path, CONTRACT_LOCK_SUFFIX);
	c->lock_path = lock.data;
	c->ratelimit = true;
	c->ratelimit_burst = 1000;
	c->ratelimit_rate = 3;
	s = getenv("LOG_FILE");
	c->log_file = s != NULL && *s != '\0' ? s : NULL;
	/* lighttpd-cgi.conf passes an empty value for "unset". */
	s = getenv("ALLOW_ROOT");
	if (s != NULL && *s != '\0' && strcmp(s, "1") != 0) {
		snprintf(msg, msgsize, "ALLOW_ROOT=%s: expected 1 (or unset)", s);
		return false;
	}
	c->allow_root = s != NULL && *s != '\0';
	s = getenv("RATE_LIMIT");
	if (s != NULL && *s != '\0') {
		if (strcmp(s, "off") != 0 && strcmp(s, "on") != 0) {
			snprintf(msg, msgsize, "RATE_LIMIT=%s: expected on or "
			    "off", s);
			return false;
		}
		c->ratelimit = strcmp(s, "on") == 0;
	}
	if (!env_long("WORKERS", 1, 4096, &workers, msg, msgsize) ||
	    !env_long("METRICS_PORT", 1, 65535, &port, msg, msgsize) ||
	    !env_long("RATE_LIMIT_BURST", 1, 1000000000L,
	    &c->ratelimit_burst, msg, msgsize) ||
	    !env_long("RATE_LIMIT_RATE", 1, 1000000000L, &c->ratelimit_rate,
	    msg, msgsize) ||
	    !env_cidrs("TRUSTED_PROXIES", &c->trusted_proxies, msg,
	    msgsize) ||
	    !env_cidrs("RATE_LIMIT_EXEMPT", &c->ratelimit_exempt, msg,
	    msgsize) ||
	    !env_cors(&c->cors, msg, msgsize))
		return false;
	c->workers = (int)workers;
	/* Compared with lighttpd's SERVER_PORT: its spelling, "8080". */
	if (port != 0) {
		snprintf(c->metrics_port_buf, sizeof(c->metrics_port_buf), "%ld",
		    port);
		c->metrics_port = c->metrics_port_buf;
	}
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
	cidr_list_free(&c->trusted_proxies);
	cidr_list_free(&c->ratelimit_exempt);
	cors_free(&c->cors);
}
