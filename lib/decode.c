/*
 * decode.c -- see decode.h.
 *
 * Pipeline: input block (raw bytes) -> code points (per encoding) ->
 * put(), which fixes line ends and NULs and appends UTF-8 to the output
 * buffer -> the cookie's read function copies it out.  A sequence cut
 * by the end of the input block (UTF-8 lead byte, UTF-16 surrogate pair)
 * is left in place and decoded after the next read; a CR is held back
 * until the next code point (or end of file) says whether it is bare.
 */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "decode.h"
#include "pipe.h"
#include "utf8.h"
#include "xmalloc.h"

#define BLK	(1 << 16)

struct dec {
	FILE		*in;
	int		 own;		/* fclose(in) on close */
	struct decode_info *info;
	struct decode_info self;	/* when the caller passed NULL */
	enum dec_enc	 enc;		/* resolved */
	int		 lenient;	/* AUTO, UTF-8 so far all ASCII: an
					 * invalid byte before any multi-
					 * byte sequence switches to a
					 * single-byte encoding */
	int		 mark;		/* invalid -> DECODE_BAD, NUL ->
					 * DECODE_NUL (not U+FFFD) */
	unsigned long	 mb;		/* UTF-8 multi-byte sequences read */
	long		(*judge)(void *, const char *, size_t);
	void		*judge_arg;
	unsigned char	*ib;		/* input block */
	size_t		 ilen, ipos;
	int		 ieof, ierr;	/* ierr: errno of a failed read */
	char		*ob;		/* decoded output */
	size_t		 olen, opos, ocap;
	int		 cr;		/* a CR is held back */
	int		 flushed;	/* end of input handled */
	unsigned long	 line;		/* output line being written */
};

static const unsigned short cp1252_hi[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
};

static const unsigned short macroman_hi[128] = {
	0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,
	0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
	0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
	0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
	0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,
	0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
	0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
	0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
	0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
	0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
	0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,
	0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
	0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,
	0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
	0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
	0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7
};

static const struct {
	const char	*name;
	enum dec_enc	 enc;
} names[] = {
	{ "auto", DEC_AUTO },
	{ "utf-8", DEC_UTF8 },		{ "utf8", DEC_UTF8 },
	{ "utf-16", DEC_UTF16 },	{ "utf16", DEC_UTF16 },
	{ "utf-16le", DEC_UTF16LE },	{ "utf16le", DEC_UTF16LE },
	{ "utf-16be", DEC_UTF16BE },	{ "utf16be", DEC_UTF16BE },
	{ "cp1252", DEC_CP1252 },	{ "windows-1252", DEC_CP1252 },
	{ "latin1", DEC_LATIN1 },	{ "iso-8859-1", DEC_LATIN1 },
	{ "latin-1", DEC_LATIN1 },
	{ "macroman", DEC_MACROMAN },	{ "macintosh", DEC_MACROMAN },
	{ "mac-roman", DEC_MACROMAN }
};

static int
ascii_eq(const char *a, const char *b)
{
	unsigned char x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
		if (x == '\0')
			return 1;
	}
}

int
decode_enc_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ascii_eq(name, names[i].name))
			return (int)names[i].enc;
	return -1;
}

const char *
decode_enc_name(enum dec_enc e)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].enc == e)
			return names[i].name;
	return "?";
}

/* Output. */

static void
out(struct dec *d, const char *s, size_t n)
{
	if (d->olen + n > d->ocap) {
		while (d->olen + n > d->ocap)
			d->ocap = d->ocap ? d->ocap * 2 : 2 * BLK;
		d->ob = xreallocarray(d->ob, d->ocap, 1);
	}
	memcpy(d->ob + d->olen, s, n);
	d->olen += n;
}

/* A pending CR, before the next character: CRLF, or a bare CR -> LF. */
static int
flush_cr(struct dec *d, unsigned long cp)
{
	d->cr = 0;
	d->line++;
	if (cp == '\n') {
		out(d, "\r\n", 2);
		return 1;
	}
	out(d, "\n", 1);
	d->info->bare_cr = 1;
	return 0;
}

/* A marker byte (never in UTF-8 text) in place of a character. */
static void
put_mark(struct dec *d, char m)
{
	if (d->cr)
		flush_cr(d, 0xFFFD);
	out(d, &m, 1);
}

