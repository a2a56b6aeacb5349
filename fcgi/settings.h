/*
 * The configuration, from the environment, checked once at start.
 *
 * settings_from_env reads what the worker itself uses (lighttpd passes it:
 * bin-environment).  settings_check_config, behind `medicaments-fcgi
 * --check-config`, checks that and everything script/lighttpd-run reads
 * (ADDRESS, PORT, the sizes, the log rotation, its programs, ...): every
 * variable of the service is validated here, in C, once, through
 * common/env.h, and the script only renders what it is told back.  A bad
 * value is one line naming the variable, "NAME=value: expected ...", and
 * every bad value gets its line.
 */
#ifndef MEDICAMENTS_FCGI_SETTINGS_H
#define MEDICAMENTS_FCGI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "cidr.h"
#include "cors.h"
#include "log.h"

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
 * What script/lighttpd-run renders lighttpd's configuration with, checked
 * and normalised (sizes in bytes, defaults applied): its defaults, which
 * differ from the worker's where the worker only reports a value.
 */
struct settings_front {
	char		 address[64];	/* ADDRESS, brackets removed */
	long		 port;		/* PORT */
	char		 metrics_address[64];	/* METRICS_ADDRESS */
	long		 metrics_port;	/* METRICS_PORT, 9090; 0: set empty */
	long		 workers;	/* WORKERS, twice the CPUs */
	long		 max_request_body;	/* MAX_REQUEST_BODY, bytes */
	long		 max_header_size;	/* MAX_HEADER_SIZE, bytes */
	enum log_level	 log_level;	/* LOG_LEVEL, ENV's default */
	long		 log_retention_weeks;	/* LOG_RETENTION_WEEKS */
	long		 max_log_file_size;	/* MAX_LOG_FILE_SIZE, bytes */
	/* MAX_CONNECTIONS, 16384; fitted under the hard limit of files */
	long		 max_connections;
	/* MAX_CONNECTIONS_PER_ADDRESS: the kernel's cap (nftables), 100 */
	long		 max_connections_per_address;
	long		 read_timeout;	/* READ_TIMEOUT, seconds, 10 */
	long		 keepalive_timeout;	/* KEEPALIVE_TIMEOUT, seconds, 5 */
	/* RATE_LIMIT, or DISABLE_RATE_LIMITER's meaning: for the workers */
	bool		 ratelimit;
	long		 max_fds;	/* lighttpd's server.max-fds */
};

/*
 * Reads and checks the worker's variables, once, at start.  False when a
 * value is invalid, with one line for each appended to errors ("NAME=value:
 * why\n"): the worker then exits rather than serve with a setting it did
 * not understand.  c is to be freed by settings_free either way.
 */
bool	settings_from_env(struct settings *c, struct buf *errors);
void	settings_free(struct settings *c);

/*
 * --check-config: the worker's variables (settings_from_env), ENV and
 * LOG_LEVEL, and everything script/lighttpd-run reads, the paths and
 * programs it resolves included (.env.example lists them all; the
 * updater's own are its --check-config's).  The Go service's variables
 * that mean nothing here are each named in a warning (env_foreign_check).
 * False with one line per bad value appended to errors; *f holds the
 * values otherwise.
 */
bool	settings_check_config(struct settings_front *f, struct buf *errors);
/*
 * Prints *f as shell assignments, NAME='value' one a line (no value holds
 * a quote): script/lighttpd-run evaluates them.  False on a write error.
 */
bool	settings_print_front(const struct settings_front *f, FILE *out);

#endif
