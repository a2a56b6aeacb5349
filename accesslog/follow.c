#include "follow.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/*
 * How often the end of the file is looked at: lighttpd itself holds lines
 * up to a second (it writes when 8 KB are waiting, when the second
 * changes, and every 4 s), so this adds little to the delay, and costs a
 * handful of system calls a second whatever the traffic.
 */
#define FOLLOW_POLL_NS		(200 * 1000 * 1000)
#define FOLLOW_READ_SIZE	(256 * 1024)

/* Reads fd to its end; false on an error (logged). */
static bool
drain(int fd, const char *path, accesslog_feed_fn *feed, void *arg,
    bool *grew)
{
	static char chunk[FOLLOW_READ_SIZE];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n > 0) {
			*grew = true;
			feed(arg, fd, chunk, (size_t)n);
			continue;
		}
		if (n == 0)
			return true;
		if (errno != EINTR) {
			log_errno("reading %s", path);
			return false;
		}
	}
}

/*
 * Whether path now names another file than fd, holding data: lighttpd
 * has reopened the path after a rotation and written there, so it will
 * write no more to fd's file.  An empty new file is not enough: logrotate
 * creates it before lighttpd's last lines reach the old one.
 */
static bool
moved(int fd, const char *path)
{
	struct stat cur, now;

	if (fstat(fd, &cur) != 0 || stat(path, &now) != 0)
		return false;
	return (now.st_dev != cur.st_dev || now.st_ino != cur.st_ino) &&
	    now.st_size > 0;
}

bool
accesslog_follow(const char *path, int fd, accesslog_gone_fn *gone,
    accesslog_feed_fn *feed, accesslog_tick_fn *tick, void *arg)
{
	struct timespec pause = { 0, FOLLOW_POLL_NS };
	bool done, grew, ok = false;
	int next;

	if (fd == -1 && (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_errno("%s: cannot open it for reading", path);
		return false;
	}
	for (;;) {
		/*
		 * Looked at before reading: once lighttpd has exited, the
		 * read that follows sees everything it wrote.
		 */
		done = gone(arg);
		grew = false;
		if (!drain(fd, path, feed, arg, &grew))
			goto out;
		if (moved(fd, path)) {
			if ((next = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
				log_errno("%s: cannot open it for reading "
				    "after its rotation", path);
			} else {
				/* What lighttpd wrote before it moved. */
				if (!drain(fd, path, feed, arg, &grew)) {
					(void)close(next);
					goto out;
				}
				(void)close(fd);
				fd = next;
				continue;
			}
		}
		if (done)
			break;
		tick(arg, grew);
		(void)nanosleep(&pause, NULL);	/* a signal cuts it short */
	}
	ok = true;
out:
	(void)close(fd);
	return ok;
}
