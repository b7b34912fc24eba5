/*
 * t_label.c -- answer cells -> scores: numbers, labels with a leading
 * number, the built-in label sets (every label of docs/labels.md), user
 * sets from --labels files, folding, and the real CSAT labels of the
 * Qualtrics choice-text export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvr.h"
#include "decode.h"
#include "hdr.h"
#include "label.h"
#include "t.h"

static struct labels *L;

/* Score of cell on lo..hi; -99 blank, -100 - reason index on reject. */
static const char *why;

static long
sc(const char *cell, int lo, int hi)
{
	long v = -12345;
	int r;

	why = NULL;
	r = labels_score(L, cell, lo, hi, 0, &v, &why);
	if (r == 1)
		return why == NULL ? -99 : -98;
	if (r == -1)
		return why != NULL ? -100 : -97;
	return v;
}

static long
scc(const char *cell, int lo, int hi)
{
	long v = -12345;
	int r;

	why = NULL;
	r = labels_score(L, cell, lo, hi, 1, &v, &why);
	return r == 0 ? v : r == 1 ? -99 : -100;
}

#define REJ(cell, lo, hi, reason) do {					\
	T_CHECK(sc(cell, lo, hi) == -100);				\
	T_STREQ(why, reason);						\
} while (0)

static char *
fold(const char *s)
{
	static char buf[256];

	labels_fold(buf, sizeof(buf), s);
	return buf;
}

static void
folding(void)
{
	char small[6];

	T_STREQ(fold("Tout à fait d’accord"), "tout a fait d accord");
	T_STREQ(fold("TOUT A FAIT D'ACCORD"), "tout a fait d accord");
	T_STREQ(fold("  tout-à-fait  d accord. "), "tout a fait d accord");
	T_STREQ(fold("Très Insatisfait"), "tres insatisfait");
	T_STREQ(fold("ÉÈÊËéèêë àâäÀÂ çÇ ôöÔ ûüùÛ îïÎÏ ñ"),
	    "eeeeeeee aaaaa cc ooo uuuu iiii n");
	T_STREQ(fold("Œuvre æ straße"), "oeuvre ae strasse");
	T_STREQ(fold("Stimme überhaupt nicht zu"), "stimme uberhaupt nicht zu");
	T_STREQ(fold("Neither/nor — \xC2\xA0x\xE2\x80\xAFy"), "neither nor x y");
	T_STREQ(fold("<b>Very</b> <span style=\"x\">satisfied</span>"),
	    "very satisfied");
	T_STREQ(fold("Very&nbsp;satisfied &amp; happy"), "very satisfied happy");
	T_STREQ(fold("a < b > c"), "a b c");
	T_STREQ(fold("5 (Very satisfied)"), "5 very satisfied");
	T_STREQ(fold("日本 語"), "日本 語");
	T_STREQ(fold(""), "");
	T_STREQ(fold(" - "), "");
	T_CHECK(labels_fold(small, sizeof(small), "Very satisfied") == 14);
	T_STREQ(small, "very ");
	T_CHECK(labels_fold(NULL, 0, "ab") == 2);
}