static void
put(struct dec *d, unsigned long cp)
{
	char u[4];

	if (d->cr && flush_cr(d, cp))
		return;
	if (cp == '\r') {
		d->cr = 1;
		return;
	}
	if (cp == 0) {
		d->info->nul++;
		if (d->mark) {
			put_mark(d, DECODE_NUL);
			return;
		}
		cp = 0xFFFD;
	}
	if (cp < 0x80) {
		if (cp == '\n')
			d->line++;
		u[0] = (char)cp;
		out(d, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		out(d, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		out(d, u, 3);
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		out(d, u, 4);
	}
}

/* An invalid sequence: counted, then U+FFFD or the DECODE_BAD mark. */
static void
invalid(struct dec *d)
{
	if (d->info->invalid_utf8++ == 0)
		d->info->invalid_line = d->line + (d->cr != 0);
	if (d->mark)
		put_mark(d, DECODE_BAD);
	else
		put(d, 0xFFFD);
}

static unsigned long
cp1252(unsigned char c)
{
	return c >= 0x80 && c < 0xA0 ? cp1252_hi[c - 0x80] : c;
}

/*
 * Fast path: the length of the run of plain ASCII at p (no NUL, no CR
 * but in CRLF), which every single-byte encoding and UTF-8 pass through
 * unchanged (a CRLF as put() would: kept, one line).  Counts its LFs.
 */
static size_t
ascii_run(struct dec *d, const unsigned char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t w, x, cr, nl;
	size_t i = 0;
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	const __m128i vcr = _mm_set1_epi8('\r'), vlf = _mm_set1_epi8('\n');
	__m128i v;
	unsigned c, l;

	/* Sixteen bytes at a time, the same rule (one bit per byte) */
	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		if ((_mm_movemask_epi8(v) |
		    _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero))) != 0)
			break;
		c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vcr));
		l = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vlf));
		if (c != 0 && (((c << 1) & ~l & 0xffffu) != 0 ||
		    ((c & 0x8000u) != 0 && (i + 16 >= n || p[i + 16] != '\n'))))
			break;
		for (; l != 0; l &= l - 1)	/* (no popcount instruction
						 * in plain x86-64) */
			d->line++;
	}
#endif
	/* Eight bytes at a time while none stops the run (a high bit, a
	 * NUL, a CR without its LF); CRs and LFs flagged (0x80 in their
	 * byte) by flagging zero bytes of w ^ CR, w ^ LF exactly (no borrow
	 * between bytes). */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		x = ~(((w & low7) + low7) | w | low7);	/* NULs */
		if ((w & ~low7) != 0 || x != 0)
			break;
		x = w ^ (ones * '\n');
		nl = ~(((x & low7) + low7) | x | low7);
		x = w ^ (ones * '\r');
		cr = ~(((x & low7) + low7) | x | low7);
		if (cr != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* each CR's next byte (8 bits up) an LF; the last
			 * byte's next is p[i + 8] */
			if (((cr << 8) & ~nl) != 0 || ((cr >> 63) != 0 &&
			    (i + 8 >= n || p[i + 8] != '\n')))
				break;
#else
			break;
#endif
		}
		/* one bit per LF, at 0x80: gather them in the top byte */
		d->line += (unsigned long)(((nl >> 7) * ones) >> 56);
	}
	for (; i < n; i++) {
		if (p[i] >= 0x80 || p[i] == '\0')
			break;
		if (p[i] == '\r') {
			if (i + 1 >= n || p[i + 1] != '\n')
				break;
			i++;	/* CRLF */
		}
		if (p[i] == '\n')
			d->line++;
	}
	return i;
}

/* ---- which single-byte encoding ---- */

static unsigned long
single(enum dec_enc e, unsigned char c)
{
	if (c < 0x80)
		return c;
	if (e == DEC_CP1252)
		return cp1252(c);
	if (e == DEC_MACROMAN)
		return macroman_hi[c - 0x80];
	return c;
}

static int
lower_cp(unsigned long cp)
{
	return (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) || cp == 0x153 ||
	    cp == 0x161 || cp == 0x17E;
}

static int
upper_cp(unsigned long cp)
{
	return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == 0x152 ||
	    cp == 0x160 || cp == 0x17D || cp == 0x178;
}

static int
letter_byte(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

static int
blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
	    c == ';' || c == '"';
}

