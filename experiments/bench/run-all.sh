#!/usr/bin/env bash
# The benchmark CSVs committed in experiments/bench, run on an otherwise idle 2-core machine.
# Usage: bash experiments/bench/run-all.sh [BAYES_SPARSE_DLL]
set -euo pipefail
cd "$(dirname "$0")/../.."
tool=${1:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
for task in ptb-word imdb agnews ptb-char; do
  dotnet "$tool" bench train-step --task "$task" --steps 20 --csv "experiments/bench/train-step-$task.csv"
done
# Compresses the committed W+G+N run of each task (its checkpoint must be present locally).
for task in ptb-word imdb; do
  dotnet "$tool" bench inference --task "$task" --csv "experiments/bench/inference-$task.csv"
done