static void
numbers(void)
{
	T_CHECK(sc("9", 0, 10) == 9);
	T_CHECK(sc(" 9 ", 0, 10) == 9);
	T_CHECK(sc("\t9\r\n", 0, 10) == 9);
	T_CHECK(sc("\xC2\xA0" "9\xC2\xA0", 0, 10) == 9);
	T_CHECK(sc("+9", 0, 10) == 9);
	T_CHECK(sc("0", 0, 10) == 0);
	T_CHECK(sc("10", 0, 10) == 10);
	T_CHECK(sc("010", 0, 10) == 10);
	T_CHECK(sc("9.0", 0, 10) == 9);
	T_CHECK(sc("9.00", 0, 10) == 9);
	REJ("9.5", 0, 10, "not a whole number");
	REJ("4,0", 1, 5, "not a whole number");
	T_CHECK(scc("4,0", 1, 5) == 4);
	T_CHECK(scc("4.0", 1, 5) == 4);
	T_CHECK(scc("4,5", 1, 5) == -100);
	T_STREQ(why, "not a whole number");
	REJ("11", 0, 10, "out of range");
	REJ("-1", 0, 10, "out of range");
	REJ("0", 1, 5, "out of range");
	REJ("6", 1, 5, "out of range");
	REJ("99999999999999999999", 0, 10, "out of range");
	REJ("7.0", 1, 5, "out of range");
	T_CHECK(sc("5", 1, 5) == 5 && sc("1", 1, 5) == 1);
	T_CHECK(sc("7", 1, 7) == 7);

	/* Blank: no answer, not a reject. */
	T_CHECK(sc("", 0, 10) == -99);
	T_CHECK(sc("   ", 0, 10) == -99);
	T_CHECK(sc(" \r\n\n\t\xC2\xA0\xE2\x80\x89", 0, 10) == -99);

	/* Garbage. */
	REJ("abc", 0, 10, "unknown label");
	REJ("9a", 0, 10, "unknown label");
	REJ("5-7", 0, 10, "unknown label");
	REJ("1 2", 0, 10, "unknown label");
	REJ("-", 0, 10, "unknown label");
	REJ(".", 0, 10, "unknown label");
	REJ("N/A", 0, 10, "unknown label");
	REJ("\xFF\xFE", 0, 10, "unknown label");

	/* Labels with a leading number. */
	T_CHECK(sc("10 - Extremely likely", 0, 10) == 10);
	T_CHECK(sc("0 = Not at all likely", 0, 10) == 0);
	T_CHECK(sc("5 (Very satisfied)", 1, 5) == 5);
	T_CHECK(sc("7: Strongly agree", 1, 7) == 7);
	T_CHECK(sc("3. Neutral", 1, 5) == 3);
	T_CHECK(sc("1 Very dissatisfied", 1, 5) == 1);
	T_CHECK(sc("9 – Very likely", 0, 10) == 9);	/* en dash */
	T_CHECK(sc("9—Very likely", 0, 10) == 9);		/* em dash */
	T_CHECK(sc("10-Extremely likely", 0, 10) == 10);
	T_CHECK(sc("  4 - Satisfied  \n\n", 1, 5) == 4);
	T_CHECK(sc("2 - Très insatisfait", 1, 5) == 2);	/* number wins */
	REJ("11 - Extremely likely", 0, 10, "out of range");
	REJ("6 (Very satisfied)", 1, 5, "out of range");
	REJ("4.5 - Good", 1, 5, "not a whole number");
}

/* Every built-in label on its set's scale (worst-best as the journey
 * writes it: effort on CES 1.0's 5-1), shifted, and reversed. */
struct want {
	const char	*label;
	int		 lo, hi;	/* worst, best */
	long		 score;
};

