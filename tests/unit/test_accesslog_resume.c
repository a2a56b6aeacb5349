/*
 * The access log's checkpoint (common/accesslog_state.h) and how a restarted
 * follower resumes from it (accesslog/main.c's resume(), reached by
 * including the file, its main renamed): the lines a dead follower wrote
 * after its last checkpoint are found in access.log, or in its rotated
 * file and the new one, a line cut short is truncated away, and RAW is
 * read on from just after the raw lines they came from (found among the
 * rotated raw files when renamed), the follower's own requests' lines not
 * counted.
 */
#include "check.h"

#include <stdlib.h>

#define main accesslog_program_main
int	accesslog_program_main(int, char *[]);
#include "../../accesslog/main.c"
#undef main

static char dir[64];

/* dir/name, in a static buffer (one at a time). */
static const char *
at(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Renames dir/from to dir/to. */
static int
move(const char *from, const char *to)
{
	char path[256];

	snprintf(path, sizeof(path), "%s", at(from));
	return rename(path, at(to));
}

static void
put(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "w");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs(text, f);
	CHECK(fclose(f) == 0);
}

static long
size_of(const char *name)
{
	struct stat st;

	return stat(at(name), &st) == 0 ? (long)st.st_size : -1;
}

static void
ids(const char *name, unsigned long long *dev, unsigned long long *ino)
{
	struct stat st;

	CHECK(stat(at(name), &st) == 0);
	*dev = (unsigned long long)st.st_dev;
	*ino = (unsigned long long)st.st_ino;
}

#define TOKEN	"0123456789abcdef0123456789abcdef"
#define OWN	"{\"client\":\"127.0.0.1\",\"path\":\"/.well-known/" \
		"medicaments-accesslog-flush/" TOKEN "\"}\n"

/* A checkpoint: raw at raw_off, out (of name out) at out_size. */
static void
checkpoint_at(const char *raw, unsigned long long raw_off, const char *out,
    unsigned long long out_size, unsigned long long lines)
{
	struct accesslog_state st = { .raw_off = raw_off,
	    .out_size = out_size, .lines = lines, .last_write = 1 };
	char rec[ACCESSLOG_STATE_SIZE];
	FILE *f;

	ids(raw, &st.raw_dev, &st.raw_ino);
	ids(out, &st.out_dev, &st.out_ino);
	memcpy(st.token, TOKEN, sizeof(st.token));
	accesslog_state_format(&st, rec);
	f = fopen(at("state"), "w");
	CHECK(f != NULL && fwrite(rec, 1, sizeof(rec), f) == sizeof(rec));
	CHECK(f != NULL && fclose(f) == 0);
}

/* resume() on dir's files; returns RAW's offset, -1: from its start. */
static long
resumed(struct sink *s)
{
	char raw[256], out[256], state[256];
	long off;
	int fd;

	memset(s, 0, sizeof(*s));
	s->state_fd = -1;
	snprintf(raw, sizeof(raw), "%s", at("lighttpd-access.raw"));
	snprintf(out, sizeof(out), "%s", at("access.log"));
	snprintf(state, sizeof(state), "%s", at("state"));
	fd = resume(s, state, raw, out);
	if (fd == -1)
		return -1;
	off = (long)lseek(fd, 0, SEEK_CUR);
	(void)close(fd);
	return off;
}

