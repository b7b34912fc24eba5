/*
 * out_html.c -- the journey map as one self-contained HTML file: CSS in
 * a <style> element, charts as inline <svg>, no script, no URL to fetch
 * (fonts are the reader's own), so it opens offline and survives being
 * mailed.  Every string from the data goes through html_esc().
 *
 * Status colours are the Okabe-Ito palette (safe for the common colour
 * vision deficiencies), and every status also has a shape and a word.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "map.h"
#include "plot.h"
#include "xmalloc.h"

/* The style sheet, one rule group a string (C11 strings stay short). */
static const char *const css[] = {
":root{--act:#D55E00;--act-bg:#FBE4D5;--act-fg:#8A3300;"
"--watch:#E69F00;--watch-bg:#FDF1D6;--watch-fg:#6B4700;"
"--ok:#0072B2;--ok-bg:#DCEBF6;--ok-fg:#004C77;"
"--na:#8A8F98;--na-bg:#ECEEF1;--na-fg:#4A4F57;"
"--ink:#1F2430;--muted:#5B6270;--line:#D9DDE3;--paper:#FFFFFF;"
"--bg:#F4F5F7}\n",
"*{box-sizing:border-box}\n",
"body{margin:0;background:var(--bg);color:var(--ink);"
"font:14px/1.45 -apple-system,'Segoe UI',Roboto,'Helvetica Neue',"
"Arial,'DejaVu Sans',sans-serif}\n",
"main{max-width:1240px;margin:0 auto;padding:24px 20px 40px}\n",
"h1{font-size:26px;margin:0 0 2px}\n",
"h2{font-size:18px;margin:28px 0 10px;padding-bottom:4px;"
"border-bottom:2px solid var(--line)}\n",
"h3{font-size:15px;margin:14px 0 6px}\n",
".sub{color:var(--muted);margin:0 0 10px}\n"
".toc{font-size:13px;margin:0 0 12px}\n"
".toc a{color:var(--ok-fg);text-decoration:none;margin-right:14px}\n"
".toc a:hover{text-decoration:underline}\n",
".tiles{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}\n",
".tile{background:var(--paper);border:1px solid var(--line);"
"border-radius:8px;padding:8px 14px;min-width:110px}\n",
".tile b{display:block;font-size:22px;line-height:1.2}\n",
".tile span{color:var(--muted);font-size:12px}\n",
".tile.act{border-left:6px solid var(--act)}"
".tile.watch{border-left:6px solid var(--watch)}"
".tile.ok{border-left:6px solid var(--ok)}"
".tile.drop{border-left:6px solid var(--act)}"
".tile.rise{border-left:6px solid var(--ok)}"
".tile.jr{border-left:6px solid var(--ink)}\n",
".badge{display:inline-block;font-size:12px;font-weight:700;"
"padding:1px 7px;border-radius:10px;border:1px solid;"
"text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}\n",
".badge.act{color:var(--act-fg);background:var(--act-bg);"
"border-color:var(--act)}"
".badge.watch{color:var(--watch-fg);background:var(--watch-bg);"
"border-color:var(--watch)}"
".badge.ok{color:var(--ok-fg);background:var(--ok-bg);"
"border-color:var(--ok)}"
".badge.na{color:var(--na-fg);background:var(--na-bg);"
"border-color:var(--na)}\n",
".low{font-size:11px;color:var(--muted);border:1px dashed var(--na);"
"border-radius:8px;padding:0 5px;white-space:nowrap}\n",
"ol.act{list-style:none;padding:0;margin:0;counter-reset:r}\n",
"ol.act li{background:var(--paper);border:1px solid var(--line);"
"border-radius:8px;padding:6px 12px 6px 46px;margin:0 0 6px;"
"position:relative}\n",
"ol.act li:before{counter-increment:r;content:counter(r);position:absolute;"
"left:10px;top:7px;width:26px;height:26px;border-radius:13px;"
"background:var(--ink);color:#fff;text-align:center;font-weight:700;"
"line-height:26px}\n",
"ol.act .what{font-weight:700;font-size:15px}\n",
"ol.act .where,ol.act .imp{color:var(--muted);font-size:12px}\n",
".why{margin-top:2px}\n",
".more,.rule{color:var(--muted)}\n.rule{margin:-4px 0 8px;font-size:12px}\n",
".flow{display:grid;gap:0;overflow-x:auto;padding-bottom:4px}\n",
".stage{min-width:200px;padding:0 6px}\n",
".stage>h3{margin:0 0 10px;padding:8px 14px 8px 22px;background:#2F3A4D;"
"color:#fff;font-size:14px;clip-path:polygon(0 0,calc(100% - 14px) 0,"
"100% 50%,calc(100% - 14px) 100%,0 100%,12px 50%)}\n",
".stage:first-child>h3{clip-path:polygon(0 0,calc(100% - 14px) 0,"
"100% 50%,calc(100% - 14px) 100%,0 100%);padding-left:14px}\n",
".stage>h3 small{font-weight:400;opacity:.8;margin-right:6px}\n",
".tp{background:var(--paper);border:1px solid var(--line);"
"border-top:5px solid var(--na);border-radius:6px;padding:8px 10px;"
"margin:0 0 10px}\n",
".tp.act{border-top-color:var(--act)}.tp.watch{border-top-color:"
"var(--watch)}.tp.ok{border-top-color:var(--ok)}\n",
".tp .name{font-weight:700;font-size:15px;word-wrap:break-word}\n",
".chan{font-size:11px;padding:0 6px;border-radius:8px;margin-left:6px;"
"white-space:nowrap;vertical-align:2px}\n",
".chan.online{border:1px solid #4B5563;color:#374151}\n",
".chan.offline{background:#4B5563;color:#fff;border:1px solid #4B5563}\n",
".m{border-top:1px solid var(--line);margin-top:6px;padding-top:6px}\n",
".m:first-of-type{border-top:0}\n",
".m .k{color:var(--muted);font-size:12px;font-weight:700}\n",
".m .v{font-size:24px;font-weight:700;line-height:1.15}\n",
".m .ci{color:var(--muted);font-size:12px;margin-left:4px}\n",
".m .n{color:var(--muted);font-size:12px}\n",
".m .ref{font-size:12px;color:var(--muted)}\n",
".bar{position:relative;height:10px;background:#E3E6EA;"
"border-radius:5px;margin:6px 2px 4px}\n"
".bar span{position:absolute;top:0;height:10px}\n"
".band{border-radius:5px;background:var(--na)}.band.act{background:"
"var(--act)}.band.watch{background:var(--watch)}.band.ok{background:"
"var(--ok)}\n"
".dot{width:4px;margin-left:-2px;background:var(--ink)}\n"
".tick{width:0;margin-left:-1px;top:-3px!important;height:16px!important;"
"border-left:2px dashed var(--ink)}\n"
".chg{font-size:12px;margin-top:2px}\n",
".chg.drop{color:var(--act-fg);font-weight:700}"
".chg.rise{color:var(--ok-fg);font-weight:700}\n",
"figure{background:var(--paper);border:1px solid var(--line);"
"border-radius:8px;margin:0 0 14px;padding:10px}\n",
"figure svg{width:100%;height:auto;display:block}\n",
"figcaption{color:var(--muted);font-size:12px;margin-top:4px}\n",
".note{background:var(--paper);border:1px dashed var(--na);"
"border-radius:8px;padding:10px 14px;color:var(--muted)}\n",
".verb{display:grid;grid-template-columns:repeat(auto-fill,"
"minmax(360px,1fr));gap:12px}\n",
".vb{background:var(--paper);border:1px solid var(--line);"
"border-radius:8px;padding:4px 14px 10px}\n",
".vb h3 small{color:var(--muted);font-weight:400}\n",
"blockquote{margin:6px 0 8px;padding:2px 0 2px 10px;"
"border-left:4px solid var(--na)}\n",
"blockquote.bad{border-left-color:var(--act)}"
"blockquote.mid{border-left-color:var(--watch)}"
"blockquote.good{border-left-color:var(--ok)}\n",
"blockquote cite{display:block;font-style:normal;color:var(--muted);"
"font-size:12px}\n",
"table{border-collapse:collapse;background:var(--paper);"
"border:1px solid var(--line)}\n",
"th,td{padding:5px 10px;border-bottom:1px solid var(--line);"
"text-align:left;vertical-align:top}\n",
"th{background:#EEF0F3;font-size:12px}\n",
"td.num{text-align:right;white-space:nowrap}\n",
"td.lb,.lbx{color:#9AA0A8;font-style:italic}\n",
"td.worse{background:var(--act-bg)}td.better{background:var(--ok-bg)}\n",
"tr.fix td{background:var(--act-bg)}\n",
"td small{color:var(--muted)}\n",
".scroll{overflow-x:auto}\n",
"ul.dq{padding-left:20px}\n",
"footer{color:var(--muted);font-size:12px;margin-top:30px}\n",

"@media print{body{background:#fff}.flow{overflow:visible}}\n",
};

