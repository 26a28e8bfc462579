#!/usr/bin/env bash
# Compares compacted runs with uncut runs of the same config at epochs 5, 10, 15 and 20, as distributions: means,
# ranges and Welch's t-test (bayes-sparse compare). Reads the collected results; writes results/compare-*.csv.
# SET: compact (IMDb, K = 5, the first rule) or k10 (IMDb, K = 10, the second), each five seeds against the eight
# committed uncut IMDb runs (seeds 1-7 and the seed-1 soak run, experiments/starts/results/imdb); or ptb-word (PTB word
# W+G+N, seeds 1 and 2 compacted against the uncut runs of the same seeds: seed 1 is the 150-epoch run of
# experiments/paper-epochs); or e100 (IMDb, the second rule at 100 epochs: seeds 2 and 3 carried on from their epoch-20
# checkpoints and seed 1, the 800-epoch run of experiments/paper-epochs read at its epoch 100, against the four uncut
# 100-epoch runs of experiments/starts).
# Usage: bash experiments/compaction/compare.sh [SET] [BAYES_SPARSE_DLL]
set -euo pipefail
set_name=${1:-compact}
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
results=experiments/compaction/results
epochs=(5 10 15 20)
if [ "$set_name" = ptb-word ]; then
  compacted=($results/ptb-word/compact-seed1 $results/ptb-word/compact-seed2)
  uncut=(experiments/paper-epochs/results/ptb-word/wgn-e150 $results/ptb-word/uncut-seed2)
  csv=$results/compare-ptb-word-e20.csv
elif [ "$set_name" = e100 ]; then
  compacted=($results/imdb/k10-seed2-e100 $results/imdb/k10-seed3-e100 experiments/paper-epochs/results/imdb/wgn-e800)
  starts=experiments/starts/results/imdb
  uncut=($starts/wgn-std0.2-soak $starts/wgn-std0.15-seed1-e100 $starts/wgn-std0.2-faithful-e100 $starts/wgn-std0.2-seed2-e100)
  csv=$results/compare-imdb-e100-k10.csv
  epochs=(50 100)
else
  compacted=($results/imdb/"$set_name"-seed?)
  starts=experiments/starts/results/imdb
  uncut=($starts/wgn-std0.2 $starts/wgn-std0.2-seed{2,3,4,5,6,7} $starts/wgn-std0.2-soak)
  csv=$results/compare-imdb-e20-$set_name.csv
fi
dotnet "$tool" compare --runs "${compacted[@]}" --against "${uncut[@]}" --epochs "${epochs[@]}" --csv "$csv"
