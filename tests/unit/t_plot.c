/*
 * t_plot.c -- lib/plot: quoting, option parsers, row selection, the
 * safety of generated scripts, and the gnuplot runner (with cat and
 * false standing in for gnuplot).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "t.h"

static char *
quoted(const char *s, size_t max)
{
	static char buf[256];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	plot_quote(fp, s, max);
	fclose(fp);
	return buf;
}

static struct plot_kpi
row(long step, const char *stage, const char *tp, const char *metric,
    const char *segment, const char *period)
{
	struct plot_kpi k;

	memset(&k, 0, sizeof(k));
	k.step = step;
	k.stage = (char *)stage;
	k.touchpoint = (char *)tp;
	k.metric = (char *)metric;
	k.segment = (char *)segment;
	k.period = (char *)period;
	k.scale = (char *)(strcmp(metric, "nps") == 0 ? "0-10" :
	    strcmp(metric, "ces") == 0 ? "1-7" : "1-5");
	k.kpi = (char *)(strcmp(metric, "nps") == 0 ? "nps" :
	    strcmp(metric, "ces") == 0 ? "mean" : "top2");
	k.n = 100;
	k.value = 10;
	k.ci_low = 5;
	k.ci_high = 15;
	k.pct_top = 40;
	k.pct_mid = 30;
	k.pct_bottom = 30;
	k.net = 10;
	k.net_low = 5;
	k.net_high = 15;
	k.target = k.conf = k.mean = k.mean_low = k.mean_high = NAN;
	return k;
}

/*
 * The safety property of a script: outside datablocks, no backquote, '@'
 * or ';' outside single quotes, and a double quote only as our "\n" or
 * "\047" (a leading quote of a name); datablock lines hold only numbers,
 * NaN and comments of ours.  Single quotes are counted as gnuplot's
 * @macro expansion counts them, so a single quote of ours inside double
 * quotes would be caught.
 */
static int
script_is_inert(const char *script)
{
	const char *p = script, *nl;
	int inblock = 0, inq;

	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			return 0;	/* every line ends */
		if (inblock) {
			if (strncmp(p, "EOD\n", 4) == 0)
				inblock = 0;
			else if (*p != '#' && strspn(p, "0123456789.-+e NaN")
			    != (size_t)(nl - p))
				return 0;
			continue;
		}
		if (nl - p > 6 && strncmp(nl - 6, "<< EOD", 6) == 0)
			inblock = 1;
		for (inq = 0; p < nl; p++) {
			if (*p == '\'')
				inq = !inq;
			else if ((unsigned char)*p < 0x20 && *p != '\t')
				return 0;
			else if (!inq && (*p == '`' || *p == '@' || *p == ';'))
				return 0;
			else if (!inq && *p == '"') {
				if (strncmp(p, "\"\\n\"", 4) == 0)
					p += 3;
				else if (strncmp(p, "\"\\047\"", 6) == 0)
					p += 5;
				else
					return 0;
			}
		}
		if (inq)
			return 0;
	}
	return !inblock;
}

