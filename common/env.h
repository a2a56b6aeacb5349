/*
 * The environment, read once and checked: the one reader of every
 * variable of the service (the workers, the updater, script/lighttpd-run,
 * docker/entrypoint), so that one value is understood the same way by
 * every program and refused in one style.
 *
 * Each reader leaves *value alone when the variable is unset or empty (the
 * caller sets the default first), stores the value when it is good, and
 * otherwise appends one line to errors, "NAME=value: expected ...", and
 * returns false: a caller reads every variable and reports every bad one,
 * not only the first.  A value's control characters are shown as '?', so
 * that a value holding a newline stays on its line.
 *
 * Every name read is declared in env.c's table (env_declared), which
 * .env.example follows (tests/config/check-covers-env-example.sh): reading
 * a name that is not aborts, a bug any test of the variable shows.
 */
#ifndef MEDICAMENTS_ENV_H
#define MEDICAMENTS_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Sizes: bytes, or a number followed by KB, MB, GB (or KiB, MiB, GiB). */
#define ENV_KIB		1024L
#define ENV_MIB		(1024L * 1024)
#define ENV_GIB		(1024L * 1024 * 1024)
#define ENV_SIZE_UNITS	"bytes, or a number followed by KB, MB or GB, " \
	"powers of 1024, such as 2MB"

/* Appends one error line, printf-style. */
void	env_error(struct buf *errors, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Says each line of lines with say (log_fatal, log_warn: the program's
 * name and the level before each), then empties lines.  True when there
 * was any.
 */
bool	env_report(struct buf *lines, void (*say)(const char *fmt, ...));

/* The variable's value, or NULL when it is unset or empty. */
const char *env_value(const char *name);

/* True when name is one of the service's variables (env.c's table). */
bool	env_declared(const char *name);

/*
 * A whole number in [min, max]: decimal digits only, leading zeros
 * allowed ("09090" is 9090).  why, when not NULL, is said after the
 * bounds ("(seconds)").
 */
bool	env_integer(struct buf *errors, const char *name, long min, long max,
	    const char *why, long *value);

/* A size in [min, max] bytes (ENV_SIZE_UNITS). */
bool	env_size(struct buf *errors, const char *name, long min, long max,
	    long *value);

/*
 * A duration in [min_ms, max_ms] milliseconds, written in seconds with an
 * optional fraction ("5", "0.1", "2.25"), or followed by s or ms ("15s",
 * "250ms"); digits past the millisecond are dropped.  Read by hand so that
 * neither the locale's decimal point nor strtod's "inf" and hexadecimal
 * forms get in.
 */
bool	env_duration_ms(struct buf *errors, const char *name, long min_ms,
	    long max_ms, long *ms);

/*
 * One word among count (exact spelling), its index in *index.  The error
 * lists them: "expected a, b or c".
 */
bool	env_choice(struct buf *errors, const char *name,
	    const char *const *words, size_t count, size_t *index);

/* One of two words: *value is true for yes, false for no. */
bool	env_bool(struct buf *errors, const char *name, const char *yes,
	    const char *no, bool *value);

/*
 * A path or other text on one line (a newline would break the files it is
 * written into: lighttpd's configuration, logrotate's); *value points into
 * the environment.
 */
bool	env_path(struct buf *errors, const char *name, const char **value);

/*
 * The variables of the Go service this one replaces
 * (github.com/Giygas/medicaments-api, its .env.example) that mean nothing
 * here: each one set has its line in warnings, "NAME=value: ...", saying
 * what to use instead or why it has no effect, so that an operator's .env
 * works unchanged and none of it is silently ignored.  The ones this
 * service honours (DISABLE_RATE_LIMITER, ...) are read where they apply.
 * Returns the count of lines appended.
 */
size_t	env_foreign_check(struct buf *warnings);

#endif
