/*
 * label.c -- see label.h; the built-in sets are documented in
 * docs/labels.md (keep the two in step).
 *
 * Every label, built-in or loaded, is stored folded in one hash table;
 * a lookup folds the cell once and walks one chain.  A set is only a
 * name and the range of its codes (its span).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "decode.h"
#include "hdr.h"
#include "label.h"
#include "utf8.h"
#include "xmalloc.h"

#define KEYMAX	256		/* longest folded label + NUL */

/* The built-in sets: name, code, label (UTF-8, as platforms print it). */
static const struct {
	const char	*set;
	int		 code;
	const char	*label;
} builtin[] = {
	/* Satisfaction, 5 points (CSAT). */
	{ "satisfaction-5", 1, "Very dissatisfied" },
	{ "satisfaction-5", 1, "Extremely dissatisfied" },
	{ "satisfaction-5", 1, "Very unsatisfied" },
	{ "satisfaction-5", 1, "Completely dissatisfied" },
	{ "satisfaction-5", 2, "Dissatisfied" },
	{ "satisfaction-5", 2, "Somewhat dissatisfied" },
	{ "satisfaction-5", 2, "Unsatisfied" },
	{ "satisfaction-5", 2, "Slightly dissatisfied" },
	{ "satisfaction-5", 3, "Neutral" },
	{ "satisfaction-5", 3, "Neither satisfied nor dissatisfied" },
	{ "satisfaction-5", 3, "Neither dissatisfied nor satisfied" },
	{ "satisfaction-5", 4, "Satisfied" },
	{ "satisfaction-5", 4, "Somewhat satisfied" },
	{ "satisfaction-5", 4, "Slightly satisfied" },
	{ "satisfaction-5", 5, "Very satisfied" },
	{ "satisfaction-5", 5, "Extremely satisfied" },
	{ "satisfaction-5", 5, "Completely satisfied" },
	{ "satisfaction-5-fr", 1, "Très insatisfait" },
	{ "satisfaction-5-fr", 1, "Très mécontent" },
	{ "satisfaction-5-fr", 1, "Pas du tout satisfait" },
	{ "satisfaction-5-fr", 1, "Extrêmement insatisfait" },
	{ "satisfaction-5-fr", 2, "Insatisfait" },
	{ "satisfaction-5-fr", 2, "Plutôt insatisfait" },
	{ "satisfaction-5-fr", 2, "Mécontent" },
	{ "satisfaction-5-fr", 2, "Plutôt mécontent" },
	{ "satisfaction-5-fr", 2, "Peu satisfait" },
	{ "satisfaction-5-fr", 3, "Neutre" },
	{ "satisfaction-5-fr", 3, "Ni satisfait ni insatisfait" },
	{ "satisfaction-5-fr", 3, "Ni satisfait ni mécontent" },
	{ "satisfaction-5-fr", 4, "Satisfait" },
	{ "satisfaction-5-fr", 4, "Plutôt satisfait" },
	{ "satisfaction-5-fr", 4, "Assez satisfait" },
	{ "satisfaction-5-fr", 5, "Très satisfait" },
	{ "satisfaction-5-fr", 5, "Extrêmement satisfait" },
	{ "satisfaction-5-fr", 5, "Tout à fait satisfait" },
	{ "satisfaction-5-de", 1, "Sehr unzufrieden" },
	{ "satisfaction-5-de", 2, "Unzufrieden" },
	{ "satisfaction-5-de", 3, "Weder zufrieden noch unzufrieden" },
	{ "satisfaction-5-de", 4, "Zufrieden" },
	{ "satisfaction-5-de", 5, "Sehr zufrieden" },

	/* Agreement, 5 points. */
	{ "agreement-5", 1, "Strongly disagree" },
	{ "agreement-5", 1, "Completely disagree" },
	{ "agreement-5", 2, "Disagree" },
	{ "agreement-5", 2, "Somewhat disagree" },
	{ "agreement-5", 3, "Neither agree nor disagree" },
	{ "agreement-5", 3, "Neither disagree nor agree" },
	{ "agreement-5", 3, "Neutral" },
	{ "agreement-5", 3, "Undecided" },
	{ "agreement-5", 4, "Agree" },
	{ "agreement-5", 4, "Somewhat agree" },
	{ "agreement-5", 5, "Strongly agree" },
	{ "agreement-5", 5, "Completely agree" },
	{ "agreement-5-fr", 1, "Pas du tout d'accord" },
	{ "agreement-5-fr", 1, "Fortement en désaccord" },
	{ "agreement-5-fr", 1, "Tout à fait en désaccord" },
	{ "agreement-5-fr", 2, "Pas d'accord" },
	{ "agreement-5-fr", 2, "Plutôt pas d'accord" },
	{ "agreement-5-fr", 2, "En désaccord" },
	{ "agreement-5-fr", 2, "Plutôt en désaccord" },
	{ "agreement-5-fr", 3, "Ni d'accord ni pas d'accord" },
	{ "agreement-5-fr", 3, "Ni en accord ni en désaccord" },
	{ "agreement-5-fr", 3, "Neutre" },
	{ "agreement-5-fr", 4, "D'accord" },
	{ "agreement-5-fr", 4, "Plutôt d'accord" },
	{ "agreement-5-fr", 5, "Tout à fait d'accord" },
	{ "agreement-5-fr", 5, "Fortement d'accord" },
	{ "agreement-5-fr", 5, "Entièrement d'accord" },
	{ "agreement-5-de", 1, "Stimme überhaupt nicht zu" },
	{ "agreement-5-de", 2, "Stimme nicht zu" },
	{ "agreement-5-de", 3, "Weder noch" },
	{ "agreement-5-de", 4, "Stimme zu" },
	{ "agreement-5-de", 5, "Stimme voll und ganz zu" },

	/* Agreement, 7 points (CES 2.0 "made it easy"). */
	{ "agreement-7", 1, "Strongly disagree" },
	{ "agreement-7", 1, "Completely disagree" },
	{ "agreement-7", 2, "Disagree" },
	{ "agreement-7", 3, "Somewhat disagree" },
	{ "agreement-7", 3, "Slightly disagree" },
	{ "agreement-7", 4, "Neither agree nor disagree" },
	{ "agreement-7", 4, "Neither disagree nor agree" },
	{ "agreement-7", 4, "Undecided" },
	{ "agreement-7", 4, "Neutral" },
	{ "agreement-7", 5, "Somewhat agree" },
	{ "agreement-7", 5, "Slightly agree" },
	{ "agreement-7", 6, "Agree" },
	{ "agreement-7", 7, "Strongly agree" },
	{ "agreement-7", 7, "Completely agree" },
	{ "agreement-7-fr", 1, "Pas du tout d'accord" },
	{ "agreement-7-fr", 1, "Fortement en désaccord" },
	{ "agreement-7-fr", 1, "Tout à fait en désaccord" },
	{ "agreement-7-fr", 2, "Pas d'accord" },
	{ "agreement-7-fr", 2, "En désaccord" },
	{ "agreement-7-fr", 3, "Plutôt pas d'accord" },
	{ "agreement-7-fr", 3, "Plutôt en désaccord" },
	{ "agreement-7-fr", 3, "Légèrement en désaccord" },
	{ "agreement-7-fr", 4, "Ni d'accord ni pas d'accord" },
	{ "agreement-7-fr", 4, "Ni en accord ni en désaccord" },
	{ "agreement-7-fr", 4, "Neutre" },
	{ "agreement-7-fr", 5, "Plutôt d'accord" },
	{ "agreement-7-fr", 5, "Légèrement d'accord" },
	{ "agreement-7-fr", 6, "D'accord" },
	{ "agreement-7-fr", 7, "Tout à fait d'accord" },
	{ "agreement-7-fr", 7, "Fortement d'accord" },
	{ "agreement-7-fr", 7, "Entièrement d'accord" },

	/* Effort, 5 points (CES 1.0; journey scale 5-1). */
	{ "effort-5", 1, "Very low effort" },
	{ "effort-5", 2, "Low effort" },
	{ "effort-5", 3, "Neither high nor low effort" },
	{ "effort-5", 3, "Neither low nor high effort" },
	{ "effort-5", 3, "Moderate effort" },
	{ "effort-5", 3, "Neutral" },
	{ "effort-5", 4, "High effort" },
	{ "effort-5", 5, "Very high effort" },
	{ "effort-5-fr", 1, "Effort très faible" },
	{ "effort-5-fr", 1, "Très faible effort" },
	{ "effort-5-fr", 2, "Effort faible" },
	{ "effort-5-fr", 2, "Faible effort" },
	{ "effort-5-fr", 3, "Effort modéré" },
	{ "effort-5-fr", 3, "Neutre" },
	{ "effort-5-fr", 4, "Effort élevé" },
	{ "effort-5-fr", 4, "Effort important" },
	{ "effort-5-fr", 5, "Effort très élevé" },
	{ "effort-5-fr", 5, "Effort très important" },

	/* Ease, 5 and 7 points. */
	{ "ease-5", 1, "Very difficult" },
	{ "ease-5", 1, "Extremely difficult" },
	{ "ease-5", 2, "Difficult" },
	{ "ease-5", 2, "Somewhat difficult" },
	{ "ease-5", 3, "Neither easy nor difficult" },
	{ "ease-5", 3, "Neither difficult nor easy" },
	{ "ease-5", 3, "Neutral" },
	{ "ease-5", 4, "Easy" },
	{ "ease-5", 4, "Somewhat easy" },
	{ "ease-5", 5, "Very easy" },
	{ "ease-5", 5, "Extremely easy" },
	{ "ease-5-fr", 1, "Très difficile" },
	{ "ease-5-fr", 2, "Difficile" },
	{ "ease-5-fr", 3, "Ni facile ni difficile" },
	{ "ease-5-fr", 3, "Neutre" },
	{ "ease-5-fr", 4, "Facile" },
	{ "ease-5-fr", 5, "Très facile" },
	{ "ease-7", 1, "Very difficult" },
	{ "ease-7", 1, "Extremely difficult" },
	{ "ease-7", 2, "Difficult" },
	{ "ease-7", 2, "Moderately difficult" },
	{ "ease-7", 3, "Somewhat difficult" },
	{ "ease-7", 3, "Slightly difficult" },
	{ "ease-7", 4, "Neither easy nor difficult" },
	{ "ease-7", 4, "Neither difficult nor easy" },
	{ "ease-7", 4, "Neutral" },
	{ "ease-7", 5, "Somewhat easy" },
	{ "ease-7", 5, "Slightly easy" },
	{ "ease-7", 6, "Easy" },
	{ "ease-7", 6, "Moderately easy" },
	{ "ease-7", 7, "Very easy" },
	{ "ease-7", 7, "Extremely easy" },
	{ "ease-7-fr", 1, "Très difficile" },
	{ "ease-7-fr", 2, "Difficile" },
	{ "ease-7-fr", 3, "Plutôt difficile" },
	{ "ease-7-fr", 4, "Ni facile ni difficile" },
	{ "ease-7-fr", 4, "Neutre" },
	{ "ease-7-fr", 5, "Plutôt facile" },
	{ "ease-7-fr", 6, "Facile" },
	{ "ease-7-fr", 7, "Très facile" },

	/* Likelihood, 5 points. */
	{ "likelihood-5", 1, "Very unlikely" },
	{ "likelihood-5", 1, "Extremely unlikely" },
	{ "likelihood-5", 2, "Unlikely" },
	{ "likelihood-5", 2, "Somewhat unlikely" },
	{ "likelihood-5", 3, "Neither likely nor unlikely" },
	{ "likelihood-5", 3, "Neutral" },
	{ "likelihood-5", 4, "Likely" },
	{ "likelihood-5", 4, "Somewhat likely" },
	{ "likelihood-5", 5, "Very likely" },
	{ "likelihood-5", 5, "Extremely likely" },
	{ "likelihood-5-fr", 1, "Très improbable" },
	{ "likelihood-5-fr", 1, "Très peu probable" },
	{ "likelihood-5-fr", 2, "Improbable" },
	{ "likelihood-5-fr", 2, "Peu probable" },
	{ "likelihood-5-fr", 3, "Ni probable ni improbable" },
	{ "likelihood-5-fr", 3, "Neutre" },
	{ "likelihood-5-fr", 4, "Probable" },
	{ "likelihood-5-fr", 4, "Plutôt probable" },
	{ "likelihood-5-fr", 5, "Très probable" },

	/* Favourability, 5 points (SurveyMonkey). */
	{ "favorability-5", 1, "Very unfavorably" },
	{ "favorability-5", 1, "Very unfavourably" },
	{ "favorability-5", 2, "Somewhat unfavorably" },
	{ "favorability-5", 2, "Somewhat unfavourably" },
	{ "favorability-5", 3, "Neither favorably nor unfavorably (neutral)" },
	{ "favorability-5", 3, "Neither favorably nor unfavorably" },
	{ "favorability-5", 3, "Neither favourably nor unfavourably" },
	{ "favorability-5", 3, "Neutral" },
	{ "favorability-5", 4, "Somewhat favorably" },
	{ "favorability-5", 4, "Somewhat favourably" },
	{ "favorability-5", 5, "Very favorably" },
	{ "favorability-5", 5, "Very favourably" },

	/* Intent, 5 points (Qualtrics "Definitely not ... Definitely yes"). */
	{ "intent-5", 1, "Definitely not" },
	{ "intent-5", 2, "Probably not" },
	{ "intent-5", 3, "Might or might not" },
	{ "intent-5", 4, "Probably yes" },
	{ "intent-5", 4, "Probably" },
	{ "intent-5", 5, "Definitely yes" },
	{ "intent-5", 5, "Definitely" },

	/* Amount, 5 points (Qualtrics "Not at all ... A great deal"). */
	{ "amount-5", 1, "Not at all" },
	{ "amount-5", 1, "None at all" },
	{ "amount-5", 2, "A little" },
	{ "amount-5", 3, "A moderate amount" },
	{ "amount-5", 4, "A lot" },
	{ "amount-5", 5, "A great deal" },

	/* NPS end anchors, 0-10 (span 11). */
	{ "nps-anchors", 0, "Not at all likely" },
	{ "nps-anchors", 0, "Not likely at all" },
	{ "nps-anchors", 10, "Extremely likely" },
	{ "nps-anchors-fr", 0, "Pas du tout probable" },
	{ "nps-anchors-fr", 10, "Extrêmement probable" },
	{ "nps-anchors-fr", 10, "Très probable" },
};

