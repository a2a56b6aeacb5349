#include "status.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "log.h"
#include "text.h"

/* The file is a few hundred bytes; anything larger is not ours. */
#define STATUS_MAX_BYTES	4096

/* What the previous run left: failures in a row, last success or -1. */
static void
status_previous(const char *path, long long *failures, long long *success)
{
	char text[STATUS_MAX_BYTES];
	json_object *o = NULL, *v;
	ssize_t n;
	size_t len = 0;
	int fd;

	*failures = 0;
	*success = -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		if (errno != ENOENT)
			log_warn("%s: %s: counting failures afresh", path,
			    strerror(errno));
		return;
	}
	while (len < sizeof(text)) {
		n = read(fd, text + len, sizeof(text) - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (close(fd) == -1)
		log_errno("close %s", path);
	if (len < sizeof(text)) {
		json_tokener *tok = json_tokener_new();

		if (tok != NULL) {
			o = json_tokener_parse_ex(tok, text, (int)len);
			json_tokener_free(tok);
		}
	}
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		log_warn("%s: not a status file: counting failures afresh",
		    path);
		json_object_put(o);
		return;
	}
	if (json_object_object_get_ex(o, "consecutive_failures", &v) &&
	    json_object_is_type(v, json_type_int) &&
	    json_object_get_int64(v) > 0)
		*failures = json_object_get_int64(v);
	if (json_object_object_get_ex(o, "last_success_timestamp", &v) &&
	    json_object_is_type(v, json_type_int) &&
	    json_object_get_int64(v) >= 0)
		*success = json_object_get_int64(v);
	json_object_put(o);
}

/* ISO 8601 local time with its offset as +01:00; false when it fails. */
static bool
status_iso(char *out, size_t size, time_t t)
{
	char offset[8];
	struct tm tm;
	size_t n;

	if (localtime_r(&t, &tm) == NULL ||
	    (n = strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm)) == 0 ||
	    strftime(offset, sizeof(offset), "%z", &tm) != 5)
		return false;
	return (size_t)snprintf(out + n, size - n, "%.3s:%.2s", offset,
	    offset + 3) < size - n;
}

/* Adds member key; false (the object untouched) when it cannot. */
static bool
add(json_object *o, const char *key, json_object *v)
{
	if (v == NULL || json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return false;
	}
	return true;
}

/* The file's text for this run. */
static const char *
status_json(json_object *o, time_t now, double duration, const char *error,
    long long failures, long long success)
{
	struct buf text = BUF_INIT;
	char iso[40], seconds[32];
	bool ok;

	if (!status_iso(iso, sizeof(iso), now))
		snprintf(iso, sizeof(iso), "%s", "");
	snprintf(seconds, sizeof(seconds), "%.3f", duration < 0 ? 0 : duration);
	/* The line may quote bytes of a URL or a file: UTF-8 in the JSON. */
	if (error != NULL)
		(void)text_decode(&text, error, strlen(error));
	ok = add(o, "result", json_object_new_string(error == NULL ? "ok" :
	    "failed")) &&
	    add(o, "timestamp", json_object_new_int64((int64_t)now)) &&
	    add(o, "time", json_object_new_string(iso)) &&
	    add(o, "duration_seconds", json_object_new_double_s(
	    duration < 0 ? 0 : duration, seconds)) &&
	    (error == NULL ? json_object_object_add(o, "error", NULL) == 0 :
	    add(o, "error", json_object_new_string(buf_str(&text)))) &&
	    add(o, "consecutive_failures", json_object_new_int64(failures)) &&
	    (success < 0 ?
	    json_object_object_add(o, "last_success_timestamp", NULL) == 0 :
	    add(o, "last_success_timestamp", json_object_new_int64(success)));
	buf_free(&text);
	return ok ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
}

/* Writes all of data to fd; false with errno set. */
static bool
write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += n;
		len -= (size_t)n;
	}
	return true;
}

bool
status_write(const char *db_path, time_t now, double duration,
    const char *error)
{
	struct buf path = BUF_INIT, temp = BUF_INIT, line = BUF_INIT;
	json_object *o = json_object_new_object();
	long long failures, success;
	const char *text;
	bool ok = false, created = false;
	int fd = -1;

	buf_printf(&path, "%s%s", db_path, STATUS_SUFFIX);
	/* DB_PATH.new-*: the next run removes it if this one is killed. */
	buf_printf(&temp, "%s.new-status-XXXXXX", db_path);
	status_previous(buf_str(&path), &failures, &success);
	if (error == NULL) {
		failures = 0;
		success = (long long)now;
	} else
		failures++;
	if (o == NULL || (text = status_json(o, now, duration, error,
	    failures, success)) == NULL) {
		log_error("%s: cannot render the status", buf_str(&path));
		goto out;
	}
	buf_printf(&line, "%s\n", text);
	if ((fd = mkostemp(temp.data, O_CLOEXEC)) == -1) {
		log_errno("cannot create %s", buf_str(&temp));
		goto out;
	}
	created = true;
	/* The workers, perhaps another user, read it. */
	if (fchmod(fd, 0644) == -1 || !write_all(fd, line.data, line.len) ||
	    fsync(fd) == -1) {
		log_errno("cannot write %s", buf_str(&temp));
		goto out;
	}
	if (close(fd) == -1) {
		fd = -1;
		log_errno("cannot write %s", buf_str(&temp));
		goto out;
	}
	fd = -1;
	if (rename(buf_str(&temp), buf_str(&path)) == -1) {
		log_errno("cannot rename %s to %s", buf_str(&temp),
		    buf_str(&path));
		goto out;
	}
	ok = true;
out:
	if (fd != -1 && close(fd) == -1)
		log_errno("close %s", buf_str(&temp));
	if (!ok && created && unlink(buf_str(&temp)) == -1)
		log_errno("cannot remove %s", buf_str(&temp));
	json_object_put(o);
	buf_free(&path);
	buf_free(&temp);
	buf_free(&line);
	return ok;
}
