/*
 * journey.c -- see journey.h.
 *
 * The file goes through lib/decode like an export: BOM, UTF-16,
 * Windows-1252, bare CR and the separator (',' ';' or tab) are handled.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "decode.h"
#include "hdr.h"
#include "journey.h"
#include "num.h"
#include "xmalloc.h"

enum { C_STAGE, C_TOUCH, C_CHANNEL, C_METRIC, C_SCALE, C_COLUMN, C_TARGET,
	C_COMMENT, C_EVENT, NCOL };

static const char *const colname[NCOL] = {
	"stage", "touchpoint", "channel", "metric", "scale", "column",
	"target", "comment", "event"
};

static const char *const metricname[] = { "nps", "csat", "ces" };

int
journey_metric_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(metricname) / sizeof(metricname[0]); i++)
		if (strcmp(name, metricname[i]) == 0)
			return (int)i;
	return -1;
}

const char *
journey_metric_name(enum journey_metric m)
{
	return metricname[m];
}

int
journey_scale_parse(const char *s, int *worst, int *best)
{
	long a, b;
	const char *dash;
	char buf[8];
	size_t n;

	if ((dash = strchr(s, '-')) == NULL || dash == s)
		return -1;
	n = (size_t)(dash - s);
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '+' || dash[1] == '+' || dash[1] == '-')
		return -1;
	if (num_parse_long(buf, 0, 10, &a) != 0 ||
	    num_parse_long(dash + 1, 0, 10, &b) != 0 || a == b)
		return -1;
	*worst = (int)a;
	*best = (int)b;
	return 0;
}

static void
seterr(char *buf, size_t sz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *buf, size_t sz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sz, fmt, ap);
	va_end(ap);
}

void
journey_free(struct journey *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->n; i++) {
		free(j->row[i].stage);
		free(j->row[i].touchpoint);
		free(j->row[i].channel);
		free(j->row[i].scale);
		free(j->row[i].column);
		free(j->row[i].comment);
		free(j->row[i].event);
	}
	free(j->row);
	free(j->step);
	free(j->path);
	free(j);
}

/* Validates one record (trimmed fields) into row; 0 ok, -1 with errbuf
 * set. */
static int
check_row(char *const *f, struct journey_row *row, char *errbuf,
    size_t errsz)
{
	double t;
	int k, m;

	for (k = 0; k <= C_COLUMN; k++) {
		if (f[k][0] == '\0') {
			seterr(errbuf, errsz, "empty '%s'", colname[k]);
			return -1;
		}
	}
	if ((m = journey_metric_parse(f[C_METRIC])) < 0) {
		seterr(errbuf, errsz, "unknown metric '%s' (nps, csat or ces)",
		    f[C_METRIC]);
		return -1;
	}
	row->metric = (enum journey_metric)m;
	if (journey_scale_parse(f[C_SCALE], &row->worst, &row->best) != 0) {
		seterr(errbuf, errsz, "bad scale '%s': want worst-best, two "
		    "different whole numbers from 0 to 10 (0-10, 1-5, 1-7, 5-1)",
		    f[C_SCALE]);
		return -1;
	}
	row->lo = row->worst < row->best ? row->worst : row->best;
	row->hi = row->worst < row->best ? row->best : row->worst;
	if (row->metric == JOURNEY_NPS && (row->worst != 0 || row->best != 10)) {
		seterr(errbuf, errsz, "metric nps needs scale 0-10, not '%s'",
		    f[C_SCALE]);
		return -1;
	}
	row->target = NAN;
	if (f[C_TARGET][0] != '\0') {
		if (num_parse(f[C_TARGET], &t) != 0) {
			seterr(errbuf, errsz, "bad target '%s': not a number",
			    f[C_TARGET]);
			return -1;
		}
		if ((row->metric == JOURNEY_NPS && (t < -100 || t > 100)) ||
		    (row->metric == JOURNEY_CSAT && (t < 0 || t > 100)) ||
		    (row->metric == JOURNEY_CES && (t < row->lo ||
		    t > row->hi))) {
			seterr(errbuf, errsz, "target '%s' out of range for "
			    "%s (%s)", f[C_TARGET], metricname[row->metric],
			    row->metric == JOURNEY_NPS ? "-100 to 100" :
			    row->metric == JOURNEY_CSAT ? "0 to 100 %" :
			    "within the scale");
			return -1;
		}
		row->target = t;
	}
	row->stage = xstrdup(f[C_STAGE]);
	row->touchpoint = xstrdup(f[C_TOUCH]);
	row->channel = xstrdup(f[C_CHANNEL]);
	row->channel_odd = strcmp(f[C_CHANNEL], "online") != 0 &&
	    strcmp(f[C_CHANNEL], "offline") != 0;
	row->scale = xstrdup(f[C_SCALE]);
	row->column = xstrdup(f[C_COLUMN]);
	row->comment = f[C_COMMENT][0] != '\0' ? xstrdup(f[C_COMMENT]) : NULL;
	row->event = f[C_EVENT][0] != '\0' ? xstrdup(f[C_EVENT]) : NULL;
	return 0;
}