static const struct want builtins[] = {
	{ "Very dissatisfied", 1, 5, 1 }, { "Extremely dissatisfied", 1, 5, 1 },
	{ "Very unsatisfied", 1, 5, 1 }, { "Completely dissatisfied", 1, 5, 1 },
	{ "Dissatisfied", 1, 5, 2 }, { "Somewhat dissatisfied", 1, 5, 2 },
	{ "Unsatisfied", 1, 5, 2 }, { "Slightly dissatisfied", 1, 5, 2 },
	{ "Neutral", 1, 5, 3 },
	{ "Neither satisfied nor dissatisfied", 1, 5, 3 },
	{ "Neither dissatisfied nor satisfied", 1, 5, 3 },
	{ "Satisfied", 1, 5, 4 }, { "Somewhat satisfied", 1, 5, 4 },
	{ "Slightly satisfied", 1, 5, 4 },
	{ "Very satisfied", 1, 5, 5 }, { "Extremely satisfied", 1, 5, 5 },
	{ "Completely satisfied", 1, 5, 5 },
	{ "Très insatisfait", 1, 5, 1 }, { "Très mécontent", 1, 5, 1 },
	{ "Pas du tout satisfait", 1, 5, 1 },
	{ "Extrêmement insatisfait", 1, 5, 1 },
	{ "Insatisfait", 1, 5, 2 }, { "Plutôt insatisfait", 1, 5, 2 },
	{ "Mécontent", 1, 5, 2 }, { "Plutôt mécontent", 1, 5, 2 },
	{ "Peu satisfait", 1, 5, 2 },
	{ "Neutre", 1, 5, 3 }, { "Ni satisfait ni insatisfait", 1, 5, 3 },
	{ "Ni satisfait ni mécontent", 1, 5, 3 },
	{ "Satisfait", 1, 5, 4 }, { "Plutôt satisfait", 1, 5, 4 },
	{ "Assez satisfait", 1, 5, 4 },
	{ "Très satisfait", 1, 5, 5 }, { "Extrêmement satisfait", 1, 5, 5 },
	{ "Tout à fait satisfait", 1, 5, 5 },
	{ "Sehr unzufrieden", 1, 5, 1 }, { "Unzufrieden", 1, 5, 2 },
	{ "Weder zufrieden noch unzufrieden", 1, 5, 3 },
	{ "Zufrieden", 1, 5, 4 }, { "Sehr zufrieden", 1, 5, 5 },

	{ "Strongly disagree", 1, 5, 1 }, { "Completely disagree", 1, 5, 1 },
	{ "Disagree", 1, 5, 2 }, { "Somewhat disagree", 1, 5, 2 },
	{ "Neither agree nor disagree", 1, 5, 3 },
	{ "Neither disagree nor agree", 1, 5, 3 }, { "Undecided", 1, 5, 3 },
	{ "Agree", 1, 5, 4 }, { "Somewhat agree", 1, 5, 4 },
	{ "Strongly agree", 1, 5, 5 }, { "Completely agree", 1, 5, 5 },
	{ "Pas du tout d'accord", 1, 5, 1 },
	{ "Fortement en désaccord", 1, 5, 1 },
	{ "Tout à fait en désaccord", 1, 5, 1 },
	{ "Pas d'accord", 1, 5, 2 }, { "Plutôt pas d'accord", 1, 5, 2 },
	{ "En désaccord", 1, 5, 2 }, { "Plutôt en désaccord", 1, 5, 2 },
	{ "Ni d'accord ni pas d'accord", 1, 5, 3 },
	{ "Ni en accord ni en désaccord", 1, 5, 3 },
	{ "D'accord", 1, 5, 4 }, { "Plutôt d'accord", 1, 5, 4 },
	{ "Tout à fait d'accord", 1, 5, 5 }, { "Fortement d'accord", 1, 5, 5 },
	{ "Entièrement d'accord", 1, 5, 5 },
	{ "Stimme überhaupt nicht zu", 1, 5, 1 },
	{ "Stimme nicht zu", 1, 5, 2 }, { "Weder noch", 1, 5, 3 },
	{ "Stimme zu", 1, 5, 4 }, { "Stimme voll und ganz zu", 1, 5, 5 },

	{ "Strongly disagree", 1, 7, 1 }, { "Completely disagree", 1, 7, 1 },
	{ "Disagree", 1, 7, 2 },
	{ "Somewhat disagree", 1, 7, 3 }, { "Slightly disagree", 1, 7, 3 },
	{ "Neither agree nor disagree", 1, 7, 4 },
	{ "Neither disagree nor agree", 1, 7, 4 },
	{ "Undecided", 1, 7, 4 }, { "Neutral", 1, 7, 4 },
	{ "Somewhat agree", 1, 7, 5 }, { "Slightly agree", 1, 7, 5 },
	{ "Agree", 1, 7, 6 },
	{ "Strongly agree", 1, 7, 7 }, { "Completely agree", 1, 7, 7 },
	{ "Pas du tout d'accord", 1, 7, 1 },
	{ "Fortement en désaccord", 1, 7, 1 },
	{ "Tout à fait en désaccord", 1, 7, 1 },
	{ "Pas d'accord", 1, 7, 2 }, { "En désaccord", 1, 7, 2 },
	{ "Plutôt pas d'accord", 1, 7, 3 }, { "Plutôt en désaccord", 1, 7, 3 },
	{ "Légèrement en désaccord", 1, 7, 3 },
	{ "Ni d'accord ni pas d'accord", 1, 7, 4 },
	{ "Ni en accord ni en désaccord", 1, 7, 4 }, { "Neutre", 1, 7, 4 },
	{ "Plutôt d'accord", 1, 7, 5 }, { "Légèrement d'accord", 1, 7, 5 },
	{ "D'accord", 1, 7, 6 },
	{ "Tout à fait d'accord", 1, 7, 7 }, { "Fortement d'accord", 1, 7, 7 },
	{ "Entièrement d'accord", 1, 7, 7 },

	{ "Very low effort", 5, 1, 1 }, { "Low effort", 5, 1, 2 },
	{ "Neither high nor low effort", 5, 1, 3 },
	{ "Neither low nor high effort", 5, 1, 3 },
	{ "Moderate effort", 5, 1, 3 },
	{ "High effort", 5, 1, 4 }, { "Very high effort", 5, 1, 5 },
	{ "Effort très faible", 5, 1, 1 }, { "Très faible effort", 5, 1, 1 },
	{ "Effort faible", 5, 1, 2 }, { "Faible effort", 5, 1, 2 },
	{ "Effort modéré", 5, 1, 3 },
	{ "Effort élevé", 5, 1, 4 }, { "Effort important", 5, 1, 4 },
	{ "Effort très élevé", 5, 1, 5 }, { "Effort très important", 5, 1, 5 },

	{ "Very difficult", 1, 5, 1 }, { "Extremely difficult", 1, 5, 1 },
	{ "Difficult", 1, 5, 2 }, { "Somewhat difficult", 1, 5, 2 },
	{ "Neither easy nor difficult", 1, 5, 3 },
	{ "Neither difficult nor easy", 1, 5, 3 },
	{ "Easy", 1, 5, 4 }, { "Somewhat easy", 1, 5, 4 },
	{ "Very easy", 1, 5, 5 }, { "Extremely easy", 1, 5, 5 },
	{ "Très difficile", 1, 5, 1 }, { "Difficile", 1, 5, 2 },
	{ "Ni facile ni difficile", 1, 5, 3 }, { "Facile", 1, 5, 4 },
	{ "Très facile", 1, 5, 5 },
	{ "Very difficult", 1, 7, 1 }, { "Extremely difficult", 1, 7, 1 },
	{ "Difficult", 1, 7, 2 }, { "Moderately difficult", 1, 7, 2 },
	{ "Somewhat difficult", 1, 7, 3 }, { "Slightly difficult", 1, 7, 3 },
	{ "Neither easy nor difficult", 1, 7, 4 },
	{ "Neither difficult nor easy", 1, 7, 4 },
	{ "Somewhat easy", 1, 7, 5 }, { "Slightly easy", 1, 7, 5 },
	{ "Easy", 1, 7, 6 }, { "Moderately easy", 1, 7, 6 },
	{ "Very easy", 1, 7, 7 }, { "Extremely easy", 1, 7, 7 },
	{ "Très difficile", 1, 7, 1 }, { "Difficile", 1, 7, 2 },
	{ "Plutôt difficile", 1, 7, 3 }, { "Ni facile ni difficile", 1, 7, 4 },
	{ "Plutôt facile", 1, 7, 5 }, { "Facile", 1, 7, 6 },
	{ "Très facile", 1, 7, 7 },

	{ "Very unlikely", 1, 5, 1 }, { "Extremely unlikely", 1, 5, 1 },
	{ "Unlikely", 1, 5, 2 }, { "Somewhat unlikely", 1, 5, 2 },
	{ "Neither likely nor unlikely", 1, 5, 3 },
	{ "Likely", 1, 5, 4 }, { "Somewhat likely", 1, 5, 4 },
	{ "Very likely", 1, 5, 5 }, { "Extremely likely", 1, 5, 5 },
	{ "Très improbable", 1, 5, 1 }, { "Très peu probable", 1, 5, 1 },
	{ "Improbable", 1, 5, 2 }, { "Peu probable", 1, 5, 2 },
	{ "Ni probable ni improbable", 1, 5, 3 },
	{ "Probable", 1, 5, 4 }, { "Plutôt probable", 1, 5, 4 },
	{ "Très probable", 1, 5, 5 },

	{ "Very unfavorably", 1, 5, 1 }, { "Very unfavourably", 1, 5, 1 },
	{ "Somewhat unfavorably", 1, 5, 2 },
	{ "Somewhat unfavourably", 1, 5, 2 },
	{ "Neither favorably nor unfavorably (neutral)", 1, 5, 3 },
	{ "Neither favorably nor unfavorably", 1, 5, 3 },
	{ "Neither favourably nor unfavourably", 1, 5, 3 },
	{ "Somewhat favorably", 1, 5, 4 }, { "Somewhat favourably", 1, 5, 4 },
	{ "Very favorably", 1, 5, 5 }, { "Very favourably", 1, 5, 5 },
	{ "Definitely not", 1, 5, 1 }, { "Probably not", 1, 5, 2 },
	{ "Might or might not", 1, 5, 3 }, { "Probably yes", 1, 5, 4 },
	{ "Probably", 1, 5, 4 }, { "Definitely yes", 1, 5, 5 },
	{ "Definitely", 1, 5, 5 },
	{ "Not at all", 1, 5, 1 }, { "None at all", 1, 5, 1 },
	{ "A little", 1, 5, 2 }, { "A moderate amount", 1, 5, 3 },
	{ "A lot", 1, 5, 4 }, { "A great deal", 1, 5, 5 },

	{ "Not at all likely", 0, 10, 0 }, { "Not likely at all", 0, 10, 0 },
	{ "Extremely likely", 0, 10, 10 },
	{ "Pas du tout probable", 0, 10, 0 },
	{ "Extrêmement probable", 0, 10, 10 }, { "Très probable", 0, 10, 10 },
};

