/*
 * The application log: ENV and LOG_LEVEL, JSON lines in a
 * file that follows rotation, the text form on stderr.
 */
#include "check.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"

static char dir[] = "/tmp/test_log.XXXXXX";

static void
test_init(void)
{
	char msg[256];

	CHECK(unsetenv("ENV") == 0 && unsetenv("LOG_LEVEL") == 0);
	CHECK(log_init("t", msg, sizeof(msg)));
	CHECK(!log_enabled(LOG_DEBUG) && log_enabled(LOG_INFO));
	CHECK(setenv("ENV", "development", 1) == 0);
	CHECK(log_init("t", msg, sizeof(msg)) && log_enabled(LOG_DEBUG));
	CHECK(setenv("LOG_LEVEL", "warn", 1) == 0);
	CHECK(log_init("t", msg, sizeof(msg)) && !log_enabled(LOG_INFO) &&
	    log_enabled(LOG_WARN));
	CHECK(setenv("ENV", "production", 1) == 0);
	CHECK(setenv("LOG_LEVEL", "", 1) == 0);
	CHECK(log_init("t", msg, sizeof(msg)) && !log_enabled(LOG_DEBUG) &&
	    log_enabled(LOG_INFO));
	CHECK(setenv("ENV", "staging", 1) == 0);
	CHECK(!log_init("t", msg, sizeof(msg)));
	CHECK_STR(msg, "ENV=staging: expected development, production, dev "
	    "or prod");
	/* The Go service's spellings. */
	CHECK(setenv("ENV", "dev", 1) == 0);
	CHECK(log_init("t", msg, sizeof(msg)) && log_enabled(LOG_DEBUG));
	CHECK(setenv("ENV", "prod", 1) == 0);
	CHECK(log_init("t", msg, sizeof(msg)) && !log_enabled(LOG_DEBUG) &&
	    log_enabled(LOG_INFO));
	CHECK(setenv("ENV", "production", 1) == 0);
	CHECK(setenv("LOG_LEVEL", "verbose", 1) == 0);
	CHECK(!log_init("t", msg, sizeof(msg)));
	CHECK_STR(msg, "LOG_LEVEL=verbose: expected debug, info, warn or "
	    "error");
	CHECK(unsetenv("ENV") == 0 && unsetenv("LOG_LEVEL") == 0);
	CHECK(log_init("test_log", msg, sizeof(msg)));
}

static char *
slurp(const char *path)
{
	static char text[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	CHECK(fclose(f) == 0);
	return text;
}

static int
count_lines(const char *path)
{
	const char *t = slurp(path), *p;
	int n = 0;

	if (t == NULL)
		return -1;
	for (p = t; *p != '\0'; p++)
		if (*p == '\n')
			n++;
	return n;
}

static void
test_file(void)
{
	char path[128], moved[128], *text;
	struct log_file f;

	snprintf(path, sizeof(path), "%s/app.log", dir);
	snprintf(moved, sizeof(moved), "%s/app.log.1", dir);
	CHECK(log_open_file(path) && log_has_file());
	log_info("ready \"%s\"", "w\xff\n");
	log_debug("not at info");
	errno = ENOENT;
	log_errno("open %s", "x");
	text = slurp(path);
	CHECK(text != NULL && strstr(text, "\"level\":\"info\",\"program\":"
	    "\"test_log\",\"pid\":") != NULL);
	CHECK(text != NULL && strstr(text, "\"msg\":\"ready \\\"w\xef\xbf\xbd"
	    "\\n\\\"\"}\n") != NULL);
	CHECK(text != NULL && strstr(text, "\"msg\":\"open x\",\"error\":"
	    "\"No such file or directory\"}\n") != NULL);
	CHECK(text != NULL && strncmp(text, "{\"time\":\"20", 11) == 0);
	CHECK(text != NULL && strstr(text, "not at info") == NULL);
	CHECK(count_lines(path) == 2);

	/* Rotation: renamed away, the next line goes to a new file... */
	CHECK(rename(path, moved) == 0);
	log_reopen();
	log_warn("after");
	CHECK(count_lines(moved) == 2);
	CHECK(count_lines(path) == 1);
	/* ... and without log_reopen(), within a second or so. */
	CHECK(rename(path, moved) == 0);
	sleep(2);
	log_warn("later");
	CHECK(count_lines(path) == 1);
	CHECK(unlink(path) == 0);	/* removed: created again */
	sleep(2);
	log_error("again");
	CHECK(count_lines(path) == 1);
	log_close();
	CHECK(!log_has_file());

	/* An unwritable place is an error with errno. */
	snprintf(path, sizeof(path), "%s/no/such/dir/x.log", dir);
	CHECK(!log_open_file(path) && errno == ENOENT);
	CHECK(!log_file_open(&f, path));
	CHECK(unlink(moved) == 0);
}

int
main(void)
{
	char path[128];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_init();
	test_file();
	snprintf(path, sizeof(path), "%s/app.log", dir);
	(void)unlink(path);
	if (rmdir(dir) != 0)
		perror(dir);
	return check_finish("test_log");
}
