/*
 * t_csvr.c -- the CSV reader: quoting, line ends, line numbers, errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvr.h"
#include "csvw.h"
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

/*
 * Random valid CSV (unquoted fields with CR and spaces, quoted fields
 * with commas, quotes, CR and LF, long fields, blank lines, LF and CRLF)
 * larger than csvr's 64 KiB block: csvr must give libcsv's records.
 */
static void
random_tables(void)
{
	static const char plain[] = "ab \r", quoted[] = "a,\"\r\n ";
	unsigned long long x = 88172645463325252ULL;
	struct ref in = {0}, want = {0}, got = {0};
	struct csvr *r;
	size_t i, k, nf, len;
	const char *f;
	char c;
	int round, bad = 0;

	for (round = 0; round < 4; round++) {
		in.len = want.len = got.len = 0;
		while (in.len < 200000) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			if (x % 23 == 0)
				ref_put(&in, x % 2 ? "\r\n" : "\n", x % 2 + 1);
			nf = 1 + (x >> 8) % 12;
			for (i = 0; i < nf; i++) {
				x ^= x << 13; x ^= x >> 7; x ^= x << 17;
				len = x % 97 == 0 ? 5000 : (x >> 8) % 20;
				if (i > 0)
					ref_put(&in, ",", 1);
				if ((x >> 16) % 5 == 0) {
					ref_put(&in, "\"", 1);
					for (k = 0; k < len; k++) {
						c = (x >> (k % 40)) % 7 ? 'q' :
						    quoted[(x >> (k % 50)) % 6];
						ref_put(&in, &c, 1);
						if (c == '"')	/* doubled */
							ref_put(&in, &c, 1);
					}
					ref_put(&in, "\"", 1);
					continue;
				}
				for (k = 0; k < len; k++)
					ref_put(&in, &plain[(x >> (k % 50)) %
					    (round == 0 ? 2 : 4)], 1);
			}
			ref_put(&in, x % 7 == 0 ? "\r\n" : "\n",
			    x % 7 == 0 ? 2 : 1);
		}
		if (round == 3)		/* no final line end */
			in.s[--in.len] = '\0';
		reference(in.s, in.len, &want);
		r = from(in.s);
		while (csvr_next(r) == 1) {
			for (i = 0; i < csvr_nfields(r); i++) {
				f = csvr_field(r, i, &len);
				ref_put(&got, f, len);
				ref_put(&got, "\x1f", 1);
			}
			ref_put(&got, "\x1e", 1);
		}
		if (got.len != want.len || memcmp(got.s, want.s, got.len) != 0)
			bad++;
		T_CHECK(csvr_lines(r) > 100 && want.len > 100000);
		done(r);
	}
	T_CHECK(bad == 0);
	free(in.s);
	free(want.s);
	free(got.s);
}

int
main(void)
{
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

	/* A malformed line is reported with its line and skipped. */
	r = from("a,b\nx\"y,1\n3,4\n");
	T_CHECK(csvr_next(r) == 1);
	T_CHECK(csvr_next(r) == -1 && csvr_loc(r)->line == 2);
	T_CHECK(csvr_next(r) == 1 && csvr_loc(r)->line == 3);
	T_STREQ(csvr_field(r, 0, NULL), "3");
	T_CHECK(csvr_next(r) == 0);
	done(r);

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

	random_tables();
	return t_done("csvr");
}
