# Sourced by run-cpu.sh and run-pruning.sh (which set $tool and $data): one cpu-profile run under
# experiments/results/cpu/TASK/MODEL. A run that dies (see the README's known issues) continues from its last
# epoch checkpoint, up to three tries.
run() { # task epochs model [extra options]
  local task=$1 epochs=$2 model=$3; shift 3
  for attempt in 1 2 3; do
    dotnet "$tool" train --task "$task" --model "$model" --profile cpu --epochs "$epochs" --data-dir "$data" \
      --out "experiments/results/cpu/$task/$model" --resume "$@" && return 0
    echo "$task/$model attempt $attempt failed; resuming from its last checkpoint" >&2
  done
  return 1
}