/* With a funnel (-F) only: the reports without one keep their bytes. */
static const char css_funnel[] =
".fun{border-top:1px dashed var(--line);margin-top:6px;padding-top:4px;"
"font-size:12px}\n"
".fun .k{color:var(--muted);font-weight:700}\n"
".fun .v{font-size:18px;font-weight:700}\n"
".fun .drop,td.drop{color:var(--act-fg);font-weight:700}\n"
"ol.meet li{margin:0 0 4px}\n"
"tr.meet td{background:var(--act-bg)}\n";

static void
e(FILE *fp, const char *s)
{
	html_esc(fp, s);
}

/*
 * A comment: escaped, its line breaks as <br>, and folded at a space
 * after 200 bytes, so that no line of the file is long enough for a
 * mail transport to break it (RFC 5322: 998).
 */
static void
eblock(FILE *fp, const char *s)
{
	char *h = html_esc_str(s), *p;
	size_t col = 0;

	for (p = h; *p != '\0'; p++) {
		if (*p == '\n') {
			fputs("<br>\n", fp);
			col = 0;
		} else if (*p == ' ' && col >= 200) {
			putc('\n', fp);
			col = 0;
		} else {
			putc(*p, fp);
			col++;
		}
	}
	free(h);
}

/* Our own text with numbers: real minus signs, then escaped. */
static void
em(FILE *fp, const char *s)
{
	char *t = fmt_minus(s);

	html_esc(fp, t);
	free(t);
}

