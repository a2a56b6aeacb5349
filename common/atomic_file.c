#include "atomic_file.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

int
atomic_file_create(char *template, mode_t mode, char *error,
    size_t error_size)
{
	int fd, saved;

	if ((fd = mkostemp(template, O_CLOEXEC)) == -1) {
		snprintf(error, error_size, "cannot create %s: %s", template,
		    strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) == -1) {
		saved = errno;
		snprintf(error, error_size, "cannot chmod %s: %s", template,
		    strerror(saved));
		(void)close(fd);
		(void)unlink(template);
		return -1;
	}
	return fd;
}

bool
atomic_file_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Opens path with flags and fsyncs it. */
static bool
fsync_path(const char *path, int flags, char *error, size_t error_size)
{
	int fd = open(path, flags | O_CLOEXEC);
	bool ok;

	if (fd == -1) {
		snprintf(error, error_size, "cannot open %s: %s", path,
		    strerror(errno));
		return false;
	}
	ok = fsync(fd) == 0;
	if (!ok)
		snprintf(error, error_size, "cannot fsync %s: %s", path,
		    strerror(errno));
	if (close(fd) == -1 && ok) {
		snprintf(error, error_size, "cannot close %s: %s", path,
		    strerror(errno));
		ok = false;
	}
	return ok;
}

bool
atomic_file_commit(const char *temp, const char *target, char *error,
    size_t error_size)
{
	char *copy;
	bool ok;

	if (!fsync_path(temp, O_RDONLY, error, error_size))
		return false;
	if (rename(temp, target) == -1) {
		snprintf(error, error_size, "cannot rename %s to %s: %s",
		    temp, target, strerror(errno));
		return false;
	}
	copy = xstrdup(target);
	ok = fsync_path(dirname(copy), O_RDONLY | O_DIRECTORY, error,
	    error_size);
	free(copy);
	return ok;
}

bool
atomic_file_replace(const char *target, char *template, const void *data,
    size_t len, mode_t mode, char *error, size_t error_size)
{
	bool ok = false;
	int fd;

	if ((fd = atomic_file_create(template, mode, error, error_size)) == -1)
		return false;
	if (!atomic_file_write_all(fd, data, len)) {
		snprintf(error, error_size, "cannot write %s: %s", template,
		    strerror(errno));
		(void)close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		snprintf(error, error_size, "cannot write %s: %s", template,
		    strerror(errno));
		goto out;
	}
	ok = atomic_file_commit(template, target, error, error_size);
out:
	/* Best effort: the failure that matters is already in error. */
	if (!ok)
		(void)unlink(template);
	return ok;
}
