#include "config.h"

#include "download.h"

#include <curl/curl.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "buf.h"
#include "env.h"
#include "log.h"
#include "monotonic.h"
#include "xalloc.h"

#define DOWNLOAD_USER_AGENT \
	"medicaments-api/" PACKAGE_VERSION " (+https://github.com/medicaments-api)"

/* Bounds that keep a misconfiguration from waiting for hours. */
#define DOWNLOAD_SECONDS_MAX	86400L
#define DOWNLOAD_RETRIES_MAX	10
#define DOWNLOAD_DELAY_MAX_MS	300000L		/* one back-off step */
/* What a size_t and a long both hold. */
#define DOWNLOAD_BYTES_MAX	((unsigned long)LONG_MAX < SIZE_MAX ? \
	LONG_MAX : (long)SIZE_MAX)
#define DOWNLOAD_RETRY_AFTER_MAX_MS 120000L	/* what a server may ask */
#define DOWNLOAD_POLL_MAX_MS	1000

/* The intermediate the BDPM site does not send, installed with the updater. */
#define DOWNLOAD_EXTRA_CA_DEFAULT MEDICAMENTS_DATADIR "/certigna-services-ca.pem"

/* What became of one attempt. */
enum download_outcome {
	OUTCOME_OK,
	OUTCOME_RETRY,		/* transient: try again if attempts remain */
	OUTCOME_UNREACHABLE,	/* no connection (DNS, refused, TLS
				   handshake, connect timeout): the next
				   base if any, else as OUTCOME_RETRY */
	OUTCOME_NEXT,		/* this URL will not serve the file (4xx, an
				   HTML page, a certificate refused, too
				   large): the next base if any, else failed */
	OUTCOME_FAIL		/* failed whatever the base (a local write) */
};

/* One item's transfer state inside download_all. */
struct transfer {
	struct download	*item;
	CURL		*easy;
	const struct download_options *opts;
	bool		 active;	/* added to the multi handle */
	bool		 finished;	/* ok or failed for good */
	bool		 too_big;	/* the write callback refused the body */
	int		 write_errno;	/* writing to item->fd failed */
	struct curl_slist *headers;	/* If-None-Match, or NULL */
	int64_t		 not_before_ms;	/* earliest start of the next attempt */
	int64_t		 started_ms;
	long		 retry_after_ms; /* asked by the server, 0 if not */
	int		 retried;	/* back-off retries so far, all bases */
	char		 curl_error[CURL_ERROR_SIZE];
};

/*
 * DOWNLOAD_CA_FILE, then DOWNLOAD_EXTRA_CA_FILE: unset, the installed file;
 * empty, none.  A build that is not installed has no such file, which only
 * matters for https:// (script/server, from a checkout, names certs/'s).
 */
static void
download_tls_from_env(struct download_options *opts, const char *source_url,
    struct buf *errors)
{
	struct trust_certs *checked;
	const char *v = NULL;
	bool unset;
	char reason[512];

	if (env_path(errors, "DOWNLOAD_CA_FILE", &v) && v != NULL) {
		checked = trust_certs_load("DOWNLOAD_CA_FILE", v, false, reason,
		    sizeof(reason));
		if (checked == NULL)
			env_error(errors, "%s", reason);
		trust_certs_free(checked);	/* libcurl reads it itself */
		opts->ca_file = v;
	}
	/* Set but empty is a value here: no extra certificate. */
	v = getenv("DOWNLOAD_EXTRA_CA_FILE");
	if ((unset = v == NULL)) {
		v = DOWNLOAD_EXTRA_CA_DEFAULT;
		if (strncmp(source_url, "https://", 8) != 0 &&
		    access(v, F_OK) != 0)
			return;
	}
	if (*v == '\0' || !env_path(errors, "DOWNLOAD_EXTRA_CA_FILE", &v))
		return;
	opts->extra_certs = trust_certs_load("DOWNLOAD_EXTRA_CA_FILE", v, true,
	    reason, sizeof(reason));
	if (opts->extra_certs == NULL)
		env_error(errors, "%s%s", reason, unset ? " (the default: set "
		    "DOWNLOAD_EXTRA_CA_FILE to the file, or empty for none)" :
		    "");
}

