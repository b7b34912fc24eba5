/*
 * utf8.h -- one UTF-8 sequence at a time.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/*
 * The UTF-8 sequence at p (n > 0 bytes available): its length and its
 * code point in *cp; 0 when it is a valid but incomplete prefix; -k when
 * the first k bytes are the maximal invalid part.  A lead byte must be
 * 00..7F, C2..F4 and each further byte 80..BF; with strict, overlong
 * forms, surrogates (ED A0..BF) and code points above U+10FFFF are
 * invalid too.  Reads no byte after one that ends or breaks the
 * sequence, so a NUL-terminated string may pass n = 4.
 */
int	utf8_seq(const unsigned char *p, size_t n, int strict,
	    unsigned long *cp);

#endif