static void
builtin_sets(void)
{
	size_t i;
	long got;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		got = sc(builtins[i].label, builtins[i].lo, builtins[i].hi);
		if (got != builtins[i].score)
			fprintf(stderr, "label '%s' on %d-%d: %ld (%s)\n",
			    builtins[i].label, builtins[i].lo, builtins[i].hi,
			    got, why ? why : "");
		T_CHECK(got == builtins[i].score);
		/* Shifted scale with the same number of points. */
		got = sc(builtins[i].label, builtins[i].lo - 1,
		    builtins[i].hi - 1);
		T_CHECK(got == builtins[i].score - 1);
		/* The same scale reversed: the best answer is still the
		 * best point (issue 9: "Very satisfied" on csat 5-1). */
		got = sc(builtins[i].label, builtins[i].hi, builtins[i].lo);
		if (got != builtins[i].lo + builtins[i].hi - builtins[i].score)
			fprintf(stderr, "label '%s' on %d-%d: %ld (%s)\n",
			    builtins[i].label, builtins[i].hi, builtins[i].lo,
			    got, why ? why : "");
		T_CHECK(got == builtins[i].lo + builtins[i].hi -
		    builtins[i].score);
	}

	/* Case, accents, apostrophes, spaces, hyphens, HTML. */
	T_CHECK(sc("VERY SATISFIED", 1, 5) == 5);
	T_CHECK(sc("very-satisfied", 1, 5) == 5);
	T_CHECK(sc("  Very   satisfied  \n\n", 1, 5) == 5);
	T_CHECK(sc("Tres insatisfait", 1, 5) == 1);
	T_CHECK(sc("TRÈS SATISFAIT", 1, 5) == 5);
	T_CHECK(sc("Tout à fait d’accord", 1, 7) == 7);
	T_CHECK(sc("tout a fait d accord", 1, 5) == 5);
	T_CHECK(sc("Plutot pas d'accord", 1, 7) == 3);
	T_CHECK(sc("Neither agree nor disagree.", 1, 7) == 4);
	T_CHECK(sc("<p>Strongly agree</p>", 1, 7) == 7);
	T_CHECK(sc("Not-at-all likely", 0, 10) == 0);

	/* Direction: the scale's own.  CES 1.0 effort on 5-1: very low
	 * effort is 1, the best point; on a 1-5 scale, 5.  A reversed CSAT
	 * (csat,5-1): Very satisfied is 1, its best point; two satisfied
	 * customers of three are two top-2-box answers (1 and 2). */
	T_CHECK(sc("Very low effort", 5, 1) == 1);
	T_CHECK(sc("Very high effort", 5, 1) == 5);
	T_CHECK(sc("Very low effort", 1, 5) == 5);
	T_CHECK(sc("Very satisfied", 5, 1) == 1);
	T_CHECK(sc("Satisfied", 5, 1) == 2);
	T_CHECK(sc("Very dissatisfied", 5, 1) == 5);
	T_CHECK(sc("Strongly agree", 7, 1) == 1);
	T_CHECK(sc("Extremely likely", 10, 0) == 0);
	/* Numbers are the scale's own: 5 on 5-1 is 5, the worst. */
	T_CHECK(sc("5", 5, 1) == 5);
	T_CHECK(sc("5 (Very satisfied)", 5, 1) == 5);
	REJ("6", 5, 1, "out of range");

	/* Known label, scale of another size. */
	REJ("Very satisfied", 0, 10, "label of another scale");
	REJ("Very satisfied", 1, 3, "label of another scale");
	T_CHECK(sc("Very satisfied", 1, 7) == 7);	/* satisfaction-7 */
	REJ("Not at all likely", 1, 5, "label of another scale");
	REJ("A great deal", 1, 7, "label of another scale");
	T_CHECK(sc("Somewhat satisfied", 1, 7) == 5);
	REJ("Très contente", 1, 5, "unknown label");
	REJ("Very very satisfied", 1, 5, "unknown label");
	/* The NPS anchors only: the points in between have no label. */
	REJ("Likely", 0, 10, "label of another scale");
}

