#include "json.h"

#include <string.h>

#include "json_escape.h"

/* The escaping rule, invalid UTF-8 included, is common/json_escape.h's. */
void
json_string(struct buf *out, const char *s, size_t n)
{
	buf_reserve(out, n + 2);
	buf_putc(out, '"');
	json_escape_append(out, s, n);
	buf_putc(out, '"');
}

void
json_cstring(struct buf *out, const char *s)
{
	json_string(out, s, strlen(s));
}
