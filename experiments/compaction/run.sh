#!/usr/bin/env bash
# The runs behind experiments/compaction/README.md, in the order they were made (2026-12-05). Every run is
# 'train --resume', so re-running continues or re-evaluates. Keep RUNS_DIR outside the repository (checkpoints).
# Usage: bash experiments/compaction/run.sh DATA_DIR RUNS_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
source experiments/run-folders.sh "$@"
configs=experiments/compaction/configs
# IMDb W+G+N observed, not cut (K = 1000): which structure eval stops using, and what comes back after n epochs.
run imdb/observe-seed1 --task imdb --model wgn --config $configs/imdb-observe.json --epochs 20 --seed 1
# IMDb W+G+N compacted (K = 5; 20 for input and hidden neurons), seeds 1-5, 20 epochs.
for s in 1 2 3 4 5; do
  run imdb/compact-seed$s --task imdb --model wgn --config $configs/imdb-compact.json --epochs 20 --seed $s
done
# Seed 1 carried on from its epoch-20 checkpoint to 100 epochs (a copy of its folder; 2026-12-05, on the build with
# malloc_trim after a cut).
carry_on imdb/compact-seed1 imdb/compact-seed1-e100
run imdb/compact-seed1-e100 --task imdb --model wgn --config $configs/imdb-compact.json --epochs 100 --seed 1
# The second rule (K = 10 for words and gate rows; 20 for input and hidden neurons), seeds 1-5, 20 epochs.
for s in 1 2 3 4 5; do
  run imdb/k10-seed$s --task imdb --model wgn --config $configs/imdb-compact-k10.json --epochs 20 --seed $s
done
# The second rule's seed 2 carried on from its epoch-20 checkpoint to 100 epochs (a copy of its folder).
carry_on imdb/k10-seed2 imdb/k10-seed2-e100
run imdb/k10-seed2-e100 --task imdb --model wgn --config $configs/imdb-compact-k10.json --epochs 100 --seed 2
# And seed 3 the same way (2026-12-05, seventeenth session): the profile's rule needs two compacted seeds at 100 epochs.
carry_on imdb/k10-seed3 imdb/k10-seed3-e100
run imdb/k10-seed3-e100 --task imdb --model wgn --config $configs/imdb-compact-k10.json --epochs 100 --seed 3
# PTB word W+G+N compacted (gate rows after 10 unused epochs, hidden neurons after 20; the language model has no
# input-neuron group), seed 1, 20 epochs, beside the uncut 150-epoch run of the same seed
# (experiments/paper-epochs). Started 2026-12-05.
run ptb-word/compact-seed1 --task ptb-word --model wgn --config $configs/ptb-word-compact.json --epochs 20 --seed 1
# PTB word seed 2, compacted and uncut, 20 epochs each (2026-12-05). On the development machine the uncut run was a
# copy of the compacted run's folder at epoch 9 continued uncut (nothing can be cut before the end of epoch 10 with
# K = 10, and seed 1 read bit-identical compacted and uncut until its first cut), which these two lines reproduce.
run ptb-word/compact-seed2 --task ptb-word --model wgn --config $configs/ptb-word-compact.json --epochs 20 --seed 2
run ptb-word/uncut-seed2 --task ptb-word --model wgn --profile cpu --no-compaction --epochs 20 --seed 2
