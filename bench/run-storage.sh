#!/usr/bin/env bash
# Storage benchmarks (issue "Foundation"): prints a Markdown table for docs/benchmarks.md.
# Usage: bench/run-storage.sh [RESIDENTS RECORDS]   (defaults 20000 100000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LANXIN_BUILD_DIR:-$here/build-release}"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target bench_storage
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%Y-%m-%d)"
LANXIN_KEY_STORE=file "$build/bench/storage/bench_storage" "${1:-20000}" "${2:-100000}"
