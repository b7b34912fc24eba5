#!/bin/sh
# An independent reference for the statistics (issue 10):
# tests/ref/stat_reference.py generates random response tables (weighted
# and unweighted, n from 1 to 3000, every scale), runs cjm-kpi and
# cjm-compare with every method option (--nps-ci, --prop-ci, --level,
# --nps-test, --adjust, --kpi net, --alpha) and cjm-merge on n up to 1e9,
# and recomputes every number from its definition with numpy, scipy and
# statsmodels; every printed number must agree at the printed precision.
# It prints the number of cases and the largest difference per statistic.
#
# Needs python3 with numpy, scipy and statsmodels (Debian python3-numpy
# python3-scipy python3-statsmodels, in .ci/deps' want list); skips with
# a message without them.  STAT_REF_TABLES tables per seed (default 80,
# 20 under the sanitizers: the C side is what they check), STAT_REF_SEEDS
# the seeds (default one); make check-slow runs 2000 tables at 3 seeds.
py=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	    "$p" -c 'import numpy, scipy, statsmodels' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "no python3 with numpy, scipy and statsmodels (apt-get install" \
	    "python3-numpy python3-scipy python3-statsmodels)"
	exit 77
fi
command -v cjm-kpi >/dev/null || { echo "cjm-kpi not built"; exit 1; }
case ${BIN:-bin} in *san*) def=20 ;; *) def=80 ;; esac
bindir=$(dirname "$(command -v cjm-kpi)")
for seed in ${STAT_REF_SEEDS:-20261207}; do
	"$py" tests/ref/stat_reference.py "$bindir" "${STAT_REF_TABLES:-$def}" \
	    "$seed" || exit 1
done
