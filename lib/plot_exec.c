/*
 * plot_exec.c -- running gnuplot on a script (see plot.h): plot_exec()
 * collects its output, plot_run() writes it to a file atomically,
 * plot_render() makes a chart to embed (SVG ids made unique).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "plot_gp.h"
#include "xmalloc.h"

struct buf {
	char	*p;
	size_t	 len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 8192;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* gnuplot's stderr, trimmed, for a message. */
static const char *
trimmed(struct buf *b)
{
	char *p, *e;

	if (b->p == NULL)
		return "";
	for (p = b->p; *p == '\n' || *p == ' ' || *p == '\r'; p++)
		;
	for (e = b->p + b->len; e > p && (e[-1] == '\n' || e[-1] == ' ' ||
	    e[-1] == '\r'); e--)
		;
	*e = '\0';
	return p;
}

char *
plot_exec(const char *script, size_t *lenp, char *err, size_t errsz)
{
	struct sigaction ign, old;
	struct pollfd pfd[3];
	struct buf out = { NULL, 0, 0 }, ebuf = { NULL, 0, 0 };
	const char *prog, *w = script;
	size_t left = strlen(script);
	char chunk[65536];
	int in[2] = { -1, -1 }, op[2] = { -1, -1 }, ep[2] = { -1, -1 };
	int status, nopen, i;
	ssize_t n;
	pid_t pid;

	prog = getenv("GNUPLOT");
	if (prog == NULL || *prog == '\0')
		prog = "gnuplot";
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(op, O_CLOEXEC) != 0 ||
	    pipe2(ep, O_CLOEXEC) != 0) {
		plot_gp_err(err, errsz, "pipe: %s", strerror(errno));
		goto fail_fds;
	}
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	fflush(NULL);
	if ((pid = fork()) == -1) {
		plot_gp_err(err, errsz, "fork: %s", strerror(errno));
		sigaction(SIGPIPE, &old, NULL);
		goto fail_fds;
	}
	if (pid == 0) {
		sigaction(SIGPIPE, &old, NULL);
		if (dup2(in[0], 0) == -1 || dup2(op[1], 1) == -1 ||
		    dup2(ep[1], 2) == -1)
			_exit(126);
		execlp(prog, prog, (char *)NULL);
		dprintf(2, "cannot run '%s': %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(op[1]);
	close(ep[1]);
	in[0] = op[1] = ep[1] = -1;
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	if (left == 0) {
		close(in[1]);
		in[1] = -1;
	}
	for (;;) {
		pfd[0].fd = in[1];
		pfd[0].events = POLLOUT;
		pfd[1].fd = op[0];
		pfd[1].events = POLLIN;
		pfd[2].fd = ep[0];
		pfd[2].events = POLLIN;
		nopen = (in[1] >= 0) + (op[0] >= 0) + (ep[0] >= 0);
		if (nopen == 0)
			break;
		if (poll(pfd, 3, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (in[1] >= 0 && (pfd[0].revents & (POLLOUT | POLLERR |
		    POLLHUP))) {
			n = write(in[1], w, left);
			if (n > 0) {
				w += n;
				left -= (size_t)n;
			}
			if ((n == -1 && errno != EAGAIN && errno != EINTR) ||
			    left == 0) {
				close(in[1]);	/* EPIPE: gnuplot gave up */
				in[1] = -1;
			}
		}
		for (i = 1; i < 3; i++) {
			int *fd = i == 1 ? &op[0] : &ep[0];

			if (*fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP |
			    POLLERR)))
				continue;
			n = read(*fd, chunk, sizeof(chunk));
			if (n > 0)
				buf_add(i == 1 ? &out : &ebuf, chunk,
				    (size_t)n);
			else if (n == 0 || (errno != EINTR &&
			    errno != EAGAIN)) {
				close(*fd);
				*fd = -1;
			}
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	sigaction(SIGPIPE, &old, NULL);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 &&
	    strncmp(trimmed(&ebuf), "cannot run", 10) == 0)
		plot_gp_err(err, errsz, "gnuplot: %s (install gnuplot, or set "
		    "GNUPLOT to its path)", trimmed(&ebuf));
	else if (WIFSIGNALED(status))
		plot_gp_err(err, errsz, "gnuplot '%s' killed by signal %d%s%s",
		    prog, WTERMSIG(status), *trimmed(&ebuf) ? ": " : "",
		    trimmed(&ebuf));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		plot_gp_err(err, errsz, "gnuplot '%s' failed (exit status "
		    "%d)%s%s",
		    prog, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		    *trimmed(&ebuf) ? ": " : "", trimmed(&ebuf));
	else if (out.len == 0)
		plot_gp_err(err, errsz, "gnuplot '%s' wrote no output%s%s",
		    prog,
		    *trimmed(&ebuf) ? ": " : "", trimmed(&ebuf));
	else {
		free(ebuf.p);
		if (lenp != NULL)
			*lenp = out.len;
		return out.p;
	}
	free(out.p);
	free(ebuf.p);
	return NULL;
fail_fds:
	for (i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (op[i] >= 0)
			close(op[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	return NULL;
}

/* Writes all of p to fd; 0 ok, -1 with errno. */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
plot_run(const char *script, const char *outpath, char *err, size_t errsz)
{
	char *out, *tmp;
	const char *slash;
	size_t len, dirlen;
	char *real = NULL;
	const char *name = outpath;
	struct stat st;
	mode_t mask;
	int fd, e, rc = -1;

	if ((out = plot_exec(script, &len, err, errsz)) == NULL)
		return -1;
	if (outpath == NULL || plot_gp_streq(outpath, "-")) {
		fwrite(out, 1, len, stdout);	/* close_stdout() checks */
		free(out);
		return 0;
	}
	/* a device or a pipe (/dev/stdout, /dev/null, a fifo) is written
	 * in place: renaming over it would replace it */
	if (stat(outpath, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((fd = open(outpath, O_WRONLY | O_TRUNC)) == -1 ||
		    write_all(fd, out, len) != 0 || close(fd) != 0) {
			e = errno;
			if (fd != -1)
				close(fd);
			plot_gp_err(err, errsz, "%s: %s", outpath, strerror(e));
			free(out);
			return -1;
		}
		free(out);
		return 0;
	}
	/* a symbolic link stays one: the file it points to is replaced */
	if ((real = realpath(outpath, NULL)) != NULL)
		outpath = real;
	slash = strrchr(outpath, '/');
	dirlen = slash != NULL ? (size_t)(slash - outpath) + 1 : 0;
	tmp = xmalloc(strlen(outpath) + 16);
	snprintf(tmp, strlen(outpath) + 16, "%.*s.%s.XXXXXX", (int)dirlen,
	    outpath, outpath + dirlen);
	if ((fd = mkstemp(tmp)) == -1) {
		plot_gp_err(err, errsz, "%s: %s", name, strerror(errno));
		goto out;
	}
	mask = umask(0);
	umask(mask);
	e = write_all(fd, out, len) != 0 || fchmod(fd, 0666 & ~mask) != 0 ?
	    errno : 0;
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, outpath) != 0)
		e = errno;
	if (e != 0) {
		unlink(tmp);
		plot_gp_err(err, errsz, "%s: %s", name, strerror(e));
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	free(real);
	free(out);
	return rc;
}

/*
 * gnuplot's svg terminal names the ids of its shared definitions the same
 * in every chart (gnuplot_canvas, gpDot, gpPt0, ...); several charts
 * inline in one HTML page would then share ids.  Prefixes them, inside
 * tags only (text content is data and is never touched), with name_.
 */
static char *
svg_prefix_ids(char *svg, size_t *lenp, const char *name)
{
	static const char *const ids[] = { "gnuplot_canvas", "gpDot", "gpPt",
	    "gpPat", "gpBkgnd", "textbox", "greybox" };
	struct buf b = { NULL, 0, 0 };
	const char *p = svg;
	size_t i, n;
	int intag = 0;

	while (*p != '\0') {
		if (*p == '<')
			intag = 1;
		else if (*p == '>')
			intag = 0;
		if (intag && (*p == '#' || *p == '\'' || *p == '"')) {
			buf_add(&b, p, 1);
			for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
				n = strlen(ids[i]);
				if (strncmp(p + 1, ids[i], n) == 0) {
					buf_add(&b, name, strlen(name));
					buf_add(&b, "_", 1);
					break;
				}
			}
			p++;
			continue;
		}
		n = strcspn(p, "<>#'\"");
		if (n == 0)
			n = 1;
		buf_add(&b, p, n);
		p += n;
	}
	free(svg);
	if (lenp != NULL)
		*lenp = b.len;
	return b.p;
}

char *
plot_render(const struct plot_data *d, const struct plot_opts *o,
    size_t *lenp, char *err, size_t errsz)
{
	char *script, *out, name[48];
	size_t i;

	if ((script = plot_script(d, o, err, errsz)) == NULL)
		return NULL;
	out = plot_exec(script, lenp, err, errsz);
	free(script);
	if (out != NULL && o->term == PLOT_SVG && o->svg_name != NULL &&
	    *o->svg_name != '\0') {
		/* the same characters as the terminal's name option */
		for (i = 0; i < 40 && o->svg_name[i] != '\0'; i++)
			name[i] = plot_gp_idchar(o->svg_name[i]);
		name[i] = '\0';
		out = svg_prefix_ids(out, lenp, name);
	}
	return out;
}

const char *
plot_svg_body(const char *svg)
{
	const char *p;

	for (p = svg; (p = strstr(p, "<svg")) != NULL; p++)
		if (p[4] == ' ' || p[4] == '\n' || p[4] == '\t' ||
		    p[4] == '>' || p[4] == '\r')
			return p;
	return NULL;
}