int
main(void)
{
	struct plot_data *d;
	struct plot_opts o;
	struct plot_kpi k;
	enum plot_term term;
	enum plot_chart chart;
	char err[512], *s, *out, *big, path[64];
	const char *svg;
	size_t len, i;
	int w, h;
	FILE *fp;

	/* quoting */
	T_STREQ(quoted("it's", 0), "'it''s'");
	/* gnuplot takes two quotes at the start for the empty string; a
	 * quote inside double quotes would confuse its @macro expansion */
	T_STREQ(quoted("'x", 0), "\"\\047\".'x'");
	T_STREQ(quoted("''; system('x')", 0),
	    "\"\\047\".\"\\047\".'; system(''x'')'");
	T_STREQ(quoted("'", 0), "\"\\047\".''");
	T_STREQ(quoted("x'", 0), "'x'''");
	T_STREQ(quoted("a\nb\tc\r\x7f", 0), "'a b c  '");
	T_STREQ(quoted("`x` @y \"z\" %s", 0), "'`x` @y \"z\" %s'");
	T_STREQ(quoted("\xc3\xa9\xc3\xa9\xc3\xa9", 3), "'\xc3\xa9...'");
	T_STREQ(quoted("abc", 3), "'abc'");

	/* option parsers */
	T_CHECK(plot_term_for_path("a.PNG", &term) == 0 && term == PLOT_PNG);
	T_CHECK(plot_term_for_path("d/x.svg", &term) == 0 && term == PLOT_SVG);
	T_CHECK(plot_term_for_path("x.pdf", &term) == 0 && term == PLOT_PDF);
	T_CHECK(plot_term_for_path("x.txt", &term) == 0 && term == PLOT_DUMB);
	T_CHECK(plot_term_for_path("x.svg/chart", &term) == -1);
	T_CHECK(plot_term_for_path("chart", &term) == -1);
	T_CHECK(plot_term_for_path("x.jpeg", &term) == -1);
	T_CHECK(plot_term_parse("pngcairo", &term) == 0 && term == PLOT_PNG);
	T_CHECK(plot_term_parse("gif", &term) == -1);
	T_CHECK(plot_chart_parse("dist", &chart) == 0 && chart == PLOT_DIST);
	T_CHECK(plot_chart_parse("Journey", &chart) == -1);
	T_CHECK(plot_size_parse("1280x720", &w, &h) == 0 && w == 1280 &&
	    h == 720);
	T_CHECK(plot_size_parse("0x10", &w, &h) == -1);
	T_CHECK(plot_size_parse("12x", &w, &h) == -1);
	T_CHECK(plot_size_parse("x12", &w, &h) == -1);
	T_CHECK(plot_size_parse("+5x5", &w, &h) == -1);
	T_CHECK(plot_size_parse("5x5px", &w, &h) == -1);
	T_CHECK(plot_size_parse("20001x5", &w, &h) == -1);

	/* the svg element of a document */
	svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svgx/><svg\n width>";
	T_CHECK(plot_svg_body(svg) == strstr(svg, "<svg\n"));
	T_CHECK(plot_svg_body("<html></html>") == NULL);

	/* selection: several segments need a choice */
	memset(&o, 0, sizeof(o));
	o.term = PLOT_SVG;
	d = plot_data_new();
	k = row(1, "S", "T1", "nps", "Pro", "2026-09");
	plot_data_add_kpi(d, &k);
	k = row(1, "S", "T1", "nps", "Private", "2026-09");
	plot_data_add_kpi(d, &k);
	k = row(1, "S", "T1", "nps", "Pro", "2026-10");
	plot_data_add_kpi(d, &k);
	T_CHECK(plot_data_nkpi(d) == 3);
	T_STREQ(plot_data_kpi(d, 1)->segment, "Private");
	T_CHECK(plot_data_kpi(d, 3) == NULL);
	T_CHECK(plot_script(d, &o, err, sizeof(err)) == NULL);
	T_STREQ(err, "several segments ('Pro', 'Private'): choose one with "
	    "--segment");
	o.segment = "Pro";
	s = plot_script(d, &o, err, sizeof(err));
	T_CHECK(s != NULL && strstr(s, "'Period: '.'2026-10'") != NULL);
	T_CHECK(s != NULL && strstr(s, "'Segment: '.'Pro'") != NULL);
	free(s);
	o.period = "2026-09";
	s = plot_script(d, &o, err, sizeof(err));
	T_CHECK(s != NULL && strstr(s, "'Period: '.'2026-09'") != NULL);
	free(s);
	o.period = "2026-11";
	T_CHECK(plot_script(d, &o, err, sizeof(err)) == NULL);
	T_STREQ(err, "no rows for period '2026-11' (periods: '2026-09', "
	    "'2026-10')");
	plot_data_free(d);
	plot_data_free(NULL);

	/* hostile names: every chart's script stays inert */
	d = plot_data_new();
	k = row(2, "`touch /tmp/x`", "\"; system(\"id\"); \"", "nps", "",
	    "2026-10");
	plot_data_add_kpi(d, &k);
	k = row(1, "a;b\nEOD\n", "@x it's\r\n%s", "ces", "", "2026-10");
	k.target = 5;
	plot_data_add_kpi(d, &k);
	k = row(3, "S", "x", "csat", "", "2026-11");
	k.low_base = 1;
	plot_data_add_kpi(d, &k);
	k = row(4, "'S", "''@x; quit", "nps", "", "2026-10");
	plot_data_add_kpi(d, &k);
	memset(&o, 0, sizeof(o));
	o.title = "`id` @t \"q\"";
	for (i = 0; i < 8; i++) {
		o.chart = i < 3 ? PLOT_JOURNEY : i < 5 ? PLOT_DIST : PLOT_TREND;
		o.curve = i == 1 ? PLOT_NET : PLOT_HEADLINE;
		o.term = (enum plot_term)(i % 4);
		o.metric = o.chart == PLOT_TREND ? "nps" : NULL;
		o.period = o.chart == PLOT_TREND ? NULL : "2026-10";
		o.title = i == 2 ? NULL : "`id` @t \"q\"";
		s = plot_script(d, &o, err, sizeof(err));
		T_CHECK(s != NULL);
		if (s == NULL) {
			fprintf(stderr, "chart %zu: %s\n", i, err);
			continue;
		}
		T_CHECK(script_is_inert(s));
		T_CHECK(strstr(s, "'@x it''s  %%s'") != NULL ||
		    strstr(s, "'@x it''s  %s'") != NULL ||
		    o.chart == PLOT_TREND);
		if (!script_is_inert(s))
			fprintf(stderr, "chart %zu:\n%s\n", i, s);
		free(s);
	}
	plot_data_free(d);

	/* the drivers chart, with hostile names everywhere */
	{
		struct plot_drv v;

		d = plot_data_new();
		memset(&v, 0, sizeof(v));
		v.outcome = "'@x`id`";
		v.outcome_metric = "nps";
		v.segment = "'; @s";
		v.period = "@p";
		v.stage = "S";
		v.metric = "csat";
		v.quadrant = "fix";
		v.n = 100;
		v.k = 2;
		v.r2 = 0.5;
		v.r2_low = v.r2_high = v.r = v.r_low = v.r_high = NAN;
		v.conf = 0.95;
		v.touchpoint = "'`touch x`; @y";
		v.importance = 70;
		v.imp_low = 60;
		v.imp_high = 80;
		v.performance = 40;
		plot_data_add_drv(d, &v);
		v.touchpoint = "\"; system(\"id\") \"\nEOD";
		v.quadrant = "ok";
		v.importance = 30;
		v.imp_low = v.imp_high = NAN;
		v.performance = 80;
		plot_data_add_drv(d, &v);
		memset(&o, 0, sizeof(o));
		o.chart = PLOT_DRIVERS;
		for (i = 0; i < 4; i++) {
			o.term = (enum plot_term)i;
			s = plot_script(d, &o, err, sizeof(err));
			T_CHECK(s != NULL && script_is_inert(s));
			if (s != NULL && !script_is_inert(s))
				fprintf(stderr, "drivers chart:\n%s\n", s);
			free(s);
		}
		o.segment = "other";
		T_CHECK(plot_script(d, &o, err, sizeof(err)) == NULL);
		T_STREQ(err, "no rows for segment 'other' (segments: "
		    "''; @s')");
	}

	/* ...and the checker itself catches what it should */
	T_CHECK(!script_is_inert("set title \"`id`\"\n"));
	T_CHECK(!script_is_inert("set title 'a' @m\n"));
	T_CHECK(!script_is_inert("$d << EOD\n1 `id`\nEOD\n"));
	T_CHECK(script_is_inert("set title 'a `id` ''b'''.\"\\n\".'c'\n"));
	T_CHECK(script_is_inert("set title \"\\047\".'@x'\n"));
	T_CHECK(!script_is_inert("set title \"'\".'@x'\n"));
	plot_data_free(d);

	/* x slots: one per (stage, touchpoint) in the order of the first
	 * row, "(metric)" under those with several rows; the headline chart
	 * (per_row) gives each row its slot.  In linear-log time: 60000
	 * touchpoints (pairwise, 100000 took minutes). */
	d = plot_data_new();
	k = row(1, "A", "T", "nps", "", "");
	plot_data_add_kpi(d, &k);
	k = row(2, "B", "T", "csat", "", "");	/* same name, other stage */
	plot_data_add_kpi(d, &k);
	k = row(3, "A", "U", "ces", "", "");
	plot_data_add_kpi(d, &k);
	k = row(4, "A", "T", "csat", "", "");	/* A/T again */
	plot_data_add_kpi(d, &k);
	memset(&o, 0, sizeof(o));
	o.term = PLOT_SVG;
	o.curve = PLOT_NET;
	s = plot_script(d, &o, err, sizeof(err));
	T_CHECK(s != NULL && strstr(s, "set xtics nomirror scale 0 font "
	    "',10' ('T'.\"\\n\".'(NPS)' 1, 'T' 2, 'U' 3, "
	    "'T'.\"\\n\".'(CSAT)' 4)") != NULL);
	if (s != NULL && strstr(s, "'T' 2, 'U' 3") == NULL)
		fprintf(stderr, "%s\n", s);
	free(s);
	o.curve = PLOT_HEADLINE;
	s = plot_script(d, &o, err, sizeof(err));
	T_CHECK(s != NULL && strstr(s, "('T' 1, 'T' 2, 'U' 3)") != NULL);
	free(s);
	plot_data_free(d);
	d = plot_data_new();
	for (i = 0; i < 60000; i++) {
		snprintf(err, sizeof(err), "T%zu", i);
		k = row((long)i + 1, i % 2 ? "A" : "B", err, "nps", "", "");
		plot_data_add_kpi(d, &k);	/* (copies the strings) */
	}
	o.curve = PLOT_NET;
	s = plot_script(d, &o, err, sizeof(err));
	T_CHECK(s != NULL && strstr(s, "'T59999' 60000)") != NULL);
	free(s);
	plot_data_free(d);

	/* trend: periods sorted and distinct, one series per (stage,
	 * touchpoint) in order of appearance, rows by series in file order;
	 * a row's flag from the first compare row in file order that matches
	 * (no level: both; no channel: any; no period_cur: the latest) */
	d = plot_data_new();
	k = row(1, "A", "T", "nps", "", "2026-11");
	k.channel = (char *)"online";
	plot_data_add_kpi(d, &k);
	k = row(2, "A", "U", "nps", "", "2026-09");
	k.channel = (char *)"online";
	plot_data_add_kpi(d, &k);
	k = row(1, "A", "T", "nps", "", "2026-10");
	k.channel = (char *)"online";
	plot_data_add_kpi(d, &k);
	k = row(2, "A", "U", "nps", "", "2026-11");
	k.channel = (char *)"online";
	plot_data_add_kpi(d, &k);
	{
		struct plot_cmp c;

		memset(&c, 0, sizeof(c));
		c.journey = -1;
		c.stage = (char *)"A";
		c.touchpoint = (char *)"T";
		c.channel = (char *)"offline";	/* no match */
		c.segment = (char *)"";
		c.metric = (char *)"nps";
		c.period_cur = (char *)"2026-11";
		c.flag = 1;
		plot_data_add_cmp(d, &c);
		c.channel = (char *)"";
		c.period_cur = (char *)"";	/* the latest */
		c.flag = -1;
		plot_data_add_cmp(d, &c);
		c.flag = 1;			/* not the first match */
		plot_data_add_cmp(d, &c);
		c.touchpoint = (char *)"U";
		c.period_cur = (char *)"2026-09";
		c.journey = 1;			/* a journey row: no match */
		plot_data_add_cmp(d, &c);
		c.journey = 0;
		c.flag = 1;
		plot_data_add_cmp(d, &c);
	}
	memset(&o, 0, sizeof(o));
	o.term = PLOT_SVG;
	o.chart = PLOT_TREND;
	s = plot_script(d, &o, err, sizeof(err));
	T_CHECK(s != NULL && strstr(s, "('2026-09' 1, '2026-10' 2, "
	    "'2026-11' 3)") != NULL);
	T_CHECK(s != NULL && strstr(s, "$s1 << EOD\n# x value low high "
	    "low_base flag\n3 10 5 15 0 -1\n2 10 5 15 0 0\nEOD\n") != NULL);
	T_CHECK(s != NULL && strstr(s, "$s2 << EOD\n# x value low high "
	    "low_base flag\n1 10 5 15 0 1\n3 10 5 15 0 0\nEOD\n") != NULL);
	if (s != NULL && strstr(s, "3 10 5 15 0 -1") == NULL)
		fprintf(stderr, "%s\n", s);
	free(s);
	plot_data_free(d);

	/* reading a KPI table from a stream */
	d = plot_data_new();
	fp = fmemopen((char *)"level,step,touchpoint\ngroup,1,T\n", 31, "r");
	T_CHECK(plot_data_read_kpi(d, fp, "k.csv", err, sizeof(err)) == -1);
	T_STREQ(err, "k.csv:1: missing column 'stage' (not a KPI table?)");
	fclose(fp);
	plot_data_free(d);

	/* the runner, with cat as gnuplot: output = input, even when far
	 * larger than a pipe buffer in both directions */
	big = malloc(3000001);
	for (i = 0; i < 3000000; i++)
		big[i] = (char)('a' + i % 26);
	big[3000000] = '\0';
	setenv("GNUPLOT", "cat", 1);
	out = plot_exec(big, &len, err, sizeof(err));
	T_CHECK(out != NULL && len == 3000000 && memcmp(out, big, len) == 0);
	free(out);
	snprintf(path, sizeof(path), "/tmp/t_plot.%ld.svg", (long)getpid());
	T_CHECK(plot_run("hello\n", path, err, sizeof(err)) == 0);
	fp = fopen(path, "r");
	T_CHECK(fp != NULL && fgets(err, sizeof(err), fp) != NULL &&
	    strcmp(err, "hello\n") == 0);
	if (fp != NULL)
		fclose(fp);
	unlink(path);
	T_CHECK(plot_run("x\n", "/nonexistent-dir/x.svg", err,
	    sizeof(err)) == -1);
	T_STREQ(err, "/nonexistent-dir/x.svg: No such file or directory");
	setenv("GNUPLOT", "false", 1);
	T_CHECK(plot_exec(big, &len, err, sizeof(err)) == NULL);
	T_STREQ(err, "gnuplot 'false' failed (exit status 1)");
	setenv("GNUPLOT", "true", 1);
	T_CHECK(plot_exec("x\n", &len, err, sizeof(err)) == NULL);
	T_STREQ(err, "gnuplot 'true' wrote no output");
	free(big);

	/* plot_render prefixes gnuplot's shared svg ids, not text */
	d = plot_data_new();
	k = row(1, "S", "T", "nps", "", "");
	plot_data_add_kpi(d, &k);
	memset(&o, 0, sizeof(o));
	o.term = PLOT_SVG;
	o.svg_name = "j-1";
	setenv("GNUPLOT", "testdata/plot/fake-svg-gnuplot", 1);
	out = plot_render(d, &o, &len, err, sizeof(err));
	T_CHECK(out != NULL);
	if (out != NULL) {
		T_CHECK(len == strlen(out));
		T_CHECK(strstr(out, "<g id=\"j_1_gnuplot_canvas\">") != NULL);
		T_CHECK(strstr(out, "<circle id='j_1_gpDot'") != NULL);
		T_CHECK(strstr(out, "<use xlink:href='#j_1_gpPt0' "
		    "id='j_1_gpPt1'/>") != NULL);
		T_CHECK(strstr(out, "<use xlink:href='#j_1_gpPt1' ") != NULL);
		T_CHECK(strstr(out, "<text>#gpPt1 'gpDot' \"gnuplot_canvas\" "
		    "a > b</text>") != NULL);
		T_CHECK(plot_svg_body(out) != NULL &&
		    strncmp(plot_svg_body(out), "<svg width", 10) == 0);
	}
	free(out);
	o.svg_name = NULL;
	out = plot_render(d, &o, &len, err, sizeof(err));
	T_CHECK(out != NULL && strstr(out, "<g id=\"gnuplot_canvas\">") !=
	    NULL);
	free(out);
	plot_data_free(d);
	return t_done("t_plot");
}
