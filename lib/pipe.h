/*
 * pipe.h -- larger buffers for the pipes between the tools.
 */
#ifndef PIPE_H
#define PIPE_H

/*
 * When fd is a pipe or FIFO, asks the system for a 1 MiB buffer (Linux
 * F_SETPIPE_SZ; its default /proc/sys/fs/pipe-max-size).  With the
 * default 64 KiB, a reader as fast as its writer is woken for every
 * 64 KiB and the two stall each other: `cjm-ingest | cjm-kpi` over a
 * 716 MB response table took 1.5 s longer than cjm-kpi on the file.
 * Anything else (a file, a terminal, a memory stream, fd -1), or a
 * system that refuses, is left as it is: only speed depends on it.
 */
void	pipe_widen(int fd);

#endif
