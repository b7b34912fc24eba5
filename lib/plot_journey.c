/*
 * plot_journey.c -- the journey chart: the headline KPIs by touchpoint
 * (plot_journey_headline()), or the experience curve of net scores
 * (plot_journey_net()).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "plot_sel.h"

/* The CES axis: the range covering every CES row's scale; reversed when
 * all are worst-best descending (5-1: less effort is better, on top). */
static void
ces_axis(const struct plot_sel *s, double *lo, double *hi, int *reversed)
{
	size_t i;
	int a, b, any = 0, rev = 1;

	*lo = 1;
	*hi = 7;
	for (i = 0; i < s->n; i++) {
		if (!plot_gp_streq(s->row[i]->metric, "ces") ||
		    sscanf(s->row[i]->scale, "%d-%d", &a, &b) != 2)
			continue;
		if (!any) {
			*lo = a < b ? a : b;
			*hi = a < b ? b : a;
		}
		if (a < *lo || b < *lo)
			*lo = a < b ? a : b;
		if (a > *hi || b > *hi)
			*hi = a < b ? b : a;
		if (a < b)
			rev = 0;
		any = 1;
	}
	*reversed = any && rev;
}

void
plot_journey_headline(FILE *fp, const struct plot_opts *o,
    const struct plot_sel *s)
{
	static const char *const block[] = { "$ces", "$nps", "$csat" };
	static const char *const colour[] = { C_CES, C_NPS, C_CSAT };
	static const int pt[] = { 7, 5, 9 }, hollow[] = { 6, 4, 8 };
	static const double shift[] = { -0.14, 0, 0.14 };
	struct plot_sel_slots sl;
	const struct plot_kpi *k;
	double lo, hi, x;
	size_t i;
	int m, has[3] = { 0, 0, 0 }, nhas = 0, rev, any_low = 0,
	    any_target = 0, first = 1;
	char conf[16], title[64];
	const char *ax;

	plot_sel_slots(s, 0, &sl);
	for (i = 0; i < s->n; i++) {
		m = plot_gp_metric_index(s->row[i]->metric);
		if (!has[m])
			nhas++;
		has[m] = 1;
		any_low |= s->row[i]->low_base;
		any_target |= !isnan(s->row[i]->target);
	}
	plot_gp_conf_text(s->row, s->n, conf, sizeof(conf));
	ces_axis(s, &lo, &hi, &rev);

	fputs("# cjm-plot: journey chart, headline KPIs by touchpoint\n", fp);
	plot_gp_terminal(fp, o);
	{
		static const char *const what[] = { "effort (CES)", "NPS",
		    "CSAT" };
		char t[128];
		int nput = 0;

		snprintf(t, sizeof(t), "Customer journey: ");
		for (m = 0; m < 3; m++) {
			if (!has[m])
				continue;
			snprintf(t + strlen(t), sizeof(t) - strlen(t), "%s%s",
			    nput == 0 ? "" : nput + 1 == nhas ? " and " : ", ",
			    what[m]);
			nput++;
		}
		snprintf(t + strlen(t), sizeof(t) - strlen(t),
		    " by touchpoint");
		plot_gp_title(fp, o, t, s->segment, s->period);
	}
	fputs("set border 11 linecolor rgb '#444444'\n", fp);
	plot_gp_key(fp, o);
	fprintf(fp, "set xrange [0.5:%zu.5]\n", sl.n);
	plot_sel_margins(fp, o, s, plot_sel_xtics(fp, o, s, &sl, 0));
	plot_sel_stage_bands(fp, o, s, &sl);
	if (has[0]) {
		fprintf(fp, "set yrange [%g:%g]%s\n", rev ? hi : lo,
		    rev ? lo : hi, "");
		fprintf(fp, "set ytics nomirror 1 textcolor rgb '%s'\n", C_CES);
		if (o->term != PLOT_DUMB)	/* no room for a flat label */
			fprintf(fp, "set ylabel 'CES mean (scale %g–%g, %s)' "
			    "textcolor rgb '%s'\n", rev ? hi : lo, rev ? lo :
			    hi, rev ? "top = least effort" : "higher = easier",
			    C_CES);
		fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype 3\n",
		    fp);
	}
	if (has[1] || has[2]) {
		ax = has[0] ? "second" : "first";
		snprintf(title, sizeof(title), "%s%s%s", has[1] ? "NPS (points)"
		    : "", has[1] && has[2] ? " · " : "", has[2] ?
		    "CSAT top-2-box (%)" : "");
		if (has[0]) {
			fputs("set y2range [-100:100]\n", fp);
			fputs("set y2tics -100,25,100 nomirror\n", fp);
			if (o->term != PLOT_DUMB)
				fprintf(fp, "set y2label '%s'\n", title);
		} else {
			fputs("set yrange [-100:100]\n", fp);
			fputs("set ytics -100,25,100 nomirror\n", fp);
			if (o->term != PLOT_DUMB)
				fprintf(fp, "set ylabel '%s'\n", title);
			fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype "
			    "3\n", fp);
			fputs("set border 3 linecolor rgb '#444444'\n", fp);
			fputs("set rmargin 3\n", fp);
		}
		fprintf(fp, "set arrow 1 from graph 0, %s 0 to graph 1, %s 0 "
		    "nohead linecolor rgb '#777777' dashtype 2 back\n", ax, ax);
	} else
		fputs("set border 3 linecolor rgb '#444444'\nset rmargin 3\n",
		    fp);
	if (o->term != PLOT_DUMB)
		fprintf(fp, "set label 1000 'Whiskers: %sconfidence "
		    "intervals.%s%s' "
	    "at screen 0.01, character 0.8 left font ',9' textcolor rgb "
	    "'#555555'\n", conf, any_low ? "  Hollow grey points: low base "
	    "(too few answers to be reliable)." : "", any_target ?
	    "  Dashes: targets." : "");

	for (m = 0; m < 3; m++) {
		if (!has[m])
			continue;
		fprintf(fp, "%s << EOD\n# x value ci_low ci_high target "
		    "low_base\n", block[m]);
		for (i = 0; i < s->n; i++) {
			k = s->row[i];
			if (plot_gp_metric_index(k->metric) != m)
				continue;
			x = (double)sl.of[i] + 1 + (sl.multi[sl.of[i]] ?
			    shift[m] : 0);
			plot_gp_nums(fp, 5, (const double[]){ x, k->value,
			    k->ci_low, k->ci_high, k->target });
			fprintf(fp, " %d\n", k->low_base);
		}
		fputs("EOD\n", fp);
	}
	fputs("plot \\\n", fp);
	for (m = 0; m < 3; m++) {
		if (!has[m])
			continue;
		ax = m == 0 || !has[0] ? "x1y1" : "x1y2";
		fprintf(fp, "%s  %s using 1:2 axes %s with lines linewidth 2 "
		    "linecolor rgb '%s' notitle, \\\n", first ? "" : ", \\\n",
		    block[m], ax, colour[m]);
		first = 0;
		fprintf(fp, "  %s using 1:($6 == 0 ? $2 : NaN):"
		    "($3 == $3 ? $3 : $2):($4 == $4 ? $4 : $2) axes %s "
		    "with yerrorbars pointtype %d pointsize 1.5 linewidth 1.5 "
		    "linecolor rgb '%s' title '%s', \\\n", block[m], ax, pt[m],
		    colour[m], m == 0 ? (has[1] || has[2] ?
		    "CES mean (left axis)" : "CES mean") : m == 1 ?
		    (has[0] ? "NPS (right axis)" : "NPS") :
		    (has[0] ? "CSAT top-2-box % (right axis)" :
		    "CSAT top-2-box %"));
		fprintf(fp, "  %s using 1:($6 == 1 ? $2 : NaN):"
		    "($3 == $3 ? $3 : $2):($4 == $4 ? $4 : $2) axes %s "
		    "with yerrorbars pointtype %d pointsize 1.5 linewidth 1.5 "
		    "linecolor rgb '%s' notitle, \\\n", block[m], ax, hollow[m],
		    C_LOW);
		fprintf(fp, "  %s using ($1 - 0.15):5:(0.3):(0) "
		    "axes %s with vectors nohead linewidth 3 dashtype 1 "
		    "linecolor rgb '%s' notitle", block[m], ax, colour[m]);
		if (o->term != PLOT_DUMB)
			fprintf(fp, ", \\\n  %s using ($1 + 0.06):2:"
			    "(sprintf('%s', $2)) axes %s with labels left "
			    "offset 0.6,0.55 font ',9' textcolor rgb '%s' "
			    "notitle", block[m], m == 0 ? "%.1f" : "%.0f", ax,
			    colour[m]);
	}
	if (any_low)
		fprintf(fp, ", \\\n  keyentry with points pointtype 6 "
		    "pointsize 1.5 linecolor rgb '%s' title 'low base'", C_LOW);
	if (any_target)
		fputs(", \\\n  keyentry with vectors nohead linewidth 3 "
		    "linecolor rgb '#444444' title 'target (dash in the series "
		    "colour)'", fp);
	fputc('\n', fp);
	plot_sel_slots_free(&sl);
}