/* The file name without its directory: the report may travel. */
static const char *
base(const char *path)
{
	const char *p = strrchr(path, '/');

	return strcmp(path, "-") == 0 ? "<stdin>" : p != NULL ? p + 1 : path;
}

static const char *
stclass(enum status s)
{
	static const char *c[] = { "na", "ok", "watch", "act" };

	return c[s];
}

static void
badge(FILE *fp, enum status s)
{
	fprintf(fp, "<span class=\"badge %s\">%s %s</span>", stclass(s),
	    fmt_status_symbol(s), fmt_status(s));
}

static void
header(FILE *fp, const struct map *mp)
{
	char a[128], b[32];
	size_t i;

	fputs("<header>\n<h1>", fp);
	e(fp, mp->title);
	fputs("</h1>\n<p class=\"sub\">", fp);
	fmt_lead(fp, mp, e, "<b>", "</b>", " &middot; generated ");
	fputs("</p>\n", fp);
	if (mp->ntp == 0) {
		fputs("</header>\n", fp);
		return;
	}
	/* in-page links only: nothing to fetch */
	fputs("<nav class=\"toc\"><a href=\"#act\">Where to act first</a>"
	    "<a href=\"#journey\">Journey</a>", fp);
	if (mp->charts)
		fputs("<a href=\"#charts\">Charts</a>", fp);
	if (mp->fun_path != NULL)
		fputs("<a href=\"#funnel\">Funnel</a>", fp);
	if (mp->drv_path != NULL) {
		fputs("<a href=\"#drivers\">What drives ", fp);
		e(fp, fmt_outcome_label(mp));
		fputs("</a>", fp);
	}
	if (mp->resp_path != NULL && mp->nverb > 0)
		fputs("<a href=\"#verbatims\">What customers said</a>", fp);
	if (mp->seg_path != NULL)
		fputs("<a href=\"#segments\">By segment</a>", fp);
	fputs("<a href=\"#quality\">Data quality</a><a href=\"#method\">"
	    "Method</a></nav>\n", fp);
	fputs("<div class=\"tiles\">\n", fp);
	fprintf(fp, "<div class=\"tile act\"><b>%s %zu</b><span>act: below "
	    "reference</span></div>\n", fmt_status_symbol(ST_ACT),
	    mp->nstatus[ST_ACT]);
	fprintf(fp, "<div class=\"tile watch\"><b>%s %zu</b><span>watch: "
	    "straddles reference</span></div>\n", fmt_status_symbol(ST_WATCH),
	    mp->nstatus[ST_WATCH]);
	fprintf(fp, "<div class=\"tile ok\"><b>%s %zu</b><span>ok: above "
	    "reference</span></div>\n", fmt_status_symbol(ST_OK),
	    mp->nstatus[ST_OK]);
	if (mp->cmp_path != NULL) {
		fprintf(fp, "<div class=\"tile drop\"><b>\xe2\x86\x93 %zu</b>"
		    "<span>significant drop%s</span></div>\n", mp->ndrop,
		    mp->ndrop == 1 ? "" : "s");
		fprintf(fp, "<div class=\"tile rise\"><b>\xe2\x86\x91 %zu</b>"
		    "<span>significant rise%s</span></div>\n", mp->nrise,
		    mp->nrise == 1 ? "" : "s");
	}
	if (mp->resp_path != NULL)
		fprintf(fp, "<div class=\"tile\"><b>%s</b><span>respondents "
		    "&middot; %s answers</span></div>\n", fmt_n(a, sizeof(a),
		    (double)mp->nresp), fmt_n(b, sizeof(b),
		    (double)mp->nanswers));
	for (i = 0; i < mp->njourney; i++) {
		const struct meas *m = &mp->m[mp->journey[i]];
		char *ch = fmt_change(m);

		fputs("<div class=\"tile jr\"><b>", fp);
		em(fp, fmt_value(a, sizeof(a), m, m->value));
		fputs("</b><span>journey ", fp);
		e(fp, fmt_kpi_label_scale(m));
		fputs(" ", fp);
		fmt_interval(a, sizeof(a), m);
		if (strchr(a, '[') != NULL)
			em(fp, strchr(a, '['));
		fprintf(fp, " &middot; n %s", fmt_n(b, sizeof(b), m->n));
		if (ch[0] != '\0') {
			fputs("<br>", fp);
			em(fp, ch);
		}
		fputs("</span></div>\n", fp);
		free(ch);
	}
	fputs("</div>\n</header>\n", fp);
}

