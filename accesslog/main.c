/*
 * medicaments-accesslog: the access log's writer (see mend.h).
 *
 *     medicaments-accesslog [-u USER] -f RAW [-s STATE] [-n HOST:PORT]
 *         [-p PID] FILE
 *     accesslog.filename = "|exec medicaments-accesslog [-u USER] FILE"
 *
 * With -f (script/lighttpd-run with LOG_DIR), lighttpd writes its lines to
 * the file RAW itself, buffered, and this process follows RAW
 * (follow.h) until lighttpd has exited: lighttpd is PID (-p;
 * 0: it has exited already), whose end medicaments-supervise, which
 * restarts this process whenever it dies, says with SIGUSR2; without -p,
 * lighttpd is the parent.  With STATE (-s, common/accesslog_state.h), it
 * checkpoints where it is after each batch and resumes from there: no
 * line lost or written twice across a crash.  With HOST:PORT (-n), when
 * lighttpd may be holding lines (RAW quiet for a second), it sends
 * lighttpd a request of its own, which makes lighttpd write what it holds
 * (see nudge() below), and leaves that request's line out.  Without -f,
 * it reads lighttpd's pipe on stdin until lighttpd closes it.  Either way
 * it mends each line into valid JSON and appends it to FILE ("-":
 * stderr), the whole lines of each read in one write(2).  FILE is
 * reopened when logrotate has renamed it away (looked at once a second at
 * most) or on SIGHUP.  Started as root (lighttpd spawns its loggers before
 * dropping privileges, lighttpd-run before starting lighttpd), it becomes
 * USER (-u) before opening FILE: it reads what clients sent.
 */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mend.h"
#include "follow.h"
#include "accesslog_state.h"
#include "buf.h"
#include "log.h"
#include "monotonic.h"
#include "xalloc.h"

/* A longer line is dropped (and said so): lighttpd's are below 512 KB. */
#define ACCESSLOG_LINE_MAX	(1024 * 1024)

/* lighttpd's end, said by medicaments-supervise (SIGUSR2) or by -p 0. */
static volatile sig_atomic_t writer_gone;

static void
on_sighup(int sig)
{
	(void)sig;
	log_reopen();
}

static void
on_sigusr2(int sig)
{
	(void)sig;
	writer_gone = 1;
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
	size_t		 out_lines;	/* lines in out */
	size_t		 skipped;	/* bytes of a line too long, dropped */
	struct log_file	 file;
	bool		 failing;	/* the last write failed (said once) */
	/* Following RAW with a checkpoint (-s): */
	int		 state_fd;	/* -1: no checkpoint */
	struct accesslog_state st;
	char		 nudge_key[128]; /* "path" of our own requests' lines */
	/* Nudging lighttpd (-n): */
	struct sockaddr_storage nudge_addr;
	socklen_t	 nudge_len;	/* 0: no nudges */
	int64_t		 last_growth_ms, last_nudge_ms;
	int64_t		 nudge_retry_ms;	/* doubles while none shows */
	pid_t		 writer;	/* lighttpd, or 0 */
	pid_t		 parent;	/* who started this process */
	bool		 writer_is_parent;	/* no -p */
};

/* Writes out; says so on stderr once per run of failures. */
static void
emit(struct sink *s)
{
	if (log_file_write(&s->file, s->out.data, s->out.len)) {
		s->failing = false;
	} else if (s->state_fd != -1) {
		/*
		 * Resumable: rather than lose the lines, stop; the
		 * supervisor starts another follower, which resumes from the
		 * checkpoint (cutting a line half written).
		 */
		log_errno("writing %s", s->file.path);
		exit(1);
	} else if (!s->failing) {
		log_errno("writing %s", s->file.path);
		s->failing = true;
	}
	buf_reset(&s->out);
}

/*
 * Records where the follower is, after a batch was written or RAW's lines
 * were consumed: RAW's file and the offset of the end of its last whole
 * line read; access.log's file and size after the write.  Nothing changed,
 * nothing written: a quiet log costs no write.
 */
