/*
 * label.h -- an answer cell -> a whole-number score on a scale.
 *
 * A scale is given as the journey writes it, worst then best ("1-5",
 * "5-1": worst = 5, best = 1); lo < hi below are its ends in numeric
 * order.  labels_score() accepts, in this order:
 *
 *  1. A number: "9", " 9 ", "+9", "9.0", "9.00" (integral), and "4,0"
 *     only with comma_decimal.  "9.5" is "not a whole number"; a whole
 *     number outside [lo, hi] is "out of range".
 *  2. A label with a leading number: the number, then a separator
 *     (spaces, or one of - = : ( ) . / | en/em dash after optional
 *     spaces), then text with at least one letter, which is ignored:
 *     "10 - Extremely likely", "0 = Not at all likely", "5 (Very
 *     satisfied)", "7: Strongly agree", "3. Neutral".  The number must be
 *     whole and in range.  "5-7", "1 2", "9a" are "unknown label".
 *  3. A label of a label set (folded as below).  A set is an ordered list
 *     of labels with codes; its span is max code - min code + 1.  It
 *     applies to a scale with the same number of points
 *     (hi - lo + 1 == span) and gives score = lo + code - min code.
 *     The built-in sets (docs/labels.md) are coded 1..k in the platforms'
 *     natural numeric order (Very dissatisfied = 1 ... Very satisfied = 5;
 *     Very low effort = 1 ... Very high effort = 5), plus the NPS anchors
 *     "Not at all likely" = 0 and "Extremely likely" = 10 (span 11).
 *     Sets loaded with labels_load() are searched first: a label found in
 *     an applicable user set never looks at the built-ins.  A label that
 *     two applicable sets of the same kind (user or built-in) score
 *     differently is "ambiguous label"; a label known only for scales of
 *     another size is "label of another scale"; else "unknown label".
 *
 * Cells are trimmed of all white space (ASCII, CR, LF, NBSP U+00A0 and
 * the other Unicode spaces of Latin text: U+2000..U+200B, U+202F,
 * U+3000) at both ends.  A cell that is empty after trimming is "no
 * answer" (return 1), not a reject.
 *
 * Folding (labels_fold): HTML tags (<...> where '<' is followed by a
 * letter, '/' or '!') are removed, "&nbsp;" and "&amp;" decoded;
 * ASCII letters lowered; Latin-1 and Latin Extended-A letters lose their
 * accents (é -> e, Ç -> c, ß -> ss, æ -> ae, œ -> oe ...); every other
 * character that is not a letter or digit (punctuation, apostrophes
 * ' ’ ʼ, hyphens, dashes, slashes, spaces) becomes a separator, runs of
 * separators become one space, none at the ends.  So "Tout à fait
 * d’accord", "TOUT A FAIT D'ACCORD" and "tout-à-fait  d accord" are one
 * label.  Non-Latin letters are kept as their UTF-8 bytes.
 *
 * Locale-independent; never prints.
 */
#ifndef LABEL_H
#define LABEL_H

#include <stddef.h>

struct labels;

struct labels	*labels_new(void);		/* the built-in sets */
void		 labels_free(struct labels *);	/* NULL is a no-op */

/*
 * Adds the user label sets of a CSV file (read with csvr: UTF-8, comma,
 * header required) whose header has the columns set, label, score (found
 * by name, in any order, other columns ignored).  One row per label:
 *	set,label,score
 *	stars,★,1
 *	stars,★★,2
 * score is a whole number 0..10, the label's code in its set (write the
 * scores of the scale it is meant for: the set applies to every scale
 * with as many points as its span, shifted).  Rows of one set need not
 * be adjacent.  Errors (0 returned on success, -1 on error with a
 * message "file:line: ..." or "file: ..." in errbuf): file cannot be
 * opened, missing column, empty set or label, label empty after folding,
 * score not a whole number 0..10, the same label twice in a set with
 * different scores, a malformed record.  May be called more than once;
 * on error the sets added by this call are dropped.
 */
int		 labels_load(struct labels *, const char *path, char *errbuf,
		    size_t errsz);

/*
 * Scores one cell (NUL-terminated UTF-8) on the scale worst-best (two
 * different whole numbers).
 * Returns 0 and *score; 1 when the cell is blank (no answer); -1 when it
 * is not a valid answer, with *why one of the static strings
 *	"out of range", "not a whole number", "unknown label",
 *	"ambiguous label", "label of another scale".
 * why may be NULL.  Thread-safe for concurrent calls on one struct.
 */
int		 labels_score(const struct labels *, const char *cell, int worst,
		    int best, int comma_decimal, long *score, const char **why);

/*
 * The label sets (built-in and loaded) and which hold a cell's label
 * (folded, as labels_score matches it): labels_sets_of() writes up to
 * max set indices into ids and returns how many; labels_set_name()
 * gives a set's name, span (number of points), rev (1: its lowest code
 * is the best answer, the effort sets) and user (1: loaded), NULL for
 * a bad index.
 */
size_t		 labels_nsets(const struct labels *);
const char	*labels_set_name(const struct labels *, size_t i, int *span,
		    int *rev, int *user);
size_t		 labels_sets_of(const struct labels *, const char *cell,
		    size_t *ids, size_t max);

/*
 * Writes the folded form of s (see above) into dst, NUL-terminated,
 * truncated to dstsz - 1 bytes; returns the full length it needed (as
 * snprintf does), so dstsz > return value means complete.  Useful to
 * compare header text the same way.
 */
size_t		 labels_fold(char *dst, size_t dstsz, const char *s);

#endif
