// Builds the browser side of the board into target/site, as `cargo leptos build --release
// --precompress --frontend-only` did, without cargo-leptos (issue 24: compiling cargo-leptos was
// most of a bare machine's set-up). The steps are cargo-leptos 0.3.10's own, with the same tools:
//   1. cargo builds the `frontend` crate for wasm32 in the `wasm-release` profile;
//   2. wasm-bindgen writes the JS loader (`--target web`), and the imports get short names;
//   3. wasm-opt -Oz shrinks the wasm (binaryen, from .tools/), with --gufa and --converge;
//   4. terser minifies the loader (cargo-leptos used swc: the same size within bytes);
//   5. lightningcss lowers and minifies style/main.css for the browsers of `defaults`;
//   6. public/ is copied beside pkg/, and every file gets a .br and a .gz twin.
// The new site replaces target/site only once every step has succeeded, and only if it differs:
// an unchanged site keeps its files' times, so cargo does not rebuild the server that embeds it.
// Usage: node scripts/build-site.mjs   (after bash scripts/setup.sh: cargo and wasm-bindgen on
// PATH, the npm tools in .tools/node_modules)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { shortenImports } from "./short-imports.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, ".tools/package.json"));
const NAME = "vendor-readiness";
const site = path.join(root, "target/site");
const staging = path.join(root, "target/site.building");
const pkg = path.join(staging, "pkg");
// cargo runs in the repository's root, so a relative CARGO_TARGET_DIR is relative to it.
const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR ?? "target");
const started = Date.now();

const step = (what) => console.log(`\x1b[1m[site]\x1b[0m ${what} (at ${((Date.now() - started) / 1000).toFixed(1)} s)`);
// The pinned npm tools (wasm-opt, terser) come first, whatever else PATH holds.
const env = { ...process.env, PATH: `${path.join(root, ".tools/node_modules/.bin")}${path.delimiter}${process.env.PATH}` };
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.error) fail(`${command} could not run: ${result.error.message} (run bash scripts/setup.sh)`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} failed (exit ${result.status})`);
}
function fail(message) {
  console.error(`[site] ${message}`);
  rmSync(staging, { recursive: true, force: true });
  process.exit(1);
}

// Every tool answers before the long compile starts.
for (const tool of ["wasm-bindgen", "wasm-opt", "terser"]) {
  const found = spawnSync(tool, ["--version"], { cwd: root, env, stdio: "ignore" });
  if (found.error || found.status !== 0) fail(`${tool} is missing: run bash scripts/setup.sh`);
}
let lightningcss, browserslist;
try {
  lightningcss = require("lightningcss");
  browserslist = require("browserslist");
} catch (error) {
  fail(`lightningcss or browserslist is missing from .tools/node_modules (${error.code}): run bash scripts/setup.sh`);
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
const js = path.join(pkg, `${NAME}.js`);

// The 184 imports' hashed names, written in both files, become one or two letters.
step("short names for the wasm's imports");
try {
  shortenImports(wasm, js);
} catch (error) {
  fail(`short names for the imports: ${error.message}`);
}

// -Oz, then binaryen's whole-program flow analysis (--gufa) and -Oz again until nothing shrinks,
// without the producers and target-features sections (metadata no browser reads):
// 0.8 KB brotli less than -Oz alone, for 12 s more (issue 23's claim rules needed the room).
// Then the functions in the order of their names: a function's instantiations and neighbours
// side by side, so brotli finds their likeness, and an edit no longer reshuffles the whole
// module (a change of 2 KB raw cost 0.6 KB brotli this way, and 2.4 KB in the default order).
// --one-caller-inline-max-function-size=20: a function called from one place is inlined there
// only when small. Inlined, each such body is a new shape brotli cannot match; left a function
// of its own, it sits beside its likes (by name) and compresses with them: 7 KB brotli less for
// 5 KB more raw (sizes 10-30 give about the same; docs/performance.md).
step("wasm-opt -Oz --gufa -Oz --converge --reorder-functions-by-name, small one-caller inlines");
run("wasm-opt", ["-Oz", "--gufa", "-Oz", "--converge", "--reorder-functions-by-name",
  "--one-caller-inline-max-function-size=20", "--strip-producers", "--strip-target-features",
  "--enable-bulk-memory", "--enable-nontrapping-float-to-int", wasm, "-o", wasm]);

step("terser: the loader minified");
run("terser", [js, "--module", "--compress", "--mangle", "--output", js]);

step("lightningcss: style/main.css for the browsers of `defaults`");
let css;
try {
  css = lightningcss.transform({
    filename: "style/main.css",
    code: readFileSync(path.join(root, "style/main.css")),
    minify: true,
    targets: lightningcss.browserslistToTargets(browserslist("defaults")),
  });
} catch (error) {
  const at = error.loc ? `:${error.loc.line}:${error.loc.column}` : "";
  fail(`style/main.css${at}: ${error.message}`);
}
writeFileSync(path.join(pkg, `${NAME}.css`), css.code);

step("public/ copied, every file compressed (brotli 11, gzip 9)");
if (existsSync(path.join(root, "public"))) cpSync(path.join(root, "public"), staging, { recursive: true });
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

const same = (a, b) => {
  const names = (dir) => files(dir).map((f) => path.relative(dir, f)).sort();
  const [left, right] = [names(a), names(b)];
  return left.length === right.length && left.every((name, i) =>
    name === right[i] && readFileSync(path.join(a, name)).equals(readFileSync(path.join(b, name))));
};
if (existsSync(site) && same(staging, site)) {
  rmSync(staging, { recursive: true, force: true });
  step(`done: ${path.relative(root, site)} is unchanged`);
} else {
  if (existsSync(site)) rmSync(site, { recursive: true, force: true });
  renameSync(staging, site);
  step(`done: ${path.relative(root, site)}`);
}
