#!/usr/bin/env bash
# Native single-core FMA peak (bench/native/fma_peak.c), the yardstick for BENCHMARKS.md's "% of peak".
# Usage: bench/native/peak.sh  -> prints "double GFLOPS x" and "float GFLOPS y"; exit 2 when gcc is missing.
# The benchmark harness runs it (when gcc exists) and prints both this and its managed measurement.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v gcc >/dev/null 2>&1 || { echo "gcc not found: native peak not measured" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if grep -q avx512f /proc/cpuinfo 2>/dev/null; then flags="-mavx512f"; else flags="-mavx2 -mfma"; fi
gcc -O2 $flags -o "$out/fma_peak" "$here/fma_peak.c"
taskset -c "${PEAK_CPU:-0}" "$out/fma_peak" 2>/dev/null || "$out/fma_peak"