bool
download_options_from_env(struct download_options *opts,
    const char *source_url, struct buf *errors)
{
	size_t start = errors->len;
	long retries = DOWNLOAD_RETRIES_DEFAULT,
	    max_bytes = DOWNLOAD_MAX_BYTES_DEFAULT,
	    mirror_max_bytes = DOWNLOAD_MIRROR_MAX_BYTES_DEFAULT;

	memset(opts, 0, sizeof(*opts));
	opts->connect_timeout = DOWNLOAD_CONNECT_TIMEOUT_DEFAULT;
	opts->timeout = DOWNLOAD_TIMEOUT_DEFAULT;
	opts->stall_timeout = DOWNLOAD_STALL_TIMEOUT_DEFAULT;
	opts->retry_delay_ms = DOWNLOAD_RETRY_DELAY_MS_DEFAULT;
	opts->user_agent = DOWNLOAD_USER_AGENT;

	(void)env_integer(errors, "DOWNLOAD_CONNECT_TIMEOUT", 1,
	    DOWNLOAD_SECONDS_MAX, "(seconds)", &opts->connect_timeout);
	(void)env_integer(errors, "DOWNLOAD_TIMEOUT", 1, DOWNLOAD_SECONDS_MAX,
	    "(seconds)", &opts->timeout);
	(void)env_integer(errors, "DOWNLOAD_STALL_TIMEOUT", 1,
	    DOWNLOAD_SECONDS_MAX, "(seconds)", &opts->stall_timeout);
	(void)env_integer(errors, "DOWNLOAD_RETRIES", 0, DOWNLOAD_RETRIES_MAX,
	    NULL, &retries);
	(void)env_duration_ms(errors, "DOWNLOAD_RETRY_DELAY", 0,
	    DOWNLOAD_DELAY_MAX_MS, &opts->retry_delay_ms);
	(void)env_size(errors, "DOWNLOAD_MAX_BYTES", 1, DOWNLOAD_BYTES_MAX,
	    &max_bytes);
	(void)env_size(errors, "MIRROR_MAX_BYTES", 1, DOWNLOAD_BYTES_MAX,
	    &mirror_max_bytes);
	opts->retries = (int)retries;
	opts->max_bytes = (size_t)max_bytes;
	opts->mirror_max_bytes = (size_t)mirror_max_bytes;
	download_tls_from_env(opts, source_url, errors);
	return errors->len == start;
}

void
download_options_free(struct download_options *opts)
{
	trust_certs_free(opts->extra_certs);
	opts->extra_certs = NULL;
}

/*
 * Checks one base (len bytes at url); false with the reason in error.
 * The remainder after the scheme must name something (a host, a path),
 * and hold no second scheme: "https://a,https://b" is two URLs that
 * lack their space, not a base.
 */
static bool
download_base_check(const char *name, const char *url, size_t len,
    char *error, size_t error_size)
{
	static const char *const schemes[] = { "https://", "http://",
	    "file://" };
	const char *rest = NULL, *sep, *p;
	size_t i, n;
	int shown = len > 80 ? 80 : (int)len;

	for (p = url; p < url + len; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			snprintf(error, error_size, "%s: \"%.*s\" holds a "
			    "control character", name, shown, url);
			return false;
		}
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = strlen(schemes[i]);
		if (len >= n && strncasecmp(url, schemes[i], n) == 0)
			rest = url + n;
	}
	sep = memmem(url, len, "://", 3);
	if (rest == NULL) {
		snprintf(error, error_size, sep == NULL ? "%s: \"%.*s\" is "
		    "not a URL (expected https://, http:// or file://)" :
		    "%s: \"%.*s\": unsupported scheme (expected https://, "
		    "http:// or file://)", name, shown, url);
		return false;
	}
	if (rest == url + len || (*rest == '/' && strncasecmp(url, "file:",
	    5) != 0)) {
		snprintf(error, error_size, "%s: \"%.*s\" names no host "
		    "nor directory", name, shown, url);
		return false;
	}
	if (memmem(rest, len - (size_t)(rest - url), "://", 3) != NULL) {
		snprintf(error, error_size, "%s: \"%.*s\" holds two URLs "
		    "(separate them with a space)", name, shown, url);
		return false;
	}
	if (len > DOWNLOAD_BASE_MAX_LEN) {
		snprintf(error, error_size, "%s: \"%.*s...\" is longer than "
		    "%d bytes", name, shown, url, DOWNLOAD_BASE_MAX_LEN);
		return false;
	}
	return true;
}

