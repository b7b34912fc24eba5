/*
 * kmerge.c -- see kmerge.h.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvr.h"
#include "kmerge.h"
#include "num.h"
#include "tbl.h"

void
kmerge_init(struct kmerge *m, struct kpi_tab *tab)
{
	memset(m, 0, sizeof(*m));
	m->tab = tab;
	m->jtab = kpi_tab_new();
}

void
kmerge_free(struct kmerge *m)
{
	kpi_tab_free(m->jtab);
	m->jtab = NULL;
}

/* After adding the row's sums in to g: -1 when a sum of g is no longer
 * finite; notes the first journey row that overflows. */
static int
check_sums(struct kmerge *m, const struct csvr *r, const struct kpi_group *g,
    const struct kpi_in *in)
{
	struct kpi_group *j;
	const char *key[KPI_NKEY];
	size_t len[KPI_NKEY];
	int k;

	if (kpi_acc_check(&g->acc) != 0)
		return -1;
	if (m->jbad.line > 0)
		return 0;
	for (k = 0; k < KPI_NKEY; k++) {
		key[k] = k == KPI_SEGMENT || k == KPI_PERIOD ? in->key[k] : "";
		len[k] = k == KPI_SEGMENT || k == KPI_PERIOD ? in->len[k] : 0;
	}
	j = kpi_tab_get(m->jtab, 1, key, len, g->metric, &g->scale, NULL);
	kpi_acc_merge(&j->acc, &in->acc);
	if (kpi_acc_check(&j->acc) != 0)
		m->jbad = *csvr_loc(r);
	return 0;
}

int
kmerge_read(struct kmerge *m, struct tbl *t, char *err, size_t errsz)
{
	struct kpi_cols cols;
	struct kpi_in in;
	struct kpi_group *g;
	const char *why;
	char a[64], b[64], lab[16];
	int rc;

	if ((why = kpi_cols_find(&cols, t->h)) != NULL) {
		snprintf(err, errsz, "missing column '%s'", why);
		return -1;
	}
	while ((rc = tbl_next(t)) != 0) {
		if (rc < 0) {
			snprintf(err, errsz, "%s", tbl_error(t));
			return -1;
		}
		if (kpi_read(&cols, t->r, &in, err, errsz) != 0)
			return -1;
		if (in.journey) {
			m->journey = 1;	/* recomputed from the groups */
			continue;
		}
		if (m->reshape != NULL &&
		    (rc = m->reshape(m->arg, &in, lab, err, errsz)) != 0) {
			if (rc < 0)
				return -1;
			continue;	/* left out */
		}
		g = kpi_tab_get(m->tab, 0, in.key, in.len, in.metric,
		    &in.scale, NULL);
		kpi_acc_merge(&g->acc, &in.acc);
		if (check_sums(m, t->r, g, &in) != 0) {
			snprintf(err, errsz, "the row's weights make the "
			    "group's weight sums overflow");
			return -1;
		}
		if (in.step > 0 && (g->step == 0 || in.step < g->step))
			g->step = in.step;
		if (!isnan(in.target) && !m->targets) {
			if (isnan(g->target))
				g->target = in.target;
			else if (g->target != in.target) {
				snprintf(err, errsz, "target %s differs from "
				    "the target %s of the same group before",
				    num_fmt(a, sizeof(a), in.target, 6),
				    num_fmt(b, sizeof(b), g->target, 6));
				return -1;
			}
		}
	}
	return 0;
}

const struct loc *
kmerge_journey_bad(const struct kmerge *m, int want)
{
	return (m->journey || want) && m->jbad.line > 0 ? &m->jbad : NULL;
}
