/*
 * fz_files.c -- libFuzzer harness for the file loaders: journey_load
 * (the journey file) and labels_load (--labels), on a memfd.  Built by
 * make fuzz.  A journey that loads has rows numbered 1.., each with a
 * metric, a scale as journey_scale_parse reads it (lo < hi, the ends as
 * written) and a column; a message on failure; no leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fz.h"
#include "journey.h"
#include "label.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journey *j;
	struct labels *l;
	char path[64], err[256];
	unsigned long line;
	long score;
	const char *why;
	size_t i;
	int fd;

	if (size < 1)
		return 0;
	if ((fd = memfd_create("fz", 0)) < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (data[0] & 1) {
		err[0] = '\0';
		if ((j = journey_load(path, &line, err, sizeof(err))) != NULL) {
			for (i = 0; i < j->n; i++) {
				const struct journey_row *r = &j->row[i];
				int w, b;

				if (r->step != (int)i + 1 ||
				    journey_metric_parse(journey_metric_name(
				    r->metric)) != (int)r->metric ||
				    journey_scale_parse(r->scale, &w, &b) != 0 ||
				    w != r->worst || b != r->best ||
				    r->lo >= r->hi || r->column[0] == '\0')
					fz_fail(NULL, "journey row %zu (line %lu) "
					    "does not hold together", i + 1,
					    r->line);
			}
			journey_free(j);
		} else if (err[0] == '\0')
			fz_fail(NULL, "journey_load: NULL without a message");
	} else {
		l = labels_new();
		if (labels_load(l, path, err, sizeof(err)) == 0) {
			(void)labels_score(l, "Good", 1, 5, 0, &score, &why);
			(void)labels_score(l, "Very good", 0, 10, 0, &score,
			    &why);
		}
		labels_free(l);
	}
	close(fd);
	return 0;
}
