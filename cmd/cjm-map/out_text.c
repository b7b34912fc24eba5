/*
 * out_text.c -- the journey map for a terminal: every line at most
 * TEXT_WIDTH display columns (wide CJK characters count two), and no
 * byte from the data that a terminal would act on (control characters,
 * escape sequences, C1 controls, bidirectional overrides are dropped).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "plot.h"
#include "err.h"
#include "xmalloc.h"

#define TEXT_WIDTH	100

/* ---- UTF-8 and display width -------------------------------------- */

/* Decodes one UTF-8 character at s: its code point and length; an
 * invalid byte gives U+FFFD and length 1. */
static unsigned long
u8dec(const unsigned char *s, size_t *lenp)
{
	unsigned long c;
	size_t n, i;

	if (s[0] < 0x80) {
		*lenp = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		*lenp = 1;
		return 0xfffd;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*lenp = 1;
			return 0xfffd;
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*lenp = n;
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff)) {
		*lenp = 1;
		return 0xfffd;
	}
	return c;
}

/* Columns a code point takes: 0 combining, 2 wide (East Asian), else 1. */
static int
cwidth(unsigned long c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/* Code points a terminal must not receive from the data. */
static int
unsafe(unsigned long c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

size_t
txt_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, n;

	while (*p != '\0') {
		w += (size_t)cwidth(u8dec(p, &n));
		p += n;
	}
	return w;
}

char *
txt_clean(const char *s, int keep_nl)
{
	const unsigned char *p = (const unsigned char *)s;
	char *buf = xmalloc(3 * strlen(s) + 1), *q = buf;
	unsigned long c;
	size_t n;

	while (*p != '\0') {
		c = u8dec(p, &n);
		if (c == '\n' && keep_nl)
			*q++ = '\n';
		else if (c == '\t' || c == '\n')
			*q++ = ' ';
		else if (c == 0xfffd && n == 1)
			*q++ = '?';
		else if (!unsafe(c)) {
			memcpy(q, p, n);
			q += n;
		}
		p += n;
	}
	*q = '\0';
	return buf;
}

/* Writes s padded with spaces to w columns (left or right aligned). */
static void
pad(FILE *fp, const char *s, size_t w, int right)
{
	size_t sw = txt_width(s);

	if (right)
		for (; sw < w; sw++)
			putc(' ', fp);
	fputs(s, fp);
	if (!right)
		for (; sw < w; sw++)
			putc(' ', fp);
}

/*
 * Wraps s (clean, no newlines) into lines of at most w columns, breaking
 * at spaces, or inside a word longer than a line.  Returns the number of
 * lines; *linesp is a malloc'd array of malloc'd strings.
 */
static size_t
wrap(const char *s, size_t w, char ***linesp)
{
	char **line = NULL;
	size_t nl = 0, n, cw, lw;
	const unsigned char *p = (const unsigned char *)s, *start, *brk;
	const unsigned char *q;

	if (w < 1)
		w = 1;
	while (*p == ' ')
		p++;
	do {
		start = p;
		brk = NULL;
		lw = 0;
		while (*p != '\0') {
			cw = (size_t)cwidth(u8dec(p, &n));
			if (*p == ' ')
				brk = p;
			if (lw + cw > w)
				break;
			lw += cw;
			p += n;
		}
		if (*p != '\0' && *p != ' ' && brk != NULL && brk > start)
			p = brk;
		else if (p == start && *p != '\0') {
			/* a character wider than the line: take it anyway */
			u8dec(p, &n);
			p += n;
		}
		q = p;
		while (q > start && q[-1] == ' ')
			q--;
		line = xreallocarray(line, nl + 1, sizeof(*line));
		line[nl++] = xstrndup((const char *)start, (size_t)(q - start));
		while (*p == ' ')
			p++;
	} while (*p != '\0');
	*linesp = line;
	return nl;
}

static void
freelines(char **line, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(line[i]);
	free(line);
}

/* Writes s wrapped to fit after indent columns; the first line after
 * lead (already written, taking indent columns). */
static void
para(FILE *fp, const char *s, size_t indent)
{
	char *c = txt_clean(s, 1), *seg, *save = NULL, **line;
	size_t i, n, first = 1;

	for (seg = strtok_r(c, "\n", &save); seg != NULL;
	    seg = strtok_r(NULL, "\n", &save)) {
		n = wrap(seg, TEXT_WIDTH - indent, &line);
		for (i = 0; i < n; i++) {
			if (!first)
				fprintf(fp, "%*s", (int)indent, "");
			fprintf(fp, "%s\n", line[i]);
			first = 0;
		}
		freelines(line, n);
	}
	if (first)
		putc('\n', fp);
	free(c);
}

/* ---- a table with wrapped cells ----------------------------------- */

struct ttab {
	size_t		  ncol, nrow;
	const char	**head;
	const int	 *right;
	char		**cell;		/* nrow * ncol, clean */
	size_t		  cap;		/* rows allocated */
};

static void
ttab_add(struct ttab *t, const char *const *cells)
{
	size_t i;

	if (t->nrow == t->cap) {	/* doubling: linear in the rows */
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cell = xreallocarray(t->cell, t->cap * t->ncol,
		    sizeof(*t->cell));
	}
	for (i = 0; i < t->ncol; i++)
		t->cell[t->nrow * t->ncol + i] = txt_clean(cells[i] != NULL ?
		    cells[i] : "", 0);
	t->nrow++;
}

static void
ttab_print(FILE *fp, struct ttab *t, size_t indent)
{
	size_t *w = xcalloc(t->ncol, sizeof(*w)), i, r, k, total, widest;
	size_t avail = TEXT_WIDTH - indent, most;
	char ***lines = xcalloc(t->ncol, sizeof(*lines));
	size_t *nl = xcalloc(t->ncol, sizeof(*nl));

	char **head = xcalloc(t->ncol, sizeof(*head));

	for (i = 0; i < t->ncol; i++) {
		head[i] = txt_clean(t->head[i], 0);
		w[i] = txt_width(head[i]);
		for (r = 0; r < t->nrow; r++)
			if (txt_width(t->cell[r * t->ncol + i]) > w[i])
				w[i] = txt_width(t->cell[r * t->ncol + i]);
	}
	/* Too wide: narrow the widest column, one column at a time. */
	for (;;) {
		total = 2 * (t->ncol - 1);
		for (i = 0; i < t->ncol; i++)
			total += w[i];
		if (total <= avail)
			break;
		widest = 0;
		for (i = 1; i < t->ncol; i++)
			if (w[i] > w[widest])
				widest = i;
		if (w[widest] <= 4)
			break;
		w[widest]--;
	}
	for (r = 0; r <= t->nrow; r++) {
		most = 0;
		for (i = 0; i < t->ncol; i++) {
			nl[i] = wrap(r == 0 ? head[i] :
			    t->cell[(r - 1) * t->ncol + i], w[i], &lines[i]);
			if (nl[i] > most)
				most = nl[i];
		}
		for (k = 0; k < most; k++) {
			size_t end = 0;

			fprintf(fp, "%*s", (int)indent, "");
			/* trailing spaces are not written */
			for (i = 0; i < t->ncol; i++)
				if (k < nl[i] && lines[i][k][0] != '\0')
					end = i + 1;
			for (i = 0; i < end; i++) {
				if (i > 0)
					fputs("  ", fp);
				pad(fp, k < nl[i] ? lines[i][k] : "",
				    i + 1 == end && !t->right[i] ? 0 : w[i],
				    t->right[i]);
			}
			putc('\n', fp);
		}
		for (i = 0; i < t->ncol; i++)
			freelines(lines[i], nl[i]);
		if (r == 0) {
			fprintf(fp, "%*s", (int)indent, "");
			total = 2 * (t->ncol - 1);
			for (i = 0; i < t->ncol; i++)
				total += w[i];
			for (i = 0; i < total && i < avail; i++)
				putc('-', fp);
			putc('\n', fp);
		}
	}
	for (r = 0; r < t->nrow * t->ncol; r++)
		free(t->cell[r]);
	free(t->cell);
	t->cell = NULL;
	t->cap = 0;
	for (i = 0; i < t->ncol; i++)
		free(head[i]);
	free(head);
	t->nrow = 0;
	free(w);
	free(lines);
	free(nl);
}

/* ---- the report --------------------------------------------------- */

static void
heading(FILE *fp, const char *s)
{
	size_t i, n = txt_width(s);

	fprintf(fp, "\n%s\n", s);
	for (i = 0; i < n && i < TEXT_WIDTH; i++)
		putc('-', fp);
	putc('\n', fp);
}

static void
summary(FILE *fp, const struct map *mp)
{
	char line[1024], a[128], b[32];
	size_t i, o;

	o = (size_t)snprintf(line, sizeof(line), "Status: %zu act %s, %zu "
	    "watch %s, %zu ok %s", mp->nstatus[ST_ACT],
	    fmt_status_symbol(ST_ACT), mp->nstatus[ST_WATCH],
	    fmt_status_symbol(ST_WATCH), mp->nstatus[ST_OK],
	    fmt_status_symbol(ST_OK));
	if (mp->nstatus[ST_NA] > 0 && o < sizeof(line))
		o += (size_t)snprintf(line + o, sizeof(line) - o, ", %zu n/a",
		    mp->nstatus[ST_NA]);
	if (mp->cmp_path != NULL && o < sizeof(line))
		o += (size_t)snprintf(line + o, sizeof(line) - o,
		    "; %zu significant drop%s, %zu rise%s", mp->ndrop,
		    mp->ndrop == 1 ? "" : "s", mp->nrise,
		    mp->nrise == 1 ? "" : "s");
	if (o < sizeof(line))
		snprintf(line + o, sizeof(line) - o, ".");
	para(fp, line, 0);
	for (i = 0; i < mp->njourney; i++) {
		const struct meas *m = &mp->m[mp->journey[i]];
		char *ch = fmt_change(m);

		snprintf(line, sizeof(line), "Journey %s %s, n %s%s%s",
		    fmt_kpi_label_scale(m), fmt_interval(a, sizeof(a), m),
		    fmt_n(b, sizeof(b), m->n), ch[0] ? "; change " : "", ch);
		para(fp, line, 0);
		free(ch);
	}
}

static void
act_first(FILE *fp, const struct map *mp)
{
	size_t i, k, nshow = mp->nrank < 10 ? mp->nrank : 10;
	char head[512], num[16], n[32], imp[32];

	heading(fp, "Where to act first");
	if (mp->nrank == 0) {
		para(fp, "Nothing to act on: no touchpoint is below its "
		    "reference or dropped significantly.", 0);
		return;
	}
	if (mp->nmeet > 0) {
		para(fp, "Where a low experience and a large drop-off meet:",
		    0);
		for (i = 0; i < mp->nmeet; i++) {
			char *w = fmt_fun_meet(mp, &mp->fs[mp->meet[i]]);

			fputs("  * ", fp);
			para(fp, w, 4);
			free(w);
		}
		putc('\n', fp);
	}
	for (i = 0; i < nshow; i++) {
		const struct meas *m = &mp->m[mp->rank[i]];
		const struct tp *tp = &mp->tp[m->tp];
		char *why = fmt_reason(m), *t;

		snprintf(num, sizeof(num), "%2zu. ", i + 1);
		snprintf(imp, sizeof(imp), "%.1f", m->impact);
		snprintf(head, sizeof(head), "%s %s  %s > %s (%s)  %s, n %s, "
		    "impact %s", fmt_status_symbol(m->st), fmt_status(m->st),
		    tp->stage, tp->touchpoint, tp->channel, fmt_kpi_label(m),
		    fmt_n(n, sizeof(n), m->n), imp);
		fputs(num, fp);
		t = txt_clean(head, 0);
		para(fp, t, 4);
		free(t);
		fputs("    ", fp);
		para(fp, why, 4);
		free(why);
	}
	if (mp->nrank > nshow) {
		char *t = NULL;
		size_t tn = 0;
		FILE *m = open_memstream(&t, &tn);	/* linear in the names */

		if (m == NULL)
			die_sys("open_memstream");
		fprintf(m, "... and %zu more:", mp->nrank - nshow);
		for (k = nshow; k < mp->nrank; k++) {
			const struct meas *mk = &mp->m[mp->rank[k]];

			fprintf(m, "%s %s (%s)", k > nshow ? "," : "",
			    mp->tp[mk->tp].touchpoint, fmt_status(mk->st));
		}
		if (fclose(m) != 0)
			die_sys("open_memstream");
		para(fp, t, 0);
		free(t);
	}
}

static void
journey(FILE *fp, const struct map *mp)
{
	static const char *head[] = { "Touchpoint", "Channel", "KPI",
	    "Value [CI]", "n", "Status", "Change" };
	static const int right[] = { 0, 0, 0, 0, 1, 0, 0 };
	struct ttab t = { mp->cmp_path ? 7 : 6, 0, head, right, NULL, 0 };
	char flow[4096], v[128], n[32], stx[64];
	size_t s, i, k, o = 0;

	heading(fp, "Journey");
	for (s = 0; s < mp->nst && o < sizeof(flow); s++)
		o += (size_t)snprintf(flow + o, sizeof(flow) - o, "%s%s",
		    s ? " -> " : "", mp->st[s].name);
	if (mp->nst > 0)
		para(fp, flow, 0);
	for (s = 0; s < mp->nst; s++) {
		char *name = txt_clean(mp->st[s].name, 0);

		fprintf(fp, "\n[%zu] ", s + 1);
		para(fp, name[0] ? name : "(no stage)", 4);
		free(name);
		for (i = mp->st[s].first; i < mp->st[s].first + mp->st[s].ntp;
		    i++) {
			const struct tp *tp = &mp->tp[i];

			for (k = 0; k < tp->nmeas; k++) {
				const struct meas *m = &mp->m[tp->meas[k]];
				char *ch = fmt_change(m);
				const char *row[7];

				snprintf(stx, sizeof(stx), "%s %s%s",
				    fmt_status_symbol(m->st), fmt_status(m->st),
				    m->low_base ? " (low base)" : "");
				row[0] = k == 0 ? tp->touchpoint : "";
				row[1] = k == 0 ? tp->channel : "";
				row[2] = fmt_kpi_label(m);
				row[3] = fmt_interval(v, sizeof(v), m);
				row[4] = fmt_n(n, sizeof(n), m->n);
				row[5] = stx;
				row[6] = ch;
				ttab_add(&t, row);
				free(ch);
			}
		}
		ttab_print(fp, &t, 4);
	}
}

/* The funnel: every step with the experience at its touchpoint. */
static void
funnel(FILE *fp, const struct map *mp)
{
	static const char *head[] = { "#", "Touchpoint", "Customers",
	    "Went on from the previous step", "Time", "Experience there",
	    "Change" };
	static const int right[] = { 1, 0, 0, 0, 0, 0, 0 };
	struct ttab t = { mp->cmp_path ? 7 : 6, 0, head, right, NULL, 0 };
	char num[32], *lead;
	size_t i;

	heading(fp, "Funnel");
	lead = fmt_fun_lead(mp);
	para(fp, lead, 0);
	free(lead);
	if (mp->nfs == 0) {
		para(fp, "The funnel table has no rows for this period.", 0);
		return;
	}
	putc('\n', fp);
	for (i = 0; i < mp->nfs; i++) {
		const struct fstep *f = &mp->fs[i];
		char *r = fmt_fun_reached(mp, f), *c = fmt_fun_conv(mp, f);
		char *md = fmt_fun_median(f), *x = fmt_fun_experience(mp, f);
		char *ch = fmt_fun_change(f), *xm;
		const char *row[7];

		xm = xmalloc(strlen(x) + 16);
		sprintf(xm, "%s%s", x, f->meet ? " - meet" : "");
		snprintf(num, sizeof(num), "%zu", i + 1);
		row[0] = num;
		row[1] = f->touchpoint;
		row[2] = r;
		row[3] = c;
		row[4] = md;
		row[5] = xm;
		row[6] = ch;
		ttab_add(&t, row);
		free(r);
		free(c);
		free(md);
		free(x);
		free(xm);
		free(ch);
	}
	ttab_print(fp, &t, 0);
}

/* The experience curve as bars: net score, 25 columns per 100 points. */
void
txt_curve(FILE *fp, const struct map *mp, int inert)
{
	const char *indent = "";
	size_t i, j, lw = 0, nl;
	char lab[512], num[64], a[32], b[32], c[32], bar[64], **l;
	char **label = xcalloc(mp->nm + 1, sizeof(*label));
	int len, z, e;

	for (i = 0; i < mp->nm; i++) {
		const struct meas *m = &mp->m[i];

		if (m->journey)
			continue;
		snprintf(lab, sizeof(lab), "%s (%s)", m->touchpoint,
		    fmt_kpi_label(m));
		label[i] = txt_clean(lab, 0);
		if (inert)	/* in a Markdown code block */
			for (char *p = label[i]; *p != '\0'; p++)
				if (strchr("`<>~", *p) != NULL)
					*p = *p == '<' ? '(' : *p == '>' ? ')' :
					    '\'';
		if (txt_width(label[i]) > lw)
			lw = txt_width(label[i]);
	}
	if (lw > 24)
		lw = 24;
	if (lw < 9)
		lw = 9;
	fprintf(fp, "%s%-*s  %-16s -100%24s0%21s+100\n", indent, (int)lw,
	    "net score", "[interval]", "", "");
	for (i = 0; i < mp->nm; i++) {
		const struct meas *m = &mp->m[i];

		if (m->journey)
			continue;
		if (isnan(m->net_lo) || isnan(m->net_hi))
			snprintf(num, sizeof(num), "%s", fmt_int(a, sizeof(a),
			    m->net));
		else
			snprintf(num, sizeof(num), "%s [%s, %s]",
			    fmt_int(a, sizeof(a), m->net),
			    fmt_int(b, sizeof(b), m->net_lo),
			    fmt_int(c, sizeof(c), m->net_hi));
		/* 51 columns: -100 at 0, 0 at 25, +100 at 50 */
		memset(bar, ' ', 51);
		/* clamped: a hand-made table's net may lie beyond +-100 */
		len = isnan(m->net) ? 0 : (int)lround(fmax(-25.0,
		    fmin(25.0, m->net / 4)));
		for (z = len < 0 ? len : 1; z <= (len > 0 ? len : -1); z++)
			bar[25 + z] = '#';
		bar[25] = '|';
		for (e = 51; e > 0 && bar[e - 1] == ' '; e--)
			;
		bar[e] = '\0';
		nl = wrap(label[i], lw, &l);
		fputs(indent, fp);
		pad(fp, l[0], lw, 0);
		fprintf(fp, "  %-16s    %s\n", num, bar);
		for (j = 1; j < nl; j++)
			fprintf(fp, "%s%s\n", indent, l[j]);
		freelines(l, nl);
	}
	for (i = 0; i < mp->nm; i++)
		free(label[i]);
	free(label);
}

static void
verbatims(FILE *fp, const struct map *mp)
{
	size_t i, k;
	char head[1024], meta[512];

	heading(fp, "Verbatims (lowest scores first)");
	if (mp->ncomments == 0) {
		para(fp, "No comments in the responses for this period.", 0);
		return;
	}
	for (i = 0; i < mp->ntp; i++) {
		const struct tp *tp = &mp->tp[i];

		if (tp->nv == 0)
			continue;
		snprintf(head, sizeof(head), "%s > %s: %zu of %zu comment%s",
		    tp->stage, tp->touchpoint, tp->nv, tp->nvall,
		    tp->nvall == 1 ? "" : "s");
		fputs("\n", fp);
		para(fp, head, 0);
		for (k = 0; k < tp->nv; k++) {
			const struct verb *v = &tp->v[k];

			fputs("  \"", fp);
			{
				char *q = xmalloc(strlen(v->text) + 2);

				sprintf(q, "%s\"", v->text);
				para(fp, q, 3);
				free(q);
			}
			snprintf(meta, sizeof(meta), "-- %s %ld (%s)%s%s%s%.10s",
			    v->metric, v->score, fmt_verb_class(v),
			    v->segment[0] ? ", " : "", v->segment,
			    v->time[0] ? ", " : "", v->time);
			if (v->same > 0)
				snprintf(meta + strlen(meta), sizeof(meta) -
				    strlen(meta), "; %zu more said the same",
				    v->same);
			fputs("     ", fp);
			para(fp, meta, 5);
		}
	}
}

/* The text of a segment cell (malloc'd): "5.48 v n 86", "75%* n 4". */
static char *
segcell(const struct map *mp, size_t i, size_t s)
{
	const struct segcell *c = &mp->cell[i * mp->nseg + s];
	char v[64], n[32], *buf;

	if (c->m == NULL)
		return xstrdup("-");
	fmt_value(v, sizeof(v), c->m, c->m->value);
	buf = xmalloc(strlen(v) + 64);
	sprintf(buf, "%s%s%s n %s", v, c->mark < 0 ? " v" : c->mark > 0 ?
	    " ^" : "", c->m->low_base ? "*" : "", fmt_n(n, sizeof(n), c->m->n));
	return buf;
}

static const char *
rowname(const struct meas *m)
{
	return m->journey ? "All touchpoints" : m->touchpoint;
}

static void
segments(FILE *fp, const struct map *mp)
{
	const size_t nfix = 3, indent = 2;
	const char **head = xcalloc(mp->nseg + nfix, sizeof(*head));
	int *right = xcalloc(mp->nseg + nfix, sizeof(*right));
	char **row = xcalloc(mp->nseg + nfix, sizeof(*row));
	size_t *w = xcalloc(mp->nseg + 1, sizeof(*w));
	size_t s0, s, i, k, per, used, fixw, x;
	char v[64];

	heading(fp, "Segments");
	if (mp->nseg == 0) {
		para(fp, "The segment table has no rows for this period.", 0);
		goto out;
	}
	para(fp, "Headline KPI by segment. v: interval wholly worse than the "
	    "touchpoint overall, ^: wholly better; *: low base (n below "
	    "the minimum), read with care.", 0);
	/* the fixed columns' width (names 10 to 24 columns, KPI 8,
	 * overall 7), then as many segments per block as fit */
	x = 10;
	for (i = 0; i < mp->nm; i++)
		if (fmt_has_cells(mp, i) && txt_width(rowname(&mp->m[i])) > x)
			x = txt_width(rowname(&mp->m[i]));
	fixw = (x < 24 ? x : 24) + 2 + 8 + 2 + 7;
	for (s = 0; s < mp->nseg; s++) {
		char *name = txt_clean(mp->seg[s][0] ? mp->seg[s] : "(none)",
		    0);

		w[s] = txt_width(name) < 16 ? txt_width(name) : 16;
		free(name);
		for (i = 0; i < mp->nm; i++) {
			char *c;

			if (!fmt_has_cells(mp, i))
				continue;
			c = segcell(mp, i, s);
			if (txt_width(c) > w[s])
				w[s] = txt_width(c);
			free(c);
		}
	}
	head[0] = "Touchpoint";
	head[1] = "KPI";
	head[2] = "Overall";
	right[2] = 1;
	for (s0 = 0; s0 < mp->nseg; s0 += per) {
		struct ttab t = { 0, 0, head, right, NULL, 0 };

		used = fixw;
		for (per = 0; s0 + per < mp->nseg; per++) {
			if (per > 0 && used + 2 + w[s0 + per] > TEXT_WIDTH -
			    indent)
				break;
			used += 2 + w[s0 + per];
		}
		t.ncol = nfix + per;
		for (s = 0; s < per; s++) {
			head[nfix + s] = mp->seg[s0 + s][0] ? mp->seg[s0 + s] :
			    "(none)";
			right[nfix + s] = 1;
		}
		for (i = 0; i < mp->nm; i++) {
			const struct meas *m = &mp->m[i];

			if (!fmt_has_cells(mp, i))
				continue;
			row[0] = (char *)rowname(m);
			row[1] = (char *)(m->journey ? fmt_kpi_label_scale(m) :
			    fmt_kpi_label(m));
			row[2] = fmt_value(v, sizeof(v), m, m->value);
			for (k = 0; k < per; k++)
				row[nfix + k] = segcell(mp, i, s0 + k);
			ttab_add(&t, (const char *const *)row);
			for (k = 0; k < per; k++)
				free(row[nfix + k]);
		}
		fputs("\n", fp);
		ttab_print(fp, &t, indent);
	}
out:
	free(head);
	free(right);
	free(row);
	free(w);
}

static void
quality(FILE *fp, const struct map *mp)
{
	char line[2048], a[32], b[32], c[32], d[32];
	size_t i;

	heading(fp, "Data quality");
	if (mp->period != NULL) {
		snprintf(line, sizeof(line), "KPI period: %s%s%s%s.",
		    mp->period, mp->period_prev ? " (compared with " : "",
		    mp->period_prev ? mp->period_prev : "",
		    mp->period_prev ? ")" : "");
		para(fp, line, 0);
		if (mp->nperiods > 1) {
			snprintf(line, sizeof(line), "The KPI table holds %zu "
			    "periods; the map shows the latest.",
			    mp->nperiods);
			para(fp, line, 0);
		}
	}
	if (mp->resp_path != NULL) {
		snprintf(line, sizeof(line), "Responses: %s respondents, %s "
		    "answers, %s with a comment%s%s%s%s%s.",
		    fmt_n(a, sizeof(a), (double)mp->nresp),
		    fmt_n(b, sizeof(b), (double)mp->nanswers),
		    fmt_n(c, sizeof(c), (double)mp->ncomments),
		    mp->tmin ? "; answered " : "", mp->tmin ? mp->tmin : "",
		    mp->tmin ? " to " : "", mp->tmax ? mp->tmax : "",
		    mp->notime ? " (some without a time)" : "");
		para(fp, line, 0);
		if (mp->nresp_rows != mp->nanswers) {
			snprintf(line, sizeof(line), "%s "
			    "%s answers of %s respondents%s%s%s; only those of "
			    "period %s count here.", mp->counted ? "The "
			    "respondent tables hold" : "The response file holds",
			    fmt_n(a, sizeof(a), (double)mp->nresp_rows),
			    fmt_n(b, sizeof(b), (double)mp->nresp_all),
			    mp->notime_all ? " (" : "", mp->notime_all ?
			    fmt_n(c, sizeof(c), (double)mp->notime_all) : "",
			    mp->notime_all ? " without a time, in no period)" :
			    "", mp->period ? mp->period : "");
			para(fp, line, 0);
		}
	}
	if (mp->rej_path != NULL) {
		size_t o = (size_t)snprintf(line, sizeof(line),
		    "Rejected by cjm-ingest: %s", fmt_n(a, sizeof(a),
		    (double)mp->nrejtotal));
		for (i = 0; i < mp->nrej && o < sizeof(line); i++)
			o += (size_t)snprintf(line + o, sizeof(line) - o,
			    "%s%s %s", i ? ", " : " (", fmt_n(d, sizeof(d),
			    (double)mp->rej[i].n), mp->rej[i].name);
		if (o < sizeof(line))
			snprintf(line + o, sizeof(line) - o, "%s.",
			    mp->nrej ? ")" : "");
		para(fp, line, 0);
	}
	snprintf(line, sizeof(line), "Low base: %zu of %zu touchpoint rows%s%s%s "
	    "have fewer answers than the minimum; their status is shown but "
	    "weak.", mp->nlow, mp->nm - mp->njourney, mp->seg_path ? ", " : "",
	    mp->seg_path ? fmt_n(a, sizeof(a), (double)mp->nseglow) : "",
	    mp->seg_path ? " segment cells" : "");
	para(fp, line, 0);
}

static void
method(FILE *fp, const struct map *mp)
{
	char line[1024];
	size_t i;
	char *w;

	heading(fp, "Method notes");
	snprintf(line, sizeof(line), "Intervals: %s%% confidence (level "
	    "%s).", mp->conf && strcmp(mp->conf, "mixed") != 0 ?
	    fmt_conf_pct(mp->conf) : "mixed", mp->conf ? mp->conf : "n/a");
	para(fp, line, 0);
	for (i = 0; i < mp->nmethods; i++) {
		snprintf(line, sizeof(line), "- %s (%zu row%s): %s",
		    mp->methods[i].name, mp->methods[i].n,
		    mp->methods[i].n == 1 ? "" : "s",
		    fmt_method_desc(mp->methods[i].name));
		w = txt_clean(line, 0);
		fputs("", fp);
		para(fp, w, 2);
		free(w);
	}
	for (i = 0; i < fmt_nnotes; i++)
		para(fp, fmt_notes[i], 0);
	if (mp->drv_path != NULL)
		para(fp, fmt_note_drivers, 0);
}

static void
empty(FILE *fp, const struct map *mp)
{
	(void)mp;
	para(fp, "\nThe KPI table has no touchpoint rows: nothing to map.", 0);
}

static void
curve(FILE *fp, const struct map *mp)
{
	heading(fp, "Experience curve");
	txt_curve(fp, mp, 0);
}

static void
txt_esc(FILE *fp, const char *s)
{
	char *t = txt_clean(s, 0);

	fputs(t, fp);
	free(t);
}

static void
drivers(FILE *fp, const struct map *mp)
{
	static const char *head[] = { "Touchpoint", "Question",
	    "Importance", "r", "n", "Perf.", "Quadrant" };
	static const int right[] = { 0, 0, 1, 1, 1, 1, 0 };
	struct ttab t = { 7, 0, head, right, NULL, 0 };
	char imp[64], r[64], p[32], n[32], title[64], *lead = NULL;
	const char *row[7];
	size_t i, len = 0;
	FILE *m;

	snprintf(title, sizeof(title), "What drives %s",
	    fmt_outcome_label(mp));
	heading(fp, title);
	if (mp->ndrv == 0) {
		para(fp, "The drivers table has no rows.", 0);
		return;
	}
	if ((m = open_memstream(&lead, &len)) == NULL)
		die_sys("open_memstream");
	fmt_drivers_lead(m, mp, txt_esc);
	if (fclose(m) != 0)
		die_sys("open_memstream");
	para(fp, lead, 0);
	free(lead);
	for (i = 0; i < mp->ndrv; i++) {
		const struct plot_drv *v = mp->drv[i];

		row[0] = v->touchpoint;
		row[1] = strcmp(v->metric, "nps") == 0 ? "NPS" :
		    strcmp(v->metric, "csat") == 0 ? "CSAT" : "CES";
		row[2] = fmt_importance(imp, sizeof(imp), v);
		row[3] = fmt_r(r, sizeof(r), v);
		row[4] = fmt_n(n, sizeof(n), v->n);
		row[5] = fmt_int(p, sizeof(p), v->performance);
		row[6] = fmt_quadrant(v);
		ttab_add(&t, row);
	}
	fputs("\n", fp);
	ttab_print(fp, &t, 2);
	fputs("\n", fp);
	para(fp, "Importance: share of the explained variance (LMG) with its "
	    "bootstrap interval; r: correlation with the outcome; Perf.: mean "
	    "score on 0-100. Association, not cause.", 0);
}

static const struct fmt_sections sections = {
	empty, summary, act_first, journey, curve, funnel, drivers, verbatims,
	segments, quality, method
};

void
out_text(FILE *fp, const struct map *mp)
{
	char *t = txt_clean(mp->title, 0);
	size_t i, n = txt_width(t);
	char line[512];

	para(fp, t, 0);
	for (i = 0; i < n && i < TEXT_WIDTH; i++)
		putc('=', fp);
	putc('\n', fp);
	free(t);
	snprintf(line, sizeof(line), "%s%s%s%s%s%s", mp->period ? "Period " :
	    "", mp->period ? mp->period : "", mp->period_prev ? ", compared "
	    "with " : "", mp->period_prev ? mp->period_prev : "",
	    mp->generated ? (mp->period ? "; generated " : "Generated ") : "",
	    mp->generated ? mp->generated : "");
	if (line[0] != '\0')
		para(fp, line, 0);
	fmt_report(fp, mp, &sections);
}
