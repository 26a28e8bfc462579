#!/usr/bin/env bash
# The cpu-profile runs committed under experiments/results/cpu, with the budget this session could give them
# (2 cores shared with development): PTB word 1 epoch, IMDb 3 epochs per model.
# Usage: bash experiments/run-cpu.sh DATA_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
data=$1
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
dotnet "$tool" reproduce --tasks ptb-word --profile cpu --epochs 1 --data-dir "$data"
dotnet "$tool" reproduce --tasks imdb --profile cpu --epochs 3 --data-dir "$data"
