#!/usr/bin/env bash
# Installs Debian's slurm-wlm and munge for the SLURM recipe test (SlurmRecipeTests, tests/slurm/slurm-local.sh),
# and iproute2 (`ip`) for the network namespace tests (NetnsClusterTests), quietly, with at most one
# `apt-get update` (none when the package lists are already there, e.g. after .ci/postgres.sh).
# Starts nothing: the tests start and stop their own daemons. Exits non-zero when it cannot.
set -euo pipefail
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && command -v ip >/dev/null; then exit 0; fi
[ "$(id -u)" -eq 0 ] || { echo ".ci/slurm.sh: installing slurm-wlm, munge and iproute2 needs root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends slurm-wlm munge iproute2 >/dev/null 2>&1; }
install || { apt-get update -qq >/dev/null && install; }
command -v slurmctld >/dev/null && command -v munged >/dev/null && command -v ip >/dev/null
