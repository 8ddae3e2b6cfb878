#!/usr/bin/env bash
# Builds what ships and what the demo runs: the Wasm module and the native tools/server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
configure_and_build wasm-release
configure_and_build native-release
