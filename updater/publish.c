#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "contract.h"
#include "export_files.h"
#include "log.h"
#include "xalloc.h"

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

/*
 * Installs remove_temp_and_exit for SIGINT, SIGTERM and SIGHUP; false (errno
 * set) when one cannot be: the caller must then not create the file, whose
 * removal on interruption would be lost.
 */
static bool
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_temp_and_exit;
	return sigemptyset(&sa.sa_mask) == 0 &&
	    sigaction(SIGINT, &sa, NULL) == 0 &&
	    sigaction(SIGTERM, &sa, NULL) == 0 &&
	    sigaction(SIGHUP, &sa, NULL) == 0;
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
		    strncmp(entry->d_name + baselen, CONTRACT_TEMP_SUFFIX,
		    strlen(CONTRACT_TEMP_SUFFIX)) != 0)
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
	p->siblings = NULL;
	if (snprintf(lock_path, sizeof(lock_path), "%s" CONTRACT_LOCK_SUFFIX,
	    target) >= (int)sizeof(lock_path)) {
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
	size_t len = strlen(p->target) + sizeof(CONTRACT_TEMP_SUFFIX "XXXXXX");
	int fd;

	p->temp = xmalloc(len);
	snprintf(p->temp, len, "%s" CONTRACT_TEMP_SUFFIX "XXXXXX", p->target);
	if (len > sizeof(signal_temp_path)) {
		snprintf(error, error_size, "database path too long");
		goto fail;
	}
	/*
	 * Before the file exists: a run that could not remove it when
	 * interrupted must not create it.  Until signal_temp_path is set the
	 * handler only exits, as the signals' default would.
	 */
	if (!catch_signals()) {
		snprintf(error, error_size, "cannot catch SIGINT, SIGTERM and"
		    " SIGHUP to remove the temporary file: %s",
		    strerror(errno));
		goto fail;
	}
	/* Workers may run as another user: the database is world-readable. */
	if ((fd = atomic_file_create(p->temp, 0644, error, error_size)) == -1)
		goto fail;
	memcpy(signal_temp_path, p->temp, len);
	/* Nothing written yet: SQLite opens it by name. */
	(void)close(fd);
	return true;
fail:
	free(p->temp);
	p->temp = NULL;
	return false;
}

/* DB_PATH.versions into dir[0..size); false when too long. */
static bool
versions_dir(const char *target, char *dir, size_t size)
{
	return snprintf(dir, size, "%s" CONTRACT_VERSIONS_SUFFIX, target) <
	    (int)size;
}

/*
 * DB_PATH.versions into dir[0..size), created if needed; false (logged)
 * when it cannot be: the workers then stream what would be there.
 */
static bool
versions_mkdir(const char *target, char *dir, size_t size)
{
	if (!versions_dir(target, dir, size)) {
		log_warn("database path too long for %s", target);
		return false;
	}
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		log_errno("cannot create %s: /v1/database will be streamed "
		    "by the workers", dir);
		return false;
	}
	return true;
}

/*
 * The files beside a version being written while the caller checks the
 * database (publish_prepare): for the file temp, of inode st.st_ino.
 */
struct publish_siblings {
	pthread_t	 thread;
	bool		 started;	/* thread runs: join it */
	bool		 have_dir;	/* dir exists, the files go there */
	bool		 written;	/* export_files_write has run */
	int		 sync_errno;	/* the thread's fsync failed: why */
	struct stat	 st;		/* the file's, when prepared */
	char		*temp;
	char		 dir[4096];
};

static void *
siblings_run(void *arg)
{
	struct publish_siblings *s = arg;
	int fd;

	/*
	 * The file's own fsync first, while the checks hold the CPU:
	 * atomic_file_commit's then finds nothing left to write (0.08-0.2 s
	 * of the 2022 dump's 99 MB, otherwise waited for after the checks).
	 * Its failure fails the commit: after a failed fsync, Linux may say
	 * the next one succeeded, the pages lost all the same.  A file that
	 * cannot be opened here is the commit's to report.
	 */
	if ((fd = open(s->temp, O_RDONLY | O_CLOEXEC)) != -1) {
		if (fsync(fd) == -1)
			s->sync_errno = errno;
		(void)close(fd);
	}
	/* Each file that fails is logged there and simply not offered. */
	export_files_write(s->temp, s->dir, s->st.st_ino);
	s->written = true;
	return NULL;
}

bool
publish_prepare(struct publish *p, char *error, size_t error_size)
{
	struct publish_siblings *s = xcalloc(1, sizeof(*s));
	int rc;

	if (stat(p->temp, &s->st) == -1) {
		snprintf(error, error_size, "cannot stat %s: %s", p->temp,
		    strerror(errno));
		free(s);
		return false;
	}
	s->temp = xstrdup(p->temp);
	p->siblings = s;
	if (!(s->have_dir = versions_mkdir(p->target, s->dir, sizeof(s->dir))))
		return true;
	if ((rc = pthread_create(&s->thread, NULL, siblings_run, s)) != 0)
		/* publish_commit writes them then, after the checks. */
		log_warn("cannot start a thread (%s): the compressed forms"
		    " are written after the checks", strerror(rc));
	s->started = rc == 0;
	return true;
}

/* Waits for publish_prepare's thread, if it runs. */
static void
siblings_wait(struct publish_siblings *s)
{
	int rc;

	if (!s->started)
		return;
	if ((rc = pthread_join(s->thread, NULL)) != 0)
		/* Cannot happen with a joinable thread of ours. */
		log_warn("cannot join the thread of %s's files: %s", s->temp,
		    strerror(rc));
	s->started = false;
}

