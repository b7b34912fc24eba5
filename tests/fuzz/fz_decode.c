/*
 * fz_decode.c -- libFuzzer harness: decode_stream (every encoding, sniffed
 * or forced delimiter) feeding csvr, as cjm-ingest reads an export.
 * Built by tests/fuzz/run.sh (clang -fsanitize=fuzzer); not part of make.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvr.h"
#include "decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { 0, ',', ';', '\t' };
	struct decode_info info;
	struct csvr *r;
	FILE *in, *fp;
	size_t i, n;
	int enc, rc;

	if (size < 1)
		return 0;
	enc = data[0] % 8;
	in = fmemopen(size > 1 ? (void *)(data + 1) : (void *)"", size - 1,
	    "rb");
	if (in == NULL)
		return 0;
	if ((fp = decode_stream(in, 1, (enum dec_enc)enc,
	    delims[(data[0] >> 3) % 4], &info)) == NULL) {
		fclose(in);
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
		for (i = 0; i < n; i++)
			(void)strlen(csvr_field(r, i, NULL));
		(void)csvr_loc(r);
	}
	csvr_free(r);
	fclose(fp);
	return 0;
}
