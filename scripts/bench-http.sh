#!/usr/bin/env bash
# HTTP load test of the release server on 127.0.0.1 with wrk: each route against the same bytes
# served by a bare axum in its own process (bench/bare-axum: no middleware, no state), and against
# a static body of the same size from the board server itself (/__bench/static, `serve
# --bench-baseline`, which costs the board's middleware stack but no handler).
# Each route is loaded BENCH_ROUNDS times (default 3) on each server in turn (board, bare,
# static, board, …) and the medians are compared: one run on this shared machine varies by ±15 %.
# Bounded: BENCH_SECONDS (default 10) per load, 64 connections, 2 threads. Build first:
#   bash scripts/build-release.sh && bash scripts/bench-http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
port=${BENCH_PORT:-3390}
base="http://127.0.0.1:$port"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
[ -x target/release/vendor-readiness ] || { echo "build first: bash scripts/build-release.sh" >&2; exit 1; }

cargo build --release --quiet --manifest-path bench/bare-axum/Cargo.toml --target-dir bench/bare-axum/target
bare_port=$((port + 1))
bare_base="http://127.0.0.1:$bare_port"

dir=$(mktemp -d)
LEPTOS_SITE_ROOT=target/site RUST_LOG=warn ./target/release/vendor-readiness serve \
  --env-file catalog/demo.env --demo --db "$dir/bench.db" --addr "127.0.0.1:$port" --bench-baseline &
server=$!
trap 'kill $server ${bare:-} 2>/dev/null; wait $server ${bare:-} 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done

# The bare server answers each route with the bytes the board server answered it with.
curl -s "$base/api/vendor-readiness" >"$dir/api.json"
curl -s "$base/" >"$dir/page.html"
curl -s "$base/?owner=Finance&motion=self-serve-paid-launch" >"$dir/filtered.html"
bench/bare-axum/target/release/bare-axum "127.0.0.1:$bare_port" \
  "/api/vendor-readiness=$dir/api.json:application/json" \
  "/=$dir/page.html:text/html; charset=utf-8" \
  "/filtered=$dir/filtered.html:text/html; charset=utf-8" &
bare=$!
for _ in $(seq 100); do curl -sf "$bare_base/api/vendor-readiness" >/dev/null && break; sleep 0.1; done

size() { curl -s "$base$1" | wc -c; }
# Prints "requests/s p99" for one URL (further arguments go to wrk, e.g. a header).
load() {
  wrk -t2 -c64 -d"${seconds}s" --latency "$@" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { p99 = $2 }
    END { print rps, p99 }'
}

printf '%-44s %10s %9s %10s %7s %10s %7s %s\n' route "req/s" p99 "bare req/s" "× bare" "static" "× stat" target
# wrk's latency (850.00us, 2.41ms, 1.02s) in milliseconds.
to_ms() { awk -v t="$1" 'BEGIN { n = t + 0; if (t ~ /us$/) n /= 1000; else if (t ~ /[0-9]s$/) n *= 1000; print n }'; }
# The median of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
bench() {
  local path=$1 bare_path=$2 kind=$3 target=$4
  local bytes; bytes=$(size "$path")
  local board=() p99s=() bares=() statics=() r p b s
  for _ in $(seq "$rounds"); do
    read -r r p < <(load "$base$path")
    board+=("$r") p99s+=("$(to_ms "$p")")
    read -r b _ < <(load "$bare_base$bare_path")
    bares+=("$b")
    read -r s _ < <(load "$base/__bench/static?bytes=$bytes&type=$kind")
    statics+=("$s")
  done
  local rps bare_rps static_rps p99
  rps=$(median "${board[@]}") bare_rps=$(median "${bares[@]}") static_rps=$(median "${statics[@]}")
  p99="$(median "${p99s[@]}")ms"
  local of_bare of_static
  of_bare=$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')
  of_static=$(awk -v a="$rps" -v b="$static_rps" 'BEGIN { printf "%.2f", a / b }')
  printf '%-44s %10s %9s %10s %7s %10s %7s %s\n' "$path ($bytes B)" "$rps" "$p99" "$bare_rps" "$of_bare" "$static_rps" "$of_static" "$target"
}
bench "/api/vendor-readiness" "/api/vendor-readiness" json "≥ 0.90× bare, p99 < 5 ms"
bench "/" "/" html "≥ 0.85× bare, p99 < 5 ms"
bench "/?owner=Finance&motion=self-serve-paid-launch" "/filtered" html "≥ 0.85× bare, p99 < 5 ms"

# Compressed (issue 24): each route asked with `Accept-Encoding: br` against the same route plain,
# on the board server; the coding is made once per snapshot, so the goal is ≤ 1.1× the cost
# (≥ 0.91× the plain throughput) and ≥ 4× fewer bytes on the wire.
printf '\n%-44s %10s %9s %10s %9s %s\n' "route, Accept-Encoding: br" "req/s" p99 "plain B" "br B" "× plain req/s"
compressed() {
  local path=$1
  local plain br rps p99 plain_rps
  plain=$(size "$path")
  br=$(curl -s -H 'Accept-Encoding: br' "$base$path" | wc -c)
  read -r rps p99 < <(load -H 'Accept-Encoding: br' "$base$path")
  read -r plain_rps _ < <(load "$base$path")
  printf '%-44s %10s %9s %10s %9s %s\n' "$path" "$rps" "$p99" "$plain" "$br" \
    "$(awk -v a="$rps" -v b="$plain_rps" 'BEGIN { printf "%.2f", a / b }')"
}
compressed "/api/vendor-readiness"
compressed "/"
compressed "/?owner=Finance&motion=self-serve-paid-launch"
