#!/usr/bin/env bash
# The benchmark CSVs committed in experiments/bench, run on an otherwise idle 2-core machine.
# Usage: bash experiments/bench/run-all.sh [BAYES_SPARSE_DLL] [DATA_DIR]
# Training steps on uniform random tokens (train-step-TASK.csv, the worst case for the sparse lookups) and on the
# task's first real training batch from DATA_DIR (train-step-TASK-data.csv), then compressed inference.
set -euo pipefail
cd "$(dirname "$0")/../.."
tool=${1:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
data=${2:-../shared/data}
for task in ptb-word imdb agnews ptb-char; do
  dotnet "$tool" bench train-step --task "$task" --steps 20 --csv "experiments/bench/train-step-$task.csv"
  dotnet "$tool" bench train-step --task "$task" --steps 20 --batch data --data-dir "$data" \
    --csv "experiments/bench/train-step-$task-data.csv"
done
# The shipped compressed models against the dense alternatives (TorchSharp, ONNX Runtime) and their own ONNX export.
# The committed inference CSVs are the third of three runs; all three are in experiments/bench/inference-runs.
for task in ptb-word imdb; do
  dotnet "$tool" bench inference --model "models/$task-wgn.bsm" --csv "experiments/bench/inference-$task-model.csv"
done
# One LSTM recurrence by width on the training backends (fused kernel, per-step cell): IMDb's batch and steps at
# the full input width, at the late compacted checkpoint's tensors (147 inputs, 25 hidden) and with the input cut
# to about what eval uses there (24).
dotnet "$tool" bench recurrence --hidden 16 32 64 128 --repeats 10 --csv experiments/bench/recurrence-imdb.csv
dotnet "$tool" bench recurrence --hidden 25 --input 147 --repeats 10 --csv experiments/bench/recurrence-imdb-late.csv
dotnet "$tool" bench recurrence --hidden 25 --input 24 --repeats 10 --csv experiments/bench/recurrence-imdb-late-input24.csv
