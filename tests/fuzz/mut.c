/*
 * mut.c -- a deterministic mutator for cjm's robustness tests.
 *
 *	mut SEED IN OUT
 *
 * Reads IN, applies one to four mutations chosen by SEED (a fixed-seed
 * xorshift PRNG: the same seed and input always give the same bytes) and
 * writes OUT.  Mutations: byte flips, truncation at a random offset,
 * inserted quotes / NUL / CR / LF / commas / invalid UTF-8, a huge field,
 * a very long line, many columns, a field replaced by an awkward value
 * (numbers out of range, nan, inf, huge, negative, empty, spaces),
 * duplicated / deleted / swapped lines, header only, empty, binary
 * garbage.  Standalone C11, no dependencies: tests/sh/fuzz-smoke.sh
 * compiles it on the fly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t s;

static uint64_t
rnd(void)
{
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

static size_t
below(size_t n)
{
	return n == 0 ? 0 : (size_t)(rnd() % n);
}

static unsigned char *b;
static size_t n, cap;

static void
reserve(size_t more)
{
	if (n + more + 1 > cap) {
		cap = (n + more + 1) * 2;
		if ((b = realloc(b, cap)) == NULL) {
			perror("mut");
			exit(1);
		}
	}
}

static void
insert(size_t at, const void *p, size_t len)
{
	reserve(len);
	memmove(b + at + len, b + at, n - at);
	memcpy(b + at, p, len);
	n += len;
}

static void
erase(size_t at, size_t len)
{
	if (at + len > n)
		len = n - at;
	memmove(b + at, b + at + len, n - at - len);
	n -= len;
}

/* Start of the line holding offset at, and the end of it (at the LF). */
static size_t
line_start(size_t at)
{
	while (at > 0 && b[at - 1] != '\n')
		at--;
	return at;
}

static size_t
line_end(size_t at)
{
	while (at < n && b[at] != '\n')
		at++;
	return at;
}

/* A random field: [*fs, *fe) between separators on a random line. */
static int
pick_field(size_t *fs, size_t *fe)
{
	size_t at, ls, le, k, nf = 1, want;

	if (n == 0)
		return -1;
	at = below(n);
	ls = line_start(at);
	le = line_end(at);
	for (k = ls; k < le; k++)
		if (b[k] == ',' || b[k] == ';' || b[k] == '\t')
			nf++;
	want = below(nf);
	for (k = ls; want > 0 && k < le; k++)
		if (b[k] == ',' || b[k] == ';' || b[k] == '\t')
			want--;
	*fs = k;
	while (k < le && b[k] != ',' && b[k] != ';' && b[k] != '\t' &&
	    b[k] != '\r')
		k++;
	*fe = k;
	return 0;
}

static const char *const awkward[] = {
	"", " ", "-1", "0", "11", "-0", "1e308", "-1e308", "1e-320", "nan",
	"NaN", "inf", "-inf", "Infinity", "99999999999999999999",
	"-9223372036854775808", "18446744073709551616", "4294967297", "0x10",
	"1,5", "1.5", "5.", ".5", "+3", "3 ", " 3", "1-5", "5-1", "0-10",
	"10-0", "1-1", "0-100", "-5-5", "a-b", "1--5", "nps", "csat", "ces",
	"NPS", "group", "journey", "level", "2026-02-30", "2026-13-01",
	"2026-W53", "2026-W00", "2026-Q5", "2026-00", "9999-12-31T23:59:60",
	"0000-01-01", "1/2/3", "13/13/2026", "31/02/2026 25:61",
	"2026-11-05T10:00:00+14:00", "12:00 AM", "\xc3", "\xff\xfe",
	"\xed\xa0\x80", "\xc0\xaf", "\xef\xbb\xbf", "\xe2\x80\xae", "\"",
	"\"\"", "\"a\"b", "a\"b",
	/* commands: the smoke test runs the tools in an empty directory,
	 * where no file may appear */
	"`touch cjm-fuzz-canary`", "$(touch cjm-fuzz-canary)",
	"\"; system(\"touch cjm-fuzz-canary\"); \"",
	"'; system('touch cjm-fuzz-canary'); '",
	"x\nEOD\nsystem('touch cjm-fuzz-canary')",
	"<script>x</script>", "@x", "%s%n%s", "drop", "rise", "1", "2",
	"100", "1000000", "-100", "0.0000001", "2147483648", "1e5", "1E-5",
	"\t", "\r", "\n", "very long " "stage name that goes on and on and on"
	" and on and on and on and on and on and on and on and on and on",
};

