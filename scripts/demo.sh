#!/usr/bin/env bash
# `npm run demo`: build everything the demo needs (idempotent, incremental), then run hubd on
# http://127.0.0.1:${PORT:-8080} serving web-demo/dist with the demo data and the stream on.
# Ctrl-C stops it.
#   PORT=9090 npm run demo                      another port
#   VITE_ENABLE_SSE_HUB=false npm run demo      the legacy polling-only page
#   DEMO_SKIP_BUILD=1 npm run demo              serve what is already built
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8080}
flag=${VITE_ENABLE_SSE_HUB:-true}

# Say it before a long build: the port is taken (another demo, another server).
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "demo: port $port on 127.0.0.1 is already in use (another demo or server?)." >&2
  echo "demo: stop it, or pick another port: PORT=9000 npm run demo" >&2
  exit 1
fi

if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/bootstrap.sh
  source scripts/env.sh
  echo "demo: building hubd (native-release)"
  cmake --preset native-release >/dev/null
  cmake --build --preset native-release --target hubd
  echo "demo: building the Wasm core (wasm-release)"
  configure_and_build wasm-release
  echo "demo: building the sse-hub package"
  npm run build:js --silent
  echo "demo: building the page (VITE_ENABLE_SSE_HUB=$flag)"
  (cd web-demo && VITE_ENABLE_SSE_HUB="$flag" npx vite build --logLevel warn)
fi

hubd=build/native-release/server/hubd
[ -x "$hubd" ] || { echo "demo: $hubd is missing (run without DEMO_SKIP_BUILD)" >&2; exit 1; }
[ -f web-demo/dist/index.html ] || { echo "demo: web-demo/dist is missing (run without DEMO_SKIP_BUILD)" >&2; exit 1; }

# Per-run secrets unless given: nothing to leak, nothing to configure.
random() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
jwt_secret=${JWT_SECRET:-$(random)}
# The session key outlives a restart, so open tabs stay signed in when the demo comes back.
mkdir -p build/demo
[ -s build/demo/session-secret ] || random > build/demo/session-secret
session_secret=${SESSION_SECRET:-$(cat build/demo/session-secret)}
publisher_token=${PUBLISHER_TOKEN:-$(random)}

# Secrets go through the environment hubd reads, not argv (which `ps` shows).
export JWT_SECRET=$jwt_secret SESSION_SECRET=$session_secret PUBLISHER_TOKEN=$publisher_token
args=(--bind 127.0.0.1 --port "$port" --enable-event-stream
  --static-root web-demo/dist --data server/data/seed.json
  --dev-login --test-mode)
# Domain options, when this hubd has them: background data for the dashboard and chat.
if "$hubd" --help 2>/dev/null | grep -q -- '--demo-generators'; then
  args+=(--demo-generators)
fi

hub_word=$([ "$flag" = true ] && echo on || echo "off, polling only")
cat <<INFO

  sse-hub demo: http://127.0.0.1:$port/   (hub: $hub_word; Ctrl-C stops)

  Users (switch in the header; the dev session cookie signs you in):
    alice   Alice Admin      acme    admin
    bob     Bob Author       acme    author
    carol   Carol Reviewer   acme    reviewer
    victor  Victor Viewer    acme    viewer
    gina    Gina Globex      globex  admin (another workspace: sees nothing of acme)

  Try: open two windows as different users; use the Inspector's fault buttons to watch the
  hub degrade to polling and recover. Publish from a backend:
    curl -s -H 'Authorization: Bearer $publisher_token' -H 'Content-Type: application/json' \\
      -d '{"workspace":"acme","topic":"activity.created","resourceId":"a-curl","payload":{"id":"a-curl","type":"comment","actor":"alice","message":"hello from curl","at":0}}' \\
      http://127.0.0.1:$port/api/v1/publish

  hubd's JSON logs: build/demo/hubd.log (DEMO_LOGS=1 shows them here).

INFO
if [ "${DEMO_LOGS:-0}" = 1 ]; then
  exec "$hubd" "${args[@]}"
fi
exec "$hubd" "${args[@]}" 2>>build/demo/hubd.log
