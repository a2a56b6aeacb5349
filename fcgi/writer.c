#include "writer.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

bool
writer_put(struct writer *w, const void *data, size_t len)
{
	if (w->failed)
		return false;
	if (len == 0)
		return true;
	if (!w->write(w->ctx, data, len)) {
		/* Logged once: the rest of this response is dropped silently. */
		log_info("client gone: response cut after %llu bytes",
		    w->written);
		w->failed = true;
		return false;
	}
	w->written += len;
	return true;
}

bool
writer_puts(struct writer *w, const char *s)
{
	return writer_put(w, s, strlen(s));
}

static bool
stdio_write(void *ctx, const char *data, size_t len)
{
	FILE *f = ctx;

	return fwrite(data, 1, len, f) == len;
}

void
writer_init_stdio(struct writer *w, void *file)
{
	w->write = stdio_write;
	w->ctx = file;
	w->failed = false;
	w->written = 0;
}
