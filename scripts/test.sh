#!/usr/bin/env bash
# The README's second command: every test, from a clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-infra.sh
rm -rf .test-results
# Build composes the supergraph (a composition error fails here), then types, lint, tests.
npx turbo run build typecheck lint --output-logs=errors-only
status=0
npx turbo run test --concurrency=1 --output-logs=full || status=$?
node scripts/test-summary.js || status=1
# Every benchmark's --quick: a crash fails the run like a failed test.
bash scripts/bench-quick.sh || status=1
exit $status
