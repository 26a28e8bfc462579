#!/usr/bin/env bash
# Compares the compacted IMDb W+G+N seeds with the eight committed uncut runs of the same config (seeds 1-7 and the
# seed-1 soak run, experiments/starts/results/imdb; the 20-epoch seeds only, compact-seedN) at epochs 5, 10, 15 and 20, as distributions: means, ranges and
# Welch's t-test (bayes-sparse compare). Reads the collected results; writes results/compare-imdb-e20.csv.
# Usage: bash experiments/compaction/compare.sh [BAYES_SPARSE_DLL]
set -euo pipefail
tool=${1:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
uncut=experiments/starts/results/imdb
compacted=(experiments/compaction/results/imdb/compact-seed?)
dotnet "$tool" compare --runs "${compacted[@]}" \
  --against $uncut/wgn-std0.2 $uncut/wgn-std0.2-seed{2,3,4,5,6,7} $uncut/wgn-std0.2-soak \
  --epochs 5 10 15 20 --csv experiments/compaction/results/compare-imdb-e20.csv
