#!/usr/bin/env bash
# npm run bench -- <name> [--quick] [--size N]: build the bench workspace and what it depends on
# (quietly), then run one benchmark. With no name, or an unknown one, it lists them and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! npx turbo run build --filter=@petition/bench... --output-logs=errors-only >/dev/null; then
  echo "[bench] build failed; rerun: npx turbo run build --filter=@petition/bench..." >&2
  exit 1
fi
exec node bench/dist/index.js "$@"
