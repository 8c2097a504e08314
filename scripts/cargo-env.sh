# Sourced by run.sh and test.sh: the tools on PATH and the folder cargo builds in.
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
# A one-off build gains nothing from incremental state, which costs gigabytes of disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
# CI (CI=true) keeps compiled dependencies across fresh clones, as a CI service's cargo cache
# does (issue 24). Cargo keys what it built by crate, version, profile and features, and judges a
# workspace crate fresh by comparing its files' times with its last build, whichever tree that
# build came from: so every tracked file is touched first, and this tree's crates are always
# rebuilt while the registry's are reused. (Two checkouts must not share one target folder
# otherwise: an older tree would take a newer tree's build for its own.) Elsewhere cargo builds
# in the clone's target/, or in CARGO_TARGET_DIR when set.
if [ "${CI:-}" = true ] && [ -z "${CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/vendor-readiness/target"
  mkdir -p "$CARGO_TARGET_DIR"
  { git ls-files -z 2>/dev/null || find . -path ./target -prune -o -name node_modules -prune -o -type f -print0; } | xargs -0 touch
  # Each build adds copies of the workspace's crates: start over past 40 GB.
  if [ "$(du -sm "$CARGO_TARGET_DIR" | cut -f1)" -gt 40000 ]; then
    echo "[cargo-env] the build cache $CARGO_TARGET_DIR is over 40 GB: emptying it" >&2
    rm -rf "$CARGO_TARGET_DIR" && mkdir -p "$CARGO_TARGET_DIR"
  fi
fi
# Copies the release server cargo built to target/release/, where the scripts, the docs and
# the end-to-end suite run it from.
place_release_binary() {
  local built="${CARGO_TARGET_DIR:-target}/release/vendor-readiness"
  if [ "$(realpath -m "$built")" != "$(realpath -m target/release/vendor-readiness)" ]; then
    mkdir -p target/release && cp -f "$built" target/release/vendor-readiness
  fi
}
