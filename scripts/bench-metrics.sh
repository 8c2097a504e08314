#!/usr/bin/env bash
# What metrics cost: GET /api/vendor-readiness throughput of the release server with metrics on
# and with `--no-metrics`, alternated (on, off, on, off) so drift hits both. Loopback only,
# BENCH_SECONDS (default 8) per run, 64 connections, 2 threads. Build first:
#   bash scripts/build-release.sh && bash scripts/bench-metrics.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-8}
port=${BENCH_PORT:-3391}
if ! command -v wrk >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
[ -x target/release/vendor-readiness ] || { echo "build first: bash scripts/build-release.sh" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Prints requests/s of one run against a fresh server started with "$@".
run() {
  RUST_LOG=warn ./target/release/vendor-readiness --db "$dir/b.db" --addr "127.0.0.1:$port" "$@" &
  local server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  wrk -t2 -c64 -d"${seconds}s" "http://127.0.0.1:$port/api/vendor-readiness" | awk '/Requests\/sec/ { print $2 }'
  kill "$server"; wait "$server" 2>/dev/null || true
}
on=(); off=()
for _ in 1 2; do
  on+=("$(run)"); off+=("$(run --no-metrics)")
done
awk -v a="${on[*]}" -v b="${off[*]}" 'BEGIN {
  split(a, x, " "); split(b, y, " "); s1 = x[1] + x[2]; s2 = y[1] + y[2]
  printf "metrics on: %.0f req/s, off: %.0f req/s, cost: %.1f%% (target <= 5%%)\n", s1 / 2, s2 / 2, 100 * (1 - s1 / s2)
}'
