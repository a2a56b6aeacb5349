/*
 * Replacing a file whole (common/atomic_file.c): the content and mode
 * asked, no temporary file left on success or on failure.
 */
#include "check.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "atomic_file.h"
#include "buf.h"

static char dir[] = "/tmp/test_atomic_file.XXXXXX";

static int
entries(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	CHECK(d != NULL);
	while (d != NULL && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	CHECK(d == NULL || closedir(d) == 0);
	return n;
}

static const char *
content(const char *path)
{
	static char text[64];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(text, 1, sizeof(text) - 1, f);
		CHECK(fclose(f) == 0);
	}
	text[n] = '\0';
	return text;
}

int
main(void)
{
	struct buf target = BUF_INIT, temp = BUF_INIT;
	char error[256];
	struct stat st;
	int fd;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	buf_printf(&target, "%s/file", dir);

	buf_printf(&temp, "%s/file.new-XXXXXX", dir);
	CHECK(atomic_file_replace(buf_str(&target), temp.data, "one\n", 4,
	    0644, error, sizeof(error)));
	CHECK_STR(content(buf_str(&target)), "one\n");
	CHECK(stat(buf_str(&target), &st) == 0 && (st.st_mode & 0777) == 0644);
	CHECK(entries() == 1);

	/* The mode is the one asked, whatever the umask. */
	buf_reset(&temp);
	buf_printf(&temp, "%s/file.new-XXXXXX", dir);
	(void)umask(077);
	CHECK(atomic_file_replace(buf_str(&target), temp.data, "two", 3, 0640,
	    error, sizeof(error)));
	CHECK_STR(content(buf_str(&target)), "two");
	CHECK(stat(buf_str(&target), &st) == 0 && (st.st_mode & 0777) == 0640);
	CHECK(entries() == 1);

	/* In two steps, as the updater publishes its database. */
	buf_reset(&temp);
	buf_printf(&temp, "%s/file.new-XXXXXX", dir);
	CHECK((fd = atomic_file_create(temp.data, 0644, error,
	    sizeof(error))) != -1);
	CHECK(strstr(temp.data, "XXXXXX") == NULL);
	CHECK(atomic_file_write_all(fd, "three", 5));
	CHECK(close(fd) == 0);
	CHECK(entries() == 2);
	CHECK(atomic_file_commit(temp.data, buf_str(&target), error,
	    sizeof(error)));
	CHECK_STR(content(buf_str(&target)), "three");
	CHECK(entries() == 1);

	/* Failures: one line naming the file, nothing left behind. */
	buf_reset(&temp);
	buf_printf(&temp, "%s/no-such-dir/file.new-XXXXXX", dir);
	CHECK(atomic_file_create(temp.data, 0644, error, sizeof(error)) == -1);
	CHECK(strstr(error, "no-such-dir") != NULL);
	buf_reset(&temp);
	buf_printf(&temp, "%s/file.new-XXXXXX", dir);
	CHECK(!atomic_file_commit(temp.data, buf_str(&target), error,
	    sizeof(error)));
	CHECK(strstr(error, "cannot open") != NULL);
	/* A target that cannot be replaced: a directory. */
	buf_reset(&target);
	buf_printf(&target, "%s/sub", dir);
	CHECK(mkdir(buf_str(&target), 0755) == 0);
	buf_reset(&temp);
	buf_printf(&temp, "%s/sub.new-XXXXXX", dir);
	CHECK(!atomic_file_replace(buf_str(&target), temp.data, "x", 1, 0644,
	    error, sizeof(error)));
	CHECK(strstr(error, "cannot rename") != NULL);
	CHECK(entries() == 2);	/* file and sub: the temporary file is gone */

	CHECK(rmdir(buf_str(&target)) == 0);
	buf_reset(&target);
	buf_printf(&target, "%s/file", dir);
	CHECK(unlink(buf_str(&target)) == 0);
	CHECK(rmdir(dir) == 0);
	buf_free(&target);
	buf_free(&temp);
	return check_finish("test_atomic_file");
}
