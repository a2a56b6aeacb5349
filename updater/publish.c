#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

#define TEMP_SUFFIX ".new-"

/*
 * The temporary file's path, for the signal handler: unlink(2) and _exit(2)
 * are async-signal-safe, so an interrupted run leaves nothing behind.
 */
static char signal_temp_path[4096];

static void
remove_temp_and_exit(int sig)
{
	if (signal_temp_path[0] != '\0')
		unlink(signal_temp_path);
	_exit(128 + sig);
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_temp_and_exit;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static char *
directory_of(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

/* Removes DB_PATH.new-* files: only a killed run can have left them. */
static void
remove_stale_temps(const char *target)
{
	char *dir = directory_of(target), *copy = xstrdup(target);
	const char *base = basename(copy);
	size_t baselen = strlen(base);
	struct dirent *entry;
	char path[4096];
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		goto out;
	while ((entry = readdir(d)) != NULL) {
		if (strncmp(entry->d_name, base, baselen) != 0 ||
		    strncmp(entry->d_name + baselen, TEMP_SUFFIX,
		    strlen(TEMP_SUFFIX)) != 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name) >=
		    (int)sizeof(path))
			continue;
		if (unlink(path) == 0)
			log_info("removed %s, left by an interrupted run", path);
		else
			log_errno("cannot remove %s", path);
	}
	closedir(d);
out:
	free(dir);
	free(copy);
}

/*
 * Takes the exclusive lock, tolerating a reader's probe: a worker answering
 * /health holds a shared lock for a few microseconds to see whether an
 * update runs, so a refusal is retried for about a second before it means
 * that another update holds the lock.
 */
static bool
lock_without_waiting(int fd)
{
	const struct timespec pause = { 0, 50 * 1000 * 1000 };
	int attempt;

	for (attempt = 0; attempt < 20; attempt++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return true;
		if (errno != EWOULDBLOCK)
			return false;
		nanosleep(&pause, NULL);
	}
	errno = EWOULDBLOCK;
	return false;
}

bool
publish_lock(struct publish *p, const char *target, char *error,
    size_t error_size)
{
	char lock_path[4096];

	p->target = xstrdup(target);
	p->temp = NULL;
	p->lock_fd = -1;
	if (snprintf(lock_path, sizeof(lock_path), "%s.lock", target) >=
	    (int)sizeof(lock_path)) {
		snprintf(error, error_size, "database path too long");
		return false;
	}
	p->lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (p->lock_fd == -1) {
		snprintf(error, error_size, "cannot open %s: %s", lock_path,
		    strerror(errno));
		return false;
	}
	if (!lock_without_waiting(p->lock_fd)) {
		snprintf(error, error_size, errno == EWOULDBLOCK ?
		    "another update is running (%s is locked)" :
		    "cannot lock %s", lock_path);
		close(p->lock_fd);
		p->lock_fd = -1;
		return false;
	}
	remove_stale_temps(target);
	return true;
}

bool
publish_temp(struct publish *p, char *error, size_t error_size)
{
	size_t len = strlen(p->target) + sizeof(TEMP_SUFFIX "XXXXXX");
	int fd;

	p->temp = xmalloc(len);
	snprintf(p->temp, len, "%s" TEMP_SUFFIX "XXXXXX", p->target);
	if (len > sizeof(signal_temp_path)) {
		snprintf(error, error_size, "database path too long");
		goto fail;
	}
	if ((fd = mkostemp(p->temp, O_CLOEXEC)) == -1) {
		snprintf(error, error_size, "cannot create %s: %s", p->temp,
		    strerror(errno));
		goto fail;
	}
	memcpy(signal_temp_path, p->temp, len);
	catch_signals();
	/* Workers may run as another user: the database is world-readable. */
	if (fchmod(fd, 0644) == -1) {
		snprintf(error, error_size, "cannot chmod %s: %s", p->temp,
		    strerror(errno));
		close(fd);
		publish_abandon(p);
		return false;
	}
	close(fd);
	return true;
fail:
	free(p->temp);
	p->temp = NULL;
	return false;
}

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
	close(fd);
	return ok;
}

bool
publish_commit(struct publish *p, char *error, size_t error_size)
{
	char *dir;
	bool ok;

	if (!fsync_path(p->temp, O_RDONLY, error, error_size))
		return false;
	if (rename(p->temp, p->target) == -1) {
		snprintf(error, error_size, "cannot rename %s to %s: %s",
		    p->temp, p->target, strerror(errno));
		return false;
	}
	signal_temp_path[0] = '\0';
	free(p->temp);
	p->temp = NULL;
	/* The rename itself is durable only once the directory is synced. */
	dir = directory_of(p->target);
	ok = fsync_path(dir, O_RDONLY | O_DIRECTORY, error, error_size);
	free(dir);
	return ok;
}

void
publish_abandon(struct publish *p)
{
	char journal[4096];

	if (p->temp == NULL)
		return;
	if (unlink(p->temp) == -1 && errno != ENOENT)
		log_errno("cannot remove %s", p->temp);
	if (snprintf(journal, sizeof(journal), "%s-journal", p->temp) <
	    (int)sizeof(journal))
		unlink(journal);
	signal_temp_path[0] = '\0';
	free(p->temp);
	p->temp = NULL;
}

void
publish_end(struct publish *p)
{
	publish_abandon(p);
	if (p->lock_fd != -1)
		close(p->lock_fd);
	p->lock_fd = -1;
	free(p->target);
	p->target = NULL;
}
