#!/usr/bin/env bash
# Idempotent set-up: installs whatever this project needs that the machine lacks, skips the rest.
# Safe to run repeatedly; the README's two commands both start with it.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# No cargo-leptos: scripts/build-site.mjs runs its steps with the same tools (issue 24: compiling
# it was most of a bare machine's set-up). `cargo leptos watch` remains an optional convenience.

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # A debug build: 71 s to compile instead of 128 s, and 0.8 s instead of 0.2 s to run, for the
  # same output (issue 24, measured on 2 cores). Not --locked: its lockfile names a
  # webpki-roots version this machine's registry lacks.
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (debug build, about a minute)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --debug --force
fi

if ! cargo nextest --version >/dev/null 2>&1; then
  log "installing cargo-nextest (runs the engine and server tests side by side)"
  cargo install cargo-nextest --locked
fi

# wasm-opt (binaryen), terser, lightningcss and Playwright come from the npm registry, pinned in
# .tools/ and end2end/. The lockfile's copy in node_modules says whether they match it.
npm_ci_when_changed() { # folder, a file the install provides, what it installs
  if [ ! -e "$1/node_modules/$2" ] || ! cmp -s "$1/package-lock.json" "$1/node_modules/.package-lock.json.copy"; then
    log "installing $3 from npm"
    (cd "$1" && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.package-lock.json.copy)
  fi
}
npm_ci_when_changed .tools .bin/wasm-opt "binaryen $BINARYEN_VERSION (wasm-opt), terser and lightningcss"

# The in-toto reference implementation (Python, from PyPI), pinned, in its own environment.
if ! .tools/python/bin/python -c 'import in_toto, securesystemslib' >/dev/null 2>&1 \
  || ! cmp -s .tools/python-requirements.txt .tools/python/requirements.txt; then
  log "installing in-toto and securesystemslib (Python, PyPI) into .tools/python"
  python3 -m venv .tools/python
  .tools/python/bin/pip install --quiet --disable-pip-version-check -r .tools/python-requirements.txt
  cp .tools/python-requirements.txt .tools/python/requirements.txt
fi

if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing Debian postgresql (the store tests run against a real PostgreSQL)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

if ! command -v ss >/dev/null; then
  log "installing Debian iproute2 (a test reads the listening socket's backlog with ss)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq iproute2 >/dev/null
fi

npm_ci_when_changed end2end @playwright/test "the end2end packages (Playwright)"

log "tools ready: $(cargo nextest --version | head -n1), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | head -n1), $(/usr/bin/chromium --version 2>/dev/null), PostgreSQL $(ls /usr/lib/postgresql), in-toto $(.tools/python/bin/pip show in-toto 2>/dev/null | sed -n 's/^Version: //p'), aiosmtpd $(.tools/python/bin/pip show aiosmtpd 2>/dev/null | sed -n 's/^Version: //p')"
