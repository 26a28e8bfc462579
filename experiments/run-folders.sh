# Sourced by experiments/*/run.sh after 'set -euo pipefail': reads DATA_DIR RUNS_DIR [BAYES_SPARSE_DLL] from the
# script's arguments and defines run FOLDER TRAIN_OPTIONS..., one 'train --resume' into RUNS_DIR/FOLDER.
data=$1
runs=$2
tool=${3:-src/BayesSparse.Cli/bin/Release/net10.0/linux-x64/bayes-sparse.dll}
run() { # run folder under RUNS_DIR, then train options
  local out=$1; shift
  dotnet "$tool" train "$@" --data-dir "$data" --out "$runs/$out" --resume
}
