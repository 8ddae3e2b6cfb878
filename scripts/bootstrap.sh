#!/usr/bin/env bash
# Idempotent setup: installs the Debian packages and npm modules the build and tests need.
# A no-op (no apt-get, no network) when everything is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ clang-14 lld libclang-rt-14-dev clang-format
  emscripten node-acorn
  nlohmann-json3-dev catch2 libbenchmark-dev
  libboost-dev libssl-dev
  chromium firefox-esr webkit2gtk-driver xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci only when the lockfile changed since the last install.
if [ -f package-lock.json ]; then
  stamp=node_modules/.bootstrap-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    # puppeteer-core drives Debian's firefox-esr; no browser download, ever.
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
    cp package-lock.json "$stamp"
  fi
fi
