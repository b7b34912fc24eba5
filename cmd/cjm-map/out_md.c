/*
 * out_md.c -- the journey map as GitHub Markdown: headings, pipe tables,
 * the experience curve as a code block.
 *
 * Text from the data is made inert twice: HTML-escaped (GitHub renders
 * inline HTML, so "<script>" must become "&lt;script&gt;"), and
 * Markdown-escaped (a backslash before every character that could start
 * emphasis, a link, code, a table cell or, at the start, a heading, a
 * list or a quote), with line breaks as "<br>" so a table row stays one
 * line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "map.h"
#include "plot.h"
#include "xmalloc.h"

/* Writes s as inline Markdown; data: escape Markdown's punctuation
 * too (our own text has none that GitHub would act on). */
static void
mdesc(FILE *fp, const char *s, int data)
{
	char *h = html_esc_str(s), *p;
	int start = 1;

	for (p = h; *p != '\0'; p++) {
		if (*p == '\n') {
			fputs("<br>", fp);
			start = 1;
			continue;
		}
		if (*p == '\t') {
			putc(' ', fp);
			continue;
		}
		if (*p == '|' || (data && (strchr("\\`*_[]~", *p) != NULL ||
		    (start == 1 && strchr("#+-=>", *p) != NULL) ||
		    (start == 2 && strchr(".)", *p) != NULL))))
			putc('\\', fp);
		putc(*p, fp);
		/* "1." at the start of a line would begin a list */
		if (*p >= '0' && *p <= '9')
			start = start ? 2 : 0;
		else if (*p != ' ')
			start = 0;
	}
	free(h);
}

static void
md(FILE *fp, const char *s)
{
	mdesc(fp, s, 1);
}

/* Our own text as it is. */
static void
raw(FILE *fp, const char *s)
{
	fputs(s, fp);
}

/* Three table cells of a touchpoint's place: a, then sep, b, c. */
static void
place(FILE *fp, const char *a, const char *sep, const char *b,
    const char *c)
{
	md(fp, a);
	fputs(sep, fp);
	md(fp, b);
	fputs(" | ", fp);
	md(fp, c);
}

/* Our own text with numbers: real minus signs. */
static void
mdn(FILE *fp, const char *s)
{
	char *t = fmt_minus(s);

	mdesc(fp, t, 0);
	free(t);
}

static void
status(FILE *fp, const struct meas *m)
{
	fprintf(fp, "%s %s", fmt_status_symbol(m->st), fmt_status(m->st));
	if (m->low_base)
		fputs(" (low base)", fp);
}

static void
summary(FILE *fp, const struct map *mp)
{
	char v[128], n[32];
	size_t i;

	fprintf(fp, "**Status:** %s %zu act, %s %zu watch, %s %zu ok",
	    fmt_status_symbol(ST_ACT), mp->nstatus[ST_ACT],
	    fmt_status_symbol(ST_WATCH), mp->nstatus[ST_WATCH],
	    fmt_status_symbol(ST_OK), mp->nstatus[ST_OK]);
	if (mp->nstatus[ST_NA])
		fprintf(fp, ", %zu n/a", mp->nstatus[ST_NA]);
	if (mp->cmp_path != NULL)
		fprintf(fp, "; %zu significant drop%s, %zu rise%s", mp->ndrop,
		    mp->ndrop == 1 ? "" : "s", mp->nrise,
		    mp->nrise == 1 ? "" : "s");
	fputs(".\n", fp);
	for (i = 0; i < mp->njourney; i++) {
		const struct meas *m = &mp->m[mp->journey[i]];
		char *ch = fmt_change(m);

		fputs(i == 0 ? "\n" : "", fp);
		fprintf(fp, "- Journey %s: **", fmt_kpi_label_scale(m));
		mdn(fp, fmt_interval(v, sizeof(v), m));
		fprintf(fp, "**, n %s", fmt_n(n, sizeof(n), m->n));
		if (ch[0] != '\0') {
			fputs("; change ", fp);
			mdn(fp, ch);
		}
		fputs("\n", fp);
		free(ch);
	}
}

