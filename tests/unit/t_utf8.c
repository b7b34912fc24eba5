/*
 * t_utf8.c -- UTF-8 sequences, strict (decode) and lenient (label).
 */
#include "t.h"
#include "utf8.h"

static int
seq(const char *s, size_t n, int strict, unsigned long *cp)
{
	return utf8_seq((const unsigned char *)s, n, strict, cp);
}

int
main(void)
{
	unsigned long cp = 0;

	T_CHECK(seq("a", 1, 1, &cp) == 1 && cp == 'a');
	T_CHECK(seq("", 1, 1, &cp) == 1 && cp == 0);
	T_CHECK(seq("\xC3\xA9", 2, 1, &cp) == 2 && cp == 0xE9);
	T_CHECK(seq("\xE2\x80\x99", 3, 1, &cp) == 3 && cp == 0x2019);
	T_CHECK(seq("\xF0\x9F\x98\x80", 4, 1, &cp) == 4 && cp == 0x1F600);
	T_CHECK(seq("\xF4\x8F\xBF\xBF", 4, 1, &cp) == 4 && cp == 0x10FFFF);
	/* incomplete, invalid lead, maximal invalid part */
	T_CHECK(seq("\xE2\x80", 2, 1, &cp) == 0);
	T_CHECK(seq("\xC0\xAF", 2, 1, &cp) == -1);
	T_CHECK(seq("\xF5\x80", 2, 0, &cp) == -1);
	T_CHECK(seq("\x80", 1, 1, &cp) == -1);
	T_CHECK(seq("\xE2\x80x", 3, 1, &cp) == -2);
	/* overlong, surrogate, above U+10FFFF: strict only */
	T_CHECK(seq("\xE0\x80\xAF", 3, 1, &cp) == -1);
	T_CHECK(seq("\xE0\x80\xAF", 3, 0, &cp) == 3 && cp == 0x2F);
	T_CHECK(seq("\xED\xA0\x80", 3, 1, &cp) == -1);
	T_CHECK(seq("\xED\xA0\x80", 3, 0, &cp) == 3 && cp == 0xD800);
	T_CHECK(seq("\xF0\x8F\xBF\xBF", 4, 1, &cp) == -1);
	T_CHECK(seq("\xF4\x90\x80\x80", 4, 1, &cp) == -1);
	T_CHECK(seq("\xF4\x90\x80\x80", 4, 0, &cp) == 4 && cp == 0x110000);
	/* a NUL-terminated string with n = 4 stops at the NUL */
	T_CHECK(seq("\xE2\x80", 4, 0, &cp) == -2);
	return t_done("t_utf8");
}
