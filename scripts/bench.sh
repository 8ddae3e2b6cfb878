#!/usr/bin/env bash
# npm run bench: release builds, then every native benchmark. Reports; never fails on time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
configure_and_build native-release
for b in build/native-release/bench/*_bench; do
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=0.5
done
