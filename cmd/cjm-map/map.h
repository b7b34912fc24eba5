/*
 * map.h -- cjm-map's model of a journey map, shared by its private
 * sources: cjm-map.c (options, inputs, analysis), out_html.c, out_md.c
 * and out_text.c (the three renderers) and fmt.c (numbers and labels).
 *
 * Everything is read and decided in cjm-map.c; the renderers only lay
 * the model out, so the three formats always say the same thing.
 */
#ifndef MAP_H
#define MAP_H

#include <stddef.h>
#include <stdio.h>

struct plot_drv;
struct plot_data;

enum kpikind { KPI_NPS, KPI_TOP2, KPI_MEAN };
enum status { ST_NA, ST_OK, ST_WATCH, ST_ACT };	/* order = urgency */
enum refkind { REF_NONE, REF_TARGET, REF_JOURNEY, REF_MEDIAN };

/* One compare table row (docs/formats.md section 4). */
struct cmp {
	int		 journey;	/* level "journey" */
	char		*stage, *touchpoint, *segment, *metric, *scale, *kpi;
	char		*period_prev, *period_cur, *test, *adjust;
	double		 n_prev, value_prev, n_cur, value_cur;
	double		 diff, diff_low, diff_high, p, p_adj;
	int		 flag;		/* -1 drop, +1 rise, 0 none */
	unsigned long	 line;
};

/* One KPI table row (docs/formats.md section 3) and what we decided. */
struct meas {
	int		 journey;	/* level "journey" */
	long		 step;
	char		*stage, *touchpoint, *channel, *segment, *period;
	char		*metric, *scale, *kpiname, *method, *conf;
	enum kpikind	 kpi;
	int		 worst, best;	/* the scale, worst-best */
	double		 target, n, value, lo, hi;
	double		 pct_top, pct_bottom, net, net_lo, net_hi;
	int		 low_base;
	unsigned long	 line;
	/* decided */
	enum status	 st;
	enum refkind	 ref;
	double		 refv;		/* the reference value */
	int		 on_net;	/* status from the net interval */
	double		 shortfall;	/* bad-side gap, fraction of range */
	double		 impact;	/* 100 * shortfall * n / 100 */
	const struct cmp *cmp;		/* change, or NULL */
	/* its row of the drivers table (-d), or NULL */
	const struct plot_drv *drv;
	size_t		 tp;		/* index into map.tp (group rows) */
};

/* One funnel step (a funnel table row, docs/formats.md section 5) of
 * the funnel shown, with its touchpoint and the compare table's change
 * of its conversion. */
struct fstep {
	long		 step;
	char		*stage, *touchpoint, *channel, *event;
	double		 reached, dropped;	/* dropped: NAN on step 1 */
	double		 conv, conv_lo, conv_hi;	/* NAN on step 1 */
	double		 overall, overall_lo, overall_hi;
	double		 median;	/* seconds from the previous step */
	size_t		 tp;		/* index into map.tp, SIZE_MAX none */
	const struct cmp *cmp;		/* conversion change, or NULL */
	int		 meet;		/* low experience and large drop-off */
};

/* One comment shown as a verbatim. */
struct verb {
	char		*text, *segment, *time, *metric, *respondent;
	long		 score;
	int		 worst, best;
	double		 badness;	/* 1 = worst point, 0 = best */
	size_t		 same;		/* other comments with this text */
	unsigned long	 line;
};

/* A touchpoint: one or more measures (metrics) at one place in a stage. */
struct tp {
	char		*stage, *touchpoint, *channel;
	long		 step;
	size_t		*meas;		/* indexes into map.m */
	size_t		 nmeas;
	struct verb	*v;		/* sorted, worst first */
	size_t		 nv, nvall;	/* shown, with a comment */
	size_t		 stage_ix;
	size_t		 fs;		/* 1 + index into map.fs, 0 none */
};

struct stage {
	char		*name;
	size_t		 first, ntp;	/* touchpoints first .. first+ntp-1 */
};

/* One cell of the segment breakdown. */
struct segcell {
	const struct meas *m;		/* NULL: no row */
	int		 mark;		/* -1 below, +1 above the overall */
};

struct count {
	char		*name;
	size_t		 n;
};

