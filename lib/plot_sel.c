/*
 * plot_sel.c -- the rows a chart draws, and the journey-order x axis
 * (see plot_sel.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "plot_sel.h"
#include "xmalloc.h"

static int
by_step(const void *a, const void *b)
{
	const struct plot_kpi *x = *(const struct plot_kpi *const *)a;
	const struct plot_kpi *y = *(const struct plot_kpi *const *)b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	/* file order breaks ties: rows are stored in an array */
	return x < y ? -1 : x > y;
}

/*
 * Selects the rows to draw.  level: 0 group rows, 1 journey rows.
 * latest: keep only one period (opts->period or the latest).
 */
int
plot_sel_rows(const struct plot_data *d, const struct plot_opts *o, int level,
    int latest, struct plot_sel *s, char *err, size_t errsz)
{
	const struct plot_kpi *k;
	char list[512];
	size_t i;
	int any_empty = 0, nseg = 0, found;

	memset(s, 0, sizeof(*s));
	s->row = xcalloc(plot_data_nkpi(d) + 1, sizeof(*s->row));
	*list = '\0';
	/* the segment */
	found = 0;
	for (i = 0; i < plot_data_nkpi(d); i++) {
		k = plot_data_kpi(d, i);
		if (k->journey != level)
			continue;
		if (o->segment != NULL && plot_gp_streq(k->segment, o->segment))
			found = 1;
		if (*k->segment == '\0')
			any_empty = 1;
		else if (s->segment == NULL) {
			s->segment = k->segment;	/* the first one */
			nseg = 1;
		} else if (!plot_gp_streq(s->segment, k->segment))
			nseg = 2;			/* several */
		plot_gp_list_add(list, sizeof(list), k->segment);
	}
	if (o->segment != NULL) {
		if (!found) {
			plot_gp_err(err, errsz, "no %s rows for segment "
			    "'%.60s' (segments: %s)", level ? "journey" :
			    "group",
			    o->segment, list);
			return -1;
		}
		s->segment = o->segment;
	} else if (any_empty)
		s->segment = "";
	else if (nseg > 1) {
		plot_gp_err(err, errsz, "several segments (%s): choose one "
		    "with --segment", list);
		return -1;
	} else if (s->segment == NULL) {
		plot_gp_err(err, errsz, "no %s rows in the KPI table",
		    level ? "journey" : "group");
		return -1;
	}
	/* the period */
	if (latest) {
		*list = '\0';
		found = 0;
		for (i = 0; i < plot_data_nkpi(d); i++) {
			k = plot_data_kpi(d, i);
			if (k->journey != level || !plot_gp_streq(k->segment,
			    s->segment))
				continue;
			plot_gp_list_add(list, sizeof(list), k->period);
			if (o->period != NULL) {
				if (plot_gp_streq(k->period, o->period))
					found = 1;
			} else if (s->period == NULL ||
			    strcmp(k->period, s->period) > 0)
				s->period = k->period;
		}
		if (o->period != NULL) {
			if (!found) {
				plot_gp_err(err, errsz, "no rows for period "
				    "'%.40s' (periods: %s)", o->period, list);
				return -1;
			}
			s->period = o->period;
		}
	}
	for (i = 0; i < plot_data_nkpi(d); i++) {
		k = plot_data_kpi(d, i);
		if (k->journey != level || !plot_gp_streq(k->segment,
		    s->segment) ||
		    (latest && !plot_gp_streq(k->period, s->period)) ||
		    (o->metric != NULL && !plot_gp_streq(k->metric,
		    o->metric)) ||
		    (o->stage != NULL && !plot_gp_streq(k->stage, o->stage)) ||
		    (o->touchpoint != NULL && !plot_gp_streq(k->touchpoint,
		    o->touchpoint)))
			continue;
		s->row[s->n++] = k;
	}
	if (s->n == 0) {
		plot_gp_err(err, errsz, "nothing to plot: no rows "
		    "match%s%.40s%s"
		    "%s%.40s%s%s%.60s%s%s%.60s%s",
		    o->metric ? " metric '" : "", o->metric ? o->metric : "",
		    o->metric ? "'" : "",
		    o->stage ? " stage '" : "", o->stage ? o->stage : "",
		    o->stage ? "'" : "",
		    o->touchpoint ? " touchpoint '" : "",
		    o->touchpoint ? o->touchpoint : "",
		    o->touchpoint ? "'" : "",
		    *s->segment ? " segment '" : "", s->segment,
		    *s->segment ? "'" : "");
		return -1;
	}
	qsort(s->row, s->n, sizeof(*s->row), by_step);
	return 0;
}

