/*
 * fz_cjm-ingest.c -- libFuzzer harness: cjm-ingest's whole record path,
 * in-process (tests/fuzz/fz.h): an export's bytes through decoding,
 * header detection, the journey's columns, labels, dates, weights, ids,
 * record output and rejects.
 *
 * Input: three option bytes, then parts separated by "@@@@\n":
 *	journey file, --labels file, export [, second export]
 * Option bytes: [0] platform (bits 0-2: 0 detected, else -p), encoding
 * (bits 3-5: 0 auto, else -e), delimiter (bits 6-7: sniffed , ; tab);
 * [1] --strict, -q, -r rejects, --date-order (bits 3-4: none mdy dmy),
 * --include-previews, exports as file operands (else stdin), a second
 * export; [2] --weight weight, -s region, --id respondent, --time time,
 * --labels, -s Segment, --draft-journey (below), --header-row 2.
 *
 * Every run: status 0, 1 or 3, messages "cjm-ingest: ..." on one line
 * each, no leak, no descriptor left open.  Status 1: nothing on stdout,
 * or whole rows (a failure after the first row).  Status 0 (and 3, some
 * exports left out):
 *  - the response table (docs/formats.md section 2) as lib/csvw writes
 *    it, valid UTF-8; each row's step names a journey row whose stage,
 *    touchpoint, channel, metric and scale it carries; score a whole
 *    number on that scale; weight a positive number; time empty or
 *    YYYY-MM-DDTHH:MM:SS; a respondent's rows together, in journey order;
 *  - every record accounted for in the summary (rows = responses +
 *    excluded + duplicates + rejected records, give or take the records
 *    rejected for a bad byte in their id, weight or segment, whose
 *    reasons are also cells'), answers = rows written,
 *    and one rejects-file row per rejected cell or record;
 * and one input in 8 is run twice for the same bytes.
 *
 * --draft-journey (with -p, -e, -d, --header-row, --labels as above, the
 * export as a file): status 0 or 1; status 0: a journey file lib/journey
 * loads, and cjm-ingest given it finds every column in the same export
 * (status 0, the table checked as above).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "journey.h"
#include "num.h"

#define SEP	"@@@@\n"

static const char *const platforms[] = { "qualtrics", "surveymonkey",
	"google", "msforms", "typeform", "questionpro", "generic" };
static const char *const encodings[] = { "utf-8", "utf-16", "utf-16le",
	"utf-16be", "cp1252", "latin1", "macroman" };
static const char *const delims[] = { ",", ";", "tab" };

/* The numbers of one summary line; -1 when the line is not one. */
struct sum {
	long	rows, responses, answers, excluded, dup, rejected, rejrec;
	long	rejbyte;	/* NUL character, invalid UTF-8: a cell, or
				 * the record when in its id, weight or
				 * segment */
};

/*
 * "WHO: N rows, N responses (N without an answer), N answers, N excluded
 * [(name N, ...)], N not applicable, N duplicates, N rejected [(reason
 * N, ...)]": the words after "WHO: ", without "(),", as fuzz-smoke.sh
 * reads them.
 */
static int
parse_sum(const char *line, size_t len, struct sum *s)
{
	char buf[2048], *w[256], *p, *q, name[256];
	int n = 0, i, rej = -1;
	long v;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (p = buf; (p = strstr(p, ": ")) != NULL; p += 2)
		if (p[2] >= '0' && p[2] <= '9' && strncmp(p + 2 +
		    strspn(p + 2, "0123456789"), " row", 4) == 0)
			break;
	if (p == NULL)
		return -1;
	for (q = p + 2; *q != '\0'; q++)
		if (*q == '(' || *q == ')' || *q == ',')
			*q = ' ';
	for (q = strtok(p + 2, " "); q != NULL && n < 256; q = strtok(NULL,
	    " "))
		w[n++] = q;
	if (n < 17 || strcmp(w[5], "without") != 0 ||
	    strcmp(w[11], "excluded") != 0)
		return -1;
	memset(s, 0, sizeof(*s));
	s->rows = atol(w[0]);
	s->responses = atol(w[2]);
	s->answers = atol(w[8]);
	s->excluded = atol(w[10]);
	for (i = 0; i + 1 < n; i++) {
		if (strncmp(w[i + 1], "duplicate", 9) == 0)
			s->dup = atol(w[i]);
		if (strcmp(w[i + 1], "rejected") == 0 && rej < 0) {
			s->rejected = atol(w[i]);
			rej = i + 2;
		}
	}
	if (rej < 0)
		return -1;
	/* reasons: words, then a number */
	name[0] = '\0';
	for (i = rej; i < n; i++) {
		if (strspn(w[i], "0123456789") == strlen(w[i])) {
			v = atol(w[i]);
			if (strcmp(name, "ragged record") == 0 ||
			    strcmp(name, "malformed quoting") == 0 ||
			    strcmp(name, "unterminated quoted field") == 0 ||
			    strcmp(name, "invalid weight") == 0)
				s->rejrec += v;
			if (strcmp(name, "NUL character") == 0 ||
			    strcmp(name, "invalid UTF-8") == 0)
				s->rejbyte += v;
			name[0] = '\0';
		} else if (strlen(name) + strlen(w[i]) + 2 < sizeof(name)) {
			if (name[0] != '\0')
				strcat(name, " ");
			strcat(name, w[i]);
		}
	}
	return 0;
}

