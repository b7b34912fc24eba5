/*
 * fz.c -- the libFuzzer harnesses' driver; see fz.h.  Compiled without
 * fz_hook.h: it defines the hooks and calls the real functions.
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>
#include <sanitizer/allocator_interface.h>
#include <sanitizer/lsan_interface.h>

#include "csvr.h"
#include "csvw.h"
#include "fz.h"
#include "hdr.h"
#include "kpi.h"
#include "num.h"

/* ---- the statics of lib/ and cmd/ (fz_hook.h puts them there) ---- */

extern char __start_fz_data[] __attribute__((weak));
extern char __stop_fz_data[] __attribute__((weak));
extern char __start_fz_bss[] __attribute__((weak));
extern char __stop_fz_bss[] __attribute__((weak));

static char *snap;		/* fz_data then fz_bss as at start */

/* Byte by byte, unchecked: the sections hold AddressSanitizer's red
 * zones between the variables. */
__attribute__((no_sanitize("address")))
static void
copy_raw(volatile char *to, const volatile char *from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		to[i] = from[i];
}

static size_t
sect_len(const char *a, const char *b)
{
	return a != NULL && b != NULL ? (size_t)(b - a) : 0;
}

static void
statics_reset(void)
{
	size_t nd = sect_len(__start_fz_data, __stop_fz_data);
	size_t nb = sect_len(__start_fz_bss, __stop_fz_bss);

	if (snap == NULL) {
		snap = mmap(NULL, nd + nb + 1, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (snap == MAP_FAILED) {
			perror("fz: mmap");
			abort();
		}
		copy_raw(snap, __start_fz_data, nd);
		copy_raw(snap + nd, __start_fz_bss, nb);
		return;
	}
	copy_raw(__start_fz_data, snap, nd);
	copy_raw(__start_fz_bss, snap + nd, nb);
}

/* ---- allocations made by a run ---- */

/*
 * Open addressing over the addresses (stored inverted: LeakSanitizer
 * must not see this table as holding them).  A slot belongs to the
 * current run when its gen is the run's; p == 0 there is a deleted
 * entry.  used[] lists the slots the run filled, to find what is left
 * without scanning the table.
 */
#define NSLOT	(1u << 21)
#define MAXUSED	(NSLOT / 2)

static struct {
	uintptr_t	 inv;
	unsigned	 gen;
} slot[NSLOT];
static unsigned gen = 1;
static uint32_t used[MAXUSED];
static size_t nused;
static int tracking, overflow;

static uint32_t
hashp(uintptr_t p)
{
	p ^= p >> 33;
	p *= 0xff51afd7ed558ccdULL;
	p ^= p >> 29;
	return (uint32_t)p & (NSLOT - 1);
}

static void
on_malloc(const volatile void *ptr, size_t size)
{
	uintptr_t p = (uintptr_t)ptr;
	uint32_t i;

	(void)size;
	if (!tracking || p == 0)
		return;
	if (nused == MAXUSED) {
		overflow = 1;
		return;
	}
	for (i = hashp(p); slot[i].gen == gen && slot[i].inv != 0;
	    i = (i + 1) & (NSLOT - 1))
		;
	slot[i].inv = ~p;
	slot[i].gen = gen;
	used[nused++] = i;
}

static void
on_free(const volatile void *ptr)
{
	uintptr_t p = (uintptr_t)ptr;
	uint32_t i;

	if (nused == 0 || p == 0)
		return;
	for (i = hashp(p); slot[i].gen == gen; i = (i + 1) & (NSLOT - 1))
		if (slot[i].inv == ~p) {
			slot[i].inv = 0;
			return;
		}
}

/* ---- streams, exit handlers, descriptors ---- */

#define MAXFILE	64
#define MAXAT	32
#define MAXFD	64

static FILE *files[MAXFILE];	/* opened by the tool */
static char **membuf[MAXFILE];	/* where a memstream's buffer goes */
static int nfiles;
static FILE *stdf[3];		/* the run's stdin, stdout, stderr */
static void (*handlers[MAXAT])(void);
static int nhandlers;
static int infd[FZ_NIN], outfd[FZ_NOUT], std_fd[3];
static char inpath[FZ_NIN][32], outpath[FZ_NOUT][32];
static unsigned char fdbase[MAXFD];	/* open before the run */
static int inrun;
static jmp_buf back;
static int exit_status;
static int leakcheck;	/* LeakSanitizer at exit() in this run */

static FILE *
track(FILE *fp)
{
	if (fp == NULL || !inrun)
		return fp;
	if (nfiles == MAXFILE) {
		fputs("fz: too many open streams in one run\n", stderr);
		abort();
	}
	membuf[nfiles] = NULL;
	files[nfiles++] = fp;
	return fp;
}

static void
untrack(FILE *fp)
{
	int i;

	for (i = nfiles - 1; i >= 0; i--)
		if (files[i] == fp) {
			memmove(files + i, files + i + 1,
			    (size_t)(nfiles - i - 1) * sizeof(*files));
			memmove(membuf + i, membuf + i + 1,
			    (size_t)(nfiles - i - 1) * sizeof(*membuf));
			nfiles--;
			return;
		}
}

FILE *
fz_fopen(const char *path, const char *mode)
{
	return track(fopen(path, mode));
}

FILE *
fz_fdopen(int fd, const char *mode)
{
	return track(fdopen(fd, mode));
}

FILE *
fz_fmemopen(void *buf, size_t n, const char *mode)
{
	return track(fmemopen(buf, n, mode));
}

FILE *
fz_open_memstream(char **p, size_t *n)
{
	FILE *fp = track(open_memstream(p, n));

	if (fp != NULL && inrun)
		membuf[nfiles - 1] = p;
	return fp;
}

FILE *
fz_fopencookie(void *c, const char *mode, cookie_io_functions_t io)
{
	return track(fopencookie(c, mode, io));
}

FILE *
fz_tmpfile(void)
{
	return track(tmpfile());
}

int
fz_fclose(FILE *fp)
{
	int i;

	untrack(fp);
	for (i = 0; i < 3; i++)
		if (stdf[i] == fp)
			stdf[i] = NULL;
	return fclose(fp);
}

int
fz_atexit(void (*f)(void))
{
	if (!inrun)
		return atexit(f);
	if (nhandlers == MAXAT)
		return -1;
	handlers[nhandlers++] = f;
	return 0;
}

_Noreturn void
fz_exit(int status)
{
	if (!inrun)
		exit(status);	/* outside a tool: libFuzzer reports it */
	exit_status = status;
	/* exit(): the handlers, then LeakSanitizer's check (its own handler,
	 * registered first, runs last): what the dying stack still holds is
	 * reachable, anything else allocated and lost is a leak. */
	while (nhandlers > 0)
		handlers[--nhandlers]();
	if (leakcheck && !overflow && __lsan_do_recoverable_leak_check() != 0) {
		fputs("fz: memory leaked by a run that died (exit status "
		    "above)\n", stderr);
		abort();
	}
	longjmp(back, 1);
}

/* ---- files ---- */

static int
memfd(const char *name)
{
	int fd;

	if ((fd = memfd_create(name, 0)) < 0) {
		perror("fz: memfd_create");
		abort();
	}
	return fd;
}

static void
setup(void)
{
	static int done;
	int i;

	if (done)
		return;
	done = 1;
	for (i = 0; i < FZ_NIN; i++) {
		infd[i] = memfd("fz-in");
		snprintf(inpath[i], sizeof(inpath[i]), "/proc/self/fd/%d",
		    infd[i]);
	}
	for (i = 0; i < FZ_NOUT; i++) {
		outfd[i] = memfd("fz-out");
		snprintf(outpath[i], sizeof(outpath[i]), "/proc/self/fd/%d",
		    outfd[i]);
	}
	for (i = 0; i < 3; i++)
		std_fd[i] = memfd("fz-std");
	__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}

static void
put(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;
	off_t at = 0;

	if (ftruncate(fd, 0) != 0) {
		perror("fz: ftruncate");
		abort();
	}
	while (len > 0) {
		if ((n = pwrite(fd, p, len, at)) <= 0) {
			perror("fz: pwrite");
			abort();
		}
		p += n;
		at += n;
		len -= (size_t)n;
	}
}

const char *
fz_in(int k, const void *data, size_t len)
{
	setup();
	put(infd[k], data, len);
	return inpath[k];
}

const char *
fz_out(int k)
{
	setup();
	return outpath[k];
}

static const char *
map(int fd, size_t *len)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st) != 0) {
		perror("fz: fstat");
		abort();
	}
	*len = (size_t)st.st_size;
	if (*len == 0)
		return "";
	if ((p = mmap(NULL, *len, PROT_READ, MAP_SHARED, fd, 0)) ==
	    MAP_FAILED) {
		perror("fz: mmap");
		abort();
	}
	return p;
}

