#!/usr/bin/env bash
# Raises the fd limit as far as allowed, then runs the hubd load client (see load.mjs).
set -euo pipefail
ulimit -n "$(ulimit -Hn)"
exec node "$(dirname "$0")/load.mjs"