static void
act_first(FILE *fp, const struct map *mp)
{
	size_t i, nshow = mp->nrank < 10 ? mp->nrank : 10;
	char n[32];

	fputs("<section id=\"act\">\n<h2>Where to act first</h2>\n", fp);
	if (mp->nrank == 0) {
		fputs("<p class=\"note\">Nothing to act on: no touchpoint is "
		    "below its reference or dropped significantly.</p>\n"
		    "</section>\n", fp);
		return;
	}
	if (mp->nmeet > 0) {
		fputs("<p class=\"rule\">Where a low experience and a large "
		    "drop-off meet (the funnel, -F):</p>\n<ol class=\"meet\">\n",
		    fp);
		for (i = 0; i < mp->nmeet; i++) {
			char *w = fmt_fun_meet(mp, &mp->fs[mp->meet[i]]);

			fputs("<li>", fp);
			em(fp, w);
			fputs("</li>\n", fp);
			free(w);
		}
		fputs("</ol>\n", fp);
	}
	fputs("<p class=\"rule\">Ranked: ", fp);
	if (mp->drv_path != NULL)
		fputs("touchpoints that drive the outcome and perform below "
		    "average (<b>fix</b>, see What drives) first, then <b>act"
		    "</b>", fp);
	else
		fputs("<b>act</b> first", fp);
	fputs(", then significant "
	    "drops, then <b>watch</b>; within each, drops first, low base "
	    "last, then by impact = n &times; the gap to the reference as a share of the "
	    "KPI&#39;s range.</p>\n<ol class=\"act\">\n", fp);
	for (i = 0; i < nshow; i++) {
		const struct meas *m = &mp->m[mp->rank[i]];
		const struct tp *tp = &mp->tp[m->tp];
		char *why = fmt_reason(m);

		fputs("<li>", fp);
		badge(fp, m->st);
		fputs(" <span class=\"what\">", fp);
		e(fp, tp->touchpoint);
		fputs("</span> <span class=\"where\">", fp);
		e(fp, tp->stage);
		fputs(" &middot; ", fp);
		e(fp, tp->channel);
		fputs(" &middot; ", fp);
		e(fp, fmt_kpi_label(m));
		fputs("</span>\n<div class=\"why\">", fp);
		em(fp, why);
		fputs(" <span class=\"imp\">&middot; ", fp);
		if (m->impact > 0)
			fprintf(fp, "impact %.1f &middot; ", m->impact);
		fprintf(fp, "n %s</span></div></li>\n", fmt_n(n, sizeof(n),
		    m->n));
		free(why);
	}
	fputs("</ol>\n", fp);
	if (mp->nrank > nshow) {
		fprintf(fp, "<p class=\"more\">And %zu more: ",
		    mp->nrank - nshow);
		for (i = nshow; i < mp->nrank; i++) {
			const struct meas *m = &mp->m[mp->rank[i]];

			if (i > nshow)
				fputs(", ", fp);
			e(fp, mp->tp[m->tp].touchpoint);
			fprintf(fp, " (%s)", fmt_status(m->st));
		}
		fputs(".</p>\n", fp);
	}
	fputs("</section>\n", fp);
}

/* Where x lies on the KPI's whole range, 0-100 (%), better to the right. */
static double
pos(const struct meas *m, double x)
{
	double p;

	if (m->kpi == KPI_NPS)
		p = (x + 100) / 2;
	else if (m->kpi == KPI_TOP2)
		p = x;
	else
		p = 100 * (x - m->worst) / (m->best - m->worst);
	return p < 0 ? 0 : p > 100 ? 100 : p;
}

/* A bullet bar: the interval as a band, the value as a dot, the
 * reference as a tick, on the KPI's whole range (numbers only). */
static void
bar(FILE *fp, const struct meas *m)
{
	double a, b;

	if (isnan(m->value))
		return;
	fputs("<div class=\"bar\">", fp);
	if (!isnan(m->lo) && !isnan(m->hi)) {
		a = pos(m, m->lo);
		b = pos(m, m->hi);
		if (a > b) {
			double t = a;

			a = b;
			b = t;
		}
		fprintf(fp, "<span class=\"band %s\" style=\"left:%.1f%%;"
		    "width:%.1f%%\"></span>", stclass(m->st), a,
		    b - a < 1 ? 1 : b - a);
	}
	if (!m->on_net && (m->ref == REF_TARGET || m->ref == REF_JOURNEY))
		fprintf(fp, "<span class=\"tick\" style=\"left:%.1f%%\">"
		    "</span>", pos(m, m->refv));
	fprintf(fp, "<span class=\"dot\" style=\"left:%.1f%%\"></span>",
	    pos(m, m->value));
	fputs("</div>\n", fp);
}

