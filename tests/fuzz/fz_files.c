/*
 * fz_files.c -- libFuzzer harness for the file loaders: journey_load
 * (the journey file) and labels_load (--labels), on a memfd.  Built by
 * tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
		if ((j = journey_load(path, &line, err, sizeof(err))) != NULL) {
			for (i = 0; i < j->n; i++)
				(void)strlen(j->row[i].scale);
			journey_free(j);
		}
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
