/*
 * The access log's checkpoint (LOG_DIR/lighttpd-access.state): where the
 * follower (medicaments-accesslog -f) is in lighttpd's raw file and in
 * access.log, so that a follower restarted after a crash resumes where
 * the last one stopped, no line lost and none written twice; and what
 * /metrics reports of the access log (lines written, last write, lag).
 *
 * One line of text, padded to ACCESSLOG_STATE_SIZE bytes, rewritten in
 * place with one pwrite(2) after each batch appended to access.log; it
 * ends with a checksum, so that a reader that raced a write sees a bad
 * record rather than a mix of two.
 */
#ifndef MEDICAMENTS_COMMON_ACCESSLOG_STATE_H
#define MEDICAMENTS_COMMON_ACCESSLOG_STATE_H

#include <stdbool.h>
#include <stddef.h>

#define ACCESSLOG_STATE_SIZE	256
#define ACCESSLOG_TOKEN_LEN	32	/* hex digits: 128 bits */

struct accesslog_state {
	unsigned long long	 raw_dev, raw_ino;
	unsigned long long	 raw_off;	/* bytes of raw read and done */
	unsigned long long	 out_dev, out_ino;
	unsigned long long	 out_size;	/* access.log's size after the
						   last batch */
	unsigned long long	 lines;		/* lines written, ever */
	long long		 last_write;	/* Unix time, 0: never */
	char			 token[ACCESSLOG_TOKEN_LEN + 1];
						/* the flush requests' secret */
};

/* s as its record: ACCESSLOG_STATE_SIZE bytes, the last a newline. */
void	accesslog_state_format(const struct accesslog_state *s,
	    char rec[ACCESSLOG_STATE_SIZE]);
/* rec[0..n) into s; false when it is no record or a torn one. */
bool	accesslog_state_parse(struct accesslog_state *s, const char *rec,
	    size_t n);
/*
 * The record at path into s, read once more when torn; false when there
 * is none (errno ENOENT) or it cannot be read or parsed.
 */
bool	accesslog_state_read(const char *path, struct accesslog_state *s);

/*
 * data[0..n) is what access.log holds beyond the checkpointed size:
 * returns how many whole lines it holds, and sets *keep to their length
 * (the rest is a line cut short by a crash, to be truncated away).
 */
size_t	accesslog_count_lines(const char *data, size_t n, size_t *keep);

#endif
