#!/usr/bin/env bash
# The epoch-cost profiles of docs/results.md, "What an epoch costs once the tensors are the structure eval uses".
# Usage: bash experiments/compaction/bench/run-cut-unused.sh BAYES_SPARSE_DLL DATA_DIR RUNS_DIR
# (RUNS_DIR holds ptb-word/wgn-e150 and compaction/imdb/compact-seed1-e100). Pause any training process first.
set -euo pipefail
B="dotnet $1"; D=$2; R=$3; O=$(dirname "$0")
$B bench epoch-profile --task ptb-word --model wgn --data-dir "$D" --batches 20 --csv "$O/epoch-profile-ptb-word-new-2.csv"
$B bench epoch-profile --run "$R/ptb-word/wgn-e150" --cut-unused --data-dir "$D" --batches 20 --csv "$O/epoch-profile-ptb-word-e22-cut.csv"
$B bench epoch-profile --task imdb --model wgn --data-dir "$D" --batches 20 --csv "$O/epoch-profile-imdb-new-2.csv"
$B bench epoch-profile --run "$R/compaction/imdb/compact-seed1-e100" --data-dir "$D" --batches 40 --csv "$O/epoch-profile-imdb-seed1-e100.csv"
$B bench epoch-profile --run "$R/compaction/imdb/compact-seed1-e100" --cut-unused --data-dir "$D" --batches 40 --csv "$O/epoch-profile-imdb-seed1-e100-cut.csv"
