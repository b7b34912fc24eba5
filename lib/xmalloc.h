/*
 * xmalloc.h -- allocation that cannot fail: on out-of-memory the program
 * prints "prog: out of memory" and exits 1.  The only library code that
 * exits.
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

#endif
