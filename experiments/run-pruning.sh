#!/usr/bin/env bash
# Pruning baselines on PTB word at the cpu profile with this session's budget (1 epoch, as the SparseVD runs);
# AGP's target is the sparsity W+G+N reached there (compression 19.4x -> 1 - 1/19.4 = 0.948).
# Usage: bash experiments/run-pruning.sh DATA_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
data=$1
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
dotnet "$tool" train --task ptb-word --model prune-narang --profile cpu --epochs 1 --data-dir "$data" --out experiments/results/cpu/ptb-word/prune-narang --resume
dotnet "$tool" train --task ptb-word --model prune-agp --target-sparsity 0.948 --profile cpu --epochs 1 --data-dir "$data" --out experiments/results/cpu/ptb-word/prune-agp --resume
dotnet "$tool" reproduce --collect experiments/results/cpu --out experiments/results
