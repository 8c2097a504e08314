#!/usr/bin/env bash
# Runs every test: formatting, lints, engine/server tests, the release build, the bundle-size
# check and the Playwright end-to-end suite against the release server. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
# A one-off build gains nothing from incremental state, which costs gigabytes of disk.
export CARGO_INCREMENTAL=0

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "set-up (installs only what is missing)"
bash scripts/setup.sh

step "format"
cargo fmt --all --check

step "lint: engine and server (ssr)"
cargo clippy --locked -p readiness -p server --all-targets --features readiness/synthetic -- -D warnings
step "lint: browser bundle (hydrate, wasm32)"
cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

step "a throwaway PostgreSQL on loopback for the store suite and the two-instance test"
read -r pg_url pg_dir < <(bash scripts/postgres.sh start)
trap 'bash scripts/postgres.sh stop "$pg_dir"' EXIT
export VENDOR_READINESS_TEST_POSTGRES="$pg_url"

step "engine and server tests"
cargo test --locked -p readiness -p server --features readiness/synthetic

step "release build (hydrate bundle, compressed, then the server that embeds it)"
cargo leptos build --release --precompress
for built in target/release/vendor-readiness target/site/pkg/vendor-readiness.wasm target/site/pkg/vendor-readiness.js target/site/pkg/vendor-readiness.css; do
  [ -s "$built" ] || { echo "missing build output: $built" >&2; exit 1; }
done

step "bundle-size budget (wasm + JS, brotli)"
node scripts/bundle-size.mjs

step "end-to-end (Playwright, Debian chromium, release server)"
(cd end2end && npx playwright test)
