/*
 * decode.h -- the bytes of a survey export -> a UTF-8 stream that csvr
 * can read.
 *
 * decode_open() returns a stdio FILE (glibc fopencookie) that yields the
 * export as UTF-8, without byte-order mark, with LF or CRLF line ends,
 * and with the delimiter already sniffed.  Hand it to csvr_new() and
 * csvr_set_delim(info.delim).  Everything is streamed: the decoder holds
 * one input block (64 KiB) and the text decoded from it, never the file.
 *
 * Encodings (info->enc says which one was used)
 *   DEC_AUTO	  a BOM decides (EF BB BF UTF-8, FF FE UTF-16LE, FE FF
 *		  UTF-16BE); without one, the first block (64 KiB) is checked:
 *		  - it looks like UTF-16 without BOM (at least 2 and 40% of the
 *		    2-byte units have a 00 byte, always on the same side,
 *		    never on the other) -> UTF-16LE or BE;
 *		  - it holds no invalid UTF-8 -> UTF-8.  If a byte that is
 *		    not UTF-8 comes later while everything so far was ASCII
 *		    (no multi-byte sequence yet), the file is single-byte:
 *		    the rest is read as below (what was read is ASCII, the
 *		    same in every encoding) and info->switch_line says from
 *		    which line;
 *		  - it holds at least as many valid multi-byte UTF-8
 *		    sequences as invalid ones -> UTF-8 with a few bad bytes:
 *		    each invalid sequence is counted (invalid_utf8) and
 *		    replaced, as with DEC_UTF8.  One bad byte never changes
 *		    the whole file's encoding;
 *		  - else single-byte, info->fallback = 1: Windows-1252 or
 *		    Mac OS Roman, the one whose text the caller's judge
 *		    (decode_opts) likes better, then the more plausible
 *		    (accented letters inside words, apostrophes inside
 *		    words, dashes and quotes by spaces, no-break spaces
 *		    between words score; capitals inside lower-case words,
 *		    control characters and rare symbols cost), then
 *		    Windows-1252; info->single_by says which decided.
 *   DEC_UTF8	  forced: a UTF-8 BOM is dropped; each invalid sequence
 *		  (a byte that cannot start one, or the maximal valid prefix
 *		  of a truncated one) becomes U+FFFD and is counted in
 *		  invalid_utf8.  Overlong forms, surrogates (ED A0..BF) and
 *		  code points above U+10FFFF are invalid.
 *   DEC_UTF16	  a BOM decides LE or BE; without one, little-endian
 *		  (what Windows writes).
 *   DEC_UTF16LE, DEC_UTF16BE  forced; a matching BOM is dropped.  Surrogate
 *		  pairs are combined; a lone surrogate, or an odd final byte,
 *		  becomes U+FFFD and counts in invalid_utf8.
 *   DEC_CP1252	  Windows-1252 (the WHATWG table: 81 8D 8F 90 9D map to the
 *		  C1 controls U+0081 ...); every byte is valid.
 *   DEC_LATIN1	  ISO-8859-1: byte = code point.
 *   DEC_MACROMAN Mac OS Roman (classic Mac Excel "CSV (Macintosh)").
 * A forced single-byte encoding keeps EF BB BF as three characters.
 *
 * Line ends: CRLF is kept; a bare CR (not followed by LF, also when the
 * CR ends an input block or the file) becomes LF and sets info->bare_cr.
 * LF is kept.
 *
 * NUL: a NUL character (byte 00 in a single-byte or UTF-8 file, U+0000
 * in UTF-16) would silently cut a field short in csvr, so it becomes
 * U+FFFD and is counted in info->nul.
 *
 * Marks (decode_opts.mark): an invalid sequence becomes the byte
 * DECODE_BAD and a NUL the byte DECODE_NUL instead of U+FFFD (still
 * counted): bytes that never occur in UTF-8, so the reader can tell
 * which field held one (and reject it) from a real U+FFFD.
 *
 * Delimiter: when delim is 0 it is sniffed.  A first line that is
 * exactly "sep=X" (X one ASCII character other than '"', then LF, CRLF,
 * CR or end of file; Excel writes it) sets info->sep_line = 1 and
 * info->delim = X, and its text is removed from the stream but not its
 * line end: csvr skips the blank line, so csvr's line numbers stay the
 * physical lines of the file.  Otherwise the first record (up to 64 KiB
 * of decoded text; quoted fields may span lines) is scanned and the most
 * frequent of ',' ';' TAB outside double quotes wins; ties go to ',',
 * then ';'; none at all gives ','.  With delim != 0 nothing is sniffed
 * and info->delim = delim, but a "sep=X" first line is still removed
 * (info->sep_line = 1).  No byte is lost: the sniffed text is replayed.
 * A bare CR becomes one LF, so line numbers stay physical there too.
 *
 * Errors: decode_open() returns NULL with errno set (ENOENT ..., EINVAL
 * for a bad enc).  A read error later makes the FILE's ferror() true
 * (csvr reports it as an I/O error) with errno from the underlying read.
 */
