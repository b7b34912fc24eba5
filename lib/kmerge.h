/*
 * kmerge.h -- adding up KPI tables (docs/formats.md section 3, full or
 * partial) group by group: what cjm-merge does with its inputs, and
 * cjm-kpi --jobs with the partial tables of its shards.
 *
 * Ownership: kmerge_init() takes the table the rows go into (the caller
 * keeps it); kmerge_free() frees the journey sums only.
 */
#ifndef KMERGE_H
#define KMERGE_H

#include <stddef.h>

#include "err.h"
#include "kpi.h"

struct tbl;

struct kmerge {
	struct kpi_tab	*tab;		/* the groups, summed */
	int		 journey;	/* an input had journey rows */
	int		 targets;	/* set: targets come from elsewhere,
					 * the inputs' targets are ignored */
	/* Called with each group row before it is added: 0 add it, 1 leave
	 * it out, -1 an error (message in err).  NULL: every row as is. */
	int		(*reshape)(void *arg, struct kpi_in *, char lab[16],
			    char *err, size_t errsz);
	void		*arg;
	/* private: the journey sums in input order, only to find the row
	 * that makes one overflow (whether there are journey rows at all is
	 * known at the end) */
	struct kpi_tab	*jtab;
	struct loc	 jbad;		/* jbad.line 0: none */
};

void	kmerge_init(struct kmerge *, struct kpi_tab *tab);
/*
 * Adds the rows of an opened table (after its header) to m->tab.
 * Returns 0; -1 with a message in err, at csvr_loc(t->r): a malformed
 * row, a group's weight sums overflowing, a target that differs from the
 * group's target before.
 */
int	kmerge_read(struct kmerge *, struct tbl *t, char *err, size_t errsz);
/*
 * After the last input: NULL, or where the journey rows' weight sums
 * overflowed when there are journey rows (m->journey or want).
 */
const struct loc *kmerge_journey_bad(const struct kmerge *, int want);
void	kmerge_free(struct kmerge *);

#endif