static void
act_first(FILE *fp, const struct map *mp)
{
	size_t i, nshow = mp->nrank < 10 ? mp->nrank : 10;
	char n[32];

	fputs("\n## Where to act first\n\n", fp);
	if (mp->nrank == 0) {
		fputs("Nothing to act on: no touchpoint is below its reference "
		    "or dropped significantly.\n", fp);
		return;
	}
	if (mp->nmeet > 0) {
		fputs("Where a low experience and a large drop-off meet:\n\n",
		    fp);
		for (i = 0; i < mp->nmeet; i++) {
			char *w = fmt_fun_meet(mp, &mp->fs[mp->meet[i]]);
			char *t = fmt_minus(w);

			fputs("- ", fp);
			md(fp, t);
			fputs("\n", fp);
			free(t);
			free(w);
		}
		fputs("\n", fp);
	}
	fputs("| # | Status | Touchpoint | Stage | Channel | Why | n | "
	    "Impact |\n|--:|---|---|---|---|---|--:|--:|\n", fp);
	for (i = 0; i < nshow; i++) {
		const struct meas *m = &mp->m[mp->rank[i]];
		const struct tp *tp = &mp->tp[m->tp];
		char *why = fmt_reason(m);

		fprintf(fp, "| %zu | ", i + 1);
		status(fp, m);
		fputs(" | **", fp);
		place(fp, tp->touchpoint, "** | ", tp->stage, tp->channel);
		fputs(" | ", fp);
		mdn(fp, why);
		fprintf(fp, " | %s | %.1f |\n", fmt_n(n, sizeof(n), m->n),
		    m->impact);
		free(why);
	}
	if (mp->nrank > nshow) {
		fprintf(fp, "\nAnd %zu more: ", mp->nrank - nshow);
		for (i = nshow; i < mp->nrank; i++) {
			const struct meas *m = &mp->m[mp->rank[i]];

			fputs(i > nshow ? ", " : "", fp);
			md(fp, mp->tp[m->tp].touchpoint);
			fprintf(fp, " (%s)", fmt_status(m->st));
		}
		fputs(".\n", fp);
	}
}

/* The funnel: every step with the experience at its touchpoint. */
static void
funnel(FILE *fp, const struct map *mp)
{
	size_t i;
	char *t;

	fputs("\n## Funnel\n\n", fp);
	t = fmt_fun_lead(mp);
	mdn(fp, t);
	free(t);
	fputs("\n", fp);
	if (mp->nfs == 0) {
		fputs("\nThe funnel table has no rows for this period.\n", fp);
		return;
	}
	fprintf(fp, "\n| # | Stage | Touchpoint | Customers | Went on from the "
	    "previous step | Time | Experience there |%s\n"
	    "|--:|---|---|---|---|---|---|%s\n", mp->cmp_path ? " Change |" :
	    "", mp->cmp_path ? "---|" : "");
	for (i = 0; i < mp->nfs; i++) {
		const struct fstep *f = &mp->fs[i];
		char *r = fmt_fun_reached(mp, f), *c = fmt_fun_conv(mp, f);
		char *m = fmt_fun_median(f), *x = fmt_fun_experience(mp, f);

		fprintf(fp, "| %zu | ", i + 1);
		md(fp, f->stage);
		fputs(" | ", fp);
		md(fp, f->touchpoint);
		fputs(" | ", fp);
		mdn(fp, r);
		fputs(" | ", fp);
		t = fmt_minus(c);
		md(fp, t);
		free(t);
		fputs(" | ", fp);
		mdn(fp, m);
		fputs(" | ", fp);
		t = fmt_minus(x);
		md(fp, t);
		free(t);
		fputs(f->meet ? " **meet**" : "", fp);
		fputs(" |", fp);
		if (mp->cmp_path != NULL) {
			char *ch = fmt_fun_change(f);

			fputs(" ", fp);
			if (ch[0] != '\0' && f->cmp->flag)
				fputs("**", fp);
			mdn(fp, ch);
			if (ch[0] != '\0' && f->cmp->flag)
				fputs("**", fp);
			fputs(" |", fp);
			free(ch);
		}
		fputs("\n", fp);
		free(r);
		free(c);
		free(m);
		free(x);
	}
}

