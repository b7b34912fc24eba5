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

/*
 * The built-in sets (docs/labels.md lists the same, and t_label checks
 * every label there against these): per set, its first code and its
 * labels, the codes separated by '|' from the worst answer to the best
 * (effort: from the least effort, the best), aliases of one code by
 * ';'.  Every language of a family and size is in one set: a label two
 * languages share has one meaning.  Wordings that would be silently
 * misplaced are left out on purpose (docs/labels.md: "When the
 * built-in sets are not enough").
 */
static const struct {
	const char	*set;
	int		 base;
	const char	*labels;
} builtin[] = {
	/* Satisfaction (CSAT). */
	{ "satisfaction-4", 1,
	    "Very dissatisfied; Extremely dissatisfied; Completely dissatisfied;"
	    " Très insatisfait; Très mécontent; Pas du tout satisfait;"
	    " Sehr unzufrieden; Muy insatisfecho; Nada satisfecho|"
	    "Dissatisfied; Somewhat dissatisfied; Unsatisfied;"
	    " Insatisfait; Plutôt insatisfait; Mécontent; Peu satisfait;"
	    " Unzufrieden; Eher unzufrieden; Insatisfecho; Algo insatisfecho|"
	    "Satisfied; Somewhat satisfied; Satisfait; Plutôt satisfait;"
	    " Assez satisfait; Zufrieden; Eher zufrieden; Satisfecho;"
	    " Algo satisfecho|"
	    "Very satisfied; Extremely satisfied; Completely satisfied;"
	    " Très satisfait; Tout à fait satisfait; Sehr zufrieden;"
	    " Muy satisfecho" },
	{ "satisfaction-5", 1,
	    "Very dissatisfied; Extremely dissatisfied; Very unsatisfied;"
	    " Completely dissatisfied; Très insatisfait; Très mécontent;"
	    " Pas du tout satisfait; Extrêmement insatisfait;"
	    " Sehr unzufrieden; Äußerst unzufrieden; Muy insatisfecho;"
	    " Extremadamente insatisfecho; Nada satisfecho|"
	    "Dissatisfied; Somewhat dissatisfied; Unsatisfied;"
	    " Slightly dissatisfied; Insatisfait; Plutôt insatisfait;"
	    " Mécontent; Plutôt mécontent; Peu satisfait; Unzufrieden;"
	    " Eher unzufrieden; Insatisfecho; Algo insatisfecho|"
	    "Neutral; Neither satisfied nor dissatisfied;"
	    " Neither dissatisfied nor satisfied; Neutre;"
	    " Ni satisfait ni insatisfait; Ni satisfait ni mécontent;"
	    " Weder zufrieden noch unzufrieden; Teils, teils;"
	    " Ni satisfecho ni insatisfecho|"
	    "Satisfied; Somewhat satisfied; Slightly satisfied; Satisfait;"
	    " Plutôt satisfait; Assez satisfait; Zufrieden; Eher zufrieden;"
	    " Satisfecho; Algo satisfecho|"
	    "Very satisfied; Extremely satisfied; Completely satisfied;"
	    " Très satisfait; Extrêmement satisfait; Tout à fait satisfait;"
	    " Sehr zufrieden; Äußerst zufrieden; Muy satisfecho;"
	    " Extremadamente satisfecho" },
	{ "satisfaction-7", 1,
	    "Extremely dissatisfied; Very dissatisfied; Completely dissatisfied;"
	    " Extrêmement insatisfait; Très insatisfait; Äußerst unzufrieden;"
	    " Sehr unzufrieden; Extremadamente insatisfecho; Muy insatisfecho|"
	    "Moderately dissatisfied; Dissatisfied; Insatisfait;"
	    " Unzufrieden; Insatisfecho|"
	    "Slightly dissatisfied; Somewhat dissatisfied; Plutôt insatisfait;"
	    " Légèrement insatisfait; Eher unzufrieden; Algo insatisfecho|"
	    "Neither satisfied nor dissatisfied;"
	    " Neither dissatisfied nor satisfied; Neutral; Neutre;"
	    " Ni satisfait ni insatisfait; Weder zufrieden noch unzufrieden;"
	    " Teils, teils; Ni satisfecho ni insatisfecho|"
	    "Slightly satisfied; Somewhat satisfied; Plutôt satisfait;"
	    " Légèrement satisfait; Eher zufrieden; Algo satisfecho|"
	    "Moderately satisfied; Satisfied; Satisfait; Zufrieden;"
	    " Satisfecho|"
	    "Extremely satisfied; Very satisfied; Completely satisfied;"
	    " Extrêmement satisfait; Très satisfait; Äußerst zufrieden;"
	    " Sehr zufrieden; Extremadamente satisfecho; Muy satisfecho" },

	/* Agreement (CES 2.0 "made it easy" on 7 points). */
	{ "agreement-4", 1,
	    "Strongly disagree; Completely disagree; Pas du tout d'accord;"
	    " Tout à fait en désaccord; Stimme überhaupt nicht zu;"
	    " Totalmente en desacuerdo; Muy en desacuerdo|"
	    "Disagree; Somewhat disagree; Pas d'accord; Plutôt pas d'accord;"
	    " Plutôt en désaccord; Stimme nicht zu; Stimme eher nicht zu;"
	    " En desacuerdo; Algo en desacuerdo|"
	    "Agree; Somewhat agree; D'accord; Plutôt d'accord; Stimme zu;"
	    " Stimme eher zu; De acuerdo; Algo de acuerdo|"
	    "Strongly agree; Completely agree; Tout à fait d'accord;"
	    " Stimme voll und ganz zu; Totalmente de acuerdo; Muy de acuerdo" },
	{ "agreement-5", 1,
	    "Strongly disagree; Completely disagree; Pas du tout d'accord;"
	    " Fortement en désaccord; Tout à fait en désaccord;"
	    " Stimme überhaupt nicht zu; Totalmente en desacuerdo;"
	    " Muy en desacuerdo|"
	    "Disagree; Somewhat disagree; Pas d'accord; Plutôt pas d'accord;"
	    " En désaccord; Plutôt en désaccord; Stimme nicht zu;"
	    " Stimme eher nicht zu; En desacuerdo; Algo en desacuerdo|"
	    "Neither agree nor disagree; Neither disagree nor agree;"
	    " Neither agree or disagree; Neutral; Undecided;"
	    " Ni d'accord ni pas d'accord; Ni en accord ni en désaccord; Neutre;"
	    " Weder noch; Teils, teils; Ni de acuerdo ni en desacuerdo|"
	    "Agree; Somewhat agree; D'accord; Plutôt d'accord; Stimme zu;"
	    " Stimme eher zu; De acuerdo; Algo de acuerdo|"
	    "Strongly agree; Completely agree; Tout à fait d'accord;"
	    " Fortement d'accord; Entièrement d'accord;"
	    " Stimme voll und ganz zu; Totalmente de acuerdo; Muy de acuerdo" },
	{ "agreement-7", 1,
	    "Strongly disagree; Completely disagree; Pas du tout d'accord;"
	    " Fortement en désaccord; Tout à fait en désaccord;"
	    " Stimme überhaupt nicht zu; Totalmente en desacuerdo;"
	    " Muy en desacuerdo|"
	    "Disagree; Pas d'accord; En désaccord; Stimme nicht zu;"
	    " En desacuerdo|"
	    "Somewhat disagree; Slightly disagree; Plutôt pas d'accord;"
	    " Plutôt en désaccord; Légèrement en désaccord;"
	    " Stimme eher nicht zu; Algo en desacuerdo|"
	    "Neither agree nor disagree; Neither disagree nor agree;"
	    " Neither agree or disagree; Undecided; Neutral;"
	    " Ni d'accord ni pas d'accord; Ni en accord ni en désaccord; Neutre;"
	    " Weder noch; Teils, teils; Ni de acuerdo ni en desacuerdo|"
	    "Somewhat agree; Slightly agree; Plutôt d'accord;"
	    " Légèrement d'accord; Stimme eher zu; Algo de acuerdo|"
	    "Agree; D'accord; Stimme zu; De acuerdo|"
	    "Strongly agree; Completely agree; Tout à fait d'accord;"
	    " Fortement d'accord; Entièrement d'accord;"
	    " Stimme voll und ganz zu; Totalmente de acuerdo; Muy de acuerdo" },

	/* Effort (CES 1.0; journey scale 5-1): coded from the least. */
	{ "effort-5", 1,
	    "Very low effort; Effort très faible; Très faible effort;"
	    " Sehr geringer Aufwand; Esfuerzo muy bajo|"
	    "Low effort; Effort faible; Faible effort; Geringer Aufwand;"
	    " Esfuerzo bajo|"
	    "Neither high nor low effort; Neither low nor high effort;"
	    " Moderate effort; Neutral; Effort modéré; Neutre;"
	    " Mittlerer Aufwand; Esfuerzo moderado|"
	    "High effort; Effort élevé; Effort important; Hoher Aufwand;"
	    " Esfuerzo alto|"
	    "Very high effort; Effort très élevé; Effort très important;"
	    " Sehr hoher Aufwand; Esfuerzo muy alto" },

	/* Ease. */
	{ "ease-5", 1,
	    "Very difficult; Extremely difficult; Très difficile;"
	    " Sehr schwierig; Muy difícil|"
	    "Difficult; Somewhat difficult; Difficile; Plutôt difficile;"
	    " Schwierig; Eher schwierig; Difícil; Algo difícil|"
	    "Neither easy nor difficult; Neither difficult nor easy; Neutral;"
	    " Ni facile ni difficile; Neutre; Weder leicht noch schwierig;"
	    " Ni fácil ni difícil|"
	    "Easy; Somewhat easy; Facile; Plutôt facile; Leicht; Eher leicht;"
	    " Fácil; Algo fácil|"
	    "Very easy; Extremely easy; Très facile; Sehr leicht; Muy fácil" },
	{ "ease-7", 1,
	    "Very difficult; Extremely difficult; Très difficile;"
	    " Sehr schwierig; Muy difícil|"
	    "Difficult; Moderately difficult; Difficile; Schwierig; Difícil|"
	    "Somewhat difficult; Slightly difficult; Plutôt difficile;"
	    " Eher schwierig; Algo difícil|"
	    "Neither easy nor difficult; Neither difficult nor easy; Neutral;"
	    " Ni facile ni difficile; Neutre; Weder leicht noch schwierig;"
	    " Ni fácil ni difícil|"
	    "Somewhat easy; Slightly easy; Plutôt facile; Eher leicht;"
	    " Algo fácil|"
	    "Easy; Moderately easy; Facile; Leicht; Fácil|"
	    "Very easy; Extremely easy; Très facile; Sehr leicht; Muy fácil" },

	/* Likelihood. */
	{ "likelihood-4", 1,
	    "Very unlikely; Extremely unlikely; Très improbable;"
	    " Très peu probable; Sehr unwahrscheinlich; Muy improbable|"
	    "Unlikely; Somewhat unlikely; Improbable; Peu probable;"
	    " Unwahrscheinlich; Eher unwahrscheinlich; Poco probable|"
	    "Likely; Somewhat likely; Probable; Plutôt probable;"
	    " Wahrscheinlich; Eher wahrscheinlich|"
	    "Very likely; Extremely likely; Très probable;"
	    " Sehr wahrscheinlich; Muy probable" },
	{ "likelihood-5", 1,
	    "Very unlikely; Extremely unlikely; Très improbable;"
	    " Très peu probable; Sehr unwahrscheinlich;"
	    " Äußerst unwahrscheinlich; Muy improbable;"
	    " Extremadamente improbable|"
	    "Unlikely; Somewhat unlikely; Improbable; Peu probable;"
	    " Unwahrscheinlich; Eher unwahrscheinlich; Poco probable|"
	    "Neither likely nor unlikely; Neutral; Ni probable ni improbable;"
	    " Neutre; Weder wahrscheinlich noch unwahrscheinlich|"
	    "Likely; Somewhat likely; Probable; Plutôt probable;"
	    " Wahrscheinlich; Eher wahrscheinlich|"
	    "Very likely; Extremely likely; Très probable;"
	    " Extrêmement probable; Sehr wahrscheinlich;"
	    " Äußerst wahrscheinlich; Muy probable; Extremadamente probable" },
	{ "likelihood-7", 1,
	    "Extremely unlikely; Very unlikely; Extrêmement improbable;"
	    " Très improbable; Äußerst unwahrscheinlich;"
	    " Sehr unwahrscheinlich; Extremadamente improbable;"
	    " Muy improbable|"
	    "Moderately unlikely; Unlikely; Improbable; Unwahrscheinlich|"
	    "Slightly unlikely; Somewhat unlikely; Plutôt improbable;"
	    " Peu probable; Eher unwahrscheinlich; Poco probable;"
	    " Algo improbable|"
	    "Neither likely nor unlikely; Neutral; Ni probable ni improbable;"
	    " Neutre; Weder wahrscheinlich noch unwahrscheinlich|"
	    "Slightly likely; Somewhat likely; Plutôt probable;"
	    " Eher wahrscheinlich; Algo probable|"
	    "Moderately likely; Likely; Probable; Wahrscheinlich|"
	    "Extremely likely; Very likely; Extrêmement probable;"
	    " Très probable; Äußerst wahrscheinlich; Sehr wahrscheinlich;"
	    " Extremadamente probable; Muy probable" },

	/* Frequency (higher is better: the question is about something
	 * good; give your own set when it is not). */
	{ "frequency-4", 1,
	    "Never; Jamais; Nie; Niemals; Nunca|"
	    "Sometimes; Parfois; Manchmal; A veces; Algunas veces|"
	    "Often; Souvent; Oft; Häufig; A menudo; Frecuentemente|"
	    "Always; Toujours; Immer; Siempre" },
	{ "frequency-5", 1,
	    "Never; Jamais; Nie; Niemals; Nunca|"
	    "Rarely; Seldom; Rarement; Selten; Rara vez; Casi nunca|"
	    "Sometimes; Parfois; Manchmal; A veces; Algunas veces|"
	    "Often; Very often; Souvent; Très souvent; Oft; Häufig;"
	    " A menudo; Frecuentemente; Casi siempre|"
	    "Always; Toujours; Immer; Siempre" },
	{ "frequency-7", 1,
	    "Never; Jamais; Nie; Niemals; Nunca|"
	    "Rarely; Rarement; Selten; Rara vez|"
	    "Occasionally; Occasionnellement; Gelegentlich; Ocasionalmente|"
	    "Sometimes; Parfois; Manchmal; A veces|"
	    "Frequently; Often; Fréquemment; Souvent; Oft; Häufig;"
	    " Frecuentemente|"
	    "Usually; Habituellement; Meistens; Casi siempre; Usualmente|"
	    "Every time; Always; Toujours; Immer; Siempre" },

	/* Quality (Poor, Fair, Good, Very good, Excellent). */
	{ "quality-4", 1,
	    "Poor; Mauvais; Mauvaise; Schlecht; Malo; Mala|"
	    "Fair; Passable; Ausreichend; Regular|"
	    "Good; Bon; Bonne; Gut; Bueno; Buena|"
	    "Excellent; Excellente; Ausgezeichnet; Hervorragend; Excelente" },
	{ "quality-5", 1,
	    "Poor; Mauvais; Mauvaise; Schlecht; Malo; Mala|"
	    "Fair; Passable; Ausreichend; Regular|"
	    "Good; Bon; Bonne; Gut; Bueno; Buena|"
	    "Very good; Très bon; Très bonne; Sehr gut; Muy bueno; Muy buena|"
	    "Excellent; Excellente; Ausgezeichnet; Hervorragend; Excelente" },
	{ "quality-7", 1,
	    "Extremely poor; Extrêmement mauvais; Extrêmement mauvaise;"
	    " Äußerst schlecht; Pésimo; Pésima|"
	    "Very poor; Très mauvais; Très mauvaise; Sehr schlecht;"
	    " Muy malo; Muy mala|"
	    "Poor; Mauvais; Mauvaise; Schlecht; Malo; Mala|"
	    "Fair; Passable; Ausreichend; Regular|"
	    "Good; Bon; Bonne; Gut; Bueno; Buena|"
	    "Very good; Très bon; Très bonne; Sehr gut; Muy bueno; Muy buena|"
	    "Excellent; Excellente; Ausgezeichnet; Hervorragend; Excelente" },

	/* Importance. */
	{ "importance-4", 1,
	    "Not at all important; Not important; Pas du tout important;"
	    " Überhaupt nicht wichtig; Nada importante|"
	    "Slightly important; Peu important; Wenig wichtig;"
	    " Poco importante|"
	    "Very important; Très important; Sehr wichtig; Muy importante|"
	    "Extremely important; Extrêmement important; Äußerst wichtig;"
	    " Extremadamente importante" },
	{ "importance-5", 1,
	    "Not at all important; Not important; Pas du tout important;"
	    " Überhaupt nicht wichtig; Nada importante|"
	    "Slightly important; Peu important; Wenig wichtig;"
	    " Poco importante|"
	    "Moderately important; Moyennement important; Mäßig wichtig;"
	    " Moderadamente importante|"
	    "Very important; Très important; Sehr wichtig; Muy importante|"
	    "Extremely important; Extrêmement important; Äußerst wichtig;"
	    " Extremadamente importante" },
	{ "importance-7", 1,
	    "Not at all important; Not important; Pas du tout important;"
	    " Überhaupt nicht wichtig; Nada importante|"
	    "Low importance; Peu important; Wenig wichtig; Poco importante|"
	    "Slightly important; Légèrement important; Etwas wichtig;"
	    " Algo importante|"
	    "Neutral; Neither important nor unimportant; Neutre;"
	    " Ni important ni pas important; Weder wichtig noch unwichtig;"
	    " Ni importante ni no importante|"
	    "Moderately important; Moyennement important; Mäßig wichtig;"
	    " Moderadamente importante|"
	    "Very important; Très important; Sehr wichtig; Muy importante|"
	    "Extremely important; Extrêmement important; Äußerst wichtig;"
	    " Extremadamente importante" },

	/* Favourability (SurveyMonkey), intent, amount (Qualtrics). */
	{ "favorability-5", 1,
	    "Very unfavorably; Very unfavourably|"
	    "Somewhat unfavorably; Somewhat unfavourably|"
	    "Neither favorably nor unfavorably (neutral);"
	    " Neither favorably nor unfavorably;"
	    " Neither favourably nor unfavourably; Neutral|"
	    "Somewhat favorably; Somewhat favourably|"
	    "Very favorably; Very favourably" },
	{ "intent-5", 1,
	    "Definitely not; Definitely will not; Definitely would not|"
	    "Probably not; Probably will not; Probably would not|"
	    "Might or might not; Neutral|"
	    "Probably yes; Probably; Probably will; Probably would|"
	    "Definitely yes; Definitely; Definitely will; Definitely would" },
	{ "amount-5", 1,
	    "Not at all; None at all|A little|A moderate amount|A lot|"
	    "A great deal" },

	/* NPS end anchors, 0-10 (span 11). */
	{ "nps-anchors", 0,
	    "Not at all likely; Not likely at all; Pas du tout probable;"
	    " Überhaupt nicht wahrscheinlich; Äußerst unwahrscheinlich;"
	    " Nada probable; Muy improbable|||||||||"
	    "|Extremely likely; Extrêmement probable; Très probable;"
	    " Äußerst wahrscheinlich; Sehr wahrscheinlich;"
	    " Extremadamente probable; Muy probable" },
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
	char key[KEYMAX], one[KEYMAX];
	const char *p, *q;
	size_t i, set;
	int code;

	grow(l);
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		set = add_set(l, builtin[i].set, 0);
		code = builtin[i].base;
		for (p = builtin[i].labels; *p != '\0'; p = q) {
			q = p + strcspn(p, ";|");
			if (q > p && (size_t)(q - p) < sizeof(one)) {
				memcpy(one, p, (size_t)(q - p));
				one[q - p] = '\0';
				labels_fold(key, sizeof(key), one);
				if (key[0] != '\0')
					add_entry(l, set, key, code);
			}
			if (*q == '|')
				code++;
			if (*q != '\0')
				q++;
		}
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

/* Sets: what a label belongs to (cjm-ingest --draft-journey). */

size_t
labels_nsets(const struct labels *l)
{
	return l->nsets;
}

const char *
labels_set_name(const struct labels *l, size_t i, int *span, int *rev,
    int *user)
{
	if (i >= l->nsets)
		return NULL;
	if (span != NULL)
		*span = l->sets[i].max - l->sets[i].min + 1;
	if (rev != NULL)
		*rev = l->sets[i].rev;
	if (user != NULL)
		*user = l->sets[i].user;
	return l->sets[i].name;
}

size_t
labels_sets_of(const struct labels *l, const char *cell, size_t *ids,
    size_t max)
{
	const unsigned char *b = (const unsigned char *)cell, *e;
	unsigned long cp;
	char buf[KEYMAX], key[KEYMAX];
	const struct entry *en;
	size_t k, len, n = 0;

	while (*b != '\0' && is_space((u8(b, &cp), cp)))
		b += u8(b, &cp);
	e = b + strlen((const char *)b);
	while ((k = trail_space(b, e)) > 0)
		e -= k;
	len = (size_t)(e - b);
	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, b, len);
	buf[len] = '\0';
	if (labels_fold(key, sizeof(key), buf) >= sizeof(key) || *key == '\0')
		return 0;
	for (en = l->tab[hash(key) & (l->tabsz - 1)]; en != NULL;
	    en = en->next)
		if (strcmp(en->key, key) == 0 && n < max)
			ids[n++] = en->set;
	return n;
}
