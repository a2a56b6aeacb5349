#include "fold.h"

#include <stdint.h>

#include "text.h"

/*
 * Folded forms of U+00C0..U+017F (Latin-1 Supplement letters and Latin
 * Extended-A), indexed from U+00C0.  NULL keeps the character as it is.
 */
static const char *const latin_fold[0x180 - 0xC0] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* 108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* 118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* 128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* 138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* 148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* 158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* 168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* 178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};

void
fold_text(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	buf_reserve(out, n);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
			i++;
			continue;
		}
		if ((len = text_utf8_next(s + i, n - i, &cp)) == 0) {
			i++;
			continue;
		}
		i += len;
		if (cp >= 0xC0 && cp < 0x180 && latin_fold[cp - 0xC0] != NULL)
			buf_puts(out, latin_fold[cp - 0xC0]);
		else if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC)
			buf_putc(out, '\'');
		else if (cp == 0x00A0 || cp == 0x202F)
			buf_putc(out, ' ');
		else
			text_utf8_put(out, cp);
	}
}