/* Row indices sorted by (stage, touchpoint), file order within. */
static const struct plot_sel *slot_sel;

static int
by_name(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct plot_kpi *p = slot_sel->row[x], *q = slot_sel->row[y];
	int c;

	if ((c = strcmp(p->stage, q->stage)) != 0 ||
	    (c = strcmp(p->touchpoint, q->touchpoint)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/*
 * Slots in the order of their first rows; a touchpoint's rows found by
 * sorting, not pairwise (100000 touchpoints took minutes).
 */
void
plot_sel_slots(const struct plot_sel *s, int per_row, struct plot_sel_slots *sl)
{
	size_t i, j, k, *idx, *head;

	sl->n = 0;
	sl->of = xcalloc(s->n + 1, sizeof(*sl->of));
	sl->first = xcalloc(s->n + 1, sizeof(*sl->first));
	sl->multi = xcalloc(s->n + 1, sizeof(*sl->multi));
	idx = xcalloc(s->n + 1, sizeof(*idx));
	/* row -> its group's first row */
	head = xcalloc(s->n + 1, sizeof(*head));
	for (i = 0; i < s->n; i++)
		idx[i] = i;
	slot_sel = s;
	qsort(idx, s->n, sizeof(*idx), by_name);
	slot_sel = NULL;
	for (i = 0; i < s->n; i = j) {
		for (j = i + 1; j < s->n && plot_gp_streq(s->row[idx[i]]->stage,
		    s->row[idx[j]]->stage) &&
		    plot_gp_streq(s->row[idx[i]]->touchpoint,
		    s->row[idx[j]]->touchpoint); j++)
			;
		for (k = i; k < j; k++)
			head[idx[k]] = idx[i];
	}
	for (i = 0; i < s->n; i++) {
		if (per_row || head[i] == i) {
			k = sl->n++;
			sl->first[k] = i;
		} else
			k = sl->of[head[i]];
		sl->of[i] = k;
		if (head[i] != i) {	/* a touchpoint with several rows */
			sl->multi[sl->of[head[i]]] = 1;
			sl->multi[k] = 1;
		}
	}
	free(idx);
	free(head);
}

void
plot_sel_slots_free(struct plot_sel_slots *sl)
{
	free(sl->of);
	free(sl->first);
	free(sl->multi);
}

const char *
plot_sel_slot_name(const struct plot_kpi *k)
{
	if (*k->touchpoint != '\0')
		return k->touchpoint;
	if (*k->stage != '\0')
		return k->stage;
	return "(all touchpoints)";
}

/* x tics for slots; with_metric: "(NPS)" under a touchpoint that has
 * several rows.  Wraps long names; rotates when there are many.  Returns
 * the height of the labels in lines. */
int
plot_sel_xtics(FILE *fp, const struct plot_opts *o, const struct plot_sel *s,
    const struct plot_sel_slots *sl, int with_metric)
{
	size_t j;
	const struct plot_kpi *k;
	int dumb = o->term == PLOT_DUMB, lines = 1, n;
	double first_len = 0;

	if (sl->n > 14 && !dumb)
		fputs("set xtics rotate by 40 right\n", fp);
	fputs("set xtics nomirror scale 0 font ',10' (", fp);
	for (j = 0; j < sl->n; j++) {
		k = s->row[sl->first[j]];
		if (j > 0)
			fputs(", ", fp);
		if (dumb)
			n = plot_gp_wrapped(fp, plot_sel_slot_name(k),
			    plot_gp_dumb_cols(o, sl->n), 2, 1);
		else if (sl->n > 14) {	/* rotated by 40 degrees */
			n = plot_gp_wrapped(fp, plot_sel_slot_name(k), 28, 1,
			    1) + (int)(fmin((double)plot_gp_u8count(
			    plot_sel_slot_name(k)), 28) * 0.35);
			if (j == 0)	/* the first label reaches left */
				first_len = fmin((double)plot_gp_u8count(
				    plot_sel_slot_name(k)), 28);
		}
		else
			n = plot_gp_wrapped(fp, plot_sel_slot_name(k),
			    plot_gp_wrap_cols(o, sl->n), 3,
			    1);
		if (with_metric && sl->multi[j] && !dumb) {
			fprintf(fp, ".\"\\n\".'(%s)'",
			    plot_gp_metric_label(k->metric));
			n++;
		}
		if (n > lines)
			lines = n < 18 ? n : 18;
		fprintf(fp, " %zu", j + 1);
	}
	fputs(")\n", fp);
	if (first_len > 0)
		fprintf(fp, "set lmargin %d\n", (int)fmax(12, first_len * 0.7));
	return lines;
}

/*
 * Margins for charts with stage names above and wrapped names, the key
 * and the footnote below: in character heights, so that small charts
 * (cjm-map embeds 1100x420) keep most of their height for the data.
 */
void
plot_sel_margins(FILE *fp, const struct plot_opts *o, const struct plot_sel *s,
    int label_lines)
{
	int title_lines;

	if (o->title != NULL)
		title_lines = *o->title != '\0';
	else
		title_lines = 1 + (o->term != PLOT_DUMB &&
		    (*s->segment != '\0' ||
		    (s->period != NULL && *s->period != '\0')));
	if (o->term == PLOT_DUMB)
		fprintf(fp, "set tmargin %d\n", 2 + 2 * title_lines);
	else
		fprintf(fp, "set tmargin %.1f\nset title offset 0,1.2\n",
		    2.5 + 1.6 * title_lines);
	fprintf(fp, "set bmargin %d\n", label_lines + (o->term == PLOT_DUMB ?
	    4 : 5));
}

/* Shaded stage bands over consecutive slots of the same stage, with the
 * stage name above the plot. */
void
plot_sel_stage_bands(FILE *fp, const struct plot_opts *o,
    const struct plot_sel *s,
    const struct plot_sel_slots *sl)
{
	size_t j, start;
	int obj = 1, band = 0;
	const char *st;

	for (j = 0; j < sl->n; j = start) {
		st = s->row[sl->first[j]]->stage;
		for (start = j + 1; start < sl->n &&
		    plot_gp_streq(s->row[sl->first[start]]->stage, st); start++)
			;
		fprintf(fp, "set object %d rectangle from %.1f, graph 0 to "
		    "%.1f, graph 1 fillcolor rgb '%s' fillstyle solid 1.0 "
		    "noborder behind\n", obj++, j + 0.5, start + 0.5,
		    band++ % 2 == 0 ? "#E8EEF5" : "#F7F7F7");
		if (*st != '\0') {
			fprintf(fp, "set label %d ", obj);
			plot_gp_wrapped(fp, st, o->term == PLOT_DUMB ?
			    (start - j) * (plot_gp_dumb_cols(o, sl->n) + 1) -
			    1 : (start - j) * (sl->n > 8 ? 10 : 14), 1, 0);
			fprintf(fp, " at %.1f, graph 1 center offset 0,1 "
			    "font ',11' textcolor rgb '#333333'\n",
			    (j + 1 + start) / 2.0);
		}
		obj++;
	}
}