static struct {
	const char	*p;
	size_t		 len;
} outmap[FZ_NOUT];

const char *
fz_outdata(int k, size_t *len)
{
	if (outmap[k].p == NULL)
		outmap[k].p = map(outfd[k], &outmap[k].len);
	*len = outmap[k].len;
	return outmap[k].p;
}

static struct {
	const char	*p;
	size_t		 len;
} filemap;

const char *
fz_tmppath(const char *name)
{
	static char dir[64], path[128];

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "%s/fz.XXXXXX", getenv("TMPDIR") !=
		    NULL ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(dir) == NULL) {
			perror("fz: mkdtemp");
			abort();
		}
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

const char *
fz_mapfile(const char *path, size_t *len)
{
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0) {
		*len = 0;
		return NULL;
	}
	filemap.p = map(fd, &filemap.len);
	close(fd);
	*len = filemap.len;
	return filemap.p;
}

static void
unmap(const char *p, size_t len)
{
	if (len > 0)
		munmap((void *)(uintptr_t)p, len);
}

void
fz_done(struct fz_run *r)
{
	int k;

	unmap(r->out, r->outlen);
	unmap(r->err, r->errlen);
	r->out = r->err = NULL;
	if (filemap.p != NULL)
		unmap(filemap.p, filemap.len);
	filemap.p = NULL;
	for (k = 0; k < FZ_NOUT; k++) {
		if (outmap[k].p != NULL)
			unmap(outmap[k].p, outmap[k].len);
		outmap[k].p = NULL;
	}
}