static int
is_time(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	if (s[0] == '\0')
		return 1;
	if (strlen(s) != sizeof(form) - 1)
		return 0;
	for (i = 0; form[i] != '\0'; i++)
		if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != form[i])
			return 0;
	return !(strncmp(s + 5, "13", 2) >= 0 || strncmp(s + 5, "00", 2) == 0 ||
	    strncmp(s + 8, "00", 2) == 0 || strncmp(s + 8, "32", 2) >= 0 ||
	    strncmp(s + 11, "24", 2) >= 0 || strncmp(s + 14, "60", 2) >= 0 ||
	    strncmp(s + 17, "61", 2) >= 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
check_table(const struct fz_run *r, const char *jpath, long *nrows)
{
	static const char *const cols[] = { "respondent", "time", "step",
		"stage", "touchpoint", "channel", "segment", "metric", "scale",
		"score", "weight", "comment" };
	struct fz_tab t;
	struct journey *j;
	const struct journey_row *row;
	int c[12];
	size_t i, k, nrun = 0;
	long step, score, prev = 0;
	double w;
	char err[256];
	unsigned long line;
	const char **runs;

	fz_csv(r, &t, r->out, r->outlen, "stdout");
	if (!fz_utf8(r->out, r->outlen))
		fz_fail(r, "stdout: not valid UTF-8");
	for (k = 0; k < 12; k++)
		if ((c[k] = fz_col(&t, cols[k])) < 0)
			fz_fail(r, "stdout: no column '%s'", cols[k]);
	if ((j = journey_load(jpath, &line, err, sizeof(err))) == NULL)
		fz_fail(r, "status 0 with a journey file lib/journey refuses: "
		    "%s", err);
	runs = calloc(t.nrow + 1, sizeof(*runs));
	for (i = 0; i < t.nrow; i++) {
		if (num_parse_long(fz_cell(&t, i, c[2]), 1, (long)j->n, &step))
			fz_fail(r, "row %zu: step '%s' not a journey row", i + 1,
			    fz_cell(&t, i, c[2]));
		row = &j->row[step - 1];
		if (strcmp(fz_cell(&t, i, c[3]), row->stage) != 0 ||
		    strcmp(fz_cell(&t, i, c[4]), row->touchpoint) != 0 ||
		    strcmp(fz_cell(&t, i, c[5]), row->channel) != 0 ||
		    strcmp(fz_cell(&t, i, c[7]),
		    journey_metric_name(row->metric)) != 0 ||
		    strcmp(fz_cell(&t, i, c[8]), row->scale) != 0)
			fz_fail(r, "row %zu: not the keys of journey step %ld",
			    i + 1, step);
		if (num_parse_long(fz_cell(&t, i, c[9]), row->lo, row->hi,
		    &score) != 0)
			fz_fail(r, "row %zu: score '%s' not on scale %s", i + 1,
			    fz_cell(&t, i, c[9]), row->scale);
		if (num_parse(fz_cell(&t, i, c[10]), &w) != 0 || !(w > 0))
			fz_fail(r, "row %zu: weight '%s'", i + 1,
			    fz_cell(&t, i, c[10]));
		if (!is_time(fz_cell(&t, i, c[1])))
			fz_fail(r, "row %zu: time '%s'", i + 1,
			    fz_cell(&t, i, c[1]));
		if (fz_cell(&t, i, c[0])[0] == '\0')
			fz_fail(r, "row %zu: no respondent", i + 1);
		if (i > 0 && strcmp(fz_cell(&t, i, c[0]),
		    fz_cell(&t, i - 1, c[0])) == 0) {
			if (step <= prev)
				fz_fail(r, "row %zu: step %ld after %ld for one "
				    "respondent", i + 1, step, prev);
		} else
			runs[nrun++] = fz_cell(&t, i, c[0]);
		prev = step;
	}
	qsort(runs, nrun, sizeof(*runs), cmp_str);
	for (i = 1; i < nrun; i++)
		if (strcmp(runs[i], runs[i - 1]) == 0)
			fz_fail(r, "respondent '%s' in two places", runs[i]);
	free(runs);
	*nrows = (long)t.nrow;
	journey_free(j);
	fz_tab_free(&t);
}

/* --draft-journey, then the draft as the journey of the same export. */
static void
draft(char **argv, int a, const char *export, const uint8_t *data,
    size_t size)
{
	struct fz_run r;
	struct journey *j;
	unsigned long line;
	char err[256], *buf;
	const char *jpath;
	long nrows;
	int i, k;

	for (i = k = 1; i < a; i++)	/* the options drafting takes */
		if (strcmp(argv[i], "-p") == 0 || strcmp(argv[i], "-e") == 0 ||
		    strcmp(argv[i], "-d") == 0 || strcmp(argv[i],
		    "--header-row") == 0 || strcmp(argv[i], "--labels") == 0) {
			argv[k++] = argv[i++];
			argv[k++] = argv[i];
		}
	a = k;
	argv[a++] = "--draft-journey";
	argv[a++] = (char *)export;
	argv[a] = NULL;
	fz_main(fz_main_fn, argv, "", 0, &r);
	fz_status(&r, "01");
	fz_messages(&r);
	if (r.status != 0) {
		fz_finish(fz_main_fn, argv, "", 0, data, size, &r);
		return;
	}
	buf = malloc(r.outlen + 1);
	memcpy(buf, r.out, r.outlen);
	jpath = fz_in(5, buf, r.outlen);
	if ((j = journey_load(jpath, &line, err, sizeof(err))) == NULL)
		fz_fail(&r, "the draft journey: line %lu: %s", line, err);
	journey_free(j);
	fz_finish(fz_main_fn, argv, "", 0, data, size, &r);
	/* ingest the export with it */
	argv[a - 2] = "-j";
	argv[a - 1] = (char *)jpath;
	argv[a++] = (char *)export;
	argv[a] = NULL;
	fz_main(fz_main_fn, argv, "", 0, &r);
	if (r.status != 0)
		fz_fail(&r, "the export with its draft journey: status %d",
		    r.status);
	fz_messages(&r);
	check_table(&r, jpath, &nrows);
	fz_done(&r);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[4];
	size_t len[4];
	char *argv[40], *ex[2];
	const char *jpath, *p, *end, *nl, *rej;
	struct fz_run r;
	struct sum s;
	long nrows = 0, answers = 0, rejected = 0, nsum = 0;
	int a = 0, o0, o1, o2, nex, i;
	size_t rlen;
	struct fz_tab rt;

	if (size < 3)
		return 0;
	o0 = data[0];
	o1 = data[1];
	o2 = data[2];
	nex = fz_split(data + 3, size - 3, SEP, part, len, 4) >= 3 &&
	    (o1 & 0x80) ? 2 : 1;
	argv[a++] = "cjm-ingest";
	argv[a++] = "-j";
	argv[a++] = (char *)(jpath = fz_in(0, part[0], len[0]));
	if (o2 & 0x10) {
		argv[a++] = "--labels";
		argv[a++] = (char *)fz_in(1, part[1], len[1]);
	}
	if (o0 & 7) {
		argv[a++] = "-p";
		argv[a++] = (char *)platforms[(o0 & 7) - 1];
	}
	if (o0 >> 3 & 7) {
		argv[a++] = "-e";
		argv[a++] = (char *)encodings[(o0 >> 3 & 7) - 1];
	}
	if (o0 >> 6) {
		argv[a++] = "-d";
		argv[a++] = (char *)delims[(o0 >> 6) - 1];
	}
	if (o1 & 1)
		argv[a++] = "--strict";
	if (o1 & 2)
		argv[a++] = "-q";
	if (o1 & 4) {
		argv[a++] = "-r";
		argv[a++] = (char *)fz_out(0);
	}
	if ((o1 >> 3 & 3) == 1 || (o1 >> 3 & 3) == 2) {
		argv[a++] = "--date-order";
		argv[a++] = (o1 >> 3 & 3) == 1 ? "mdy" : "dmy";
	}
	if (o1 & 0x20)
		argv[a++] = "--include-previews";
	if (o2 & 1) {
		argv[a++] = "--weight";
		argv[a++] = "weight";
	}
	if (o2 & 2) {
		argv[a++] = "-s";
		argv[a++] = "region";
	}
	if (o2 & 0x20) {
		argv[a++] = "-s";
		argv[a++] = "Segment";
	}
	if (o2 & 4) {
		argv[a++] = "--id";
		argv[a++] = "respondent";
	}
	if (o2 & 8) {
		argv[a++] = "--time";
		argv[a++] = "time";
	}
	if (o2 & 0x80) {
		argv[a++] = "--header-row";
		argv[a++] = "2";
	}
	for (i = 0; i < nex; i++)
		ex[i] = (char *)fz_in(2 + i, part[2 + i], len[2 + i]);
	if (o2 & 0x40) {
		draft(argv, a, ex[0], data, size);
		return 0;
	}
	if ((o1 & 0x40) || nex == 2)
		for (i = 0; i < nex; i++)
			argv[a++] = ex[i];
	argv[a] = NULL;

	fz_main(fz_main_fn, argv, part[2], len[2], &r);
	fz_status(&r, "013");
	fz_messages(&r);
	if (r.status == 1 && r.outlen > 0) {
		/* failed after its first row: whole rows so far */
		fz_csv(&r, &rt, r.out, r.outlen, "stdout");
		if (rt.nrow == 0)
			fz_fail(&r, "status 1 with the header alone on stdout");
		fz_tab_free(&rt);
	}
	if (r.status == 0 || r.status == 3) {
		check_table(&r, jpath, &nrows);
		if (!(o1 & 2)) {
			/* one summary line per export read (one left out has
			 * none), then "total" when there were several */
			end = r.err + r.errlen;
			for (p = r.err; p < end; p = nl + 1) {
				nl = memchr(p, '\n', (size_t)(end - p));
				if (parse_sum(p, (size_t)(nl - p), &s) != 0)
					continue;
				if (s.rows < s.responses + s.excluded + s.dup +
				    s.rejrec || s.rows > s.responses +
				    s.excluded + s.dup + s.rejrec + s.rejbyte)
					fz_fail(&r, "%ld rows, but %ld responses "
					    "+ %ld excluded + %ld duplicates + "
					    "%ld rejected records", s.rows,
					    s.responses, s.excluded, s.dup,
					    s.rejrec);
				if ((size_t)(nl - p) > 19 &&
				    memcmp(p, "cjm-ingest: total: ", 19) == 0) {
					if (s.answers != answers ||
					    s.rejected != rejected)
						fz_fail(&r, "the total is not the "
						    "sum of the exports");
					continue;
				}
				nsum++;
				answers += s.answers;
				rejected += s.rejected;
			}
			if (nsum < 1 || nsum > nex || (r.status == 0 &&
			    nsum != nex))
				fz_fail(&r, "%ld summary lines for %d exports, "
				    "status %d", nsum, nex, r.status);
			if (answers != nrows)
				fz_fail(&r, "%ld answers in the summary, %ld "
				    "rows written", answers, nrows);
			if (o1 & 4) {
				rej = fz_outdata(0, &rlen);
				fz_csv(&r, &rt, rej, rlen, "rejects");
				if (!fz_utf8(rej, rlen))
					fz_fail(&r, "rejects: not valid UTF-8");
				if ((long)rt.nrow != rejected)
					fz_fail(&r, "%ld rejected in the summary, "
					    "%zu rows in the rejects file",
					    rejected, rt.nrow);
				if (rt.ncol != 5 || fz_col(&rt, "file") != 0 ||
				    fz_col(&rt, "reason") != 4)
					fz_fail(&r, "rejects: not the columns "
					    "file,line,column,value,reason");
				fz_tab_free(&rt);
			}
		}
	}
	fz_finish(fz_main_fn, argv, part[2], len[2], data, size, &r);
	return 0;
}
