#!/usr/bin/env bash
# Runs the board on the embedded default (shipped catalog, catalog/demo.env, demo proofs seeded
# into vendor-readiness.db) at http://127.0.0.1:3000. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cargo-env.sh
bash scripts/setup.sh
# --precompress: the site is built and compressed first, then the server that embeds it.
cargo leptos build --release --precompress
place_release_binary
# The binary carries the site, the catalog and the demo env: it would run the same from any folder.
exec ./target/release/vendor-readiness "$@"