static FILE *
std_open(int fd, const char *mode, int flags)
{
	char path[32];
	int nfd;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((nfd = open(path, flags)) < 0 || (fp = fdopen(nfd, mode)) ==
	    NULL) {
		perror("fz: std_open");
		abort();
	}
	return fp;
}

/* ---- a run ---- */

static uint32_t
hash(const void *data, size_t size)
{
	const unsigned char *p = data;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

void
fz_main(int (*mainfn)(int, char **), char *const *argv, const void *in,
    size_t inlen, struct fz_run *r)
{
	FILE *sin = stdin, *sout = stdout, *serr = stderr;
	static char *args[64];
	volatile int died = 0;
	size_t k, n;
	int argc, i, fd;

	setup();
	memset(r, 0, sizeof(*r));
	put(std_fd[0], in, inlen);
	put(std_fd[1], "", 0);
	put(std_fd[2], "", 0);
	for (i = 0; i < FZ_NOUT; i++)
		put(outfd[i], "", 0);
	/* main() may permute argv (getopt): a copy */
	for (argc = 0; argv[argc] != NULL && argc < 63; argc++)
		args[argc] = argv[argc];
	args[argc] = NULL;

	for (fd = 0; fd < MAXFD; fd++)	/* (others: the symbolizer's) */
		fdbase[fd] = fcntl(fd, F_GETFD) != -1;
	nfiles = 0;
	nhandlers = 0;
	stdin = stdf[0] = std_open(std_fd[0], "r", O_RDONLY);
	stdout = stdf[1] = std_open(std_fd[1], "w", O_WRONLY);
	stderr = stdf[2] = std_open(std_fd[2], "w", O_WRONLY);
	statics_reset();
	optind = 0;		/* glibc: getopt starts afresh */
	opterr = 1;
	gen++;
	nused = 0;
	overflow = 0;
	leakcheck = getenv("FZ_LEAKS") != NULL ||
	    hash(in, inlen) % 16 == 0;
	inrun = 1;
	tracking = 1;
	if (setjmp(back) == 0)
		r->status = mainfn(argc, args);
	else {
		died = 1;
		r->status = exit_status;
	}
	r->died = died;
	/* what exit() does: handlers (fz_exit ran them), then LeakSanitizer */
	while (nhandlers > 0)
		handlers[--nhandlers]();
	tracking = 0;
	inrun = 0;
	for (i = 0; i < 3; i++)
		if (stdf[i] != NULL)
			fclose(stdf[i]);
	stdin = sin;
	stdout = sout;
	stderr = serr;
	/* a normal return: what is left allocated (the streams it left open
	 * included) must be reachable, from statics (which the next run
	 * resets) */
	for (k = n = 0; k < nused; k++)
		n += slot[used[k]].gen == gen && slot[used[k]].inv != 0;
	if (n > 0 && !died && !overflow &&
	    __lsan_do_recoverable_leak_check() != 0) {
		r->err = map(std_fd[2], &r->errlen);
		fz_fail(r, "memory leaked by a run");
	}
	/* a memstream left open (a die() while the tool wrote into
	 * memory): closing it puts its buffer where the tool said, which
	 * the tool never frees now */
	while (nfiles > 0) {
		fclose(files[--nfiles]);
		if (membuf[nfiles] != NULL) {
			free(*membuf[nfiles]);
			*membuf[nfiles] = NULL;
		}
	}
	for (fd = 0; fd < MAXFD; fd++)
		if (!fdbase[fd] && fcntl(fd, F_GETFD) != -1) {
			close(fd);
			if (!died) {
				r->err = map(std_fd[2], &r->errlen);
				fz_fail(r, "descriptor %d left open", fd);
			}
		}
	for (k = 0; k < nused; k++)
		if (slot[used[k]].gen == gen && slot[used[k]].inv != 0) {
			void *p = (void *)~slot[used[k]].inv;

			slot[used[k]].inv = 0;
			free(p);
		}
	nused = 0;
	r->out = map(std_fd[1], &r->outlen);
	r->err = map(std_fd[2], &r->errlen);
	if (getenv("FZ_VERBOSE") != NULL) {
		fprintf(stderr, "fz: status %d%s; stderr:\n", r->status,
		    died ? " (exit)" : "");
		fwrite(r->err, 1, r->errlen, stderr);
	}
}

/* ---- invariants ---- */

int
fz_sampled(const uint8_t *data, size_t size)
{
	return (hash(data, size) >> 7 & 7) == 0;
}

void
fz_fail(const struct fz_run *r, const char *fmt, ...)
{
	va_list ap;

	fputs("fz: invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (r != NULL) {
		fprintf(stderr, "fz: exit status %d%s; its stderr (%zu bytes):"
		    "\n", r->status, r->died ? " (through exit)" : "",
		    r->errlen);
		if (r->err != NULL)
			fwrite(r->err, 1, r->errlen > 4000 ? 4000 : r->errlen,
			    stderr);
		fputc('\n', stderr);
	}
	abort();
}

void
fz_finish(int (*mainfn)(int, char **), char *const *argv, const void *in,
    size_t inlen, const uint8_t *data, size_t size, struct fz_run *r)
{
	struct fz_run first = *r, r2;
	char *o, *e;

	if (!fz_sampled(data, size)) {
		fz_done(r);
		return;
	}
	o = malloc(r->outlen + 1);
	e = malloc(r->errlen + 1);
	memcpy(o, r->out, r->outlen);
	memcpy(e, r->err, r->errlen);
	first.out = o;
	first.err = e;
	fz_done(r);
	fz_main(mainfn, argv, in, inlen, &r2);
	fz_same(&first, &r2);
	fz_done(&r2);
	free(o);
	free(e);
}

void
fz_same(const struct fz_run *a, const struct fz_run *b)
{
	if (a->status != b->status)
		fz_fail(b, "second run: status %d, first %d", b->status,
		    a->status);
	if (a->outlen != b->outlen || memcmp(a->out, b->out, a->outlen) != 0)
		fz_fail(b, "second run: other bytes on stdout");
	if (a->errlen != b->errlen || memcmp(a->err, b->err, a->errlen) != 0)
		fz_fail(b, "second run: other bytes on stderr");
}

void
fz_status(const struct fz_run *r, const char *allowed)
{
	if (r->status < 0 || r->status > 9 ||
	    strchr(allowed, '0' + r->status) == NULL)
		fz_fail(r, "exit status %d (documented: %s)", r->status,
		    allowed);
}

void
fz_messages(const struct fz_run *r)
{
	extern const char *progname;
	const char *p = r->err, *end = r->err + r->errlen, *nl;
	size_t plen = strlen(progname);

	if (r->status != 0 && r->status != 3 && r->errlen == 0)
		fz_fail(r, "exit status %d with nothing on stderr", r->status);
	if (r->errlen > 0 && end[-1] != '\n')
		fz_fail(r, "stderr does not end with a line end");
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!((size_t)(nl - p) > plen + 1 &&
		    memcmp(p, progname, plen) == 0 && p[plen] == ':' &&
		    p[plen + 1] == ' ') &&
		    strncmp(p, "usage: ", 7) != 0 &&
		    strncmp(p, "Try '", 5) != 0)
			fz_fail(r, "stderr line %.*s does not start with "
			    "'%s: '", (int)(nl - p > 80 ? 80 : nl - p), p,
			    progname);
		for (; p < nl; p++)
			if (((unsigned char)*p < 0x20 && *p != '\t') ||
			    *p == 0x7f)
				fz_fail(r, "control character \\x%02x on stderr",
				    (unsigned char)*p);
	}
}

