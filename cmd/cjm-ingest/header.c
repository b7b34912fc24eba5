/*
 * header.c -- an export's header rows: which platform wrote it, how many
 * header records it has, and the names, ImportIds and question texts of
 * its columns (../shared/reference/exports.md sections 1-7).
 *
 * Detection looks at content, never at file names:
 *	row 1 V1,V2,V3...			Qualtrics legacy (2 rows)
 *	row 1 has ResponseId/ResponseID		Qualtrics; row 3 {"ImportId"
 *						current, {'ImportId' 2016
 *	row 1 starts with #			Typeform
 *	row 1 starts with Timestamp		Google Forms
 *	row 1 Id,Start time,Completion time	Microsoft Forms
 *	row 1 starts with Response ID and has	QuestionPro (after an
 *	Timestamp or Response Status		optional "Survey ..." preamble)
 *	row 1 Respondent ID, or blank names,
 *	and row 2 holds Response cells		SurveyMonkey (2 rows)
 *	anything else				generic (1 row)
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "decode.h"
#include "err.h"
#include "ingest.h"
#include "label.h"
#include "xmalloc.h"

static const char *const platname[P_NPLAT] = {
	"qualtrics", "surveymonkey", "google", "msforms", "typeform",
	"questionpro", "generic"
};

const char *
platform_name(enum platform p)
{
	return p >= 0 && p < P_NPLAT ? platname[p] : "auto";
}

int
platform_parse(const char *s)
{
	int i;

	for (i = 0; i < P_NPLAT; i++)
		if (strcmp(s, platname[i]) == 0)
			return i;
	return -1;
}

static struct rec *
rec_copy(const struct csvr *r)
{
	struct rec *c;
	size_t i, len;
	const char *s;

	c = xcalloc(1, sizeof(*c));
	c->n = csvr_nfields(r);
	c->f = xcalloc(c->n ? c->n : 1, sizeof(*c->f));
	for (i = 0; i < c->n; i++) {
		s = csvr_field(r, i, &len);
		c->f[i] = xstrndup(s, len);
	}
	c->line = csvr_loc(r)->line;
	c->raw = xstrdup(csvr_raw(r, NULL));
	return c;
}

/* A record the reader refused: what and where, its first line. */
static struct rec *
rec_bad(const struct csvr *r)
{
	struct rec *c;
	const char *raw;

	c = xcalloc(1, sizeof(*c));
	c->f = xcalloc(1, sizeof(*c->f));
	c->line = csvr_loc(r)->line;
	c->err = xstrdup(csvr_strerror(r));
	raw = csvr_raw(r, NULL);
	c->raw = xstrndup(raw, strcspn(raw, "\r\n"));
	return c;
}

static void
rec_free(struct rec *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		free(c->f[i]);
	free(c->f);
	free(c->err);
	free(c->raw);
	free(c);
}

/*
 * The next record, which may be data: copied; NULL at end of input.  A
 * record with broken quoting is returned with err set, so that it is
 * rejected like any other bad record (or is the header's error).  An
 * I/O error: NULL and *ioerr set.
 */
static struct rec *
peek_rec(struct csvr *r, int *ioerr)
{
	int rc;

	if ((rc = csvr_next(r)) < 0) {
		if (csvr_ioerror(r)) {
			*ioerr = 1;
			return NULL;
		}
		return rec_bad(r);
	}
	return rc == 0 ? NULL : rec_copy(r);
}

/* The records read so far (header candidates and data), in order. */
struct pool {
	struct csvr	*r;
	struct rec	**rec;
	int		 n, cap;
	int		 eof, ioerr;
};

/* Record i of the input (reading up to it), or NULL after the end. */
static struct rec *
pool_at(struct pool *p, int i)
{
	struct rec *c;

	while (p->n <= i && !p->eof) {
		if ((c = peek_rec(p->r, &p->ioerr)) == NULL) {
			p->eof = 1;
			break;
		}
		if (p->n == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 16;
			p->rec = xreallocarray(p->rec, (size_t)p->cap,
			    sizeof(*p->rec));
		}
		p->rec[p->n++] = c;
	}
	return i < p->n ? p->rec[i] : NULL;
}

static const char *
cell(const struct rec *c, size_t i)
{
	return c != NULL && i < c->n ? c->f[i] : "";
}

