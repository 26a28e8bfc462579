#!/usr/bin/env bash
# Downloads the public originals of the paper's data sets into a data folder and verifies them.
# Usage: bash data-scripts/download.sh [DATA_DIR]   (default: $BAYESSPARSE_DATA, else ./data)
# Needs curl and tar. Checksums: see ../shared/data/PROVENANCE.md (content md5s as pinned by torchtext).
set -euo pipefail
data=${1:-${BAYESSPARSE_DATA:-data}}
mkdir -p "$data/ptb" "$data/imdb" "$data/agnews"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Penn Treebank, Mikolov's simple-examples (word and char level).
if [ ! -f "$data/ptb/ptb.train.txt" ]; then
  curl -fL -o "$tmp/simple-examples.tgz" http://www.fit.vutbr.cz/~imikolov/rnnlm/simple-examples.tgz
  tar -xzf "$tmp/simple-examples.tgz" -C "$tmp"
  cp "$tmp"/simple-examples/data/ptb.{train,valid,test}.txt "$tmp"/simple-examples/data/ptb.char.{train,valid,test}.txt "$data/ptb/"
fi

# IMDb, Maas et al. 2011 (the loader reads the aclImdb/ folder).
if [ ! -d "$data/imdb/aclImdb" ]; then
  curl -fL -o "$tmp/aclImdb.tar.gz" https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz
  tar -xzf "$tmp/aclImdb.tar.gz" -C "$data/imdb"
fi

# AG News, Zhang et al. 2015, the csv copy torchtext downloads.
for split in train test; do
  if [ ! -f "$data/agnews/$split.csv" ]; then
    curl -fL -o "$data/agnews/$split.csv" "https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/$split.csv"
  fi
done

# Verify (content md5 against the published values).
dotnet run --project "$(dirname "$0")/../src/BayesSparse.Cli" -c Release -- data verify --data-dir "$data"