/* Waits for publish_prepare's files, removes them when remove, frees s. */
static void
siblings_end(struct publish_siblings *s, bool remove)
{
	if (s == NULL)
		return;
	siblings_wait(s);
	if (remove && s->have_dir)
		export_files_remove(s->dir, s->st.st_ino);
	free(s->temp);
	free(s);
}

/*
 * Links the file about to be published as DB_PATH.versions/INODE.db
 * (contract.h), after writing its export files and its compressed forms
 * there (export_files.h), unless publish_prepare's thread did.  The name
 * cannot be taken: a file of that name is a link to that inode, which is
 * then not free for the new file.  A failure only costs the workers their
 * X-Sendfile (they stream the file instead) or a coding, so it is logged
 * and the update goes on.
 */
static void
version_link(const struct publish *p, const struct stat *st)
{
	const struct publish_siblings *s = p->siblings;
	char dir[4096], path[4200];
	int fd;

	if (s != NULL) {
		if (!s->have_dir)
			return;
		memcpy(dir, s->dir, sizeof(dir));
	} else if (!versions_mkdir(p->target, dir, sizeof(dir)))
		return;
	if (snprintf(path, sizeof(path), "%s/%llu.db", dir,
	    (unsigned long long)st->st_ino) >= (int)sizeof(path)) {
		log_warn("database path too long for %s", dir);
		return;
	}
	/* Each file that fails is logged there and simply not offered. */
	if (s == NULL || !s->written)
		export_files_write(p->temp, dir, st->st_ino);
	if (link(p->temp, path) == -1) {
		log_errno("cannot link %s to %s: /v1/database will be "
		    "streamed by the workers", p->temp, path);
		return;
	}
	/* Durable with the rename that follows (fsync'ed there). */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1)
		log_errno("cannot fsync %s", dir);
	if (fd != -1)
		(void)close(fd);
}

/* True for the names version_link gives: digits, then ".db". */
static bool
is_version_name(const char *name)
{
	size_t digits = strspn(name, "0123456789");

	return digits > 0 && strcmp(name + digits, ".db") == 0;
}

/*
 * True when st, or the files beside version ino (export_files_name),
 * belong to version v.
 */
static bool
same_version(const struct stat *v, const struct stat *st, bool by_name,
    unsigned long long ino)
{
	if (v == NULL)
		return false;
	if (by_name)
		return (unsigned long long)v->st_ino == ino;
	return st->st_dev == v->st_dev && st->st_ino == v->st_ino;
}

/*
 * Removes the versions but the new file's and the previous one's (prev,
 * NULL when there was none): a worker may have named the previous one to
 * lighttpd an instant before the rename, never one older.  A download in
 * flight holds its file open whatever happens to the names.
 */
static void
versions_prune(const char *target, const struct stat *cur,
    const struct stat *prev)
{
	char dir[4096], path[4200];
	struct dirent *entry;
	struct stat st;
	unsigned long long ino = 0;
	DIR *d;

	if (!versions_dir(target, dir, sizeof(dir)) ||
	    (d = opendir(dir)) == NULL)
		return;
	while ((entry = readdir(d)) != NULL) {
		/* A killed run's temporary file beside a version goes too. */
		bool temp = strstr(entry->d_name, CONTRACT_TEMP_SUFFIX) != NULL;
		bool exported = export_files_name(entry->d_name, &ino);

		if ((!temp && !exported && !is_version_name(entry->d_name)) ||
		    snprintf(path, sizeof(path), "%s/%s", dir,
		    entry->d_name) >= (int)sizeof(path) ||
		    lstat(path, &st) == -1)
			continue;
		if (!temp && (same_version(cur, &st, exported, ino) ||
		    same_version(prev, &st, exported, ino)))
			continue;
		if (unlink(path) == -1)
			log_errno("cannot remove %s", path);
	}
	closedir(d);
}

bool
publish_commit(struct publish *p, char *error, size_t error_size)
{
	struct stat cur, prev;
	bool have_prev;

	if (stat(p->temp, &cur) == -1) {
		snprintf(error, error_size, "cannot stat %s: %s", p->temp,
		    strerror(errno));
		return false;
	}
	have_prev = stat(p->target, &prev) == 0;
	if (p->siblings != NULL) {
		struct publish_siblings *sib = p->siblings;

		siblings_wait(sib);
		if (sib->sync_errno != 0) {
			snprintf(error, error_size, "cannot fsync %s: %s",
			    p->temp, strerror(sib->sync_errno));
			return false;
		}
		/* The files are named after the inode they were written for. */
		if (sib->st.st_dev != cur.st_dev ||
		    sib->st.st_ino != cur.st_ino ||
		    sib->st.st_size != cur.st_size ||
		    sib->st.st_mtim.tv_sec != cur.st_mtim.tv_sec ||
		    sib->st.st_mtim.tv_nsec != cur.st_mtim.tv_nsec) {
			snprintf(error, error_size, "%s changed while its "
			    "compressed forms were written", p->temp);
			return false;
		}
	}
	version_link(p, &cur);
	/* On failure publish_abandon removes the file, if not renamed. */
	if (!atomic_file_commit(p->temp, p->target, error, error_size))
		return false;
	signal_temp_path[0] = '\0';
	free(p->temp);
	p->temp = NULL;
	siblings_end(p->siblings, false);
	p->siblings = NULL;
	versions_prune(p->target, &cur, have_prev ? &prev : NULL);
	return true;
}

void
publish_abandon(struct publish *p)
{
	char journal[4096];

	/* Not published: its files go, once their thread is done. */
	siblings_end(p->siblings, true);
	p->siblings = NULL;
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