struct lset {
	char	*name;
	int	 min, max;	/* codes */
	int	 user;
	int	 rev;		/* built-in, the lowest code is the best
				 * answer (effort) */
};

struct entry {
	struct entry	*next;	/* hash chain */
	size_t		 set;
	int		 code;
	char		 key[];	/* folded label */
};

struct labels {
	struct lset	*sets;
	size_t		 nsets, capsets;
	struct entry	**tab;
	size_t		 tabsz, nent;	/* tabsz: a power of 2 */
};

/* Folding. */

/* U+00C0..U+017F -> ASCII letters; "" = separator. */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "",
	"o", "u", "u", "u", "u", "y", "th", "y"
};

static const struct {
	unsigned	 lo, hi;
	const char	*s;
} exta_fold[] = {	/* Latin Extended-A, U+0100..U+017F */
	{ 0x100, 0x105, "a" }, { 0x106, 0x10D, "c" }, { 0x10E, 0x111, "d" },
	{ 0x112, 0x11B, "e" }, { 0x11C, 0x123, "g" }, { 0x124, 0x127, "h" },
	{ 0x128, 0x131, "i" }, { 0x132, 0x133, "ij" }, { 0x134, 0x135, "j" },
	{ 0x136, 0x138, "k" }, { 0x139, 0x142, "l" }, { 0x143, 0x14B, "n" },
	{ 0x14C, 0x151, "o" }, { 0x152, 0x153, "oe" }, { 0x154, 0x159, "r" },
	{ 0x15A, 0x161, "s" }, { 0x162, 0x167, "t" }, { 0x168, 0x173, "u" },
	{ 0x174, 0x175, "w" }, { 0x176, 0x178, "y" }, { 0x179, 0x17E, "z" },
	{ 0x17F, 0x17F, "s" }
};

