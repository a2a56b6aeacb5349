/*
 * /v1/changes.atom: the change feed as an Atom 1.0 feed (RFC 4287), for
 * feed readers: the 100 newest changes passing since, type and change,
 * newest first, one entry each, titled and summed up in French from the
 * updater's JSON (json-c reads it).  Every text is XML-escaped, and what
 * XML 1.0 cannot carry (controls, bytes that are not UTF-8) is replaced:
 * one bad byte must not make a reader drop the whole feed.  Links are
 * absolute when the request names its host, as readers resolve them
 * against the feed's own address otherwise.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "change_types.h"
#include "data_answer.h"
#include "db.h"
#include "handlers.h"
#include "request.h"
#include "response.h"
#include "text.h"

#define ATOM_ENTRIES		100
#define ATOM_CONTENT_TYPE	"application/atom+xml; charset=utf-8"
#define ATOM_ID			"tag:medicaments-api,2026:"
/* A medicament's page on the BDPM's own site, by its CIS. */
#define BDPM_PAGE_URL \
	"https://base-donnees-publique.medicaments.gouv.fr/extrait.php?specid="

/* Each single type's words in a title, in bit order (change_types.c). */
static const char *const type_words[] = {
	"ajout", "retrait", "fiche", "présentations", "prix",
	"commercialisation", "composition", "génériques",
	"conditions de prescription", "avis HAS", "informations de sécurité",
	"rupture", "rupture mise à jour", "fin de rupture", "MITM",
	"fin MITM", "groupe ajouté", "groupe retiré",
};
_Static_assert(sizeof(type_words) / sizeof(type_words[0]) == 18,
    "a word per single type of common/change_types.c");

/*
 * Appends s[0..n) escaped for XML text and attribute values: the five
 * markup characters as entities, a control XML 1.0 forbids and a byte
 * that does not start well-formed UTF-8 as U+FFFD.
 */
static void
xml_escape(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;
	unsigned char c;

	while (i < n) {
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			if ((len = text_utf8_next(s + i, n - i, &cp)) == 0) {
				buf_puts(out, "\xef\xbf\xbd");
				i++;
			} else {
				/* U+FFFE and U+FFFF are not XML characters. */
				if (cp == 0xfffe || cp == 0xffff)
					buf_puts(out, "\xef\xbf\xbd");
				else
					buf_append(out, s + i, len);
				i += len;
			}
			continue;
		}
		switch (c) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&apos;"); break;
		case '\t': case '\n': case '\r': buf_putc(out, (char)c); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_puts(out, "\xef\xbf\xbd");
			else
				buf_putc(out, (char)c);
			break;
		}
		i++;
	}
}

static void
xml_cstring(struct buf *out, const char *s)
{
	xml_escape(out, s, strlen(s));
}

/*
 * "http://host" or "https://host" when the request names a host made of
 * the characters a host and port can have (RFC 3986 reg-name, IPv6
 * literal), else "": the links are then relative.
 */
static void
put_origin(const struct request *r, struct buf *out)
{
	const char *h = r->host;
	size_t i, n;

	if (h == NULL || (n = strlen(h)) == 0 || n > 255)
		return;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789.-:[]", h[i]) == NULL)
			return;
	buf_puts(out, r->https ? "https://" : "http://");
	buf_append(out, h, n);
}

/* The string member name of o, or NULL. */
static const char *
member_string(json_object *o, const char *name)
{
	json_object *v;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* A value of the summary: a string as it is, null as "(aucun)", JSON. */
static void
put_value(struct buf *out, json_object *v)
{
	if (v == NULL)
		buf_puts(out, "(aucun)");
	else if (json_object_is_type(v, json_type_string))
		buf_puts(out, json_object_get_string(v));
	else
		buf_puts(out, json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN));
}

/* One line of the summary: "  name : before → after". */
static void
put_change(struct buf *out, const char *name, json_object *before,
    json_object *after)
{
	buf_puts(out, "  ");
	buf_puts(out, name);
	buf_puts(out, " : ");
	put_value(out, before);
	buf_puts(out, " → ");
	put_value(out, after);
	buf_putc(out, '\n');
}

/* Lines "  name : before → after" for each member of after that differs. */
static void
put_differences(struct buf *out, json_object *before, json_object *after)
{
	json_object *b;
	const char *bs, *as;

	if (!json_object_is_type(after, json_type_object)) {
		buf_puts(out, "  ");
		put_value(out, before);
		buf_puts(out, " → ");
		put_value(out, after);
		buf_putc(out, '\n');
		return;
	}
	json_object_object_foreach(after, name, a) {
		b = NULL;
		if (json_object_is_type(before, json_type_object))
			json_object_object_get_ex(before, name, &b);
		bs = b != NULL ? json_object_to_json_string(b) : "null";
		as = a != NULL ? json_object_to_json_string(a) : "null";
		if (before != NULL && strcmp(bs, as) == 0)
			continue;
		put_change(out, name, b, a);
	}
}