/* ---- tables ---- */

struct collect {
	struct fz_tab	*t;
	char		**rec;
	size_t		 n, cap;
	size_t		 ncell, capcell;
	int		 bad;
	size_t		 badrow;
};

static void
cb_field(void *s, size_t len, void *arg)
{
	struct collect *c = arg;
	char *f;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->rec = realloc(c->rec, c->cap * sizeof(*c->rec));
	}
	f = malloc(len + 1);
	memcpy(f, s, len);
	f[len] = '\0';
	c->rec[c->n++] = f;
}

static void
cb_record(int ch, void *arg)
{
	struct collect *c = arg;
	struct fz_tab *t = c->t;
	size_t i;

	(void)ch;
	if (t->name == NULL) {
		t->name = c->rec;
		t->ncol = c->n;
		c->rec = NULL;
		c->n = c->cap = 0;
		return;
	}
	if (c->n != t->ncol) {
		if (!c->bad) {
			c->bad = 1;
			c->badrow = t->nrow + 1;
		}
		for (i = 0; i < c->n; i++)
			free(c->rec[i]);
		c->n = 0;
		return;
	}
	if (c->ncell + t->ncol > c->capcell) {
		c->capcell = (c->ncell + t->ncol) * 2;
		t->cell = realloc(t->cell, c->capcell * sizeof(*t->cell));
	}
	memcpy(t->cell + c->ncell, c->rec, t->ncol * sizeof(*c->rec));
	c->ncell += t->ncol;
	t->nrow++;
	c->n = 0;
}

