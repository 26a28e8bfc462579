#!/usr/bin/env bash
# Copies the runs of experiments/starts/run.sh from RUNS_DIR into experiments/starts/results and writes their Table 1.
# Usage: bash experiments/starts/collect.sh RUNS_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
bash experiments/collect-runs.sh "$1" experiments/starts/results "${@:2}"