static void
measure(FILE *fp, const struct meas *m)
{
	char v[128], n[32];
	char *ch, *st;

	fputs("<div class=\"m\"><div><span class=\"k\">", fp);
	e(fp, fmt_kpi_label(m));
	fputs("</span> ", fp);
	badge(fp, m->st);
	if (m->low_base)
		fputs(" <span class=\"low\">low base</span>", fp);
	fputs("</div>\n<div><span class=\"v\">", fp);
	em(fp, fmt_value(v, sizeof(v), m, m->value));
	fputs("</span>", fp);
	fmt_interval(v, sizeof(v), m);
	if (strchr(v, '[') != NULL) {
		fputs("<span class=\"ci\">", fp);
		em(fp, strchr(v, '['));
		fputs("</span>", fp);
	}
	fprintf(fp, " <span class=\"n\">n %s</span></div>\n",
	    fmt_n(n, sizeof(n), m->n));
	bar(fp, m);
	st = fmt_standing(m);
	fputs("<div class=\"ref\">", fp);
	em(fp, st);
	fputs("</div>\n", fp);
	free(st);
	ch = fmt_change(m);
	if (ch[0] != '\0') {
		fprintf(fp, "<div class=\"chg%s\">", m->cmp->flag < 0 ?
		    " drop" : m->cmp->flag > 0 ? " rise" : "");
		em(fp, ch);
		fputs(m->cmp->flag == 0 ? " &middot; not significant" : "", fp);
		fputs("</div>\n", fp);
	}
	free(ch);
	fputs("</div>\n", fp);
}

/* A funnel step on its touchpoint card: the share of step 1 reaching
 * it, the conversion from the previous step and the customers lost. */
static void
fun_card(FILE *fp, const struct map *mp, const struct fstep *f)
{
	char *r = fmt_fun_reached(mp, f), *c = fmt_fun_conv(mp, f);
	char *ch = fmt_fun_change(f);

	fputs("<div class=\"fun\"><div><span class=\"k\">Funnel step ", fp);
	fprintf(fp, "%zu</span>", (size_t)(f - mp->fs) + 1);
	if (f->meet)
		fputs(" <span class=\"drop\">experience and drop-off "
		    "meet</span>", fp);
	fputs("</div>\n<div><span class=\"v\">", fp);
	if (f == mp->fs)
		fputs("100%", fp);
	else if (!isnan(f->conv))
		fprintf(fp, "%.1f%%", f->conv);
	fputs("</span> ", fp);
	/* the conversion is the big number: its words without it */
	if (c[0] && !isnan(f->conv)) {
		char p[32];
		size_t pl;

		snprintf(p, sizeof(p), "%.1f%% ", f->conv);
		pl = strlen(p);
		em(fp, strncmp(c, p, pl) == 0 ? c + pl : c);
	} else
		em(fp, c[0] ? c : r);
	fputs("</div>\n", fp);
	if (c[0]) {
		fputs("<div>", fp);
		em(fp, r);
		fputs("</div>\n", fp);
	}
	if (ch[0]) {
		fprintf(fp, "<div class=\"chg%s\">conversion ",
		    f->cmp->flag < 0 ? " drop" : f->cmp->flag > 0 ? " rise" :
		    "");
		em(fp, ch);
		fputs(f->cmp->flag == 0 ? " &middot; not significant" : "", fp);
		fputs("</div>\n", fp);
	}
	fputs("</div>\n", fp);
	free(r);
	free(c);
	free(ch);
}

/* The funnel: every step with the experience at its touchpoint. */
static void
funnel(FILE *fp, const struct map *mp)
{
	size_t i;
	char *t;

	fputs("<section id=\"funnel\">\n<h2>Funnel</h2>\n<p class=\"rule\">",
	    fp);
	t = fmt_fun_lead(mp);
	em(fp, t);
	free(t);
	fputs("</p>\n", fp);
	if (mp->nfs == 0) {
		fputs("<p class=\"note\">The funnel table has no rows for this "
		    "period.</p>\n</section>\n", fp);
		return;
	}
	fputs("<div class=\"scroll\"><table>\n<tr><th>Step</th><th>Stage</th>"
	    "<th>Touchpoint</th><th>Customers (share of step 1)</th><th>Went on from the "
	    "previous step</th><th>Time</th><th>Experience there</th>", fp);
	fputs(mp->cmp_path != NULL ? "<th>Change</th>" : "", fp);
	fputs("</tr>\n", fp);
	for (i = 0; i < mp->nfs; i++) {
		const struct fstep *f = &mp->fs[i];
		char *r = fmt_fun_reached(mp, f), *c = fmt_fun_conv(mp, f);
		char *md = fmt_fun_median(f), *x = fmt_fun_experience(mp, f);

		fprintf(fp, "<tr%s><td>%zu</td><td>", f->meet ?
		    " class=\"meet\"" : "", i + 1);
		e(fp, f->stage);
		fputs("</td><td>", fp);
		e(fp, f->touchpoint);
		fputs("</td><td>", fp);
		em(fp, r);
		fputs("</td><td>", fp);
		em(fp, c);
		fputs("</td><td>", fp);
		em(fp, md);
		fputs("</td><td>", fp);
		em(fp, x);
		if (f->meet)
			fputs(" <b>&middot; meet</b>", fp);
		fputs("</td>", fp);
		if (mp->cmp_path != NULL) {
			char *ch = fmt_fun_change(f);

			fprintf(fp, "<td%s>", f->cmp != NULL && f->cmp->flag <
			    0 ? " class=\"drop\"" : "");
			em(fp, ch);
			fputs("</td>", fp);
			free(ch);
		}
		fputs("</tr>\n", fp);
		free(r);
		free(c);
		free(md);
		free(x);
	}
	fputs("</table></div>\n</section>\n", fp);
}

