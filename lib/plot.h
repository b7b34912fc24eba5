/*
 * plot.h -- charts of KPI tables through gnuplot.
 *
 * Three steps, each usable alone:
 *
 *	struct plot_data *d = plot_data_load("kpi.csv", NULL, err, sizeof(err));
 *	char *script = plot_script(d, &opts, err, sizeof(err));
 *	plot_run(script, "journey.png", err, sizeof(err));
 *
 * or, to embed a chart (cjm-map):
 *
 *	char *svg = plot_render(d, &opts, &len, err, sizeof(err));
 *
 * Safety: nothing read from the data is ever executed or interpreted by
 * gnuplot.  Every string from the data or from the user (touchpoint,
 * stage, segment, period, title) goes into the script only as a
 * single-quoted gnuplot string (in which nothing is special; '' is a
 * quote; '%' doubled in tic labels, which gnuplot uses as formats), with
 * control characters (newlines, CR, tabs, ...) replaced by spaces;
 * datablocks hold numbers only; every terminal is "noenhanced", so '_',
 * '^', '@', '{' in names print as themselves.
 *
 * Determinism: the script depends only on the data and the options, never
 * on time, locale or environment; gnuplot's svg output is then the same
 * bytes for the same script, and so is pngcairo's.  (pdfcairo embeds a
 * creation date, so PDFs differ between runs.)
 *
 * Errors: functions that can fail take (char *err, size_t errsz) and
 * write there a message without the program name, "file:line: ..." when
 * it is about a line of input, ready for die("%s", err).  Library code
 * never prints and never exits (except xmalloc on out-of-memory).
 */
#ifndef PLOT_H
#define PLOT_H

#include <stddef.h>
#include <stdio.h>

/*
 * One KPI table row (docs/formats.md section 3), the columns charts use.
 * Strings are never NULL ("" when empty); a missing number is NAN.
 */
struct plot_kpi {
	int		 journey;	/* level: 1 "journey", 0 "group" */
	long		 step;		/* 0 when empty */
	char		*stage, *touchpoint, *channel, *segment, *period;
	char		*metric;	/* "nps", "csat", "ces" */
	char		*scale;		/* "0-10", "1-5", "1-7", "5-1" */
	char		*kpi;		/* "nps", "top2", "mean" */
	double		 target;
	double		 n;
	int		 low_base;	/* 0/1 */
	double		 value, ci_low, ci_high;	/* headline */
	double		 pct_top, pct_mid, pct_bottom;
	double		 net, net_low, net_high;
	double		 mean, mean_low, mean_high;
	double		 conf;		/* e.g. 0.95; NAN when absent */
	unsigned long	 line;		/* line of the record in its file */
};

/* One compare table row (docs/formats.md section 4), the columns used. */
struct plot_cmp {
	int		 journey;	/* level: 1 "journey", 0 "group", -1
					 * no level column (matches both) */
	char		*stage, *touchpoint, *channel, *segment;
	char		*metric, *kpi;
	char		*period_prev, *period_cur;
	double		 diff, diff_low, diff_high, p_adj;
	int		 flag;		/* -1 "drop", +1 "rise", 0 none */
	unsigned long	 line;
};

/*
 * One funnel table row (docs/formats.md section 5).  Strings are never
 * NULL; conversion and overall, with their intervals, are recomputed
 * from the counts (Wilson at 95%) when the table does not have them.
 */
struct plot_funnel {
	long		 step;
	char		*stage, *touchpoint, *channel, *event, *segment, *period;
	double		 reached, dropped;	/* dropped: NAN on step 1 */
	double		 conv, conv_low, conv_high;	/* NAN on step 1 */
	double		 overall, overall_low, overall_high;
	double		 median_time;	/* seconds, NAN when empty */
	double		 conf;		/* NAN when absent */
	unsigned long	 line;
};

/*
 * One drivers table row (docs/formats.md section 6), the columns charts
 * use: a predictor of the outcome in one cell (segment, period).
 */
struct plot_drv {
	char		*outcome, *outcome_metric;
	char		*segment, *period;
	long		 step;		/* 0 when empty */
	char		*stage, *touchpoint, *channel, *metric;
	double		 n, r, r_low, r_high;
	double		 importance, imp_low, imp_high;	/* %; NAN: none */
	double		 performance;	/* 0-100 */
	char		*quadrant;	/* "fix", "keep", "watch", "ok", "" */
	int		 low_base;
	char		*note;
	double		 n_outcome;	/* respondents with the outcome */
	char		*time_first, *time_last;	/* "" when unknown */
	double		 k, r2, r2_low, r2_high, conf;
	char		*method;	/* "lmg", "relweights", "" */
	double		 boot;
	unsigned long	 line;
};

