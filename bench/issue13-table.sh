#!/usr/bin/env bash
# The engine-speed table of BENCHMARKS.md ("Whole cells" and the per-phase float32 rows), in one command.
# Run on a quiet machine: every ratio in a table comes from one run of the harness; the machine's peak is measured
# in the same run (managed and native loop) and each row prints its bound and the fraction reached.
#   bash bench/issue13-table.sh            # everything (about 40 minutes on 2 cores of a Zen 4)
#   bash bench/issue13-table.sh --short    # N = 400 whole cell at 20k epochs and the N = 1000 phase-A row only
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release bench/TwoFactor.Benchmarks -v quiet -nologo >/dev/null
bench() { dotnet bench/TwoFactor.Benchmarks/bin/Release/net10.0/TwoFactor.Benchmarks.dll "$@"; }
if [[ "${1:-}" == "--short" ]]; then
  bench --whole 400:80:0.5:2:20000 --whole-threads 1,2 --rounds 1
  bench --sizes 1000 --phases A --f 0.5 --z 2 --seconds 2
  exit 0
fi
bench --whole 400:80:0.5:2:100000 --whole-threads 1,2 --rounds 1
bench --whole 1000:200:0.5:2:20000 --whole-threads 1,2 --rounds 1
bench --sizes 1000 --phases A,B --f 0.5 --z 2 --seconds 2
