/*
 * hdr.h -- a table's header: column name -> index.
 *
 * hdr_new() copies the current record of a reader; the hdr owns its
 * strings and is independent of the reader afterwards.
 */
#ifndef HDR_H
#define HDR_H

#include <stddef.h>

struct csvr;
struct hdr;

struct hdr	*hdr_new(const struct csvr *);
void		 hdr_free(struct hdr *);	/* NULL is a no-op */
size_t		 hdr_n(const struct hdr *);
const char	*hdr_name(const struct hdr *, size_t i);
int		 hdr_find(const struct hdr *, const char *name); /* -1: none */
/* The first duplicate or empty name, or NULL when all are fine. */
const char	*hdr_bad(const struct hdr *);

#endif
