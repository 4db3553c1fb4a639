#!/usr/bin/env bash
# npm run bench -- <name> [--quick] [--size N] [--keep]: build the bench workspace and what it depends on
# (quietly), then run one benchmark. With no name, or an unknown one, it lists them and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! log=$(npx turbo run build --filter=@petition/bench... --output-logs=errors-only 2>&1); then
  echo "$log" >&2
  echo "[bench] build failed" >&2
  exit 1
fi
exec node bench/dist/index.js "$@"
