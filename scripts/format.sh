#!/usr/bin/env bash
# npm run format: clang-format for C++, prettier for TypeScript/JavaScript.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.hpp' | xargs -0 -r clang-format -i
git ls-files -z '*.ts' '*.tsx' '*.mts' '*.mjs' '*.js' '*.vue' | xargs -0 -r npx prettier --log-level warn --write
