#include "log.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "env.h"
#include "json_escape.h"
#include "monotonic.h"
#include "xalloc.h"

/* A message longer than this is cut (at a character boundary). */
#define LOG_MESSAGE_MAX	2048
/* How often a log file's path is looked at for a rotation. */
#define LOG_CHECK_MS	1000

static const char *log_program = "medicaments";
static enum log_level log_threshold = LOG_INFO;
static struct log_file log_out = { .fd = -1 };
static bool log_to_file;
/* The updater logs from two threads: one line, one file at a time. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t log_generation;

static const char *const level_names[LOG_LEVEL_MAX] = {
	"debug", "info", "warn", "error",
};

/*
 * ENV's kinds of deployment: development logs at debug by default, the
 * others at info.  dev and prod are the Go service's spellings (its
 * .env.example has ENV=dev), so that an operator's .env works unchanged.
 */
static const char *const env_kinds[] = {
	"development", "production", "dev", "prod",
};

bool
log_env_check(enum log_level *level, struct buf *errors)
{
	size_t kind = 1, index;
	bool ok;

	ok = env_choice(errors, "ENV", env_kinds,
	    sizeof(env_kinds) / sizeof(env_kinds[0]), &kind);
	index = strcmp(env_kinds[kind], "development") == 0 ||
	    strcmp(env_kinds[kind], "dev") == 0 ? LOG_DEBUG : LOG_INFO;
	ok = env_choice(errors, "LOG_LEVEL", level_names, LOG_LEVEL_MAX,
	    &index) && ok;
	*level = (enum log_level)index;
	return ok;
}

bool
log_init(const char *program, char *msg, size_t msgsize)
{
	struct buf errors = BUF_INIT;
	enum log_level threshold;
	bool ok;

	log_program = program;
	log_threshold = LOG_INFO;
	tzset();	/* localtime_r() need not */
	ok = log_env_check(&threshold, &errors);
	if (ok)
		log_threshold = threshold;
	else	/* the first line, without its newline */
		snprintf(msg, msgsize, "%.*s", (int)strcspn(buf_str(&errors),
		    "\n"), buf_str(&errors));
	buf_free(&errors);
	return ok;
}

const char *
log_level_name(enum log_level level)
{
	return (unsigned)level < LOG_LEVEL_MAX ? level_names[level] : "?";
}

void
log_set_level(enum log_level level)
{
	log_threshold = level;
}

bool
log_enabled(enum log_level level)
{
	return level >= log_threshold;
}

void
log_reopen(void)
{
	log_generation = log_generation + 1;
}

/* --- reopenable files ------------------------------------------------- */

/* Opens f->path for appending; the old descriptor stays on failure. */
static bool
file_reopen(struct log_file *f)
{
	struct stat st;
	int fd;

	fd = open(f->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOCTTY, 0640);
	if (fd == -1)
		return false;
	if (fstat(fd, &st) != 0) {
		int saved = errno;

		(void)close(fd);
		errno = saved;
		return false;
	}
	if (f->fd != -1 && close(f->fd) != 0) {
		/* Nothing to do about it: the data went to the old file. */
	}
	f->fd = fd;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	return true;
}

bool
log_file_open(struct log_file *f, const char *path)
{
	int saved;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->path = xstrdup(path);
	f->generation = (unsigned)log_generation;
	f->checked_ms = monotonic_ms();
	if (strcmp(path, "-") == 0) {
		f->fd = STDERR_FILENO;
		return true;
	}
	if (file_reopen(f))
		return true;
	saved = errno;
	free(f->path);
	f->path = NULL;
	errno = saved;
	return false;
}

/* Reopens the file when its path now names another one (rotation). */
static void
file_follow(struct log_file *f)
{
	long long now = monotonic_ms();
	unsigned gen = (unsigned)log_generation;
	struct stat st;

	bool asked = gen != f->generation;

	if (f->fd == STDERR_FILENO)
		return;
	if (!asked && now - f->checked_ms < LOG_CHECK_MS &&
	    now >= f->checked_ms)
		return;
	f->generation = gen;
	f->checked_ms = now;
	if (asked || stat(f->path, &st) != 0 || st.st_dev != f->dev ||
	    st.st_ino != f->ino)
		(void)file_reopen(f);	/* else the old file goes on */
}

