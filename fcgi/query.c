#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "change_types.h"
#include "text.h"
#include "timefmt.h"
#include "xalloc.h"

static const char *const query_messages[QUERY_STATUS_MAX] = {
	"ok",
	"Invalid percent-encoding in the query string",
	"Invalid UTF-8 in the query string",
	"The query string must not contain %00",
};

const char *
query_strerror(enum query_status status)
{
	if ((unsigned)status >= QUERY_STATUS_MAX)
		return "Invalid query string";
	return query_messages[status];
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum query_status
query_decode(struct buf *out, const char *s, size_t n, bool plus_is_space)
{
	enum query_status st = QUERY_OK;
	size_t i, start;
	unsigned char u;
	char *d;
	int hi, lo;
	char c;

	/*
	 * No byte decodes to more than one: reserved once, written in place
	 * (a buf_putc per byte cost a lookup 6 % of its instructions).
	 */
	buf_reserve(out, n);
	d = out->data + out->len;
	/*
	 * Plain ASCII (no '%', '+' or NUL), most segments and values whole,
	 * is copied as it is and needs no UTF-8 check.
	 */
	for (i = 0; i < n; i++) {
		u = (unsigned char)s[i];
		if (u == 0 || u >= 0x80 || u == '%' || u == '+')
			break;
	}
	memcpy(d, s, i);
	d += i;
	start = out->len + i;
	for (; i < n; i++) {
		c = s[i];
		if (c == '%') {
			if (n - i < 3 || (hi = hex_value(s[i + 1])) < 0 ||
			    (lo = hex_value(s[i + 2])) < 0) {
				st = QUERY_BAD_ESCAPE;
				break;
			}
			c = (char)(hi << 4 | lo);
			if (c == '\0') {
				st = QUERY_NUL;
				break;
			}
			i += 2;
		} else if (c == '+' && plus_is_space)
			c = ' ';
		else if (c == '\0') {
			st = QUERY_NUL;
			break;
		}
		*d++ = c;
	}
	/* On error too, out holds what was decoded before it. */
	out->len = (size_t)(d - out->data);
	out->data[out->len] = '\0';
	if (st == QUERY_OK && out->len > start &&
	    !text_utf8_valid(out->data + start, out->len - start))
		st = QUERY_BAD_UTF8;
	return st;
}

void
query_error_set(struct query_error *err, const char *message,
    const char *detail)
{
	snprintf(err->message, sizeof(err->message), "%s", message);
	snprintf(err->detail, sizeof(err->detail), "%s",
	    detail != NULL ? detail : "");
}

/*
 * Reads one "name=value" piece into the table.  While reading (no error
 * yet), decodes the name and the value, false with err on error; past an
 * error, only notes the names that decode and whether a value came.
 */
static bool
query_piece(const char *p, size_t n, const struct query_field *fields,
    size_t nfields, struct query_value *values, struct buf *name,
    struct buf *value, bool reading, struct query_error *err)
{
	const char *eq = memchr(p, '=', n);
	size_t namelen = eq != NULL ? (size_t)(eq - p) : n;
	struct query_value *v = NULL;
	enum query_status st;
	size_t i;

	buf_reset(name);
	if ((st = query_decode(name, p, namelen, true)) != QUERY_OK)
		goto bad;
	for (i = 0; i < nfields; i++)
		if (strcmp(fields[i].name, buf_str(name)) == 0)
			break;
	/* Go's Values.Get: the first value counts, an empty one as none. */
	if (i < nfields && !values[i].seen) {
		v = &values[i];
		v->seen = true;
		/* Each byte decodes to one or fails: the raw length decides. */
		v->present = eq != NULL && namelen + 1 < n;
	}
	if (!reading || eq == NULL)
		return true;
	buf_reset(value);
	if ((st = query_decode(value, eq + 1, n - namelen - 1, true)) !=
	    QUERY_OK)
		goto bad;
	if (v != NULL && v->present) {
		v->text = xstrndup(buf_str(value), value->len);
		v->len = value->len;
	}
	return true;
bad:
	if (reading)
		query_error_set(err, query_strerror(st), NULL);
	return false;
}

bool
query_parse(const char *qs, const struct query_field *fields, size_t nfields,
    struct query_value *values, struct query_error *err,
    struct query_buffers *kept)
{
	struct query_buffers own = { BUF_INIT, BUF_INIT };
	struct query_buffers *b = kept != NULL ? kept : &own;
	const char *p, *amp, *end;
	bool ok = true;

	if (qs == NULL)
		qs = "";
	end = qs + strlen(qs);
	if (end - qs > QUERY_MAX_LENGTH) {
		snprintf(err->message, sizeof(err->message),
		    "Query string too long (at most %d bytes)",
		    QUERY_MAX_LENGTH);
		err->detail[0] = '\0';
		ok = false;
	}
	for (p = qs; p < end; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp > p && !query_piece(p, (size_t)(amp - p), fields,
		    nfields, values, &b->name, &b->value, ok, err))
			ok = false;
	}
	buf_reset(&b->name);
	buf_reset(&b->value);
	buf_free(&own.name);
	buf_free(&own.value);
	return ok;
}

