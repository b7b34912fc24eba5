/*
 * utf8.c -- see utf8.h.
 */
#include "utf8.h"

int
utf8_seq(const unsigned char *p, size_t n, int strict, unsigned long *cp)
{
	unsigned lo = 0x80, hi = 0xBF, c = p[0];
	unsigned long v;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
	} else
		return -1;
	/* The second byte rules out overlongs, surrogates, > U+10FFFF. */
	if (strict && (c == 0xE0 || c == 0xF0))
		lo = c == 0xE0 ? 0xA0 : 0x90;
	else if (strict && (c == 0xED || c == 0xF4))
		hi = c == 0xED ? 0x9F : 0x8F;
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return 0;
		if (p[i] < lo || p[i] > hi)
			return -i;
		lo = 0x80;
		hi = 0xBF;
		v = v << 6 | (p[i] & 0x3F);
	}
	*cp = v;
	return len;
}
