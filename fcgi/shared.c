#include "shared.h"

#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

#define SHARED_MAGIC	UINT64_C(0x6d65646963616d31)	/* "medicam1" */

static bool
map_private(struct shared *s)
{
	void *p = mmap(NULL, sizeof(*s->st), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		log_errno("mmap anonymous");
		return false;
	}
	s->st = p;
	s->fd = -1;
	s->st->magic = SHARED_MAGIC;
	s->st->size = sizeof(*s->st);
	return true;
}

/* Opens and maps the file; false (logged) when it cannot be used. */
static bool
map_file(struct shared *s, const char *path)
{
	struct stat st;
	void *p = MAP_FAILED;
	bool locked = false, ok = false;
	int fd;

	/* O_NOFOLLOW: /dev/shm and /tmp are shared by every user. */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1) {
		log_warn("open %s: %s", path, strerror(errno));
		return false;
	}
	if (flock(fd, LOCK_EX) == -1) {
		log_errno("flock %s", path);
		goto out;
	}
	locked = true;
	if (fstat(fd, &st) == -1) {
		log_errno("fstat %s", path);
		goto out;
	}
	if (st.st_uid != geteuid() || !S_ISREG(st.st_mode)) {
		log_error("%s: not a regular file of this user", path);
		goto out;
	}
	if ((size_t)st.st_size != sizeof(*s->st) &&
	    (ftruncate(fd, 0) == -1 ||
	    ftruncate(fd, (off_t)sizeof(*s->st)) == -1)) {
		log_errno("ftruncate %s", path);
		goto out;
	}
	if ((p = mmap(NULL, sizeof(*s->st), PROT_READ | PROT_WRITE,
	    MAP_SHARED, fd, 0)) == MAP_FAILED) {
		log_errno("mmap %s", path);
		goto out;
	}
	s->st = p;
	/* A file of another layout (older worker) starts afresh. */
	if (s->st->magic != SHARED_MAGIC || s->st->size != sizeof(*s->st)) {
		memset(s->st, 0, sizeof(*s->st));
		s->st->magic = SHARED_MAGIC;
		s->st->size = sizeof(*s->st);
	}
	s->fd = fd;
	ok = true;
out:
	if (locked && flock(fd, LOCK_UN) == -1)
		log_errno("flock %s", path);
	if (!ok) {
		if (p != MAP_FAILED && munmap(p, sizeof(*s->st)) == -1)
			log_errno("munmap %s", path);
		s->st = NULL;
		if (close(fd) == -1)
			log_errno("close %s", path);
	}
	return ok;
}

struct shared *
shared_open(char *const *paths, int n)
{
	struct shared *s = xcalloc(1, sizeof(*s));
	int i;

	s->fd = -1;
	for (i = 0; i < n; i++) {
		if (map_file(s, paths[i]))
			return s;
		if (i + 1 < n)
			log_info("trying %s instead", paths[i + 1]);
	}
	log_warn("rate limits and metrics kept per worker, not shared");
	if (!map_private(s)) {
		free(s);
		return NULL;
	}
	return s;
}

void
shared_close(struct shared *s)
{
	if (s == NULL)
		return;
	if (s->st != NULL && munmap(s->st, sizeof(*s->st)) == -1)
		log_errno("munmap");
	if (s->fd != -1 && close(s->fd) == -1)
		log_errno("close shared state");
	free(s);
}

bool
shared_lock(struct shared *s)
{
	if (s->fd == -1)
		return true;
	while (flock(s->fd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			log_errno("flock shared state");
			return false;
		}
	}
	return true;
}

void
shared_unlock(struct shared *s)
{
	if (s->fd != -1 && flock(s->fd, LOCK_UN) == -1)
		log_errno("flock unlock shared state");
}