struct map {
	const char	*title, *generated;
	int		 charts, nverb, chart_ok;
	/* the KPI table */
	const char	*kpi_path;
	char		*period;	/* the period shown, or NULL */
	size_t		 nperiods;	/* distinct periods in the table */
	struct meas	*m;
	size_t		 nm;
	struct tp	*tp;
	size_t		 ntp;
	struct stage	*st;
	size_t		 nst;
	size_t		*journey;	/* indexes of journey rows */
	size_t		 njourney;
	double		 median_net;	/* of the group rows, NAN if none */
	size_t		 nstatus[4];	/* by enum status (group rows) */
	size_t		 ndrop, nrise, nlow;
	/* where to act first: indexes into m, ranked */
	size_t		*rank;
	size_t		 nrank;
	/* compare */
	const char	*cmp_path;
	struct cmp	*c;
	size_t		 nc;
	char		*period_prev;
	/* responses */
	const char	*resp_path;
	size_t		 nresp_rows;	/* answers in the file */
	size_t		 nresp_all;	/* respondents in the file */
	size_t		 nanswers, nresp;	/* in the period shown */
	size_t		 ncomments;	/* answers with a comment, in it */
	char		*tmin, *tmax;	/* period covered, or NULL */
	size_t		 notime;
	size_t		 notime_all;	/* answers without a time, in the file */
	/* the funnel (-F): the steps of one funnel, in step order */
	const char	*fun_path;
	char		*fun_period;	/* its period ("" none) */
	char		*fun_note;	/* why that period, or NULL */
	struct fstep	*fs;
	size_t		 nfs;
	size_t		*meet;		/* indexes into fs, most lost first */
	size_t		 nmeet;
	struct cmp	*fc;		/* the compare table's funnel rows */
	size_t		 nfc;
	int		 counted;	/* the counts come from --respondents
					 * tables, -r gives the verbatims */
	/* segments */
	const char	*seg_path;
	char		**seg;		/* segment names, first appearance */
	size_t		 nseg;
	struct meas	*sm;		/* the segment table's rows */
	size_t		 nsm;
	struct segcell	*cell;		/* [group row index * nseg + seg] */
	size_t		 nseglow;
	/* drivers (-d): the rows of the cell shown, by importance */
	const char	*drv_path;
	struct plot_data *drvdata;
	const struct plot_drv **drv;
	size_t		 ndrv;
	const char	*drv_segment, *drv_period;	/* the cell */
	/* rejects */
	const char	*rej_path;
	struct count	*rej;
	size_t		 nrej, nrejtotal;
	/* notes */
	struct count	*methods;	/* "adjusted-wald" etc., with counts */
	size_t		 nmethods;
	char		*conf;		/* level, or "mixed" */
	/* charts (SVG bodies, or NULL), and why not */
	char		*svg_journey, *svg_curve, *svg_drivers;
	char		*chart_note;
};

/* fmt.c: numbers and labels, shared by the renderers. */
const char	*fmt_kpi_label(const struct meas *);	/* "NPS", "CSAT" */
/* The same, with the scale for a mean: "CES 5-1" (a static buffer). */
const char	*fmt_kpi_label_scale(const struct meas *);
const char	*fmt_unit(const struct meas *);	/* "%", "" */
/* The headline in its own unit: "-12", "78%", "5.42"; minus is '-'. */
char		*fmt_value(char *buf, size_t sz, const struct meas *, double v);
/* "-12 [-20, -4]" */
char		*fmt_interval(char *buf, size_t sz, const struct meas *);
/* A change: "+4", "-15" in points or scale units. */
char		*fmt_diff(char *buf, size_t sz, const struct meas *, double d);
char		*fmt_int(char *buf, size_t sz, double v);	/* "-12", "n/a" */
char		*fmt_p(char *buf, size_t sz, double p);	/* "0.003", "<0.001" */
char		*fmt_n(char *buf, size_t sz, double n);
const char	*fmt_status(enum status);		/* "act" ... */
const char	*fmt_status_symbol(enum status);	/* text glyph */
/* The reason a measure is on the act-first list (malloc'd). */
char		*fmt_reason(const struct meas *);
/* A drivers row's importance with its interval, "23% [15, 31]", and r,
 * "0.41 [0.35, 0.47]"; "n/a" when there is none. */
char		*fmt_importance(char *buf, size_t sz, const struct plot_drv *);
char		*fmt_r(char *buf, size_t sz, const struct plot_drv *);
/* The quadrant in words ("fix first", ...), or why there is none. */
const char	*fmt_quadrant(const struct plot_drv *);
/* "NPS" for the drivers' outcome metric. */
const char	*fmt_outcome_label(const struct map *);
/* The drivers method note. */
extern const char *const fmt_note_drivers;
/* The status sentence: "below target 10" (malloc'd). */
char		*fmt_standing(const struct meas *);
/* The change cell: "-15 (p_adj 0.003) drop" or "" (malloc'd). */
char		*fmt_change(const struct meas *);
/* The class of a verbatim's score: "detractor", "low", ... */
const char	*fmt_verb_class(const struct verb *);
/* Replaces every '-' that is a minus sign in s by U+2212 (malloc'd). */
char		*fmt_minus(const char *s);

