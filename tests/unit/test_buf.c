/* Growable buffers (common/buf.c): the decimal writer against printf. */
#include "check.h"

#include <limits.h>
#include <stdio.h>

#include "buf.h"

static void
check_decimal(long long n)
{
	struct buf b = BUF_INIT;
	char want[32];

	buf_puts(&b, "x=");
	buf_put_decimal(&b, n);
	snprintf(want, sizeof(want), "x=%lld", n);
	CHECK_STR(buf_str(&b), want);
	buf_free(&b);
}

int
main(void)
{
	static const long long values[] = {
		0, 1, 9, 10, 200, 304, 1000, -1, -10, 1234567890123LL,
		LLONG_MAX, LLONG_MIN,
	};
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		check_decimal(values[i]);
	return check_finish("test_buf");
}
