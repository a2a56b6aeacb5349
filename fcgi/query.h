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
#include <stdint.h>

#include "buf.h"

/* Longest query string read at all (lighttpd bounds the request line too). */
#define QUERY_MAX_LENGTH	4096
/* Room for a validation message, and for its detail. */
/* (512: ?type='s message lists every type's name.) */
#define QUERY_MSG_SIZE		512

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
 * What the client is told (400): message is the Go service's text where it
 * answers the same condition (its clients may compare it), detail our more
 * precise explanation ("" when message says it all).
 */
struct query_error {
	char	message[QUERY_MSG_SIZE];
	char	detail[QUERY_MSG_SIZE];
};

/* Sets err's message and, with detail != NULL, its detail. */
void	query_error_set(struct query_error *err, const char *message,
	    const char *detail);

/*
 * Checks s[0..n) (decoded, NUL-terminated) and stores its numeric value in
 * *number for the numeric ones.  On failure fills err.  Each validator
 * bounds its own length; n is at most QUERY_MAX_LENGTH.
 */
typedef bool (*query_validator)(const char *s, size_t n, long long *number,
	    struct query_error *err);

struct query_field {
	const char	*name;
	query_validator	 valid;
	int		 cost;		/* tokens (route_cost), 0: unpriced */
};

struct query_value {
	bool		 seen;		/* the name occurred: its first value counts */
	bool		 present;	/* ... and was not empty */
	char		*text;		/* decoded, NUL-terminated, owned, or NULL */
	size_t		 len;
	long long	 number;	/* set by numeric validators */
};

/* Where query_parse decodes each name and value before it keeps them. */
struct query_buffers {
	struct buf	 name, value;
};

/*
 * Reads the raw query string qs against fields[0..nfields): values[i]
 * receives fields[i].  Parameters are read as the Go service reads them
 * (net/url's Values.Get): a repeated name keeps its first value, and an
 * empty first value is the same as an absent parameter ("search=&search=x"
 * has no search).  Every piece is decoded, names and values, repeated or
 * unknown: an invalid escape, invalid UTF-8 or %00 anywhere is an error
 * (API.md), as is a query over QUERY_MAX_LENGTH.  Returns false with err
 * filled (the first error).  Even then the whole query is read for the
 * rate limit's price: seen and present still say which names (those that
 * decode) came with a value ("se%61rch=%zz" is a search), their text
 * being NULL past the error.  values must be zeroed by the caller and
 * freed with query_values_free, whatever the result.  kept: buffers the
 * caller keeps from one query to the next (left reset), or NULL for
 * buffers of its own.
 */
bool	query_parse(const char *qs, const struct query_field *fields,
	    size_t nfields, struct query_value *values,
	    struct query_error *err, struct query_buffers *kept);

/* Validates every present value; false with err on the first refusal. */
bool	query_validate(const struct query_field *fields, size_t nfields,
	    struct query_value *values, struct query_error *err);

void	query_values_free(struct query_value *values, size_t nvalues);

/*
 * Validators of the API's parameters (API.md, "Validation"), with the Go
 * service's messages.
 */
bool	query_valid_cis(const char *, size_t, long long *,
	    struct query_error *);
bool	query_valid_cip(const char *, size_t, long long *,
	    struct query_error *);
bool	query_valid_group(const char *, size_t, long long *,
	    struct query_error *);
bool	query_valid_page(const char *, size_t, long long *,
	    struct query_error *);
bool	query_valid_page_size(const char *, size_t, long long *,
	    struct query_error *);

/* "true" or "false" (number 1 or 0). */
bool	query_valid_boolean(const char *, size_t, long long *,
	    struct query_error *);
/* A substance code of CIS_COMPO: 1 to 9 digits. */
bool	query_valid_substance(const char *, size_t, long long *,
	    struct query_error *);
/* statut: a shortage status code, 1 to 4 (API.md "Disponibilité"). */
bool	query_valid_statut(const char *, size_t, long long *,
	    struct query_error *);
/*
 * atc: the start of an ATC code, 1 to 7 letters and digits (either case:
 * the handler upper-cases it).
 */
bool	query_valid_atc(const char *, size_t, long long *,
	    struct query_error *);
#define QUERY_ATC_MAX		7

/*
 * The change feed's (doc/changes.md).  since: an ISO date or date-time
 * (timefmt_parse_iso), number its Unix time.  type: names of
 * common/change_types.c, comma-separated, number the union of their
 * bits.  change: added, removed or modified, number its index in
 * query_change_names.
 */
bool	query_valid_since(const char *, size_t, long long *,
	    struct query_error *);
bool	query_valid_change_types(const char *, size_t, long long *,
	    struct query_error *);
bool	query_valid_change(const char *, size_t, long long *,
	    struct query_error *);
extern const char *const query_change_names[3];

/* True when cp is white space to Go's unicode.IsSpace (strings.TrimSpace). */
bool	query_is_go_space(uint32_t cp);

/* pageSize: default and largest. */
#define QUERY_PAGE_SIZE_DEFAULT	10
#define QUERY_PAGE_SIZE_MAX	200

#endif
