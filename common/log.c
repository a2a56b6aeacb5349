#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *log_program = "medicaments";
static enum log_level log_threshold = LOG_INFO;

static const char *const level_names[LOG_LEVEL_MAX] = {
	"debug", "info", "warn", "error",
};

bool
log_init(const char *program)
{
	const char *env = getenv("LOG_LEVEL");
	int i;

	log_program = program;
	if (env == NULL || *env == '\0')
		return true;
	for (i = 0; i < LOG_LEVEL_MAX; i++)
		if (strcmp(env, level_names[i]) == 0) {
			log_threshold = (enum log_level)i;
			return true;
		}
	return false;
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

static void
log_write(enum log_level level, const char *error, const char *fmt,
    va_list ap)
{
	char line[2048];
	int n;

	if (!log_enabled(level))
		return;
	n = snprintf(line, sizeof(line), "%s: %s: ", log_program,
	    level_names[level]);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* One write per line keeps lines whole when workers share stderr. */
	if (error != NULL)
		fprintf(stderr, "%s: %s\n", line, error);
	else
		fprintf(stderr, "%s\n", line);
}

#define LOG_FUNCTION(name, level)				\
void								\
name(const char *fmt, ...)					\
{								\
	va_list ap;						\
								\
	va_start(ap, fmt);					\
	log_write(level, NULL, fmt, ap);			\
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
	log_write(LOG_ERROR, error, fmt, ap);
	va_end(ap);
}
