#include "uri.h"

#include <stdbool.h>
#include <string.h>

static bool
kept_byte(unsigned char c, enum uri_kept kept)
{
	if (kept == URI_KEPT_SQLITE_PATH)
		return c > ' ' && c < 0x7F && c != '%' && c != '?' &&
		    c != '#';
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~')
		return true;
	return kept == URI_KEPT_PATH && c == '/';
}

void
uri_encode(struct buf *out, const char *s, size_t n, enum uri_kept kept)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (kept_byte(c, kept))
			buf_putc(out, (char)c);
		else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 0xF]);
		}
	}
}

void
uri_file(struct buf *out, const char *path, const char *query)
{
	buf_puts(out, path[0] == '/' ? "file://" : "file:");
	uri_encode(out, path, strlen(path), URI_KEPT_SQLITE_PATH);
	buf_putc(out, '?');
	buf_puts(out, query);
}
