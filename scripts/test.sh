#!/usr/bin/env bash
# Runs every test: formatting, the browser bundle and its size budget, lints, engine/server tests
# and the Playwright end-to-end suite against the server the test step built (the same sources,
# with the site embedded; `bash scripts/run.sh` builds the release server). Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cargo-env.sh

step() { printf '\n\033[1m== %s (at %ss)\033[0m\n' "$*" "$SECONDS"; }

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then bash scripts/postgres.sh stop "$pg_dir"; fi
}
trap cleanup EXIT

step "set-up (installs only what is missing)"
bash scripts/setup.sh

step "format"
cargo fmt --all --check

step "release build of the browser bundle (wasm, JS, CSS, compressed) into target/site"
node scripts/build-site.mjs
step "bundle-size budget (wasm + JS, brotli)"
node scripts/bundle-size.mjs

step "lint: engine and server (ssr)"
cargo clippy --locked -p readiness -p server --all-targets --features readiness/synthetic -- -D warnings
step "lint: browser bundle (hydrate, wasm32)"
cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

step "a throwaway PostgreSQL on loopback for the store suite and the two-instance test"
read -r pg_url pg_dir < <(bash scripts/postgres.sh start)
export VENDOR_READINESS_TEST_POSTGRES="$pg_url"
# The in-toto reference implementation the bundle tests verify with (installed by setup.sh).
export VENDOR_READINESS_TEST_PYTHON="$PWD/.tools/python/bin/python"

step "engine and server tests (cargo-nextest: side by side, as .config/nextest.toml says)"
cargo nextest run --locked -p readiness -p server --features readiness/synthetic

step "the server binary of the test step (it embeds target/site, built above), for the end-to-end suite"
# The test step built it (the same command, so cargo only checks it is fresh): issue 24, a second,
# release-profile build of every dependency was a third of a bare machine's wait.
cargo test --no-run --locked -p readiness -p server --features readiness/synthetic
mkdir -p target/e2e-server
cp -f "${CARGO_TARGET_DIR:-target}/debug/vendor-readiness" target/e2e-server/vendor-readiness
export E2E_SERVER=target/e2e-server/vendor-readiness
for built in "$E2E_SERVER" target/site/pkg/vendor-readiness.wasm target/site/pkg/vendor-readiness.js target/site/pkg/vendor-readiness.css; do
  [ -s "$built" ] || { echo "missing build output: $built" >&2; exit 1; }
done

step "end-to-end (Playwright, Debian chromium): two halves side by side, each with its own servers"
# Each half (end2end/playwright.config.ts says which projects) has its own ports, board server,
# store and SMTP server, so neither sees the other's proofs or mail; a log per half, shown in turn.
e2e_half() {
  (cd end2end && E2E_HALF="$1" E2E_PORT="$2" E2E_SMTP_PORT="$3" npx playwright test) > "target/e2e-half-$1.log" 2>&1
}
e2e_half 1 3100 3125 & first=$!
e2e_half 2 3200 3225 & second=$!
e2e_failed=0
wait "$first" || e2e_failed=1
cat target/e2e-half-1.log
wait "$second" || e2e_failed=1
cat target/e2e-half-2.log
[ "$e2e_failed" = 0 ] || { echo "end-to-end: a half failed (its log is above)" >&2; exit 1; }
step "every test passed"
