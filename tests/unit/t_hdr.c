/*
 * t_hdr.c -- headers: lookup by name, the first empty or repeated name
 * (in header order, whatever the sort inside), a wide header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "hdr.h"
#include "t.h"

/* The header of the CSV text s (its first record). */
static struct hdr *
hdr_of(const char *s)
{
	FILE *fp = fmemopen((void *)s, strlen(s), "r");
	struct csvr *r = csvr_new(fp, "t");
	struct hdr *h;

	T_CHECK(csvr_next(r) == 1);
	h = hdr_new(r);
	csvr_free(r);
	fclose(fp);
	return h;
}

/* hdr_bad() of s: "(none)" when the header is fine. */
static char *
bad(const char *s)
{
	static char buf[64];
	struct hdr *h = hdr_of(s);
	const char *b = hdr_bad(h);

	snprintf(buf, sizeof(buf), "%s", b == NULL ? "(none)" : b);
	hdr_free(h);
	return buf;
}

int
main(void)
{
	struct hdr *h;
	char *wide;
	size_t i, len, cap;

	h = hdr_of("level,step,stage\n");
	T_CHECK(hdr_n(h) == 3);
	T_CHECK(hdr_find(h, "step") == 1);
	T_CHECK(hdr_find(h, "Step") == -1);
	T_STREQ(hdr_name(h, 2), "stage");
	T_CHECK(hdr_name(h, 3) == NULL);
	hdr_free(h);

	T_STREQ(bad("a\n"), "(none)");
	T_STREQ(bad("a,b,c\n"), "(none)");
	T_STREQ(bad("a,b,a\n"), "a");
	T_STREQ(bad("a,,b\n"), "");
	T_STREQ(bad("\n\"\"\n"), "");
	/* the first index that repeats an earlier name, not the first name
	 * in sort order */
	T_STREQ(bad("b,a,a,b\n"), "a");
	T_STREQ(bad("z,y,x,z,y\n"), "z");
	T_STREQ(bad("a,b,c,b,,a\n"), "b");
	T_STREQ(bad("a,b,,b\n"), "");
	T_STREQ(bad("x,x,x\n"), "x");
	T_STREQ(bad("a,b,c,d,e,f,g,h,i,j,c\n"), "c");

	/* 200000 distinct names, then one repeated: found (in well under a
	 * second; pairwise took minutes) */
	cap = 16 * 200001;
	wide = malloc(cap);
	for (i = 0, len = 0; i < 200000; i++)
		len += (size_t)snprintf(wide + len, cap - len, "c%zu,", i);
	snprintf(wide + len, cap - len, "c123456\n");
	h = hdr_of(wide);
	T_CHECK(hdr_n(h) == 200001);
	T_STREQ(hdr_bad(h), "c123456");
	T_CHECK(hdr_find(h, "c199999") == 199999);
	hdr_free(h);
	wide[len - 1] = '\n';
	wide[len] = '\0';
	h = hdr_of(wide);
	T_CHECK(hdr_bad(h) == NULL);
	hdr_free(h);
	free(wide);
	return t_done("hdr");
}
