#!/usr/bin/env bash
# Builds the release board: the browser site into target/site (scripts/build-site.mjs), then the
# release server that embeds it, copied to target/release/vendor-readiness. Needs the tools
# scripts/setup.sh installs; run.sh runs both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cargo-env.sh
node scripts/build-site.mjs
cargo build --locked --release -p server --bin vendor-readiness
place_release_binary
