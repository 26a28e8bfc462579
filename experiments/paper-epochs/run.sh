#!/usr/bin/env bash
# The Table 1 runs carried to the paper's epochs (issue: Table 1 at the paper's epochs), in the order they were
# started. Every run is 'train --resume', so re-running continues where the last checkpoint stands. Keep RUNS_DIR
# outside the repository (checkpoints); copy each run's small files here with
# 'bash experiments/collect-runs.sh RUNS_DIR experiments/paper-epochs/results'.
# Usage: bash experiments/paper-epochs/run.sh DATA_DIR RUNS_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
source experiments/run-folders.sh "$@"
# PTB word W+G+N, cold start, cpu profile, 150 epochs (the paper's), started 2026-12-04 uncut (before the profile
# compacted); the profile's rule (gate rows after 10 unused epochs, hidden neurons after 20) turned on from epoch 23.
run ptb-word/wgn-e150 --task ptb-word --model wgn --profile cpu --epochs 150 --compact-from-epoch 23
# IMDb W+G+N, cpu profile (compaction on: words and gate rows after 10 unused epochs, neurons after 20), 800 epochs.
run imdb/wgn-e800 --task imdb --model wgn --profile cpu --epochs 800
# Then, as compute allows and in this order: IMDb W+N and W (800 epochs), PTB word W and W+N (150), cpu profile (its
# compaction on; compared with uncut runs for W+G+N only, experiments/compaction/README.md).
run imdb/wn-e800 --task imdb --model wn --profile cpu --epochs 800
run imdb/w-e800 --task imdb --model w --profile cpu --epochs 800
run ptb-word/w-e150 --task ptb-word --model w --profile cpu --epochs 150
run ptb-word/wn-e150 --task ptb-word --model wn --profile cpu --epochs 150
# Then two more seeds of IMDb W+G+N to 800 epochs (about 1.75 h each), so that Table 1 reads the paper's end point as
# a mean and range over three seeds (table1-seeds.csv) rather than one run.
run imdb/wgn-e800-seed2 --task imdb --model wgn --profile cpu --epochs 800 --seed 2
run imdb/wgn-e800-seed3 --task imdb --model wgn --profile cpu --epochs 800 --seed 3
# Then a second seed of PTB word W+G+N to 150 epochs (about 8-9 h), with seed 1's compaction setting (uncut until
# epoch 23), so that the headline PTB row, too, reads over seeds (table1-seeds.csv groups runs of one setting).
run ptb-word/wgn-e150-seed2 --task ptb-word --model wgn --profile cpu --epochs 150 --compact-from-epoch 23 --seed 2