/*
 * How plausible the high bytes of p are as text in encoding e: each
 * scores by what it decodes to and what is around it.  A letter next to
 * a letter, an apostrophe inside a word (don't), a dash or quote next to
 * a space, a no-break space between words score; a capital inside a
 * lower-case word ("ofÊAustralia": Mac Roman's no-break space read as
 * Windows-1252), a control character or a rare symbol cost.
 */
static long
plausible(const unsigned char *p, size_t n, enum dec_enc e)
{
	unsigned long cp;
	unsigned char a, b;
	long sc = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		cp = single(e, p[i]);
		a = i > 0 ? p[i - 1] : ' ';
		b = i + 1 < n ? p[i + 1] : ' ';
		if (cp >= 0x80 && cp < 0xA0)
			sc -= 5;
		else if (lower_cp(cp))
			sc += letter_byte(a) || letter_byte(b) ? 2 : 0;
		else if (upper_cp(cp))
			sc += a >= 'a' && a <= 'z' ? -2 : 1;
		else if (cp == 0x2019)
			sc += letter_byte(a) && letter_byte(b) ? 3 :
			    blank_byte(a) || blank_byte(b) ? 1 : 0;
		else if (cp == 0x2018 || cp == 0x201C || cp == 0x201D ||
		    cp == 0x201E || cp == 0x201A || cp == 0xAB || cp == 0xBB ||
		    cp == 0x2039 || cp == 0x203A)
			sc += blank_byte(a) || blank_byte(b) ? 1 : 0;
		else if (cp == 0x2013 || cp == 0x2014)
			sc += blank_byte(a) || blank_byte(b) ? 2 : 0;
		else if (cp == 0xA0)
			sc += letter_byte(a) || (a >= '0' && a <= '9') ? 2 : 0;
		else if (cp == 0x2026 || cp == 0x2022 || cp == 0xB0 ||
		    cp == 0x20AC || cp == 0xA3 || cp == 0xA9 || cp == 0xAE ||
		    cp == 0x2122 || cp == 0xA7 || cp == 0xBF || cp == 0xA1)
			sc += 1;
		else
			sc -= 1;
	}
	return sc;
}