/* A list of CIP13 ("3400949497294, ...") under label, when not empty. */
static void
put_cips(struct buf *out, json_object *o, const char *name,
    const char *label)
{
	json_object *list;
	size_t i, n;

	if (!json_object_object_get_ex(o, name, &list) ||
	    !json_object_is_type(list, json_type_array) ||
	    (n = json_object_array_length(list)) == 0)
		return;
	buf_puts(out, label);
	for (i = 0; i < n; i++) {
		buf_puts(out, i > 0 ? ", " : " ");
		put_value(out, json_object_array_get_idx(list, i));
	}
	buf_putc(out, '\n');
}

/* The lists of before and after of a change, and their label. */
static const struct {
	const char	*member, *label;
} lists[] = {
	{ "prices", "Prix" },
	{ "commercialisation", "Commercialisation" },
	{ "shortages", "Disponibilité" },
};

/* The summary of a change's details (doc/changes.md, "The stored JSON"). */
static void
put_summary(struct buf *out, json_object *c)
{
	json_object *v, *item, *b, *a;
	size_t i, k, n;
	const char *s;

	if (json_object_object_get_ex(c, "fields", &v) &&
	    json_object_is_type(v, json_type_object)) {
		buf_puts(out, "Fiche :\n");
		json_object_object_foreach(v, name, field) {
			json_object_object_get_ex(field, "before", &b);
			json_object_object_get_ex(field, "after", &a);
			put_change(out, name, b, a);
		}
	}
	if (json_object_object_get_ex(c, "presentations", &v)) {
		put_cips(out, v, "added", "Présentations ajoutées :");
		put_cips(out, v, "removed", "Présentations retirées :");
		put_cips(out, v, "modified", "Présentations modifiées :");
	}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (!json_object_object_get_ex(c, lists[i].member, &v) ||
		    !json_object_is_type(v, json_type_array))
			continue;
		n = json_object_array_length(v);
		for (k = 0; k < n; k++) {
			item = json_object_array_get_idx(v, k);
			b = a = NULL;
			json_object_object_get_ex(item, "before", &b);
			json_object_object_get_ex(item, "after", &a);
			buf_puts(out, lists[i].label);
			if (json_object_object_get_ex(item, "cip13", &b) &&
			    b != NULL) {
				buf_puts(out, " ");
				put_value(out, b);
			}
			if ((s = member_string(item, "change")) != NULL)
				buf_puts(out, strcmp(s, "started") == 0 ?
				    " (début)" : strcmp(s, "ended") == 0 ?
				    " (fin)" : " (mise à jour)");
			buf_puts(out, " :\n");
			b = NULL;
			json_object_object_get_ex(item, "before", &b);
			put_differences(out, b, a);
		}
	}
	if (json_object_object_get_ex(c, "groupe", &v)) {
		buf_puts(out, "Groupe générique ");
		if (json_object_object_get_ex(v, "id", &item))
			put_value(out, item);
		if ((s = member_string(v, "libelle")) != NULL) {
			buf_puts(out, " : ");
			buf_puts(out, s);
		}
		buf_putc(out, '\n');
	}
}

/* The feed being written. */
struct feed {
	struct buf	*body;
	const char	*origin;	/* "https://host" or "" */
	struct buf	 text;		/* a title's or a summary's, unescaped */
	long long	 entries;
};

