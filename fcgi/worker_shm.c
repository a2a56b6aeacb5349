#include "worker_shm.h"

#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xalloc.h"

/* A new layout takes a new magic (and usually changes the size). */
#define SHARED_MAGIC	UINT64_C(0x6d65646963616d33)	/* "medicam3" */

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
	bool locked = false, ok = false, zeroed;
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
	zeroed = (size_t)st.st_size != sizeof(*s->st);
	if (zeroed && (ftruncate(fd, 0) == -1 ||
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
	/*
	 * A file of another layout (older worker) starts afresh.  One just
	 * truncated reads as zeros already: writing them would make every
	 * page of it resident (half a megabyte) before any is used.
	 */
	if (s->st->magic != SHARED_MAGIC || s->st->size != sizeof(*s->st)) {
		if (!zeroed)
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
	int pid;

	if (s == NULL)
		return;
	if (s->self != NULL) {
		atomic_store_explicit(&s->self->busy, 0, memory_order_relaxed);
		pid = (int)getpid();
		/* Only ours: never free an entry another process took. */
		(void)atomic_compare_exchange_strong(&s->self->pid, &pid, 0);
		s->self = NULL;
	}
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

bool
shared_pid_alive(int pid)
{
	/* EPERM: it exists, under another user. */
	return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Takes entry w for pid if it still holds expected (0: free). */
static bool
worker_take(struct shared_worker *w, int expected, int pid)
{
	if (!atomic_compare_exchange_strong(&w->pid, &expected, pid))
		return false;
	/* The previous owner may have died in the middle of a request. */
	atomic_store_explicit(&w->busy, 0, memory_order_relaxed);
	return true;
}

struct shared_worker *
shared_worker(struct shared *s)
{
	static bool logged;
	struct shared_worker *w;
	int i, owner, pid = (int)getpid();

	if (s->self != NULL)
		return s->self;
	/*
	 * A free entry first; then one of a process that is gone (a worker
	 * killed, or an entry left by an earlier run): its pid may even be
	 * ours, reused.
	 */
	for (i = 0; i < SHARED_WORKERS; i++) {
		w = &s->st->worker[i];
		owner = atomic_load_explicit(&w->pid, memory_order_relaxed);
		if ((owner == 0 || owner == pid) && worker_take(w, owner, pid))
			return s->self = w;
	}
	for (i = 0; i < SHARED_WORKERS; i++) {
		w = &s->st->worker[i];
		owner = atomic_load_explicit(&w->pid, memory_order_relaxed);
		if (!shared_pid_alive(owner) && worker_take(w, owner, pid))
			return s->self = w;
	}
	if (!logged) {
		log_warn("more than %d live workers: the requests in flight of "
		    "this one are not counted", SHARED_WORKERS);
		logged = true;
	}
	return NULL;
}
