#!/usr/bin/env bash
# npm test: installs what is missing, builds every configuration, runs every suite.
# FUZZ_SECONDS (default 60) bounds each fuzzer's run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh

echo "== build: native release (g++), native ASan+UBSan (clang), WebAssembly"
configure_and_build native-release
configure_and_build native-asan
configure_and_build wasm-release

# Each fuzzer: FUZZ_SECONDS under ASan+UBSan, starting from its seed corpus.
fuzz() {
  local name=$1 seeds=$2
  local corpus=build/native-asan/fuzz-corpus/$name log=build/native-asan/$name.log
  mkdir -p "$corpus"
  [ -z "$seeds" ] || cp $seeds "$corpus"/
  echo "== fuzz: $name, ${FUZZ_SECONDS:-60} s"
  if ! "build/native-asan/tests/fuzz/$name" -max_total_time="${FUZZ_SECONDS:-60}" -max_len=4096 \
    -print_final_stats=1 -artifact_prefix=build/native-asan/ "$corpus" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $name FAILED (the input is in build/native-asan/)"
    exit 1
  fi
  grep -E '^(stat::number_of_executed_units|Done )' "$log"
}
fuzz parser_fuzz "tests/fixtures/sse/*.json"
fuzz hub_fuzz ""

echo "== Catch2: core and hubd (native, ASan+UBSan), core as Wasm under node"
ctest --preset native-release
ctest --preset native-asan
ctest --preset wasm-release

echo "== hubd integration (node --test: the real hubd under ASan+UBSan on loopback)"
HUBD=build/native-asan/server/hubd node --test tests/server/

echo "== JS (node --test: the package over the real Wasm core, local HTTP)"
npm run --silent test:js

echo "== scripts (node --test: the two commands as a user meets them)"
node --test tests/scripts/

echo "== end-to-end (Debian's Chromium, every spec; Firefox ESR and WebKitGTK, the @engines ones)"
# The demo as `npm run demo` builds it, and the same page built with the hub switched off.
(cd web-demo && VITE_ENABLE_SSE_HUB=true npx vite build --logLevel warn \
  && VITE_ENABLE_SSE_HUB=false npx vite build --logLevel warn --outDir dist-polling)
npx playwright test