/* Decodes one UTF-8 character: its length (1 for an invalid byte, with
 * *cp = 0xFFFFFFFF).  Lenient: overlong forms and surrogates decode. */
static size_t
u8(const unsigned char *p, unsigned long *cp)
{
	int len = utf8_seq(p, 4, 0, cp);

	if (len > 0)
		return (size_t)len;
	*cp = 0xFFFFFFFFUL;
	return 1;
}

/* White space trimmed from cells. */
static int
is_space(unsigned long cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000 ||
	    cp == 0xFEFF || cp == 0x2028 || cp == 0x2029;
}

/* Fold of one code point: a string of lower-case ASCII letters/digits,
 * "" for a separator, or NULL to keep the character's bytes. */
static const char *
fold_cp(unsigned long cp, char *one)
{
	size_t i;

	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
			one[0] = (char)cp;
			one[1] = '\0';
			return one;
		}
		return "";
	}
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1_fold[cp - 0xC0];
	if (cp >= 0x100 && cp <= 0x17F) {
		for (i = 0; i < sizeof(exta_fold) / sizeof(exta_fold[0]); i++)
			if (cp >= exta_fold[i].lo && cp <= exta_fold[i].hi)
				return exta_fold[i].s;
	}
	if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x02BC ||
	    cp == 0x3000 || cp == 0xFEFF || cp == 0xFFFFFFFFUL)
		return "";	/* Latin-1 symbols, punctuation, spaces */
	return NULL;
}