/*
 * Every label of docs/labels.md's built-in set tables ("### name" then
 * rows "| code | label · label ... |") on its set's scale (min code to
 * max code; effort sets on 5-1) and on the reversed scale: the docs and
 * lib/label.c say the same.  Returns the labels checked.
 */
static int
docs_sets(void)
{
	FILE *fp = fopen("docs/labels.md", "r");
	char line[4096], set[64] = "", *p, *e, *lab;
	struct { char label[128]; int code; } *row = NULL;
	int n = 0, cap = 0, lo = 99, hi = -1, k, checked = 0, rev, w, b;
	long got;

	if (fp == NULL) {
		printf("label: docs/labels.md absent, not checked\n");
		return -1;
	}
	for (;;) {
		p = fgets(line, sizeof(line), fp);
		if (p == NULL || strncmp(line, "### ", 4) == 0) {
			/* the set read so far */
			rev = strncmp(set, "effort", 6) == 0;
			for (k = 0; k < n; k++) {
				w = rev ? hi : lo;
				b = rev ? lo : hi;
				got = sc(row[k].label, w, b);
				if (got != row[k].code)
					fprintf(stderr, "docs: %s: '%s' on %d-%d: "
					    "%ld, want %d (%s)\n", set,
					    row[k].label, w, b, got, row[k].code,
					    why ? why : "");
				T_CHECK(got == row[k].code);
				got = sc(row[k].label, b, w);
				T_CHECK(got == lo + hi - row[k].code);
				checked++;
			}
			n = 0;
			lo = 99;
			hi = -1;
			set[0] = '\0';
			if (p == NULL)
				break;
			/* a set's section: "### name" alone */
			if (strspn(line + 4, "abcdefghijklmnopqrstuvwxyz0123456789-")
			    == strlen(line + 4) - 1)
				snprintf(set, sizeof(set), "%.*s",
				    (int)strlen(line + 4) - 1, line + 4);
			continue;
		}
		if (set[0] == '\0' || line[0] != '|' || line[2] < '0' ||
		    line[2] > '9')
			continue;
		k = atoi(line + 2);
		lo = k < lo ? k : lo;
		hi = k > hi ? k : hi;
		p = strchr(line + 2, '|') + 2;
		if ((e = strrchr(p, '|')) != NULL)
			*e = '\0';
		for (lab = p; *lab != '\0'; lab = p) {
			p = strstr(lab, " \xC2\xB7 ");	/* " · " */
			if (p != NULL)
				*p = '\0';
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				row = realloc(row, (size_t)cap * sizeof(*row));
			}
			snprintf(row[n].label, sizeof(row[n].label), "%s", lab);
			e = row[n].label + strlen(row[n].label);
			while (e > row[n].label && e[-1] == ' ')
				*--e = '\0';
			row[n++].code = k;
			p = p != NULL ? p + 4 : lab + strlen(lab);
		}
	}
	free(row);
	fclose(fp);
	return checked;
}

