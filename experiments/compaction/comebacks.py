#!/usr/bin/env python3
"""Chooses K for training.compact_after from an observing run's structure.csv (K larger than its epochs, so nothing
is cut): for each group and K, how many unused streaks reach K epochs (what a rule with that K would cut) and how
many of those later came back (used again after n >= K unused epochs), which a rule with that K would have lost.

    python3 experiments/compaction/comebacks.py RUN/structure.csv [--max-k 8]
"""
import argparse
import csv
from collections import defaultdict


def pairs(text):
    return {int(n): int(c) for n, c in (p.split(":") for p in text.split())} if text else {}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("structure_csv")
    parser.add_argument("--max-k", type=int, default=8)
    args = parser.parse_args()
    reached = defaultdict(lambda: defaultdict(int))    # group -> n -> streaks that reached n unused epochs
    came_back = defaultdict(lambda: defaultdict(int))  # group -> n -> streaks that ended after exactly n
    epochs = 0
    with open(args.structure_csv, newline="") as f:
        for row in csv.DictReader(f):
            epochs = max(epochs, int(row["epoch"]))
            for n, c in pairs(row["unused_for"]).items():
                reached[row["group"]][n] += c
            for n, c in pairs(row["came_back_after"]).items():
                came_back[row["group"]][n] += c
    print(f"{args.structure_csv}: {epochs} epochs")
    print("group,k,streaks_reaching_k,came_back_after_k_or_more,share_lost")
    for group in reached:
        for k in range(1, args.max_k + 1):
            cut = reached[group].get(k, 0)
            lost = sum(c for n, c in came_back[group].items() if n >= k)
            share = f"{lost / cut:.4f}" if cut else ""
            print(f"{group},{k},{cut},{lost},{share}")


if __name__ == "__main__":
    main()