size_t
labels_fold(char *dst, size_t dstsz, const char *src)
{
	const unsigned char *p = (const unsigned char *)src, *q;
	size_t n = 0, k, i;
	unsigned long cp;
	const char *f;
	char one[2];
	int sep = 0;

	while (*p != '\0') {
		/* HTML tags and entities */
		if (*p == '<' && ((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z'
		    ? 1 : p[1] == '/' || p[1] == '!') &&
		    (q = (const unsigned char *)strchr((const char *)p, '>'))
		    != NULL) {
			p = q + 1;
			sep = 1;
			continue;
		}
		if (*p == '&') {
			for (q = p + 1; (*q | 0x20) >= 'a' && (*q | 0x20) <= 'z';
			    q++)
				;
			if (q > p + 1 && *q == ';') {
				p = q + 1;
				sep = 1;
				continue;
			}
		}
		k = u8(p, &cp);
		if ((f = fold_cp(cp, one)) != NULL && *f == '\0') {
			sep = 1;
			p += k;
			continue;
		}
		if (sep && n > 0) {
			if (n + 1 < dstsz)
				dst[n] = ' ';
			n++;
		}
		sep = 0;
		if (f == NULL) {	/* keep the bytes */
			for (i = 0; i < k; i++, n++)
				if (n + 1 < dstsz)
					dst[n] = (char)p[i];
		} else {
			for (; *f != '\0'; f++, n++)
				if (n + 1 < dstsz)
					dst[n] = *f;
		}
		p += k;
	}
	if (dstsz > 0)
		dst[n < dstsz ? n : dstsz - 1] = '\0';
	return n;
}

/* The table. */

static size_t
hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
grow(struct labels *l)
{
	struct entry **t, *e, *next;
	size_t i, sz = l->tabsz ? l->tabsz * 2 : 512, h;

	t = xcalloc(sz, sizeof(*t));
	for (i = 0; i < l->tabsz; i++)
		for (e = l->tab[i]; e != NULL; e = next) {
			next = e->next;
			h = hash(e->key) & (sz - 1);
			e->next = t[h];
			t[h] = e;
		}
	free(l->tab);
	l->tab = t;
	l->tabsz = sz;
}

static size_t
add_set(struct labels *l, const char *name, int user)
{
	size_t i;

	for (i = 0; i < l->nsets; i++)
		if (l->sets[i].user == user && strcmp(l->sets[i].name, name) == 0)
			return i;
	if (l->nsets == l->capsets) {
		l->capsets = l->capsets ? 2 * l->capsets : 32;
		l->sets = xreallocarray(l->sets, l->capsets, sizeof(*l->sets));
	}
	l->sets[l->nsets].name = xstrdup(name);
	l->sets[l->nsets].min = l->sets[l->nsets].max = -1;
	l->sets[l->nsets].user = user;
	/* Built-in sets are coded worst = lowest, except effort, where the
	 * lowest code (Very low effort) is the best answer. */
	l->sets[l->nsets].rev = !user && strncmp(name, "effort", 6) == 0;
	return l->nsets++;
}

/* Adds a folded key to a set, unless it is there already. */
static void
add_entry(struct labels *l, size_t set, const char *key, int code)
{
	struct entry *e;
	size_t h, len = strlen(key);
	struct lset *s = &l->sets[set];

	if (l->nent >= l->tabsz)
		grow(l);
	h = hash(key) & (l->tabsz - 1);
	for (e = l->tab[h]; e != NULL; e = e->next)
		if (e->set == set && strcmp(e->key, key) == 0)
			return;
	e = xmalloc(sizeof(*e) + len + 1);
	memcpy(e->key, key, len + 1);
	e->set = set;
	e->code = code;
	e->next = l->tab[h];
	l->tab[h] = e;
	l->nent++;
	if (s->min < 0 || code < s->min)
		s->min = code;
	if (s->max < 0 || code > s->max)
		s->max = code;
}

struct labels *
labels_new(void)
{
	struct labels *l = xcalloc(1, sizeof(*l));
	char key[KEYMAX];
	size_t i, set;

	grow(l);
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		set = add_set(l, builtin[i].set, 0);
		labels_fold(key, sizeof(key), builtin[i].label);
		add_entry(l, set, key, builtin[i].code);
	}
	return l;
}

