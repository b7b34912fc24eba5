/*
 * draft.c -- cjm-ingest --draft-journey: a first journey file from an
 * export, for a user who has an export and no journey file yet.
 *
 * One pass over the export (streaming: per column a few counters, not
 * its cells), then one journey row per column that looks like a rating
 * question: every non-empty cell a whole number within 0..10 (at least
 * three points used: not a yes/no 0/1), or mostly labels of one label
 * set.  The metric and scale come from the values and the question text
 * (recommend -> nps 0-10, satisfied -> csat, easy / effort -> ces), the
 * column is named the way cjm-ingest finds it, and stage, touchpoint and
 * channel are guessed from the question text where a known word says
 * (checkout, delivery, hotline...), else left to fill in ("TODO").
 * Every guess is said in the extra column `draft` (cjm-ingest and
 * cjm-kpi ignore columns they do not know).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "csvw.h"
#include "decode.h"
#include "err.h"
#include "ingest.h"
#include "label.h"
#include "xmalloc.h"

#define MAXSETS	64	/* label sets tracked per column */

/* What one column holds. */
struct colstat {
	unsigned long	 nonempty;
	unsigned long	 nint;		/* whole numbers 0..10 */
	unsigned long	 cnt[11];	/* ... k, how many times */
	unsigned long	 nlabel;	/* cells that are a label of a set */
	unsigned long	 vote[MAXSETS];	/* ... of set k */
};

/* Words of a question that say what it measures, folded. */
static const char *const w_nps[] = {
	"recommend", "recommander", "recommanderiez", "recommanderais",
	"empfehlen", "weiterempfehlen", "recomendar", "recomendaria",
	"recomendarias", NULL
};
static const char *const w_csat[] = {
	"satisfied", "satisfaction", "satisfait", "satisfaite",
	"zufrieden", "zufriedenheit", "satisfecho", "satisfecha",
	"satisfaccion", NULL
};
static const char *const w_ces[] = {
	"easy", "easily", "ease", "effort", "difficult", "facile",
	"facilement", "einfach", "leicht", "aufwand", "facil", "esfuerzo",
	NULL
};

/*
 * Touchpoints by what the question says (folded words; a final '*' is a
 * prefix), first match first: touchpoint and stage.
 */