/*
 * What the formats say alike, with the data written through esc (each
 * format's escaping); the markup around it is the caller's.
 */
typedef void	(*fmt_esc)(FILE *, const char *);
/* "Period P, compared with Q; generated G" (the parts there are), P
 * between b0 and b1, sep before "generated" after a period. */
void		 fmt_lead(FILE *, const struct map *, fmt_esc, const char *b0,
		    const char *b1, const char *sep);
/* 1 when group row i has a cell in the segment breakdown. */
int		 fmt_has_cells(const struct map *, size_t i);
/* "; answered 2026-11-01 to 2026-11-30 (3 without a time)", or less. */
void		 fmt_answered(FILE *, const struct map *, fmt_esc);
/* " (12 out of range, 3 unknown label)" or "": the reject reasons. */
void		 fmt_rejects(FILE *, const struct map *, fmt_esc);
/* "Low base: 2 of 9 touchpoint rows ... but read with care". */
void		 fmt_low_base(FILE *, const struct map *);
/* "95% confidence", "mixed confidence levels", "level not given". */
void		 fmt_conf_words(FILE *, const struct map *, fmt_esc);
/* The drivers section's opening sentences (R^2, n, window, rule). */
void		 fmt_drivers_lead(FILE *, const struct map *, fmt_esc);

/* The sections of a report, as one format writes them (summary may be
 * NULL); fmt_report() chooses which to write, in report order. */
struct fmt_sections {
	void	(*empty)(FILE *, const struct map *);	/* no touchpoints */
	void	(*summary)(FILE *, const struct map *);
	void	(*act_first)(FILE *, const struct map *);
	void	(*journey)(FILE *, const struct map *);
	void	(*curve)(FILE *, const struct map *);
	void	(*funnel)(FILE *, const struct map *);	/* with -F */
	void	(*drivers)(FILE *, const struct map *);	/* with -d */
	void	(*verbatims)(FILE *, const struct map *);
	void	(*segments)(FILE *, const struct map *);
	void	(*quality)(FILE *, const struct map *);
	void	(*method)(FILE *, const struct map *);
};
void		 fmt_report(FILE *, const struct map *,
		    const struct fmt_sections *);

/* The funnel (funnel.c): reads -F into mp->fs after the KPI and compare
 * tables, matches steps to touchpoints, decides where low experience
 * and a large drop-off meet; frees it. */
void		 funnel_read(struct map *mp, const char *path);
void		 funnel_free(struct map *mp);
/* A step's funnel figures in words: "150 (39.5% of step 1)"; "39.5%
 * [34.7%, 44.5%] went on from Product page, 230 lost";
 * "median 10 min"; the conversion change: "-20.5 points (p_adj <0.001)
 * drop" or "" (each malloc'd). */
char		*fmt_fun_reached(const struct map *, const struct fstep *);
char		*fmt_fun_conv(const struct map *, const struct fstep *);
char		*fmt_fun_median(const struct fstep *);
char		*fmt_fun_change(const struct fstep *);
/* The experience at a step's touchpoint: "CES 4.1 (act)", several
 * joined with ", "; "" when the step is no touchpoint of the map. */
char		*fmt_fun_experience(const struct map *, const struct fstep *);
/* Why a step is where experience and drop-off meet (malloc'd). */
char		*fmt_fun_meet(const struct map *, const struct fstep *);
/* The funnel section's lead: which funnel, period, rule (malloc'd). */
char		*fmt_fun_lead(const struct map *);

/* Plain words for a CI method name of the KPI table. */
const char	*fmt_method_desc(const char *);
/* "0.95" -> "95" (a static buffer). */
const char	*fmt_conf_pct(const char *);
/* The rules in words: status, ranking, change. */
extern const char *const fmt_notes[];
extern const size_t fmt_nnotes;

/* out_text.c: terminal text helpers, also used by out_md.c. */
size_t		 txt_width(const char *);	/* display columns */
/* A malloc'd copy without control characters (LF kept if keep_nl). */
char		*txt_clean(const char *, int keep_nl);
/* The experience curve as text bars; inert: no ` < > ~ from the data
 * (for a Markdown code block). */
void		 txt_curve(FILE *fp, const struct map *, int inert);

/* The renderers: write the whole report to fp. */
void	out_html(FILE *fp, const struct map *);
void	out_md(FILE *fp, const struct map *);
void	out_text(FILE *fp, const struct map *);

#endif
