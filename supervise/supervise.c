/*
 * medicaments-supervise: runs a service and a helper that must never stop
 * while the service runs (lighttpd and the access log's follower).
 *
 *     medicaments-supervise SERVICE [ARG...] -- HELPER [ARG...]
 *
 * script/lighttpd-run execs it with LOG_DIR:
 *
 *     medicaments-supervise lighttpd -D -f CONF -- \
 *         medicaments-accesslog [-u USER] -f RAW -s STATE -n HOST:PORT OUT
 *
 * It starts SERVICE, then HELPER with "-p PID" (SERVICE's pid) inserted
 * as its first option; restarts HELPER at once whenever it dies (after a
 * pause growing to 5 s when it dies again and again within a second of
 * its start), saying so on stderr; passes SIGTERM, SIGINT, SIGHUP and
 * SIGUSR1 on to SERVICE; once SERVICE has exited, tells HELPER so with
 * SIGUSR2 (HELPER then reads what SERVICE left and exits 0; one restarted
 * after that gets "-p 0"), waits for it, and exits with SERVICE's status
 * (128 + the signal that ended it).  It does no work of its own: killing
 * every access log process kills only helpers, which come back.
 *
 * On Linux it is also the "subreaper" of what SERVICE leaves behind
 * (lighttpd's FastCGI workers): it waits for them too, 10 s at most,
 * before it exits, so that nothing of the service outlives it.  Should it
 * die itself, SERVICE gets SIGTERM (PR_SET_PDEATHSIG): a service nobody
 * watches stops rather than runs on unnoticed.
 */
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "monotonic.h"
#include "xalloc.h"

#define USAGE	"usage: medicaments-supervise SERVICE [ARG...] -- HELPER " \
		"[ARG...]"

/* A helper that lived less than this died "at once". */
#define QUICK_DEATH_MS	1000
#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	5000
/* How long the service's leftovers and a draining helper are waited for. */
#define LEFTOVER_MS	10000

/* The signals handled by sigtimedwait(2): blocked all along. */
static sigset_t handled;
/* The signal mask to give the children. */
static sigset_t original;

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };

/*
 * Forks and execs argv; in the child, the signal mask and dispositions
 * are the ones this program was started with, and, on Linux, the death of
 * this process sends it death_sig (0: none).  Returns the pid, -1 when
 * fork failed (logged).
 */
static pid_t
spawn(char *const argv[], int death_sig)
{
	pid_t pid, parent = getpid();

	if ((pid = fork()) == -1) {
		log_errno("fork");
		return -1;
	}
	if (pid > 0)
		return pid;
#ifdef __linux__
	if (death_sig != 0 && (prctl(PR_SET_PDEATHSIG, death_sig) != 0 ||
	    getppid() != parent))
		_exit(127);
#else
	(void)death_sig;
	(void)parent;
#endif
	if (sigprocmask(SIG_SETMASK, &original, NULL) != 0)
		_exit(127);
	execvp(argv[0], argv);
	log_errno("%s: cannot run it", argv[0]);
	_exit(127);
}

/* "exit 1", "signal 9": what a wait status says, in buf. */
static const char *
status_text(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "status %#x", (unsigned)status);
	return buf;
}

/*
 * Sends sig to this process's children but the helper: what the service
 * left behind (lighttpd's FastCGI workers, become ours as its subreaper
 * once lighttpd has died without stopping them: killed with SIGKILL, they
 * would wait for requests on a socket nobody connects to any more, with
 * the database open, for ever).  Linux: read from /proc; elsewhere a
 * no-op.  Returns how many were signalled.
 */
static int
signal_leftovers(pid_t helper, int sig)
{
	int n = 0;
#ifdef __linux__
	char path[64], stat[512], *close_paren;
	pid_t self = getpid(), pid;
	long ppid;
	struct dirent *e;
	FILE *f;
	DIR *d;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if ((pid = (pid_t)atol(e->d_name)) <= 0 || pid == helper ||
		    snprintf(path, sizeof(path), "/proc/%ld/stat",
		    (long)pid) >= (int)sizeof(path) ||
		    (f = fopen(path, "r")) == NULL)
			continue;
		/* "PID (COMM) STATE PPID ...": COMM may hold anything. */
		if (fgets(stat, sizeof(stat), f) != NULL &&
		    (close_paren = strrchr(stat, ')')) != NULL &&
		    sscanf(close_paren + 1, " %*c %ld", &ppid) == 1 &&
		    ppid == (long)self && kill(pid, sig) == 0)
			n++;
		(void)fclose(f);
	}
	(void)closedir(d);