void
labels_free(struct labels *l)
{
	struct entry *e, *next;
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->tabsz; i++)
		for (e = l->tab[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	for (i = 0; i < l->nsets; i++)
		free(l->sets[i].name);
	free(l->sets);
	free(l->tab);
	free(l);
}

/* Loading. */

struct row {
	char		*set;
	char		*key;
	int		 code;
	unsigned long	 line;
};

static void
seterr(char *buf, size_t sz, const char *file, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sz == 0)
		return;
	if (line > 0)
		n = snprintf(buf, sz, "%s:%lu: ", file, line);
	else
		n = snprintf(buf, sz, "%s: ", file);
	if (n < 0 || (size_t)n >= sz)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, sz - (size_t)n, fmt, ap);
	va_end(ap);
}

/* A whole number 0..10, nothing else (surrounding spaces allowed). */
static int
code_parse(const char *s, int *code)
{
	int v = 0, nd = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s >= '0' && *s <= '9' && nd < 3; s++, nd++)
		v = v * 10 + (*s - '0');
	while (*s == ' ' || *s == '\t')
		s++;
	if (nd == 0 || *s != '\0' || v > 10)
		return -1;
	*code = v;
	return 0;
}

static int
load_rows(const char *path, struct row **rowsp, size_t *np, char *errbuf,
    size_t errsz)
{
	struct decode_info info;
	struct decode_opts dopt = { DEC_AUTO, 0, 1, NULL, NULL };
	struct csvr *r = NULL;
	struct hdr *h = NULL;
	struct row *rows = NULL;
	size_t n = 0, cap = 0, i;
	int cs, cl, cc, st, code, ret = -1;
	char key[KEYMAX];
	const char *set, *label, *score, *fname = path, *p;
	unsigned long line;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		fname = "<stdin>";
	if ((fp = decode_open_ex(path, &dopt, &info)) == NULL) {
		seterr(errbuf, errsz, fname, 0, "%s", strerror(errno));
		return -1;
	}
	r = csvr_new(fp, path);
	csvr_set_delim(r, (unsigned char)info.delim);
	csvr_set_quote_text(r, 1);	/* made by people: x"y is text */
	if ((st = csvr_next(r)) != 1) {
		seterr(errbuf, errsz, fname, st < 0 ? csvr_loc(r)->line : 0,
		    "%s", st < 0 ? csvr_strerror(r) : "empty file, want a "
		    "header set,label,score");
		goto out;
	}
	h = hdr_new(r);
	cs = hdr_find(h, "set");
	cl = hdr_find(h, "label");
	cc = hdr_find(h, "score");
	if (cs < 0 || cl < 0 || cc < 0) {
		seterr(errbuf, errsz, fname, 1, "no column '%s' (want a "
		    "header set,label,score)", cs < 0 ? "set" : cl < 0 ?
		    "label" : "score");
		goto out;
	}
	while ((st = csvr_next(r)) != 0) {
		line = csvr_loc(r)->line;
		if (st < 0) {
			seterr(errbuf, errsz, fname, line, "%s",
			    csvr_strerror(r));
			goto out;
		}
		if (csvr_nfields(r) != hdr_n(h)) {
			seterr(errbuf, errsz, fname, line, "record has %zu "
			    "fields, header has %zu", csvr_nfields(r),
			    hdr_n(h));
			goto out;
		}
		set = csvr_field(r, (size_t)cs, NULL);
		label = csvr_field(r, (size_t)cl, NULL);
		score = csvr_field(r, (size_t)cc, NULL);
		for (i = 0; i < csvr_nfields(r); i++)
			if ((p = strpbrk(csvr_field(r, i, NULL), "\xFE\xFF")) !=
			    NULL) {
				seterr(errbuf, errsz, fname, line, "%s",
				    *p == DECODE_NUL ? "NUL character" :
				    "invalid UTF-8 (save the file as UTF-8)");
				goto out;
			}
		if (*set == '\0') {
			seterr(errbuf, errsz, fname, line, "empty set name");
			goto out;
		}
		if (labels_fold(key, sizeof(key), label) >= sizeof(key)) {
			seterr(errbuf, errsz, fname, line, "label too long "
			    "(over %d characters)", KEYMAX - 1);
			goto out;
		}
		if (*key == '\0') {
			seterr(errbuf, errsz, fname, line, *label == '\0' ?
			    "empty label" : "label '%s' has no letters or "
			    "digits", label);
			goto out;
		}
		if (code_parse(score, &code) == -1) {
			seterr(errbuf, errsz, fname, line, "score '%s' is not "
			    "a whole number 0-10", score);
			goto out;
		}
		for (i = 0; i < n; i++)
			if (strcmp(rows[i].set, set) == 0 &&
			    strcmp(rows[i].key, key) == 0 &&
			    rows[i].code != code) {
				seterr(errbuf, errsz, fname, line, "label "
				    "'%s' has score %d in set '%s' on line "
				    "%lu, and %d here", label, rows[i].code,
				    set, rows[i].line, code);
				goto out;
			}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			rows = xreallocarray(rows, cap, sizeof(*rows));
		}
		rows[n].set = xstrdup(set);
		rows[n].key = xstrdup(key);
		rows[n].code = code;
		rows[n].line = line;
		n++;
	}
	if (csvr_ioerror(r)) {
		seterr(errbuf, errsz, fname, 0, "%s", csvr_strerror(r));
		goto out;
	}
	ret = 0;