static void
journey(FILE *fp, const struct map *mp)
{
	size_t s, i, k;
	char v[128], n[32];

	fputs("\n## Journey\n\n", fp);
	for (s = 0; s < mp->nst; s++) {
		fputs(s ? " \xe2\x86\x92 " : "", fp);
		fprintf(fp, "**%zu. ", s + 1);
		md(fp, mp->st[s].name[0] ? mp->st[s].name : "(no stage)");
		fputs("**", fp);
	}
	fprintf(fp, "\n\n| Stage | Touchpoint | Channel | KPI | Value [CI] | n "
	    "| Status | Against |%s\n|---|---|---|---|--:|--:|---|---|%s\n",
	    mp->cmp_path ? " Change |" : "", mp->cmp_path ? "---|" : "");
	for (s = 0; s < mp->nst; s++)
		for (i = mp->st[s].first; i < mp->st[s].first +
		    mp->st[s].ntp; i++) {
			const struct tp *tp = &mp->tp[i];

			for (k = 0; k < tp->nmeas; k++) {
				const struct meas *m = &mp->m[tp->meas[k]];
				char *ch = fmt_change(m), *st = fmt_standing(m);

				fputs("| ", fp);
				place(fp, tp->stage, " | ", tp->touchpoint,
				    tp->channel);
				fprintf(fp, " | %s | ", fmt_kpi_label(m));
				mdn(fp, fmt_interval(v, sizeof(v), m));
				fprintf(fp, " | %s | ", fmt_n(n, sizeof(n),
				    m->n));
				status(fp, m);
				fputs(" | ", fp);
				mdn(fp, st);
				fputs(" |", fp);
				if (mp->cmp_path == NULL) {
					fputs("\n", fp);
					free(ch);
					free(st);
					continue;
				}
				fputs(" ", fp);
				if (ch[0] != '\0')
					fputs(m->cmp->flag ? "**" : "", fp);
				mdn(fp, ch);
				if (ch[0] != '\0')
					fputs(m->cmp->flag ? "**" : "", fp);
				fputs(" |\n", fp);
				free(ch);
				free(st);
			}
		}
}

static void
verbatims(FILE *fp, const struct map *mp)
{
	size_t i, k;

	fputs("\n## What customers said (lowest scores first)\n", fp);
	if (mp->ncomments == 0) {
		fputs("\nNo comments in the responses for this period.\n", fp);
		return;
	}
	for (i = 0; i < mp->ntp; i++) {
		const struct tp *tp = &mp->tp[i];

		if (tp->nv == 0)
			continue;
		fputs("\n### ", fp);
		md(fp, tp->touchpoint);
		fputs(" (", fp);
		md(fp, tp->stage);
		fprintf(fp, "): %zu of %zu comment%s\n\n", tp->nv, tp->nvall,
		    tp->nvall == 1 ? "" : "s");
		for (k = 0; k < tp->nv; k++) {
			const struct verb *v = &tp->v[k];

			fputs("- \xe2\x80\x9c", fp);
			md(fp, v->text);
			fputs("\xe2\x80\x9d \xe2\x80\x94 ", fp);
			md(fp, v->metric);
			fprintf(fp, " %ld, %s", v->score, fmt_verb_class(v));
			if (v->segment[0] != '\0') {
				fputs(", ", fp);
				md(fp, v->segment);
			}
			if (v->time[0] != '\0')
				fprintf(fp, ", %.10s", v->time);
			if (v->same > 0)
				fprintf(fp, "; %zu more said the same", v->same);
			fputs("\n", fp);
		}
	}
}

