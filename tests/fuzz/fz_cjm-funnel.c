/*
 * fz_cjm-funnel.c -- libFuzzer harness: cjm-funnel in-process
 * (tests/fuzz/fz.h) on analytics event exports: decoding, column
 * detection, times (dates, epochs), the funnel rule, segments, periods,
 * the funnel table and rejects.
 *
 * Input: four option bytes, then parts separated by "@@@@\n":
 *	journey file, events [, second events file]
 * [0] --period (bits 0-2: none day week month quarter), --by segment,
 * -s device, -s country, --prop-ci (bits 6-7: default agresti-coull
 * clopper-pearson jeffreys); [1] --since, --until, -w (bits 2-3: default
 * 1h 7d 90s), --time-unit (bits 4-5: none s ms us), -r rejects, --strict;
 * [2] -e (bits 0-1: auto utf-8 utf-16 cp1252), -d (bits 2-3: sniffed , ;
 * tab), --date-order (bits 4-5: none mdy dmy), -l 0.9, the events as file
 * operands (else stdin; two files when a second part is there); [3]
 * --id user, --time ts, -s case (the columns of testdata/funnel/rules*).
 *
 * Every run: status 0 or 1 (2 never: the command lines are valid),
 * messages "cjm-funnel: ..." on one line each, no leak, no descriptor
 * left open.  Status 0 (docs/formats.md section 5):
 *  - the funnel table as lib/csvw writes it, valid UTF-8, its columns in
 *    order; funnels in ascending (segment, period) byte order, each with
 *    every step of the journey's funnel in journey order, whose stage,
 *    touchpoint, channel and event it carries;
 *  - the counts hold together: reached whole, step 1 at least 1 and 100
 *    overall with no interval, reached never above the previous step's,
 *    dropped the difference, conversion and overall the percentages
 *    (to 1e-6) inside their intervals on 0-100, empty where the
 *    previous step has nobody; median_time a non-negative number, empty
 *    exactly where nobody reached the step (and on step 1); method and
 *    conf as asked;
 *  - every row of each summary accounted for (rows = step events + other
 *    events + outside --since/--until + rejected), the total the sum of
 *    the files, and one rejects-file row per rejected row;
 * and one input in 8 is run twice for the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "journey.h"
#include "num.h"

#define SEP	"@@@@\n"

static const char *const periods[] = { "day", "week", "month", "quarter" };
static const char *const propci[] = { "wilson", "agresti-coull",
	"clopper-pearson", "jeffreys" };
static const char *const windows[] = { "1h", "7d", "90s" };
static const char *const units[] = { "s", "ms", "us" };
static const char *const encodings[] = { "utf-8", "utf-16", "cp1252" };
static const char *const delims[] = { ",", ";", "tab" };
static const char *const cols[] = { "step", "stage", "touchpoint",
	"channel", "event", "segment", "period", "reached", "dropped",
	"conversion", "conv_low", "conv_high", "overall", "overall_low",
	"overall_high", "median_time", "method", "conf" };
enum { C_STEP, C_STAGE, C_TOUCH, C_CHAN, C_EVENT, C_SEG, C_PER, C_REACHED,
	C_DROPPED, C_CONV, C_CLO, C_CHI, C_OVER, C_OLO, C_OHI, C_MEDIAN,
	C_METHOD, C_CONF, NCOLS };

/* A number cell: 1 and *v, 0 when empty; fails otherwise. */
static int
numcell(const struct fz_run *r, const char *s, size_t row, const char *col,
    double *v)
{
	if (s[0] == '\0')
		return 0;
	if (num_parse(s, v) != 0 || !isfinite(*v))
		fz_fail(r, "row %zu: %s '%s' not a number", row, col, s);
	return 1;
}

static void
pct(const struct fz_run *r, const struct fz_tab *t, size_t i, int c, int clo,
    int chi, double num, double den)
{
	double v, lo, hi, want = 100 * num / den;

	if (!numcell(r, fz_cell(t, i, c), i + 1, cols[c], &v))
		fz_fail(r, "row %zu: no %s for %g of %g", i + 1, cols[c], num,
		    den);
	if (fabs(v - want) > 1e-6 * (1 + want))
		fz_fail(r, "row %zu: %s %s, not 100 * %g / %g", i + 1, cols[c],
		    fz_cell(t, i, c), num, den);
	if (!numcell(r, fz_cell(t, i, clo), i + 1, cols[clo], &lo) ||
	    !numcell(r, fz_cell(t, i, chi), i + 1, cols[chi], &hi))
		fz_fail(r, "row %zu: %s without its interval", i + 1, cols[c]);
	if (!(lo >= 0 && lo <= v + 1e-6 && v <= hi + 1e-6 && hi <= 100))
		fz_fail(r, "row %zu: %s %g outside [%g, %g] or the interval "
		    "outside 0-100", i + 1, cols[c], v, lo, hi);
}

