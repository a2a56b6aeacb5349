#include "uri.h"

void
uri_file(struct buf *out, const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	buf_puts(out, path[0] == '/' ? "file://" : "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' ||
		    *p >= 0x7F) {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 0xF]);
		} else
			buf_putc(out, (char)*p);
	}
	buf_putc(out, '?');
	buf_puts(out, query);
}
