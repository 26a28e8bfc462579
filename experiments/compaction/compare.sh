#!/usr/bin/env bash
# Compares one set of compacted IMDb W+G+N seeds (results/imdb/SET-seedN, 20 epochs) with the eight committed uncut
# runs of the same config (seeds 1-7 and the seed-1 soak run, experiments/starts/results/imdb) at epochs 5, 10, 15
# and 20, as distributions: means, ranges and Welch's t-test (bayes-sparse compare). Reads the collected results;
# writes results/compare-imdb-e20-SET.csv. SET: compact (K = 5, the first rule) or k10 (K = 10, the second).
# Usage: bash experiments/compaction/compare.sh [SET] [BAYES_SPARSE_DLL]
set -euo pipefail
set_name=${1:-compact}
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
uncut=experiments/starts/results/imdb
compacted=(experiments/compaction/results/imdb/"$set_name"-seed?)
dotnet "$tool" compare --runs "${compacted[@]}" \
  --against $uncut/wgn-std0.2 $uncut/wgn-std0.2-seed{2,3,4,5,6,7} $uncut/wgn-std0.2-soak \
  --epochs 5 10 15 20 --csv "experiments/compaction/results/compare-imdb-e20-$set_name.csv"
