/*
 * rawcsv.c -- the benchmarks' baseline: libcsv at its default options
 * (its fastest) over standard input, counting records and fields and
 * nothing else.  bench/funnel.sh and bench/ingest.sh compile it; a
 * tool's time divided by this program's on the same bytes is the ratio
 * the benchmarks print.
 */
#include <stdio.h>
#include <csv.h>

static unsigned long nf, nr;

static void
on_field(void *s, size_t l, void *a)
{
	(void)s;
	(void)l;
	(void)a;
	nf++;
}

static void
on_record(int c, void *a)
{
	(void)c;
	(void)a;
	nr++;
}

int
main(void)
{
	static char buf[1 << 16];
	struct csv_parser p;
	size_t n;

	csv_init(&p, 0);
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n)
			return 1;
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	fprintf(stderr, "%lu records %lu fields\n", nr, nf);
	return 0;
}
