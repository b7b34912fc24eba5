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

const char *
hdr_bad(const struct hdr *h)
{
	size_t i, j;

	for (i = 0; i < h->n; i++) {
		if (h->name[i][0] == '\0')
			return h->name[i];
		for (j = 0; j < i; j++)
			if (strcmp(h->name[i], h->name[j]) == 0)
				return h->name[i];
	}
	return NULL;
}