bool
download_bases_parse(const char *name, const char *value,
    struct download_bases *b, char *error, size_t error_size)
{
	struct buf list = BUF_INIT;
	const char *p = value, *start;
	size_t len, keep, i;
	bool ok = false;

	memset(b, 0, sizeof(*b));
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		for (start = p; *p != '\0' && *p != ' ' && *p != '\t' &&
		    *p != '\n' && *p != '\r'; p++)
			;
		len = (size_t)(p - start);
		if (!download_base_check(name, start, len, error, error_size))
			goto out;
		if (b->count == DOWNLOAD_BASES_MAX) {
			snprintf(error, error_size, "%s: more than %d URLs",
			    name, DOWNLOAD_BASES_MAX);
			goto out;
		}
		/*
		 * Trailing slashes go (the files are BASE/NAME), never the
		 * first byte after the scheme: file:/// is a directory too.
		 */
		keep = (size_t)((const char *)memmem(start, len, "://", 3) -
		    start) + 4;
		while (len > keep && start[len - 1] == '/')
			len--;
		for (i = 0; i < b->count; i++)
			if (strlen(b->base[i]) == len &&
			    memcmp(b->base[i], start, len) == 0) {
				snprintf(error, error_size, "%s: \"%s\" is "
				    "listed twice", name, b->base[i]);
				goto out;
			}
		b->base[b->count++] = xstrndup(start, len);
		buf_printf(&list, "%s%.*s", b->count > 1 ? " " : "", (int)len,
		    start);
	}
	if (b->count == 0) {
		snprintf(error, error_size, "%s: no URL in \"%s\" (unset it "
		    "for the BDPM site)", name, value);
		goto out;
	}
	b->list = xstrdup(buf_str(&list));
	ok = true;
out:
	buf_free(&list);
	return ok;
}

void
download_bases_free(struct download_bases *b)
{
	size_t i;

	for (i = 0; i < b->count; i++)
		free(b->base[i]);
	free(b->list);
	memset(b, 0, sizeof(*b));
}

/* What the logs call an item: its URL, or the name it was given. */
static const char *
download_name(const struct download *d)
{
	return d->name != NULL ? d->name : d->url;
}

static size_t
download_max_bytes(const struct transfer *t)
{
	return t->item->max_bytes != 0 ? t->item->max_bytes :
	    t->opts->max_bytes;
}

/*
 * Keeps the body of a 2xx answer (or of a file), up to max_bytes.  Bodies of
 * error statuses are dropped: only their status matters.  Returning less
 * than asked makes curl abort the transfer with CURLE_WRITE_ERROR.
 */
static size_t
download_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct transfer *t = arg;
	size_t n = size * nmemb;
	long status = 0;

	if (curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status) ==
	    CURLE_OK && status != 0 && (status < 200 || status > 299))
		return n;
	if (n > download_max_bytes(t) - t->item->bytes) {
		t->too_big = true;
		return 0;
	}
	if (t->item->to_file) {
		if (!atomic_file_write_all(t->item->fd, data, n)) {
			t->write_errno = errno;
			return 0;
		}
	} else
		buf_append(&t->item->body, data, n);
	t->item->bytes += n;
	return n;
}

/*
 * Sets the item's one-line reason.  Messages that come from curl or a
 * server are cut to fit and their line breaks flattened.
 */