static void
checkpoint(struct sink *s, int fd, size_t written, bool force)
{
	char rec[ACCESSLOG_STATE_SIZE];
	struct accesslog_state *st = &s->st;
	struct stat raw, out;
	off_t pos;
	unsigned long long off;
	static bool failed;

	if (s->state_fd == -1 || fstat(fd, &raw) != 0 ||
	    (pos = lseek(fd, 0, SEEK_CUR)) == -1)
		return;
	/* A line begun in the file before: lighttpd writes whole lines. */
	off = (size_t)pos < s->line.len + s->skipped ? 0 :
	    (unsigned long long)pos - s->line.len - s->skipped;
	if (written == 0 && !force &&
	    st->raw_dev == (unsigned long long)raw.st_dev && st->raw_ino == (unsigned long long)raw.st_ino && st->raw_off == off)
		return;
	st->raw_dev = (unsigned long long)raw.st_dev;
	st->raw_ino = (unsigned long long)raw.st_ino;
	st->raw_off = off;
	if ((written > 0 || force) && s->file.fd != -1 &&
	    fstat(s->file.fd, &out) == 0) {
		st->out_dev = (unsigned long long)out.st_dev;
		st->out_ino = (unsigned long long)out.st_ino;
		st->out_size = (unsigned long long)out.st_size;
	}
	if (written > 0) {
		st->lines += written;
		st->last_write = (long long)time(NULL);
	}
	accesslog_state_format(st, rec);
	if (pwrite(s->state_fd, rec, sizeof(rec), 0) != (ssize_t)sizeof(rec)) {
		if (!failed)
			log_errno("writing the checkpoint");
		failed = true;
	} else
		failed = false;
}

/*
 * Whether line is the line of one of our own requests (nudge()): its path
 * holds the secret token, its client is this host.
 */
static bool
own_line(const struct sink *s, const char *line, size_t n)
{
	if (s->nudge_key[0] == '\0' || memmem(line, n, s->nudge_key,
	    strlen(s->nudge_key)) == NULL)
		return false;
	return memmem(line, n, "\"client\":\"127.0.0.1\"", 20) != NULL ||
	    memmem(line, n, "\"client\":\"::1\"", 14) != NULL;
}


/* The next piece of lighttpd's output, cut anywhere. */
static void
sink_feed(void *arg, int fd, const char *data, size_t n)
{
	struct sink *s = arg;
	const char *end = data + n, *nl, *p;
	size_t lines;

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
			s->out_lines++;
			s->skipped = 0;
		} else {
			buf_append(&s->line, p, (size_t)(nl - p));
			if (!own_line(s, s->line.data, s->line.len)) {
				accesslog_mend(&s->out, s->line.data,
				    s->line.len);
				buf_putc(&s->out, '\n');
				s->out_lines++;
			}
		}
		buf_reset(&s->line);
	}
	/* The whole lines of a read in one write: fewer calls under load. */
	lines = s->out_lines;
	if (s->out.len > 0)
		emit(s);
	s->out_lines = 0;
	if (fd != -1)
		checkpoint(s, fd, lines, false);
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

/*
 * Whether lighttpd has exited.  Supervised (-p), medicaments-supervise
 * says so (SIGUSR2); should it die itself, lighttpd's pid is looked at
 * (it may have been reused by then: a follower that runs on is the
 * lesser harm).  Without -p, lighttpd is the parent.
 */
static bool
sink_gone(void *arg)
{
	struct sink *s = arg;

	if (writer_gone)
		return true;
	if (s->writer_is_parent)
		return getppid() != s->writer;
	return getppid() != s->parent && kill(s->writer, 0) == -1 &&
	    errno == ESRCH;
}

/*
 * The delay after which a quiet RAW may hide lines lighttpd holds, and
 * between two requests while none of them shows.
 */