bool
log_file_write(struct log_file *f, const char *data, size_t len)
{
	ssize_t n;

	if (f->fd == -1)
		return false;
	file_follow(f);
	while (len > 0) {
		n = write(f->fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

void
log_file_close(struct log_file *f)
{
	if (f->fd != -1 && f->fd != STDERR_FILENO)
		(void)close(f->fd);
	f->fd = -1;
	free(f->path);
	f->path = NULL;
}

bool
log_open_file(const char *path)
{
	struct log_file f;

	if (!log_file_open(&f, path))
		return false;
	if (pthread_mutex_lock(&log_lock) != 0)
		abort();
	if (log_to_file)
		log_file_close(&log_out);
	log_out = f;
	log_to_file = true;
	if (pthread_mutex_unlock(&log_lock) != 0)
		abort();
	return true;
}

bool
log_has_file(void)
{
	return log_to_file;
}

void
log_close(void)
{
	if (pthread_mutex_lock(&log_lock) != 0)
		abort();
	if (log_to_file)
		log_file_close(&log_out);
	log_to_file = false;
	if (pthread_mutex_unlock(&log_lock) != 0)
		abort();
}

/* "2026-11-26T06:00:04.123+01:00", local time (TZ). */
static void
format_time(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	char date[32];
	long off;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 ||
	    localtime_r(&ts.tv_sec, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		snprintf(out, size, "1970-01-01T00:00:00.000+00:00");
		return;
	}
	/* Offsets are within a day: two digits each. */
	off = (long)tm.tm_gmtoff / 60 % (24 * 60);
	snprintf(out, size, "%.20s.%03d%c%02d:%02d", date,
	    (int)(ts.tv_nsec / 1000000 % 1000), off < 0 ? '-' : '+',
	    (int)(labs(off) / 60), (int)(labs(off) % 60));
}

/* One JSON line: every part is bounded, so that it always fits whole. */
static size_t
format_json(char *line, size_t size, enum log_level level,
    const char *message, const char *error)
{
	char when[48], program[128], msg[3 * LOG_MESSAGE_MAX], err[512];
	int n;

	format_time(when, sizeof(when));
	(void)json_escape_bounded(program, sizeof(program), log_program,
	    strlen(log_program));
	(void)json_escape_bounded(msg, sizeof(msg), message, strlen(message));
	if (error != NULL)
		(void)json_escape_bounded(err, sizeof(err), error, strlen(error));
	n = snprintf(line, size, "{\"time\":\"%s\",\"level\":\"%s\","
	    "\"program\":\"%s\",\"pid\":%ld,\"msg\":\"%s\"%s%s%s}\n", when,
	    level_names[level], program, (long)getpid(), msg,
	    error != NULL ? ",\"error\":\"" : "", error != NULL ? err : "",
	    error != NULL ? "\"" : "");
	if (n < 0 || (size_t)n >= size)
		return 0;
	return (size_t)n;
}

/* "program: level: message[: error]", for stderr. */
static size_t
format_text(char *line, size_t size, enum log_level level,
    const char *message, const char *error)
{
	int n;

	n = snprintf(line, size, "%s: %s: %s%s%s\n", log_program,
	    level_names[level], message, error != NULL ? ": " : "",
	    error != NULL ? error : "");
	if (n < 0)
		return 0;
	if ((size_t)n >= size) {
		line[size - 2] = '\n';
		return size - 1;
	}
	return (size_t)n;
}

static void
write_stderr(const char *line, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(STDERR_FILENO, line, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return;		/* nowhere left to complain */
		line += n;
		len -= (size_t)n;
	}
}

/*
 * to_stderr: the line goes to stderr too (log_fatal), in the text form.
 */
static void
log_write(enum log_level level, const char *error, bool to_stderr,
    const char *fmt, va_list ap)
{
	char message[LOG_MESSAGE_MAX], line[sizeof(message) * 3 + 1024];
	size_t len;

	if (!to_stderr && !log_enabled(level))
		return;
	if (vsnprintf(message, sizeof(message), fmt, ap) < 0)
		snprintf(message, sizeof(message), "(unprintable message)");
	if (pthread_mutex_lock(&log_lock) != 0)
		abort();
	if (log_to_file && log_enabled(level)) {
		len = format_json(line, sizeof(line), level, message, error);
		/* A full disk must not lose the message altogether. */
		if (len > 0 && !log_file_write(&log_out, line, len) &&
		    !to_stderr)
			to_stderr = true;
	} else if (!log_to_file)
		to_stderr = true;
	if (to_stderr) {
		len = format_text(line, sizeof(line), level, message, error);
		write_stderr(line, len);
	}
	if (pthread_mutex_unlock(&log_lock) != 0)
		abort();
}

#define LOG_FUNCTION(name, level)				\
void								\
name(const char *fmt, ...)					\
{								\
	va_list ap;						\
								\
	va_start(ap, fmt);					\
	log_write(level, NULL, false, fmt, ap);			\
	va_end(ap);						\
}

LOG_FUNCTION(log_debug, LOG_DEBUG)
LOG_FUNCTION(log_info, LOG_INFO)
LOG_FUNCTION(log_warn, LOG_WARN)
LOG_FUNCTION(log_error, LOG_ERROR)

void
log_errno(const char *fmt, ...)
{
	const char *error = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	log_write(LOG_ERROR, error, false, fmt, ap);
	va_end(ap);
}

void
log_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write(LOG_ERROR, NULL, true, fmt, ap);
	va_end(ap);
}
