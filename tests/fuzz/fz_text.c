/*
 * fz_text.c -- libFuzzer harness for the cell parsers: when_parse and
 * when_settles (dates), labels_score and labels_fold (answer labels),
 * num_parse* (numbers), journey_scale_parse.  Built by tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journey.h"
#include "label.h"
#include "num.h"
#include "when.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct labels *l;
	char *s, iso[20], fold[64], nb[64];
	const char *why;
	long score, lv;
	double v;
	int amb, lo, hi, w, b;

	if (size < 1)
		return 0;
	if (l == NULL)
		l = labels_new();
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	lo = data[0] & 1;
	hi = (data[0] >> 1) % 3 == 0 ? 10 : (data[0] >> 1) % 3 == 1 ? 5 : 7;

	(void)when_parse(s, (enum when_order)(data[0] % 3), iso, &amb);
	(void)when_settles(s);
	(void)labels_score(l, s, lo, hi, data[0] >> 7, &score, &why);
	(void)labels_fold(fold, sizeof(fold), s);
	(void)labels_fold(NULL, 0, s);
	if (num_parse(s, &v) == 0) {
		(void)num_fmt(nb, sizeof(nb), v, data[0] % 8);
		(void)num_fmt_exact(nb, sizeof(nb), v);
		(void)num_fmt(nb, 4, v, 6);
	}
	(void)num_parse_comma(s, data[0] & 1, &v);
	(void)num_parse_long(s, -5, 100, &lv);
	(void)journey_scale_parse(s, &w, &b);
	(void)journey_metric_parse(s);
	free(s);
	return 0;
}