bool
query_validate(const struct query_field *fields, size_t nfields,
    struct query_value *values, struct query_error *err)
{
	size_t i;

	for (i = 0; i < nfields; i++)
		if (values[i].present && fields[i].valid != NULL &&
		    !fields[i].valid(values[i].text, values[i].len,
		    &values[i].number, err))
			return false;
	return true;
}

void
query_values_free(struct query_value *values, size_t nvalues)
{
	size_t i;

	for (i = 0; i < nvalues; i++) {
		free(values[i].text);
		values[i].text = NULL;
		values[i].seen = false;
		values[i].present = false;
		values[i].len = 0;
	}
}

/*
 * Go's unicode.IsSpace, which strings.TrimSpace trims: the Go service
 * rejects a code padded with it before looking at its length.
 */
bool
query_is_go_space(uint32_t cp)
{
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

/*
 * Why s[0..n), not a code of lengths[0] or lengths[1] digits, is refused,
 * judged in the Go service's order (validation/data_validator.go): white
 * space only, then padding, then the length, then the characters.
 * lengths are byte lengths, as Go counts them.
 */
static void
code_refuse(const char *s, size_t n, const size_t lengths[2],
    const char *length_message, const char *ours, struct query_error *err)
{
	static const char invalid[] = "input contains invalid characters. "
	    "Only numeric characters are allowed";
	uint32_t cp, first = '\0', last = '\0';
	bool blank = true;
	size_t i, len;

	for (i = 0; i < n; i += len) {
		if ((len = text_utf8_next(s + i, n - i, &cp)) == 0) {
			cp = '\0';	/* not UTF-8: not a space either */
			len = 1;
		}
		if (i == 0)
			first = cp;
		last = cp;
		blank = blank && query_is_go_space(cp);
	}
	if (blank)
		query_error_set(err, "input cannot be empty", ours);
	else if (query_is_go_space(first) || query_is_go_space(last))
		query_error_set(err, invalid, ours);
	else if (n != lengths[0] && n != lengths[1])
		query_error_set(err, length_message,
		    strcmp(length_message, ours) != 0 ? ours : NULL);
	else
		query_error_set(err, invalid, ours);
}

/*
 * A code of digits (CIS, CIP): valid when it has one of the lengths and
 * digits only, which the usual request tells at once; why not, otherwise
 * (code_refuse).
 */
static bool
code_valid(const char *s, size_t n, const size_t lengths[2],
    long long *number, const char *length_message, const char *ours,
    struct query_error *err)
{
	long long v = 0;
	unsigned digit;
	size_t i;

	if (n != lengths[0] && n != lengths[1])
		goto refuse;
	for (i = 0; i < n; i++) {
		if ((digit = (unsigned char)s[i] - (unsigned)'0') > 9)
			goto refuse;
		v = v * 10 + digit;
	}
	*number = v;
	return true;
refuse:
	code_refuse(s, n, lengths, length_message, ours, err);
	return false;
}

bool
query_valid_cis(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	static const size_t lengths[2] = { 8, 8 };

	return code_valid(s, n, lengths, number, "CIS should have 8 digits",
	    "CIS should have 8 digits", err);
}

bool
query_valid_cip(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	static const size_t lengths[2] = { 7, 13 };

	return code_valid(s, n, lengths, number,
	    "CIP should have 7 or 13 characters",
	    "CIP should have 7 or 13 digits", err);
}

/* Digits only, n in [1, 9]: stores the value. */
static bool
small_number(const char *s, size_t n, long long *number)
{
	long long v = 0;
	size_t i;

	if (n < 1 || n > 9 || !text_all_digits(s, n))
		return false;
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*number = v;
	return true;
}

bool
query_valid_group(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	if (small_number(s, n, number))
		return true;
	query_error_set(err, "Invalid group ID",
	    "Group ID should have 1 to 9 digits");
	return false;
}

bool
query_valid_substance(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	if (small_number(s, n, number))
		return true;
	query_error_set(err, "Invalid substance code",
	    "A substance code has 1 to 9 digits");
	return false;
}

bool
query_valid_boolean(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	if (n == 4 && memcmp(s, "true", 4) == 0)
		*number = 1;
	else if (n == 5 && memcmp(s, "false", 5) == 0)
		*number = 0;
	else {
		query_error_set(err, "Invalid boolean",
		    "Expected true or false");
		return false;
	}
	return true;
}

bool
query_valid_page(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	if (small_number(s, n, number) && *number >= 1)
		return true;
	query_error_set(err, "Invalid page number",
	    "page should be a whole number from 1");
	return false;
}

bool
query_valid_page_size(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	if (small_number(s, n, number) && *number >= 1 &&
	    *number <= QUERY_PAGE_SIZE_MAX) {
		return true;
	}
	snprintf(err->message, sizeof(err->message),
	    "Invalid pageSize. Must be between 1 and %d",
	    QUERY_PAGE_SIZE_MAX);
	err->detail[0] = '\0';
	return false;
}

bool
query_valid_statut(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	if (n == 1 && s[0] >= '1' && s[0] <= '4') {
		*number = s[0] - '0';
		return true;
	}
	query_error_set(err, "Invalid statut", "statut should be 1 (rupture de "
	    "stock), 2 (tension d'approvisionnement), 3 (arrêt de "
	    "commercialisation) or 4 (remise à disposition)");
	return false;
}

bool
query_valid_atc(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	size_t i;

	(void)number;
	for (i = 0; i < n && n <= QUERY_ATC_MAX; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			break;
	if (n >= 1 && n <= QUERY_ATC_MAX && i == n)
		return true;
	query_error_set(err, "Invalid ATC code", "atc should be the start of "
	    "an ATC code: 1 to 7 letters and digits (N02BE)");
	return false;
}

bool
query_valid_since(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	if (timefmt_parse_iso(s, n, number))
		return true;
	query_error_set(err, "Invalid since: use a date (2026-12-01) or a "
	    "date-time (2026-12-01T06:00:00Z)", NULL);
	return false;
}

bool
query_valid_change_types(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	const char *end = s + n, *comma;
	uint32_t bits, all = 0;
	size_t i;
	int len;

	for (;;) {
		comma = memchr(s, ',', (size_t)(end - s));
		if (comma == NULL)
			comma = end;
		if ((bits = change_type_bits(s, (size_t)(comma - s))) == 0)
			break;
		all |= bits;
		if (comma == end) {
			*number = all;
			return true;
		}
		s = comma + 1;
	}
	/* The name refused, bounded: the list of names must fit too. */
	len = comma - s > 64 ? 64 : (int)(comma - s);
	snprintf(err->message, sizeof(err->message), "Invalid type: %.*s. "
	    "Valid types: ", len, s);
	for (i = 0; i < change_type_name_count; i++) {
		size_t used = strlen(err->message);

		snprintf(err->message + used, sizeof(err->message) - used,
		    "%s%s", i > 0 ? ", " : "", change_type_names[i].name);
	}
	err->detail[0] = '\0';
	return false;
}

const char *const query_change_names[3] = { "added", "removed", "modified" };

bool
query_valid_change(const char *s, size_t n, long long *number,
    struct query_error *err)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (strlen(query_change_names[i]) == n &&
		    memcmp(query_change_names[i], s, n) == 0) {
			*number = (long long)i;
			return true;
		}
	query_error_set(err, "Invalid change: use added, removed or modified",
	    NULL);
	return false;
}
