#!/bin/sh
# The fault soak of tests/faults/tst_soak.cpp for longer: 3 stations x 2 tablets against the real
# lanxin-district through the fault-injecting proxy, random faults, district SIGKILLs, tablet crashes,
# then the checker (lost / duplicated / diverged must be 0). Figures go to docs/reliability.md.
#   bench/run-soak.sh [SECONDS] [SEED]     (default 600 s, seed 20261130; build/ must be built)
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
seed=${2:-20261130}
test -x build/tests/faults/tst_soak || { echo "build first: cmake --build build -j1 --target tst_soak" >&2; exit 2; }
QT_QPA_PLATFORM=offscreen LANXIN_KEY_STORE=file LANXIN_SOAK_SECONDS="$seconds" LANXIN_SOAK_ROUNDS=1000000000 \
LANXIN_SOAK_SEED="$seed" QTEST_FUNCTION_TIMEOUT=$(( (seconds + 600) * 1000 )) QT_LOGGING_RULES="lanxin.*.info=false" \
    build/tests/faults/tst_soak -maxwarnings 0 2>&1 | grep -E "soak:|PASS|FAIL|Totals|Loc|QFATAL|QCRITICAL"
