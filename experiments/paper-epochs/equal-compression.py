#!/usr/bin/env python3
"""Compares a run with the authors' log at equal compression rather than at equal epoch: for each chosen epoch of the
run, the authors' first logged epoch (from --from-epoch on) whose compression has reached the run's, moving the way
their curve moves from --from-epoch to its end (PTB's compression falls as weights come back, IMDb's rises), and the
validation quality of both there (the authors' accuracy, logged as a fraction, in percent like the run's).

    python3 experiments/paper-epochs/equal-compression.py RUN/epochs.csv AUTHORS.csv --epochs 50 100 150 [--from-epoch 10]
"""
import argparse
import csv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("epochs_csv", help="the run's epochs.csv")
    parser.add_argument("authors_csv", help="the authors' log (experiments/anchor-curves)")
    parser.add_argument("--epochs", type=int, nargs="+", required=True)
    parser.add_argument("--from-epoch", type=int, default=10, help="where the authors' compression curve turns monotone enough")
    args = parser.parse_args()
    with open(args.epochs_csv, newline="") as f:
        ours = {int(r["epoch"]): (float(r["valid_quality"]), float(r["compression"])) for r in csv.DictReader(f)}
    with open(args.authors_csv, newline="") as f:
        theirs = [(int(r["epoch"]), float(r["valid"]), float(r["compression"])) for r in csv.DictReader(f)]
    if all(t[1] <= 1 for t in theirs) and any(v > 1 for v, _ in ours.values()):  # their accuracy as a fraction, ours in %
        theirs = [(e, 100 * v, c) for e, v, c in theirs]
    theirs = [t for t in theirs if t[0] >= args.from_epoch]
    falling = theirs[-1][2] < theirs[0][2]
    print("epoch,valid,compression,authors_epoch,authors_valid,authors_compression,valid_difference")
    for epoch in args.epochs:
        if epoch not in ours:
            raise SystemExit(f"{args.epochs_csv}: no epoch {epoch}")
        valid, compression = ours[epoch]
        reached = next((t for t in theirs if (t[2] <= compression if falling else t[2] >= compression)), None)
        if reached is None:
            print(f"{epoch},{valid:.2f},{compression:.2f},,,,")
            continue
        their_epoch, their_valid, their_compression = reached
        print(f"{epoch},{valid:.2f},{compression:.2f},{their_epoch},{their_valid:.2f},{their_compression:.2f},{valid - their_valid:+.2f}")


if __name__ == "__main__":
    main()