static void download_error(struct download *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
download_error(struct download *d, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	(void)vsnprintf(d->error, sizeof(d->error), fmt, ap);
	va_end(ap);
	for (p = d->error; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
}

/* True when the body starts, after white space, with an HTML document. */
static bool
download_looks_html(const struct buf *body)
{
	static const char *const starts[] = { "<!doctype", "<html" };
	const char *p = body->data, *end = body->data + body->len;
	size_t i, len;

	/* A UTF-8 byte order mark may precede the markup. */
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		len = strlen(starts[i]);
		if ((size_t)(end - p) >= len &&
		    strncasecmp(p, starts[i], len) == 0)
			return true;
	}
	return false;
}

/*
 * Checks what a successful transfer brought.  Returns false with the reason
 * in item->error.
 */
static bool
download_check_body(struct transfer *t)
{
	struct download *d = t->item;
	const char *type = NULL;
	const char *nul;

	if (d->bytes == 0) {
		download_error(d, "empty body");
		return false;
	}
	if (d->to_file) {
		/* What the file is, the caller checks; a page is not one. */
		if (curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &type) ==
		    CURLE_OK && type != NULL &&
		    strncasecmp(type, "text/html", 9) == 0) {
			download_error(d, "HTML page instead of the file");
			return false;
		}
		return true;
	}
	if ((curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &type) ==
	    CURLE_OK && type != NULL && strncasecmp(type, "text/html", 9) == 0)
	    || download_looks_html(&d->body)) {
		download_error(d, "HTML page instead of TSV");
		return false;
	}
	nul = memchr(d->body.data, '\0', d->body.len);
	if (nul != NULL) {
		download_error(d, "NUL byte at offset %zu: "
		    "binary data instead of TSV", (size_t)(nul - d->body.data));
		return false;
	}
	return true;
}

/* The most useful of curl's message and its generic text for a code. */
static const char *
download_curl_message(const struct transfer *t, CURLcode rc)
{
	return t->curl_error[0] != '\0' ? t->curl_error :
	    curl_easy_strerror(rc);
}

/* Keeps the answer's ETag (of the last request, after redirects). */
static void
download_etag(struct transfer *t)
{
	struct download *d = t->item;
#if LIBCURL_VERSION_NUM >= 0x075400
	struct curl_header *h = NULL;

	if (curl_easy_header(t->easy, "ETag", 0, CURLH_HEADER, -1, &h) ==
	    CURLHE_OK && h != NULL && h->value != NULL &&
	    strlen(h->value) < sizeof(d->etag) &&
	    strpbrk(h->value, "\r\n") == NULL) {
		memcpy(d->etag, h->value, strlen(h->value) + 1);
		return;
	}
#endif
	/* Without libcurl's header API (7.84): no ETag, a full download. */
	d->etag[0] = '\0';
}

/*
 * Classifies a finished attempt, filling item->error when it failed.
 */