/* p[0..n) in single-byte encoding e as UTF-8 (malloc'd, *len). */
static char *
single_text(const unsigned char *p, size_t n, enum dec_enc e, size_t *len)
{
	char *t = xmalloc(3 * n + 1);
	unsigned long cp;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		cp = single(e, p[i]);
		if (cp < 0x80)
			t[k++] = (char)cp;
		else if (cp < 0x800) {
			t[k++] = (char)(0xC0 | cp >> 6);
			t[k++] = (char)(0x80 | (cp & 0x3F));
		} else {
			t[k++] = (char)(0xE0 | cp >> 12);
			t[k++] = (char)(0x80 | (cp >> 6 & 0x3F));
			t[k++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	t[k] = '\0';
	*len = k;
	return t;
}

/*
 * The single-byte encoding of p[0..n): the one whose text the caller's
 * judge likes best (it finds more of the columns it wants), then the
 * more plausible one, then Windows-1252.  Says why in info->single_by.
 */
static enum dec_enc
choose_single(struct dec *d, const unsigned char *p, size_t n, int judged)
{
	static const enum dec_enc cand[] = { DEC_CP1252, DEC_MACROMAN };
	long j[2] = { 0, 0 }, pl[2];
	size_t k, len;
	char *t;
	int best = 0;

	for (k = 0; k < 2; k++) {
		pl[k] = plausible(p, n, cand[k]);
		if (judged && d->judge != NULL) {
			t = single_text(p, n, cand[k], &len);
			j[k] = d->judge(d->judge_arg, t, len);
			free(t);
		}
	}
	if (j[1] > j[0] || (j[1] == j[0] && pl[1] > pl[0]))
		best = 1;
	d->info->single_by = best == 0 ? DEC_BY_DEFAULT :
	    j[1] > j[0] ? DEC_BY_COLUMNS : DEC_BY_TEXT;
	return cand[best];
}

/*
 * AUTO read only ASCII as UTF-8 so far, and now meets a byte that is not
 * UTF-8: the file is single-byte; nothing decoded changes its meaning.
 */
static void
switch_single(struct dec *d)
{
	size_t from = d->ipos > 0 ? d->ipos - 1 : 0;	/* with the ASCII
							 * byte before it */

	d->lenient = 0;
	d->enc = choose_single(d, d->ib + from, d->ilen - from, 0);
	d->info->enc = d->enc;
	d->info->switch_line = d->line + (d->cr != 0);
}

/*
 * Decodes the input block from ipos into the output buffer.  Stops
 * before an incomplete sequence unless final (end of input), in which
 * case everything is consumed.
 */
static void
decode_block(struct dec *d, int final)
{
	const unsigned char *p;
	unsigned long cp, lo;
	size_t n, k;
	int r;

	while (d->ipos < d->ilen) {
		p = d->ib + d->ipos;
		n = d->ilen - d->ipos;
		if (d->enc != DEC_UTF16LE && d->enc != DEC_UTF16BE && !d->cr &&
		    (k = ascii_run(d, p, n)) > 0) {
			out(d, (const char *)p, k);
			d->ipos += k;
			continue;
		}
		switch (d->enc) {
		case DEC_UTF16LE:
		case DEC_UTF16BE:
			if (n < 2) {
				if (!final)
					return;
				invalid(d);
				d->ipos++;
				break;
			}
			cp = d->enc == DEC_UTF16LE ? (p[0] | (unsigned)p[1] << 8)
			    : ((unsigned)p[0] << 8 | p[1]);
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (n < 4 && !final)
					return;
				if (n >= 4) {
					lo = d->enc == DEC_UTF16LE ?
					    (p[2] | (unsigned)p[3] << 8) :
					    ((unsigned)p[2] << 8 | p[3]);
					if (lo >= 0xDC00 && lo <= 0xDFFF) {
						put(d, 0x10000 +
						    ((cp - 0xD800) << 10) +
						    (lo - 0xDC00));
						d->ipos += 4;
						break;
					}
				}
				invalid(d);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF)
				invalid(d);
			else
				put(d, cp);
			d->ipos += 2;
			break;
		case DEC_CP1252:
			put(d, cp1252(p[0]));
			d->ipos++;
			break;
		case DEC_LATIN1:
			put(d, p[0]);
			d->ipos++;
			break;
		case DEC_MACROMAN:
			put(d, p[0] < 0x80 ? p[0] : macroman_hi[p[0] - 0x80]);
			d->ipos++;
			break;
		default:	/* UTF-8 */
			r = utf8_seq(p, n, 1, &cp);
			if (r > 0) {
				d->mb += r > 1;
				put(d, cp);
				d->ipos += (size_t)r;
				break;
			}
			if (r == 0) {
				if (!final)
					return;
				r = -(int)n;
			}
			if (d->lenient && d->mb == 0) {
				/* All ASCII so far: not UTF-8 at all, and
				 * nothing read yet changes its meaning. */
				switch_single(d);
				break;
			}
			invalid(d);
			d->ipos += (size_t)-r;
			break;
		}
	}
}

/* Moves the unread tail to the front and reads more: 0 ok, -1 error. */
static int
fill(struct dec *d)
{
	size_t n;

	if (d->ipos > 0) {
		memmove(d->ib, d->ib + d->ipos, d->ilen - d->ipos);
		d->ilen -= d->ipos;
		d->ipos = 0;
	}
	while (d->ilen < BLK && !d->ieof) {
		n = fread(d->ib + d->ilen, 1, BLK - d->ilen, d->in);
		d->ilen += n;
		if (n == 0) {
			if (ferror(d->in)) {
				d->ierr = errno ? errno : EIO;
				return -1;
			}
			d->ieof = 1;
		}
	}
	return 0;
}

/* Appends decoded text to the output: 1 some, 0 end, -1 read error. */
static int
more(struct dec *d)
{
	size_t before = d->olen;

	for (;;) {
		if (d->ierr) {
			errno = d->ierr;
			return -1;
		}
		decode_block(d, d->ieof);
		if (d->olen > before)
			return 1;
		if (d->ieof) {
			if (d->flushed)
				return 0;
			d->flushed = 1;
			if (d->cr) {
				d->cr = 0;
				d->line++;
				d->info->bare_cr = 1;
				out(d, "\n", 1);
			}
			return d->olen > before;
		}
		if (fill(d) == -1) {
			errno = d->ierr;
			return -1;
		}
	}
}

static ssize_t
dread(void *cookie, char *buf, size_t size)
{
	struct dec *d = cookie;
	size_t n = 0, k;
	int r;

	while (n < size) {
		if (d->opos == d->olen) {
			d->opos = d->olen = 0;
			if ((r = more(d)) <= 0) {
				if (r < 0 && n == 0)
					return -1;
				break;
			}
		}
		k = d->olen - d->opos;
		if (k > size - n)
			k = size - n;
		memcpy(buf + n, d->ob + d->opos, k);
		d->opos += k;
		n += k;
	}
	return (ssize_t)n;
}

static void
dfree(struct dec *d)
{
	free(d->ib);
	free(d->ob);
	free(d);
}

static int
dclose(void *cookie)
{
	struct dec *d = cookie;
	int r = 0;

	if (d->own && fclose(d->in) == EOF)
		r = EOF;
	dfree(d);
	return r;
}

/*
 * The UTF-8 sequences of the first block: *mb valid multi-byte ones,
 * *bad invalid ones (a sequence cut at its end is neither).
 */
static void
scan_utf8(const unsigned char *p, size_t n, int eof, unsigned long *mb,
    unsigned long *bad)
{
	unsigned long cp;
	size_t i = 0;
	int r;

	*mb = *bad = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		r = utf8_seq(p + i, n - i, 1, &cp);
		if (r == 0) {
			*bad += eof;
			break;
		}
		if (r < 0) {
			++*bad;
			i += (size_t)-r;
		} else {
			++*mb;
			i += (size_t)r;
		}
	}
}