static const struct {
	const char	*words;
	const char	*touchpoint, *stage;
} tps[] = {
	{ "recommend*", "Overall", "Loyalty" },
	{ "recommand*", "Overall", "Loyalty" },
	{ "empfehl*", "Overall", "Loyalty" },
	{ "weiterempfehl*", "Overall", "Loyalty" },
	{ "recomend*", "Overall", "Loyalty" },
	{ "checkout", "Checkout", "Purchase" },
	{ "checking out", "Checkout", "Purchase" },
	{ "check out", "Checkout", "Purchase" },
	{ "paying", "Payment", "Purchase" },
	{ "payment*", "Payment", "Purchase" },
	{ "paiement", "Payment", "Purchase" },
	{ "bezahl*", "Payment", "Purchase" },
	{ "pago", "Payment", "Purchase" },
	{ "deliver*", "Delivery", "Delivery" },
	{ "shipping", "Delivery", "Delivery" },
	{ "livraison", "Delivery", "Delivery" },
	{ "liefer*", "Delivery", "Delivery" },
	{ "entrega", "Delivery", "Delivery" },
	{ "return*", "Returns", "Delivery" },
	{ "refund*", "Returns", "Delivery" },
	{ "retour*", "Returns", "Delivery" },
	{ "rucksend*", "Returns", "Delivery" },
	{ "devoluc*", "Returns", "Delivery" },
	{ "hotline", "Hotline", "Support" },
	{ "call cent*", "Hotline", "Support" },
	{ "phone", "Phone", "Support" },
	{ "telephon*", "Phone", "Support" },
	{ "telefon*", "Phone", "Support" },
	{ "chat", "Chat", "Support" },
	{ "help cent*", "Help center", "Support" },
	{ "customer service", "Customer service", "Support" },
	{ "service client", "Customer service", "Support" },
	{ "kundenservice", "Customer service", "Support" },
	{ "kundendienst", "Customer service", "Support" },
	{ "atencion al cliente", "Customer service", "Support" },
	{ "help", "Help", "Support" },
	{ "support", "Support", "Support" },
	{ "social media", "Social media", "Awareness" },
	{ "reseaux sociaux", "Social media", "Awareness" },
	{ "redes sociales", "Social media", "Awareness" },
	{ "advert*", "Advertising", "Awareness" },
	{ "publicit*", "Advertising", "Awareness" },
	{ "werbung", "Advertising", "Awareness" },
	{ "website", "Website", "Consideration" },
	{ "web site", "Website", "Consideration" },
	{ "site web", "Website", "Consideration" },
	{ "webseite", "Website", "Consideration" },
	{ "sitio web", "Website", "Consideration" },
	{ "app", "Mobile app", "Consideration" },
	{ "application", "Mobile app", "Consideration" },
	{ "advice", "Advice", "Consideration" },
	{ "conseil*", "Advice", "Consideration" },
	{ "beratung", "Advice", "Consideration" },
	{ "asesoramiento", "Advice", "Consideration" },
	{ "store", "Store", "Purchase" },
	{ "shop", "Store", "Purchase" },
	{ "magasin", "Store", "Purchase" },
	{ "boutique", "Store", "Purchase" },
	{ "filiale", "Store", "Purchase" },
	{ "tienda", "Store", "Purchase" },
	{ "onboarding", "Onboarding", "Onboarding" },
	{ "sign up", "Sign-up", "Onboarding" },
	{ "registr*", "Sign-up", "Onboarding" },
	{ "inscri*", "Sign-up", "Onboarding" },
	{ "pric*", "Price", "Consideration" },
	{ "prix", "Price", "Consideration" },
	{ "preis*", "Price", "Consideration" },
	{ "precio*", "Price", "Consideration" },
	{ "product*", "Product", "Use" },
	{ "produit*", "Product", "Use" },
	{ "produkt*", "Product", "Use" },
	{ "producto*", "Product", "Use" },
	{ "loyalty", "Loyalty program", "Loyalty" },
	{ "fidelit*", "Loyalty program", "Loyalty" },
	{ "overall", "Overall", "Loyalty" },
	{ "insgesamt", "Overall", "Loyalty" },
	{ "en general", "Overall", "Loyalty" },
	{ "dans l ensemble", "Overall", "Loyalty" },
};

/* Words of a ranking question. */
static const char *const w_rank[] = {
	"rank*", "classez", "classer", "classement", "rangfolge", "ordnen",
	"ordena*", "clasifica*", NULL
};

/* Words that make a touchpoint offline. */
static const char *const w_offline[] = {
	"store", "shop", "in person", "till", "counter", "branch", "hotline",
	"phone", "telephon*", "telefon*", "call", "magasin", "boutique",
	"agence", "filiale", "tienda", "sucursal", "deliver*", "livraison",
	"liefer*", "entrega", NULL
};

/* Words dropped from a touchpoint name made from a question. */
static const char *const w_stop[] = {
	"a", "an", "the", "you", "your", "our", "us", "we", "it", "its", "to",
	"of", "with", "about", "for", "on", "in", "at", "from", "by", "and",
	"or", "how", "what", "was", "were", "is", "are", "be", "did", "do",
	"does", "would", "could", "please", "rate", "satisfied", "easy",
	"likely", "made", "make", "see", "got", "get", "very", "this", "that",
	"le", "la", "les", "de", "du", "des", "votre", "vos", "notre", "avec",
	"der", "die", "das", "mit", "ihre", "el", "los", "las", "con", "su",
	NULL
};

static char *
fold(const char *s)
{
	size_t need = labels_fold(NULL, 0, s);
	char *f = xmalloc(need + 1);

	labels_fold(f, need + 1, s);
	return f;
}

