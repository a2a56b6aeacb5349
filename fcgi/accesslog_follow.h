/*
 * Following the file lighttpd writes its access log lines to (LOG_DIR/
 * lighttpd-access.raw): lighttpd buffers a file log and writes it 8 KB at
 * a time, never dropping a line, where a piped logger costs it a write(2)
 * per request and loses lines whenever the pipe is full.  The follower
 * reads what lighttpd appends, in large reads a few times a second, and
 * follows the file across rotation: lighttpd moves to the new file on
 * SIGHUP, after writing what it held to the old one.
 */
#ifndef MEDICAMENTS_FCGI_ACCESSLOG_FOLLOW_H
#define MEDICAMENTS_FCGI_ACCESSLOG_FOLLOW_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

typedef void	accesslog_feed_fn(void *arg, const char *data, size_t n);

/*
 * Reads path from its start, and what is appended to it, passing the
 * bytes to feed, until the process writer is gone (this process's parent
 * is no longer writer: lighttpd has exited, having written all it had)
 * and everything it wrote has been read.
 * When path comes to name another file holding data (logrotate renamed
 * the old one, lighttpd reopened the path), the old file is read to its
 * end, then the new one from its start.  False with the reason logged
 * when path cannot be opened or read.
 */
bool	accesslog_follow(const char *path, pid_t writer,
	    accesslog_feed_fn *feed, void *arg);

#endif
