/*
 * tbl.c -- see tbl.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "hdr.h"
#include "tbl.h"
#include "xmalloc.h"

/* The message in full, however long the column name in it. */
static void __attribute__((format(printf, 2, 3)))
seterr(struct tbl *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->err, t->errcap, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= t->errcap) {
		t->errcap = (size_t)n + 1;
		t->err = xreallocarray(t->err, t->errcap, 1);
		va_start(ap, fmt);
		vsnprintf(t->err, t->errcap, fmt, ap);
		va_end(ap);
	}
}

/* The header read and checked. */
static int
tbl_start(struct tbl *t)
{
	const char *why;
	int rc;

	if ((rc = csvr_next(t->r)) != 1) {
		seterr(t, "%s", rc == 0 ? "empty input, no header" :
		    csvr_strerror(t->r));
		return 1;
	}
	t->h = hdr_new(t->r);
	t->nf = hdr_n(t->h);
	if ((why = hdr_bad(t->h)) != NULL) {
		seterr(t, "%s column name '%s' in the header",
		    *why == '\0' ? "empty" : "duplicate", why);
		return 1;
	}
	return 0;
}

int
tbl_open(struct tbl *t, const char *path)
{
	memset(t, 0, sizeof(*t));
	if ((t->r = csvr_open(path)) == NULL)
		return -1;
	return tbl_start(t);
}

int
tbl_fopen(struct tbl *t, FILE *fp, const char *name)
{
	memset(t, 0, sizeof(*t));
	t->r = csvr_new(fp, name);
	return tbl_start(t);
}

int
tbl_next(struct tbl *t)
{
	int rc;

	if ((rc = csvr_next(t->r)) < 0)
		seterr(t, "%s", csvr_strerror(t->r));
	else if (rc > 0 && csvr_nfields(t->r) != t->nf) {
		seterr(t, "record has %zu fields, header has %zu",
		    csvr_nfields(t->r), t->nf);
		rc = -1;
	}
	return rc;
}

const char *
tbl_error(const struct tbl *t)
{
	return t->err != NULL ? t->err : "no error";
}

void
tbl_close(struct tbl *t)
{
	hdr_free(t->h);
	csvr_free(t->r);
	free(t->err);
	memset(t, 0, sizeof(*t));
}
