/*
 * mem.h -- comparing short runs of bytes inline, for hot loops where a
 * call to memcmp() costs more than the compare.
 */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>
#include <string.h>

/*
 * memcmp(a, b, n) == 0 for n >= 8: eight bytes at a time, the last word
 * overlapping the one before it (no byte loop to mispredict).
 */
static inline int
mem_same8(const char *a, const char *b, size_t n)
{
	unsigned long long x, y;
	size_t i;

	for (i = 0; i + 8 < n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

#endif
