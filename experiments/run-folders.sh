# Sourced by experiments/*/run.sh after 'set -euo pipefail': reads DATA_DIR RUNS_DIR [BAYES_SPARSE_DLL] from the
# script's arguments and defines run FOLDER TRAIN_OPTIONS..., one 'train --resume' into RUNS_DIR/FOLDER.
# A run whose folder is not in RUNS_DIR but whose metrics.json is committed in the script's results/FOLDER finished on
# an earlier machine: it is skipped with a line, not trained again from epoch 1.
data=$1
runs=$2
tool=${3:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
results=$(dirname "${BASH_SOURCE[1]}")/results
run() { # run folder under RUNS_DIR, then train options
  local out=$1; shift
  if [ ! -d "$runs/$out" ] && [ -f "$results/$out/metrics.json" ]; then
    echo "$out: finished earlier ($results/$out/metrics.json) and not in $runs: skipped"
    return
  fi
  dotnet "$tool" train "$@" --data-dir "$data" --out "$runs/$out" --resume
}
carry_on() { # carry_on FROM TO: a copy of run FROM (its checkpoint) to train further in TO, unless TO is there or FROM is not
  [ -d "$runs/$2" ] || [ ! -d "$runs/$1" ] || cp -r "$runs/$1" "$runs/$2"
}
