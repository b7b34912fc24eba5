/*
 * hdr.c -- see hdr.h.  Headers are short, so lookup is a linear scan.
 */
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "hdr.h"
#include "xmalloc.h"

struct hdr {
	char	**name;
	size_t	  n;
};

struct hdr *
hdr_new(const struct csvr *r)
{
	struct hdr *h;
	size_t i, len;
	const char *s;

	h = xcalloc(1, sizeof(*h));
	h->n = csvr_nfields(r);
	h->name = xcalloc(h->n, sizeof(*h->name));
	for (i = 0; i < h->n; i++) {
		s = csvr_field(r, i, &len);
		h->name[i] = xstrndup(s, len);
	}
	return h;
}

void
hdr_free(struct hdr *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++)
		free(h->name[i]);
	free(h->name);
	free(h);
}

size_t
hdr_n(const struct hdr *h)
{
	return h->n;
}

const char *
hdr_name(const struct hdr *h, size_t i)
{
	return i < h->n ? h->name[i] : NULL;
}

int
hdr_find(const struct hdr *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->name[i], name) == 0)
			return (int)i;
	return -1;
}

struct ent {
	const char	*name;
	size_t		 i;
};

static int
by_name(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The name at the smallest index that is empty or repeats an earlier
 * one.  Sorted by (name, index), not pairwise: a hostile header of 100000
 * distinct names took 9 s pairwise (quadratic), a million 15 minutes.
 */
const char *
hdr_bad(const struct hdr *h)
{
	struct ent *e;
	size_t i, run, bad = h->n;

	for (i = 0; i < h->n; i++)
		if (h->name[i][0] == '\0') {
			bad = i;
			break;
		}
	if (h->n < 2)
		return bad < h->n ? h->name[bad] : NULL;
	e = xreallocarray(NULL, h->n, sizeof(*e));
	for (i = 0; i < h->n; i++) {
		e[i].name = h->name[i];
		e[i].i = i;
	}
	qsort(e, h->n, sizeof(*e), by_name);
	/* in a run of equal names, the second is the first repeat */
	for (i = 1, run = 1; i < h->n; i++) {
		run = strcmp(e[i].name, e[i - 1].name) == 0 ? run + 1 : 1;
		if (run == 2 && e[i].i < bad)
			bad = e[i].i;
	}
	free(e);
	return bad < h->n ? h->name[bad] : NULL;
}
