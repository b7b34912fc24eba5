#!/bin/sh
# make check-slow: the coverage of cjm-drivers' bootstrap intervals
# (tests/slow/drivers-coverage.py): 200 samples of 400 respondents (fewer
# than the 1024 buckets: the Poisson bootstrap of respondents) and 200 of
# 5000 (about 5 per bucket: the bootstrap of random groups) from a
# simulated population with known LMG shares; the 95% intervals must hold
# the truth in at least 93% of the cases.  A few minutes.
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	    "$p" -c 'import numpy' >/dev/null 2>&1; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "skip: no python3 with numpy (Debian python3-numpy)"; exit 77; }
exec "$py" tests/slow/drivers-coverage.py "${BIN:-bin}" "${RUNS:-200}" 400 5000