/* The rows of one KPI (or funnel) table and, optionally, one compare
 * table; or of a drivers table. */
struct plot_data;

/*
 * Reads a KPI table (required) and a compare table (NULL: none); "-" is
 * standard input.  Columns are found by name, unknown columns are
 * ignored.  Required KPI columns: level, step, stage, touchpoint,
 * segment, period, metric, scale, kpi, n, low_base, value, ci_low,
 * ci_high, pct_top, pct_mid, pct_bottom, net, net_low, net_high; optional:
 * channel, target, mean, mean_low, mean_high, conf.  Required compare columns:
 * stage, touchpoint, segment, metric, period_cur, flag; optional: the
 * others of struct plot_cmp.  A compare row marks the KPI row of the same
 * level, stage, touchpoint, channel (when not empty), segment and metric
 * whose period is period_cur (the latest period when period_cur is empty).  Returns NULL and a message on error
 * ("kpi.csv: missing column 'net'", "kpi.csv:7: column 'n': not a
 * number: 'x'", "kpi.csv: no rows").
 */
struct plot_data *plot_data_load(const char *kpi_path,
		    const char *compare_path, char *err, size_t errsz);

/* The same from open streams (borrowed, not closed); name is for
 * messages ("-" = "<stdin>").  plot_data_read_compare() adds a compare
 * table to data read before.  0 ok, -1 error. */
struct plot_data *plot_data_new(void);
int		 plot_data_read_kpi(struct plot_data *, FILE *,
		    const char *name, char *err, size_t errsz);
int		 plot_data_read_compare(struct plot_data *, FILE *,
		    const char *name, char *err, size_t errsz);

/*
 * A drivers table (cjm-drivers output), from a path or an open stream.
 * Required columns: outcome, segment, period, stage, touchpoint, metric,
 * n, importance, imp_low, imp_high, performance, quadrant, k, r2;
 * optional: the others of struct plot_drv.  A table with a header and no
 * rows is read (it has no predictors).
 */
struct plot_data *plot_data_load_drivers(const char *path, char *err,
		    size_t errsz);
int		 plot_data_read_drivers(struct plot_data *, FILE *,
		    const char *name, char *err, size_t errsz);

/* For a caller that has rows already: copies the row and its strings
 * (NULL strings are taken as ""). */
void		 plot_data_add_kpi(struct plot_data *, const struct plot_kpi *);
void		 plot_data_add_cmp(struct plot_data *, const struct plot_cmp *);
void		 plot_data_add_drv(struct plot_data *, const struct plot_drv *);

void		 plot_data_free(struct plot_data *);	/* NULL: no-op */

/* Read-only access to the rows, in file order.  A funnel table read as
 * the KPI table gives funnel rows (and no KPI rows); a compare table's
 * funnel rows (level "funnel", cjm-compare -F) are kept apart, as fcmp
 * rows (their metric is "funnel"). */
size_t		 plot_data_nkpi(const struct plot_data *);
const struct plot_kpi *plot_data_kpi(const struct plot_data *, size_t i);
size_t		 plot_data_ncmp(const struct plot_data *);
const struct plot_cmp *plot_data_cmp(const struct plot_data *, size_t i);
size_t		 plot_data_nfunnel(const struct plot_data *);
const struct plot_funnel *plot_data_funnel(const struct plot_data *,
		    size_t i);
size_t		 plot_data_nfcmp(const struct plot_data *);
const struct plot_cmp *plot_data_fcmp(const struct plot_data *, size_t i);
size_t		 plot_data_ndrv(const struct plot_data *);
const struct plot_drv *plot_data_drv(const struct plot_data *, size_t i);

enum plot_chart {
	PLOT_JOURNEY,	/* touchpoints in journey order, stage bands */
	PLOT_TREND,	/* a KPI by period, CI band, drops/rises */
	PLOT_DIST,	/* diverging stacked bars per touchpoint */
	PLOT_FUNNEL,	/* a funnel table: bars per step, conversion */
	PLOT_DRIVERS	/* importance against performance (drivers table) */
};

enum plot_curve {
	PLOT_HEADLINE,	/* journey: CES mean (left), NPS and CSAT % (right) */
	PLOT_NET	/* the net score of every row on -100..100 */
};

enum plot_term {
	PLOT_PNG,	/* pngcairo */
	PLOT_SVG,	/* svg */
	PLOT_PDF,	/* pdfcairo */
	PLOT_DUMB	/* dumb: text */
};

