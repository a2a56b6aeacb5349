/*
 * medicaments-accesslog: the access log's writer (see accesslog.h).
 *
 *     medicaments-accesslog [-u USER] -f RAW FILE
 *     accesslog.filename = "|exec medicaments-accesslog [-u USER] FILE"
 *
 * With -f (script/lighttpd-run with LOG_DIR), lighttpd writes its lines to
 * the file RAW itself, buffered, and this process follows RAW
 * (accesslog_follow.h) until lighttpd, its parent, has exited; without,
 * it reads lighttpd's pipe on stdin until lighttpd closes it.  Either way
 * it mends each line into valid JSON and appends it to FILE ("-":
 * stderr), the whole lines of each read in one write(2).  FILE is
 * reopened when logrotate has renamed it away (looked at once a second at
 * most) or on SIGHUP.  Started as root (lighttpd spawns its loggers before
 * dropping privileges, lighttpd-run before starting lighttpd), it becomes
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
#include "accesslog_follow.h"
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

/* Lines as they come, in pieces, mended and written whole. */
struct sink {
	struct buf	 line;		/* the start of a line still coming */
	struct buf	 out;		/* the mended lines of one piece */
	size_t		 skipped;	/* bytes of a line too long, dropped */
	struct log_file	 file;
	bool		 failing;	/* the last write failed (said once) */
};

/* Writes out; says so on stderr once per run of failures. */
static void
emit(struct sink *s)
{
	if (log_file_write(&s->file, s->out.data, s->out.len)) {
		s->failing = false;
	} else if (!s->failing) {
		log_errno("writing %s", s->file.path);
		s->failing = true;
	}
	buf_reset(&s->out);
}

/* The next piece of lighttpd's output, cut anywhere. */
static void
sink_feed(void *arg, const char *data, size_t n)
{
	struct sink *s = arg;
	const char *end = data + n, *nl, *p;

	for (p = data; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			/* The rest, for later. */
			if (s->skipped > 0 || s->line.len + (size_t)(end - p) >
			    ACCESSLOG_LINE_MAX) {
				s->skipped += s->line.len + (size_t)(end - p);
				buf_reset(&s->line);
			} else
				buf_append(&s->line, p, (size_t)(end - p));
			break;
		}
		if (s->skipped > 0) {
			dropped_line(&s->out, s->skipped + (size_t)(nl - p));
			s->skipped = 0;
		} else {
			buf_append(&s->line, p, (size_t)(nl - p));
			accesslog_mend(&s->out, s->line.data, s->line.len);
			buf_putc(&s->out, '\n');
		}
		buf_reset(&s->line);
	}
	/* The whole lines of a read in one write: fewer calls under load. */
	if (s->out.len > 0)
		emit(s);
}

/* A last line without its newline: lighttpd stopped mid-way. */
static void
sink_end(struct sink *s)
{
	if (s->line.len > 0) {
		accesslog_mend(&s->out, s->line.data, s->line.len);
		buf_putc(&s->out, '\n');
		emit(s);
	}
	log_file_close(&s->file);
	buf_free(&s->line);
	buf_free(&s->out);
}

/* The pipe size asked for: Linux's default pipe-max-size, 1 MiB. */
#define ACCESSLOG_PIPE_SIZE (1024 * 1024)

/* lighttpd's pipe on stdin, until lighttpd closes it. */
static bool
read_pipe(struct sink *s)
{
	static char chunk[64 * 1024];
	ssize_t n;

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
	for (;;) {
		n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n > 0)
			sink_feed(s, chunk, (size_t)n);
		else if (n == 0)
			return true;
		else if (errno != EINTR) {
			log_errno("reading lighttpd's pipe");
			return false;
		}
	}
}

#define USAGE	"usage: medicaments-accesslog [-u USER] [-f RAW] FILE"

int
main(int argc, char *argv[])
{
	struct sink sink = {
		.line = BUF_INIT, .out = BUF_INIT, .file = { .fd = -1 }
	};
	const char *user = NULL, *raw = NULL;
	struct sigaction sa;
	pid_t lighttpd = getppid();
	char msg[256];
	bool ok;
	int c;

	if (!log_init("medicaments-accesslog", msg, sizeof(msg)))
		log_set_level(LOG_INFO);	/* lighttpd-run checked them */
	while ((c = getopt(argc, argv, "f:u:")) != -1) {
		switch (c) {
		case 'f':
			raw = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		default:
			log_fatal(USAGE);
			return 2;
		}
	}
	if (argc - optind != 1) {
		log_fatal(USAGE);
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
	/*
	 * Following, lighttpd's exit ends it, once its last lines are read:
	 * a SIGTERM to the whole group must not end it before.
	 */
	if (raw != NULL && signal(SIGTERM, SIG_IGN) == SIG_ERR) {
		log_fatal("cannot ignore SIGTERM: %s", strerror(errno));
		return 1;
	}
	if (user != NULL && !drop_to(user))
		return 1;
	if (!log_file_open(&sink.file, argv[optind])) {
		log_fatal("%s: cannot open it for appending: %s", argv[optind],
		    strerror(errno));
		return 1;
	}
	if (raw != NULL)
		ok = accesslog_follow(raw, lighttpd, sink_feed, &sink);
	else
		ok = read_pipe(&sink);
	sink_end(&sink);
	return ok ? 0 : 1;
}