static int
must_quote(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t' || strpbrk(s, ",\"\r\n") != NULL);
}

/* The bytes lib/csvw writes for the record. */
static size_t
canon_len(char *const *f, size_t n)
{
	size_t i, len = n, k;
	const char *p;

	for (i = 0; i < n; i++) {
		if (!must_quote(f[i])) {
			len += strlen(f[i]);
			continue;
		}
		for (k = 2, p = f[i]; *p != '\0'; p++)
			k += *p == '"' ? 2 : 1;
		len += k;
	}
	return len;
}

static int
canon_is(const char *s, char *const *f, size_t n)
{
	size_t i;
	const char *p;

	for (i = 0; i < n; i++) {
		if (i > 0 && *s++ != ',')
			return 0;
		if (!must_quote(f[i])) {
			if (strncmp(s, f[i], strlen(f[i])) != 0)
				return 0;
			s += strlen(f[i]);
			continue;
		}
		if (*s++ != '"')
			return 0;
		for (p = f[i]; *p != '\0'; p++) {
			if (*s++ != *p)
				return 0;
			if (*p == '"' && *s++ != '"')
				return 0;
		}
		if (*s++ != '"')
			return 0;
	}
	return *s == '\n';
}

void
fz_csv(const struct fz_run *r, struct fz_tab *t, const char *s, size_t len,
    const char *what)
{
	struct csv_parser p;
	struct collect c = { t, NULL, 0, 0, 0, 0, 0, 0 };
	size_t i, j, at, rl;

	memset(t, 0, sizeof(*t));
	if (memchr(s, '\0', len) != NULL)
		fz_fail(r, "%s: a NUL byte", what);
	if (len > 0 && s[len - 1] != '\n')
		fz_fail(r, "%s: no line end at the end", what);
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	if (csv_parse(&p, s, len, cb_field, cb_record, &c) != len ||
	    csv_fini(&p, cb_field, cb_record, &c) != 0)
		fz_fail(r, "%s: not RFC 4180 CSV: %s", what,
		    csv_strerror(csv_error(&p)));
	csv_free(&p);
	for (i = 0; i < c.n; i++)
		free(c.rec[i]);
	free(c.rec);
	if (t->name == NULL) {
		if (len > 0)
			fz_fail(r, "%s: no header", what);
		return;
	}
	if (c.bad)
		fz_fail(r, "%s: record %zu: not as many fields as the header "
		    "(%zu)", what, c.badrow, t->ncol);
	for (i = 0; i < t->ncol; i++) {
		if (t->name[i][0] == '\0')
			fz_fail(r, "%s: empty column name", what);
		for (j = 0; j < i; j++)
			if (strcmp(t->name[i], t->name[j]) == 0)
				fz_fail(r, "%s: column '%s' twice", what,
				    t->name[i]);
	}
	/* byte for byte what csvw writes: one LF per record, quotes only
	 * where needed */
	at = 0;
	for (i = 0; i <= t->nrow; i++) {
		char *const *f = i == 0 ? t->name : t->cell + (i - 1) *
		    t->ncol;

		rl = canon_len(f, t->ncol);
		if (at + rl > len || !canon_is(s + at, f, t->ncol))
			fz_fail(r, "%s: record %zu is not written as lib/csvw "
			    "writes it", what, i);
		at += rl;
	}
	if (at != len)
		fz_fail(r, "%s: blank lines or bytes after the last record",
		    what);
}

