/*
 * The access log's last mile.  lighttpd renders each request as a line of
 * JSON (lighttpd.conf's accesslog.format, accesslog.escaping "json"), but
 * its escaping leaves two holes: bytes that are not UTF-8 pass through
 * raw, and BEL and VT become "\a" and "\v", which JSON does not know; and
 * a number it does not have (%b when nothing was sent) is a bare "-".
 * medicaments-accesslog reads those lines from the file lighttpd writes
 * them to (follow.h), or from its pipe, mends them and appends
 * them to the log file.
 */
#ifndef MEDICAMENTS_ACCESSLOG_MEND_H
#define MEDICAMENTS_ACCESSLOG_MEND_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends line[0..n) (no newline) to out as lighttpd meant it: inside
 * strings, bytes that are not UTF-8 become U+FFFD, raw control bytes and
 * DEL become \u00XX, \a and \v become \u0007 and \u000b, any other unknown
 * escape is taken literally ("\q" is "\\q"), a string cut short is closed;
 * outside strings, a "-" not followed by a digit becomes 0.
 */
void	accesslog_mend(struct buf *out, const char *line, size_t n);

#endif
