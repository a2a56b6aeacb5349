/*
 * medicaments-fcgi: the API's worker.  lighttpd spawns several (bin-path,
 * max-procs) on one FastCGI socket; each answers one request at a time from
 * the read-only database.  Started without a FastCGI socket on stdin, the
 * same program is a CGI program: it answers the one request described by
 * its environment on stdout and exits.
 *
 * Environment: DB_PATH (required in production), WORKERS, ENV, LOG_LEVEL,
 * LOG_FILE, ALLOW_ROOT=1 (the worker refuses to run as root otherwise;
 * tests run as root and set it), METRICS_PORT, RATE_LIMIT (on, off),
 * RATE_LIMIT_BURST, RATE_LIMIT_RATE, RATE_LIMIT_FILE, RATE_LIMIT_EXEMPT,
 * TRUSTED_PROXIES, CORS_ORIGINS (see settings.h).
 *
 *   medicaments-fcgi --check-config
 *
 * checks those and every variable script/lighttpd-run reads, prints every
 * bad one (one "medicaments-fcgi: error: NAME=value: why" line each, exit
 * 1), or the values lighttpd-run renders its configuration with, as shell
 * assignments (exit 0): see settings.h.
 */
#include <errno.h>
#include <malloc.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "buf.h"
#include "db.h"
#include "dispatch.h"
#include "handlers.h"
#include "log.h"
#include "request.h"
#include "settings.h"
#include "worker_shm.h"
#include "worker_state.h"
#include "writer.h"

/* Answers from this size on leave heap to give back once idle. */
#define WORKER_TRIM_AFTER	(64 * 1024)
/* glibc's thresholds while serving (serve_fastcgi). */
#define WORKER_TRIM_THRESHOLD	(64 * 1024 * 1024)
#define WORKER_MMAP_THRESHOLD	(32 * 1024 * 1024)
/* How long without a request makes a worker idle enough to trim. */
#define WORKER_IDLE_MS		100

/* What every request is served with. */
struct worker {
	const struct settings *settings;
	struct db	*db;
	struct shared	*shared;
	bool		 xsendfile;	/* FastCGI: lighttpd sends files */
	struct worker_state kept;	/* buffers kept between requests */
};

/*
 * The parameters request_init reads, found in one pass over the request's
 * environment (FCGX_GetParam would scan the whole of it for each name).
 * Like FCGX_GetParam, the first of a repeated name wins.
 */
static void
fcgx_params(const char *value[REQ_PARAM_MAX], FCGX_Request *req)
{
	char **p;
	const char *eq;
	int i;

	for (i = 0; i < REQ_PARAM_MAX; i++)
		value[i] = NULL;
	for (p = req->envp; p != NULL && *p != NULL; p++) {
		if ((eq = strchr(*p, '=')) == NULL)
			continue;
		i = request_param_index(*p, (size_t)(eq - *p));
		if (i >= 0 && value[i] == NULL)
			value[i] = eq + 1;
	}
}

/* CGI: the same parameters from the environment. */
static void
env_params(const char *value[REQ_PARAM_MAX])
{
	int i;

	for (i = 0; i < REQ_PARAM_MAX; i++)
		value[i] = getenv(request_param_names[i]);
}

static bool
fcgx_write(void *ctx, const char *data, size_t len)
{
	FCGX_Stream *out = ctx;
	int n;

	while (len > 0) {
		n = len > INT_MAX ? INT_MAX : (int)len;
		if (FCGX_PutStr(data, n, out) != n)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static void
serve_one(struct worker *w, const char *const value[REQ_PARAM_MAX],
    struct writer *out)
{
	struct request r;

	request_init(&r, value);
	r.settings = w->settings;
	r.db = w->db;
	r.shared = w->shared;
	r.xsendfile = w->xsendfile;
	r.out = out;
	r.kept = &w->kept;
	dispatch(&r);
	request_free(&r);
}

/*
 * After a large answer (a broad search, the export) its buffers are free
 * but stay in the heap, resident in every worker that once served one:
 * given back once the worker has been idle for WORKER_IDLE_MS.  Under
 * load the next large answer would grow the heap again at once, and each
 * shrink and regrowth (brk, madvise, the TLB flushes they cause, the
 * pages faulted back in) cost the search mix 30 % of its throughput; a
 * look for a waiting request is not enough, since between two requests a
 * busy worker's socket is often empty for a moment.  The wait is the one
 * accept() would make: a request that comes ends it at once.
 */
static bool
idle(const FCGX_Request *req)
{
	struct pollfd listener = { .fd = req->listen_sock, .events = POLLIN };

	/* Not idle either when poll failed (a signal): the next turn looks. */
	return poll(&listener, 1, WORKER_IDLE_MS) == 0;
}

static int
serve_cgi(struct worker *w)
{
	static char outbuf[64 * 1024];
	const char *value[REQ_PARAM_MAX];
	struct writer out;

	if (setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf)) != 0)
		log_warn("setvbuf stdout failed: output unbuffered");
	writer_init_stdio(&out, stdout);
	env_params(value);
	serve_one(w, value, &out);
	if (fflush(stdout) == EOF)
		log_info("client gone before the end of the response");
	return 0;
}

