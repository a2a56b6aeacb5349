/*
 * Downloads the BDPM files, all at once over one curl multi handle.
 *
 * Every failure mode of the BDPM site that the file format never shows is
 * turned into an error here: HTTP errors, an HTML page served with 200, an
 * empty or truncated body, a stalled connection, a body over the size limit.
 * Transient failures (connection errors, timeouts, 429, 5xx) are retried
 * with exponential back-off; 4xx other than 429 are not.
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
	const char	*url;		/* in: full URL (http, https or file) */
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
 * Fills opts with the defaults, then the DOWNLOAD_* environment variables.
 * Returns false, with a message in error, when a variable is not a valid
 * number in range or names a certificate file that cannot be used.  The
 * extra certificates are loaded here, once; source_url tells whether they
 * are needed (https).  download_options_free frees them.
 */
bool	download_options_from_env(struct download_options *opts,
	    const char *source_url, char *error, size_t error_size);

void	download_options_free(struct download_options *opts);

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
