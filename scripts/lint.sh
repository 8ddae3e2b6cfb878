#!/usr/bin/env bash
# npm run lint: every check that reads the tree without rewriting it. `npm test` runs it
# first, so an unformatted or lint-failing tree fails CI.
#   clang-format and prettier (formatting), tsc and vue-tsc (types), eslint (typescript-eslint's
#   recommended rules), clang-tidy (.clang-tidy: bugprone and analyzer checks on the core,
#   the boundary, the tools and hubd). clang-tidy results are cached per translation unit
#   in build/lint/ (keyed by the unit, the project's headers, the config and its command).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh

echo "== lint: clang-format"
git ls-files -z '*.cpp' '*.hpp' | xargs -0 clang-format --dry-run --Werror

echo "== lint: prettier"
git ls-files -z '*.ts' '*.tsx' '*.mts' '*.mjs' '*.js' '*.vue' | xargs -0 npx prettier --check --log-level warn

echo "== lint: tsc"
npx tsc -p js/tsconfig.json --noEmit
npx tsc -p web-demo/tsconfig.json --noEmit
npx tsc -p examples/react/tsconfig.json --noEmit
npx vue-tsc -p examples/vue/tsconfig.json --noEmit

echo "== lint: eslint"
npx eslint --max-warnings 0 .

echo "== lint: clang-tidy"
cmake --preset native-release >/dev/null
db=build/native-release/compile_commands.json
cache=build/lint/tidy
mkdir -p "$cache"
headers=$(git ls-files -z '*.hpp' | xargs -0 cat | sha256sum | cut -c1-16)
config=$(cat .clang-tidy | sha256sum | cut -c1-16)
todo=()
for unit in $(git ls-files 'wasm/src/*.cpp' 'wasm/boundary/*.cpp' 'tools/*.cpp' 'server/src/*.cpp' 'server/src/**/*.cpp'); do
  key=$(cat "$unit" | sha256sum | cut -c1-16)-$headers-$config
  stamp=$cache/$(echo "$unit" | tr / _).ok
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && continue
  todo+=("$unit")
done
if [ ${#todo[@]} -gt 0 ]; then
  echo "clang-tidy: ${#todo[@]} units"
  printf '%s\n' "${todo[@]}" | xargs -P "$(nproc)" -n 1 clang-tidy-14 -p "$db" --quiet >build/lint/tidy.log 2>&1 || {
    grep -E "(warning|error):" -A3 build/lint/tidy.log | head -60
    echo "lint: clang-tidy found problems (all of them: build/lint/tidy.log)"
    exit 1
  }
  for unit in "${todo[@]}"; do
    echo "$(cat "$unit" | sha256sum | cut -c1-16)-$headers-$config" >"$cache/$(echo "$unit" | tr / _).ok"
  done
fi
echo "lint: clean"