/* UTF-16 without BOM: DEC_UTF16LE, DEC_UTF16BE or DEC_AUTO (no). */
static enum dec_enc
looks_utf16(const unsigned char *p, size_t n)
{
	size_t i, pairs = n / 2, z0 = 0, z1 = 0;

	if (pairs < 2)
		return DEC_AUTO;
	for (i = 0; i + 1 < n; i += 2) {
		z0 += p[i] == 0;
		z1 += p[i + 1] == 0;
	}
	if (z0 == 0 && z1 >= 2 && z1 * 10 >= pairs * 4)
		return DEC_UTF16LE;
	if (z1 == 0 && z0 >= 2 && z0 * 10 >= pairs * 4)
		return DEC_UTF16BE;
	return DEC_AUTO;
}

/* A byte-order mark b (n bytes) at the start: skipped, and so is the
 * same mark repeated (a file a tool added its mark to once more). */
static int
bom(struct dec *d, const char *b, size_t n)
{
	if (d->ilen >= n && memcmp(d->ib, b, n) == 0) {
		d->ipos = n;
		while (d->ilen >= d->ipos + n &&
		    memcmp(d->ib + d->ipos, b, n) == 0)
			d->ipos += n;
		d->info->bom = 1;
		return 1;
	}
	return 0;
}

static void
resolve(struct dec *d, enum dec_enc enc)
{
	unsigned long mb, bad;

	d->enc = enc;
	switch (enc) {
	case DEC_AUTO:
		if (bom(d, "\xEF\xBB\xBF", 3))
			d->enc = DEC_UTF8;
		else if (bom(d, "\xFF\xFE", 2))
			d->enc = DEC_UTF16LE;
		else if (bom(d, "\xFE\xFF", 2))
			d->enc = DEC_UTF16BE;
		else if ((d->enc = looks_utf16(d->ib, d->ilen)) != DEC_AUTO)
			;
		else {
			scan_utf8(d->ib, d->ilen, d->ieof, &mb, &bad);
			if (bad == 0) {
				d->enc = DEC_UTF8;
				d->lenient = 1;
			} else if (mb >= bad) {
				/* UTF-8 with a few bad bytes: each is counted
				 * (and marked), the rest stays UTF-8. */
				d->enc = DEC_UTF8;
			} else {
				d->enc = choose_single(d, d->ib, d->ilen, 1);
				d->info->fallback = 1;
			}
		}
		break;
	case DEC_UTF8:
		bom(d, "\xEF\xBB\xBF", 3);
		break;
	case DEC_UTF16:
		if (bom(d, "\xFE\xFF", 2))
			d->enc = DEC_UTF16BE;
		else {
			bom(d, "\xFF\xFE", 2);
			d->enc = DEC_UTF16LE;
		}
		break;
	case DEC_UTF16LE:
		bom(d, "\xFF\xFE", 2);
		break;
	case DEC_UTF16BE:
		bom(d, "\xFE\xFF", 2);
		break;
	default:
		break;
	}
	d->info->enc = d->enc;
}

