/*
 * The query string: RFC 3986 percent-decoding, parameters read against a
 * table of the ones a route accepts (kcgi's kvalid style), and the
 * validators of every parameter of the API.  Nothing here touches the
 * database: a value reaches a handler only once it is decoded, valid
 * UTF-8, bounded and checked.
 */
#ifndef MEDICAMENTS_FCGI_QUERY_H
#define MEDICAMENTS_FCGI_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Longest query string read at all (lighttpd bounds the request line too). */
#define QUERY_MAX_LENGTH	4096
/* Room for a validation message. */
#define QUERY_MSG_SIZE		256

enum query_status {
	QUERY_OK,
	QUERY_BAD_ESCAPE,	/* '%' not followed by two hex digits */
	QUERY_BAD_UTF8,		/* the decoded bytes are not UTF-8 */
	QUERY_NUL,		/* %00: no C string may hold it */
	QUERY_STATUS_MAX
};

/*
 * Appends the decoding of s[0..n) to out.  With plus_is_space, '+' is a
 * space (query strings as browsers send them); "%2B" is always '+'.
 */
enum query_status query_decode(struct buf *out, const char *s, size_t n,
	    bool plus_is_space);
const char *query_strerror(enum query_status status);

/*
 * Checks s[0..n) (decoded, NUL-terminated) and stores its numeric value in
 * *number for the numeric ones.  On failure writes the message the client
 * gets (400) into msg.
 */
typedef bool (*query_validator)(const char *s, size_t n, long long *number,
	    char *msg, size_t msgsize);

struct query_field {
	const char	*name;
	size_t		 max_bytes;	/* longest decoded value accepted */
	query_validator	 valid;
};

struct query_value {
	bool		 present;
	char		*text;		/* decoded, NUL-terminated, owned */
	size_t		 len;
	long long	 number;	/* set by numeric validators */
};

/*
 * Reads the raw query string qs against fields[0..nfields): values[i]
 * receives fields[i].  Other names are decoded too (an invalid escape
 * anywhere is an error) and ignored.  A name given twice, a value over its
 * max_bytes, or a query over QUERY_MAX_LENGTH is an error.  Returns false
 * with the client's message in msg.  values must be zeroed by the caller
 * and freed with query_values_free, whatever the result.
 */
bool	query_parse(const char *qs, const struct query_field *fields,
	    size_t nfields, struct query_value *values, char *msg,
	    size_t msgsize);

/* Runs the validator of every present value; false with msg on the first failure. */
bool	query_validate(const struct query_field *fields, size_t nfields,
	    struct query_value *values, char *msg, size_t msgsize);

void	query_values_free(struct query_value *values, size_t nvalues);

/* How many of values[0..n) are present. */
size_t	query_count_present(const struct query_value *values, size_t n);

/*
 * True when the raw query string has a parameter whose name, decoded as
 * query_parse decodes it, is name: for the rate limit's cost, before any
 * validation ("se%61rch=" is a search and costs what a search costs).
 */
bool	query_has_name(const char *qs, const char *name);

/* Validators of the API's parameters (API.md, "Validation"). */
bool	query_valid_cis(const char *, size_t, long long *, char *, size_t);
bool	query_valid_cip(const char *, size_t, long long *, char *, size_t);
bool	query_valid_group(const char *, size_t, long long *, char *, size_t);
bool	query_valid_page(const char *, size_t, long long *, char *, size_t);
bool	query_valid_page_size(const char *, size_t, long long *, char *,
	    size_t);

/* pageSize: default and largest. */
#define QUERY_PAGE_SIZE_DEFAULT	10
#define QUERY_PAGE_SIZE_MAX	200

#endif
