#!/usr/bin/env bash
# The cpu-profile runs committed under experiments/results/cpu, with the budget the sessions could give them
# (2 cores shared with development): PTB word the full 8 epochs, IMDb W, W+N and W+G+N the full 80 epochs, the
# IMDb Original 15 (it early-stops after 11), AGNews (stand-in split) the cpu profile's full 30 epochs (the Original
# early-stops after 7), PTB char the cpu profile's full 2 epochs per model.
# Every run is 'train --resume', so re-running continues where a run stopped and a larger --epochs extends it
# (a resumed run ends at the same numbers as an uninterrupted one).
# Usage: bash experiments/run-cpu.sh DATA_DIR [BAYES_SPARSE_DLL]
set -euo pipefail
data=$1
tool=${2:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
source "$(dirname "$0")/train-cpu-run.sh"
# Made before the imdb (and later ptb-word) cpu profile compacted: --no-compaction keeps them as they ran.
for model in original w wn wgn; do run ptb-word 8 "$model" --no-compaction; done
run imdb 15 original
for model in wgn wn w; do run imdb 80 "$model" --no-compaction; done
for model in original w wn wgn; do run agnews 30 "$model" --agnews-standin; done
for model in original wgn w wn; do run ptb-char 2 "$model"; done
dotnet "$tool" reproduce --collect experiments/results/cpu --out experiments/results