/*
 * Ends the request and closes lighttpd's connection at once.  libfcgi's
 * own close shuts the socket down and then waits, in poll and read, for
 * lighttpd to close its end first: a system call and a wake-up more per
 * request, for nothing, since lighttpd never sends more on a connection
 * once the request's stdin has ended.  What lighttpd did send must still
 * be read before close(): unread bytes make the kernel answer with a
 * reset, which could cost lighttpd the end of the response.  So stdin
 * is drained to its end (for a GET, its empty record is usually in
 * libfcgi's buffer already: no system call), the response and its
 * FCGI_END_REQUEST are flushed by FCGX_Finish_r, told to keep the
 * connection, and the socket is closed here.
 */
static void
fcgx_finish(FCGX_Request *req)
{
	char trash[4096];
	int fd;

	while (FCGX_GetStr(trash, (int)sizeof(trash), req->in) > 0)
		continue;
	req->keepConnection = 1;
	FCGX_Finish_r(req);
	/* FCGX_Finish_r closed it itself after an error. */
	if ((fd = req->ipcFd) >= 0) {
		req->ipcFd = -1;
		if (close(fd) == -1)
			log_info("closing lighttpd's connection: %s",
			    strerror(errno));
	}
}

static int
serve_fastcgi(struct worker *w)
{
	FCGX_Request req;
	const char *value[REQ_PARAM_MAX];
	struct writer out;
	unsigned long served = 0;
	bool heap_to_trim = false;

	/*
	 * No fastbins: libfcgi allocates two 8 KiB stream buffers a request,
	 * and glibc consolidates the fastbins before each one (a lookup
	 * cost 260 instructions more).  Only speed depends on it.
	 */
	if (mallopt(M_MXFAST, 0) != 1)
		log_info("mallopt M_MXFAST failed: fastbins stay");
	/*
	 * No trimming on free, no mmap for big buffers: a broad search with
	 * gzip grows the heap by about 1 MB, and glibc gave it back at each
	 * free and faulted it in again at the next answer (45 page faults,
	 * 1.1-1.4 ms of CPU for "acide" against 0.32-0.40 ms without).  The
	 * heap still goes back to the system once the worker is idle
	 * (malloc_trim below).  32 MiB is the largest mmap threshold glibc
	 * takes on 64 bits.
	 */
	if (mallopt(M_TRIM_THRESHOLD, WORKER_TRIM_THRESHOLD) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, WORKER_MMAP_THRESHOLD) != 1)
		log_info("mallopt: the heap is trimmed on free");
	if (FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 1;
	}
	if (FCGX_InitRequest(&req, 0, 0) != 0) {
		log_error("FCGX_InitRequest failed");
		return 1;
	}
	log_info("worker %ld ready", (long)getpid());
	while (FCGX_Accept_r(&req) >= 0) {
		out.write = fcgx_write;
		out.ctx = req.out;
		out.failed = false;
		out.written = 0;
		fcgx_params(value, &req);
		serve_one(w, value, &out);
		fcgx_finish(&req);
		if (out.written >= WORKER_TRIM_AFTER)
			heap_to_trim = true;
		if (heap_to_trim && idle(&req)) {
			(void)malloc_trim(0);	/* 0: none to give, no error */
			heap_to_trim = false;
		}
		served++;
	}
	log_info("worker %ld stops after %lu requests", (long)getpid(),
	    served);
	FCGX_Free(&req, 1);
	return 0;
}