static int
has_cell(const struct rec *c, const char *s)
{
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++)
		if (strcmp(c->f[i], s) == 0)
			return 1;
	return 0;
}

static int
importid_row(const struct rec *c)
{
	return c != NULL && c->err == NULL &&
	    (strncmp(cell(c, 0), "{\"ImportId\"", 11) == 0 ||
	    strncmp(cell(c, 0), "{'ImportId'", 11) == 0);
}

char *
head_importid(const char *s)
{
	const char *p, *e;
	char q;

	while (*s == ' ')
		s++;
	if (*s != '{' || (p = strstr(s, "ImportId")) == NULL)
		return NULL;
	p += strlen("ImportId");
	if (*p == '"' || *p == '\'')
		p++;
	while (*p == ' ')
		p++;
	if (*p++ != ':')
		return NULL;
	while (*p == ' ')
		p++;
	if (*p != '"' && *p != '\'')
		return NULL;
	q = *p++;
	if ((e = strchr(p, q)) == NULL)
		return NULL;
	return xstrndup(p, (size_t)(e - p));
}

/* A QuestionPro preamble line: "Survey ID", "Survey Name" ... */
static int
preamble(const struct rec *c)
{
	return strncmp(cell(c, 0), "Survey ", 7) == 0 && c->n <= 3;
}

/* Row 2 of a SurveyMonkey export: type markers and sub-labels. */
static int
sm_row2(const struct rec *c)
{
	return has_cell(c, "Response") || has_cell(c, "Open-Ended Response");
}

static int
any_blank(const struct rec *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->f[i][0] == '\0' && i + 1 < c->n)
			return 1;
	return 0;
}

static char *
fold(const char *s)
{
	size_t need;
	char *buf;

	need = labels_fold(NULL, 0, s);
	buf = xmalloc(need + 1);
	labels_fold(buf, need + 1, s);
	return buf;
}

/*
 * s with the decoder's marks (an invalid byte, a NUL) as U+FFFD: a
 * header name is text for messages and matching, never data.  Frees s
 * when it makes a new string; *any set when there was a mark.
 */
static char *
unmark(char *s, int *any)
{
	size_t n = 0, k;
	const char *p;
	char *t, *q;

	if (s == NULL || strpbrk(s, "\xFE\xFF") == NULL)
		return s;
	*any = 1;
	for (p = s; *p != '\0'; p++)
		n += *p == DECODE_BAD || *p == DECODE_NUL ? 3 : 1;
	t = q = xmalloc(n + 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == DECODE_BAD || *p == DECODE_NUL) {
			for (k = 0; k < 3; k++)
				*q++ = "\xEF\xBF\xBD"[k];
		} else
			*q++ = *p;
	}
	*q = '\0';
	free(s);
	return t;
}

static char **
strv(size_t n)
{
	return xcalloc(n ? n : 1, sizeof(char *));
}

