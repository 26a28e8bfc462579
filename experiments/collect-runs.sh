#!/usr/bin/env bash
# Copies each run's config, epoch log, structure log, metrics, environment and gate figure from RUNS_DIR/<task>/<run>
# into RESULTS_DIR/<task>/<run> (no checkpoints, no TensorBoard files), then writes their Table 1 into RESULTS_DIR.
# A run whose epoch log is shorter than the one already in RESULTS_DIR (a run trained again from epoch 1 on a new
# machine) is left out with a line, so a collected log is never replaced by a shorter one.
# Usage: bash experiments/collect-runs.sh RUNS_DIR RESULTS_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
runs=$1
results=$2
tool=${3:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
for run in "$runs"/*/*/; do
  [ -f "$run/epochs.csv" ] || continue
  target=$results/$(basename "$(dirname "$run")")/$(basename "$run")
  if [ -f "$target/epochs.csv" ]; then
    there=$(($(wc -l < "$target/epochs.csv") - 1)) here=$(($(wc -l < "$run/epochs.csv") - 1))
    if [ "$here" -lt "$there" ]; then echo "$target: kept ($there epochs there, $here in $run)"; continue; fi
  fi
  mkdir -p "$target"
  for file in config.json epochs.csv structure.csv metrics.json environment.json gates.png; do
    [ -f "$run/$file" ] && cp "$run/$file" "$target/"
  done
done
dotnet "$tool" reproduce --collect "$results" --out "$results"
