// Builds the browser side of the board into target/site, as `cargo leptos build --release
// --precompress --frontend-only` did, without cargo-leptos (issue 24: compiling cargo-leptos was
// most of a bare machine's set-up). The steps are cargo-leptos 0.3.10's own, with the same tools:
//   1. cargo builds the `frontend` crate for wasm32 in the `wasm-release` profile;
//   2. wasm-bindgen writes the JS loader (`--target web`);
//   3. wasm-opt -Oz shrinks the wasm (binaryen, from .tools/);
//   4. terser minifies the loader (cargo-leptos used swc: the same size within bytes);
//   5. lightningcss lowers and minifies style/main.css for the browsers of `defaults`;
//   6. public/ is copied beside pkg/, and every file gets a .br and a .gz twin.
// The new site replaces target/site only once every step has succeeded.
// Usage: node scripts/build-site.mjs   (PATH must hold cargo, wasm-bindgen and .tools/node_modules/.bin)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const require = createRequire(path.join(root, ".tools/package.json"));
const NAME = "vendor-readiness";
const site = path.join(root, "target/site");
const staging = path.join(root, "target/site.building");
const pkg = path.join(staging, "pkg");
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, "target");
const started = Date.now();

const step = (what) => console.log(`\x1b[1m[site]\x1b[0m ${what} (at ${((Date.now() - started) / 1000).toFixed(1)} s)`);
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.error) fail(`${command} could not run: ${result.error.message} (run bash scripts/setup.sh)`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} failed (exit ${result.status})`);
}
function fail(message) {
  console.error(`[site] ${message}`);
  process.exit(1);
}

step("cargo: the frontend crate for wasm32 (wasm-release profile)");
const front = path.join(targetDir, "front");
run("cargo", ["build", "--locked", "--package=frontend", "--lib", `--target-dir=${front}`,
  "--target=wasm32-unknown-unknown", "--no-default-features", "--profile=wasm-release"]);

rmSync(staging, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
step("wasm-bindgen: the JS loader");
run("wasm-bindgen", ["--target=web", "--no-typescript", `--out-name=${NAME}`, `--out-dir=${pkg}`,
  path.join(front, "wasm32-unknown-unknown/wasm-release/frontend.wasm")]);
const wasm = path.join(pkg, `${NAME}.wasm`);
renameSync(path.join(pkg, `${NAME}_bg.wasm`), wasm);

step("wasm-opt -Oz");
run("wasm-opt", ["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", wasm, "-o", wasm]);

step("terser: the loader minified");
const js = path.join(pkg, `${NAME}.js`);
run("terser", [js, "--module", "--compress", "--mangle", "--output", js]);

step("lightningcss: style/main.css for the browsers of `defaults`");
const { transform, browserslistToTargets } = require("lightningcss");
const browserslist = require("browserslist");
const css = transform({
  filename: "style/main.css",
  code: readFileSync(path.join(root, "style/main.css")),
  minify: true,
  targets: browserslistToTargets(browserslist("defaults")),
});
writeFileSync(path.join(pkg, `${NAME}.css`), css.code);

step("public/ copied, every file compressed (brotli 11, gzip 9)");
cpSync(path.join(root, "public"), staging, { recursive: true });
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const full = path.join(dir, name);
  return statSync(full).isDirectory() ? files(full) : [full];
});
for (const file of files(staging)) {
  const bytes = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${file}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
}

if (existsSync(site)) rmSync(site, { recursive: true, force: true });
renameSync(staging, site);
step(`done: ${path.relative(root, site)}`);