#ifndef DECODE_H
#define DECODE_H

#include <stdio.h>

enum dec_enc {
	DEC_AUTO,
	DEC_UTF8,
	DEC_UTF16LE,
	DEC_UTF16BE,
	DEC_CP1252,
	DEC_LATIN1,
	DEC_MACROMAN,
	DEC_UTF16	/* BOM decides; LE without one */
};

/*
 * Filled by decode_open() and updated while the FILE is read: the caller
 * owns it and it must outlive the FILE (or pass NULL: then the decoder
 * keeps its own and you learn nothing).
 */
struct decode_info {
	enum dec_enc	 enc;		/* the encoding in use, never AUTO or
					 * UTF16 (resolved to LE/BE) */
	int		 bom;		/* a byte-order mark was dropped */
	int		 bare_cr;	/* 1 once a bare CR was made LF */
	unsigned long	 invalid_utf8;	/* not valid in the encoding:
					 * UTF-8 (forced or AUTO): invalid
					 * sequences; UTF-16: lone
					 * surrogates, odd last byte; each
					 * made U+FFFD (or DECODE_BAD) */
	unsigned long	 invalid_line;	/* output line (1-based) of the
					 * first of them, 0 = none */
	int		 fallback;	/* AUTO chose a single-byte encoding
					 * because the first block was not
					 * UTF-8 */
	int		 single_by;	/* fallback or switch: what chose enc */
	unsigned long	 switch_line;	/* AUTO went from UTF-8 (all ASCII so
					 * far) to enc at this line; 0 no */
	unsigned long	 nul;		/* NUL characters made U+FFFD */
	char		 delim;		/* ',' ';' '\t' (or forced/sep=) */
	int		 sep_line;	/* a "sep=X" first line was removed */
};

enum {
	DEC_BY_DEFAULT,		/* Windows-1252, nothing said otherwise */
	DEC_BY_TEXT,		/* the more plausible text */
	DEC_BY_COLUMNS		/* the judge: it finds more columns */
};

#define DECODE_BAD	'\xFF'	/* an invalid sequence, with mark */
#define DECODE_NUL	'\xFE'	/* a NUL, with mark */

/*
 * What to do, for decode_open_ex(): the encoding, the delimiter (0 =
 * sniff), mark (see above), and judge: when AUTO must choose a
 * single-byte encoding, judge(judge_arg, text, len) is called with the
 * first block decoded (UTF-8) by each candidate and returns how good it
 * is (e.g. how many of the journey's columns the text holds); the
 * highest wins.  NULL: plausibility alone.
 */
struct decode_opts {
	enum dec_enc	 enc;
	char		 delim;
	int		 mark;
	long		(*judge)(void *arg, const char *text, size_t len);
	void		*judge_arg;
};

FILE		*decode_open_ex(const char *path, const struct decode_opts *,
		    struct decode_info *info);
FILE		*decode_stream_ex(FILE *in, int own, const struct decode_opts *,
		    struct decode_info *info);

/*
 * Opens path ("-" = stdin, which is never closed) for reading through
 * the decoder.  delim 0 = sniff.  fclose() on the result frees the
 * decoder and closes the file.  NULL with errno on failure.
 */
FILE		*decode_open(const char *path, enum dec_enc enc, char delim,
		    struct decode_info *info);

/*
 * The same over an already open FILE (a pipe, an fmemopen buffer);
 * fclose() on the result closes in when own is 1.  On failure (NULL)
 * in is left open.
 */
FILE		*decode_stream(FILE *in, int own, enum dec_enc enc, char delim,
		    struct decode_info *info);

/*
 * Names: "auto", "utf-8" (alias "utf8"), "utf-16" ("utf16"), "utf-16le",
 * "utf-16be", "cp1252" ("windows-1252"), "latin1" ("iso-8859-1",
 * "latin-1"), "macroman" ("macintosh", "mac-roman"); ASCII case does not
 * matter.  decode_enc_parse() returns the enum or -1;
 * decode_enc_name() the canonical name ("?" for a bad value).
 */
int		 decode_enc_parse(const char *name);
const char	*decode_enc_name(enum dec_enc);

#endif
