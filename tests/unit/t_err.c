/*
 * t_err.c -- messages: "prog: file:line: message" on one line, control
 * characters from the data made visible, long messages whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "t.h"

static char path[] = "/tmp/t_err.XXXXXX";

/* What the warning functions wrote since the last call. */
static char *
written(void)
{
	static char buf[8192];
	FILE *fp;
	size_t n;

	fflush(stderr);
	fp = fopen(path, "r");
	n = fp != NULL ? fread(buf, 1, sizeof(buf) - 1, fp) : 0;
	buf[n] = '\0';
	if (fp != NULL)
		fclose(fp);
	if (freopen(path, "w", stderr) == NULL)
		exit(1);
	return buf;
}

int
main(void)
{
	char big[3000];
	char *s;
	int fd, saved = dup(2);

	if ((fd = mkstemp(path)) < 0 || freopen(path, "w", stderr) == NULL) {
		perror("t_err");
		return 1;
	}
	close(fd);
	err_init("/usr/bin/cjm-x");
	T_STREQ(progname, "cjm-x");

	warn_at(&(struct loc){ "a.csv", 7 }, "unknown metric '%s'", "nps");
	T_STREQ(written(), "cjm-x: a.csv:7: unknown metric 'nps'\n");
	warn_at(&(struct loc){ "-", 0 }, "empty");
	T_STREQ(written(), "cjm-x: <stdin>: empty\n");
	warnx_("plain %d%%", 5);
	T_STREQ(written(), "cjm-x: plain 5%\n");

	/* a field with a line break, terminal escapes (window title, clear
	 * screen), a bell, DEL: one line, nothing for the terminal to obey;
	 * tabs and UTF-8 kept */
	warn_at(&(struct loc){ "x\ny.csv", 2 }, "unknown metric '%s'",
	    "nps\r\n\033]0;pwned\007\033[2J\t\x7f\xc3\xa9");
	T_STREQ(written(), "cjm-x: x\\ny.csv:2: unknown metric "
	    "'nps\\r\\n\\x1b]0;pwned\\x07\\x1b[2J\t\\x7f\xc3\xa9'\n");

	/* longer than the message buffer: whole */
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	warnx_("[%s]", big);
	s = written();
	T_CHECK(strlen(s) == strlen("cjm-x: []\n") + sizeof(big) - 1);
	T_CHECK(s[strlen(s) - 2] == ']');
	unlink(path);
	fflush(stderr);
	dup2(saved, 2);		/* failed checks were in the file: say so */
	if (t_fail != 0)
		fprintf(stderr, "t_err: a check failed (its message went to "
		    "the captured stderr)\n");
	return t_done("err");
}