/* Is w (words; a final '*': a prefix) in the folded text f? */
static int
has_word(const char *f, const char *w)
{
	char buf[64];
	size_t n = strlen(w);
	int prefix = n > 0 && w[n - 1] == '*';
	const char *p;

	n -= (size_t)prefix;
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, w, n);
	buf[n] = '\0';
	for (p = f; (p = strstr(p, buf)) != NULL; p++)
		if ((p == f || p[-1] == ' ') &&
		    (prefix || p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static int
has_any(const char *f, const char *const *ws, const char **which)
{
	size_t k;

	for (k = 0; ws[k] != NULL; k++)
		if (has_word(f, ws[k])) {
			if (which != NULL)
				*which = ws[k];
			return 1;
		}
	return 0;
}

/* Does the folded text have a word starting with one of ws? */
static int
has_stem(const char *f, const char *const *ws)
{
	const char *p;
	size_t k;

	for (k = 0; ws[k] != NULL; k++)
		for (p = f; (p = strstr(p, ws[k])) != NULL; p++)
			if (p == f || p[-1] == ' ')
				return 1;
	return 0;
}

/* A whole number 0..10, alone or leading a label ("10 - Extremely"). */
static int
small_number(const struct labels *lab, const char *cell, long *v)
{
	long x;

	if (labels_score(lab, cell, 0, 10, 0, &x, NULL) != 0)
		return 0;
	while (*cell == ' ' || *cell == '\t')
		cell++;
	if (*cell < '0' || *cell > '9')
		return 0;	/* an NPS anchor label, not a number */
	*v = x;
	return 1;
}

static void
account(const struct labels *lab, struct colstat *c, const char *cell)
{
	size_t ids[16], n, k;
	long v;

	while (*cell == ' ' || *cell == '\t' || *cell == '\r' || *cell == '\n')
		cell++;
	if (*cell == '\0')
		return;
	c->nonempty++;
	if (small_number(lab, cell, &v)) {
		c->nint++;
		c->cnt[v]++;
		return;
	}
	if ((n = labels_sets_of(lab, cell, ids, 16)) > 0) {
		c->nlabel++;
		for (k = 0; k < n; k++)
			if (ids[k] < MAXSETS)
				c->vote[ids[k]]++;
	} else if (not_applicable(cell))
		c->nonempty--;		/* Don't know: no answer */
}

/* s without the blanks lib/journey trims around a field, in place. */
static char *
trim(char *s)
{
	size_t n = strspn(s, " \t"), len;

	memmove(s, s + n, strlen(s + n) + 1);
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
	return s;
}

/* s (freed if not) when it finds column i, alone, as a journey gives it
 * (trimmed); else NULL. */
static char *
finds(const struct head *h, char *s, size_t i)
{
	size_t a, b;

	if (trim(s)[0] != '\0' && head_find(h, s, &a, &b) == (int)i)
		return s;
	free(s);
	return NULL;
}

/*
 * The column's spec: what head_find finds it by, alone.  A Qualtrics
 * question by its text when it is plain (no HTML) and not too long: the
 * same text finds the question in another survey's export (a journey
 * for several surveys), and reads better than Q7.  NULL when nothing a
 * journey can hold finds it (no name, or only blanks).
 */
static char *
spec_of(const struct head *h, size_t i)
{
	char *s;

	if (h->plat == P_QUALTRICS && h->text[i][0] != '\0' &&
	    strlen(h->text[i]) <= 120 && strpbrk(h->text[i], "<>\r\n") ==
	    NULL && (s = finds(h, xstrdup(h->text[i]), i)) != NULL)
		return s;
	if ((s = finds(h, xstrdup(h->plat == P_SURVEYMONKEY ||
	    h->name[i][0] == '\0' ? h->text[i] : h->name[i]), i)) != NULL)
		return s;
	return finds(h, head_label(h, i), i);	/* "name#k" */
}

/* One drafted journey row. */
struct drow {
	char	*stage, *touchpoint, *channel, *metric, *scale, *column;
	char	*comment, *note;
	char	*base;		/* the touchpoint before a " 2" */
};

static void
add_note(char **note, const char *fmt, const char *a, const char *b)
{
	char buf[512];
	size_t n = *note != NULL ? strlen(*note) : 0;

	snprintf(buf, sizeof(buf), fmt, a, b);
	*note = xreallocarray(*note, n + strlen(buf) + 3, 1);
	if (n > 0)
		memcpy(*note + n, "; ", 3);
	else
		(*note)[0] = '\0';
	strcat(*note, buf);
}

/* Among sets that explain a column's labels equally, the usual size
 * first: 5 points, then 7, then 4; a user set before a built-in one. */
static int
pref(const struct labels *lab, int k)
{
	int span = 0, user = 0;

	if (k < 0 || labels_set_name(lab, (size_t)k, &span, NULL, &user) ==
	    NULL)
		return -1;
	return 10 * user + (span == 5 ? 3 : span == 7 ? 2 : span == 4 ? 1 : 0);
}

/* Columns that are no question: ids, times, platform bookkeeping. */
static const char *const w_meta[] = {
	"id", "response id", "responseid", "respondent id", "respondentid",
	"respondent", "respondent id", "record id", "collector id", "id de "
	"reponse", "no", "number", "index", "row", "seq number", "progress",
	"duration", "duration in seconds", "finished", "status",
	"time taken to complete seconds", "network id", NULL
};

/*
 * Decides whether column i is a rating question; fills r (metric,
 * scale, note) and returns 1, or 0.
 */
static int
judge(const struct labels *lab, const struct head *h, size_t i,
    const struct colstat *c, struct drow *r)
{
	int lo = -1, hi = -1, k, span = 0, rev = 0, user = 0, best = -1;
	int used = 0;
	unsigned long most = 0;
	const char *set = NULL, *metric, *why;
	char scale[32], vals[64];
	char *f = fold(h->text[i]);
	char *fn = fold(h->name[i]);
	int nps = has_stem(f, w_nps), csat = has_stem(f, w_csat),
	    ces = has_stem(f, w_ces);

	/* A ranking (1 = favourite) is not a rating, nor an id. */
	for (k = 0; w_meta[k] != NULL && strcmp(fn, w_meta[k]) != 0; k++)
		;
	if (c->nonempty == 0 || has_any(f, w_rank, NULL) ||
	    w_meta[k] != NULL || strcmp(h->name[i], "#") == 0) {
		free(f);
		free(fn);
		return 0;
	}
	/* The points used, a stray value (1 in 100, a typing mistake)
	 * aside. */
	for (k = 0; k <= 10; k++)
		if (c->cnt[k] > 0 && c->cnt[k] * 100 >= c->nint) {
			if (lo < 0)
				lo = k;
			hi = k;
			used++;
		}
	/* Numbers: (nearly) every cell, at least 3 points used (not a
	 * yes/no 0/1); one typing mistake in 20 is the rejects' business. */
	if (c->nint * 20 >= c->nonempty * 19 && hi >= 2 && used >= 3) {
		snprintf(vals, sizeof(vals), "values %d to %d", lo, hi);
		if (nps || (lo == 0 && hi > 7 && !csat && !ces)) {
			metric = "nps";
			snprintf(scale, sizeof(scale), "0-10");
			why = nps ? "the question (recommend)" :
			    "the values (0 to 10)";
		} else {
			if (hi > 7)
				snprintf(scale, sizeof(scale), "%d-10", lo == 0 ?
				    0 : 1);
			else if (hi > 5)
				snprintf(scale, sizeof(scale), "%d-7", lo == 0 ?
				    0 : 1);
			else
				snprintf(scale, sizeof(scale), "%d-5", lo == 0 ?
				    0 : 1);
			metric = ces ? "ces" : csat ? "csat" :
			    strcmp(scale, "1-7") == 0 ? "ces" : "csat";
			why = ces ? "the question (easy, effort)" : csat ?
			    "the question (satisfied)" : "the scale alone: "
			    "check it";
		}
		r->metric = xstrdup(metric);
		r->scale = xstrdup(scale);
		add_note(&r->note, "metric %s from %s", metric, why);
		add_note(&r->note, "scale %s from the %s (check the top)",
		    scale, vals);
		free(f);
		free(fn);
		return 1;
	}
	/* Labels: the set most cells are labels of, for most cells. */
	for (k = 0; k < MAXSETS && (size_t)k < labels_nsets(lab); k++)
		if (c->vote[k] > most || (c->vote[k] == most && most > 0 &&
		    pref(lab, k) > pref(lab, best))) {
			most = c->vote[k];
			best = k;
		}
	if (best < 0 || most * 2 < c->nonempty || (set =
	    labels_set_name(lab, (size_t)best, &span, &rev, &user)) == NULL ||
	    span < 3) {
		free(f);
		free(fn);
		return 0;
	}
	if (strncmp(set, "nps-anchors", 11) == 0) {
		metric = "nps";
		snprintf(scale, sizeof(scale), "0-10");
	} else if (rev) {	/* effort: CES 1.0 */
		metric = "ces";
		snprintf(scale, sizeof(scale), "%d-1", span);
	} else {
		metric = strncmp(set, "ease", 4) == 0 || ces ? "ces" : "csat";
		snprintf(scale, sizeof(scale), "1-%d", span);
	}
	r->metric = xstrdup(metric);
	r->scale = xstrdup(scale);
	snprintf(vals, sizeof(vals), "%lu of %lu", most, c->nonempty);
	add_note(&r->note, "metric and scale from the labels (set %s, %s "
	    "cells)", set, vals);
	if (strcmp(metric, "csat") == 0 && strncmp(set, "satisfaction", 12)
	    != 0)
		add_note(&r->note, "%s%s: csat counts its top two points",
		    "not a satisfaction scale", "");
	free(f);
	free(fn);
	return 1;
}

/* A touchpoint name from a question's words: the last few that say
 * something ("... on social media?" -> "Social media"). */
static char *
name_from(const char *f)
{
	char *t = xstrdup(f), *w[64], *p;
	size_t n = 0, k, from = 0, len = 0;
	char *out;

	for (p = strtok(t, " "); p != NULL && n < 64; p = strtok(NULL, " "))
		w[n++] = p;
	/* after the last "with", "of", "about", "on", "for" that has
	 * words after it */
	for (k = 0; k + 1 < n; k++)
		if (strcmp(w[k], "with") == 0 || strcmp(w[k], "of") == 0 ||
		    strcmp(w[k], "about") == 0 || strcmp(w[k], "on") == 0 ||
		    strcmp(w[k], "for") == 0)
			from = k + 1;
	out = xcalloc(1, strlen(f) + 1);
	for (k = from; k < n && len < 3; k++) {
		if (has_any(w[k], w_stop, NULL))
			continue;
		if (len++ > 0)
			strcat(out, " ");
		strcat(out, w[k]);
	}
	if (out[0] == '\0')	/* only small words: the first ones */
		for (k = 0; k < n && k < 3; k++) {
			if (k > 0)
				strcat(out, " ");
			strcat(out, w[k]);
		}
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	free(t);
	return out;
}

/* Stage, touchpoint and channel from the question's words, or TODO. */
static void
place(const struct head *h, size_t i, struct drow *r)
{
	const char *src = h->text[i][0] != '\0' ? h->text[i] : h->name[i];
	char *f = fold(src);
	const char *off = NULL, *sub, *q;
	size_t k, n;

	r->channel = xstrdup(has_any(f, w_offline, &off) ? "offline" :
	    "online");
	for (k = 0; k < sizeof(tps) / sizeof(tps[0]); k++)
		if (has_word(f, tps[k].words)) {
			r->stage = xstrdup(tps[k].stage);
			r->touchpoint = xstrdup(tps[k].touchpoint);
			add_note(&r->note, "stage and touchpoint guessed from "
			    "'%s'%s", tps[k].words, "");
			break;
		}
	if (r->touchpoint == NULL) {
		r->stage = xstrdup("TODO");
		/* "Question - Sub-label" (a matrix row): the row says it */
		if ((sub = strstr(src, " - ")) != NULL) {
			while ((q = strstr(sub + 3, " - ")) != NULL)
				sub = q;
			/* 40 bytes at most, never half a character (a
			 * shorter one was read past its end: found by
			 * fz_cjm-ingest) */
			sub += 3;
			if ((n = strlen(sub)) > 40)
				for (n = 40; n > 0 && ((unsigned char)sub[n] &
				    0xC0) == 0x80; n--)
					;
			r->touchpoint = xstrndup(sub, n);
		} else
			r->touchpoint = name_from(f);
		add_note(&r->note, "stage to fill in, touchpoint made from the "
		    "question%s%s", "", "");
	}
	if (off != NULL)
		add_note(&r->note, "channel offline from '%s'%s", off, "");
	else
		add_note(&r->note, "channel online: no word says offline%s%s",
		    "", "");
	free(f);
}

/* A free-text comment column for the question at i: the next column,
 * when its name says so (Qualtrics _TEXT, "Why?", "Comments"...). */
static char *
comment_of(const struct head *h, size_t i)
{
	static const char *const w[] = { "why", "comment*", "pourquoi",
		"commentaire*", "warum", "kommentar*", "anmerkung*",
		"por que", "comentario*", "explain*", "tell us", "better",
		"improve*", "reason*", "suggest*", "ameliorer", "verbessern",
		"mejorar", "dites nous", "erzahlen sie", NULL };
	char *f;
	size_t k;
	int yes;

	if (i + 1 >= h->n)
		return NULL;
	f = fold(h->text[i + 1]);
	yes = has_any(f, w, NULL);
	free(f);
	k = strlen(h->name[i + 1]);
	if (k > 5 && strcmp(h->name[i + 1] + k - 5, "_TEXT") == 0)
		yes = 1;
	return yes ? spec_of(h, i + 1) : NULL;
}

/* Static: what die() leaves behind stays reachable (no leak reported). */
static struct {
	struct head	 h;
	struct csvr	*r;
	FILE		*fp;
	struct colstat	*st;
	struct drow	*rows;
} keep;

/* At exit after die(): what is still open is closed, nothing leaks. */
static void
draft_cleanup(void)
{
	csvr_free(keep.r);
	keep.r = NULL;
	free(keep.st);
	keep.st = NULL;
	free(keep.rows);	/* (its strings: a few bytes, reachable) */
	keep.rows = NULL;
	head_free(&keep.h);
	if (keep.fp != NULL)
		fclose(keep.fp);
	keep.fp = NULL;
}

int
draft_journey(const char *path, enum platform plat, enum dec_enc enc,
    char delim, int header_row, struct labels *lab)
{
	struct decode_info info;
	struct decode_opts dopt = { enc, delim, 1, NULL, NULL };
	struct head *hp = &keep.h;
	struct csvr *r;
	struct colstat *st;
	struct drow *rows;
	struct csvw w;
	FILE *fp;
	size_t i, k, n, nrow = 0, nf;
	unsigned long nrec = 0;
	int rc, dup;
	const struct rec *a;
	char buf[32];
	static const char *const head[] = { "stage", "touchpoint", "channel",
		"metric", "scale", "column", "target", "comment", "draft",
		NULL };

	if ((fp = decode_open_ex(path, &dopt, &info)) == NULL)
		die_sys("%s", err_fname(path));
	keep.fp = fp;
	atexit(draft_cleanup);
	r = keep.r = csvr_new(fp, path);
	csvr_set_delim(r, (unsigned char)info.delim);
	csvr_set_quote_text(r, 1);
	if (head_read(hp, r, plat, NULL, 0, header_row) != 0)
		die_at(&(struct loc){ path, hp->errline }, "%s", hp->err);
	st = keep.st = xcalloc(hp->n ? hp->n : 1, sizeof(*st));
	for (k = 0; k < (size_t)hp->nahead; k++) {
		a = hp->ahead[k];
		if (a->err != NULL)
			continue;
		nrec++;
		for (i = 0; i < a->n && i < hp->n; i++)
			account(lab, &st[i], a->f[i]);
	}
	while ((rc = csvr_next(r)) != 0) {
		if (rc < 0) {
			if (csvr_ioerror(r))
				die_at(&(struct loc){ path, 0 }, "read error: %s",
				    csvr_strerror(r));
			continue;
		}
		nrec++;
		nf = csvr_nfields(r);
		for (i = 0; i < nf && i < hp->n; i++)
			account(lab, &st[i], csvr_field(r, i, NULL));
	}
	rows = keep.rows = xcalloc(hp->n ? hp->n : 1, sizeof(*rows));
	for (i = 0; i < hp->n; i++) {
		memset(&rows[nrow], 0, sizeof(rows[nrow]));
		if (!judge(lab, hp, i, &st[i], &rows[nrow])) {
			free(rows[nrow].note);
			continue;
		}
		if ((rows[nrow].column = spec_of(hp, i)) == NULL) {
			/* (found by fz_cjm-ingest: an unnamed column gave a
			 * row with an empty column and touchpoint) */
			fprintf(stderr, "%s: %s: column %zu looks like a rating "
			    "question but has no name a journey can give: "
			    "left out\n", progname, err_fname(path), i + 1);
			free(rows[nrow].metric);
			free(rows[nrow].scale);
			free(rows[nrow].note);
			continue;
		}
		place(hp, i, &rows[nrow]);
		if (trim(rows[nrow].touchpoint)[0] == '\0') {
			free(rows[nrow].touchpoint);
			rows[nrow].touchpoint = xstrdup(rows[nrow].column);
		}
		rows[nrow].comment = comment_of(hp, i);
		if (rows[nrow].comment != NULL)
			add_note(&rows[nrow].note, "comment column guessed%s%s",
			    "", "");
		/* (stage, touchpoint, metric) must be unique */
		rows[nrow].base = xstrdup(rows[nrow].touchpoint);
		for (dup = 1, k = 0; k < nrow; k++)
			if (strcmp(rows[k].stage, rows[nrow].stage) == 0 &&
			    strcmp(rows[k].base, rows[nrow].base) == 0 &&
			    strcmp(rows[k].metric, rows[nrow].metric) == 0)
				dup++;
		if (dup > 1) {
			snprintf(buf, sizeof(buf), " %d", dup);
			n = strlen(rows[nrow].touchpoint);
			rows[nrow].touchpoint = xreallocarray(
			    rows[nrow].touchpoint, n + strlen(buf) + 1, 1);
			strcat(rows[nrow].touchpoint, buf);
		}
		nrow++;
	}
	if (nrow == 0)
		die_at(&(struct loc){ path, 0 }, "no column looks like a rating "
		    "question (whole numbers 0-10, or labels of a known scale; "
		    "docs/labels.md)");
	csvw_init(&w, stdout);
	csvw_row(&w, head);
	for (k = 0; k < nrow; k++) {
		csvw_field(&w, rows[k].stage);
		csvw_field(&w, rows[k].touchpoint);
		csvw_field(&w, rows[k].channel);
		csvw_field(&w, rows[k].metric);
		csvw_field(&w, rows[k].scale);
		csvw_field(&w, rows[k].column);
		csvw_field(&w, "");
		csvw_field(&w, rows[k].comment);
		csvw_field(&w, rows[k].note);
		csvw_end(&w);
	}
	fprintf(stderr, "%s: %s: %s%s export, %lu record%s: %zu of %zu columns "
	    "look like rating questions; check the stage, touchpoint and "
	    "channel of each (the draft column says what was guessed)\n",
	    progname, err_fname(path), platform_name(hp->plat),
	    plat == P_AUTO ? " (detected)" : "", nrec, nrec == 1 ? "" : "s",
	    nrow, hp->n);
	for (k = 0; k < nrow; k++) {
		free(rows[k].stage);
		free(rows[k].touchpoint);
		free(rows[k].channel);
		free(rows[k].metric);
		free(rows[k].scale);
		free(rows[k].column);
		free(rows[k].comment);
		free(rows[k].note);
		free(rows[k].base);
	}
	free(rows);
	free(st);
	head_free(hp);
	csvr_free(r);
	keep.rows = NULL;
	keep.st = NULL;
	keep.r = NULL;
	keep.fp = NULL;
	if (fclose(fp) != 0)
		die_sys("%s", err_fname(path));
	return close_stdout(EXIT_SUCCESS);
}