/* Fields are trimmed: spreadsheets keep stray spaces ("nps "). */
static int
parse_row(struct csvr *r, const int *idx, struct journey_row *row,
    char *errbuf, size_t errsz)
{
	char *f[NCOL];
	const char *s;
	size_t len;
	int k, rc;

	for (k = 0; k < NCOL; k++) {
		s = idx[k] >= 0 ? csvr_field(r, (size_t)idx[k], NULL) : "";
		while (*s == ' ' || *s == '\t')
			s++;
		len = strlen(s);
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		f[k] = xstrndup(s, len);
	}
	rc = check_row(f, row, errbuf, errsz);
	for (k = 0; k < NCOL; k++)
		free(f[k]);
	return rc;
}

/*
 * The (stage, touchpoint, metric) triples seen so far: open addressing
 * over row indices + 1 (0 empty), so that a long journey file is not
 * checked pairwise (100000 rows took 20 s).
 */
struct seen {
	size_t	*slot;
	size_t	 cap;		/* a power of 2, at least twice the rows */
};

static size_t
row_hash(const struct journey_row *r)
{
	const unsigned char *p;
	size_t h = 2166136261u;

	for (p = (const unsigned char *)r->stage; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0xff) * 16777619u;	/* never in UTF-8: a separator */
	for (p = (const unsigned char *)r->touchpoint; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	return (h ^ (size_t)r->metric) * 16777619u;
}

static int
same_row(const struct journey_row *a, const struct journey_row *b)
{
	return a->metric == b->metric && strcmp(a->stage, b->stage) == 0 &&
	    strcmp(a->touchpoint, b->touchpoint) == 0;
}

/* Adds row n of j: the index of an earlier equal row, or n. */
static size_t
seen_add(struct seen *s, const struct journey *j, size_t n)
{
	size_t i, k, *old, oldcap;

	if (2 * (n + 1) > s->cap) {
		old = s->slot;
		oldcap = s->cap;
		s->cap = s->cap ? 2 * s->cap : 64;
		s->slot = xcalloc(s->cap, sizeof(*s->slot));
		for (i = 0; i < oldcap; i++)
			if (old[i] != 0) {
				k = row_hash(&j->row[old[i] - 1]) &
				    (s->cap - 1);
				while (s->slot[k] != 0)
					k = (k + 1) & (s->cap - 1);
				s->slot[k] = old[i];
			}
		free(old);
	}
	for (k = row_hash(&j->row[n]) & (s->cap - 1); s->slot[k] != 0;
	    k = (k + 1) & (s->cap - 1))
		if (same_row(&j->row[s->slot[k] - 1], &j->row[n]))
			return s->slot[k] - 1;
	s->slot[k] = n + 1;
	return n;
}

/*
 * A field holding a decoder mark (a NUL, or a byte that is not UTF-8 in
 * a file that is): the message, or NULL.  Never cut or guessed: the
 * journey names columns and touchpoints.
 */
static const char *
marked(const struct csvr *r)
{
	size_t i;
	const char *p;

	for (i = 0; i < csvr_nfields(r); i++)
		if ((p = strpbrk(csvr_field(r, i, NULL), "\xFE\xFF")) != NULL)
			return *p == DECODE_NUL ? "NUL character" :
			    "invalid UTF-8 (save the file as UTF-8)";
	return NULL;
}

/* A record of empty fields: a spreadsheet's leftover row. */
static int
empty_record(const struct csvr *r)
{
	size_t i;

	for (i = 0; i < csvr_nfields(r); i++)
		if (strspn(csvr_field(r, i, NULL), " \t") !=
		    strlen(csvr_field(r, i, NULL)))
			return 0;
	return 1;
}

/*
 * The funnel: rows with an event, sorted two ways to find, in linear-
 * logarithmic time, a touchpoint with two events or an event on two
 * touchpoints.  The conflict reported is the one on the earliest line.
 */
static const struct journey *sort_j;

static int
cmp_touch(const void *a, const void *b)
{
	const struct journey_row *x = &sort_j->row[*(const size_t *)a];
	const struct journey_row *y = &sort_j->row[*(const size_t *)b];
	int c;

	if ((c = strcmp(x->stage, y->stage)) != 0 ||
	    (c = strcmp(x->touchpoint, y->touchpoint)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int
cmp_event(const void *a, const void *b)
{
	const struct journey_row *x = &sort_j->row[*(const size_t *)a];
	const struct journey_row *y = &sort_j->row[*(const size_t *)b];
	int c;

	if ((c = strcmp(x->event, y->event)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int
cmp_step(const void *a, const void *b)
{
	size_t x = ((const struct journey_step *)a)->row;
	size_t y = ((const struct journey_step *)b)->row;

	return x < y ? -1 : x > y;
}

static int
same_touch(const struct journey_row *a, const struct journey_row *b)
{
	return strcmp(a->stage, b->stage) == 0 &&
	    strcmp(a->touchpoint, b->touchpoint) == 0;
}

static int
build_funnel(struct journey *j, unsigned long *line, char *errbuf,
    size_t errsz)
{
	const struct journey_row *x, *y, *bad = NULL, *first = NULL;
	size_t *ix, n = 0, i, g;
	int two_events = 0;

	ix = xreallocarray(NULL, j->n + 1, sizeof(*ix));
	for (i = 0; i < j->n; i++)
		if (j->row[i].event != NULL)
			ix[n++] = i;
	sort_j = j;
	/* A touchpoint's rows with an event, in line order: all the same
	 * event as its first. */
	qsort(ix, n, sizeof(*ix), cmp_touch);
	for (g = 0, i = 1; i < n; i++) {
		x = &j->row[ix[g]];
		y = &j->row[ix[i]];
		if (!same_touch(x, y))
			g = i;
		else if (strcmp(x->event, y->event) != 0 &&
		    (bad == NULL || y->line < bad->line)) {
			bad = y;
			first = x;
			two_events = 1;
		}
	}
	/* An event's rows, in line order: all the touchpoint of its first. */
	qsort(ix, n, sizeof(*ix), cmp_event);
	for (g = 0, i = 1; i < n; i++) {
		x = &j->row[ix[g]];
		y = &j->row[ix[i]];
		if (strcmp(x->event, y->event) != 0)
			g = i;
		else if (!same_touch(x, y) &&
		    (bad == NULL || y->line < bad->line)) {
			bad = y;
			first = x;
			two_events = 0;
		}
	}
	if (bad != NULL) {
		*line = bad->line;
		if (two_events)
			seterr(errbuf, errsz, "touchpoint %s/%s has two events: "
			    "'%s' here, '%s' on line %lu", bad->stage,
			    bad->touchpoint, bad->event, first->event,
			    first->line);
		else
			seterr(errbuf, errsz, "event '%s' marks two "
			    "touchpoints: %s/%s here, %s/%s on line %lu",
			    bad->event, bad->stage, bad->touchpoint,
			    first->stage, first->touchpoint, first->line);
		free(ix);
		return -1;
	}
	/* The steps: the first row of each event, in journey order (the
	 * rows are in journey order: pick them by a flag). */
	j->step = xreallocarray(NULL, n + 1, sizeof(*j->step));
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(j->row[ix[i]].event,
		    j->row[ix[i - 1]].event) != 0)
			j->step[j->nstep++].row = ix[i];
	free(ix);
	qsort(j->step, j->nstep, sizeof(*j->step), cmp_step);
	for (i = 0; i < j->nstep; i++)
		j->step[i].event = j->row[j->step[i].row].event;
	return 0;
}

struct journey *
journey_load(const char *path, unsigned long *line, char *errbuf,
    size_t errsz)
{
	struct journey *j = NULL;
	struct csvr *r = NULL;
	struct hdr *h = NULL;
	struct seen seen = { NULL, 0 };
	struct decode_info info;
	struct decode_opts dopt = { DEC_AUTO, 0, 1, NULL, NULL };
	FILE *fp;
	size_t cap = 0, i, nh, n;
	int idx[NCOL], k, rc;
	const char *bad;

	*line = 0;
	/* Spreadsheets save journeys with ';', in cp1252 or UTF-16: the
	 * export decoder copes with all of that. */
	if ((fp = decode_open_ex(path, &dopt, &info)) == NULL) {
		seterr(errbuf, errsz, "%s", strerror(errno));
		return NULL;
	}
	r = csvr_new(fp, path);
	csvr_set_delim(r, (unsigned char)info.delim);
	csvr_set_quote_text(r, 1);	/* made by people: x"y is text */
	if ((rc = csvr_next(r)) != 1) {
		*line = rc < 0 ? csvr_loc(r)->line : 0;
		seterr(errbuf, errsz, "%s", rc < 0 ? csvr_strerror(r) :
		    "empty journey file");
		goto fail;
	}
	*line = 1;
	if ((bad = marked(r)) != NULL) {
		seterr(errbuf, errsz, "%s", bad);
		goto fail;
	}
	h = hdr_new(r);
	nh = hdr_n(h);
	/* Other columns are the analyst's (notes, empty ones a spreadsheet
	 * left): only ours must be there once. */
	for (k = 0; k < NCOL; k++) {
		idx[k] = hdr_find(h, colname[k]);
		for (i = 0, n = 0; i < nh; i++)
			n += strcmp(hdr_name(h, i), colname[k]) == 0;
		if (n > 1) {
			seterr(errbuf, errsz, "duplicate column '%s' in header",
			    colname[k]);
			goto fail;
		}
		if (k <= C_COLUMN && idx[k] < 0) {
			seterr(errbuf, errsz, "missing column '%s' in header "
			    "(need stage,touchpoint,channel,metric,scale,column)",
			    colname[k]);
			goto fail;
		}
	}
	j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	while ((rc = csvr_next(r)) == 1) {
		*line = csvr_loc(r)->line;
		if ((bad = marked(r)) != NULL) {
			seterr(errbuf, errsz, "%s", bad);
			goto fail;
		}
		if (empty_record(r))
			continue;
		if (csvr_nfields(r) != nh) {
			seterr(errbuf, errsz, "record has %zu fields, header "
			    "has %zu", csvr_nfields(r), nh);
			goto fail;
		}
		if (j->n == cap) {
			cap = cap ? cap * 2 : 16;
			j->row = xreallocarray(j->row, cap, sizeof(*j->row));
		}
		memset(&j->row[j->n], 0, sizeof(j->row[j->n]));
		if (parse_row(r, idx, &j->row[j->n], errbuf, errsz) != 0)
			goto fail;
		j->row[j->n].line = *line;
		j->row[j->n].step = (int)j->n + 1;
		if ((i = seen_add(&seen, j, j->n)) != j->n) {
			seterr(errbuf, errsz, "duplicate touchpoint %s/%s/%s: "
			    "already on line %lu", j->row[i].stage,
			    j->row[i].touchpoint, metricname[j->row[i].metric],
			    j->row[i].line);
			j->n++;
			goto fail;
		}
		j->n++;
	}
	if (rc < 0) {
		*line = csvr_loc(r)->line;
		seterr(errbuf, errsz, "%s", csvr_strerror(r));
		goto fail;
	}
	if (j->n == 0) {
		*line = 0;
		seterr(errbuf, errsz, "no touchpoints (only a header)");
		goto fail;
	}
	if (build_funnel(j, line, errbuf, errsz) != 0)
		goto fail;
	free(seen.slot);
	hdr_free(h);
	csvr_free(r);
	fclose(fp);
	return j;
fail:
	free(seen.slot);
	journey_free(j);
	hdr_free(h);
	csvr_free(r);
	fclose(fp);
	return NULL;
}
