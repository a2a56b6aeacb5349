/*
 * The worker's settings, from the environment lighttpd passes
 * (bin-environment), read once at start.
 */
#ifndef MEDICAMENTS_FCGI_CONFIG_H
#define MEDICAMENTS_FCGI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#ifndef MEDICAMENTS_STATEDIR
#define MEDICAMENTS_STATEDIR "/var/lib/medicaments-api"
#endif
#define CONFIG_DB_PATH_DEFAULT	MEDICAMENTS_STATEDIR "/medicaments.db"

struct config {
	const char	*db_path;	/* DB_PATH */
	char		*lock_path;	/* DB_PATH.lock, the updater's flock */
	int		 workers;	/* WORKERS: as reported by diagnostics */
	bool		 allow_root;	/* ALLOW_ROOT=1: tests run as root */
	const char	*metrics_port;	/* METRICS_PORT: /metrics only there */
	bool		 ratelimit;	/* RATE_LIMIT: on unless "off" or "0" */
	long		 ratelimit_burst;	/* RATE_LIMIT_BURST, 1000 */
	long		 ratelimit_rate;	/* RATE_LIMIT_RATE per second, 3 */
	char		*ratelimit_file;	/* RATE_LIMIT_FILE */
	const char	*trusted_proxies;	/* TRUSTED_PROXIES: addresses, comma-separated */
};

/* Reads the environment; false with a message when a value is invalid. */
bool	config_from_env(struct config *c, char *msg, size_t msgsize);
void	config_free(struct config *c);

#endif
