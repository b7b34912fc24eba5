/*
 * t_csvr.c -- the CSV reader: quoting, line ends, line numbers, errors.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "csvr.h"
#include "csvw.h"
#include "decode.h"
#include "t.h"

static FILE *memfp;

static struct csvr *
from(const char *s)
{
	memfp = fmemopen((void *)s, strlen(s), "r");
	return csvr_new(memfp, "mem");
}

/* The same, n bytes (which may hold NULs). */
static struct csvr *
fromn(const char *s, size_t n)
{
	memfp = fmemopen((void *)s, n, "r");
	return csvr_new(memfp, "mem");
}

static void
done(struct csvr *r)
{
	csvr_free(r);
	fclose(memfp);
}

/*
 * The reference: libcsv itself, with csvr's options, over the whole
 * input at once.  Records are kept as "field\x1ffield\x1e".
 */
struct ref {
	char	*s;
	size_t	 len, cap;
};

static void
ref_put(struct ref *x, const void *p, size_t n)
{
	while (x->len + n + 1 > x->cap) {
		x->cap = x->cap ? x->cap * 2 : 1024;
		x->s = realloc(x->s, x->cap);
	}
	memcpy(x->s + x->len, p, n);
	x->len += n;
	x->s[x->len] = '\0';
}

static void
ref_field(void *p, size_t n, void *arg)
{
	ref_put(arg, p, n);
	ref_put(arg, "\x1f", 1);
}

static void
ref_record(int c, void *arg)
{
	(void)c;
	ref_put(arg, "\x1e", 1);
}

static int ref_cr(unsigned char c) { return c == '\r'; }
static int ref_lf(unsigned char c) { return c == '\n'; }

static void
reference(const char *in, size_t n, struct ref *x)
{
	struct csv_parser p;

	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&p, ref_cr);
	csv_set_term_func(&p, ref_lf);
	T_CHECK(csv_parse(&p, in, n, ref_field, ref_record, x) == n);
	T_CHECK(csv_fini(&p, ref_field, ref_record, x) == 0);
	csv_free(&p);
}

static unsigned long long rx = 88172645463325252ULL;

static unsigned long long
rnd(void)
{
	rx ^= rx << 13;
	rx ^= rx >> 7;
	rx ^= rx << 17;
	return rx;
}

/*
 * Random valid CSV (unquoted fields, quoted fields with commas, quotes,
 * CR and LF, long fields, blank lines, LF and CRLF) larger than csvr's
 * 64 KiB block, with one field in `odd` holding what libcsv's default
 * handling would read otherwise (spaces or tabs around a field or a
 * quoted one, a CR not followed by LF, a line of spaces): csvr must give
 * libcsv's records (the reference, with csvr's options), the line each
 * starts on and its text.  odd = 0: none (csvr reads it the fast way);
 * 5000: one in some blocks (some blocks fast, some exact); 2: in most
 * records.  Fields that libcsv's default handling would cut short, and
 * fields where it would end a record at a CR, are tried apart: either
 * alone must send a block the exact way.
 */
