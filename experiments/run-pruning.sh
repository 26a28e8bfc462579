#!/usr/bin/env bash
# Pruning baselines on PTB word at the cpu profile, at the SparseVD runs' budget (8 epochs); AGP's target is the
# sparsity W+G+N reached there (compression 31.5x -> 1 - 1/31.5 = 0.968). Both schedules are laid out over the
# run's total steps, so a run is not extended by a larger --epochs: delete its directory first.
# Usage: bash experiments/run-pruning.sh DATA_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
data=$1
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
run() { # model [extra options]
  local model=$1; shift
  for attempt in 1 2 3; do
    dotnet "$tool" train --task ptb-word --model "$model" --profile cpu --epochs 8 --data-dir "$data" \
      --out "experiments/results/cpu/ptb-word/$model" --resume "$@" && return 0
    echo "run-pruning.sh: $model attempt $attempt failed; resuming from its last checkpoint" >&2
  done
  return 1
}
run prune-agp --target-sparsity 0.968
run prune-narang
dotnet "$tool" reproduce --collect experiments/results/cpu --out experiments/results
