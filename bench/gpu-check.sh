#!/usr/bin/env bash
# The checks a session lent an NVIDIA GPU runs. GPU machines here have no .NET SDK and no network, so the
# harness travels as one self-contained file:
#   here:            bench/gpu-check.sh build    (dotnet publish into .gpucheck/, git-ignored, about 40 MB)
#   on the device:   bench/gpu-check.sh run      (device tool: carry [".gpucheck"], timeout about 540 s)
# `run` does, in order (about 6-8 minutes on an H200 node; the reference side runs on its 16 cores):
#   1. --verify-cuda at N = 64 and 200: the cuda engine in float64 and float32 and its recall dynamics against
#      the reference (the equivalence suites' checks, condensed; exit code = failures);
#   2. --device: cuda in float64 and in float32, each against simd on all cores in the same precision, at
#      N = 1000 and 4000 (phase A) and N = 1000 (phase B, prepared by training to zero error with the cuda
#      engine): the epochs/s figures in both precisions, first because they matter most;
#   3. the per-phase training benchmark at the same sizes (reference, simd, cuda float64 columns);
#   4. the robustness tests at N = 1000 (reference, simd and cuda recall dynamics; curves must be identical).
# `run verify` does step 1 only, `run speed` steps 2-4 (two device calls, where one would run out of time).
# A failed verification stops the run before the timings (their numbers would mean nothing). The log is written
# as it goes, so a run cut short keeps what it measured.
# Output: stdout, and $OUT/gpu-check.txt when OUT is set.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  build)
    dotnet publish bench/TwoFactor.Benchmarks -c Release -r linux-x64 --self-contained \
      -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
      -p:DebugType=none -o .gpucheck
    ls -la .gpucheck
    ;;
  run)
    harness=.gpucheck/TwoFactor.Benchmarks
    [ -x "$harness" ] || { echo "no $harness: run 'bench/gpu-check.sh build' first and carry .gpucheck" >&2; exit 2; }
    log="${OUT:-/tmp}/gpu-check.txt"
    part="${2:-all}"
    case "$part" in all|verify|speed) ;; *) echo "usage: bench/gpu-check.sh run [all|verify|speed]" >&2; exit 2 ;; esac
    {
      nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
      if [ "$part" != speed ]; then
        "$harness" --verify-cuda 64
        "$harness" --verify-cuda 200
      fi
      if [ "$part" != verify ]; then
        "$harness" --device --sizes 1000,4000 --f 0.5 --z 2 --phases A --seconds 2
        "$harness" --device --sizes 1000 --f 0.5 --z 2 --phases B --seconds 2
        "$harness" --sizes 1000,4000 --f 0.5 --z 2 --phases A --seconds 2
        "$harness" --sizes 1000 --f 0.5 --z 2 --phases B --seconds 2
        "$harness" --recall --sizes 1000 --f 0.5
      fi
    } 2>&1 | tee "$log"
    ;;
  *)
    echo "usage: bench/gpu-check.sh build|run [all|verify|speed]" >&2
    exit 2
    ;;
esac