static int
herr(struct head *h, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets the header's error (line 0: the whole file); returns -1. */
static int
herr(struct head *h, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	h->errline = line;
	va_start(ap, fmt);
	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Builds h from the header starting at record s of the pool: platform,
 * header rows (h->nrows), names and texts.  h->start = s.  -1 with
 * h->err when the header record is broken.
 */
static int
build(struct head *h, struct pool *p, int s, enum platform forced)
{
	struct rec *r1, *r2 = NULL, *r3 = NULL;
	const char *last = "";
	size_t i;
	int idcol;
	static const char *const qid[] = { "ResponseId", "ResponseID", NULL };

	memset(h, 0, sizeof(*h));
	h->start = s;
	if ((r1 = pool_at(p, s)) == NULL)
		return p->ioerr ? herr(h, 0, "read error: %s",
		    csvr_strerror(p->r)) : herr(h, 0, s == 0 ?
		    "missing header record (empty input)" :
		    "no header record after %d preamble lines", s);
	if (r1->err != NULL)
		return herr(h, r1->line, "header: %s", r1->err);
	h->line = r1->line;
	h->plat = forced;
	h->nrows = 1;
	if (forced == P_AUTO) {
		if (strcmp(cell(r1, 0), "V1") == 0 &&
		    strcmp(cell(r1, 1), "V2") == 0 &&
		    strcmp(cell(r1, 2), "V3") == 0)
			h->plat = P_QUALTRICS;
		else if (has_cell(r1, "ResponseId") ||
		    has_cell(r1, "ResponseID"))
			h->plat = P_QUALTRICS;
		else if (strcmp(cell(r1, 0), "#") == 0)
			h->plat = P_TYPEFORM;
		else if (strcmp(cell(r1, 0), "Timestamp") == 0)
			h->plat = P_GOOGLE;
		else if (strcasecmp(cell(r1, 0), "Id") == 0 &&
		    strcmp(cell(r1, 1), "Start time") == 0 &&
		    strcmp(cell(r1, 2), "Completion time") == 0)
			h->plat = P_MSFORMS;
		else if (strcmp(cell(r1, 0), "Response ID") == 0 &&
		    (has_cell(r1, "Timestamp (mm/dd/yyyy)") ||
		    has_cell(r1, "Response Status") ||
		    has_cell(r1, "Timestamp") || h->preamble > 0 || s > 0))
			h->plat = P_QUESTIONPRO;
		else if (strcmp(cell(r1, 0), "Respondent ID") == 0 ||
		    strcmp(cell(r1, 0), "RespondentID") == 0 ||
		    any_blank(r1))
			h->plat = P_SURVEYMONKEY;	/* if row 2 agrees */
		else
			h->plat = P_GENERIC;
	}
	if (h->plat == P_QUALTRICS) {
		r2 = pool_at(p, s + 1);
		if (strcmp(cell(r1, 0), "V1") == 0 &&
		    strcmp(cell(r1, 1), "V2") == 0) {
			h->variant = V_LEGACY;
			h->nrows = 2;
			if (r2 != NULL && r2->err != NULL)
				return herr(h, r2->line, "header: %s", r2->err);
		} else {
			h->variant = V_CURRENT;
			/* Row 2 is labels unless it holds a response id. */
			idcol = -1;
			for (i = 0; qid[i] != NULL && idcol < 0; i++)
				for (idcol = 0; idcol < (int)r1->n; idcol++)
					if (strcmp(r1->f[idcol], qid[i]) == 0)
						break;
			if (idcol >= (int)r1->n)
				idcol = -1;
			if (r2 != NULL && r2->err != NULL) {
				/* Labels or data?  Only an ImportId row
				 * after it says it was the header. */
				if (importid_row(pool_at(p, s + 2)))
					return herr(h, r2->line, "header: %s",
					    r2->err);
				r2 = NULL;
			} else if (r2 != NULL && idcol >= 0 &&
			    strncmp(cell(r2, (size_t)idcol), "R_", 2) == 0) {
				r2 = NULL;
			} else if (r2 != NULL) {
				h->nrows = 2;
				r3 = pool_at(p, s + 2);
				if (importid_row(r3)) {
					h->nrows = 3;
					if (cell(r3, 0)[1] == '\'')
						h->variant = V_2016;
				} else
					r3 = NULL;
			}
		}
	} else if (h->plat == P_SURVEYMONKEY) {
		r2 = pool_at(p, s + 1);
		if (r2 != NULL && r2->err == NULL && sm_row2(r2)) {
			h->nrows = 2;
		} else {
			/* Not SurveyMonkey's second row: it is data. */
			r2 = NULL;
			if (forced == P_AUTO &&
			    strcmp(cell(r1, 0), "Respondent ID") != 0 &&
			    strcmp(cell(r1, 0), "RespondentID") != 0)
				h->plat = P_GENERIC;
		}
	}
	if (p->ioerr)
		return herr(h, 0, "read error: %s", csvr_strerror(p->r));

	h->n = r1->n;
	h->name = strv(h->n);
	h->text = strv(h->n);
	h->fold = strv(h->n);
	h->foldname = strv(h->n);
	if (h->variant == V_LEGACY)
		h->alt = strv(h->n);
	if (r3 != NULL)
		h->importid = strv(h->n);
	for (i = 0; i < h->n; i++) {
		h->name[i] = xstrdup(r1->f[i]);
		if (h->variant == V_LEGACY) {
			h->alt[i] = xstrdup(cell(r2, i));
			h->text[i] = xstrdup(cell(r2, i));
		} else if (h->plat == P_QUALTRICS && r2 != NULL) {
			h->text[i] = xstrdup(cell(r2, i));
		} else if (h->plat == P_SURVEYMONKEY && r2 != NULL) {
			/* Row 1 is written over the first column of a
			 * question; row 2 is a type marker or sub-label. */
			if (r1->f[i][0] != '\0')
				last = r1->f[i];
			if (cell(r2, i)[0] == '\0' ||
			    strcmp(cell(r2, i), "Response") == 0 ||
			    strcmp(cell(r2, i), "Open-Ended Response") == 0)
				h->text[i] = xstrdup(last);
			else {
				h->text[i] = xmalloc(strlen(last) +
				    strlen(cell(r2, i)) + 4);
				sprintf(h->text[i], "%s - %s", last,
				    cell(r2, i));
			}
		} else {
			h->text[i] = xstrdup(r1->f[i]);
		}
		if (h->importid != NULL)
			h->importid[i] = head_importid(cell(r3, i));
		h->name[i] = unmark(h->name[i], &h->marked);
		h->text[i] = unmark(h->text[i], &h->marked);
		if (h->alt != NULL)
			h->alt[i] = unmark(h->alt[i], &h->marked);
		if (h->importid != NULL)
			h->importid[i] = unmark(h->importid[i], &h->marked);
		h->fold[i] = fold(h->text[i]);
		h->foldname[i] = fold(h->name[i]);
	}
	/* Legacy Qualtrics ends every line with a comma. */
	h->trailing = h->n > 1 && h->name[h->n - 1][0] == '\0' &&
	    (h->plat != P_SURVEYMONKEY || h->text[h->n - 1][0] == '\0');
	return 0;
}

/* How many of the specs h finds (one column or several). */
static size_t
nfound(const struct head *h, const char *const *specs, size_t nspecs)
{
	size_t k, n = 0, a, b;

	for (k = 0; k < nspecs; k++)
		n += head_find(h, specs[k], &a, &b) != -1;
	return n;
}

int
head_read(struct head *h, struct csvr *r, enum platform forced,
    const char *const *specs, size_t nspecs, int row)
{
	struct pool p = { r, NULL, 0, 0, 0, 0 };
	struct head t;
	size_t best, n;
	int s0 = 0, s, k, rc;

	memset(h, 0, sizeof(*h));
	if (row > 0) {
		/* --header-row: the user says where it is. */
		s0 = row - 1;
		rc = build(h, &p, s0, forced);
		h->chosen = 1;
	} else {
		/* QuestionPro: "Survey ID,..." lines, then the header. */
		while ((forced == P_AUTO || forced == P_QUESTIONPRO) &&
		    pool_at(&p, s0) != NULL && p.rec[s0]->err == NULL &&
		    preamble(p.rec[s0]) && s0 < 50)
			s0++;
		rc = build(h, &p, s0, forced);
		h->preamble = s0;
		/*
		 * Not every journey column found: the header may be lower
		 * (a title row above it, an Excel-edited export).  Within
		 * the first HEADMAX records, the one that finds the most
		 * journey columns, more than the first did, is the header.
		 */
		best = rc == 0 ? nfound(h, specs, nspecs) : 0;
		for (s = 0; best < nspecs && s < HEADMAX; s++) {
			if (s == s0 || pool_at(&p, s) == NULL)
				continue;
			if (build(&t, &p, s, forced) == 0 &&
			    (n = nfound(&t, specs, nspecs)) > best) {
				best = n;
				head_free(h);
				*h = t;
				h->preamble = 0;
				h->found = 1;
				rc = 0;
				continue;
			}
			head_free(&t);
		}
	}
	/* A few data records too: the caller looks at them to tell the
	 * time column by its content. */
	if (rc == 0)
		(void)pool_at(&p, h->start + h->nrows + AHEAD - 1);
	if (rc == 0 && p.ioerr)
		rc = herr(h, 0, "read error: %s", csvr_strerror(p.r));
	/* What was read beyond the header rows is data, for the caller. */
	for (k = 0; k < p.n; k++) {
		if (rc == 0 && k >= h->start + h->nrows) {
			if (h->nahead == h->capahead) {
				h->capahead = h->capahead ? 2 * h->capahead : 16;
				h->ahead = xreallocarray(h->ahead,
				    (size_t)h->capahead, sizeof(*h->ahead));
			}
			h->ahead[h->nahead++] = p.rec[k];
		} else
			rec_free(p.rec[k]);
	}
	free(p.rec);
	return rc;
}

void
head_free(struct head *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->name[i]);
		free(h->text[i]);
		free(h->fold[i]);
		free(h->foldname[i]);
		if (h->alt != NULL)
			free(h->alt[i]);
		if (h->importid != NULL)
			free(h->importid[i]);
	}
	free(h->name);
	free(h->text);
	free(h->fold);
	free(h->foldname);
	free(h->alt);
	free(h->importid);
	for (i = 0; i < (size_t)h->nahead; i++)
		rec_free(h->ahead[i]);
	free(h->ahead);
	memset(h, 0, sizeof(*h));
}