/* One log_fatal line per line of errors ("...\n" each). */
static void
fatal_lines(const struct buf *errors)
{
	const char *line, *nl;

	for (line = buf_str(errors); (nl = strchr(line, '\n')) != NULL;
	    line = nl + 1)
		log_fatal("%.*s", (int)(nl - line), line);
}

/* --check-config: 0 when every variable is good, 1 otherwise. */
static int
check_config(void)
{
	struct settings_front f;
	struct buf errors = BUF_INIT;
	int rc = 1;

	if (!settings_check_config(&f, &errors)) {
		fatal_lines(&errors);
		goto out;
	}
	if (!settings_print_front(&f, stdout)) {
		log_fatal("--check-config: cannot write the values: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	buf_free(&errors);
	return rc;
}

/*
 * A CGI process's connection, left to the kernel (see main).  volatile:
 * never read, the store would be optimised away, and the leak checkers
 * would see the connection lost rather than still reachable.
 */
static struct db *volatile cgi_db_at_exit;

static void
on_sighup(int sig)
{
	(void)sig;
	log_reopen();
}

int
main(int argc, char **argv)
{
	struct settings settings;
	struct worker w = { .settings = &settings,
	    .kept = WORKER_STATE_INIT };
	struct buf errors = BUF_INIT;
	struct sigaction sa;
	char msg[512];
	bool cgi;
	int rc = 1;

	/*
	 * A CGI server may turn a query string without '=' into arguments
	 * (RFC 3875 4.4): a request's, never an option.
	 */
	if (getenv("GATEWAY_INTERFACE") == NULL && argc > 1) {
		if (argc == 2 && strcmp(argv[1], "--check-config") == 0) {
			/* A bad ENV or LOG_LEVEL is the check's to report. */
			if (!log_init("medicaments-fcgi", msg, sizeof(msg)))
				msg[0] = '\0';
			rc = check_config();
			log_close();
			return rc;
		}
		(void)fputs("usage: medicaments-fcgi [--check-config]\n",
		    stderr);
		return 2;
	}

	/*
	 * A setting the worker does not understand stops it, with one line
	 * on stderr (lighttpd's, or the CGI server's log): serving with a
	 * default the operator did not choose would be worse.
	 */
	memset(&settings, 0, sizeof(settings));
	if (!log_init("medicaments-fcgi", msg, sizeof(msg))) {
		log_fatal("%s", msg);
		goto out;
	}
	if (!settings_from_env(&settings, &errors)) {
		fatal_lines(&errors);
		goto out;
	}
	if (settings.log_file != NULL && !log_open_file(settings.log_file)) {
		log_fatal("LOG_FILE=%s: cannot open it for appending: %s",
		    settings.log_file, strerror(errno));
		goto out;
	}
	if (geteuid() == 0 && !settings.allow_root) {
		log_fatal("refusing to run as root: run the workers as an "
		    "unprivileged user (or set ALLOW_ROOT=1 for tests)");
		goto out;
	}
	/* A client that goes away is a write error, not a signal. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
		log_errno("signal SIGPIPE");
		goto out;
	}
	/* SIGHUP reopens LOG_FILE (rotation) instead of killing. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sighup;
	sa.sa_flags = SA_RESTART;
	if (sigemptyset(&sa.sa_mask) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0) {
		log_errno("sigaction SIGHUP");
		goto out;
	}
	diagnostics_start(time(NULL));
	/* A CGI process answers one request: it prepares what that needs. */
	cgi = FCGX_IsCGI();
	w.xsendfile = !cgi;
	w.db = db_new(settings.db_path, cgi ? DB_PREPARE_LAZY :
	    DB_PREPARE_ALL);
	w.shared = shared_open(settings.shared_paths,
	    settings.nshared_paths);
	db_refresh(w.db);
	if (cgi) {
		rc = serve_cgi(&w);
		/*
		 * A CGI process ends with its request: the kernel takes its
		 * memory back and closes the read-only file at once, where
		 * closing SQLite's connection frees its parsed schema object
		 * by object (140 K instructions, 3 % of a CGI search).  The
		 * connection stays reachable, for the leak checkers.
		 */
		cgi_db_at_exit = w.db;
		w.db = NULL;
	} else {
		rc = serve_fastcgi(&w);
	}
out:
	worker_state_free(&w.kept);
	shared_close(w.shared);
	db_free(w.db);
	settings_free(&settings);
	buf_free(&errors);
	log_close();
	return rc;
}
