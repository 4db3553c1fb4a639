#!/usr/bin/env bash
# Every benchmark's --quick, one after another (npm test runs this after the tests): a benchmark
# that crashes or exits non-zero fails. Goals are not judged here (a quick run is too small and
# the machine may be shared); the full runs in docs/performance.md are. Builds bench/ if needed.
# Each run's output goes to .run/bench-quick/<name>.log; one closing line lists every run.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! log=$(npx turbo run build --filter=@petition/bench... --output-logs=errors-only 2>&1); then
  echo "$log"
  echo "bench quick: FAILED (bench/ does not build)"
  exit 1
fi
if ! names=$(node bench/dist/index.js --list); then
  echo "bench quick: FAILED (could not list the benchmarks)"
  exit 1
fi
dir=.run/bench-quick
rm -rf "$dir" && mkdir -p "$dir"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100)); }
summary=()
failed=0
total_start=$(now_ms)
for name in $names; do
  start=$(now_ms)
  if node bench/dist/index.js "$name" --quick >"$dir/$name.log" 2>&1; then result=ok; else
    result=FAILED
    failed=$((failed + 1))
  fi
  took=$(secs $(($(now_ms) - start)))
  printf '  bench %-22s %-6s %6s s  (%s)\n' "$name" "$result" "$took" "$dir/$name.log"
  if [ "$result" = FAILED ]; then tail -n 20 "$dir/$name.log" | sed 's/^/    | /'; fi
  summary+=("$name $result ($took s)")
done
joined=$(printf ' · %s' "${summary[@]}")
echo "bench quick: ${joined:3} — $failed failed, $(secs $(($(now_ms) - total_start))) s in all"
[ "$failed" -eq 0 ]