static void
random_tables(int odd, int noeol, const char *const *strange)
{
	static const char plain[] = "ab", quoted[] = "a,\"\r\n ";
	size_t nstrange = 0;
	struct ref in = {0}, want = {0}, got = {0};
	unsigned long *lines = NULL, line = 1;
	size_t nrec = 0, reccap = 0, *roff = NULL, *rend = NULL, start, i, k, nf,
	    len;
	const char *f;
	struct csvr *r;
	unsigned long long x;
	int bad = 0;

	while (in.len < 200000) {
		x = rnd();
		if (x % 23 == 0) {
			ref_put(&in, x % 2 ? "\r\n" : "\n", x % 2 + 1);
			line++;
		}
		if (nrec == reccap) {
			reccap = reccap ? 2 * reccap : 1024;
			lines = realloc(lines, reccap * sizeof(*lines));
			roff = realloc(roff, reccap * sizeof(*roff));
			rend = realloc(rend, reccap * sizeof(*rend));
		}
		lines[nrec] = line;
		roff[nrec] = start = in.len;
		nf = 1 + (x >> 8) % 12;
		for (i = 0; i < nf; i++) {
			x = rnd();
			len = x % 97 == 0 ? 5000 : (x >> 8) % 20;
			if (i > 0)
				ref_put(&in, ",", 1);
			if (odd > 0 && (x >> 20) % (unsigned)odd == 0) {
				while (strange[nstrange] != NULL)
					nstrange++;
				f = strange[(x >> 24) % nstrange];
				ref_put(&in, f, strlen(f));
			} else if ((x >> 16) % 5 == 0) {
				ref_put(&in, "\"", 1);
				for (k = 0; k < len; k++) {
					char c = (x >> (k % 40)) % 7 ? 'q' :
					    quoted[(x >> (k % 50)) % 6];

					ref_put(&in, &c, 1);
					if (c == '"')	/* doubled */
						ref_put(&in, &c, 1);
					line += c == '\n';
				}
				ref_put(&in, "\"", 1);
			} else
				for (k = 0; k < len; k++)
					ref_put(&in, &plain[(x >> (k % 50)) % 2],
					    1);
		}
		/* (a record of one empty field would be a blank line) */
		if (in.len == start || strspn(in.s + start, "\r") == in.len - start)
			ref_put(&in, "x", 1);
		ref_put(&in, x % 7 == 0 ? "\r\n" : "\n", x % 7 == 0 ? 2 : 1);
		line++;
		rend[nrec++] = in.len;
	}
	if (noeol)		/* no final line end */
		in.s[--in.len] = '\0';
	rend[nrec - 1] = in.len;
	reference(in.s, in.len, &want);
	r = from(in.s);
	csvr_set_keep_raw(r, 1);
	for (k = 0; csvr_next(r) == 1; k++) {
		for (i = 0; i < csvr_nfields(r); i++) {
			f = csvr_field(r, i, &len);
			ref_put(&got, f, len);
			ref_put(&got, "\x1f", 1);
		}
		ref_put(&got, "\x1e", 1);
		f = csvr_raw(r, &len);
		if (k >= nrec || csvr_loc(r)->line != lines[k] ||
		    len != rend[k] - roff[k] ||
		    memcmp(f, in.s + roff[k], len) != 0)
			bad++;
	}
	T_CHECK(k == nrec);
	T_CHECK(got.len == want.len && memcmp(got.s, want.s, got.len) == 0);
	T_CHECK(bad == 0);
	T_CHECK(csvr_lines(r) > 100 && want.len > 100000);
	done(r);
	free(in.s);
	free(want.s);
	free(got.s);
	free(lines);
	free(roff);
	free(rend);
}

/*
 * A reader of a pipe widens it to 1 MiB (lib/pipe.c), where the system
 * allows that much (pipe-max-size; root may always): csvr_new, and the
 * decoder of cjm-ingest's input.
 */
static void
pipes(void)
{
#ifdef F_SETPIPE_SZ
	long max = 0;
	FILE *fp, *dp;
	struct csvr *r;
	int fd[2], k;

	if ((fp = fopen("/proc/sys/fs/pipe-max-size", "r")) != NULL) {
		if (fscanf(fp, "%ld", &max) != 1)
			max = 0;
		fclose(fp);
	}
	if (max < (1 << 20) && geteuid() != 0) {
		printf("csvr: pipe-max-size %ld: pipe widths not checked\n",
		    max);
		return;
	}
	for (k = 0; k < 2; k++) {
		T_CHECK(pipe(fd) == 0);
		T_CHECK(fcntl(fd[0], F_GETPIPE_SZ) < (1 << 20));
		T_CHECK(write(fd[1], "a,b\n1,2\n", 8) == 8);
		close(fd[1]);
		T_CHECK((fp = fdopen(fd[0], "r")) != NULL);
		if (k == 0) {
			r = csvr_new(fp, "pipe");
			T_CHECK(fcntl(fd[0], F_GETPIPE_SZ) >= (1 << 20));
			T_CHECK(csvr_next(r) == 1 && csvr_nfields(r) == 2);
			csvr_free(r);
		} else {
			dp = decode_stream(fp, 0, DEC_AUTO, 0, NULL);
			T_CHECK(dp != NULL);
			T_CHECK(fcntl(fd[0], F_GETPIPE_SZ) >= (1 << 20));
			if (dp != NULL)
				fclose(dp);
		}
		fclose(fp);
	}
	/* a file, a memory stream: left alone, no harm */
	T_CHECK((fp = tmpfile()) != NULL);
	r = csvr_new(fp, "file");
	T_CHECK(csvr_next(r) == 0);
	csvr_free(r);
	fclose(fp);
#endif
}