out:
	hdr_free(h);
	csvr_free(r);
	fclose(fp);
	if (ret == -1) {
		for (i = 0; i < n; i++) {
			free(rows[i].set);
			free(rows[i].key);
		}
		free(rows);
		rows = NULL;
		n = 0;
	}
	*rowsp = rows;
	*np = n;
	return ret;
}

int
labels_load(struct labels *l, const char *path, char *errbuf, size_t errsz)
{
	struct row *rows;
	struct entry *e;
	size_t n, i, set, h;
	const char *fname = strcmp(path, "-") == 0 ? "<stdin>" : path;
	int ret = 0;

	if (load_rows(path, &rows, &n, errbuf, errsz) == -1)
		return -1;
	/* A label already in a same-named set from an earlier file must
	 * agree. */
	for (i = 0; i < n && ret == 0; i++) {
		h = hash(rows[i].key) & (l->tabsz - 1);
		for (e = l->tab[h]; e != NULL; e = e->next)
			if (l->sets[e->set].user && e->code != rows[i].code &&
			    strcmp(e->key, rows[i].key) == 0 &&
			    strcmp(l->sets[e->set].name, rows[i].set) == 0) {
				seterr(errbuf, errsz, fname, rows[i].line,
				    "label has score %d in set '%s' of an "
				    "earlier file, and %d here", e->code,
				    rows[i].set, rows[i].code);
				ret = -1;
				break;
			}
	}
	for (i = 0; i < n && ret == 0; i++) {
		set = add_set(l, rows[i].set, 1);
		add_entry(l, set, rows[i].key, rows[i].code);
	}
	for (i = 0; i < n; i++) {
		free(rows[i].set);
		free(rows[i].key);
	}
	free(rows);
	return ret;
}

