/*
 * Application log: one line per event on stderr, "program: level: message",
 * filtered by LOG_LEVEL (debug, info, warn, error; default info).  lighttpd
 * collects the workers' stderr in its error log; cron mails the updater's.
 */
#ifndef MEDICAMENTS_LOG_H
#define MEDICAMENTS_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARN,
	LOG_ERROR,
	LOG_LEVEL_MAX
};

/*
 * Names the program in every line and reads LOG_LEVEL.  Returns false (and
 * keeps "info") when LOG_LEVEL holds an unknown value.
 */
bool	log_init(const char *program);
void	log_set_level(enum log_level level);
bool	log_enabled(enum log_level level);

void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* As log_error, followed by ": " and strerror(errno). */
void	log_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