static void
journey(FILE *fp, const struct map *mp)
{
	size_t s, i, k;

	fputs("<section id=\"journey\">\n<h2>Journey</h2>\n<p "
	    "class=\"rule\">Each bar spans the KPI&#39;s whole range, better "
	    "to the right: the band is the interval, the dot the value, the "
	    "dashed tick the target (or the journey value).</p>\n", fp);
	fprintf(fp, "<div class=\"flow\" style=\"grid-template-columns:"
	    "repeat(%zu,minmax(200px,1fr))\">\n", mp->nst);
	for (s = 0; s < mp->nst; s++) {
		fprintf(fp, "<div class=\"stage\">\n<h3><small>%zu</small>",
		    s + 1);
		e(fp, mp->st[s].name[0] ? mp->st[s].name : "(no stage)");
		fputs("</h3>\n", fp);
		for (i = mp->st[s].first; i < mp->st[s].first + mp->st[s].ntp;
		    i++) {
			const struct tp *tp = &mp->tp[i];
			enum status worst = ST_NA;

			for (k = 0; k < tp->nmeas; k++)
				if (mp->m[tp->meas[k]].st > worst)
					worst = mp->m[tp->meas[k]].st;
			fprintf(fp, "<div class=\"tp %s\"><div><span "
			    "class=\"name\">", stclass(worst));
			e(fp, tp->touchpoint);
			fprintf(fp, "</span><span class=\"chan %s\">",
			    strcmp(tp->channel, "offline") == 0 ? "offline" :
			    "online");
			e(fp, tp->channel);
			fputs("</span></div>\n", fp);
			for (k = 0; k < tp->nmeas; k++)
				measure(fp, &mp->m[tp->meas[k]]);
			if (tp->fs != 0)
				fun_card(fp, mp, &mp->fs[tp->fs - 1]);
			fputs("</div>\n", fp);
		}
		fputs("</div>\n", fp);
	}
	fputs("</div>\n</section>\n", fp);
}

static void
charts(FILE *fp, const struct map *mp)
{
	if (!mp->charts)
		return;
	fputs("<section id=\"charts\">\n<h2>Charts</h2>\n", fp);
	if (mp->svg_journey == NULL || mp->svg_curve == NULL) {
		fputs("<p class=\"note\">Charts not drawn: ", fp);
		e(fp, mp->chart_note != NULL ? mp->chart_note :
		    "nothing to draw");
		fputs(". The report is complete without them; install "
		    "gnuplot to get them.</p>\n</section>\n", fp);
		return;
	}
	fputs("<figure>\n", fp);
	fputs(mp->svg_journey, fp);
	fputs("<figcaption>Journey chart: the headline KPI of every "
	    "touchpoint in journey order, with its interval.</figcaption>\n"
	    "</figure>\n<figure>\n", fp);
	fputs(mp->svg_curve, fp);
	fputs("<figcaption>Experience curve: the net score (% favourable "
	    "&minus; % unfavourable, &minus;100 to 100) of every touchpoint, "
	    "one scale for all metrics.</figcaption>\n</figure>\n"
	    "</section>\n", fp);
}

static void
drivers(FILE *fp, const struct map *mp)
{
	char imp[64], r[64], p[32], n[32];
	size_t i;

	fputs("<section id=\"drivers\">\n<h2>What drives ", fp);
	e(fp, fmt_outcome_label(mp));
	fputs("</h2>\n", fp);
	if (mp->ndrv == 0) {
		fputs("<p class=\"note\">The drivers table has no rows.</p>\n"
		    "</section>\n", fp);
		return;
	}
	fputs("<p>", fp);
	fmt_drivers_lead(fp, mp, e);
	fputs("</p>\n", fp);
	if (mp->svg_drivers != NULL) {
		fputs("<figure>\n", fp);
		fputs(mp->svg_drivers, fp);
		fputs("<figcaption>Importance against performance: whiskers "
		    "are bootstrap intervals; the dashed lines are the "
		    "average importance and the average performance; fix "
		    "first the touchpoints top left.</figcaption>\n"
		    "</figure>\n", fp);
	}
	fputs("<div class=\"scroll\"><table>\n<tr><th>Touchpoint</th>"
	    "<th>Question</th><th>Importance</th><th>r</th><th>n</th>"
	    "<th>Performance</th><th>Quadrant</th></tr>\n", fp);
	for (i = 0; i < mp->ndrv; i++) {
		const struct plot_drv *v = mp->drv[i];

		fprintf(fp, "<tr%s><td>", strcmp(v->quadrant, "fix") == 0 ?
		    " class=\"fix\"" : "");
		e(fp, v->touchpoint);
		fputs(" <small>", fp);
		e(fp, v->stage);
		fputs("</small></td><td>", fp);
		e(fp, strcmp(v->metric, "nps") == 0 ? "NPS" :
		    strcmp(v->metric, "csat") == 0 ? "CSAT" : "CES");
		fputs("</td><td class=\"num\">", fp);
		em(fp, fmt_importance(imp, sizeof(imp), v));
		fputs("</td><td class=\"num\">", fp);
		em(fp, fmt_r(r, sizeof(r), v));
		fprintf(fp, "</td><td class=\"num\">%s</td><td class=\"num\">",
		    fmt_n(n, sizeof(n), v->n));
		em(fp, fmt_int(p, sizeof(p), v->performance));
		fputs("</td><td>", fp);
		e(fp, fmt_quadrant(v));
		fputs("</td></tr>\n", fp);
	}
	fputs("</table></div>\n<p class=\"note\">Importance is derived "
	    "from correlations across respondents: it measures association, "
	    "not cause, and a touchpoint everyone rates alike cannot show "
	    "any.</p>\n</section>\n", fp);
}