#define NUDGE_QUIET_MS	1000
#define NUDGE_RETRY_MS	250
#define NUDGE_RETRY_MAX_MS	4000	/* lighttpd's own flush is every 4 s */
#define NUDGE_WAIT_MS	500
/* Between connecting and sending: lighttpd's clock is read anew meanwhile. */
#define NUDGE_GAP_NS	(20 * 1000 * 1000)

/*
 * Makes lighttpd write the lines it holds.  lighttpd writes a file log
 * when 8 KB are waiting, when a request is the first whose time falls in
 * a new second (that request's line included), and every 4 s: the tail
 * of a burst can wait 4 s.  A request of ours, once lighttpd's second has
 * changed, makes it write everything it holds, and our line last.  Each
 * time RAW has been quiet for a second (our own lines count: a request
 * answered just after ours waits for the next), one request, to the path
 * lighttpd.conf denies itself (403, no worker); again 250 ms later while
 * nothing shows (lighttpd's second changes when its monotonic one does,
 * which may lag the real clock's), then less and less often.  While traffic flows, RAW grows each second and no request is
 * sent.  The lines of these requests are left out (own_line()).
 */
static void
nudge(struct sink *s)
{
	char req[256], resp[512];
	struct timespec gap = { 0, NUDGE_GAP_NS };
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int fd, err = 0, n;
	ssize_t w;

	n = snprintf(req, sizeof(req), "GET /.well-known/medicaments-"
	    "accesslog-flush/%s HTTP/1.1\r\nHost: localhost\r\n"
	    "User-Agent: medicaments-accesslog\r\nConnection: close\r\n\r\n",
	    s->st.token);
	if (n < 0 || (size_t)n >= sizeof(req))
		return;
	fd = socket(s->nudge_addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (fd == -1)
		return;
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (connect(fd, (struct sockaddr *)&s->nudge_addr, s->nudge_len) != 0 &&
	    (errno != EINPROGRESS || poll(&pfd, 1, NUDGE_WAIT_MS) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0))
		goto out;
	/*
	 * lighttpd reads its clock at the top of its event loop, and
	 * answers a request that was waiting in the same turn: left idle
	 * for up to a second, it would stamp our request with the second of
	 * the lines it holds, and not write them.  Accepting the connection
	 * is one turn; the request, a moment later, comes in the next.
	 */
	(void)nanosleep(&gap, NULL);
	if ((w = send(fd, req, (size_t)n, MSG_NOSIGNAL)) != n)
		goto out;
	/* The answer, so that lighttpd has logged the request. */
	pfd.events = POLLIN;
	if (poll(&pfd, 1, NUDGE_WAIT_MS) == 1 &&
	    read(fd, resp, sizeof(resp)) == -1)
		goto out;	/* nothing to do but close */
out:
	(void)close(fd);
}

static void
sink_tick(void *arg, bool grew)
{
	struct sink *s = arg;
	int64_t now = monotonic_ms();

	if (grew) {
		s->last_growth_ms = now;
		s->nudge_retry_ms = NUDGE_RETRY_MS;
	}
	if (s->nudge_len == 0 || now - s->last_growth_ms < NUDGE_QUIET_MS ||
	    now - s->last_nudge_ms < s->nudge_retry_ms)
		return;
	/*
	 * Not one line since the last request: lighttpd's clock lagged, or
	 * it logs nothing (a test without access log): less and less often.
	 */
	if (s->last_nudge_ms > s->last_growth_ms &&
	    s->nudge_retry_ms < NUDGE_RETRY_MAX_MS)
		s->nudge_retry_ms *= 2;
	s->last_nudge_ms = now;
	nudge(s);
}

/* HOST:PORT (IPv6 in brackets) into s's nudge address. */
static bool
nudge_target(struct sink *s, const char *arg)
{
	struct addrinfo hints, *ai = NULL;
	char host[128];
	const char *colon = strrchr(arg, ':');
	size_t hl;

	if (colon == NULL || colon == arg)
		return false;
	hl = (size_t)(colon - arg);
	if (arg[0] == '[' && colon[-1] == ']') {
		arg++;
		hl -= 2;
	}
	if (hl >= sizeof(host))
		return false;
	memcpy(host, arg, hl);
	host[hl] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 || ai == NULL)
		return false;
	memcpy(&s->nudge_addr, ai->ai_addr, ai->ai_addrlen);
	s->nudge_len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return true;
}