const char *
head_disp(const struct head *h, size_t i)
{
	if (i >= h->n)
		return "";
	/* Legacy V1..V10 say nothing: row 2 has ResponseID, EndDate... */
	if (h->alt != NULL && h->name[i][0] == 'V' &&
	    strspn(h->name[i] + 1, "0123456789") == strlen(h->name[i] + 1) &&
	    h->alt[i][0] != '\0')
		return h->alt[i];
	if (h->plat == P_SURVEYMONKEY || h->name[i][0] == '\0')
		return h->text[i];
	return h->name[i];
}

char *
head_label(const struct head *h, size_t i)
{
	const char *d = head_disp(h, i);
	size_t k, nth = 0, all = 0, sz;
	char *buf;

	for (k = 0; k < h->n; k++)
		if (strcmp(head_disp(h, k), d) == 0) {
			all++;
			if (k <= i)
				nth++;
		}
	if (all < 2)
		return xstrdup(d);
	sz = strlen(d) + 24;
	buf = xmalloc(sz);
	snprintf(buf, sz, "%s#%zu", d, nth);
	return buf;
}

/* Pass k of the matching: the string column i offers. */
enum { M_NAME, M_ALT, M_IMPORTID, M_TEXT, M_FOLD, M_FOLDNAME, M_NPASS };

