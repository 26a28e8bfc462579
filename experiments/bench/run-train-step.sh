#!/usr/bin/env bash
# Train-step benchmark on the paper's shapes for every task; writes experiments/bench/train-step-<task>.csv.
# Usage: bash experiments/bench/run-train-step.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/../.."
steps=${1:-20}
dotnet build src/BayesSparse.Cli -c Release >/dev/null
for task in ptb-word imdb agnews ptb-char; do
  dotnet src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll bench train-step --task "$task" --steps "$steps" \
    --csv "experiments/bench/train-step-$task.csv"
done