#else
	(void)helper;
	(void)sig;
#endif
	return n;
}

/* The helper and what its restarts need. */
struct helper {
	char		**argv;		/* argv[2] is the service's pid */
	char		  pid_arg[24];
	pid_t		  pid;		/* 0: not running */
	int64_t		  started_ms;
	int64_t		  restart_ms;	/* when to start it again, or 0 */
	int		  backoff_ms;	/* after a quick death, or 0 */
	bool		  done;		/* exited 0 after the service */
};

static void
helper_start(struct helper *h)
{
	h->restart_ms = 0;
	h->started_ms = monotonic_ms();
	if ((h->pid = spawn(h->argv, 0)) == -1) {
		h->pid = 0;
		h->restart_ms = h->started_ms + BACKOFF_MAX_MS;
	}
}

/* The helper has ended: restart it, at once or after a pause. */
static void
helper_died(struct helper *h, int status, bool service_gone)
{
	char what[32];
	int64_t now = monotonic_ms();

	h->pid = 0;
	if (h->done)
		return;		/* killed after LEFTOVER_MS */
	if (service_gone && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		h->done = true;
		return;
	}
	if (now - h->started_ms < QUICK_DEATH_MS)
		h->backoff_ms = h->backoff_ms == 0 ? BACKOFF_MIN_MS :
		    h->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS :
		    h->backoff_ms * 2;
	else
		h->backoff_ms = 0;
	log_warn("%s ended (%s): restarting it%s", h->argv[0],
	    status_text(status, what, sizeof(what)),
	    h->backoff_ms > 0 ? " after a pause" : "");
	h->restart_ms = now + h->backoff_ms;
	if (h->backoff_ms == 0)
		helper_start(h);
}

/*
 * Shortens this process's command line (ps, /proc/PID/cmdline) to
 * "medicaments-supervise SERVICE [ARG...]": with HELPER's words in it,
 * `pkill -f medicaments-accesslog`, meant for the helpers, would kill
 * this process too.  argv's strings, which it overwrites, must be copies
 * by then.  Nothing is done unless they lie end to end, as Linux puts
 * them.
 */
static void
retitle(int argc, char *const orig[], char *const copy[], int sep)
{
	char *end = orig[0], *p;
	size_t n;
	int i;

	for (i = 0; i < argc; i++) {
		if (orig[i] != end)
			return;
		end = orig[i] + strlen(copy[i]) + 1;
	}
	p = orig[0] + strlen(copy[0]);	/* argv[0] stays */
	for (i = 1; i < sep; i++) {
		*p++ = ' ';
		n = strlen(copy[i]);
		memcpy(p, copy[i], n);
		p += n;
	}
	memset(p, '\0', (size_t)(end - p));
}