/* Issue 11 item 7: common labels that were rejected. */
static void
new_labels(void)
{
	T_CHECK(sc("Neither agree or disagree", 1, 5) == 3);
	T_CHECK(sc("Neither agree or disagree", 1, 7) == 4);
	T_CHECK(sc("Might or might not", 1, 5) == 3);
	T_CHECK(sc("Probably will not", 1, 5) == 2);
	T_CHECK(sc("Often", 1, 4) == 3);	/* four-point frequency */
	T_CHECK(sc("Always", 1, 4) == 4);
	T_CHECK(sc("Very often", 1, 5) == 4);
	T_CHECK(sc("Very important", 1, 5) == 4);
	T_CHECK(sc("Excellent", 1, 5) == 5);
	T_CHECK(sc("Totalmente de acuerdo", 1, 7) == 7);
	T_CHECK(sc("Muy satisfecho", 1, 5) == 5);
	T_CHECK(sc("Stimme eher zu", 1, 7) == 5);
	T_CHECK(sc("Plutôt pas d'accord", 1, 4) == 2);
	/* wordings left out on purpose: rejected, not misplaced */
	REJ("About half the time", 1, 5, "unknown label");
	REJ("Terrible", 1, 5, "unknown label");
}

static char path[64];

static void
mkfile(const char *text)
{
	int fd;
	size_t n = strlen(text);

	strcpy(path, "/tmp/t_label.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, n) != (ssize_t)n) {
		perror("t_label: mkstemp");
		exit(1);
	}
	close(fd);
}

/* Loads text as a labels file into L: 0/-1, message in err. */
static char err[256];

static int
load(const char *text)
{
	int r;

	mkfile(text);
	err[0] = '\0';
	r = labels_load(L, path, err, sizeof(err));
	unlink(path);
	return r;
}

/* The message after "path:" */
static const char *
msg(void)
{
	size_t n = strlen(path);

	return strncmp(err, path, n) == 0 ? err + n : err;
}