static enum download_outcome
download_classify(struct transfer *t, CURLcode rc)
{
	struct download *d = t->item;
	curl_off_t length = -1, got = 0, retry_after = 0, connect_us = 0;
	long status = 0;
	int64_t elapsed_ms;
	char reason[sizeof(d->error)];

	t->retry_after_ms = 0;
	(void)curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	d->http_status = status;
	elapsed_ms = monotonic_ms() - t->started_ms;

	switch (rc) {
	case CURLE_OK:
		break;
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
		if (rc == CURLE_FILESIZE_EXCEEDED || t->too_big) {
			download_error(d, "body larger than "
			    "%zu bytes (%s)", download_max_bytes(t),
			    d->max_bytes != 0 ? "MIRROR_MAX_BYTES" :
			    "DOWNLOAD_MAX_BYTES");
			return OUTCOME_NEXT;
		}
		if (t->write_errno != 0) {
			download_error(d, "cannot write the body: %s",
			    strerror(t->write_errno));
			return OUTCOME_FAIL;
		}
		download_error(d, "%s",
		    download_curl_message(t, rc));
		return OUTCOME_FAIL;
	case CURLE_OPERATION_TIMEDOUT:
		(void)curl_easy_getinfo(t->easy, CURLINFO_SIZE_DOWNLOAD_T,
		    &got);
		(void)curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T,
		    &connect_us);
		/*
		 * curl reports three timeouts with one code; tell them apart
		 * by what had happened when it fired.
		 */
		if (elapsed_ms + 250 >= t->opts->timeout * 1000)
			download_error(d, "timed out after "
			    "%ld s (%" CURL_FORMAT_CURL_OFF_T " bytes "
			    "received)", t->opts->timeout, got);
		else if (connect_us == 0 && status == 0 &&
		    strncmp(d->url, "file:", 5) != 0) {
			download_error(d, "connection timed "
			    "out after %ld s", t->opts->connect_timeout);
			return OUTCOME_UNREACHABLE;
		} else
			download_error(d, "stalled: less "
			    "than 1 byte/s for %ld s", t->opts->stall_timeout);
		return OUTCOME_RETRY;
	case CURLE_PARTIAL_FILE:
		(void)curl_easy_getinfo(t->easy,
		    CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
		(void)curl_easy_getinfo(t->easy, CURLINFO_SIZE_DOWNLOAD_T,
		    &got);
		if (length > got)
			download_error(d, "truncated body "
			    "(transfer closed with %" CURL_FORMAT_CURL_OFF_T
			    " bytes remaining)", length - got);
		else
			download_error(d, "truncated body "
			    "(%s)", download_curl_message(t, rc));
		return OUTCOME_RETRY;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
		download_error(d, "%s",
		    download_curl_message(t, rc));
		return OUTCOME_UNREACHABLE;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		download_error(d, "%s",
		    download_curl_message(t, rc));
		return OUTCOME_RETRY;
	case CURLE_PEER_FAILED_VERIFICATION:
		/* Never retried: the certificate will not change in a second. */
		if (trust_explain(t->easy, rc, t->curl_error, reason,
		    sizeof(reason)))
			download_error(d, "%s", reason);
		else
			download_error(d, "%s", download_curl_message(t, rc));
		return OUTCOME_NEXT;
	case CURLE_FILE_COULDNT_READ_FILE:
		download_error(d, "file not found (%s)",
		    download_curl_message(t, rc));
		return OUTCOME_NEXT;
	default:
		/* TLS verification, bad URL, unsupported scheme, redirects. */
		download_error(d, "%s",
		    download_curl_message(t, rc));
		return OUTCOME_NEXT;
	}

	download_etag(t);
	if (status == 304 && d->if_none_match != NULL) {
		d->not_modified = true;
		return OUTCOME_OK;
	}
	if (status != 0 && (status < 200 || status > 299)) {
		download_error(d, "HTTP %ld", status);
		if (status != 429 && status < 500)
			return OUTCOME_NEXT;
		if ((status == 429 || status == 503) &&
		    curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER,
		    &retry_after) == CURLE_OK && retry_after > 0)
			t->retry_after_ms = retry_after >
			    DOWNLOAD_RETRY_AFTER_MAX_MS / 1000 ?
			    DOWNLOAD_RETRY_AFTER_MAX_MS :
			    (long)retry_after * 1000;
		return OUTCOME_RETRY;
	}
	return download_check_body(t) ? OUTCOME_OK : OUTCOME_NEXT;
}

/* Sets the options that every attempt of every item shares. */
static bool
download_setup(struct transfer *t)
{
	const struct download_options *o = t->opts;
	CURL *e = t->easy;
	bool ok = true;

#define SET(opt, val) ok = ok && curl_easy_setopt(e, opt, val) == CURLE_OK
	SET(CURLOPT_URL, t->item->url);
	SET(CURLOPT_PRIVATE, (void *)t);
	SET(CURLOPT_ERRORBUFFER, t->curl_error);
	SET(CURLOPT_WRITEFUNCTION, download_write);
	SET(CURLOPT_WRITEDATA, (void *)t);
	SET(CURLOPT_USERAGENT, o->user_agent);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	SET(CURLOPT_TIMEOUT, o->timeout);
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, o->stall_timeout);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)download_max_bytes(t));
	if (t->item->if_none_match != NULL) {
		struct buf h = BUF_INIT;

		buf_printf(&h, "If-None-Match: %s", t->item->if_none_match);
		t->headers = curl_slist_append(NULL, buf_str(&h));
		buf_free(&h);
		ok = ok && t->headers != NULL;
		SET(CURLOPT_HTTPHEADER, t->headers);
	}
	ok = ok && trust_setup(e, o->ca_file, o->extra_certs);
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, 5L);
	SET(CURLOPT_FAILONERROR, 0L);
	/* Compressed transfer when offered; the size limit is on the text. */
	SET(CURLOPT_ACCEPT_ENCODING, "");
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https,file");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS |
	    CURLPROTO_FILE));
	SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
