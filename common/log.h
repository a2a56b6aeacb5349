/*
 * Application log, filtered by LOG_LEVEL (debug, info, warn, error; the
 * default is info, or debug with ENV=development).
 *
 * Without a log file, one line per event on stderr, for a person:
 *
 *     medicaments-updater: warn: CIS_MITM.txt: HTTP 404: keeping ...
 *
 * With one (log_open_file: LOG_FILE), one JSON object per line, for
 * machines:
 *
 *     {"time":"2026-11-26T06:00:04.123+01:00","level":"warn",
 *      "program":"medicaments-updater","pid":4242,"msg":"CIS_MITM.txt: ..."}
 *
 * appended with one write(2) per line (workers share the file), valid UTF-8
 * whatever the message holds, and reopened when logrotate has renamed it
 * away (looked at once a second at most) or after log_reopen().
 */
#ifndef MEDICAMENTS_LOG_H
#define MEDICAMENTS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct buf;

enum log_level {
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARN,
	LOG_ERROR,
	LOG_LEVEL_MAX
};

/*
 * Names the program in every line, reads ENV (development or production,
 * or the Go service's dev and prod) and LOG_LEVEL.  False, with a message naming the variable, when one of
 * them holds an unknown value (the level stays info).
 */
bool	log_init(const char *program, char *msg, size_t msgsize);
/*
 * Checks ENV and LOG_LEVEL as log_init reads them, without touching the
 * log: the level they ask for in *level; false with one line per bad
 * variable ("NAME=value: why\n", both when both are bad) appended to
 * errors.  For medicaments-fcgi --check-config.
 */
bool	log_env_check(enum log_level *level, struct buf *errors);
/* "debug", "info", "warn" or "error". */
const char *log_level_name(enum log_level level);
void	log_set_level(enum log_level level);
bool	log_enabled(enum log_level level);

/*
 * From now on, lines go to path as JSON instead of stderr.  False (errno
 * set) when it cannot be opened for appending.
 */
bool	log_open_file(const char *path);
bool	log_has_file(void);
void	log_close(void);
/*
 * The log files are reopened before their next line.  Async-signal-safe:
 * meant for a SIGHUP handler.
 */
void	log_reopen(void);

void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* As log_error, followed by ": " and strerror(errno). */
void	log_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The error that ends the program: one "program: error: message" line on
 * stderr whatever the log's destination (cron mails it, lighttpd shows it),
 * and its JSON line in the log file when there is one.
 */
void	log_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * An append-only file that follows rotation: log_file_write reopens path
 * when the file there is no longer the one open (renamed or removed), when
 * log_reopen() was called since, and keeps writing to the old one when the
 * new one cannot be opened.  path "-" is stderr, never reopened.
 */
struct log_file {
	char		*path;
	int		 fd;
	dev_t		 dev;
	ino_t		 ino;
	long long	 checked_ms;	/* monotonic time of the last stat(2) */
	unsigned	 generation;	/* log_reopen() calls seen */
};

bool	log_file_open(struct log_file *f, const char *path);
/* Writes data[0..len) with one write(2) (unless interrupted). */
bool	log_file_write(struct log_file *f, const char *data, size_t len);
void	log_file_close(struct log_file *f);

#endif