static void
segments(FILE *fp, const struct map *mp)
{
	size_t i, s;
	char v[64], n[32];

	fputs("\n## By segment\n\n", fp);
	if (mp->nseg == 0) {
		fputs("The segment table has no rows for this period.\n", fp);
		return;
	}
	fputs("Headline KPI by segment. \xe2\x96\xbc: the interval lies "
	    "wholly below the touchpoint overall, \xe2\x96\xb2: wholly "
	    "above; \\*: low base, read with care.\n\n"
	    "| Touchpoint | KPI | Overall |", fp);
	for (s = 0; s < mp->nseg; s++) {
		fputs(" ", fp);
		md(fp, mp->seg[s][0] ? mp->seg[s] : "(none)");
		fputs(" |", fp);
	}
	fputs("\n|---|---|--:|", fp);
	for (s = 0; s < mp->nseg; s++)
		fputs("--:|", fp);
	fputs("\n", fp);
	for (i = 0; i < mp->nm; i++) {
		const struct meas *m = &mp->m[i];

		if (!fmt_has_cells(mp, i))
			continue;
		fputs("| ", fp);
		md(fp, m->journey ? "All touchpoints" : m->touchpoint);
		fprintf(fp, " | %s | ", m->journey ? fmt_kpi_label_scale(m) :
		    fmt_kpi_label(m));
		mdn(fp, fmt_value(v, sizeof(v), m, m->value));
		fputs(" |", fp);
		for (s = 0; s < mp->nseg; s++) {
			const struct segcell *c = &mp->cell[i * mp->nseg + s];

			if (c->m == NULL) {
				fputs(" \xe2\x80\x93 |", fp);
				continue;
			}
			fputs(" ", fp);
			if (c->mark != 0)
				fputs(c->mark < 0 ? "\xe2\x96\xbc " :
				    "\xe2\x96\xb2 ", fp);
			mdn(fp, fmt_value(v, sizeof(v), c->m, c->m->value));
			fprintf(fp, "%s (n %s) |", c->m->low_base ? "\\*" : "",
			    fmt_n(n, sizeof(n), c->m->n));
		}
		fputs("\n", fp);
	}
}

static void
quality(FILE *fp, const struct map *mp)
{
	char a[32], b[32], c[32];

	fputs("\n## Data quality\n\n", fp);
	if (mp->period != NULL) {
		fputs("- KPI period: ", fp);
		md(fp, mp->period);
		if (mp->period_prev != NULL) {
			fputs(" (compared with ", fp);
			md(fp, mp->period_prev);
			fputs(")", fp);
		}
		if (mp->nperiods > 1)
			fprintf(fp, "; the latest of %zu periods in the table",
			    mp->nperiods);
		fputs("\n", fp);
	}
	if (mp->resp_path != NULL) {
		fprintf(fp, "- Responses: %s respondents, %s answers, %s with "
		    "a comment", fmt_n(a, sizeof(a), (double)mp->nresp),
		    fmt_n(b, sizeof(b), (double)mp->nanswers),
		    fmt_n(c, sizeof(c), (double)mp->ncomments));
		fmt_answered(fp, mp, md);
		if (mp->nresp_rows != mp->nanswers) {
			fprintf(fp, "; %s %s answers of %s "
			    "respondents%s%s%s, only those of period ",
			    mp->counted ? "the respondent tables hold" :
			    "the file holds",
			    fmt_n(a, sizeof(a), (double)mp->nresp_rows),
			    fmt_n(b, sizeof(b), (double)mp->nresp_all),
			    mp->notime_all ? " (" : "", mp->notime_all ?
			    fmt_n(c, sizeof(c), (double)mp->notime_all) : "",
			    mp->notime_all ? " without a time, in no period)" :
			    "");
			md(fp, mp->period);
			fputs(" count here", fp);
		}
		fputs("\n", fp);
	}
	if (mp->rej_path != NULL) {
		fprintf(fp, "- Rejected by cjm-ingest: %s",
		    fmt_n(a, sizeof(a), (double)mp->nrejtotal));
		fmt_rejects(fp, mp, md);
		fputs("\n", fp);
	}
	fputs("- ", fp);
	fmt_low_base(fp, mp);
	fputs("\n", fp);
}