int
main(int argc, char *argv[])
{
	struct helper h = { .pid = 0 };
	struct timespec wait_ts;
	siginfo_t si;
	pid_t service, pid;
	int64_t now, deadline = 0, timeout;
	int i, sep, sig, status, service_status = 0;
	bool service_gone = false, leftovers_told = false,
	    leftovers_killed = false;
	char msg[256], what[32], **orig;

	if (!log_init("medicaments-supervise", msg, sizeof(msg)))
		log_set_level(LOG_INFO);
	for (sep = 1; sep < argc && strcmp(argv[sep], "--") != 0; sep++)
		;
	if (sep == 1 || sep >= argc - 1) {
		log_fatal(USAGE);
		return 2;
	}
	/* Copies: retitle() overwrites the strings. */
	orig = xcalloc((size_t)argc, sizeof(char *));
	for (i = 0; i < argc; i++) {
		orig[i] = argv[i];
		argv[i] = xstrdup(argv[i]);
	}
	retitle(argc, orig, argv, sep);
	free(orig);
	free(argv[sep]);
	argv[sep] = NULL;
	if (sigemptyset(&handled) != 0 || sigaddset(&handled, SIGCHLD) != 0) {
		log_errno("sigemptyset");
		return 1;
	}
	for (i = 0; i < (int)(sizeof(forwarded) / sizeof(forwarded[0])); i++)
		if (sigaddset(&handled, forwarded[i]) != 0) {
			log_errno("sigaddset");
			return 1;
		}
	if (sigprocmask(SIG_BLOCK, &handled, &original) != 0) {
		log_errno("sigprocmask");
		return 1;
	}
#ifdef __linux__
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		log_warn("cannot become a subreaper: %s", strerror(errno));
#endif
	if ((service = spawn(argv + 1, SIGTERM)) == -1)
		return 1;
	/* The helper's argv: HELPER -p PID ARG... */
	h.argv = xcalloc((size_t)(argc - sep) + 3, sizeof(char *));
	h.argv[0] = argv[sep + 1];
	h.argv[1] = (char *)"-p";
	snprintf(h.pid_arg, sizeof(h.pid_arg), "%ld", (long)service);
	h.argv[2] = h.pid_arg;
	for (i = sep + 2; i < argc; i++)
		h.argv[i - sep + 1] = argv[i];
	helper_start(&h);

	for (;;) {
		now = monotonic_ms();
		if (h.pid == 0 && !h.done && h.restart_ms != 0 &&
		    now >= h.restart_ms)
			helper_start(&h);
		if (service_gone && !h.done && now >= deadline) {
			log_warn("%s still draining after %d s: killed",
			    h.argv[0], LEFTOVER_MS / 1000);
			if (h.pid != 0)
				(void)kill(h.pid, SIGKILL);
			h.done = true;
		}
		if (service_gone && h.done) {
			/* What is left of the service's children. */
			while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
				;
			if (pid == -1 && errno == ECHILD)
				break;
			/*
			 * A service that stopped normally stopped its own;
			 * one killed left them running: told once, then
			 * killed, so that nothing outlives the service.
			 */
			if (!leftovers_told) {
				leftovers_told = true;
				if ((i = signal_leftovers(h.pid, SIGTERM)) > 0)
					log_warn("%d processes left by %s: "
					    "stopped", i, argv[1]);
			}
			if (now >= deadline + LEFTOVER_MS) {
				if (!leftovers_killed) {
					leftovers_killed = true;
					if (signal_leftovers(h.pid, SIGKILL) > 0)
						continue;	/* reaped above */
				}
				break;
			}
		}
		timeout = 1000;
		if (h.pid == 0 && h.restart_ms != 0)
			timeout = h.restart_ms - now;
		if (service_gone)
			timeout = 100;
		if (timeout < 0)
			timeout = 0;
		wait_ts.tv_sec = (time_t)(timeout / 1000);
		wait_ts.tv_nsec = (long)(timeout % 1000) * 1000000;
		if ((sig = sigtimedwait(&handled, &si, &wait_ts)) == -1) {
			if (errno != EAGAIN && errno != EINTR) {
				log_errno("sigtimedwait");
				(void)kill(service, SIGTERM);
				return 1;
			}
			continue;
		}
		if (sig != SIGCHLD) {
			if (!service_gone && kill(service, sig) != 0)
				log_errno("passing signal %d on", sig);
			continue;
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			if (pid == service) {
				service_gone = true;
				service_status = status;
				deadline = monotonic_ms() + LEFTOVER_MS;
				log_info("%s ended (%s)", argv[1],
				    status_text(status, what, sizeof(what)));
				/* Restarted from now on, it drains and stops. */
				snprintf(h.pid_arg, sizeof(h.pid_arg), "0");
				if (h.pid != 0 && kill(h.pid, SIGUSR2) != 0)
					log_errno("signalling %s", h.argv[0]);
			} else if (pid == h.pid)
				helper_died(&h, status, service_gone);
		}
		if (pid == -1 && errno != ECHILD) {
			log_errno("waitpid");
			(void)kill(service, SIGTERM);
			return 1;
		}
	}
	free(h.argv);
	if (WIFEXITED(service_status))
		return WEXITSTATUS(service_status);
	if (WIFSIGNALED(service_status))
		return 128 + WTERMSIG(service_status);
	return 1;
}