#undef SET
	return ok;
}

/* Starts one attempt. */
static bool
download_start(CURLM *multi, struct transfer *t)
{
	CURLMcode mc;

	buf_reset(&t->item->body);
	t->item->bytes = 0;
	t->item->not_modified = false;
	t->item->etag[0] = '\0';
	t->write_errno = 0;
	/* A retry starts the file afresh. */
	if (t->item->to_file && (ftruncate(t->item->fd, 0) == -1 ||
	    lseek(t->item->fd, 0, SEEK_SET) == -1)) {
		log_errno("download: %s: cannot rewind its file",
		    download_name(t->item));
		return false;
	}
	t->too_big = false;
	t->curl_error[0] = '\0';
	t->item->error[0] = '\0';
	t->item->attempts++;
	t->started_ms = monotonic_ms();
	/* The base may have changed since the last attempt. */
	if (curl_easy_setopt(t->easy, CURLOPT_URL, t->item->url) !=
	    CURLE_OK) {
		log_warn("download: %s: cannot set its URL",
		    download_name(t->item));
		return false;
	}
	mc = curl_multi_add_handle(multi, t->easy);
	if (mc != CURLM_OK) {
		log_warn("download: %s: %s", download_name(t->item),
		    curl_multi_strerror(mc));
		return false;
	}
	t->active = true;
	log_debug("download: %s: attempt %d", download_name(t->item),
	    t->item->attempts);
	return true;
}

/*
 * Ends an attempt: the item succeeds, fails for good, moves on to its next
 * base, or is scheduled for another attempt after its back-off, without
 * holding up the others.
 *
 * The time an item may take stays that of one base: DOWNLOAD_RETRIES is
 * one budget of back-off retries for the item, spent on whichever bases
 * fail transiently, and the move to the next base is immediate.  So with
 * N bases an item makes at most DOWNLOAD_RETRIES + N attempts, and waits
 * the back-off delays of DOWNLOAD_RETRIES retries at most, as with one.
 * A base that cannot serve the file (OUTCOME_NEXT) is left at once; one
 * that cannot be reached is left at once when another base remains (it
 * is retried as the last one); a transient failure is retried on the same
 * base while the budget lasts, then that base is left too.
 */
static void
download_finish(CURLM *multi, struct transfer *t, CURLcode rc)
{
	struct download *d = t->item;
	enum download_outcome outcome;
	bool next;
	long delay;
	int i;
	char reason[sizeof(d->error)];

	(void)curl_multi_remove_handle(multi, t->easy);
	t->active = false;
	outcome = download_classify(t, rc);
	next = d->urls != NULL && d->url_index + 1 < d->url_count;

	if (outcome == OUTCOME_OK) {
		d->ok = true;
		d->error[0] = '\0';
		t->finished = true;
		log_debug("download: %s: %zu bytes", download_name(d),
		    d->bytes);
		return;
	}
	if (outcome == OUTCOME_UNREACHABLE)
		outcome = next ? OUTCOME_NEXT : OUTCOME_RETRY;
	if (outcome == OUTCOME_RETRY && t->retried < t->opts->retries) {
		delay = t->opts->retry_delay_ms;
		for (i = 0; i < t->retried && delay < DOWNLOAD_DELAY_MAX_MS;
		    i++)
			delay *= 2;
		if (delay > DOWNLOAD_DELAY_MAX_MS)
			delay = DOWNLOAD_DELAY_MAX_MS;
		if (t->retry_after_ms > delay)
			delay = t->retry_after_ms;
		t->retried++;
		log_warn("download: %s: %s; retrying in %ld.%01ld s "
		    "(retry %d of %d)", download_name(d), d->error,
		    delay / 1000, (delay % 1000) / 100, t->retried,
		    t->opts->retries);
		t->not_before_ms = monotonic_ms() + delay;
		return;
	}
	if (outcome != OUTCOME_FAIL && next) {
		log_warn("download: %s: %s; trying the next base: %s",
		    download_name(d), d->error, d->urls[d->url_index + 1]);
		d->url = d->urls[++d->url_index];
		t->not_before_ms = 0;
		return;
	}
	d->ok = false;
	t->finished = true;
	buf_free(&d->body);
	memcpy(reason, d->error, sizeof(reason));
	/* Cut the reason rather than the counts. */
	if (d->urls != NULL && d->url_count > 1)
		download_error(d, "%.*s (every base failed: %d attempts on "
		    "%zu bases)", (int)sizeof(reason) - 48, reason,
		    d->attempts, d->url_count);
	else if (d->attempts > 1)
		download_error(d, "%.*s after %d attempts",
		    (int)sizeof(reason) - 24, reason, d->attempts);
}