static void
method(FILE *fp, const struct map *mp)
{
	size_t i;

	fputs("\n## Method notes\n\n- Intervals: ", fp);
	fmt_conf_words(fp, mp, raw);
	fputs("\n", fp);
	for (i = 0; i < mp->nmethods; i++) {
		fputs("  - `", fp);
		html_esc(fp, mp->methods[i].name);
		fprintf(fp, "` (%zu row%s): ", mp->methods[i].n,
		    mp->methods[i].n == 1 ? "" : "s");
		md(fp, fmt_method_desc(mp->methods[i].name));
		fputs("\n", fp);
	}
	for (i = 0; i < fmt_nnotes; i++) {
		fputs("- ", fp);
		md(fp, fmt_notes[i]);
		fputs("\n", fp);
	}
	if (mp->drv_path != NULL) {
		fputs("- ", fp);
		md(fp, fmt_note_drivers);
		fputs("\n", fp);
	}
}

static void
empty(FILE *fp, const struct map *mp)
{
	(void)mp;
	fputs("The KPI table has no touchpoint rows: nothing to map.\n", fp);
}

static void
curve(FILE *fp, const struct map *mp)
{
	fputs("\n## Experience curve (net score)\n\n```text\n", fp);
	txt_curve(fp, mp, 1);
	fputs("```\n", fp);
}

static void
drivers(FILE *fp, const struct map *mp)
{
	char imp[64], r[64], p[32], n[32];
	size_t i;

	fprintf(fp, "\n## What drives %s\n\n", fmt_outcome_label(mp));
	if (mp->ndrv == 0) {
		fputs("The drivers table has no rows.\n", fp);
		return;
	}
	fmt_drivers_lead(fp, mp, md);
	fputs("\n\n| Touchpoint | Stage | Question | Importance | r | n | "
	    "Performance | Quadrant |\n|---|---|---|--:|--:|--:|--:|---|\n",
	    fp);
	for (i = 0; i < mp->ndrv; i++) {
		const struct plot_drv *v = mp->drv[i];
		int fix = strcmp(v->quadrant, "fix") == 0;

		fputs(fix ? "| **" : "| ", fp);
		md(fp, v->touchpoint);
		fputs(fix ? "** | " : " | ", fp);
		md(fp, v->stage);
		fprintf(fp, " | %s | ", strcmp(v->metric, "nps") == 0 ? "NPS" :
		    strcmp(v->metric, "csat") == 0 ? "CSAT" : "CES");
		mdn(fp, fmt_importance(imp, sizeof(imp), v));
		fputs(" | ", fp);
		mdn(fp, fmt_r(r, sizeof(r), v));
		fprintf(fp, " | %s | ", fmt_n(n, sizeof(n), v->n));
		mdn(fp, fmt_int(p, sizeof(p), v->performance));
		fprintf(fp, " | %s%s%s |\n", fix ? "**" : "", fmt_quadrant(v),
		    fix ? "**" : "");
	}
	fputs("\nImportance is derived from correlations across respondents: "
	    "it measures association, not cause, and a touchpoint everyone "
	    "rates alike cannot show any.\n", fp);
}

static const struct fmt_sections sections = {
	empty, summary, act_first, journey, curve, funnel, drivers, verbatims,
	segments, quality, method
};

void
out_md(FILE *fp, const struct map *mp)
{
	fputs("# ", fp);
	md(fp, mp->title);
	fputs("\n\n", fp);
	fmt_lead(fp, mp, md, "**", "**", "; generated ");
	if (mp->period != NULL || mp->generated != NULL)
		fputs("\n\n", fp);
	fmt_report(fp, mp, &sections);
}