/*
 * What to draw.  Zero-initialise, then set what you need: the zero value
 * is a journey chart of the headline KPIs as PNG at the default size,
 * with an automatic title.
 *
 * Row selection (NULL = no restriction):
 *	segment	journey/dist/trend/drivers: rows of this segment.  NULL:
 *		the rows with an empty segment when there are any; else the
 *		table must hold only one segment (an error names them
 *		otherwise).
 *	period	journey/dist/drivers: rows of this period.  NULL: the
 *		latest period in the table (periods sort as text: 2026-W45,
 *		2026-11, ...).
 *	metric	"nps", "csat" or "ces": journey/dist show only this metric;
 *		trend: required when the table holds several metrics.
 *	stage, touchpoint
 *		journey/dist: only these rows.  trend: one series per
 *		matching group; with neither, the journey rows (level
 *		"journey") of the metric.
 */
struct plot_opts {
	enum plot_chart	 chart;
	enum plot_curve	 curve;		/* journey and trend */
	enum plot_term	 term;
	int		 width, height;	/* 0: default (pixels; points for
					 * pdf; characters for dumb) */
	const char	*title;		/* NULL: automatic; "" none */
	const char	*segment, *period, *metric, *stage, *touchpoint;
	const char	*svg_name;	/* svg terminal "name" (ids), NULL:
					 * "cjm"; letters, digits, '_' only */
};

/* Parses "png", "svg", "pdf", "dumb" (also "pngcairo", "pdfcairo"):
 * 0 and *t, -1 unknown. */
int		 plot_term_parse(const char *, enum plot_term *);
/* The terminal for an output file name by its extension (.png .svg
 * .pdf .txt); -1 when the extension is none of these. */
int		 plot_term_for_path(const char *path, enum plot_term *);
/* "journey", "trend", "dist", "funnel", "drivers": 0 and *c, -1
 * unknown. */
int		 plot_chart_parse(const char *, enum plot_chart *);
/* "WxH" with 1 <= W, H <= 20000: 0 ok, -1 bad. */
int		 plot_size_parse(const char *, int *w, int *h);

/*
 * The gnuplot script for a chart: terminal, data as datablocks, plot
 * commands; no "set output", so gnuplot writes the chart to its standard
 * output.  Returns a malloc'd string, or NULL with a message when there
 * is nothing to draw ("no rows for segment 'x'", "several metrics (nps,
 * ces): choose one with --metric").
 */
char		*plot_script(const struct plot_data *, const struct plot_opts *,
		    char *err, size_t errsz);

/*
 * Runs gnuplot ($GNUPLOT, else "gnuplot" on PATH; the variable names one
 * program, it is not given to a shell) on a script, feeding it on
 * standard input with SIGPIPE ignored, and collects its standard output
 * and standard error.  Fails when gnuplot cannot be run, exits non-zero
 * or dies, or writes nothing: the message then includes gnuplot's own
 * error text.
 *
 * plot_exec(): returns the malloc'd output (NUL-terminated too, for SVG
 * and dumb text) and its length in *lenp, or NULL.
 * plot_run(): writes the output to outpath, or to stdout when outpath
 * is NULL or "-".  A file is written to a temporary name in the same
 * directory and renamed over outpath only when complete, so a failure
 * never leaves a partial or empty file (nor changes an existing one).
 * 0 ok, -1 error.
 */
char		*plot_exec(const char *script, size_t *lenp, char *err,
		    size_t errsz);
int		 plot_run(const char *script, const char *outpath, char *err,
		    size_t errsz);

/*
 * plot_script() + plot_exec() in one call: the chart's bytes in memory.
 * With opts->term PLOT_SVG, the SVG text to embed in HTML (it starts
 * with an XML declaration line and a DOCTYPE, which an HTML page must
 * skip: use plot_svg_body()).  With opts->svg_name set, every id in the
 * SVG starts with that name (gnuplot names its shared definitions
 * gnuplot_canvas, gpPt0, ... in every chart; these become NAME_gpPt0 ...),
 * so several charts can be inline in one HTML page: give each its own
 * name.  Returns NULL and a message on error.
 */
char		*plot_render(const struct plot_data *, const struct plot_opts *,
		    size_t *lenp, char *err, size_t errsz);

/* The "<svg" element inside an SVG document (a pointer into svg), or
 * NULL when there is none. */
const char	*plot_svg_body(const char *svg);

/*
 * Writes s to fp as a gnuplot single-quoted string literal: quotes
 * doubled, control characters (bytes < 0x20 and 0x7f) replaced by a
 * space, at most maxbytes bytes of s (0: no limit; cut on a UTF-8
 * character boundary, with "..." appended when cut).  Leading quotes
 * are written as "\047" joined to the rest with '.' (gnuplot takes two
 * quotes at the start of a single-quoted string for the empty string):
 * the result is a string expression, usable wherever a string is.
 */
void		 plot_quote(FILE *fp, const char *s, size_t maxbytes);

#endif
