/*
 * plot_gp.h -- what the files of the plot module share (internal: only
 * lib/plot*.c include it; tools use plot.h).
 *
 * The plot module is one public header, plot.h, and these files:
 *
 *	plot.c		plot_script() (selects the rows, picks the chart), the
 *			option parsers
 *	plot_data.c	reading KPI and compare tables (plot_data_*)
 *	plot_exec.c	running gnuplot (plot_exec(), plot_run(), plot_render())
 *	plot_gp.c	script text: quoting, numbers, terminal, title, key,
 *			colours (plot_gp_*; plot_quote())
 *	plot_sel.c	the rows to draw and the journey-order x axis
 *			(plot_sel_*, plot_sel.h)
 *	plot_<chart>.c	one chart each (plot_funnel.c draws a funnel table) (plot_<chart>*), declared below
 *
 * Adding a chart: a file plot_<chart>.c writing the whole script with
 * the helpers here (plot_sel.h for charts in journey order), its entry
 * point declared below, a value in enum plot_chart and its name in
 * plot_chart_parse() (plot.h, plot.c), and a case in plot_script().
 *
 * The rules that keep the data inert hold in every chart file: strings
 * only through plot_quote() or plot_gp_wrapped() (single-quoted, control
 * characters blanked), datablocks only through plot_gp_num() (numbers
 * and NaN), the terminal from plot_gp_terminal() ("noenhanced").
 */
#ifndef PLOT_GP_H
#define PLOT_GP_H

#include <stdio.h>
#include <string.h>

#include "plot.h"

/* Okabe-Ito: blue, vermillion, bluish green, reddish purple, orange, sky
 * blue, black, yellow. */
extern const char *const plot_gp_palette[];
#define PLOT_GP_NCOLOURS	8
#define C_CES		"#0072B2"
#define C_NPS		"#D55E00"
#define C_CSAT		"#009E73"
#define C_NET		"#0072B2"
#define C_LOW		"#999999"
#define C_BAD		"#D55E00"
#define C_MID		"#BBBBBB"
#define C_GOOD		"#0072B2"
#define C_RISE		"#009E73"

static inline int
plot_gp_streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* snprintf into (err, errsz); nothing when err is NULL or errsz 0. */
void		 plot_gp_err(char *err, size_t errsz, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* UTF-8 characters in s. */
size_t		 plot_gp_u8count(const char *s);

/*
 * Writes s as a label wrapped at blanks into lines of at most `width`
 * characters (longer words are cut), at most maxlines lines, the last
 * one ending in an ellipsis when text is left over: single-quoted pieces
 * joined by ."\n". (a constant of ours, never data).  tic: the label is
 * a tic label, which gnuplot uses as a format ('%' doubled).  Returns
 * the number of lines.
 */
int		 plot_gp_wrapped(FILE *fp, const char *s, size_t width,
		    int maxlines, int tic);

/* A number for a datablock or a command: plain decimal (6 significant
 * digits), NaN when missing; plot_gp_nums(): n of them, space separated. */
void		 plot_gp_num(FILE *fp, double v);
void		 plot_gp_nums(FILE *fp, size_t n, const double *v);

/* c in an SVG id (the svg terminal's name, plot_render()'s prefix):
 * letters and digits kept, anything else '_'. */
char		 plot_gp_idchar(char c);

/* "set encoding" and "set terminal" for the options (the svg name: at
 * most 40 characters through plot_gp_idchar()). */
void		 plot_gp_terminal(FILE *fp, const struct plot_opts *o);
/* The key, below the plot, above the footnote. */
void		 plot_gp_key(FILE *fp, const struct plot_opts *o);
/* The automatic title (a constant of ours) or the given one, with a
 * second line naming the segment and period when not empty. */
void		 plot_gp_title(FILE *fp, const struct plot_opts *o,
		    const char *auto_title, const char *segment,
		    const char *period);

/* Characters per x slot for wrapped names: graphic terminals, dumb. */
size_t		 plot_gp_wrap_cols(const struct plot_opts *o, size_t nslots);
size_t		 plot_gp_dumb_cols(const struct plot_opts *o, size_t nslots);

/* "NPS", "CSAT", "CES" for a metric; 0 ces, 1 nps, 2 csat. */
const char	*plot_gp_metric_label(const char *m);
int		 plot_gp_metric_index(const char *m);

/* The confidence level of the rows as a percentage ("95% "), or "". */
void		 plot_gp_conf_text(const struct plot_kpi *const *rows,
		    size_t n, char *buf, size_t bufsz);

/* Appends a distinct value to a list for messages: "'a', 'b', ...". */
void		 plot_gp_list_add(char *buf, size_t bufsz, const char *v);

/*
 * The charts, one file each, called by plot_script().  A chart writes
 * its whole script to fp; one that can fail returns 0, or -1 with a
 * message in err.
 */
struct plot_sel;
void		 plot_journey_headline(FILE *fp, const struct plot_opts *o,
		    const struct plot_sel *s);
void		 plot_journey_net(FILE *fp, const struct plot_opts *o,
		    const struct plot_sel *s);
int		 plot_trend(FILE *fp, const struct plot_data *d,
		    const struct plot_opts *o, char *err, size_t errsz);
int		 plot_dist(FILE *fp, const struct plot_opts *o,
		    const struct plot_sel *s);
int		 plot_funnel(FILE *fp, const struct plot_data *d,
		    const struct plot_opts *o, char *err, size_t errsz);
int		 plot_drivers(FILE *fp, const struct plot_data *d,
		    const struct plot_opts *o, char *err, size_t errsz);

#endif
