#!/usr/bin/env bash
# Copies the runs of experiments/compaction/run.sh from RUNS_DIR into experiments/compaction/results and writes their Table 1.
# Usage: bash experiments/compaction/collect.sh RUNS_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
bash experiments/collect-runs.sh "$1" experiments/compaction/results "${@:2}"