static void
test_state(void)
{
	struct accesslog_state a = { 1, 2, 3, 4, 5, 6, 7, 8, TOKEN }, b;
	char rec[ACCESSLOG_STATE_SIZE];
	size_t keep;

	accesslog_state_format(&a, rec);
	CHECK(rec[sizeof(rec) - 1] == '\n');
	CHECK(accesslog_state_parse(&b, rec, sizeof(rec)));
	CHECK(a.raw_dev == b.raw_dev && a.raw_ino == b.raw_ino &&
	    a.raw_off == b.raw_off && a.out_dev == b.out_dev &&
	    a.out_ino == b.out_ino && a.out_size == b.out_size &&
	    a.lines == b.lines && a.last_write == b.last_write);
	CHECK_STR(b.token, TOKEN);
	/* Torn: one byte of another record. */
	rec[40] ^= 1;
	CHECK(!accesslog_state_parse(&b, rec, sizeof(rec)));
	CHECK(!accesslog_state_parse(&b, rec, sizeof(rec) - 1));
	CHECK(accesslog_count_lines("a\nb\nc", 5, &keep) == 2 && keep == 4);
	CHECK(accesslog_count_lines("a\n", 2, &keep) == 1 && keep == 2);
	CHECK(accesslog_count_lines("abc", 3, &keep) == 0 && keep == 0);
	CHECK(accesslog_count_lines("", 0, &keep) == 0 && keep == 0);
}

int
main(void)
{
	struct sink s;
	const char *raw = "{\"n\":1}\n{\"n\":2}\n" OWN "{\"n\":3}\n{\"n\":4}\n";
	long off2 = 16, off4;

	off4 = (long)strlen(raw) - 8;
	test_state();
	snprintf(dir, sizeof(dir), "/tmp/test_accesslog_resume.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	log_set_level(LOG_ERROR);

	/* No checkpoint: RAW from its start, a new token. */
	CHECK(resumed(&s) == -1);
	CHECK(strlen(s.st.token) == ACCESSLOG_TOKEN_LEN);

	/* Checkpointed after line 2; lines 3 and half of 4 written since. */
	put("lighttpd-access.raw", raw);
	put("access.log", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\"");
	checkpoint_at("lighttpd-access.raw", (unsigned long long)off2,
	    "access.log", 16, 2);
	CHECK(resumed(&s) == off4);	/* the own line is no line of out */
	CHECK(size_of("access.log") == 24);	/* half a line cut */
	CHECK(s.st.lines == 3);
	CHECK_STR(s.st.token, TOKEN);
	CHECK(s.nudge_key[0] != '\0' && strstr(OWN, s.nudge_key) != NULL);

	/* Nothing written since: where the checkpoint says. */
	put("access.log", "{\"n\":1}\n{\"n\":2}\n");
	checkpoint_at("lighttpd-access.raw", (unsigned long long)off2,
	    "access.log", 16, 2);
	CHECK(resumed(&s) == off2);
	CHECK(s.st.lines == 2);

	/*
	 * access.log rotated after the checkpoint: line 3 in the old file,
	 * line 4 in the new one.
	 */
	put("access.log", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
	checkpoint_at("lighttpd-access.raw", (unsigned long long)off2,
	    "access.log", 16, 2);
	CHECK(move("access.log", "access.log-20261207-080000") == 0);
	put("access.log", "{\"n\":4}\n");
	CHECK(resumed(&s) == (long)strlen(raw));
	CHECK(s.st.lines == 4);

	/* RAW rotated: found as lighttpd-access.raw.1 by its inode. */
	put("access.log", "{\"n\":1}\n{\"n\":2}\n");
	checkpoint_at("lighttpd-access.raw", (unsigned long long)off2,
	    "access.log", 16, 2);
	CHECK(move("lighttpd-access.raw", "lighttpd-access.raw.1") == 0);
	put("lighttpd-access.raw", "{\"n\":5}\n");
	CHECK(resumed(&s) == off2);
	CHECK(s.st.lines == 2);

	/* RAW of the checkpoint gone: the new one from its start. */
	CHECK(unlink(at("lighttpd-access.raw.1")) == 0);
	CHECK(resumed(&s) == -1);

	(void)unlink(at("lighttpd-access.raw"));
	(void)unlink(at("access.log"));
	(void)unlink(at("access.log-20261207-080000"));
	(void)unlink(at("state"));
	(void)rmdir(dir);
	return check_finish("test_fcgi_accesslog_resume");
}
