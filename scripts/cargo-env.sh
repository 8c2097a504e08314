# Sourced by run.sh and test.sh: the tools on PATH and the folder cargo builds in.
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
# A one-off build gains nothing from incremental state, which costs gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# Compiled dependencies outlive a clone, as a CI service's cargo cache does (issue 24): a fresh
# clone builds its own crates again and reuses the rest, and cargo's fingerprints decide what
# is stale (a dependency, profile, feature or compiler that changed is rebuilt). Set
# CARGO_TARGET_DIR=target to keep every build inside the clone. The site (target/site) and the
# binaries the scripts run (target/release/) stay in the clone either way.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vendor-readiness/target}"
mkdir -p "$CARGO_TARGET_DIR"
# Each clone adds its own copies of the workspace's crates: start over past 40 GB.
if [ "$(du -sm "$CARGO_TARGET_DIR" | cut -f1)" -gt 40000 ]; then
  echo "[cargo-env] the build cache $CARGO_TARGET_DIR is over 40 GB: emptying it" >&2
  rm -rf "$CARGO_TARGET_DIR" && mkdir -p "$CARGO_TARGET_DIR"
fi

# Copies the release server cargo built to target/release/, where the scripts, the docs and
# the end-to-end suite run it from.
place_release_binary() {
  local built="$CARGO_TARGET_DIR/release/vendor-readiness"
  if [ "$(realpath -m "$built")" != "$(realpath -m target/release/vendor-readiness)" ]; then
    mkdir -p target/release && cp -f "$built" target/release/vendor-readiness
  fi
}
