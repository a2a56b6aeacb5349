#include "json_escape.h"

#include <stdint.h>
#include <string.h>

#include "text.h"

size_t
json_escape_next(const char *s, size_t n, char out[JSON_ESCAPE_MAX],
    size_t *outlen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;
	size_t k;

	if (c == '"' || c == '\\') {
		out[0] = '\\';
		out[1] = (char)c;
		*outlen = 2;
	} else if (c == '\n' || c == '\r' || c == '\t') {
		out[0] = '\\';
		out[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		*outlen = 2;
	} else if (c < 0x20 || c == 0x7f) {
		memcpy(out, "\\u00", 4);
		out[4] = hex[c >> 4];
		out[5] = hex[c & 0xf];
		*outlen = 6;
	} else if (c < 0x80) {
		out[0] = (char)c;
		*outlen = 1;
	} else if ((k = text_utf8_next(s, n, &cp)) > 0) {
		memcpy(out, s, k);
		*outlen = k;
		return k;
	} else {
		memcpy(out, "\xef\xbf\xbd", 3);	/* U+FFFD */
		*outlen = 3;
	}
	return 1;
}

void
json_escape_append(struct buf *out, const char *s, size_t n)
{
	char tmp[JSON_ESCAPE_MAX];
	size_t i = 0, run, k;

	buf_reserve(out, n);
	while (i < n) {
		/* Plain ASCII, the usual case, is copied a run at a time. */
		for (run = i; run < n && (unsigned char)s[run] >= 0x20 &&
		    (unsigned char)s[run] < 0x7f && s[run] != '"' &&
		    s[run] != '\\'; run++)
			;
		if (run > i) {
			buf_append(out, s + i, run - i);
			i = run;
			continue;
		}
		i += json_escape_next(s + i, n - i, tmp, &k);
		buf_append(out, tmp, k);
	}
}

size_t
json_escape_bounded(char *dst, size_t cap, const char *s, size_t n)
{
	char tmp[JSON_ESCAPE_MAX];
	size_t len = 0, i = 0, used, k;

	if (cap == 0)
		return 0;
	while (i < n) {
		used = json_escape_next(s + i, n - i, tmp, &k);
		if (len + k >= cap)
			break;
		memcpy(dst + len, tmp, k);
		len += k;
		i += used;
	}
	dst[len] = '\0';
	return len;
}
