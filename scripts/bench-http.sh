#!/usr/bin/env bash
# HTTP load test of the release server on 127.0.0.1 with wrk: each route against a static
# in-memory body of the same size from the same server (/__bench/static, `serve --bench-baseline`).
# Bounded: BENCH_SECONDS (default 10) per route, 64 connections, 2 threads. Build first:
#   cargo leptos build --release && bash scripts/bench-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-10}
port=${BENCH_PORT:-3390}
base="http://127.0.0.1:$port"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
[ -x target/release/vendor-readiness ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }

dir=$(mktemp -d)
LEPTOS_SITE_ROOT=target/site RUST_LOG=warn ./target/release/vendor-readiness serve \
  --env-file catalog/demo.env --demo --db "$dir/bench.db" --addr "127.0.0.1:$port" --bench-baseline &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done

size() { curl -s "$base$1" | wc -c; }
# Prints "requests/s p99" for one URL.
load() {
  wrk -t2 -c64 -d"${seconds}s" --latency "$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { p99 = $2 }
    END { print rps, p99 }'
}

printf '%-44s %12s %10s %12s %8s %s\n' route "req/s" p99 "static req/s" ratio target
bench() {
  local path=$1 kind=$2 target=$3
  local bytes; bytes=$(size "$path")
  read -r rps p99 < <(load "$base$path")
  read -r static_rps _ < <(load "$base/__bench/static?bytes=$bytes&type=$kind")
  local ratio; ratio=$(awk -v a="$rps" -v b="$static_rps" 'BEGIN { printf "%.2f", a / b }')
  printf '%-44s %12s %10s %12s %8s %s\n' "$path ($bytes B)" "$rps" "$p99" "$static_rps" "$ratio" "$target"
}
bench "/api/vendor-readiness" json ">= 0.80, p99 < 5 ms"
bench "/" html ">= 0.50, p99 < 10 ms"
bench "/?owner=Finance&motion=self-serve-paid-launch" html ">= 0.50, p99 < 10 ms"
