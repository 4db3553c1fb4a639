#!/usr/bin/env bash
# Installs dependencies when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
minor=$(node -p 'process.versions.node.split(".")[1]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
  echo "Node.js >= 20.19 is needed (found $(node -v 2>/dev/null || echo none)): install it and run again" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: npm 11 here writes only this platform's optional binaries
  # (@swc/core-*, turbo-*) into the lockfile, and `npm ci` then refuses the lockfile as out of sync.
  echo "[install] npm install (from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi
