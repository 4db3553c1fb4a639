#!/usr/bin/env bash
# The README's first command: install, start PostgreSQL and NATS if needed, build, migrate,
# start the services and the gateway, load the demo jurisdiction, print the URL and a token.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-infra.sh
echo "[start] building (libs, services, subgraph SDL, supergraph composition)"
npx turbo run build --output-logs=errors-only

mkdir -p .run
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "[start] stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

wait_ready() {
  local name=$1 url=$2
  for _ in $(seq 1 150); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "[start] $name exited: see .run/$name.log" >&2; tail -20 ".run/$name.log" >&2; exit 1
    fi
    sleep 0.2
  done
  echo "[start] $name did not become ready: see .run/$name.log" >&2; exit 1
}

start() {
  local name=$1 dir=$2 port=$3 heap=${4:-128}
  # Own session (setsid): Ctrl-C reaches only this script, which stops each service once, gracefully.
  # The old-space limit as in the images (infra/docker/Dockerfile; docs/performance.md, "Memory").
  (cd "$dir" && PORT=$port exec setsid node --max-old-space-size="$heap" dist/main.js) > ".run/$name.log" 2>&1 &
  pids+=($!)
  wait_ready "$name" "http://127.0.0.1:$port/readyz"
  echo "[start] $name ready on http://127.0.0.1:$port/graphql (log: .run/$name.log)"
}

start intake services/intake "${INTAKE_PORT:-4001}"
start case services/case "${CASE_PORT:-4002}"
start hotspot services/hotspot-screening "${HOTSPOT_PORT:-4003}"
start reception services/joint-reception "${RECEPTION_PORT:-4004}"
start assessment services/assessment "${ASSESSMENT_PORT:-4005}" 256
start gateway gateway "${PORT:-4000}"

RECEPTION_BASE="http://127.0.0.1:${RECEPTION_PORT:-4004}" node scripts/seed-demo.js "http://127.0.0.1:${PORT:-4000}/graphql"
echo "[start] running; Ctrl-C stops everything"
wait
