/*
 * A growable byte buffer, always NUL-terminated so that its text can be handed
 * to C string functions.  Allocation failures abort (see xalloc.h).
 */
#ifndef MEDICAMENTS_BUF_H
#define MEDICAMENTS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* NULL until the first append */
	size_t	 len;	/* bytes used, the NUL excluded */
	size_t	 cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void	buf_reserve(struct buf *b, size_t extra);
void	buf_append(struct buf *b, const void *data, size_t len);
void	buf_puts(struct buf *b, const char *s);
void	buf_putc(struct buf *b, char c);
/* Appends n in decimal, as "%lld" would, without printf's cost. */
void	buf_put_decimal(struct buf *b, long long n);
void	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	buf_reset(struct buf *b);
void	buf_free(struct buf *b);
/*
 * Empties b to be filled again: reset while its allocation is at most
 * keep bytes, freed beyond.  A buffer refilled answer after answer then
 * allocates once, and a rare large one is given back.
 */
void	buf_recycle(struct buf *b, size_t keep);
/* The buffer's text, "" when nothing was appended. */
const char *buf_str(const struct buf *b);

#endif
