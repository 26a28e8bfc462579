#!/usr/bin/env bash
# The Table 1 grid as a Slurm job array on a real one-node Slurm (not a mock), with a task requeued while it trains.
# Installs Debian's slurmctld, slurmd, slurm-client and munge when missing (root and apt-get needed, else it says
# SKIPPED and exits 0), starts munged, slurmctld and slurmd with a configuration written to a temporary folder (every
# address 127.0.0.1), submits the smoke grid's script from 'reproduce --plan --slurm', requeues one task mid-run
# ('scontrol requeue'), waits for the array, collects Table 1, and checks it against a one-machine 'reproduce' of the
# same grid: equal in every column but the wall time (numbers to a relative 1e-6). Stops the daemons it started (by
# PID) and removes the folder.
# Usage: bash tests/slurm/array-on-slurm.sh [BAYES_SPARSE_DLL]   (from the repository root, after a Release build)
set -euo pipefail
dll=$(realpath "${1:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}")
slices=$(realpath data-slices)
say() { echo "slurm test: $*"; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "SKIPPED: Slurm is not installed and this is not root with apt-get"; exit 0
  fi
  say "installing slurmctld slurmd slurm-client munge"
  if ! { timeout 300 apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -q \
         slurmctld slurmd slurm-client munge >/dev/null; }; then
    say "SKIPPED: apt-get could not install Slurm here (no package source?)"; exit 0
  fi
fi
if [ "$(id -u)" != 0 ]; then say "SKIPPED: the daemons run as root here, and this is not root"; exit 0; fi

tmp=$(mktemp -d /tmp/bayes-sparse-slurm.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# munge, with a key and socket of its own
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool"
chmod 700 "$tmp/munge"
head -c 1024 /dev/urandom > "$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
munged --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed"
for _ in $(seq 50); do [ -s "$tmp/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/munge/munged.pid")")

node=$(hostname -s)
cat > "$tmp/slurm.conf" <<EOF
ClusterName=bayessparse
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=46817
SlurmdPort=46818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
KillWait=30
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$SLURM_CONF"
for _ in $(seq 100); do [ -s "$tmp/slurmctld.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [ -s "$tmp/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/slurmd.pid")")
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)' && break; sleep 0.2; done
sinfo -h -o %T | grep -qE '^(idle|mixed)' || { say "FAILED: the node did not come up"; tail -5 "$tmp/slurmctld.log" "$tmp/slurmd.log"; exit 1; }
say "one-node Slurm up ($(sinfo -h -o '%N %T %c CPUs'))"

# The smoke grid: PTB word Original and W, 12 epochs each
grid=(--tasks ptb-word --models original w --profile smoke --epochs 12 --data-dir "$slices")
dotnet "$dll" reproduce "${grid[@]}" --plan --slurm "$tmp/grid.sbatch" --out "$tmp/grid" >/dev/null
job=$(BAYES_SPARSE="dotnet $dll" sbatch --parsable --export=ALL "$tmp/grid.sbatch")
say "submitted array job $job"

# Requeue task 1 (W) once it has checkpointed an epoch and before it finishes
w="$tmp/grid/smoke/ptb-word/w"
for _ in $(seq 600); do
  if [ -f "$w/checkpoint/state.json" ] && [ ! -f "$w/metrics.json" ]; then break; fi
  sleep 0.1
done
[ ! -f "$w/metrics.json" ] || { say "FAILED: task 1 finished before it could be requeued"; exit 1; }
scontrol requeue "${job}_1"
say "requeued ${job}_1 at epoch $(grep -o '"epoch": [0-9]*' "$w/checkpoint/state.json")"

for _ in $(seq 1800); do [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break; sleep 0.2; done
[ -z "$(squeue -h -j "$job")" ] || { say "FAILED: the array did not finish in 6 minutes"; exit 1; }
restarts=$(scontrol show job "${job}_1" 2>/dev/null | grep -o 'Restarts=[0-9]*' || true)
say "array finished (task 1: ${restarts:-no record})"
for run in original w; do
  [ -f "$tmp/grid/smoke/ptb-word/$run/metrics.json" ] || { say "FAILED: $run has no metrics.json"; cat "$tmp"/grid/slurm-logs/* | tail -20; exit 1; }
done
grep -q "Interrupted" "$tmp"/grid/slurm-logs/*_1.out || { say "FAILED: task 1's log shows no interruption"; exit 1; }

# Collected Table 1 against the same grid on one machine: every column but the wall times equal, numbers to a relative
# 1e-6 (CI once saw two runs of the same command on one machine end 5.5e-8 apart in perplexity, the uninterrupted
# Original among them, so the last bits are not what this test is about: the requeue and the collection are)
dotnet "$dll" reproduce --collect "$tmp/grid/smoke" --out "$tmp/grid" >/dev/null
dotnet "$dll" reproduce "${grid[@]}" --out "$tmp/local" >/dev/null
if ! python3 - "$tmp/grid/collected/table1.csv" "$tmp/local/smoke/table1.csv" <<'PY'
import csv, math, sys
grid, local = (list(csv.reader(open(path))) for path in sys.argv[1:3])
def same(a, b):
    if a == b: return True
    try: return math.isclose(float(a), float(b), rel_tol=1e-6)
    except ValueError: return False
problems = [] if grid[0] == local[0] and len(grid) == len(local) else ["header or row count"]
for g, l in zip(grid[1:], local[1:]):
    problems += [f"{g[0]}/{g[1]} {name}: {a} vs {b}" for name, a, b in zip(grid[0], g, l)
                 if name != "hours" and not same(a, b)]
for p in problems: print(p)
for g, l in zip(grid[1:], local[1:]):
    bits = [name for name, a, b in zip(grid[0], g, l) if name != "hours" and a != b]
    if bits and not problems: print(f"{g[0]}/{g[1]}: equal to 1e-6, last bits differ in {', '.join(bits)}")
sys.exit(1 if problems else 0)
PY
then
  say "FAILED: the array's Table 1 differs from the one-machine grid's"; exit 1
fi
say "PASSED: the requeued array's Table 1 equals the one-machine grid's ($(($(wc -l < "$tmp/local/smoke/table1.csv") - 1)) runs)"