bool
download_all(struct download *items, size_t count,
    const struct download_options *opts)
{
	struct transfer *ts = NULL;
	CURLM *multi = NULL;
	CURLMsg *msg;
	CURLMcode mc;
	size_t i, left;
	int running, queued, wait_ms;
	int64_t now, wait;
	bool ok = false;

	for (i = 0; i < count; i++) {
		buf_free(&items[i].body);
		items[i].url_index = 0;
		if (items[i].urls != NULL && items[i].url_count > 0)
			items[i].url = items[i].urls[0];
		items[i].ok = false;
		items[i].error[0] = '\0';
		items[i].attempts = 0;
		items[i].http_status = 0;
		items[i].bytes = 0;
		items[i].not_modified = false;
		items[i].etag[0] = '\0';
	}
	if (count == 0)
		return true;

	ts = xcalloc(count, sizeof(*ts));
	if ((multi = curl_multi_init()) == NULL) {
		log_warn("download: curl_multi_init failed");
		goto out;
	}
	for (i = 0; i < count; i++) {
		ts[i].item = &items[i];
		ts[i].opts = opts;
		if ((ts[i].easy = curl_easy_init()) == NULL ||
		    !download_setup(&ts[i])) {
			log_warn("download: cannot set up a transfer for %s",
			    download_name(&items[i]));
			goto out;
		}
	}

	left = count;
	while (left > 0) {
		now = monotonic_ms();
		for (i = 0; i < count; i++)
			if (!ts[i].active && !ts[i].finished &&
			    ts[i].not_before_ms <= now &&
			    !download_start(multi, &ts[i]))
				goto out;

		mc = curl_multi_perform(multi, &running);
		if (mc != CURLM_OK) {
			log_warn("download: %s", curl_multi_strerror(mc));
			goto out;
		}
		while ((msg = curl_multi_info_read(multi, &queued)) != NULL) {
			struct transfer *t;
			char *priv = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			if (curl_easy_getinfo(msg->easy_handle,
			    CURLINFO_PRIVATE, &priv) != CURLE_OK ||
			    priv == NULL)
				continue;
			t = (struct transfer *)(void *)priv;
			download_finish(multi, t, msg->data.result);
			if (t->finished)
				left--;
		}
		if (left == 0)
			break;

		/* Sleep until curl has work or the next back-off ends. */
		now = monotonic_ms();
		wait = DOWNLOAD_POLL_MAX_MS;
		for (i = 0; i < count; i++)
			if (!ts[i].active && !ts[i].finished &&
			    ts[i].not_before_ms - now < wait)
				wait = ts[i].not_before_ms - now;
		wait_ms = wait < 0 ? 0 : (int)wait;
		mc = curl_multi_poll(multi, NULL, 0, wait_ms, NULL);
		if (mc != CURLM_OK) {
			log_warn("download: %s", curl_multi_strerror(mc));
			goto out;
		}
	}
	ok = true;
out:
	if (ts != NULL) {
		for (i = 0; i < count; i++) {
			if (ts[i].easy == NULL)
				continue;
			if (ts[i].active && multi != NULL)
				(void)curl_multi_remove_handle(multi,
				    ts[i].easy);
			curl_easy_cleanup(ts[i].easy);
			curl_slist_free_all(ts[i].headers);
		}
		free(ts);
	}
	if (multi != NULL)
		(void)curl_multi_cleanup(multi);
	return ok;
}

void
download_free(struct download *items, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		buf_free(&items[i].body);
}
