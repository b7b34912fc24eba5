/*
 * fz_cjm-plot.c -- libFuzzer harness: cjm-plot -n in-process
 * (tests/fuzz/fz.h): lib/plot's KPI and compare table readers, row
 * selection, and the gnuplot script of every chart (printed, never run).
 *
 * Input: three option bytes, then parts separated by "@@@@\n":
 *	KPI table, compare table (-c), a string (--title and the selections)
 * [0] --chart (bits 0-1: journey trend dist), --curve net, -t (bits 3-4:
 * png svg pdf dumb), --size (bits 5-6: 800x450 40x12 1x1), -c; [1]
 * --metric (bits 0-1: nps csat ces), --title, --segment, --period,
 * --stage, --touchpoint (each the string), the table as an operand
 * (else stdin).
 *
 * Every run: status 0, 1 or 2 (--size 1x1, --curve net with --chart dist
 * are usage errors), messages "cjm-plot: ..." on one line each,
 * no leak, no descriptor left open.  Status 0: a script in which nothing
 * from the data can run: outside single-quoted strings no backquote and
 * no double-quoted string but "\n" and "\047"; no line break inside a
 * string;
 * datablocks hold numbers only (and their '#' header); one input in 8
 * run twice for the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"

#define SEP	"@@@@\n"

static const char *const chart[] = { "journey", "trend", "dist", "journey" };
static const char *const term[] = { "png", "svg", "pdf", "dumb" };
static const char *const sizes[] = { "800x450", "40x12", "1x1" };
static const char *const metric[] = { "nps", "csat", "ces" };

static int
is_num(const char *s, size_t n)
{
	char buf[64], *end;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strcmp(buf, "NaN") == 0)
		return 1;
	(void)strtod(buf, &end);
	return *end == '\0';
}

static void
check_script(const struct fz_run *r)
{
	const char *s = r->out, *end = r->out + r->outlen, *nl, *p, *q;
	int inblock = 0;

	if (r->outlen == 0 || end[-1] != '\n')
		fz_fail(r, "the script is empty or has no final line end");
	if (memchr(s, '\0', r->outlen) != NULL)
		fz_fail(r, "a NUL byte in the script");
	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (inblock) {
			if (nl - s == 3 && memcmp(s, "EOD", 3) == 0) {
				inblock = 0;
				continue;
			}
			if (*s == '#')
				continue;
			for (p = s; p < nl; p = q) {
				while (p < nl && *p == ' ')
					p++;
				for (q = p; q < nl && *q != ' '; q++)
					;
				if (q > p && !is_num(p, (size_t)(q - p)))
					fz_fail(r, "datablock line '%.*s': not a "
					    "number", (int)(nl - s), s);
			}
			continue;
		}
		if (nl - s > 6 && memcmp(nl - 6, "<< EOD", 6) == 0 && *s == '$')
			inblock = 1;
		for (p = s; p < nl; p++) {
			if (*p == '\'') {
				for (p++; p < nl; p++)
					if (*p == '\'' && !(p + 1 < nl &&
					    p[1] == '\'' && (p++, 1)))
						break;
				if (p == nl)
					fz_fail(r, "a single-quoted string runs "
					    "to the end of line '%.*s'",
					    (int)(nl - s > 200 ? 200 : nl - s), s);
			} else if (*p == '"') {
				/* our constants only: "\n", and "\047" for a
				 * name's leading quote (lib/plot_gp.c) */
				if (nl - p >= 4 && memcmp(p, "\"\\n\"", 4) == 0)
					p += 3;
				else if (nl - p >= 6 &&
				    memcmp(p, "\"\\047\"", 6) == 0)
					p += 5;
				else
					fz_fail(r, "a double-quoted string other "
					    "than \"\\n\" or \"\\047\": '%.*s'",
					    (int)(nl - s > 200 ? 200 : nl - s), s);
			} else if (*p == '`')
				fz_fail(r, "a backquote outside a string: "
				    "'%.*s'", (int)(nl - s > 200 ? 200 : nl - s),
				    s);
			else if ((unsigned char)*p < 0x20 && *p != '\t')
				fz_fail(r, "control character \\x%02x in the "
				    "script", (unsigned char)*p);
		}
	}
	if (inblock)
		fz_fail(r, "a datablock without its EOD");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[3];
	size_t len[3];
	char *argv[40], str[64];
	struct fz_run r;
	int a = 0, o0, o1;

	if (size < 2)
		return 0;
	o0 = data[0];
	o1 = data[1];
	fz_split(data + 2, size - 2, SEP, part, len, 3);
	snprintf(str, sizeof(str), "%.*s", (int)(len[2] < 63 ? len[2] : 63),
	    (const char *)part[2]);
	argv[a++] = "cjm-plot";
	argv[a++] = "-n";
	if (o0 & 3) {
		argv[a++] = "--chart";
		argv[a++] = (char *)chart[o0 & 3];
	}
	if (o0 & 4) {
		argv[a++] = "--curve";
		argv[a++] = "net";
	}
	if (o0 >> 3 & 3) {
		argv[a++] = "-t";
		argv[a++] = (char *)term[o0 >> 3 & 3];
	}
	if (o0 >> 5 & 3) {
		argv[a++] = "--size";
		argv[a++] = (char *)sizes[(o0 >> 5 & 3) - 1];
	}
	if (o0 & 0x80) {
		argv[a++] = "-c";
		argv[a++] = (char *)fz_in(1, part[1], len[1]);
	}
	if (o1 & 3) {
		argv[a++] = "--metric";
		argv[a++] = (char *)metric[(o1 & 3) - 1];
	}
	if (o1 & 4) {
		argv[a++] = "--title";
		argv[a++] = str;
	}
	if (o1 & 8) {
		argv[a++] = "--segment";
		argv[a++] = str;
	}
	if (o1 & 0x10) {
		argv[a++] = "--period";
		argv[a++] = str;
	}
	if (o1 & 0x20) {
		argv[a++] = "--stage";
		argv[a++] = str;
	}
	if (o1 & 0x40) {
		argv[a++] = "--touchpoint";
		argv[a++] = str;
	}
	if (o1 & 0x80)
		argv[a++] = (char *)fz_in(0, part[0], len[0]);
	argv[a] = NULL;

	fz_main(fz_main_fn, argv, part[0], len[0], &r);
	fz_status(&r, "012");
	fz_messages(&r);
	if (r.status == 0)
		check_script(&r);
	fz_finish(fz_main_fn, argv, part[0], len[0], data, size, &r);
	return 0;
}
