/*
 * Following the file lighttpd writes its access log lines to (LOG_DIR/
 * lighttpd-access.raw): lighttpd buffers a file log and writes it 8 KB at
 * a time, never dropping a line, where a piped logger costs it a write(2)
 * per request and loses lines whenever the pipe is full.  The follower
 * reads what lighttpd appends, in large reads a few times a second, and
 * follows the file across rotation: lighttpd moves to the new file on
 * SIGHUP, after writing what it held to the old one.
 */
#ifndef MEDICAMENTS_ACCESSLOG_FOLLOW_H
#define MEDICAMENTS_ACCESSLOG_FOLLOW_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

/* The next bytes read from fd (its offset is just past them). */
typedef void	accesslog_feed_fn(void *arg, int fd, const char *data,
		    size_t n);
/* Once per look at the file, before a pause; grew: bytes were read. */
typedef void	accesslog_tick_fn(void *arg, bool grew);
/* Whether the writer has exited (having written all it had). */
typedef bool	accesslog_gone_fn(void *arg);

/*
 * Reads fd (path opened from its start when fd is -1) from where it is,
 * and what is appended to it, passing the bytes to feed, until gone says
 * the writer has exited and everything it wrote has been read.
 * When path comes to name another file holding data (logrotate renamed
 * the old one, lighttpd reopened the path), the old file is read to its
 * end, then the new one from its start.  False with the reason logged
 * when path cannot be opened or read.  Closes fd.
 */
bool	accesslog_follow(const char *path, int fd, accesslog_gone_fn *gone,
	    accesslog_feed_fn *feed, accesslog_tick_fn *tick, void *arg);

#endif