static void
feed_entry(void *ctx, long long id, const char *json, size_t len)
{
	struct feed *f = ctx;
	struct buf *out = f->body, *t = &f->text;
	json_object *c, *v, *item, *group = NULL;
	const char *name, *change, *published;
	uint32_t bits = 0;
	size_t i, words = 0;
	long long cis = 0, groupe = 0;

	(void)len;
	if ((c = json_tokener_parse(json)) == NULL) {
		/* The updater's JSON: never, but no entry without it. */
		return;
	}
	if (json_object_object_get_ex(c, "types", &v) &&
	    json_object_is_type(v, json_type_array))
		for (i = 0; i < json_object_array_length(v); i++) {
			item = json_object_array_get_idx(v, i);
			if (json_object_is_type(item, json_type_string))
				bits |= change_type_bits(
				    json_object_get_string(item),
				    (size_t)json_object_get_string_len(item));
		}
	if (json_object_object_get_ex(c, "cis", &v) &&
	    json_object_is_type(v, json_type_int))
		cis = json_object_get_int64(v);
	if (json_object_object_get_ex(c, "groupe", &group) &&
	    json_object_object_get_ex(group, "id", &v))
		groupe = json_object_get_int64(v);
	name = member_string(c, "elementPharmaceutique");
	change = member_string(c, "change");
	published = member_string(c, "publishedAt");

	/* "DOLIPRANE 500 mg, comprimé : modifié (prix, rupture)" */
	buf_reset(t);
	if (name != NULL)
		buf_puts(t, name);
	else if (groupe != 0) {
		buf_printf(t, "Groupe générique %lld", groupe);
		if ((name = member_string(group, "libelle")) != NULL) {
			buf_puts(t, " ");
			buf_puts(t, name);
		}
	} else
		buf_printf(t, "CIS %lld", cis);
	buf_puts(t, " : ");
	buf_puts(t, change == NULL ? "changé" :
	    strcmp(change, "added") == 0 ? "ajouté" :
	    strcmp(change, "removed") == 0 ? "retiré" : "modifié");
	if (change != NULL && strcmp(change, "modified") == 0)
		for (i = 0; i < change_type_single_count; i++)
			if (bits & change_type_names[i].bits) {
				buf_puts(t, words++ == 0 ? " (" : ", ");
				buf_puts(t, type_words[i]);
			}
	if (words > 0)
		buf_putc(t, ')');

	buf_puts(out, "<entry>\n<id>" ATOM_ID "change:");
	buf_put_decimal(out, id);
	buf_puts(out, "</id>\n<title>");
	xml_escape(out, t->data, t->len);
	buf_puts(out, "</title>\n<updated>");
	xml_cstring(out, published != NULL ? published : "");
	/*
	 * A reader opens an entry's HTML alternate (feedparser's entry.link
	 * takes no other type): the medicament's BDPM page while it exists;
	 * the API's history is the related JSON.  A removed CIS, a group:
	 * the API's answer, untyped, which readers take as the entry's link.
	 */
	buf_puts(out, "</updated>\n<link rel=\"");
	if (cis != 0 && (change == NULL || strcmp(change, "removed") != 0)) {
		buf_printf(out, "alternate\" type=\"text/html\" href=\""
		    BDPM_PAGE_URL "%08lld\"/>\n<link rel=\"related\" "
		    "type=\"application/json", cis);
	} else
		buf_puts(out, "alternate");
	buf_puts(out, "\" href=\"");
	xml_cstring(out, f->origin);
	if (cis != 0)
		buf_printf(out, "/v1/medicaments/%08lld/changes", cis);
	else
		buf_printf(out, "/v1/generiques/%lld", groupe);
	buf_puts(out, "\"/>\n<content type=\"text\">");
	buf_reset(t);
	if (published != NULL)
		buf_printf(t, "Publication du %s.\n", published);
	put_summary(t, c);
	xml_escape(out, t->data, t->len);
	buf_puts(out, "</content>\n</entry>\n");
	f->entries++;
	json_object_put(c);
}

void
changes_atom_serve(struct request *r)
{
	struct buf body = BUF_INIT, origin = BUF_INIT, what = BUF_INIT;
	const struct db_meta *meta = db_meta(r->db);
	struct changes_query q;
	struct data_answer a;
	struct db_history h;
	struct feed f;
	long long first, last;
	const char *query;

	changes_query_read(r, &q);
	query = buf_str(&q.normalised);
	put_origin(r, &origin);
	/* The links are in the answer: so is the origin they name. */
	buf_puts(&what, query);
	buf_puts(&what, "&origin=");
	buf_puts(&what, buf_str(&origin));
	if (!changes_answer_init(r, &a, "changes-atom", what.data) ||
	    response_not_modified(r, &a.reply))
		goto out;
	a.reply.content_type = ATOM_CONTENT_TYPE;
	if (db_history(r->db, &h) != DB_OK || db_span(r->db, DB_SPAN_CHANGES,
	    q.since, NULL, NULL, &first, &last) != DB_OK) {
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	buf_puts(&body, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n"
	    "<id>" ATOM_ID "changes");
	if (query[0] != '\0') {
		buf_putc(&body, '?');
		xml_cstring(&body, query);
	}
	buf_puts(&body, "</id>\n<title>Changements de la base de données "
	    "publique des médicaments</title>\n<updated>");
	xml_cstring(&body, h.newest[0] != '\0' ? h.newest :
	    meta != NULL ? meta->last_update : "");
	buf_puts(&body, "</updated>\n<author><name>medicaments-api</name>"
	    "</author>\n<link rel=\"self\" type=\"" "application/atom+xml"
	    "\" href=\"");
	xml_cstring(&body, buf_str(&origin));
	buf_puts(&body, "/v1/changes.atom");
	if (query[0] != '\0') {
		buf_putc(&body, '?');
		xml_cstring(&body, query);
	}
	buf_puts(&body, "\"/>\n<link rel=\"alternate\" "
	    "type=\"application/json\" href=\"");
	xml_cstring(&body, buf_str(&origin));
	buf_puts(&body, "/v1/changes");
	if (query[0] != '\0') {
		buf_putc(&body, '?');
		xml_cstring(&body, query);
	}
	buf_puts(&body, "\"/>\n");
	f.body = &body;
	f.origin = buf_str(&origin);
	f.text = (struct buf)BUF_INIT;
	f.entries = 0;
	if (first != 0 && db_changes_read(r->db, DB_CHANGES_NEWEST, first,
	    &q.filter, 0, ATOM_ENTRIES, feed_entry, &f) != DB_OK) {
		buf_free(&f.text);
		response_error(r, 500, NULL, "Could not read the database");
		goto out;
	}
	buf_free(&f.text);
	buf_puts(&body, "</feed>\n");
	response_send(r, &a.reply, body.data, body.len);
out:
	changes_query_free(&q);
	buf_free(&body);
	buf_free(&origin);
	buf_free(&what);
}
