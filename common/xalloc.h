/*
 * Allocation policy of the whole project: running out of memory is not a
 * condition any caller can repair, so these wrappers log one line and abort
 * (as lighttpd's ck_malloc does).  Size arithmetic is checked for overflow.
 */
#ifndef MEDICAMENTS_XALLOC_H
#define MEDICAMENTS_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