int
main(void)
{
	static const char *const cut[] = {" a", "a ", "\tb", "b\t", " ",
	    NULL};
	static const char *const cr[] = {"a\rb", "\r\"q\"", "a\r",
	    "\"q\"\r", "\r", NULL};
	struct csvr *r;
	size_t len;
	FILE *fp;
	char *buf;
	struct csvw w;

	/* Quoted newline, doubled quote, CRLF, no final newline. */
	r = from("a,b\r\n\"x\ny\",\"he said \"\"hi\"\"\"\r\n\r\n1,\n2,3");
	T_CHECK(csvr_next(r) == 1 && csvr_nfields(r) == 2);
	T_STREQ(csvr_field(r, 1, NULL), "b");
	T_CHECK(csvr_loc(r)->line == 1);
	T_CHECK(csvr_next(r) == 1);
	T_STREQ(csvr_field(r, 0, &len), "x\ny");
	T_CHECK(len == 3);
	T_STREQ(csvr_field(r, 1, NULL), "he said \"hi\"");
	T_CHECK(csvr_loc(r)->line == 2);
	T_CHECK(csvr_next(r) == 1);	/* blank line 4 skipped */
	T_CHECK(csvr_loc(r)->line == 5 && csvr_nfields(r) == 2);
	T_STREQ(csvr_field(r, 1, NULL), "");
	T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 6);
	T_STREQ(csvr_field(r, 1, NULL), "3");
	T_CHECK(csvr_next(r) == 0);
	done(r);

	/* Spaces are data; a BOM is dropped. */
	r = from("\xEF\xBB\xBF id , x\n");
	T_CHECK(csvr_next(r) == 1);
	T_STREQ(csvr_field(r, 0, NULL), " id ");
	T_STREQ(csvr_field(r, 1, NULL), " x");
	done(r);

	/* csvr_peek: the next record's field, once read; not an error's,
	 * not a column it lacks, nothing after the last record. */
	r = from("a,b\nc,d\nx\"y,1\ne\n");
	T_CHECK(csvr_peek(r, 0, NULL) == NULL);
	T_CHECK(csvr_next(r) == 1);
	{
		const char *rf[2] = { NULL, NULL };
		size_t rl[2] = { 9, 9 };

		csvr_record(r, rf, rl);	/* csvr_record: all at once */
		T_STREQ(rf[0], "a");
		T_STREQ(rf[1], "b");
		T_CHECK(rl[0] == 1 && rl[1] == 1);
	}
	T_STREQ(csvr_peek(r, 1, &len), "d");
	T_CHECK(len == 1);
	T_STREQ(csvr_field(r, 1, NULL), "b");	/* the current one stays */
	T_CHECK(csvr_next(r) == 1);
	T_CHECK(csvr_peek(r, 0, NULL) == NULL);	/* an error next */
	T_CHECK(csvr_next(r) == -1);
	T_STREQ(csvr_peek(r, 0, NULL), "e");
	T_CHECK(csvr_peek(r, 1, NULL) == NULL);
	T_CHECK(csvr_next(r) == 1);
	T_CHECK(csvr_peek(r, 0, NULL) == NULL);
	T_CHECK(csvr_next(r) == 0);
	done(r);

	/* A malformed line is reported with its line and skipped. */
	r = from("a,b\nx\"y,1\n3,4\n");
	T_CHECK(csvr_next(r) == 1);
	T_CHECK(csvr_next(r) == -1 && csvr_loc(r)->line == 2);
	T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 3);
	T_STREQ(csvr_field(r, 0, NULL), "3");
	T_CHECK(csvr_next(r) == 0);
	done(r);

	/* The same in a long input (read in blocks of many lines), and a
	 * NUL byte: the records around them are all there, the raw text is
	 * the bad line. */
	{
		struct ref big = {0};
		char line[64];
		int i, n = 0, errs = 0, errline = 0;

		for (i = 1; i <= 9000; i++) {
			if (i == 4321)
				snprintf(line, sizeof(line), "%d,x\"y\n", i);
			else if (i == 8000)
				snprintf(line, sizeof(line), "%d,a#b\n", i);
			else if (i == 7000)
				snprintf(line, sizeof(line), "\"%d\n%d\",z\n",
				    i, i + 1);
			else
				snprintf(line, sizeof(line), "%d,%s\n", i,
				    i % 3 ? "abc" : "\"q,\"\"q\"\"\"");
			ref_put(&big, line, strlen(line));
			if (i == 8000)
				big.s[big.len - 3] = '\0';
		}
		r = fromn(big.s, big.len);
		csvr_set_keep_raw(r, 1);
		while ((i = csvr_next(r)) != 0) {
			if (i < 0) {
				errs++;
				if (errs == 1) {
					errline = (int)csvr_loc(r)->line;
					T_STREQ(csvr_raw(r, NULL), "4321,x\"y\n");
				} else {
					T_CHECK(csvr_loc(r)->line == 8001);
					T_CHECK(strncmp(csvr_strerror(r),
					    "NUL byte", 8) == 0);
				}
				continue;
			}
			n++;
			i = atoi(csvr_field(r, 0, NULL));
			if (csvr_loc(r)->line != (unsigned long)i + (i > 7000))
				errs += 100;
		}
		T_CHECK(n == 8998 && errs == 2 && errline == 4321);
		T_CHECK(csvr_lines(r) == 9002);
		done(r);
		free(big.s);
	}

	/* A NUL byte is an error of its record, never a field cut short
	 * (issue 9 item 7: "Purch\0ase" read as "Purch", "5\0" as 5). */
	{
		static const char t1[] = "a,b\nPurch\0ase,5\nx,y\n1,5\0\n2,3";
		static const char t2[] = "a,b\n\"x\ny\0\",1\nc,d\n";

		r = fromn(t1, sizeof(t1) - 1);
		T_CHECK(csvr_next(r) == 1);
		T_CHECK(csvr_next(r) == -1 && csvr_loc(r)->line == 2);
		T_CHECK(strncmp(csvr_strerror(r), "NUL byte", 8) == 0);
		T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 3);
		T_STREQ(csvr_field(r, 0, NULL), "x");
		T_CHECK(csvr_next(r) == -1 && csvr_loc(r)->line == 4);
		T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 5);
		T_STREQ(csvr_field(r, 1, NULL), "3");
		T_CHECK(csvr_next(r) == 0);
		done(r);
		/* Inside a quoted multi-line field: the record's line. */
		r = fromn(t2, sizeof(t2) - 1);
		T_CHECK(csvr_next(r) == 1);
		T_CHECK(csvr_next(r) == -1 && csvr_loc(r)->line == 2);
		T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 4);
		T_STREQ(csvr_field(r, 0, NULL), "c");
		T_CHECK(csvr_next(r) == 0);
		done(r);
	}

	/* A quote inside an unquoted field: malformed by default, text
	 * with csvr_set_quote_text (issue 11 item 1: a Google Sheets TSV
	 * with S\u00ed, "bootcamps" in a header); a quote at a field's
	 * start still quotes it; text after a closing quote is still an
	 * error. */
	r = from("a\tS\xC3\xAD, \"bootcamps\"\tc\nx\"y\t\"q\tq\"\tz\"\"\"\n"
	    "\"ab\"c\tx\ty\n1\t2\t3\n");
	csvr_set_delim(r, '\t');
	csvr_set_quote_text(r, 1);
	T_CHECK(csvr_next(r) == 1 && csvr_nfields(r) == 3);
	T_STREQ(csvr_field(r, 1, NULL), "S\xC3\xAD, \"bootcamps\"");
	T_CHECK(csvr_next(r) == 1 && csvr_nfields(r) == 3);
	T_STREQ(csvr_field(r, 0, NULL), "x\"y");
	T_STREQ(csvr_field(r, 1, NULL), "q\tq");
	T_STREQ(csvr_field(r, 2, NULL), "z\"\"\"");
	/* TSV: a one-line record whose quotes make no quoted field is
	 * read with its quotes as text. */
	T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 3 &&
	    csvr_nfields(r) == 3);
	T_STREQ(csvr_field(r, 0, NULL), "\"ab\"c");
	T_STREQ(csvr_field(r, 2, NULL), "y");
	T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 4);
	T_CHECK(csvr_next(r) == 0);
	done(r);
	/* CSV: text after a closing quote is malformed quoting. */
	r = from("a,b\n\"ab\"c,x\n1,2\n");
	csvr_set_quote_text(r, 1);
	T_CHECK(csvr_next(r) == 1);
	T_CHECK(csvr_next(r) == -1 && csvr_loc(r)->line == 2);
	T_STREQ(csvr_strerror(r), "malformed quoting: text after a closing "
	    "quote");
	T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 3);
	done(r);
	r = from("a,b\nx\"y,1\n");
	T_CHECK(csvr_next(r) == 1 && csvr_next(r) == -1);
	done(r);

	/* An unterminated quote is an error at the line it starts on. */
	r = from("a,b\n1,2\n\"open,3\n4,5\n");
	T_CHECK(csvr_next(r) == 1 && csvr_next(r) == 1);
	T_CHECK(csvr_next(r) == -1 && csvr_loc(r)->line == 3);
	T_STREQ(csvr_strerror(r), "unterminated quoted field");
	T_CHECK(csvr_next(r) == 0);
	done(r);

	/* Semicolons. */
	r = from("a;b\n1,5;2\n");
	csvr_set_delim(r, ';');
	T_CHECK(csvr_next(r) == 1 && csvr_next(r) == 1);
	T_STREQ(csvr_field(r, 0, NULL), "1,5");
	done(r);

	/* Empty input. */
	r = from("");
	T_CHECK(csvr_next(r) == 0);
	done(r);

	/* The writer quotes only what needs it, and round-trips. */
	len = 0;
	buf = NULL;
	fp = open_memstream(&buf, &len);
	csvw_init(&w, fp);
	csvw_field(&w, "plain");
	csvw_field(&w, "a,b");
	csvw_field(&w, "say \"x\"");
	csvw_field(&w, "l1\nl2");
	csvw_field(&w, NULL);
	csvw_num(&w, 2.5, 6);
	csvw_end(&w);
	fclose(fp);
	T_STREQ(buf, "plain,\"a,b\",\"say \"\"x\"\"\",\"l1\nl2\",,2.5\n");
	r = from(buf);
	T_CHECK(csvr_next(r) == 1 && csvr_nfields(r) == 6);
	T_STREQ(csvr_field(r, 2, NULL), "say \"x\"");
	T_STREQ(csvr_field(r, 3, NULL), "l1\nl2");
	done(r);
	free(buf);

	/*
	 * A leading or trailing space or tab is quoted: a reader that trims
	 * blanks around unquoted fields (libcsv's default: space and tab)
	 * must still get the value (a rejects file's "\t9x\t", found by
	 * fz_cjm-ingest, was read back as "9x").
	 */
	buf = NULL;
	fp = open_memstream(&buf, &len);
	csvw_init(&w, fp);
	csvw_field(&w, "\t9x\t");
	csvw_field(&w, "\tx");
	csvw_field(&w, "x\t");
	csvw_field(&w, " x");
	csvw_field(&w, "a\tb");
	csvw_end(&w);
	fclose(fp);
	T_STREQ(buf, "\"\t9x\t\",\"\tx\",\"x\t\",\" x\",a\tb\n");
	{
		struct csv_parser p;
		struct ref got = {0};

		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
		T_CHECK(csv_parse(&p, buf, len, ref_field, ref_record, &got) ==
		    len && csv_fini(&p, ref_field, ref_record, &got) == 0);
		T_STREQ(got.s, "\t9x\t\x1f" "\tx\x1f" "x\t\x1f" " x\x1f"
		    "a\tb\x1f" "\x1e");
		csv_free(&p);
		free(got.s);
	}
	free(buf);

	random_tables(0, 0, cut);
	random_tables(0, 1, cut);
	random_tables(5000, 0, cut);
	random_tables(5000, 1, cr);
	random_tables(2, 0, cut);
	random_tables(2, 1, cr);
	pipes();

	/* whole numbers, written by hand: as printf's %lld */
	{
		static const long long v[] = { 0, 1, -1, 9, 10, -10, 99,
		    1234567890123LL, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1 };
		char want[512];
		size_t i, n = 0;

		T_CHECK((fp = open_memstream(&buf, &len)) != NULL);
		csvw_init(&w, fp);
		for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
			csvw_long(&w, v[i]);
			n += (size_t)snprintf(want + n, sizeof(want) - n,
			    "%s%lld", i > 0 ? "," : "", v[i]);
		}
		csvw_end(&w);
		fclose(fp);
		snprintf(want + n, sizeof(want) - n, "\n");
		T_STREQ(buf, want);
		free(buf);
	}
	return t_done("csvr");
}
