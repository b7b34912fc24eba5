/*
 * plot_dist.c -- the distribution chart: the answers of every touchpoint
 * as diverging stacked bars.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "plot_sel.h"
#include "xmalloc.h"

int
plot_dist(FILE *fp, const struct plot_opts *o, const struct plot_sel *s)
{
	const struct plot_kpi *k;
	size_t i, nstage = 0, ny;
	double *y;
	int has_nps = 0, has_other = 0, lab = 2000;
	const char *st = NULL;
	const char *lb, *lm, *lt;

	/* one row per KPI row, plus a header row per stage, top down */
	y = xcalloc(s->n + 1, sizeof(*y));
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		if (*k->stage != '\0' && (st == NULL || !plot_gp_streq(st,
		    k->stage))) {
			nstage++;
			st = k->stage;
		}
		if (plot_gp_streq(k->metric, "nps"))
			has_nps = 1;
		else
			has_other = 1;
	}
	ny = s->n + nstage;
	lb = has_nps && has_other ? "Detractors / bottom-2 box" : has_nps ?
	    "Detractors (0–6)" : "Bottom-2 box (unfavourable)";
	lm = has_nps && has_other ? "Passives / neutral" : has_nps ?
	    "Passives (7–8)" : "Neutral";
	lt = has_nps && has_other ? "Promoters / top-2 box" : has_nps ?
	    "Promoters (9–10)" : "Top-2 box (favourable)";

	fputs("# cjm-plot: distribution chart, diverging stacked bars\n", fp);
	plot_gp_terminal(fp, o);
	plot_gp_title(fp, o, "Answer distribution by touchpoint", s->segment,
	    s->period);
	fputs("set border 1 linecolor rgb '#444444'\n", fp);
	fputs("set bmargin 7\nset rmargin 14\n", fp);
	plot_gp_key(fp, o);
	fprintf(fp, "set yrange [0.4:%zu.6]\n", ny);
	fputs("set xrange [-100:100]\n", fp);
	fputs("set xtics ('100%%' -100, '75%%' -75, '50%%' -50, '25%%' -25, "
	    "'0' 0, '25%%' 25, '50%%' 50, '75%%' 75, '100%%' 100) nomirror "
	    "font ',10'\n", fp);
	fputs("set xlabel '◀ unfavourable     share of answers, neutral "
	    "centred on 0     favourable ▶'\n", fp);
	fputs("set grid xtics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	fputs("set arrow 1 from 0, graph 0 to 0, graph 1 nohead linecolor "
	    "rgb '#333333' linewidth 1.5 front\n", fp);
	fputs("set style fill solid 1.0 border rgb '#ffffff'\n", fp);
	fputs("set ytics nomirror scale 0 font ',10' (", fp);
	st = NULL;
	ny++;
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		if (*k->stage != '\0' && (st == NULL || !plot_gp_streq(st,
		    k->stage))) {
			st = k->stage;
			ny--;
		}
		y[i] = (double)--ny;
		if (i > 0)
			fputs(", ", fp);
		plot_gp_wrapped(fp, plot_sel_slot_name(k), 26, 1, 1);
		fprintf(fp, ".' (%s)' %g", plot_gp_metric_label(k->metric),
		    y[i]);
	}
	fputs(")\n", fp);
	/* stage headers: bold-ish labels on their own rows */
	st = NULL;
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		if (*k->stage == '\0' || (st != NULL && plot_gp_streq(st,
		    k->stage)))
			continue;
		st = k->stage;
		fprintf(fp, "set label %d ", lab++);
		plot_gp_wrapped(fp, st, 60, 1, 0);
		fprintf(fp, " at -100, first %g left offset 0.5,0 font "
		    "'DejaVu Sans Bold,11' textcolor rgb '#333333'\n",
		    y[i] + 1);
	}
	/* n on the right */
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		fprintf(fp, "set label %d 'n = %.0f%s' at graph 1, first %g "
		    "left offset 1,0 font ',10' textcolor rgb '%s'\n", lab++,
		    k->n, k->low_base ? " (low)" : "", y[i],
		    k->low_base ? C_LOW : "#333333");
	}
	fputs("$dist << EOD\n# y bottom mid top n low_base\n", fp);
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		plot_gp_nums(fp, 5, (const double[]){ y[i], k->pct_bottom,
		    k->pct_mid, k->pct_top, k->n });
		fprintf(fp, " %d\n", k->low_base);
	}
	fputs("EOD\n", fp);
	fprintf(fp, "plot \\\n  $dist using (-$3/2 - $2/2):1:($2/2):(0.36) "
	    "with boxxyerror fillcolor rgb '%s' title '%s', \\\n", C_BAD, lb);
	fprintf(fp, "  $dist using (0):1:($3/2):(0.36) with boxxyerror "
	    "fillcolor rgb '%s' title '%s', \\\n", C_MID, lm);
	fprintf(fp, "  $dist using ($3/2 + $4/2):1:($4/2):(0.36) with "
	    "boxxyerror fillcolor rgb '%s' title '%s', \\\n", C_GOOD, lt);
	fputs("  $dist using (-$3/2 - $2/2):1:($2 >= 7 ? sprintf('%.0f%%', $2) "
	    ": '') with labels font ',9' textcolor rgb '#ffffff' notitle, \\\n"
	    "  $dist using (0):1:($3 >= 7 ? sprintf('%.0f%%', $3) : '') with "
	    "labels font ',9' textcolor rgb '#222222' notitle, \\\n"
	    "  $dist using ($3/2 + $4/2):1:($4 >= 7 ? sprintf('%.0f%%', $4) : "
	    "'') with labels font ',9' textcolor rgb '#ffffff' notitle\n", fp);
	free(y);
	return 0;
}