static void
mutate(void)
{
	static const char *const bad[] = { "\xff", "\xc3", "\xed\xa0\x80",
		"\xc0\xaf", "\xf4\x90\x80\x80", "\xe2\x82", "\xfe\xff",
		"\xef\xbb\xbf", "\xf0\x9f\x98" };
	char buf[64];
	size_t at, len, k, fs, fe, ls, le, ls2, le2;
	unsigned char c;
	char *tmp;

	switch (rnd() % 24) {
	case 0: case 1:		/* byte flips */
		for (k = 1 + below(8); k > 0 && n > 0; k--)
			b[below(n)] ^= (unsigned char)(1u << below(8));
		break;
	case 2:			/* random bytes */
		for (k = 1 + below(4); k > 0 && n > 0; k--)
			b[below(n)] = (unsigned char)rnd();
		break;
	case 3:			/* truncation */
		n = below(n + 1);
		break;
	case 4:			/* quote */
		insert(below(n + 1), "\"", 1);
		break;
	case 5:			/* NUL */
		insert(below(n + 1), "", 1);
		break;
	case 6:			/* CR, LF, CRLF */
		k = below(3);
		insert(below(n + 1), k == 0 ? "\r" : k == 1 ? "\n" : "\r\n",
		    k == 2 ? 2 : 1);
		break;
	case 7:			/* separators */
		k = below(3);
		insert(below(n + 1), k == 0 ? "," : k == 1 ? ";" : "\t", 1);
		break;
	case 8:			/* invalid UTF-8 */
		tmp = (char *)bad[below(sizeof(bad) / sizeof(bad[0]))];
		insert(below(n + 1), tmp, strlen(tmp));
		break;
	case 9:			/* a huge field */
		len = 1000 + below(200000);
		c = "A9 \",\xc3"[below(6)];
		tmp = malloc(len);
		memset(tmp, c, len);
		if (pick_field(&fs, &fe) == 0) {
			erase(fs, fe - fs);
			insert(fs, tmp, len);
		} else
			insert(0, tmp, len);
		free(tmp);
		break;
	case 10:		/* many columns */
		len = 100 + below(20000);
		tmp = malloc(len);
		memset(tmp, below(2) ? ',' : ';', len);
		at = line_end(below(n + 1));
		insert(at, tmp, len);
		free(tmp);
		break;
	case 11:		/* a very long line of one repeated field */
		at = line_end(below(n + 1));
		for (k = 2000 + below(5000); k > 0; k--)
			insert(at, "x,1,", 4);
		break;
	case 12: case 13: case 14: case 15: case 16:	/* an awkward value */
		if (pick_field(&fs, &fe) != 0)
			break;
		tmp = (char *)awkward[below(sizeof(awkward) /
		    sizeof(awkward[0]))];
		erase(fs, fe - fs);
		insert(fs, tmp, strlen(tmp));
		break;
	case 17:		/* duplicate a line */
		if (n == 0)
			break;
		at = below(n);
		ls = line_start(at);
		le = line_end(at);
		tmp = malloc(le - ls + 1);
		memcpy(tmp, b + ls, le - ls);
		tmp[le - ls] = '\n';
		insert(ls, tmp, le - ls + 1);
		free(tmp);
		break;
	case 18:		/* delete a line */
		if (n == 0)
			break;
		at = below(n);
		ls = line_start(at);
		le = line_end(at);
		erase(ls, le - ls + (le < n));
		break;
	case 19:		/* swap two lines (maybe the header) */
		if (n == 0)
			break;
		ls = line_start(below(n));
		le = line_end(ls);
		ls2 = line_start(below(n));
		le2 = line_end(ls2);
		if (ls2 < ls) {
			k = ls; ls = ls2; ls2 = k;
			k = le; le = le2; le2 = k;
		}
		if (ls2 <= le)
			break;
		tmp = malloc(le2 - ls2);
		memcpy(tmp, b + ls2, le2 - ls2);
		len = le2 - ls2;
		{
			char *t1 = malloc(le - ls + 1);
			size_t l1 = le - ls;

			memcpy(t1, b + ls, l1);
			erase(ls2, len);
			insert(ls2, t1, l1);
			erase(ls, l1);
			insert(ls, tmp, len);
			free(t1);
		}
		free(tmp);
		break;
	case 20:		/* header only */
		n = line_end(0) < n ? line_end(0) + 1 : n;
		break;
	case 21:		/* empty, or one byte */
		n = below(2);
		break;
	case 22:		/* binary garbage */
		n = 0;
		len = below(4096);
		reserve(len);
		for (k = 0; k < len; k++)
			b[n++] = (unsigned char)rnd();
		break;
	default:		/* a number with many digits */
		if (pick_field(&fs, &fe) != 0)
			break;
		snprintf(buf, sizeof(buf), "%llu%llu",
		    (unsigned long long)rnd(), (unsigned long long)rnd());
		erase(fs, fe - fs);
		insert(fs, buf, strlen(buf));
		break;
	}
}

int
main(int argc, char *argv[])
{
	FILE *fp;
	size_t r, k, times;
	char chunk[65536];

	if (argc != 4) {
		fputs("usage: mut seed in out\n", stderr);
		return 2;
	}
	s = strtoull(argv[1], NULL, 10) * 2654435761u + 88172645463325252ull;
	for (k = 0; k < 8; k++)
		rnd();
	if ((fp = fopen(argv[2], "rb")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	while ((r = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		reserve(r);
		memcpy(b + n, chunk, r);
		n += r;
	}
	fclose(fp);
	reserve(0);
	times = 1 + (rnd() % 4 == 0 ? below(4) : 0);
	for (k = 0; k < times; k++)
		mutate();
	if ((fp = fopen(argv[3], "wb")) == NULL) {
		perror(argv[3]);
		return 1;
	}
	if (n > 0)
		fwrite(b, 1, n, fp);
	if (fclose(fp) != 0) {
		perror(argv[3]);
		return 1;
	}
	free(b);
	return 0;
}
