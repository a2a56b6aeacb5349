#include "mend.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

static void
put_u00(struct buf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

	buf_append(out, e, sizeof(e));
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* The escape at s[0..n) (s[0] is the backslash); returns bytes read. */
static size_t
mend_escape(struct buf *out, const char *s, size_t n)
{
	if (n < 2) {
		buf_puts(out, "\\\\");	/* a lone backslash at the end */
		return 1;
	}
	switch (s[1]) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n':
	case 'r': case 't':
		buf_append(out, s, 2);
		return 2;
	case 'a':
		put_u00(out, 0x07);
		return 2;
	case 'v':
		put_u00(out, 0x0b);
		return 2;
	case 'u':
		if (n >= 6 && is_hex(s[2]) && is_hex(s[3]) && is_hex(s[4]) &&
		    is_hex(s[5])) {
			buf_append(out, s, 6);
			return 6;
		}
		break;
	default:
		break;
	}
	buf_puts(out, "\\\\");	/* unknown: the backslash was a character */
	return 1;
}

/*
 * The length of the run at s[0..n) that stays as it is: printable ASCII
 * but the quote and, in a string, the backslash, out of one, the minus.
 * Nearly every line is one such run between quotes: copied in blocks, the
 * mending costs the follower little per line.
 */
static size_t
plain_run(const char *s, size_t n, bool in_string)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f || c == '"' ||
		    c == (in_string ? '\\' : '-'))
			break;
	}
	return i;
}

/*
 * Whether s[0..n) is already what accesslog_mend would write: printable
 * ASCII, its strings closed, no backslash in them (lighttpd escapes what
 * a client sent with one), no minus outside them.  Nearly every line is:
 * one pass over a byte table and one copy, 1.5 K instructions a line
 * against 9 K through the mending (callgrind, 50,000 lines of a bench).
 */
enum { AS_IS_PLAIN, AS_IS_QUOTE, AS_IS_MINUS, AS_IS_NEVER };

static bool
as_is(const char *s, size_t n)
{
	static unsigned char kind[256];
	static bool known;
	bool in_string = false;
	size_t i;
	int c;

	if (!known) {
		for (c = 0; c < 256; c++)
			kind[c] = c < 0x20 || c >= 0x7f || c == '\\' ?
			    AS_IS_NEVER : c == '"' ? AS_IS_QUOTE :
			    c == '-' ? AS_IS_MINUS : AS_IS_PLAIN;
		known = true;
	}
	for (i = 0; i < n; i++) {
		while (kind[(unsigned char)s[i]] == AS_IS_PLAIN && i + 1 < n)
			i++;
		switch (kind[(unsigned char)s[i]]) {
		case AS_IS_PLAIN:
			break;
		case AS_IS_QUOTE:
			in_string = !in_string;
			break;
		case AS_IS_MINUS:
			if (!in_string)
				return false;
			break;
		default:
			return false;
		}
	}
	return !in_string;
}

void
accesslog_mend(struct buf *out, const char *s, size_t n)
{
	bool in_string = false;
	unsigned char c;
	uint32_t cp;
	size_t i = 0, k;

	if (as_is(s, n)) {
		buf_append(out, s, n);
		return;
	}

	while (i < n) {
		if ((k = plain_run(s + i, n - i, in_string)) > 0) {
			buf_append(out, s + i, k);
			i += k;
			continue;
		}
		c = (unsigned char)s[i];
		if (!in_string) {
			if (c == '"')
				in_string = true;
			if (c == '-' && (i + 1 >= n || s[i + 1] < '0' ||
			    s[i + 1] > '9'))
				buf_putc(out, '0');
			else if (c >= 0x20 && c < 0x7f)
				buf_putc(out, (char)c);
			/* else: nothing of lighttpd's outside strings */
			i++;
		} else if (c == '"') {
			buf_putc(out, '"');
			in_string = false;
			i++;
		} else if (c == '\\') {
			i += mend_escape(out, s + i, n - i);
		} else if (c < 0x20 || c == 0x7f) {
			put_u00(out, c);
			i++;
		} else if (c < 0x80) {
			buf_putc(out, (char)c);
			i++;
		} else if ((k = text_utf8_next(s + i, n - i, &cp)) > 0) {
			buf_append(out, s + i, k);
			i += k;
		} else {
			buf_puts(out, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
		}
	}
	if (in_string)
		buf_putc(out, '"');
}
