#!/usr/bin/env bash
# Copies each run's config, epoch log, metrics, environment and gate figure from RUNS_DIR into
# experiments/starts/results (no checkpoints, no TensorBoard files), then writes its Table 1.
# Usage: bash experiments/starts/collect.sh RUNS_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
runs=$1
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
results=experiments/starts/results
for run in "$runs"/*/*/; do
  [ -f "$run/epochs.csv" ] || continue
  target=$results/$(basename "$(dirname "$run")")/$(basename "$run")
  mkdir -p "$target"
  for file in config.json epochs.csv metrics.json environment.json gates.png; do
    [ -f "$run/$file" ] && cp "$run/$file" "$target/"
  done
done
dotnet "$tool" reproduce --collect $results --out $results
