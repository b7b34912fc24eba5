/*
 * shard.c -- see shard.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "shard.h"

#define RBUF	(1 << 16)

/* A whole number 1..SHARD_MAX written plainly, up to end; 0 otherwise. */
static unsigned
number(const char *s, const char *end)
{
	unsigned v = 0;

	if (s == end || *s == '0')
		return 0;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > SHARD_MAX)
			return 0;
		v = v * 10 + (unsigned)(*s - '0');
	}
	return v <= SHARD_MAX ? v : 0;
}

int
shard_parse(const char *s, struct shard *sh)
{
	const char *slash = strchr(s, '/');

	if (slash == NULL)
		return -1;
	sh->k = number(s, slash);
	sh->n = number(slash + 1, slash + strlen(slash));
	if (sh->k == 0 || sh->n == 0 || sh->k > sh->n) {
		sh->k = sh->n = 0;
		return -1;
	}
	return 0;
}

/* The first byte at or after a that starts a line (after a line feed,
 * or byte 0); size when none does. */
static int
line_start(int fd, off_t a, off_t size, off_t *g)
{
	char buf[RBUF];
	const char *nl;
	off_t at;
	ssize_t n;

	if (a == 0 || a >= size) {
		*g = a < size ? a : size;
		return 0;
	}
	for (at = a - 1; at < size; at += n) {
		if ((n = pread(fd, buf, sizeof(buf), at)) < 0) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			return -1;
		}
		if (n == 0)
			break;
		if ((nl = memchr(buf, '\n', (size_t)n)) != NULL) {
			*g = at + (nl - buf) + 1;
			return 0;
		}
	}
	*g = size;
	return 0;
}

/* floor(k * size / n) without overflow (k <= n <= SHARD_MAX). */
static off_t
split(off_t size, unsigned k, unsigned n)
{
	return (off_t)k * (size / n) + (off_t)k * (size % n) / n;
}

int
shard_bounds(const char *path, off_t size, const struct shard *sh,
    off_t *start, off_t *end)
{
	int fd, rc, e;

	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	rc = line_start(fd, split(size, sh->k - 1, sh->n), size, start);
	if (rc == 0)
		rc = line_start(fd, split(size, sh->k, sh->n), size, end);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int
shard_lines(const char *path, off_t off, unsigned long *nl)
{
	char buf[RBUF];
	const char *p, *q;
	off_t at = 0;
	ssize_t n;
	int fd, e;

	*nl = 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	while (at < off) {
		n = read(fd, buf, (size_t)(off - at < (off_t)sizeof(buf) ?
		    off - at : (off_t)sizeof(buf)));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : EIO;
			close(fd);
			errno = e;
			return -1;
		}
		for (p = buf, q = buf + n; (p = memchr(p, '\n',
		    (size_t)(q - p))) != NULL; p++)
			(*nl)++;
		at += n;
	}
	close(fd);
	return 0;
}