void
fz_columns(const struct fz_run *r, const struct fz_tab *t,
    const char *const *names, int n, const char *what)
{
	int c;

	if (t->ncol != (size_t)n)
		fz_fail(r, "%s: %zu columns, not %d", what, t->ncol, n);
	for (c = 0; c < n; c++)
		if (strcmp(t->name[c], names[c]) != 0)
			fz_fail(r, "%s: column %d '%s', not '%s'", what, c + 1,
			    t->name[c], names[c]);
}

int
fz_col(const struct fz_tab *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncol; i++)
		if (strcmp(t->name[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
fz_cell(const struct fz_tab *t, size_t row, int col)
{
	return col < 0 ? "" : t->cell[row * t->ncol + (size_t)col];
}

void
fz_tab_free(struct fz_tab *t)
{
	size_t i;

	for (i = 0; i < t->ncol; i++)
		free(t->name[i]);
	for (i = 0; i < t->ncol * t->nrow; i++)
		free(t->cell[i]);
	free(t->name);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}

/* ---- KPI tables ---- */

static const char *const kpi_cols[] = {
	"level", "step", "stage", "touchpoint", "channel", "segment",
	"period", "metric", "scale", "target", "n", NULL
};
static const char *const kpi_stat_cols[] = {
	"weight_sum", "n_eff", "low_base", "kpi", "value", "ci_low",
	"ci_high", "method", "conf", "pct_top", "pct_mid", "pct_bottom",
	"top_low", "top_high", "net", "net_low", "net_high", "mean",
	"mean_low", "mean_high", "sd", "median", NULL
};

/* A number of the table: empty (NAN) or a plain number. */
static double
tab_num(const struct fz_run *r, const struct fz_tab *t, size_t i,
    const char *name, const char *what)
{
	const char *s = fz_cell(t, i, fz_col(t, name));
	double v;

	if (*s == '\0')
		return NAN;
	if (num_parse(s, &v) != 0)
		fz_fail(r, "%s: row %zu: %s '%s' is not a number", what, i + 1,
		    name, s);
	return v;
}

static void
ordered(const struct fz_run *r, size_t i, const char *what, const char *lo,
    double l, const char *mid, double m, const char *hi, double h)
{
	double eps = 1e-6 * (1 + fabs(m));

	if ((!isnan(l) && !isnan(m) && l > m + eps) ||
	    (!isnan(m) && !isnan(h) && m > h + eps) ||
	    (!isnan(l) && !isnan(h) && l > h + eps))
		fz_fail(r, "%s: row %zu: not %s %g <= %s %g <= %s %g", what,
		    i + 1, lo, l, mid, m, hi, h);
}

void
fz_kpi_table(const struct fz_run *r, const char *s, size_t len,
    const char *what, const struct kpi_opts *o)
{
	struct fz_tab t;
	struct kpi_cols k;
	struct kpi_in in;
	struct kpi_group g;
	struct csvr *rd;
	struct hdr *h;
	struct csvw w;
	FILE *fp, *ms;
	char err[256], *re = NULL;
	size_t i, relen = 0;
	int c, prev = -1, rc;
	const char *const *p;
	const char *miss;
	double n, v, lo, hi, top, mid, bot, sc_lo, sc_hi;
	struct kpi_scale sc;

	fz_csv(r, &t, s, len, what);
	if (t.name == NULL)
		fz_fail(r, "%s: empty", what);
	for (p = kpi_cols; *p != NULL; p++) {
		if ((c = fz_col(&t, *p)) <= prev)
			fz_fail(r, "%s: column '%s' %s", what, *p, c < 0 ?
			    "missing" : "out of order");
		prev = c;
	}
	for (p = kpi_stat_cols; !o->partial && *p != NULL; p++)
		if (fz_col(&t, *p) < 0)
			fz_fail(r, "%s: column '%s' missing", what, *p);
	/* the numbers and what they must satisfy */
	for (i = 0; i < t.nrow && !o->partial; i++) {
		if (kpi_scale_parse(fz_cell(&t, i, fz_col(&t, "scale")),
		    &sc) != 0)
			fz_fail(r, "%s: row %zu: scale '%s'", what, i + 1,
			    fz_cell(&t, i, fz_col(&t, "scale")));
		sc_lo = sc.worst < sc.best ? sc.worst : sc.best;
		sc_hi = sc.worst < sc.best ? sc.best : sc.worst;
		for (p = kpi_stat_cols; *p != NULL; p++)
			if (strcmp(*p, "kpi") != 0 && strcmp(*p, "method") != 0)
				(void)tab_num(r, &t, i, *p, what);
		n = tab_num(r, &t, i, "n", what);
		if (!(n >= 1) || n != floor(n))
			fz_fail(r, "%s: row %zu: n %g", what, i + 1, n);
		v = tab_num(r, &t, i, "low_base", what);
		if (v != (n < o->min_n))
			fz_fail(r, "%s: row %zu: low_base %g with n %g, min-n "
			    "%g", what, i + 1, v, n, o->min_n);
		if (fabs(tab_num(r, &t, i, "conf", what) - o->level) > 1e-6)
			fz_fail(r, "%s: row %zu: conf is not the level", what,
			    i + 1);
		v = tab_num(r, &t, i, "n_eff", what);
		if (!(v > 0) || v > n * (1 + 1e-6))
			fz_fail(r, "%s: row %zu: n_eff %g with n %g", what, i + 1,
			    v, n);
		top = tab_num(r, &t, i, "pct_top", what);
		mid = tab_num(r, &t, i, "pct_mid", what);
		bot = tab_num(r, &t, i, "pct_bottom", what);
		if (!(top >= 0 && mid >= 0 && bot >= 0 && top <= 100 &&
		    mid <= 100 && bot <= 100) ||
		    fabs(top + mid + bot - 100) > 1e-3)
			fz_fail(r, "%s: row %zu: shares %g %g %g", what, i + 1,
			    top, mid, bot);
		/* Jeffreys' interval is not boundary-modified (stats.md
		 * 3.1, statsmodels): at 0 % it starts above 0, at 100 % it
		 * ends below 100 */
		ordered(r, i, what, "top_low", tab_num(r, &t, i, "top_low", what),
		    "pct_top", o->prop == STAT_PROP_JEFFREYS && (top == 0 ||
		    top == 100) ? NAN : top, "top_high", tab_num(r, &t, i,
		    "top_high", what));
		v = tab_num(r, &t, i, "net", what);
		if (!(v >= -100 - 1e-6 && v <= 100 + 1e-6) ||
		    fabs(v - (top - bot)) > 1e-3)
			fz_fail(r, "%s: row %zu: net %g, top %g, bottom %g", what,
			    i + 1, v, top, bot);
		lo = tab_num(r, &t, i, "net_low", what);
		hi = tab_num(r, &t, i, "net_high", what);
		ordered(r, i, what, "net_low", lo, "net_high", hi, "net_high",
		    hi);
		v = tab_num(r, &t, i, "mean", what);
		if (!(v >= sc_lo - 1e-6 && v <= sc_hi + 1e-6))
			fz_fail(r, "%s: row %zu: mean %g off the scale", what,
			    i + 1, v);
		ordered(r, i, what, "mean_low", tab_num(r, &t, i, "mean_low",
		    what), "mean", v, "mean_high", tab_num(r, &t, i,
		    "mean_high", what));
		v = tab_num(r, &t, i, "median", what);
		if (!(v >= sc_lo && v <= sc_hi))
			fz_fail(r, "%s: row %zu: median %g off the scale", what,
			    i + 1, v);
		v = tab_num(r, &t, i, "sd", what);
		if (v < 0 || (n < 2 && !isnan(v)) || (n >= 2 && isnan(v)))
			fz_fail(r, "%s: row %zu: sd %g with n %g", what, i + 1, v,
			    n);
		lo = tab_num(r, &t, i, "ci_low", what);
		hi = tab_num(r, &t, i, "ci_high", what);
		ordered(r, i, what, "ci_low", lo, "ci_high", hi, "ci_high", hi);
		if (isnan(tab_num(r, &t, i, "value", what)))
			fz_fail(r, "%s: row %zu: no value", what, i + 1);
	}
	fz_tab_free(&t);

	/* lib/kpi reads every row back, and writes it again to the same
	 * bytes: c/w/q carry everything (what cjm-merge relies on) */
	if ((fp = fmemopen((void *)(uintptr_t)s, len, "r")) == NULL ||
	    (ms = open_memstream(&re, &relen)) == NULL)
		fz_fail(r, "fmemopen: %s", strerror(errno));
	rd = csvr_new(fp, "fz");
	if (csvr_next(rd) != 1)
		fz_fail(r, "%s: lib/csvr reads no header", what);
	h = hdr_new(rd);
	if ((miss = kpi_cols_find(&k, h)) != NULL)
		fz_fail(r, "%s: lib/kpi finds no column '%s'", what, miss);
	csvw_init(&w, ms);
	kpi_write_header(&w, o->partial);
	while ((rc = csvr_next(rd)) != 0) {
		if (rc < 0)
			fz_fail(r, "%s: lib/csvr: line %lu: %s", what,
			    csvr_loc(rd)->line, csvr_strerror(rd));
		if (kpi_read(&k, rd, &in, err, sizeof(err)) != 0)
			fz_fail(r, "%s: lib/kpi refuses line %lu: %s", what,
			    csvr_loc(rd)->line, err);
		memset(&g, 0, sizeof(g));
		g.journey = in.journey;
		for (c = 0; c < KPI_NKEY; c++)
			g.key[c] = in.key[c];
		g.step = in.step;
		g.metric = in.metric;
		g.scale = in.scale;
		g.target = in.target;
		g.acc = in.acc;
		kpi_write_row(&w, &g, o);
	}
	csvr_free(rd);
	hdr_free(h);
	fclose(fp);
	fclose(ms);
	if (relen != len || memcmp(re, s, len) != 0) {
		for (i = 0; i < len && i < relen && re[i] == s[i]; i++)
			;
		fz_fail(r, "%s: read by lib/kpi and written again, other "
		    "bytes from byte %zu: '%.60s' became '%.60s'", what, i,
		    s + i, re + i);
	}
	free(re);
}

/* ---- input ---- */

int
fz_split(const uint8_t *data, size_t size, const char *sep,
    const uint8_t **part, size_t *len, int n)
{
	size_t seplen = strlen(sep);
	const uint8_t *p = data, *end = data + size, *q;
	int i, found = 0;

	for (i = 0; i < n; i++) {
		part[i] = p;
		if (i == n - 1 || (q = memmem(p, (size_t)(end - p), sep,
		    seplen)) == NULL) {
			len[i] = (size_t)(end - p);
			p = end;
			for (i++; i < n; i++) {
				part[i] = end;
				len[i] = 0;
			}
			break;
		}
		len[i] = (size_t)(q - p);
		p = q + seplen;
		found++;
	}
	return found;
}

int
fz_utf8(const char *s, size_t len)
{
	static const unsigned least[4] = { 0, 0x80, 0x800, 0x10000 };
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	unsigned c;
	int k, n;

	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc0 && *p <= 0xdf)
			n = 1, c = *p & 0x1f;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2, c = *p & 0x0f;
		else if (*p >= 0xf0 && *p <= 0xf7)
			n = 3, c = *p & 0x07;
		else
			return 0;
		if (end - p <= n)
			return 0;
		for (p++, k = n; k > 0; k--, p++) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (*p & 0x3f);
		}
		if (c < least[n] || (c >= 0xd800 && c <= 0xdfff) ||
		    c > 0x10ffff)
			return 0;
	}
	return 1;
}
