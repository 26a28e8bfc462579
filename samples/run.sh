#!/usr/bin/env bash
# Packs BayesSparse, BayesSparse.Inference and BayesSparse.Onnx into artifacts/packages, then restores, builds and
# runs the samples from those packages as a user would (samples/NuGet.config). CI runs it (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf artifacts/packages
dotnet pack src/BayesSparse.Inference -c Release -o artifacts/packages
dotnet pack src/BayesSparse -c Release -o artifacts/packages
dotnet pack src/BayesSparse.Onnx -c Release -o artifacts/packages
# A package of the same version restored earlier would shadow the fresh one.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/bayessparse" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/bayessparse.inference" \
  "${NUGET_PACKAGES:-$HOME/.nuget/packages}/bayessparse.onnx"
dotnet run --project samples/Inference -c Release -- models/imdb-wgn.bsm \
  "a wonderful film, brilliant acting and a moving story" "the worst movie I have ever seen, boring and stupid"
dotnet run --project samples/MLNet -c Release -- models/imdb-wgn.bsm \
  "a wonderful film, brilliant acting and a moving story" "the worst movie I have ever seen, boring and stupid"
dotnet run --project samples/Sparsify -c Release
