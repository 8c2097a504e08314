#!/usr/bin/env bash
# Runs the board on the embedded default (shipped catalog, catalog/demo.env, demo proofs seeded
# into vendor-readiness.db) at http://127.0.0.1:3000. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cargo-env.sh
bash scripts/setup.sh
# The site is built and compressed first, then the release server that embeds it.
bash scripts/build-release.sh
# The binary carries the site, the catalog and the demo env: it would run the same from any folder.
exec ./target/release/vendor-readiness "$@"
