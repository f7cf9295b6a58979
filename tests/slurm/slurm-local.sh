#!/usr/bin/env bash
# A one-node SLURM on 127.0.0.1 for the recipe test (SlurmRecipeTests), owned entirely by one folder:
#   tests/slurm/slurm-local.sh start DIR [CPUS]   generates DIR/slurm.conf and a munge key, starts munged,
#                                                  slurmctld and slurmd, waits until the node is idle and
#                                                  prints SLURM_CONF=DIR/slurm.conf
#   tests/slurm/slurm-local.sh stop DIR            stops the three daemons by the PIDs in their pid files
# Needs Debian's slurm-wlm and munge (.ci/slurm.sh installs them) and root (slurmd runs jobs as root here).
# CPUS (default 4) may exceed the machine's cores: the node declares them with config_overrides, so a test can
# run a coordinator and two workers as separate tasks on a 2-core machine.
set -euo pipefail
cmd=${1:?usage: slurm-local.sh start|stop DIR [CPUS]}
dir=$(realpath -m "${2:?usage: slurm-local.sh start|stop DIR [CPUS]}")
cpus=${3:-4}

stop() {
  local f pid
  for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -L "$dir/munge" ]; then rm -rf "$(readlink "$dir/munge")"; rm -f "$dir/munge"; fi
}

free_port() {  # a port nobody listens on 127.0.0.1
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

case "$cmd" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "slurm-local.sh: unknown command '$cmd' (start|stop)" >&2; exit 2 ;;
esac

for tool in munged slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "slurm-local.sh: $tool not found (apt-get install slurm-wlm munge)" >&2; exit 3; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm-local.sh: needs root (slurmd)" >&2; exit 3; }

mkdir -p "$dir"/{state,spool,log}
# munged runs as user munge and insists on a key readable only by it, in a private folder that user can reach:
# DIR may sit below a folder only root can enter (a test's temp folder), so its files live in their own one.
munge=$(mktemp -d /tmp/twofactor-munge.XXXXXX)
ln -sfn "$munge" "$dir/munge"
chown munge: "$munge"; chmod 700 "$munge"
dd if=/dev/urandom of="$munge/munge.key" bs=1024 count=1 status=none
chown munge: "$munge/munge.key"; chmod 400 "$munge/munge.key"
runuser -u munge -- munged --force --key-file="$munge/munge.key" --socket="$munge/munge.socket" \
  --pid-file="$munge/munged.pid" --log-file="$munge/munged.log" --seed-file="$munge/munged.seed"

host=$(hostname -s)
ctld_port=$(free_port); d_port=$(free_port)
cat > "$dir/slurm.conf" <<CONF
ClusterName=twofactor-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=30
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 150); do
  if [ "$(sinfo -h -o %t 2>/dev/null)" = "idle" ]; then echo "SLURM_CONF=$SLURM_CONF"; exit 0; fi
  sleep 0.2
done
echo "slurm-local.sh: the node did not become idle within 30 s:" >&2
sinfo >&2 || true; tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
stop; exit 1