static void
verbatims(FILE *fp, const struct map *mp)
{
	size_t i, k;

	fputs("<section id=\"verbatims\">\n<h2>What customers said "
	    "<small>(lowest scores first)</small></h2>\n", fp);
	if (mp->ncomments == 0) {
		fputs("<p class=\"note\">No comments in the responses for this "
		    "period.</p>\n</section>\n", fp);
		return;
	}
	fputs("<div class=\"verb\">\n", fp);
	for (i = 0; i < mp->ntp; i++) {
		const struct tp *tp = &mp->tp[i];

		if (tp->nv == 0)
			continue;
		fputs("<div class=\"vb\"><h3>", fp);
		e(fp, tp->touchpoint);
		fputs(" <small>", fp);
		e(fp, tp->stage);
		fprintf(fp, " &middot; %zu of %zu comment%s</small></h3>\n",
		    tp->nv, tp->nvall, tp->nvall == 1 ? "" : "s");
		for (k = 0; k < tp->nv; k++) {
			const struct verb *v = &tp->v[k];

			fprintf(fp, "<blockquote class=\"%s\">",
			    v->badness >= 0.5 ? "bad" : v->badness > 0.2 ?
			    "mid" : "good");
			eblock(fp, v->text);
			fputs("<cite>", fp);
			e(fp, v->metric);
			fprintf(fp, " %ld &middot; %s", v->score,
			    fmt_verb_class(v));
			if (v->segment[0] != '\0') {
				fputs(" &middot; ", fp);
				e(fp, v->segment);
			}
			if (v->time[0] != '\0') {
				fputs(" &middot; ", fp);
				fprintf(fp, "%.10s", v->time);
			}
			if (v->same > 0)
				fprintf(fp, " &middot; <b>%zu more said the "
				    "same</b>", v->same);
			fputs("</cite></blockquote>\n", fp);
		}
		fputs("</div>\n", fp);
	}
	fputs("</div>\n</section>\n", fp);
}

