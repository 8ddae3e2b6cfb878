#!/usr/bin/env bash
# npm run bench: release builds, the native Google Benchmarks, then the comparison suites
# (parser in node, client in headless Chromium and in three engines, hubd vs nginx+nchan).
# Reports; never fails on time. Writes bench/results/<date>.json and the tables in
# docs/benchmarks.md (a suite not run keeps its figures from the newest recorded run).
#   BENCH_SUITES="native parser browser server" (default: all); QUICK=1 for a short smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
suites=" ${BENCH_SUITES:-native parser browser server} "
tmp=build/bench/results
mkdir -p "$tmp"
rm -f "$tmp"/*.json

# nginx + nchan for the server suite (not in bootstrap.sh's list).
if [[ $suites == *" server "* ]]; then
  need=()
  for p in nginx libnginx-mod-nchan; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
fi

# Builds share the 2 cores with other work: lowest priority for builds, normal for runs.
nice -n 10 bash -c 'source scripts/env.sh && configure_and_build native-release'
if [[ $suites != " native " ]]; then
  nice -n 10 bash -c 'source scripts/env.sh && configure_and_build wasm-release && npm run build:js'
fi

if [[ $suites == *" native "* ]]; then
  for b in build/native-release/bench/*_bench; do
    echo "== $(basename "$b")"
    "$b" --benchmark_min_time=0.5 --benchmark_out="$tmp/native-$(basename "$b").json" \
      --benchmark_out_format=json
  done
fi
if [[ $suites == *" parser "* ]]; then
  echo "== parser: Wasm core vs eventsource-parser in node"
  node bench/parser/parser-node.mjs "$tmp/parser-node.json"
fi
if [[ $suites == *" browser "* ]]; then
  echo "== browser: hub vs EventSource, fetch-event-source, eventsource-parser, eventsource"
  node bench/browser/run.mjs "$tmp/browser.json"
  echo "== browser engines: the hub and eventsource-parser in Chromium, Firefox ESR and WebKitGTK"
  node bench/browser/engines.mjs "$tmp/engines.json"
fi
if [[ $suites == *" server "* ]]; then
  echo "== server: hubd vs nginx + nchan"
  (ulimit -n "$(ulimit -Hn)" && node bench/server/run.mjs "$tmp/server.json")
fi
node bench/report.mjs "$tmp"