static void
user_sets(void)
{
	/* Stars, 1-5; also shifted to 0-4. */
	T_CHECK(load("set,label,score\nstars,One star,1\nstars,\u2605\u2605,2\n"
	    "stars,Three stars,3\nstars,Four stars,4\nstars,Five stars,5\n")
	    == 0);
	T_CHECK(err[0] == '\0');
	T_CHECK(sc("Five stars", 1, 5) == 5);
	T_CHECK(sc("FIVE-STARS", 0, 4) == 4);
	REJ("Five stars", 0, 10, "label of another scale");
	T_CHECK(sc("\u2605\u2605", 1, 5) == 2);	/* kept as bytes */
	/* A user set's scores are the scale's points as written, whatever
	 * its direction. */
	T_CHECK(sc("Five stars", 5, 1) == 5);
	T_CHECK(sc("One star", 5, 1) == 1);

	/* Precedence over built-ins: a reversed satisfaction set. */
	T_CHECK(sc("Very satisfied", 1, 5) == 5);
	T_CHECK(load("score,label,set,note\n1,Very satisfied,rev,x\n"
	    "5,Very dissatisfied,rev,y\n") == 0);
	T_CHECK(sc("Very satisfied", 1, 5) == 1);
	T_CHECK(sc("Very dissatisfied", 1, 5) == 5);
	T_CHECK(sc("Satisfied", 1, 5) == 4);	/* not in rev: built-in */

	/* Two user sets disagree: ambiguous (built-ins not consulted). */
	T_CHECK(load("set,label,score\nrev2,Very satisfied,2\n"
	    "rev2,Very dissatisfied,5\nrev2,Meh,1\n") == 0);
	REJ("Very satisfied", 1, 5, "ambiguous label");
	/* They agree: fine. */
	T_CHECK(sc("Very dissatisfied", 1, 5) == 5);

	/* A set on 0-10 with French text; semicolons, BOM, CRLF, cp1252. */
	T_CHECK(load("\xEF\xBB\xBFset;label;score\r\nreco;Pas du tout;0\r\n"
	    "reco;Absolument;10\r\n") == 0);
	T_CHECK(sc("pas du tout", 0, 10) == 0);
	T_CHECK(sc("ABSOLUMENT", 0, 10) == 10);
	T_CHECK(load("set,label,score\nfr,Tr\xE8s bien,3\nfr,Bof,1\n") == 0);
	T_CHECK(sc("Très bien", 1, 3) == 3);
	T_CHECK(sc("tres bien", 1, 3) == 3);

	/* Rows need not be adjacent; duplicates with the same score ok. */
	T_CHECK(load("set,label,score\na3,Low,1\nb3,Haut,3\na3,High,3\n"
	    "a3,low,1\nb3,Bas,1\n") == 0);
	T_CHECK(sc("High", 1, 3) == 3 && sc("Haut", 1, 3) == 3);

	/* Errors, with line numbers; nothing of a bad file is added. */
	T_CHECK(load("set,label,score\nbad,Zork,1\nbad,Zork,2\n") == -1);
	T_STREQ(msg(), ":3: label 'Zork' has score 1 in set 'bad' on line 2, "
	    "and 2 here");
	REJ("Zork", 1, 2, "unknown label");
	T_CHECK(load("set,label,score\nbad,Zork,1\nbad,Zap,eleven\n") == -1);
	T_STREQ(msg(), ":3: score 'eleven' is not a whole number 0-10");
	T_CHECK(load("set,label,score\nbad,Zork,11\n") == -1);
	T_STREQ(msg(), ":2: score '11' is not a whole number 0-10");
	T_CHECK(load("set,label,score\nbad,Zork,-1\n") == -1);
	T_CHECK(load("set,label,score\nbad,Zork,1.5\n") == -1);
	T_CHECK(load("set,label,score\nbad,Zork,\n") == -1);
	T_CHECK(load("set,label,score\n,Zork,1\n") == -1);
	T_STREQ(msg(), ":2: empty set name");
	T_CHECK(load("set,label,score\nx,,1\n") == -1);
	T_STREQ(msg(), ":2: empty label");
	T_CHECK(load("set,label,score\nx,***,1\n") == -1);
	T_STREQ(msg(), ":2: label '***' has no letters or digits");
	T_CHECK(load("set,label\nx,y\n") == -1);
	T_STREQ(msg(), ":1: no column 'score' (want a header "
	    "set,label,score)");
	T_CHECK(load("name,label,score\nx,y,1\n") == -1);
	T_STREQ(msg(), ":1: no column 'set' (want a header set,label,score)");
	T_CHECK(load("set,label,score\nx,y\n") == -1);
	T_STREQ(msg(), ":2: record has 2 fields, header has 3");
	T_CHECK(load("set,label,score\nx,\"y,1\n") == -1);
	T_CHECK(strncmp(msg(), ":2: ", 4) == 0);
	T_CHECK(load("") == -1);
	T_STREQ(msg(), ": empty file, want a header set,label,score");
	/* Against a set of an earlier file. */
	T_CHECK(load("set,label,score\nrev,Very satisfied,3\n") == -1);
	T_STREQ(msg(), ":2: label has score 1 in set 'rev' of an earlier "
	    "file, and 3 here");
	T_CHECK(labels_load(L, "/nonexistent/l.csv", err, sizeof(err)) == -1);
	T_STREQ(err, "/nonexistent/l.csv: No such file or directory");
	/* A tiny errbuf is never overrun. */
	mkfile("set,label,score\n,Zork,1\n");
	T_CHECK(labels_load(L, path, err, 8) == -1 && strlen(err) < 8);
	T_CHECK(labels_load(L, path, NULL, 0) == -1);
	unlink(path);
}

