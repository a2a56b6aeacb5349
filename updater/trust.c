/*
 * The extra certificates are added to the X509_STORE of every handshake by
 * a CURLOPT_SSL_CTX_FUNCTION callback, rather than handed to libcurl as a
 * combined in-memory bundle (CURLOPT_CAINFO_BLOB): a blob replaces the CA
 * file *and* directory that libcurl would load, so we would have to find
 * and read the system's store ourselves (its paths are libcurl's build
 * choice, the directory is a hashed one that no blob can stand for).  The
 * callback only adds to the store that libcurl fills from its own CA file
 * and directory, whatever they are.
 *
 * libcurl (7.68 and later) marks its store X509_V_FLAG_PARTIAL_CHAIN, which
 * makes any certificate in it a trust anchor: an intermediate of ours would
 * then be trusted without its root.  CURLSSLOPT_NO_PARTIALCHAIN turns that
 * off, and trust_certs_load refuses self-signed certificates, so the extra
 * certificates only ever complete chains that end at a root of the store.
 *
 * When the callback runs differs between libcurl versions: 7.88 (Debian
 * 12, checked) calls it before it loads its CA file into the store, later
 * versions after (curl issue 11800, 8.3); either way the store it loads into is the one we added to,
 * except with libcurl's CA cache (7.87 and later: a CA file and no CA
 * directory, as with DOWNLOAD_CA_FILE), where 7.88 swaps in the store
 * cached by the first handshake of the multi handle.  That works only as
 * long as the first handshake filled the cache, so the cache is off
 * whenever there are extra certificates: each handshake then loads the CA
 * file afresh (Debian's bundle: milliseconds, eleven times a run).
 */
#include "config.h"

#include "trust.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "xalloc.h"

struct trust_certs {
	STACK_OF(X509)	*certs;
};

void
trust_certs_free(struct trust_certs *tc)
{
	if (tc == NULL)
		return;
	sk_X509_pop_free(tc->certs, X509_free);
	free(tc);
}

/* The callback hands OpenSSL objects to libcurl's TLS library. */
static bool
trust_curl_uses_openssl(const char **name)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);

	*name = v != NULL && v->ssl_version != NULL ? v->ssl_version : "none";
	return strncmp(*name, "OpenSSL/", 8) == 0;
}

struct trust_certs *
trust_certs_load(const char *name, const char *path, bool extra,
    char *error, size_t error_size)
{
	struct trust_certs *tc = NULL, *result = NULL;
	struct stat st;
	FILE *fp;
	X509 *x;
	unsigned long err;
	const char *reason, *tls;
	char subject[256];

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(error, error_size, "%s=%s: cannot open it: %s", name,
		    path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(error, error_size, "%s=%s: not a regular file", name,
		    path);
		goto out;
	}
	tc = xcalloc(1, sizeof(*tc));
	if ((tc->certs = sk_X509_new_null()) == NULL) {
		snprintf(error, error_size, "%s: out of memory", name);
		goto out;
	}
	ERR_clear_error();
	while ((x = PEM_read_X509(fp, NULL, NULL, NULL)) != NULL) {
		if (sk_X509_push(tc->certs, x) <= 0) {
			X509_free(x);
			snprintf(error, error_size, "%s: out of memory", name);
			goto out;
		}
		if (extra && (X509_get_extension_flags(x) & EXFLAG_SS) != 0) {
			if (X509_NAME_oneline(X509_get_subject_name(x),
			    subject, sizeof(subject)) == NULL)
				snprintf(subject, sizeof(subject), "?");
			snprintf(error, error_size, "%s=%s: certificate %d "
			    "(%s) is a self-signed root: this file only "
			    "completes chains (a private root goes in "
			    "DOWNLOAD_CA_FILE)", name, path,
			    sk_X509_num(tc->certs), subject);
			goto out;
		}
	}
	/* The end of the file is "no start line"; anything else is damage. */
	err = ERR_peek_last_error();
	if (ferror(fp)) {
		snprintf(error, error_size, "%s=%s: cannot read it", name, path);
		goto out;
	}
	if (err != 0 && (ERR_GET_LIB(err) != ERR_LIB_PEM ||
	    ERR_GET_REASON(err) != PEM_R_NO_START_LINE)) {
		reason = ERR_reason_error_string(err);
		snprintf(error, error_size, "%s=%s: certificate %d is damaged"
		    " (%s)", name, path, sk_X509_num(tc->certs) + 1,
		    reason != NULL ? reason : "unreadable PEM");
		goto out;
	}
	if (sk_X509_num(tc->certs) == 0) {
		snprintf(error, error_size, "%s=%s: no certificate in it "
		    "(expected PEM: -----BEGIN CERTIFICATE-----)", name, path);
		goto out;
	}
	if (extra && !trust_curl_uses_openssl(&tls)) {
		snprintf(error, error_size, "%s=%s: libcurl's TLS library is "
		    "%s, not OpenSSL: extra certificates cannot be added (set "
		    "%s empty for none)", name, path, tls, name);
		goto out;
	}
	result = tc;
	tc = NULL;
out:
	ERR_clear_error();
	trust_certs_free(tc);
	(void)fclose(fp);
	return result;
}

