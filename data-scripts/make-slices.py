#!/usr/bin/env python3
"""Cut the small real slices in data-slices/ from a full data folder (the staged ../shared/data layout).

Usage: python3 data-scripts/make-slices.py SOURCE_DATA_DIR [OUT_DIR=data-slices]

PTB: the first 1,000 train lines; valid/test lines (first 150 each) whose symbols all occur in that train slice.
IMDb: the first and last 60 reviews of each split (both classes). AGNews: the first 100 test rows of each class.
Writes SHA256SUMS beside them so 'bayes-sparse data verify' checks the slices too.
"""
import csv, gzip, hashlib, io, lzma, os, sys

src = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else "data-slices"

def read(path):
    opener = gzip.open if path.endswith(".gz") else lzma.open if path.endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return f.read().split("\n")[:-1]

def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.endswith(".gz"):
        with open(path, "wb") as f:
            f.write(gzip.compress(data, 9, mtime=0))
    elif path.endswith(".xz"):
        with open(path, "wb") as f:
            f.write(lzma.compress(data, preset=9))
    else:
        with open(path, "wb") as f:
            f.write(data)

for kind in ("ptb.{}.txt", "ptb.char.{}.txt"):
    train = read(os.path.join(src, "ptb", kind.format("train") + ".gz"))[:1000]
    known = {s for line in train for s in line.split()}
    write(os.path.join(out, "ptb", kind.format("train") + ".gz"), train)
    for split in ("valid", "test"):
        lines = [l for l in read(os.path.join(src, "ptb", kind.format(split) + ".gz")) if set(l.split()) <= known][:150]
        write(os.path.join(out, "ptb", kind.format(split) + ".gz"), lines)

for split in ("train", "test"):
    rows = read(os.path.join(src, "imdb", f"imdb_{split}.tsv.xz"))
    write(os.path.join(out, "imdb", f"imdb_{split}.tsv.xz"), [rows[0]] + rows[1:61] + rows[-60:])

rows = read(os.path.join(src, "agnews", "test.csv.gz"))
per_class = {}
for line in rows:
    label = next(csv.reader([line]))[0]
    per_class.setdefault(label, [])
    if len(per_class[label]) < 100:
        per_class[label].append(line)
write(os.path.join(out, "agnews", "test.csv.gz"), [l for label in sorted(per_class) for l in per_class[label]])

sums = []
for root, _, files in os.walk(out):
    for name in sorted(files):
        if name in ("SHA256SUMS", "README.md"):
            continue
        path = os.path.join(root, name)
        sums.append((os.path.relpath(path, out), hashlib.sha256(open(path, "rb").read()).hexdigest()))
with open(os.path.join(out, "SHA256SUMS"), "w") as f:
    for rel, digest in sorted(sums):
        f.write(f"{digest}  {rel}\n")