/* Scoring. */

/*
 * Parses [+-]digits[(.|,)digits] at s.  Returns the number of bytes
 * used (0: no number), *v the integer part (capped), *frac 1 when the
 * fraction has a non-zero digit, *comma 1 when the mark was ','.
 */
static size_t
number(const char *s, long *v, int *frac, int *comma)
{
	const char *p = s;
	long x = 0;
	int neg = 0;

	*frac = *comma = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++)
		if (x < 100000000)
			x = x * 10 + (*p - '0');
	if ((*p == '.' || *p == ',') && p[1] >= '0' && p[1] <= '9') {
		*comma = *p == ',';
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (*p != '0')
				*frac = 1;
	}
	*v = neg ? -x : x;
	return (size_t)(p - s);
}

/* After a leading number: separator then text with a letter? */
static int
label_rest(const char *p)
{
	const unsigned char *q = (const unsigned char *)p;
	int sep = 0;

	while (*q == ' ' || *q == '\t') {
		q++;
		sep = 1;
	}
	if (*q == '-' || *q == '=' || *q == ':' || *q == '(' || *q == ')' ||
	    *q == '.' || *q == '/' || *q == '|') {
		q++;
		sep = 1;
	} else if (q[0] == 0xE2 && q[1] == 0x80 && (q[2] == 0x93 ||
	    q[2] == 0x94)) {	/* en, em dash */
		q += 3;
		sep = 1;
	}
	if (!sep)
		return 0;
	for (; *q != '\0'; q++)
		if (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') || *q >= 0x80)
			return 1;
	return 0;
}

/* Length of the white-space character that ends [b, e), or 0. */
static size_t
trail_space(const unsigned char *b, const unsigned char *e)
{
	unsigned long cp;
	size_t k;

	for (k = 1; k <= 3 && e - k >= b; k++) {
		if ((e[-(long)k] & 0xC0) == 0x80)
			continue;	/* continuation byte: go back */
		if (u8(e - k, &cp) == k && is_space(cp))
			return k;
		return 0;
	}
	return 0;
}

static int
fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -1;
}

