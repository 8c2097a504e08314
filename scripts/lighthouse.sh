#!/usr/bin/env bash
# Lighthouse (npm, pinned) with Debian chromium against the release server on the embedded default:
# performance and accessibility, desktop and mobile; prints score, LCP, TBT, CLS. Build first:
#   bash scripts/build-release.sh && bash scripts/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=${LIGHTHOUSE_PORT:-3391}
base="http://127.0.0.1:$port"
[ -x target/release/vendor-readiness ] || { echo "build first: bash scripts/build-release.sh" >&2; exit 1; }
dir=$(mktemp -d)
LEPTOS_SITE_ROOT=target/site RUST_LOG=warn ./target/release/vendor-readiness serve \
  --env-file catalog/demo.env --demo --db "$dir/lh.db" --addr "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
for mode in desktop mobile; do
  preset=(); [ "$mode" = desktop ] && preset=(--preset=desktop)
  npx --yes lighthouse@12.8.2 "$base/" "${preset[@]}" --only-categories=performance,accessibility \
    --chrome-flags="--headless=new --no-sandbox --disable-dev-shm-usage --disable-gpu" \
    --output=json --output-path="$dir/$mode.json" --quiet
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    console.log(`${process.argv[2]}: performance ${Math.round(r.categories.performance.score * 100)}, accessibility ${Math.round(r.categories.accessibility.score * 100)}, LCP ${a["largest-contentful-paint"].displayValue}, TBT ${a["total-blocking-time"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue}`);
  ' "$dir/$mode.json" "$mode"
done
