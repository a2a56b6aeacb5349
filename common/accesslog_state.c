#include "accesslog_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define STATE_MAGIC	"medicaments-accesslog-state 1"

/* FNV-1a, 64 bits: enough to tell a torn record from a whole one. */
static unsigned long long
fnv(const char *p, size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
accesslog_state_format(const struct accesslog_state *s,
    char rec[ACCESSLOG_STATE_SIZE])
{
	int n;

	n = snprintf(rec, ACCESSLOG_STATE_SIZE, STATE_MAGIC " raw %llu %llu "
	    "%llu out %llu %llu %llu lines %llu last %lld token %s",
	    s->raw_dev, s->raw_ino, s->raw_off, s->out_dev, s->out_ino,
	    s->out_size, s->lines, s->last_write, s->token);
	/* At most 29 + 9 * 20 + 40 + 32 bytes: always fits with its sum. */
	if (n < 0 || n > ACCESSLOG_STATE_SIZE - 24)
		n = 0;
	n += snprintf(rec + n, (size_t)(ACCESSLOG_STATE_SIZE - n),
	    " sum %016llx", fnv(rec, (size_t)n));
	memset(rec + n, ' ', (size_t)(ACCESSLOG_STATE_SIZE - 1 - n));
	rec[ACCESSLOG_STATE_SIZE - 1] = '\n';
}

bool
accesslog_state_parse(struct accesslog_state *s, const char *rec, size_t n)
{
	char line[ACCESSLOG_STATE_SIZE + 1], token[ACCESSLOG_STATE_SIZE];
	const char *sum;
	unsigned long long want;
	int used = 0;

	if (n != ACCESSLOG_STATE_SIZE || rec[n - 1] != '\n')
		return false;
	memcpy(line, rec, n);
	line[n] = '\0';
	if ((sum = strstr(line, " sum ")) == NULL ||
	    sscanf(sum, " sum %16llx", &want) != 1 ||
	    fnv(line, (size_t)(sum - line)) != want)
		return false;
	memset(s, 0, sizeof(*s));
	if (sscanf(line, STATE_MAGIC " raw %llu %llu %llu out %llu %llu %llu "
	    "lines %llu last %lld token %255s%n", &s->raw_dev, &s->raw_ino,
	    &s->raw_off, &s->out_dev, &s->out_ino, &s->out_size, &s->lines,
	    &s->last_write, token, &used) != 9 || line + used != sum ||
	    strlen(token) != ACCESSLOG_TOKEN_LEN ||
	    strspn(token, "0123456789abcdef") != ACCESSLOG_TOKEN_LEN)
		return false;
	memcpy(s->token, token, sizeof(s->token));
	return true;
}

bool
accesslog_state_read(const char *path, struct accesslog_state *s)
{
	char rec[ACCESSLOG_STATE_SIZE];
	ssize_t n;
	int fd, tries, saved;
	bool ok = false;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	/* A write of 256 bytes is seldom seen half done: twice is plenty. */
	for (tries = 0; tries < 2 && !ok; tries++) {
		n = pread(fd, rec, sizeof(rec), 0);
		if (n == -1 && errno == EINTR) {
			tries--;
			continue;
		}
		if (n == 0) {
			/* Created, never written: none. */
			(void)close(fd);
			errno = ENOENT;
			return false;
		}
		ok = n == (ssize_t)sizeof(rec) &&
		    accesslog_state_parse(s, rec, sizeof(rec));
	}
	saved = errno;
	(void)close(fd);
	errno = ok ? 0 : (saved != 0 ? saved : EINVAL);
	return ok;
}

size_t
accesslog_count_lines(const char *data, size_t n, size_t *keep)
{
	const char *p = data, *nl, *end = data + n;
	size_t lines = 0;

	*keep = 0;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p = nl + 1;
		*keep = (size_t)(p - data);
	}
	return lines;
}