/*
 * Opens the file of dir whose name starts with prefix and whose inode is
 * (dev, ino): where logrotate renamed it.  -1 when there is none.
 */
static int
open_renamed(const char *dir, const char *prefix, unsigned long long dev,
    unsigned long long ino, int flags)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	struct buf path = BUF_INIT;
	int fd = -1;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while (fd == -1 && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, e->d_name);
		if (stat(buf_str(&path), &st) == 0 &&
		    (unsigned long long)st.st_dev == dev &&
		    (unsigned long long)st.st_ino == ino)
			fd = open(buf_str(&path), flags | O_CLOEXEC);
	}
	(void)closedir(d);
	buf_free(&path);
	return fd;
}

/*
 * The whole lines of fd from offset from on (all of them: at most what
 * one follower wrote before dying), a line cut short truncated away.
 * -1 when fd cannot be read.
 */
static long long
lines_after(int fd, const char *name, unsigned long long from)
{
	struct stat st;
	char *data;
	size_t n, keep, lines;
	ssize_t r;

	if (fstat(fd, &st) != 0)
		return -1;
	if ((unsigned long long)st.st_size <= from)
		return 0;
	n = (size_t)((unsigned long long)st.st_size - from);
	data = xmalloc(n);
	r = pread(fd, data, n, (off_t)from);
	if (r != (ssize_t)n) {
		free(data);
		return -1;
	}
	lines = accesslog_count_lines(data, n, &keep);
	free(data);
	if (keep < n) {
		log_warn("%s: a line cut short by a crash, removed", name);
		if (ftruncate(fd, (off_t)(from + keep)) != 0)
			log_errno("%s: cannot truncate it", name);
	}
	return (long long)lines;
}

/* dir and base of path, in d (NUL between them). */
static void
split_path(struct buf *d, const char *path, const char **dir,
    const char **base)
{
	const char *slash = strrchr(path, '/');

	buf_reset(d);
	if (slash == NULL) {
		buf_puts(d, ".");
		buf_putc(d, '\0');
		buf_puts(d, path);
	} else {
		buf_append(d, path, (size_t)(slash - path));
		buf_putc(d, '\0');
		buf_puts(d, slash + 1);
	}
	*dir = buf_str(d);	/* NUL-terminated */
	*base = d->data + strlen(d->data) + 1;
}

/* A line longer than this is not one of our own requests'. */
#define OWN_LINE_MAX	4096

/*
 * Moves fd past the next n lines of RAW that make a line of access.log
 * (those a dead follower wrote but did not checkpoint); false when RAW
 * cannot be read.
 */
static bool
skip_raw(struct sink *s, int fd, const char *raw, size_t n)
{
	static char chunk[64 * 1024];
	struct buf line = BUF_INIT;
	const char *p, *nl, *end;
	off_t base, done;
	ssize_t r;
	bool long_line = false, ok = false;

	if ((base = lseek(fd, 0, SEEK_CUR)) == -1)
		goto out;
	done = base;
	while (n > 0) {
		if ((r = read(fd, chunk, sizeof(chunk))) == -1 &&
		    errno == EINTR)
			continue;
		if (r == -1) {
			log_errno("reading %s", raw);
			goto out;
		}
		if (r == 0) {
			log_warn("%s: %zu line(s) of access.log not in it", raw,
			    n);
			break;
		}
		end = chunk + r;
		for (p = chunk; p < end && n > 0; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
				if (line.len + (size_t)(end - p) < OWN_LINE_MAX)
					buf_append(&line, p, (size_t)(end - p));
				else
					long_line = true;
				break;
			}
			if (!long_line && line.len + (size_t)(nl - p) <
			    OWN_LINE_MAX)
				buf_append(&line, p, (size_t)(nl - p));
			else
				long_line = true;
			if (long_line || !own_line(s, line.data, line.len))
				n--;
			done = base + (nl + 1 - chunk);
			buf_reset(&line);
			long_line = false;
		}
		base += r;
	}
	ok = lseek(fd, done, SEEK_SET) != -1;
