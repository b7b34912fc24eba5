/*
 * t_csvr.c -- the CSV reader: quoting, line ends, line numbers, errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void
done(struct csvr *r)
{
	csvr_free(r);
	fclose(memfp);
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
	return t_done("csvr");
}