static const char *
offer(const struct head *h, int pass, size_t i)
{
	/* A SurveyMonkey matrix's question text sits over its first
	 * sub-question only: that column is "Question - Sub-label". */
	if ((pass == M_NAME || pass == M_FOLDNAME) &&
	    h->plat == P_SURVEYMONKEY && strcmp(h->name[i], h->text[i]) != 0)
		return NULL;
	switch (pass) {
	case M_NAME:
		return h->name[i];
	case M_ALT:
		return h->alt != NULL ? h->alt[i] : NULL;
	case M_IMPORTID:
		return h->importid != NULL ? h->importid[i] : NULL;
	case M_TEXT:
		return h->text[i];
	case M_FOLD:
		return h->fold[i];
	default:
		return h->foldname[i];
	}
}

/* "name#k": the k-th column (1-based) named name; -1 when not that. */
static int
find_nth(const struct head *h, const char *spec)
{
	const char *hash;
	char *base, *end;
	long k;
	size_t i;
	int seen = 0;

	if ((hash = strrchr(spec, '#')) == NULL || hash == spec ||
	    !isdigit((unsigned char)hash[1]))
		return -1;
	k = strtol(hash + 1, &end, 10);
	if (*end != '\0' || k < 1)
		return -1;
	base = xstrndup(spec, (size_t)(hash - spec));
	for (i = 0; i < h->n; i++) {
		if (strcmp(h->name[i], base) == 0 ||
		    strcmp(h->text[i], base) == 0)
			if (++seen == k)
				break;
	}
	free(base);
	return i < h->n ? (int)i : -1;
}

int
head_find(const struct head *h, const char *spec, size_t *first,
    size_t *second)
{
	const char *o, *want;
	char *fspec;
	size_t i, n;
	int pass, hit = -1, nth;

	fspec = fold(spec);
	for (pass = 0; pass < M_NPASS; pass++) {
		want = pass >= M_FOLD ? fspec : spec;
		if (want[0] == '\0')
			continue;
		n = 0;
		for (i = 0; i < h->n; i++) {
			if ((o = offer(h, pass, i)) == NULL ||
			    strcmp(o, want) != 0)
				continue;
			if (n == 0)
				*first = i;
			else if (n == 1)
				*second = i;
			n++;
		}
		/* A name and its own text are one column, not two. */
		if (n == 1) {
			hit = (int)*first;
			break;
		}
		if (n > 1) {
			hit = -2;
			break;
		}
		if (pass == M_NAME && (nth = find_nth(h, spec)) >= 0) {
			hit = nth;
			break;
		}
	}
	free(fspec);
	return hit;
}

