#!/usr/bin/env bash
# Pruning baselines on PTB word at the cpu profile, at the SparseVD runs' budget (8 epochs); AGP's target is the
# sparsity W+G+N reached there (compression 31.5x -> 1 - 1/31.5 = 0.968). Both schedules are laid out over the
# run's total steps, so a run is not extended by a larger --epochs: delete its directory first.
# Usage: bash experiments/run-pruning.sh DATA_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
data=$1
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
source "$(dirname "$0")/train-cpu-run.sh"
run ptb-word 8 prune-agp --target-sparsity 0.968
run ptb-word 8 prune-narang
dotnet "$tool" reproduce --collect experiments/results/cpu --out experiments/results
