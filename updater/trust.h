/*
 * What the downloads trust: the system's store (or DOWNLOAD_CA_FILE instead
 * of it), plus the extra certificates of DOWNLOAD_EXTRA_CA_FILE, which only
 * complete chains that servers send incomplete (the BDPM site omits its
 * intermediate).  Every TLS check stays on: chain, expiry, host name.
 */
#ifndef MEDICAMENTS_TRUST_H
#define MEDICAMENTS_TRUST_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

/* The certificates of one PEM file, parsed (OpenSSL objects inside). */
struct trust_certs;

/*
 * Reads every certificate of the PEM file at path, named by the variable
 * name in messages.  extra: the certificates are to be added to the store
 * (DOWNLOAD_EXTRA_CA_FILE), so a self-signed one is refused (a root would
 * add trust rather than complete a chain) and so is a libcurl whose TLS
 * library is not OpenSSL (they are added through OpenSSL's API).  Returns
 * NULL with one line in error when the file cannot be read or holds no
 * certificate or a damaged one.  The caller frees the result with
 * trust_certs_free.
 */
struct trust_certs	*trust_certs_load(const char *name, const char *path,
			    bool extra, char *error, size_t error_size);

void	trust_certs_free(struct trust_certs *certs);

/*
 * Sets the TLS options of easy: peer and host name verification, ca_file
 * (when not NULL) instead of the system's store, and the extra certificates
 * (when not NULL) added to the store at every handshake; intermediates are
 * never trust anchors.  Returns false when libcurl refuses an option.  The
 * certificates must outlive the handle.
 */
bool	trust_setup(CURL *easy, const char *ca_file,
	    const struct trust_certs *extra);

/*
 * When rc is a failed certificate verification, writes its one-line reason
 * (issuer unknown, expired, host name...) and what fixes it into out and
 * returns true; returns false for any other failure.  curl_error is the
 * transfer's CURLOPT_ERRORBUFFER.
 */
bool	trust_explain(CURL *easy, CURLcode rc, const char *curl_error,
	    char *out, size_t out_size);

#endif