/* The experience curve: every row's net score on -100..100. */
void
plot_journey_net(FILE *fp, const struct plot_opts *o, const struct plot_sel *s)
{
	static const int pt[] = { 7, 5, 9 };
	static const char *const name[] = { "CES", "NPS", "CSAT" };
	struct plot_sel_slots sl;
	const struct plot_kpi *k;
	size_t i;
	int m, has[3] = { 0, 0, 0 }, nhas = 0, any_low = 0, any_target = 0;
	char conf[16];

	plot_sel_slots(s, 1, &sl);
	for (i = 0; i < s->n; i++) {
		m = plot_gp_metric_index(s->row[i]->metric);
		if (!has[m])
			nhas++;
		has[m] = 1;
		any_low |= s->row[i]->low_base;
		any_target |= m == 1 && !isnan(s->row[i]->target);
	}
	plot_gp_conf_text(s->row, s->n, conf, sizeof(conf));

	fputs("# cjm-plot: journey chart, the experience curve (net scores)\n",
	    fp);
	plot_gp_terminal(fp, o);
	plot_gp_title(fp, o, "Experience curve: net score by touchpoint",
	    s->segment, s->period);
	fputs("set border 3 linecolor rgb '#444444'\n", fp);
	plot_gp_key(fp, o);
	fprintf(fp, "set xrange [0.5:%zu.5]\n", sl.n);
	plot_sel_margins(fp, o, s, plot_sel_xtics(fp, o, s, &sl, 1));
	plot_sel_stage_bands(fp, o, s, &sl);
	fputs("set yrange [-100:100]\nset ytics -100,25,100 nomirror\n", fp);
	fputs("set rmargin 3\n", fp);
	fputs("set ylabel 'Net score (points) = % favourable − % "
	    "unfavourable'\n", fp);
	fputs("set grid ytics linecolor rgb '#D9D9D9' dashtype 3\n", fp);
	fputs("set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead "
	    "linecolor rgb '#777777' dashtype 2 back\n", fp);
	if (o->term != PLOT_DUMB)
		fprintf(fp, "set label 1000 'Net score: the NPS for NPS "
		    "questions; "
	    "%% top-2 box minus %% bottom-2 box for CSAT and CES.%s' at "
	    "screen 0.01, character 0.8 left font ',9' textcolor rgb "
	    "'#555555'\n", any_low ? "  Hollow grey: low base (too few "
	    "answers to be reliable)." : "");
	fputs("$net << EOD\n# x net net_low net_high low_base metric "
	    "target\n", fp);
	for (i = 0; i < s->n; i++) {
		k = s->row[i];
		fprintf(fp, "%zu ", sl.of[i] + 1);
		plot_gp_nums(fp, 3, (const double[]){ k->net, k->net_low,
		    k->net_high });
		fprintf(fp, " %d %d ", k->low_base,
		    plot_gp_metric_index(k->metric));
		plot_gp_num(fp, plot_gp_streq(k->metric, "nps") ? k->target :
		    NAN);
		fputc('\n', fp);
	}
	fputs("EOD\n", fp);
	fprintf(fp, "plot \\\n  $net using 1:3:4 with filledcurves "
	    "fillcolor rgb '%s' fillstyle transparent solid 0.18 noborder "
	    "title '%sconfidence band', \\\n", C_NET, conf);
	fprintf(fp, "  $net using 1:2 with lines linewidth 2.5 linecolor rgb "
	    "'%s' notitle", C_NET);
	for (m = 0; m < 3; m++) {
		if (!has[m])
			continue;
		fprintf(fp, ", \\\n  $net using 1:($5 == 0 && $6 == %d ? $2 : "
		    "NaN) with points pointtype %d pointsize 1.6 linecolor rgb "
		    "'%s' title '%s'", m, pt[m], C_NET, nhas > 1 ? name[m] :
		    m == 1 ? "NPS" : m == 0 ? "CES net score" :
		    "CSAT net score");
	}
	fprintf(fp, ", \\\n  $net using 1:($5 == 1 ? $2 : NaN) with points "
	    "pointtype 6 pointsize 1.6 linecolor rgb '%s' %s", C_LOW,
	    any_low ? "title 'low base'" : "notitle");
	fprintf(fp, ", \\\n  $net using ($1 - 0.2):7:(0.4):(0) with vectors "
	    "nohead linewidth 3 linecolor rgb '#444444' %s",
	    any_target ? "title 'NPS target'" : "notitle");
	if (o->term != PLOT_DUMB)
		fprintf(fp, ", \\\n  $net using 1:2:(sprintf('%%+.0f', $2)) "
		    "with labels offset 0,1.1 font ',9' textcolor rgb '%s' "
		    "notitle", C_NET);
	fputc('\n', fp);
	plot_sel_slots_free(&sl);
}
