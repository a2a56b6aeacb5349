#include "field.h"

#include <string.h>
#include <strings.h>

#include "text.h"

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
field_integer(const char *s, size_t n, int64_t *value)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 18 || !text_all_digits(s, n))
		return false;
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*value = v;
	return true;
}

bool
field_fr_number(const char *s, size_t n, int64_t *hundredths)
{
	char digits[40];
	size_t seps[8], nsep = 0, nd = 0, i, decimals = 0;
	int64_t v = 0;

	/* Keep the digits and note where each separator fell among them. */
	for (i = 0; i < n; i++) {
		if (is_digit(s[i])) {
			if (nd == sizeof(digits))
				return false;
			digits[nd++] = s[i];
		} else if (s[i] == ',' || s[i] == '.') {
			if (nd == 0 || nsep == sizeof(seps) / sizeof(seps[0]))
				return false;
			if (nsep > 0 && seps[nsep - 1] == nd)
				return false;	/* two separators in a row */
			seps[nsep++] = nd;
		} else if (s[i] == ' ') {
			continue;
		} else if ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
		    (unsigned char)s[i + 1] == 0xA0) {
			i++;
		} else
			return false;
	}
	if (nd == 0 || (nsep > 0 && seps[nsep - 1] == nd))
		return false;
	if (nsep > 0 && nd - seps[nsep - 1] <= 2) {
		decimals = nd - seps[nsep - 1];
		nsep--;
	}
	/* What remains are thousands separators: three digits after each. */
	for (i = 0; i < nsep; i++) {
		size_t next = i + 1 < nsep ? seps[i + 1] : nd - decimals;

		if (next - seps[i] != 3)
			return false;
	}
	if (nd - decimals > 15)
		return false;
	for (i = 0; i < nd; i++)
		v = v * 10 + (digits[i] - '0');
	for (i = decimals; i < 2; i++)
		v *= 10;
	*hundredths = v;
	return true;
}

static bool
valid_date(int y, int m, int d)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	if (m == 2 && !leap && d > 28)
		return false;
	return d <= days[m - 1];
}

static int
number_at(const char *s, size_t len)
{
	int v = 0;
	size_t i;

	for (i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool
format_iso(int y, int m, int d, char iso[11])
{
	if (!valid_date(y, m, d))
		return false;
	iso[0] = (char)('0' + y / 1000);
	iso[1] = (char)('0' + y / 100 % 10);
	iso[2] = (char)('0' + y / 10 % 10);
	iso[3] = (char)('0' + y % 10);
	iso[4] = '-';
	iso[5] = (char)('0' + m / 10);
	iso[6] = (char)('0' + m % 10);
	iso[7] = '-';
	iso[8] = (char)('0' + d / 10);
	iso[9] = (char)('0' + d % 10);
	iso[10] = '\0';
	return true;
}

bool
field_date_dmy(const char *s, size_t n, char iso[11])
{
	if (n != 10 || s[2] != '/' || s[5] != '/' ||
	    !text_all_digits(s, 2) || !text_all_digits(s + 3, 2) ||
	    !text_all_digits(s + 6, 4))
		return false;
	return format_iso(number_at(s + 6, 4), number_at(s + 3, 2),
	    number_at(s, 2), iso);
}

bool
field_date_ymd(const char *s, size_t n, char iso[11])
{
	if (n != 8 || !text_all_digits(s, 8))
		return false;
	return format_iso(number_at(s, 4), number_at(s + 4, 2),
	    number_at(s + 6, 2), iso);
}

static const struct {
	const char *name;
	const char *text;
} html_entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", " " }, { "#39", "'" }, { "rsquo", "\xE2\x80\x99" },
	{ "eacute", "\xC3\xA9" }, { "egrave", "\xC3\xA8" }, { "agrave", "\xC3\xA0" },
	{ "ccedil", "\xC3\xA7" }, { "ecirc", "\xC3\xAA" }, { "ocirc", "\xC3\xB4" },
};

/* Appends the entity at s (just after '&'); returns bytes used, 0 if none. */
static size_t
html_entity(const char *s, size_t n, struct buf *out)
{
	size_t i, len;

	for (i = 0; i < sizeof(html_entities) / sizeof(html_entities[0]); i++) {
		len = strlen(html_entities[i].name);
		if (len < n && strncmp(s, html_entities[i].name, len) == 0 &&
		    s[len] == ';') {
			buf_puts(out, html_entities[i].text);
			return len + 1;
		}
	}
	return 0;
}

/* Copies the value of the href attribute inside the tag s[0..n). */
static void
html_href(const char *s, size_t n, struct buf *link)
{
	size_t i, start;
	char quote;

	for (i = 0; i + 5 <= n; i++)
		if (strncasecmp(s + i, "href=", 5) == 0)
			break;
	if (i + 5 > n)
		return;
	i += 5;
	quote = i < n && (s[i] == '"' || s[i] == '\'') ? s[i++] : '\0';
	start = i;
	while (i < n && (quote ? s[i] != quote : s[i] != ' ' && s[i] != '>'))
		i++;
	buf_append(link, s + start, i - start);
}

/* True for the tags that separate words: <br>, <p>, </p>, <li>, <div>. */
static bool
html_breaks_text(const char *tag, size_t n)
{
	static const char *const names[] = { "br", "p", "/p", "li", "/li",
	    "div", "/div" };
	size_t i, len;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		len = strlen(names[i]);
		if (n >= len && strncasecmp(tag, names[i], len) == 0 &&
		    (n == len || tag[len] == ' ' || tag[len] == '/'))
			return true;
	}
	return false;
}

void
field_html(const char *s, size_t n, struct buf *text, struct buf *link)
{
	size_t i = 0, end, used;
	bool space = false;

	while (i < n) {
		if (s[i] == '<') {
			end = i + 1;
			while (end < n && s[end] != '>')
				end++;
			if (link->len == 0 && end - i > 2 &&
			    (s[i + 1] == 'a' || s[i + 1] == 'A') &&
			    (s[i + 2] == ' ' || s[i + 2] == '\t'))
				html_href(s + i, end - i, link);
			if (html_breaks_text(s + i + 1, end - i - 1))
				space = text->len > 0;
			i = end < n ? end + 1 : n;
			continue;
		}
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			space = text->len > 0;
			i++;
			continue;
		}
		if (space) {
			buf_putc(text, ' ');
			space = false;
		}
		if (s[i] == '&' && (used = html_entity(s + i + 1, n - i - 1,
		    text)) > 0) {
			i += used + 1;
			continue;
		}
		buf_putc(text, s[i++]);
	}
}
