#!/usr/bin/env python3
"""Reads a compacted run's epochs.csv for the epoch-cost targets: the run's hours, the first epoch at which the live
structure is at most --hidden hidden neurons, --gates gates and --words words, and from there how the epoch's seconds
compare with an epoch-1 reference (the run's own epoch 1, or --reference-seconds when that epoch shared the cores).

    python3 experiments/paper-epochs/epoch-cost.py RUN/epochs.csv [--reference-seconds 46] [--hidden 50 --gates 100 --words 1000]
"""
import argparse
import csv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("epochs_csv")
    parser.add_argument("--reference-seconds", type=float, help="epoch 1's cost on an idle machine (default: the run's epoch 1)")
    parser.add_argument("--hidden", type=int, default=50)
    parser.add_argument("--gates", type=int, default=100)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--fraction", type=float, default=1 / 8)
    args = parser.parse_args()
    with open(args.epochs_csv, newline="") as f:
        rows = [{**r, "epoch": int(r["epoch"]), "seconds": float(r["seconds"]), "hidden": int(r["neurons"].split("-")[-1]),
                 "gates": int(r["gates"]), "words": int(r["vocabulary"] or 0)} for r in csv.DictReader(f)]
    reference = args.reference_seconds or rows[0]["seconds"]
    limit = reference * args.fraction
    print(f"{len(rows)} epochs in {sum(r['seconds'] for r in rows) / 3600:.2f} h; epoch 1 took {rows[0]['seconds']:.1f} s; "
          f"reference {reference:.1f} s, so {args.fraction:.3g} of it is {limit:.2f} s")
    small = next((r for r in rows if r["hidden"] <= args.hidden and r["gates"] <= args.gates and r["words"] <= args.words), None)
    if small is None:
        print(f"the structure never got to <= {args.hidden} hidden, {args.gates} gates, {args.words} words")
        return
    after = [r for r in rows if r["epoch"] >= small["epoch"]]
    within = next((r for r in after if r["seconds"] <= limit), None)
    over = [r for r in after if r["seconds"] > limit]
    print(f"epoch {small['epoch']}: first at <= {args.hidden} hidden ({small['hidden']}), {args.gates} gates ({small['gates']}), "
          f"{args.words} words ({small['words']}); that epoch took {small['seconds']:.1f} s ({small['seconds'] / reference:.3f} of the reference)")
    if within is None:
        print(f"no later epoch took <= {limit:.2f} s; the last took {rows[-1]['seconds']:.1f} s")
    else:
        print(f"first epoch at <= {limit:.2f} s: {within['epoch']} ({within['seconds']:.1f} s, {within['parameters']} parameter elements); "
              f"{len(over)} of the {len(after)} epochs from {small['epoch']} on took longer, the last of them epoch "
              f"{over[-1]['epoch'] if over else '-'}")
    tail = after[-100:]
    print(f"the last {len(tail)} epochs: median {sorted(r['seconds'] for r in tail)[len(tail) // 2]:.2f} s")


if __name__ == "__main__":
    main()