int
head_find_exact(const struct head *h, const char *const *names)
{
	size_t i, k;

	for (k = 0; names[k] != NULL; k++)
		for (i = 0; i < h->n; i++)
			if (strcmp(h->name[i], names[k]) == 0 ||
			    (h->alt != NULL && strcmp(h->alt[i], names[k]) == 0))
				return (int)i;
	return -1;
}

/* Levenshtein distance, capped: strings are cut at 200 bytes. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, tmp;
	size_t row[201];

	if (la > 200)
		la = 200;
	if (lb > 200)
		lb = 200;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < cur)
				cur = row[j] + 1;
			if (row[j - 1] + 1 < cur)
				cur = row[j - 1] + 1;
			tmp = row[j];
			row[j] = cur;
			prev = tmp;
		}
	}
	return row[lb];
}

/*
 * spec is a SurveyMonkey matrix (or multi-column) question's text: its
 * columns are "Question - Sub-label", never the bare question.  Writes
 * the hint listing the sub-labels into buf; 0 when spec is not one.
 */
static int
matrix_hint(const struct head *h, const char *fspec, char *buf, size_t sz)
{
	size_t i, n = 0, shown = 0, len, flen = strlen(fspec), qlen = 0;
	const char *sub, *q = NULL;
	char rows[512];

	if (h->plat != P_SURVEYMONKEY || flen == 0)
		return 0;
	rows[0] = '\0';
	for (i = 0; i < h->n; i++) {
		if (strncmp(h->fold[i], fspec, flen) != 0 ||
		    h->fold[i][flen] != ' ' ||
		    (sub = strrchr(h->text[i], '-')) == NULL ||
		    sub == h->text[i] || sub[-1] != ' ' || sub[1] != ' ')
			continue;
		if (n++ == 0) {
			q = h->text[i];
			qlen = (size_t)(sub - 1 - q);
		}
		if (shown < 6) {
			len = strlen(rows);
			snprintf(rows + len, sizeof(rows) - len, "%s'%.40s%s'",
			    shown ? ", " : "", sub + 2,
			    strlen(sub + 2) > 40 ? "..." : "");
			shown++;
		}
	}
	if (n == 0)
		return 0;
	snprintf(buf, sz, "a matrix question: name one of its %zu rows as "
	    "'%.*s%s - Row': %s%s", n, (int)(qlen > 60 ? 60 : qlen), q,
	    qlen > 60 ? "..." : "", rows, n > shown ? " ..." : "");
	return 1;
}

void
head_suggest(const struct head *h, const char *spec, char *buf, size_t sz)
{
	size_t best[3], bd[3], i, k, d, dn, nb = 0, len;
	char *fspec, *s;

	fspec = fold(spec);
	if (matrix_hint(h, fspec, buf, sz)) {
		free(fspec);
		return;
	}
	for (i = 0; i < h->n; i++) {
		if (h->name[i][0] == '\0' && h->text[i][0] == '\0')
			continue;
		d = distance(fspec, h->fold[i]);
		dn = distance(fspec, h->foldname[i]);
		if (dn < d)
			d = dn;
		for (k = nb < 3 ? nb : 3; k > 0 && bd[k - 1] > d; k--)
			if (k < 3) {
				best[k] = best[k - 1];
				bd[k] = bd[k - 1];
			}
		if (k < 3) {
			best[k] = i;
			bd[k] = d;
			if (nb < 3)
				nb++;
		}
	}
	free(fspec);
	buf[0] = '\0';
	for (k = 0; k < nb; k++) {
		s = head_label(h, best[k]);
		len = strlen(buf);
		snprintf(buf + len, sz - len, "%s'%.60s%s'", k ? ", " : "", s,
		    strlen(s) > 60 ? "..." : "");
		free(s);
	}
}
