#include <sys/stat.h>

#include <fcntl.h>

#include "pipe.h"

#define PIPE_WANT	(1 << 20)

void
pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;
	int n;

	if (fd < 0 || fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode))
		return;
	if ((n = fcntl(fd, F_GETPIPE_SZ)) == -1 || n >= PIPE_WANT)
		return;
	(void)fcntl(fd, F_SETPIPE_SZ, PIPE_WANT);	/* refused: as it was */
#else
	(void)fd;
#endif
}