/*
 * Decodes until the text from off holds a complete record (an LF outside
 * double quotes; quotes only when quoted != 0), or BLK bytes past off, or
 * the end.  Returns the length of the record including its LF (or of
 * what there is), or -1 on a read error.
 */
static long
record(struct dec *d, size_t off, int quoted)
{
	size_t i = off;
	int inq = 0;

	for (;;) {
		for (; i < d->olen; i++) {
			if (d->ob[i] == '"' && quoted)
				inq = !inq;
			else if (d->ob[i] == '\n' && !inq)
				return (long)(i + 1 - off);
		}
		if (d->olen - off >= BLK)
			return (long)(d->olen - off);
		switch (more(d)) {
		case -1:
			return -1;
		case 0:
			return (long)(d->olen - off);
		}
	}
}

static char
sniff(const char *s, size_t n)
{
	size_t i, comma = 0, semi = 0, tab = 0;
	int inq = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (s[i] == ',')
			comma++;
		else if (s[i] == ';')
			semi++;
		else if (s[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* "sep=X" then LF, CRLF or nothing: returns the length of "sep=X". */
static size_t
sep_line(const char *s, size_t n)
{
	unsigned char x;

	if (n < 5 || memcmp(s, "sep=", 4) != 0)
		return 0;
	x = (unsigned char)s[4];
	if (x == '"' || x == '\r' || x == '\n' || x >= 0x80 ||
	    (x < 0x20 && x != '\t'))
		return 0;
	if (n == 5 || s[5] == '\n' || (n >= 7 && s[5] == '\r' && s[6] == '\n'))
		return 5;
	return 0;
}

FILE *
decode_stream_ex(FILE *in, int own, const struct decode_opts *o,
    struct decode_info *info)
{
	cookie_io_functions_t io = { dread, NULL, NULL, dclose };
	struct dec *d;
	FILE *fp;
	long len;
	size_t s;
	int e;
	char delim = o->delim;

	if ((int)o->enc < DEC_AUTO || o->enc > DEC_UTF16) {
		errno = EINVAL;
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->in = in;
	d->own = own;
	pipe_widen(fileno(in));
	d->info = info != NULL ? info : &d->self;
	memset(d->info, 0, sizeof(*d->info));
	d->mark = o->mark;
	d->judge = o->judge;
	d->judge_arg = o->judge_arg;
	d->line = 1;
	d->ib = xmalloc(BLK);
	if (fill(d) == -1)
		goto fail;
	resolve(d, o->enc);

	if ((len = record(d, 0, 0)) == -1)
		goto fail;
	if ((s = sep_line(d->ob, (size_t)len)) > 0) {
		d->info->sep_line = 1;
		if (delim == 0)
			delim = d->ob[4];
		d->opos = s;	/* keep the line end: line numbers stay */
	}
	if (delim == 0) {
		if ((len = record(d, d->opos, 1)) == -1)
			goto fail;
		/* (no text, no buffer: d->ob is NULL) */
		delim = len > 0 ? sniff(d->ob + d->opos, (size_t)len) : ',';
	}
	d->info->delim = delim;

	if ((fp = fopencookie(d, "r", io)) == NULL)
		goto fail;
	return fp;
fail:
	e = errno;
	dfree(d);
	errno = e;
	return NULL;
}

FILE *
decode_stream(FILE *in, int own, enum dec_enc enc, char delim,
    struct decode_info *info)
{
	struct decode_opts o = { enc, delim, 0, NULL, NULL };

	return decode_stream_ex(in, own, &o, info);
}

FILE *
decode_open_ex(const char *path, const struct decode_opts *o,
    struct decode_info *info)
{
	FILE *in, *fp;
	int e, own;

	if (strcmp(path, "-") == 0) {
		in = stdin;
		own = 0;
	} else if ((in = fopen(path, "rb")) == NULL)
		return NULL;
	else
		own = 1;
	if ((fp = decode_stream_ex(in, own, o, info)) == NULL && own) {
		e = errno;
		fclose(in);
		errno = e;
	}
	return fp;
}

FILE *
decode_open(const char *path, enum dec_enc enc, char delim,
    struct decode_info *info)
{
	struct decode_opts o = { enc, delim, 0, NULL, NULL };

	return decode_open_ex(path, &o, info);
}
