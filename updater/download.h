/*
 * Downloads the BDPM files, all at once over one curl multi handle.
 *
 * Every failure mode of the BDPM site that the file format never shows is
 * turned into an error here: HTTP errors, an HTML page served with 200, an
 * empty or truncated body, a stalled connection, a body over the size limit.
 * Transient failures (connection errors, timeouts, 429, 5xx) are retried
 * with exponential back-off; 4xx other than 429 are not.
 *
 * An item may have alternatives (urls: the same file under each base of
 * BDPM_BASE_URL), tried in order: a failure that says this base cannot
 * serve the file moves on to the next one at once (download.c,
 * download_finish, has the rules and what bounds the time).
 */
#ifndef MEDICAMENTS_DOWNLOAD_H
#define MEDICAMENTS_DOWNLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "trust.h"

struct download_options {
	long	connect_timeout;	/* seconds to connect */
	long	timeout;		/* seconds for a whole transfer */
	long	stall_timeout;		/* seconds below 1 byte/s before giving up */
	int	retries;		/* further attempts after the first */
	long	retry_delay_ms;		/* first back-off delay; doubles each time */
	size_t	max_bytes;		/* largest body accepted, per file */
	size_t	mirror_max_bytes;	/* largest database --mirror accepts */
	const char *user_agent;
	const char *ca_file;		/* replaces the system's store, or NULL */
	struct trust_certs *extra_certs; /* added to the store, or NULL */
};

struct download {
	const char	*url;		/* in: full URL (http, https or file);
					   out with urls: the one that served,
					   or the last one tried */
	const char *const *urls;	/* in: alternatives, in order, or NULL
					   (url alone) */
	size_t		 url_count;	/* in: entries of urls */
	size_t		 url_index;	/* out: the entry of urls in url */
	struct buf	 body;		/* out: the body, when ok */
	bool		 ok;		/* out */
	char		 error[256];	/* out: one-line reason, when !ok */
	int		 attempts;	/* out: how many transfers were made */
	long		 http_status;	/* out: last HTTP status, 0 for file:// */
	/*
	 * A whole database (updater/mirror.c) rather than a BDPM file: the
	 * body is written to fd (rewound for each attempt), not kept in
	 * body, and is not checked as text.
	 */
	bool		 to_file;	/* in */
	int		 fd;		/* in, with to_file */
	size_t		 max_bytes;	/* in: 0 for opts->max_bytes */
	const char	*if_none_match;	/* in: entity tags, or NULL */
	const char	*name;		/* in: the URL for the logs, or NULL
					   (url without its secrets) */
	size_t		 bytes;		/* out: body bytes received */
	bool		 not_modified;	/* out: 304 to if_none_match */
	char		 etag[256];	/* out: the answer's ETag, or "" */
};

/*
 * The defaults of the DOWNLOAD_* variables, which --help and --check-config
 * show.  A BDPM file is a few MiB (CIS_CIP_bdpm.txt, the largest, 4 in
 * 2022): 64 MiB stops an endless body long before it fills a disk.  The
 * largest database
 * --mirror accepts (MIRROR_MAX_BYTES): the 2022 dump makes a 90 MiB file;
 * over five times that leaves room for the data to grow.
 */
#define DOWNLOAD_CONNECT_TIMEOUT_DEFAULT	30L	/* seconds */
#define DOWNLOAD_TIMEOUT_DEFAULT		300L	/* seconds, a transfer */
#define DOWNLOAD_STALL_TIMEOUT_DEFAULT		60L	/* seconds */
#define DOWNLOAD_RETRIES_DEFAULT		3L
#define DOWNLOAD_RETRY_DELAY_MS_DEFAULT		5000L	/* doubles each time */
#define DOWNLOAD_MAX_BYTES_DEFAULT		(64L * 1024 * 1024)
#define DOWNLOAD_MIRROR_MAX_BYTES_DEFAULT	(512L * 1024 * 1024)

/*
 * Fills opts with the defaults, then the DOWNLOAD_* environment variables
 * and MIRROR_MAX_BYTES (common/env.h: sizes with units, durations).
 * Returns false, with one line appended to errors for every bad value
 * (not a number in range, a certificate file that cannot be used).  The
 * extra certificates are loaded here, once; source_url tells whether they
 * are needed (https).  download_options_free frees them, whatever the
 * result.
 */
bool	download_options_from_env(struct download_options *opts,
	    const char *source_url, struct buf *errors);

void	download_options_free(struct download_options *opts);

/*
 * The bases of BDPM_BASE_URL (or --source): URLs separated by white space
 * (a URL never holds any; a comma may), each https://host..., http://host...
 * or file:///dir, at most DOWNLOAD_BASES_MAX of at most
 * DOWNLOAD_BASE_MAX_LEN bytes, none twice.  Stored without trailing
 * slashes; list is them joined by one space (meta source_url).
 */
#define DOWNLOAD_BASES_MAX	8
#define DOWNLOAD_BASE_MAX_LEN	256

/*
 * The default: the BDPM site's downloads since 2026-03-06, then their
 * former path (should the site go back, or serve some files there).
 */
#define DOWNLOAD_BASE_BDPM \
	"https://base-donnees-publique.medicaments.gouv.fr/index.php/download/file"
#define DOWNLOAD_BASE_BDPM_OLD \
	"https://base-donnees-publique.medicaments.gouv.fr/download/file"
#define DOWNLOAD_DEFAULT_BASES	DOWNLOAD_BASE_BDPM " " DOWNLOAD_BASE_BDPM_OLD

struct download_bases {
	char	*base[DOWNLOAD_BASES_MAX];
	size_t	 count;
	char	*list;
};

/*
 * Parses value into b; name is what the error calls it (the variable or
 * the option).  Returns false, with one line naming it in error, for an
 * empty list, a URL of another scheme or without a host, two URLs run
 * together, one too long, too many, or the same base twice.  b is freed by
 * download_bases_free, whatever the result.
 */
bool	download_bases_parse(const char *name, const char *value,
	    struct download_bases *b, char *error, size_t error_size);

void	download_bases_free(struct download_bases *b);

/*
 * Downloads every item concurrently.  Returns when each has succeeded or
 * failed for good.  Returns false only when curl itself could not be set up
 * (each item's own outcome is in its ok/error fields).
 */
bool	download_all(struct download *items, size_t count,
	    const struct download_options *opts);

/* Frees the bodies. */
void	download_free(struct download *items, size_t count);

#endif
