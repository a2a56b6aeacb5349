/*
 * The worker's settings, from the environment lighttpd passes
 * (bin-environment), read once at start.
 */
#ifndef MEDICAMENTS_FCGI_SETTINGS_H
#define MEDICAMENTS_FCGI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "cidr.h"
#include "cors.h"

#ifndef MEDICAMENTS_STATEDIR
#define MEDICAMENTS_STATEDIR "/var/lib/medicaments-api"
#endif
#define SETTINGS_DB_PATH_DEFAULT	MEDICAMENTS_STATEDIR "/medicaments.db"

struct settings {
	const char	*db_path;	/* DB_PATH */
	char		*lock_path;	/* DB_PATH.lock, the updater's flock */
	int		 workers;	/* WORKERS: as reported by diagnostics */
	bool		 allow_root;	/* ALLOW_ROOT=1: tests run as root */
	const char	*metrics_port;	/* METRICS_PORT: /metrics only there */
	char		 metrics_port_buf[8];
	bool		 ratelimit;	/* RATE_LIMIT: on (default) or off */
	long		 ratelimit_burst;	/* RATE_LIMIT_BURST, 1000 */
	long		 ratelimit_rate;	/* RATE_LIMIT_RATE per second, 3 */
	/*
	 * Where the workers' shared state (rate limit, metrics) may live, in
	 * order of preference: RATE_LIMIT_FILE alone when set, else
	 * DB_PATH.shared, then one in /dev/shm.
	 */
	char		*shared_paths[2];
	int		 nshared_paths;
	/* TRUSTED_PROXIES: peers whose X-Forwarded-For is believed */
	struct cidr_list trusted_proxies;
	/* RATE_LIMIT_EXEMPT: clients never rate limited */
	struct cidr_list ratelimit_exempt;
	const char	*log_file;	/* LOG_FILE: JSON log, or NULL: stderr */
	struct cors	 cors;		/* CORS_ORIGINS: unset "*", empty off */
};

/*
 * Reads and checks the environment, once, at start.  False with a message
 * naming the variable when a value is invalid: the worker then exits
 * rather than serve with a setting it did not understand.
 */
bool	settings_from_env(struct settings *c, char *msg, size_t msgsize);
void	settings_free(struct settings *c);

#endif