static void
check_table(const struct fz_run *r, const char *jpath, const char *method,
    const char *conf)
{
	struct fz_tab t;
	struct journey *j;
	const struct journey_row *row;
	char err[256];
	unsigned long line;
	size_t i, k, start;
	long step, reached, prev = 0, first = 0, dropped;
	double v;
	int c;

	fz_csv(r, &t, r->out, r->outlen, "stdout");
	if (!fz_utf8(r->out, r->outlen))
		fz_fail(r, "stdout: not valid UTF-8");
	fz_columns(r, &t, cols, NCOLS, "stdout");
	if ((j = journey_load(jpath, &line, err, sizeof(err))) == NULL)
		fz_fail(r, "status 0 with a journey file lib/journey refuses: "
		    "%s", err);
	if (j->nstep == 0)
		fz_fail(r, "status 0 with a journey without a funnel");
	if (t.nrow % j->nstep != 0)
		fz_fail(r, "%zu rows for funnels of %zu steps", t.nrow,
		    j->nstep);
	for (i = 0; i < t.nrow; i++) {
		k = i % j->nstep;
		start = i - k;
		row = &j->row[j->step[k].row];
		if (num_parse_long(fz_cell(&t, i, C_STEP), 1, (long)j->n,
		    &step) != 0 || step != row->step)
			fz_fail(r, "row %zu: step '%s', not %d (funnel step %zu)",
			    i + 1, fz_cell(&t, i, C_STEP), row->step, k + 1);
		if (strcmp(fz_cell(&t, i, C_STAGE), row->stage) != 0 ||
		    strcmp(fz_cell(&t, i, C_TOUCH), row->touchpoint) != 0 ||
		    strcmp(fz_cell(&t, i, C_CHAN), row->channel) != 0 ||
		    strcmp(fz_cell(&t, i, C_EVENT), j->step[k].event) != 0)
			fz_fail(r, "row %zu: not the keys of journey step %d",
			    i + 1, row->step);
		if (k > 0 && (strcmp(fz_cell(&t, i, C_SEG), fz_cell(&t, start,
		    C_SEG)) != 0 || strcmp(fz_cell(&t, i, C_PER),
		    fz_cell(&t, start, C_PER)) != 0))
			fz_fail(r, "row %zu: a funnel cut short", i + 1);
		if (k == 0 && i > 0) {
			c = strcmp(fz_cell(&t, i - 1, C_SEG), fz_cell(&t, i,
			    C_SEG));
			if (c > 0 || (c == 0 && strcmp(fz_cell(&t, i - 1,
			    C_PER), fz_cell(&t, i, C_PER)) >= 0))
				fz_fail(r, "row %zu: funnel (%s, %s) out of "
				    "order", i + 1, fz_cell(&t, i, C_SEG),
				    fz_cell(&t, i, C_PER));
		}
		if (num_parse_long(fz_cell(&t, i, C_REACHED), 0, 1L << 53,
		    &reached) != 0)
			fz_fail(r, "row %zu: reached '%s'", i + 1,
			    fz_cell(&t, i, C_REACHED));
		if (strcmp(fz_cell(&t, i, C_METHOD), method) != 0 ||
		    strcmp(fz_cell(&t, i, C_CONF), conf) != 0)
			fz_fail(r, "row %zu: method %s conf %s, asked %s %s",
			    i + 1, fz_cell(&t, i, C_METHOD),
			    fz_cell(&t, i, C_CONF), method, conf);
		if (k == 0) {
			if (reached < 1)
				fz_fail(r, "row %zu: a funnel nobody started",
				    i + 1);
			if (fz_cell(&t, i, C_DROPPED)[0] != '\0' ||
			    fz_cell(&t, i, C_CONV)[0] != '\0' ||
			    fz_cell(&t, i, C_CLO)[0] != '\0' ||
			    fz_cell(&t, i, C_CHI)[0] != '\0' ||
			    strcmp(fz_cell(&t, i, C_OVER), "100") != 0 ||
			    fz_cell(&t, i, C_OLO)[0] != '\0' ||
			    fz_cell(&t, i, C_OHI)[0] != '\0' ||
			    fz_cell(&t, i, C_MEDIAN)[0] != '\0')
				fz_fail(r, "row %zu: step 1 is not 100 with "
				    "the rest empty", i + 1);
			first = prev = reached;
			continue;
		}
		if (reached > prev)
			fz_fail(r, "row %zu: %ld reached after %ld", i + 1,
			    reached, prev);
		if (num_parse_long(fz_cell(&t, i, C_DROPPED), 0, 1L << 53,
		    &dropped) != 0 || dropped != prev - reached)
			fz_fail(r, "row %zu: dropped '%s' for %ld then %ld",
			    i + 1, fz_cell(&t, i, C_DROPPED), prev, reached);
		if (prev > 0)
			pct(r, &t, i, C_CONV, C_CLO, C_CHI, (double)reached,
			    (double)prev);
		else if (fz_cell(&t, i, C_CONV)[0] != '\0' ||
		    fz_cell(&t, i, C_CLO)[0] != '\0' ||
		    fz_cell(&t, i, C_CHI)[0] != '\0')
			fz_fail(r, "row %zu: a conversion from nobody", i + 1);
		pct(r, &t, i, C_OVER, C_OLO, C_OHI, (double)reached,
		    (double)first);
		if (numcell(r, fz_cell(&t, i, C_MEDIAN), i + 1, "median_time",
		    &v) != (reached > 0) || (reached > 0 && !(v >= 0)))
			fz_fail(r, "row %zu: median_time '%s' for %ld reached",
			    i + 1, fz_cell(&t, i, C_MEDIAN), reached);
		prev = reached;
	}
	journey_free(j);
	fz_tab_free(&t);
}

