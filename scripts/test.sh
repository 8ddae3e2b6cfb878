#!/usr/bin/env bash
# npm test: installs what is missing, builds every configuration, runs every suite.
# FUZZ_SECONDS (default 60) bounds the fuzzing run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh

echo "== build: native release (g++), native ASan+UBSan (clang), WebAssembly"
configure_and_build native-release
configure_and_build native-asan
configure_and_build wasm-release

echo "== fuzz: parser, chunked vs whole, ${FUZZ_SECONDS:-60} s"
corpus=build/native-asan/fuzz-corpus
mkdir -p "$corpus"
cp tests/fixtures/sse/*.json "$corpus"/
log=build/native-asan/fuzz.log
if ! build/native-asan/tests/fuzz/parser_fuzz -max_total_time="${FUZZ_SECONDS:-60}" \
  -max_len=4096 -print_final_stats=1 -artifact_prefix=build/native-asan/ "$corpus" >"$log" 2>&1; then
  tail -n 40 "$log"
  echo "fuzz: FAILED (the crashing input is in build/native-asan/)"
  exit 1
fi
grep -E '^(stat::number_of_executed_units|Done )' "$log"

echo "== Catch2 (native, ASan+UBSan, Wasm under node)"
ctest --preset native-release
ctest --preset native-asan
ctest --preset wasm-release
