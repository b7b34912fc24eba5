/* version.h -- the one place the version is written. */
#ifndef VERSION_H
#define VERSION_H
#define CJM_VERSION "0.1.0"
#endif
