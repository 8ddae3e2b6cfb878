#!/usr/bin/env bash
# npm run abi: rewrites js/src/abi.ts from wasm/boundary/abi.hpp (commit the result; the
# CTest check abi_ts_fresh fails while it is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cmake --preset native-release >/dev/null
cmake --build --preset native-release --target ssehub-abi-ts
build/native-release/tools/ssehub-abi-ts >js/src/abi.ts
echo "abi: wrote js/src/abi.ts"