int
labels_score(const struct labels *l, const char *cell, int worst, int best,
    int comma_decimal, long *score, const char **why)
{
	int lo = worst < best ? worst : best, hi = worst < best ? best : worst;
	int dir = best > worst ? 1 : -1;
	const unsigned char *b = (const unsigned char *)cell, *e;
	unsigned long cp;
	char buf[KEYMAX], key[KEYMAX];
	size_t k, len, h;
	long v, cand[2] = { 0, 0 };
	int frac, comma, found = 0, n[2] = { 0, 0 }, amb[2] = { 0, 0 }, u;
	const struct entry *en;
	const struct lset *s;

	/* Trim. */
	while (*b != '\0' && is_space((u8(b, &cp), cp)))
		b += u8(b, &cp);
	e = b + strlen((const char *)b);
	while ((k = trail_space(b, e)) > 0)
		e -= k;
	if (e == b)
		return 1;
	len = (size_t)(e - b);
	if (len >= sizeof(buf))
		return fail(why, "unknown label");
	memcpy(buf, b, len);
	buf[len] = '\0';

	/* A number, or a label with a leading number. */
	if ((k = number(buf, &v, &frac, &comma)) > 0) {
		if (buf[k] == '\0' || (label_rest(buf + k) && !comma)) {
			if (comma && !comma_decimal)
				return fail(why, "not a whole number");
			if (frac)
				return fail(why, "not a whole number");
			if (v < lo || v > hi)
				return fail(why, "out of range");
			*score = v;
			return 0;
		}
	}

	/* A label. */
	labels_fold(key, sizeof(key), buf);
	h = hash(key) & (l->tabsz - 1);
	for (en = l->tab[h]; en != NULL; en = en->next) {
		if (strcmp(en->key, key) != 0)
			continue;
		found = 1;
		s = &l->sets[en->set];
		if (s->max - s->min != hi - lo)
			continue;
		u = s->user != 0;
		/* A user set's codes are points of the scale, as written; a
		 * built-in label goes to the point of the scale's own
		 * direction: the best answer to the best point, also on a
		 * reversed scale (Very satisfied is 1 on csat 5-1). */
		if (s->user)
			v = lo + en->code - s->min;
		else
			v = worst + dir * (s->rev ? s->max - en->code :
			    en->code - s->min);
		if (n[u]++ == 0)
			cand[u] = v;
		else if (cand[u] != v)
			amb[u] = 1;
	}
	u = n[1] > 0;
	if (n[u] == 0)
		return fail(why, found ? "label of another scale" :
		    "unknown label");
	if (amb[u])
		return fail(why, "ambiguous label");
	*score = cand[u];
	return 0;
}