/* Every CSAT cell of the Qualtrics choice-text export maps to 1..5. */
static void
real(void)
{
	static const char *f = "../shared/exports-real/"
	    "qualtrics_beskar_armor_csat_choice_text.csv";
	struct decode_info info;
	struct csvr *r;
	struct hdr *h;
	FILE *fp;
	int col, n = 0, blank = 0, bad = 0, cnt[6] = { 0 };
	long v;

	if (access(f, R_OK) != 0) {
		printf("label: ../shared/exports-real absent, real file "
		    "skipped\n");
		return;
	}
	fp = decode_open(f, DEC_AUTO, 0, &info);
	r = csvr_new(fp, f);
	T_CHECK(csvr_next(r) == 1);
	h = hdr_new(r);
	col = hdr_find(h, "Q16");
	T_CHECK(col >= 0);
	T_CHECK(csvr_next(r) == 1 && csvr_next(r) == 1);	/* rows 2, 3 */
	while (csvr_next(r) == 1) {
		switch (labels_score(L, csvr_field(r, (size_t)col, NULL), 1, 5,
		    0, &v, &why)) {
		case 0:
			n++;
			cnt[v]++;
			break;
		case 1:
			blank++;
			break;
		default:
			bad++;
			fprintf(stderr, "unmapped: '%s'\n",
			    csvr_field(r, (size_t)col, NULL));
		}
	}
	T_CHECK(n == 43 && blank == 1 && bad == 0);
	T_CHECK(cnt[1] == 6 && cnt[2] == 7 && cnt[3] == 13 && cnt[4] == 8 &&
	    cnt[5] == 9);
	hdr_free(h);
	csvr_free(r);
	fclose(fp);
}

/* Counts of scores 1..5 of column col (header row 1 name) of an export,
 * skipping skip more header rows; -1 in cnt[0] on an unmapped cell. */
static void
column(const char *file, const char *name, int nth, int skip, int cnt[6])
{
	struct decode_info info;
	struct csvr *r;
	size_t i, col = 0;
	FILE *fp;
	long v;
	int k;

	memset(cnt, 0, 6 * sizeof(int));
	fp = decode_open(file, DEC_AUTO, 0, &info);
	r = csvr_new(fp, file);
	T_CHECK(csvr_next(r) == 1);
	for (i = 0; i < csvr_nfields(r); i++)
		if (strcmp(csvr_field(r, i, NULL), name) == 0 && nth-- == 0)
			col = i;
	for (k = 0; k < skip; k++)
		T_CHECK(csvr_next(r) == 1);
	while (csvr_next(r) == 1) {
		const char *c = csvr_field(r, col, NULL);

		k = labels_score(L, c, 1, 5, 0, &v, &why);
		if (k == 0)
			cnt[v]++;
		else if (k == -1 && strcmp(c, "Unfamiliar (N/A)") != 0) {
			fprintf(stderr, "unmapped: '%s' (%s)\n", c, why);
			cnt[0] = -1;
		}
	}
	csvr_free(r);
	fclose(fp);
}

static void
real_more(void)
{
	static const char *sw = "../shared/exports-real/"
	    "surveymonkey_fte_starwars_orig_cr_macroman_head.csv";
	static const char *cats = "../shared/exports-real/"
	    "qualtrics_cats_salami_nps_group.csv";
	int c[6];

	if (access(sw, R_OK) != 0 || access(cats, R_OK) != 0)
		return;
	/* Column 16 (0-based 15): the first favourability sub-question. */
	column(sw, "Please state whether you view the following characters "
	    "favorably, unfavorably, or are unfamiliar with him/her.", 0, 1, c);
	T_CHECK(c[0] == 0 && c[5] == 39 && c[4] == 6 && c[3] == 5 &&
	    c[2] == 1 && c[1] == 0);
	column(cats, "Q3.7", 0, 2, c);
	T_CHECK(c[0] == 0 && c[5] == 16 && c[4] == 4 && c[3] == 2 &&
	    c[2] == 3 && c[1] == 3);
	column(cats, "Q3.2", 0, 2, c);
	T_CHECK(c[0] == 0 && c[5] == 13 && c[4] == 7 && c[3] == 3 &&
	    c[2] == 2 && c[1] == 3);
}

int
main(void)
{
	labels_free(NULL);
	L = labels_new();
	folding();
	numbers();
	builtin_sets();
	/* docs/labels.md lists about 600 labels: all of them checked */
	T_CHECK(docs_sets() != 0);
	new_labels();
	real();
	real_more();
	user_sets();
	labels_free(L);
	return t_done("label");
}
