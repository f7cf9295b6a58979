#!/usr/bin/env bash
# The checks a session lent an NVIDIA GPU runs, in one go (about 5-8 minutes on an H100/H200 node):
#   1. the cuda engine's equivalence suite and its recall suite on the CUDA device (TWOFACTOR_TEST_DEVICE=cuda), then
#   2. the benchmark at N = 1000 and N = 4000, z = 2, f = 0.5, phase A (cuda vs simd on all cores; the
#      reference is timed too, so the N = 4000 row takes a few minutes of CPU time), then
#   3. phase B at N = 1000 (the network is first trained to zero error with the cuda engine), then
#   4. the robustness tests at N = 1000 (reference, simd and cuda recall dynamics; curves must be identical).
# Needs the .NET 10 SDK on PATH (as .ci/run installs it). Output: stdout, and $OUT/gpu-check.txt when OUT is set.
set -euo pipefail
cd "$(dirname "$0")/.."
log="${OUT:-/tmp}/gpu-check.txt"
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
  TWOFACTOR_TEST_DEVICE=cuda dotnet test tests/TwoFactor.Engines.Tests -c Release --filter "FullyQualifiedName~IlgpuTrainerEquivalenceTests|FullyQualifiedName~IlgpuRecallDynamicsTests"
  dotnet run -c Release --project bench/TwoFactor.Benchmarks -- --sizes 1000,4000 --f 0.5 --z 2 --phases A --seconds 2
  dotnet run -c Release --project bench/TwoFactor.Benchmarks -- --sizes 1000 --f 0.5 --z 2 --phases B --seconds 2
  dotnet run -c Release --project bench/TwoFactor.Benchmarks -- --recall --sizes 1000 --f 0.5
} 2>&1 | tee "$log"
