/*
 * shard.h -- cjm-kpi --shard K/N: which bytes of a file shard K reads.
 *
 * Shard K of N of a file of S bytes holds the records whose first byte
 * lies in [floor((K-1)S/N), floor(KS/N)), a record taken to start after
 * a line feed (as GNU parallel --pipepart guesses).  The guess is checked
 * by csvr (csvr_cut): a shard whose end falls inside a record fails.
 */
#ifndef SHARD_H
#define SHARD_H

#include <sys/types.h>

#define SHARD_MAX	10000

struct shard {
	unsigned	 k, n;		/* n == 0: no --shard */
};

/* "K/N", whole numbers 1 <= K <= N <= SHARD_MAX: 0, else -1. */
int	shard_parse(const char *, struct shard *);
/* Where the guessed slice [*start, *end) of path (size bytes) lies:
 * 0, or -1 with errno. */
int	shard_bounds(const char *path, off_t size, const struct shard *,
	    off_t *start, off_t *end);
/* The line feeds in path's first off bytes (the physical line of byte
 * off is that plus one): 0, or -1 with errno. */
int	shard_lines(const char *path, off_t off, unsigned long *nl);

#endif