static void
segments(FILE *fp, const struct map *mp)
{
	size_t i, s;
	char v[64], n[32];

	fputs("<section id=\"segments\">\n<h2>By segment</h2>\n", fp);
	if (mp->nseg == 0) {
		fputs("<p class=\"note\">The segment table has no rows for this "
		    "period.</p>\n</section>\n", fp);
		return;
	}
	fputs("<p>Headline KPI by segment. <b>\xe2\x96\xbc</b> shaded: the "
	    "interval lies wholly below the touchpoint overall; <b>"
	    "\xe2\x96\xb2</b> shaded: wholly above. <span class=\"lbx\">"
	    "Grey italics*</span>: low base, read with care.</p>\n"
	    "<div class=\"scroll\"><table>\n"
	    "<tr><th>Touchpoint</th><th>KPI</th><th>Overall</th>", fp);
	for (s = 0; s < mp->nseg; s++) {
		fputs("<th>", fp);
		e(fp, mp->seg[s][0] ? mp->seg[s] : "(none)");
		fputs("</th>", fp);
	}
	fputs("</tr>\n", fp);
	for (i = 0; i < mp->nm; i++) {
		const struct meas *m = &mp->m[i];

		if (!fmt_has_cells(mp, i))
			continue;
		fputs("<tr><td>", fp);
		e(fp, m->journey ? "All touchpoints" : m->touchpoint);
		fputs("</td><td>", fp);
		e(fp, m->journey ? fmt_kpi_label_scale(m) : fmt_kpi_label(m));
		fputs("</td><td class=\"num\">", fp);
		em(fp, fmt_value(v, sizeof(v), m, m->value));
		fputs("</td>", fp);
		for (s = 0; s < mp->nseg; s++) {
			const struct segcell *c = &mp->cell[i * mp->nseg + s];

			if (c->m == NULL) {
				fputs("<td class=\"num\">&ndash;</td>", fp);
				continue;
			}
			fprintf(fp, "<td class=\"num%s%s\">", c->m->low_base ?
			    " lb" : "", c->mark < 0 ? " worse" : c->mark > 0 ?
			    " better" : "");
			if (c->mark != 0)
				fputs(c->mark < 0 ? "\xe2\x96\xbc " :
				    "\xe2\x96\xb2 ", fp);
			em(fp, fmt_value(v, sizeof(v), c->m, c->m->value));
			fprintf(fp, "%s <small>n %s</small></td>",
			    c->m->low_base ? "*" : "",
			    fmt_n(n, sizeof(n), c->m->n));
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table></div>\n</section>\n", fp);
}

static void
quality(FILE *fp, const struct map *mp)
{
	char a[32], b[32], c[32];

	fputs("<section id=\"quality\">\n<h2>Data quality</h2>\n<ul "
	    "class=\"dq\">\n", fp);
	fputs("<li>KPI table: ", fp);
	e(fp, base(mp->kpi_path));
	if (mp->period != NULL) {
		fputs(", period ", fp);
		e(fp, mp->period);
		if (mp->nperiods > 1)
			fprintf(fp, " (the latest of %zu periods in the table)",
			    mp->nperiods);
	}
	fprintf(fp, ", %zu touchpoint row%s.</li>\n", mp->nm - mp->njourney,
	    mp->nm - mp->njourney == 1 ? "" : "s");
	if (mp->resp_path != NULL) {
		fprintf(fp, "<li>Responses: <b>%s</b> respondents, %s answers, "
		    "%s with a comment", fmt_n(a, sizeof(a),
		    (double)mp->nresp), fmt_n(b, sizeof(b),
		    (double)mp->nanswers), fmt_n(c, sizeof(c),
		    (double)mp->ncomments));
		fmt_answered(fp, mp, e);
		fputs(".", fp);
		if (mp->nresp_rows != mp->nanswers)
			fprintf(fp, " %s %s answers of "
			    "%s respondents%s%s%s; only those of period %s "
			    "count here.", mp->counted ? "The respondent tables "
			    "hold" : "The response file holds", fmt_n(a, sizeof(a),
			    (double)mp->nresp_rows), fmt_n(b, sizeof(b),
			    (double)mp->nresp_all), mp->notime_all ? " (" : "",
			    mp->notime_all ? fmt_n(c, sizeof(c),
			    (double)mp->notime_all) : "", mp->notime_all ?
			    " without a time, in no period)" : "", mp->period);
		fputs("</li>\n", fp);
	}
	if (mp->rej_path != NULL) {
		fprintf(fp, "<li>Rejected by cjm-ingest: <b>%s</b>",
		    fmt_n(a, sizeof(a), (double)mp->nrejtotal));
		fmt_rejects(fp, mp, e);
		fputs(".</li>\n", fp);
	}
	fputs("<li>", fp);
	fmt_low_base(fp, mp);
	fputs(".</li>\n</ul>\n</section>\n", fp);
}

static void
method(FILE *fp, const struct map *mp)
{
	size_t i;

	fputs("<section id=\"method\">\n<h2>Method notes</h2>\n<ul "
	    "class=\"dq\">\n<li>Intervals: ", fp);
	fmt_conf_words(fp, mp, e);
	fputs(".<ul>\n", fp);
	for (i = 0; i < mp->nmethods; i++) {
		fputs("<li><code>", fp);
		e(fp, mp->methods[i].name);
		fprintf(fp, "</code> (%zu row%s): ", mp->methods[i].n,
		    mp->methods[i].n == 1 ? "" : "s");
		e(fp, fmt_method_desc(mp->methods[i].name));
		fputs("</li>\n", fp);
	}
	fputs("</ul></li>\n", fp);
	for (i = 0; i < fmt_nnotes; i++) {
		fputs("<li>", fp);
		e(fp, fmt_notes[i]);
		fputs("</li>\n", fp);
	}
	if (mp->drv_path != NULL) {
		fputs("<li>", fp);
		e(fp, fmt_note_drivers);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n</section>\n", fp);
}

static void
empty(FILE *fp, const struct map *mp)
{
	(void)mp;
	fputs("<p class=\"note\">The KPI table has no touchpoint rows: "
	    "nothing to map.</p>\n", fp);
}

static const struct fmt_sections sections = {
	empty, NULL, act_first, journey, charts, funnel, drivers, verbatims,
	segments, quality, method
};

void
out_html(FILE *fp, const struct map *mp)
{
	size_t i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>", fp);
	e(fp, mp->title);
	if (mp->period != NULL) {
		fputs(" \xe2\x80\x94 ", fp);
		e(fp, mp->period);
	}
	fputs("</title>\n<style>\n", fp);
	for (i = 0; i < sizeof(css) / sizeof(css[0]); i++)
		fputs(css[i], fp);
	if (mp->fun_path != NULL)
		fputs(css_funnel, fp);
	fputs("</style>\n</head>\n<body>\n<main>\n", fp);
	header(fp, mp);
	fmt_report(fp, mp, &sections);
	fputs("<footer>Made by cjm-map from ", fp);
	e(fp, base(mp->kpi_path));
	fputs(".</footer>\n</main>\n</body>\n</html>\n", fp);
}
