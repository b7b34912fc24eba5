/*
 * fz_decode.c -- libFuzzer harness: decode_stream (every encoding, sniffed
 * or forced delimiter, with and without marks) feeding csvr, as cjm-ingest
 * reads an export.
 *
 * Input: one option byte (bits 0-2 encoding, 3-4 delimiter: sniffed , ;
 * tab, 5 csvr keeps the raw text, 6 read the whole stream instead of
 * csvr, 7 marks), then the export.
 *
 * Read whole, the stream must be UTF-8 (without marks; with marks, valid
 * once the mark bytes are taken out), hold no NUL byte, no CR but before
 * an LF, start with no BOM; and a UTF-8 input the decoder changed nothing
 * in (no BOM, no sep= line, no bare CR, no invalid sequence, no NUL)
 * comes out byte for byte.  Through csvr: every field is a C string of
 * its length.  No leak (libFuzzer's check).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "decode.h"
#include "fz.h"

static void
whole(FILE *fp, const struct decode_info *info, const uint8_t *in,
    size_t inlen, int mark)
{
	char *b = NULL, *q;
	size_t len = 0, cap = 0, n, i;

	for (;;) {
		if (cap - len < 4096)
			b = realloc(b, cap = cap * 2 + 4096);
		if ((n = fread(b + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	if (ferror(fp))
		fz_fail(NULL, "decode: read error on a memory stream");
	if (memchr(b, '\0', len) != NULL)
		fz_fail(NULL, "decode: a NUL byte in the output");
	for (i = 0; i < len; i++)
		if (b[i] == '\r' && (i + 1 == len || b[i + 1] != '\n'))
			fz_fail(NULL, "decode: a bare CR at output byte %zu", i);
	if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0 &&
	    info->enc == DEC_UTF8)
		fz_fail(NULL, "decode: a BOM in the output");
	if (mark) {	/* marks out: what is left is UTF-8 */
		for (q = b, i = 0; i < len; i++)
			if (b[i] != DECODE_BAD && b[i] != DECODE_NUL)
				*q++ = b[i];
		n = (size_t)(q - b);
	} else
		n = len;
	if (!fz_utf8(b, n))
		fz_fail(NULL, "decode: output not UTF-8 (%s)",
		    decode_enc_name(info->enc));
	if (info->enc == DEC_UTF8 && !info->bom && !info->sep_line &&
	    !info->bare_cr && info->invalid_utf8 == 0 && info->nul == 0 &&
	    !info->fallback && info->switch_line == 0 &&
	    (len != inlen || memcmp(b, in, len) != 0))
		fz_fail(NULL, "decode: UTF-8 without anything to change came "
		    "out changed (%zu bytes -> %zu)", inlen, len);
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { 0, ',', ';', '\t' };
	struct decode_opts o = { DEC_AUTO, 0, 0, NULL, NULL };
	struct decode_info info;
	struct csvr *r;
	FILE *in, *fp;
	size_t i, n, len;
	const char *f;
	int rc;

	if (size < 1)
		return 0;
	o.enc = (enum dec_enc)(data[0] % 8);
	o.delim = delims[(data[0] >> 3) % 4];
	o.mark = data[0] >> 7 & 1;
	in = fmemopen(size > 1 ? (void *)(data + 1) : (void *)"", size - 1,
	    "rb");
	if (in == NULL)
		return 0;
	if ((fp = decode_stream_ex(in, 1, &o, &info)) == NULL) {
		fclose(in);
		return 0;
	}
	if (data[0] >> 6 & 1) {
		whole(fp, &info, data + 1, size - 1, o.mark);
		fclose(fp);
		return 0;
	}
	r = csvr_new(fp, "fuzz");
	csvr_set_delim(r, (unsigned char)info.delim);
	csvr_set_keep_raw(r, data[0] >> 5 & 1);
	while ((rc = csvr_next(r)) != 0) {
		if (rc < 0) {
			if (csvr_ioerror(r))
				break;
			(void)csvr_raw(r, NULL);
			continue;
		}
		n = csvr_nfields(r);
		for (i = 0; i < n; i++) {
			f = csvr_field(r, i, &len);
			if (strlen(f) != len)
				fz_fail(NULL, "csvr: field %zu: length %zu, "
				    "strlen %zu", i, len, strlen(f));
		}
		(void)csvr_loc(r);
	}
	csvr_free(r);
	fclose(fp);
	return 0;
}
