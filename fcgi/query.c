#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
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
	size_t i, start = out->len;
	int hi, lo;
	char c;

	buf_reserve(out, n);
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '%') {
			if (n - i < 3 || (hi = hex_value(s[i + 1])) < 0 ||
			    (lo = hex_value(s[i + 2])) < 0)
				return QUERY_BAD_ESCAPE;
			c = (char)(hi << 4 | lo);
			if (c == '\0')
				return QUERY_NUL;
			i += 2;
		} else if (c == '+' && plus_is_space)
			c = ' ';
		else if (c == '\0')
			return QUERY_NUL;
		buf_putc(out, c);
	}
	if (!text_utf8_valid(out->data + start, out->len - start))
		return QUERY_BAD_UTF8;
	return QUERY_OK;
}

/* Decodes one "name=value" piece into the table; false with msg on error. */
static bool
query_piece(const char *p, size_t n, const struct query_field *fields,
    size_t nfields, struct query_value *values, struct buf *name,
    struct buf *value, char *msg, size_t msgsize)
{
	const char *eq = memchr(p, '=', n);
	size_t namelen = eq != NULL ? (size_t)(eq - p) : n;
	enum query_status st;
	size_t i;

	buf_reset(name);
	buf_reset(value);
	if ((st = query_decode(name, p, namelen, true)) != QUERY_OK ||
	    (eq != NULL && (st = query_decode(value, eq + 1,
	    n - namelen - 1, true)) != QUERY_OK)) {
		snprintf(msg, msgsize, "%s", query_strerror(st));
		return false;
	}
	for (i = 0; i < nfields; i++) {
		if (strcmp(fields[i].name, buf_str(name)) != 0)
			continue;
		if (values[i].present) {
			snprintf(msg, msgsize,
			    "Parameter '%s' given more than once",
			    fields[i].name);
			return false;
		}
		if (value->len > fields[i].max_bytes) {
			snprintf(msg, msgsize,
			    "Parameter '%s' is too long (at most %zu bytes)",
			    fields[i].name, fields[i].max_bytes);
			return false;
		}
		values[i].present = true;
		values[i].text = xstrndup(buf_str(value), value->len);
		values[i].len = value->len;
		break;
	}
	return true;
}

bool
query_parse(const char *qs, const struct query_field *fields, size_t nfields,
    struct query_value *values, char *msg, size_t msgsize)
{
	struct buf name = BUF_INIT, value = BUF_INIT;
	const char *p, *amp;
	size_t n, total;
	bool ok = false;

	if (qs == NULL)
		qs = "";
	if ((total = strnlen(qs, QUERY_MAX_LENGTH + 1)) > QUERY_MAX_LENGTH) {
		snprintf(msg, msgsize,
		    "Query string too long (at most %d bytes)",
		    QUERY_MAX_LENGTH);
		goto out;
	}
	for (p = qs; p < qs + total; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(qs + total - p))) == NULL)
			amp = qs + total;
		n = (size_t)(amp - p);
		if (n > 0 && !query_piece(p, n, fields, nfields, values,
		    &name, &value, msg, msgsize))
			goto out;
	}
	ok = true;
out:
	buf_free(&name);
	buf_free(&value);
	return ok;
}

bool
query_validate(const struct query_field *fields, size_t nfields,
    struct query_value *values, char *msg, size_t msgsize)
{
	size_t i;

	for (i = 0; i < nfields; i++)
		if (values[i].present && fields[i].valid != NULL &&
		    !fields[i].valid(values[i].text, values[i].len,
		    &values[i].number, msg, msgsize))
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
		values[i].present = false;
		values[i].len = 0;
	}
}

size_t
query_count_present(const struct query_value *values, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (values[i].present)
			count++;
	return count;
}

bool
query_has_name(const char *qs, const char *name)
{
	struct buf decoded = BUF_INIT;
	size_t n = strlen(name), len;
	const char *p = qs;
	bool found = false;

	while (!found && *p != '\0') {
		/* Decoding never lengthens: only names long enough are read. */
		len = strcspn(p, "&=");
		if (len >= n && len <= 3 * n) {
			buf_reset(&decoded);
			found = query_decode(&decoded, p, len, true) ==
			    QUERY_OK && decoded.len == n &&
			    memcmp(decoded.data, name, n) == 0;
		}
		p += strcspn(p, "&");
		if (*p == '&')
			p++;
	}
	buf_free(&decoded);
	return found;
}

/* Digits only, n in [min, max]: stores the value (at most 13 digits fit). */
static bool
digits_value(const char *s, size_t n, size_t min, size_t max,
    long long *number)
{
	long long v = 0;
	size_t i;

	if (n < min || n > max || !text_all_digits(s, n))
		return false;
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*number = v;
	return true;
}

bool
query_valid_cis(const char *s, size_t n, long long *number, char *msg,
    size_t msgsize)
{
	if (digits_value(s, n, 8, 8, number))
		return true;
	snprintf(msg, msgsize, "CIS should have 8 digits");
	return false;
}

bool
query_valid_cip(const char *s, size_t n, long long *number, char *msg,
    size_t msgsize)
{
	if (digits_value(s, n, 7, 7, number) ||
	    digits_value(s, n, 13, 13, number))
		return true;
	snprintf(msg, msgsize, "CIP should have 7 or 13 digits");
	return false;
}

bool
query_valid_group(const char *s, size_t n, long long *number, char *msg,
    size_t msgsize)
{
	if (digits_value(s, n, 1, 9, number))
		return true;
	snprintf(msg, msgsize, "Group ID should have 1 to 9 digits");
	return false;
}

bool
query_valid_page(const char *s, size_t n, long long *number, char *msg,
    size_t msgsize)
{
	if (digits_value(s, n, 1, 9, number) && *number >= 1)
		return true;
	snprintf(msg, msgsize,
	    "Invalid page number: page should be a whole number from 1");
	return false;
}

bool
query_valid_page_size(const char *s, size_t n, long long *number, char *msg,
    size_t msgsize)
{
	if (digits_value(s, n, 1, 9, number) && *number >= 1 &&
	    *number <= QUERY_PAGE_SIZE_MAX)
		return true;
	snprintf(msg, msgsize, "Invalid pageSize. Must be between 1 and %d",
	    QUERY_PAGE_SIZE_MAX);
	return false;
}
