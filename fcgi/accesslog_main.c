/*
 * medicaments-accesslog: lighttpd's piped access logger (see accesslog.h).
 *
 *     accesslog.filename = "|exec medicaments-accesslog [-u USER] FILE"
 *
 * Reads lighttpd's lines on stdin until lighttpd closes the pipe, mends
 * each one into valid JSON and appends it to FILE ("-": stderr), the whole
 * lines of each read in one write(2).  FILE is reopened when logrotate has renamed it away (looked
 * at once a second at most) or on SIGHUP.  Started by lighttpd as root
 * (lighttpd spawns its loggers before dropping privileges), it becomes
 * USER (-u) before opening FILE: it reads what clients sent.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "accesslog.h"
#include "buf.h"
#include "log.h"

/* A longer line is dropped (and said so): lighttpd's are below 512 KB. */
#define ACCESSLOG_LINE_MAX	(1024 * 1024)

static void
on_sighup(int sig)
{
	(void)sig;
	log_reopen();
}

/* Becomes user (and its groups); false with the reason logged. */
static bool
drop_to(const char *user)
{
	struct passwd *pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		log_fatal("-u %s: no such user", user);
		return false;
	}
	if (geteuid() != 0) {
		if (pw->pw_uid == geteuid())
			return true;
		log_fatal("-u %s: only root can become another user", user);
		return false;
	}
	if (pw->pw_uid == 0) {
		log_fatal("-u %s: that is root", user);
		return false;
	}
	if (initgroups(user, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0) {
		log_fatal("-u %s: cannot become that user: %s", user,
		    strerror(errno));
		return false;
	}
	if (setuid(0) == 0) {
		log_fatal("-u %s: could become root again", user);
		return false;
	}
	return true;
}

/* The line that stands for a dropped one, valid JSON like the others. */
static void
dropped_line(struct buf *out, size_t bytes)
{
	char when[40];
	struct tm tm;
	time_t now = time(NULL);

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
		snprintf(when, sizeof(when), "1970-01-01T00:00:00+0000");
	buf_printf(out, "{\"time\":\"%s\",\"error\":\"access log line of %zu "
	    "bytes dropped: longer than %d\"}\n", when, bytes,
	    ACCESSLOG_LINE_MAX);
}

/* Writes out; says so on stderr once per run of failures. */
static void
emit(struct log_file *f, struct buf *out, bool *failing)
{
	if (log_file_write(f, out->data, out->len)) {
		*failing = false;
	} else if (!*failing) {
		log_errno("writing %s", f->path);
		*failing = true;
	}
	buf_reset(out);
}

/* The pipe size asked for: Linux's default pipe-max-size, 1 MiB. */
#define ACCESSLOG_PIPE_SIZE (1024 * 1024)

int
main(int argc, char *argv[])
{
	static char chunk[64 * 1024];
	struct buf line = BUF_INIT, out = BUF_INIT;
	struct log_file file = { .fd = -1 };
	const char *user = NULL, *nl, *p;
	struct sigaction sa;
	size_t skipped = 0;
	bool failing = false;
	char msg[256];
	ssize_t n;
	int c, rc = 1;

	if (!log_init("medicaments-accesslog", msg, sizeof(msg)))
		log_set_level(LOG_INFO);	/* lighttpd-run checked them */
	while ((c = getopt(argc, argv, "u:")) != -1) {
		switch (c) {
		case 'u':
			user = optarg;
			break;
		default:
			log_fatal("usage: medicaments-accesslog [-u USER] FILE");
			return 2;
		}
	}
	if (argc - optind != 1) {
		log_fatal("usage: medicaments-accesslog [-u USER] FILE");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sighup;
	sa.sa_flags = SA_RESTART;
	if (sigemptyset(&sa.sa_mask) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0 ||
	    /* Ctrl-C reaches the whole group: lighttpd's last lines too. */
	    signal(SIGINT, SIG_IGN) == SIG_ERR ||
	    signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		log_fatal("cannot set the signal handlers: %s", strerror(errno));
		return 1;
	}
	if (user != NULL && !drop_to(user))
		return 1;
	/*
	 * lighttpd writes to this pipe without blocking and drops what does
	 * not fit: a pipe as large as the system allows absorbs the bursts
	 * while this process waits for the disk.  Best effort: the default
	 * 64 KiB pipe still works, only with less margin.
	 */
	if (fcntl(STDIN_FILENO, F_SETPIPE_SZ, ACCESSLOG_PIPE_SIZE) == -1 &&
	    errno != EBADF && errno != EINVAL)
		log_warn("cannot enlarge the pipe from lighttpd: %s",
		    strerror(errno));
	if (!log_file_open(&file, argv[optind])) {
		log_fatal("%s: cannot open it for appending: %s", argv[optind],
		    strerror(errno));
		return 1;
	}
	for (;;) {
		n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_errno("reading lighttpd's pipe");
			goto out;
		}
		if (n == 0)
			break;
		for (p = chunk; p < chunk + n; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(chunk + n - p));
			if (nl == NULL) {
				nl = chunk + n - 1;	/* the rest, for later */
				if (skipped > 0 || line.len + (size_t)(chunk +
				    n - p) > ACCESSLOG_LINE_MAX) {
					skipped += line.len +
					    (size_t)(chunk + n - p);
					buf_reset(&line);
				} else
					buf_append(&line, p,
					    (size_t)(chunk + n - p));
				continue;
			}
			if (skipped > 0) {
				dropped_line(&out, skipped + (size_t)(nl - p));
				skipped = 0;
				buf_reset(&line);
			} else {
				buf_append(&line, p, (size_t)(nl - p));
				accesslog_mend(&out, line.data, line.len);
				buf_putc(&out, '\n');
				buf_reset(&line);
			}
		}
		/* The whole lines of a read in one write: fewer calls under load. */
		if (out.len > 0)
			emit(&file, &out, &failing);
	}
	/* A last line without its newline: lighttpd stopped mid-way. */
	if (line.len > 0) {
		accesslog_mend(&out, line.data, line.len);
		buf_putc(&out, '\n');
		emit(&file, &out, &failing);
	}
	rc = 0;
out:
	log_file_close(&file);
	buf_free(&line);
	buf_free(&out);
	return rc;
}