/*
 * CURLOPT_SSL_CTX_FUNCTION: adds the extra certificates to the store that
 * libcurl has just set up for this handshake.  The store takes its own
 * reference on each.
 */
static CURLcode
trust_add_certs(CURL *easy, void *ssl_ctx, void *arg)
{
	const struct trust_certs *tc = arg;
	X509_STORE *store;
	unsigned long err;
	int i;

	(void)easy;
	if ((store = SSL_CTX_get_cert_store(ssl_ctx)) == NULL)
		return CURLE_SSL_CERTPROBLEM;
	for (i = 0; i < sk_X509_num(tc->certs); i++) {
		if (X509_STORE_add_cert(store, sk_X509_value(tc->certs, i)) == 1)
			continue;
		/* Before 1.1.1, OpenSSL refused a certificate already there. */
		err = ERR_peek_last_error();
		if (ERR_GET_LIB(err) != ERR_LIB_X509 ||
		    ERR_GET_REASON(err) != X509_R_CERT_ALREADY_IN_HASH_TABLE)
			return CURLE_SSL_CERTPROBLEM;
		ERR_clear_error();
	}
	return CURLE_OK;
}

bool
trust_setup(CURL *easy, const char *ca_file, const struct trust_certs *extra)
{
	bool ok = true;

#define SET(opt, val) ok = ok && curl_easy_setopt(easy, opt, val) == CURLE_OK
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_SSL_OPTIONS, (long)CURLSSLOPT_NO_PARTIALCHAIN);
	if (ca_file != NULL) {
		/* Instead of the system's store, as curl --cacert. */
		SET(CURLOPT_CAINFO, ca_file);
		SET(CURLOPT_CAPATH, (char *)NULL);
	}
	if (extra != NULL) {
		SET(CURLOPT_SSL_CTX_FUNCTION, trust_add_certs);
		SET(CURLOPT_SSL_CTX_DATA, (void *)extra);
#if LIBCURL_VERSION_NUM >= 0x075700
		SET(CURLOPT_CA_CACHE_TIMEOUT, 0L);
#endif
	}
#undef SET
	return ok;
}

bool
trust_explain(CURL *easy, CURLcode rc, const char *curl_error, char *out,
    size_t out_size)
{
	long result = X509_V_OK;
	const char *why;

	if (rc != CURLE_PEER_FAILED_VERIFICATION)
		return false;
	if (curl_easy_getinfo(easy, CURLINFO_SSL_VERIFYRESULT, &result) !=
	    CURLE_OK)
		result = X509_V_OK;
	why = X509_verify_cert_error_string(result);
	switch (result) {
	case X509_V_OK:
	case X509_V_ERR_UNSPECIFIED:
		/*
		 * OpenSSL accepted the chain (libcurl leaves "unspecified" when
		 * its own checks, after the handshake, fail): libcurl's host
		 * name check, or another of its own, says why.
		 */
		if (curl_error[0] == '\0')
			curl_error = curl_easy_strerror(rc);
		snprintf(out, out_size, "TLS: %s (curl: %s)",
		    strstr(curl_error, "host name") != NULL ? "host name "
		    "mismatch: the certificate is for another host" :
		    "certificate refused", curl_error);
		break;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		snprintf(out, out_size, "TLS: host name mismatch: the "
		    "certificate is for another host (OpenSSL: %s)", why);
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		snprintf(out, out_size, "TLS: certificate issuer unknown "
		    "(OpenSSL: %s): the server sends an incomplete chain; put "
		    "the missing intermediate (PEM) in DOWNLOAD_EXTRA_CA_FILE",
		    why);
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		snprintf(out, out_size, "TLS: certificate issuer unknown "
		    "(OpenSSL: %s): the chain ends at a root this machine does "
		    "not trust (the system's store, or DOWNLOAD_CA_FILE)", why);
		break;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		snprintf(out, out_size, "TLS: certificate expired (OpenSSL: "
		    "%s)", why);
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		snprintf(out, out_size, "TLS: certificate not yet valid "
		    "(OpenSSL: %s): is this machine's clock right?", why);
		break;
	default:
		snprintf(out, out_size, "TLS: certificate refused (OpenSSL: "
		    "%s)", why);
		break;
	}
	return true;
}