out:
	buf_free(&line);
	return ok;
}

/*
 * Where the last follower stopped: reads the checkpoint, counts in
 * access.log (or, rotated since, in access.log-* and the new access.log)
 * the lines it wrote after its last checkpoint, which are skipped, and
 * returns RAW's file (found among lighttpd-access.raw* when rotated)
 * positioned at its checkpointed offset, or -1: RAW from its start.
 */
static int
resume(struct sink *s, const char *state, const char *raw, const char *out)
{
	struct accesslog_state *st = &s->st;
	struct buf dirs = BUF_INIT;
	const char *dir, *base;
	struct stat now;
	unsigned char rnd[ACCESSLOG_TOKEN_LEN / 2];
	long long extra = 0, n;
	int fd = -1, ofd;
	size_t i;

	if (!accesslog_state_read(state, st)) {
		if (errno != ENOENT)
			log_warn("%s: no checkpoint to resume from", state);
		memset(st, 0, sizeof(*st));
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
			log_errno("getrandom");
			exit(1);
		}
		for (i = 0; i < sizeof(rnd); i++)
			snprintf(st->token + 2 * i, 3, "%02x", rnd[i]);
		goto out;
	}
	/* access.log: the lines written after the checkpoint. */
	split_path(&dirs, out, &dir, &base);
	ofd = -1;
	if (stat(out, &now) == 0 &&
	    (unsigned long long)now.st_dev == st->out_dev &&
	    (unsigned long long)now.st_ino == st->out_ino)
		ofd = open(out, O_RDWR | O_CLOEXEC);
	else if (st->out_ino != 0) {
		ofd = open_renamed(dir, base, st->out_dev, st->out_ino,
		    O_RDWR);
		if (ofd != -1) {
			/* Renamed: the new file holds only later lines. */
			n = -1;
			int nfd = open(out, O_RDWR | O_CLOEXEC);
			if (nfd != -1) {
				n = lines_after(nfd, out, 0);
				(void)close(nfd);
			}
			extra += n > 0 ? n : 0;
		}
	}
	if (ofd != -1) {
		n = lines_after(ofd, out, st->out_size);
		extra += n > 0 ? n : 0;
		(void)close(ofd);
	} else if (st->out_ino != 0)
		log_warn("%s: the file of the checkpoint is gone: lines written "
		    "just before a crash may be written twice", out);
	/* RAW: the file and offset of the checkpoint. */
	split_path(&dirs, raw, &dir, &base);
	if (stat(raw, &now) == 0 &&
	    (unsigned long long)now.st_dev == st->raw_dev &&
	    (unsigned long long)now.st_ino == st->raw_ino)
		fd = open(raw, O_RDONLY | O_CLOEXEC);
	else
		fd = open_renamed(dir, base, st->raw_dev, st->raw_ino,
		    O_RDONLY);
	if (fd != -1 && (fstat(fd, &now) != 0 ||
	    (unsigned long long)now.st_size < st->raw_off ||
	    lseek(fd, (off_t)st->raw_off, SEEK_SET) == -1)) {
		(void)close(fd);
		fd = -1;
	}
	snprintf(s->nudge_key, sizeof(s->nudge_key), "\"path\":\"/.well-known/"
	    "medicaments-accesslog-flush/%s\"", st->token);
	/* Another run's file, or none: the lines to skip would be others. */
	if (fd != -1) {
		log_info("resuming %s at byte %llu, %lld line(s) already in %s",
		    raw, st->raw_off, extra, out);
		if (extra > 0 && !skip_raw(s, fd, raw, (size_t)extra)) {
			(void)close(fd);
			fd = -1;
		}
		st->lines += (unsigned long long)extra;
	}
	buf_free(&dirs);
	return fd;