/* The number at *s followed by word (" row", " step event"...), then
 * past the next ", "; -1 when not so. */
static long
take(const char **s, const char *word)
{
	char *q;
	long v;

	if (**s < '0' || **s > '9')
		return -1;
	v = strtol(*s, &q, 10);
	if (strncmp(q, word, strlen(word)) != 0)
		return -1;
	*s = strstr(q, ", ");
	*s = *s != NULL ? *s + 2 : q + strlen(q);
	return v;
}

/*
 * "WHO: N rows, N step events, N other events, [N outside
 * --since/--until, ]N rejected [(...)]": 0 and the numbers, -1 when the
 * line is not one.
 */
static int
parse_sum(const char *p, size_t len, long *rows, long *acc, long *rej)
{
	char buf[1024];
	const char *s, *q;
	long a = -1, b, c, d = 0, e;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	for (q = buf; (q = strstr(q, ": ")) != NULL; q += 2) {
		s = q + 2;
		if ((a = take(&s, " row")) >= 0)
			break;
	}
	if (a < 0 || (b = take(&s, " step event")) < 0 ||
	    (c = take(&s, " other event")) < 0)
		return -1;
	q = s;
	if ((d = take(&q, " outside")) >= 0)
		s = q;
	else
		d = 0;
	if ((e = take(&s, " rejected")) < 0)
		return -1;
	*rows = a;
	*acc = b + c + d + e;
	*rej = e;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[3];
	size_t len[3], rlen;
	char *argv[48];
	const char *jpath, *method = "wilson", *conf = "0.95", *p, *end, *nl;
	const char *rj;
	struct fz_run r;
	struct fz_tab rt;
	long rows, acc, rej, srows = 0, sacc = 0, srej = 0, nsum = 0;
	int a = 0, o0, o1, o2, o3, nev, i, tot;

	if (size < 4)
		return 0;
	o0 = data[0];
	o1 = data[1];
	o2 = data[2];
	o3 = data[3];
	nev = fz_split(data + 4, size - 4, SEP, part, len, 3) >= 2 ? 2 : 1;
	argv[a++] = "cjm-funnel";
	argv[a++] = "-j";
	argv[a++] = (char *)(jpath = fz_in(0, part[0], len[0]));
	if ((o0 & 7) >= 1 && (o0 & 7) <= 4) {
		argv[a++] = "-p";
		argv[a++] = (char *)periods[(o0 & 7) - 1];
	}
	if (o0 & 8) {
		argv[a++] = "--by";
		argv[a++] = "segment";
	}
	if (o0 & 0x10) {
		argv[a++] = "-s";
		argv[a++] = "device";
	}
	if (o0 & 0x20) {
		argv[a++] = "-s";
		argv[a++] = "country";
	}
	if (o0 >> 6) {
		argv[a++] = "--prop-ci";
		argv[a++] = (char *)(method = propci[o0 >> 6]);
	}
	if (o1 & 1) {
		argv[a++] = "--since";
		argv[a++] = "2026-11-02";
	}
	if (o1 & 2) {
		argv[a++] = "--until";
		argv[a++] = "2026-11-05T12:00:00";
	}
	if (o1 >> 2 & 3) {
		argv[a++] = "-w";
		argv[a++] = (char *)windows[(o1 >> 2 & 3) - 1];
	}
	if (o1 >> 4 & 3) {
		argv[a++] = "--time-unit";
		argv[a++] = (char *)units[(o1 >> 4 & 3) - 1];
	}
	if (o1 & 0x40) {
		argv[a++] = "-r";
		argv[a++] = (char *)fz_out(0);
	}
	if (o1 & 0x80)
		argv[a++] = "--strict";
	if (o2 & 3) {
		argv[a++] = "-e";
		argv[a++] = (char *)encodings[(o2 & 3) - 1];
	}
	if (o2 >> 2 & 3) {
		argv[a++] = "-d";
		argv[a++] = (char *)delims[(o2 >> 2 & 3) - 1];
	}
	if ((o2 >> 4 & 3) == 1 || (o2 >> 4 & 3) == 2) {
		argv[a++] = "--date-order";
		argv[a++] = (o2 >> 4 & 3) == 1 ? "mdy" : "dmy";
	}
	if (o2 & 0x40) {
		argv[a++] = "-l";
		argv[a++] = (char *)(conf = "0.9");
	}
	if (o3 & 1) {
		argv[a++] = "--id";
		argv[a++] = "user";
	}
	if (o3 & 2) {
		argv[a++] = "--time";
		argv[a++] = "ts";
	}
	if (o3 & 4) {
		argv[a++] = "-s";
		argv[a++] = "case";
	}
	if ((o2 & 0x80) || nev == 2)
		for (i = 0; i < nev; i++)
			argv[a++] = (char *)fz_in(1 + i, part[1 + i],
			    len[1 + i]);
	else
		nev = 1;
	argv[a] = NULL;

	fz_main(fz_main_fn, argv, part[1], len[1], &r);
	fz_status(&r, "01");
	fz_messages(&r);
	if (r.status == 1 && r.outlen > 0) {
		/* failed after its first row: whole rows so far */
		fz_csv(&r, &rt, r.out, r.outlen, "stdout");
		fz_tab_free(&rt);
	}
	if (r.status == 0) {
		check_table(&r, jpath, method, conf);
		/* one summary line per file, then "total" for several */
		end = r.err + r.errlen;
		for (p = r.err; p < end; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(end - p));
			if (parse_sum(p, (size_t)(nl - p), &rows, &acc, &rej) !=
			    0)
				continue;
			if (rows != acc)
				fz_fail(&r, "%ld rows, but %ld accounted for",
				    rows, acc);
			tot = (size_t)(nl - p) > 19 && memcmp(p,
			    "cjm-funnel: total: ", 19) == 0;
			if (tot) {
				if (rows != srows || acc != sacc || rej != srej)
					fz_fail(&r, "the total is not the sum "
					    "of the files");
				continue;
			}
			nsum++;
			srows += rows;
			sacc += acc;
			srej += rej;
		}
		if (nsum != nev)
			fz_fail(&r, "%ld summary lines for %d files", nsum, nev);
		if (o1 & 0x40) {
			rj = fz_outdata(0, &rlen);
			fz_csv(&r, &rt, rj, rlen, "rejects");
			if (!fz_utf8(rj, rlen))
				fz_fail(&r, "rejects: not valid UTF-8");
			if ((long)rt.nrow != srej)
				fz_fail(&r, "%ld rejected in the summaries, %zu "
				    "rows in the rejects file", srej, rt.nrow);
			if (rt.ncol != 5 || fz_col(&rt, "file") != 0 ||
			    fz_col(&rt, "reason") != 4)
				fz_fail(&r, "rejects: not the columns "
				    "file,line,column,value,reason");
			if ((o1 & 0x80) && rt.nrow > 0)
				fz_fail(&r, "--strict: status 0 with rejects");
			fz_tab_free(&rt);
		}
	}
	fz_finish(fz_main_fn, argv, part[1], len[1], data, size, &r);
	return 0;
}