out:
	buf_free(&dirs);
	snprintf(s->nudge_key, sizeof(s->nudge_key), "\"path\":\"/.well-known/"
	    "medicaments-accesslog-flush/%s\"", st->token);
	return fd;
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
			sink_feed(s, -1, chunk, (size_t)n);
		else if (n == 0)
			return true;
		else if (errno != EINTR) {
			log_errno("reading lighttpd's pipe");
			return false;
		}
	}
}

#define USAGE	"usage: medicaments-accesslog [-u USER] [-f RAW [-s STATE] " \
	"[-n HOST:PORT] [-p PID]] FILE"

int
main(int argc, char *argv[])
{
	struct sink sink = {
		.line = BUF_INIT, .out = BUF_INIT, .file = { .fd = -1 },
		.state_fd = -1,
	};
	const char *user = NULL, *raw = NULL, *state = NULL, *target = NULL;
	const char *pid = NULL;
	struct sigaction sa;
	char msg[256], *end;
	long v;
	bool ok;
	int c, fd = -1;

	sink.parent = sink.writer = getppid();
	sink.writer_is_parent = true;
	if (!log_init("medicaments-accesslog", msg, sizeof(msg)))
		log_set_level(LOG_INFO);	/* lighttpd-run checked them */
	while ((c = getopt(argc, argv, "f:n:p:s:u:")) != -1) {
		switch (c) {
		case 'f':
			raw = optarg;
			break;
		case 'n':
			target = optarg;
			break;
		case 'p':
			pid = optarg;
			break;
		case 's':
			state = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		default:
			log_fatal(USAGE);
			return 2;
		}
	}
	if (argc - optind != 1 || (raw == NULL && (state != NULL ||
	    target != NULL || pid != NULL))) {
		log_fatal(USAGE);
		return 2;
	}
	if (pid != NULL) {
		errno = 0;
		v = strtol(pid, &end, 10);
		if (errno != 0 || end == pid || *end != '\0' || v < 0 ||
		    v > INT_MAX) {
			log_fatal("-p %s: not a process id", pid);
			return 2;
		}
		sink.writer = (pid_t)v;
		sink.writer_is_parent = false;
		if (v == 0)
			writer_gone = 1;
	}
	if (target != NULL && !nudge_target(&sink, target)) {
		log_fatal("-n %s: not a numeric HOST:PORT", target);
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
	sa.sa_handler = on_sigusr2;
	if (sigaction(SIGUSR2, &sa, NULL) != 0) {
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
	if (state != NULL) {
		if ((sink.state_fd = open(state, O_RDWR | O_CREAT | O_CLOEXEC,
		    0640)) == -1) {
			log_fatal("%s: cannot open it: %s", state,
			    strerror(errno));
			return 1;
		}
		fd = resume(&sink, state, raw, argv[optind]);
	}
	if (!log_file_open(&sink.file, argv[optind])) {
		log_fatal("%s: cannot open it for appending: %s", argv[optind],
		    strerror(errno));
		return 1;
	}
	/* A checkpoint from the start: /metrics has something to say. */
	if (state != NULL && fd == -1)
		fd = open(raw, O_RDONLY | O_CLOEXEC);
	if (fd != -1)
		checkpoint(&sink, fd, 0, true);
	sink.last_growth_ms = sink.last_nudge_ms = monotonic_ms();
	sink.nudge_retry_ms = NUDGE_RETRY_MS;
	if (raw != NULL)
		ok = accesslog_follow(raw, fd, sink_gone, sink_feed, sink_tick,
		    &sink);
	else
		ok = read_pipe(&sink);
	sink_end(&sink);
	if (sink.state_fd != -1)
		(void)close(sink.state_fd);
	return ok ? 0 : 1;
}
