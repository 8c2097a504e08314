// The hydrate bundle's size budget: wasm + JS of target/site/pkg, brotli-compressed, must stay
// within 130 KB (130,000 bytes). Prints raw, gzip and brotli sizes, read from the .gz and .br
// twins scripts/build-site.mjs wrote (the bytes the server sends); exits 1 over budget.
// Usage: node scripts/bundle-size.mjs [--json]
import { statSync } from "node:fs";

const BUDGET_BROTLI = 130_000;
const files = ["target/site/pkg/vendor-readiness.wasm", "target/site/pkg/vendor-readiness.js"];

const size = (path) => {
  try {
    return statSync(path).size;
  } catch {
    console.error(`${path} is missing: build the site first (node scripts/build-site.mjs)`);
    process.exit(1);
  }
};
const rows = files.map((file) => ({ file, raw: size(file), gzip: size(`${file}.gz`), brotli: size(`${file}.br`) }));
const total = rows.reduce(
  (sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
const ok = total.brotli <= BUDGET_BROTLI;

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ files: rows, total, budget_brotli: BUDGET_BROTLI, ok }, null, 2));
} else {
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  for (const r of [...rows, { file: "total", ...total }]) {
    console.log(`${r.file.padEnd(40)} raw ${kb(r.raw).padStart(9)}  gzip ${kb(r.gzip).padStart(9)}  brotli ${kb(r.brotli).padStart(9)}`);
  }
  console.log(`${ok ? "within" : "OVER"} the budget of ${kb(BUDGET_BROTLI)} brotli (${kb(total.brotli)})`);
}
process.exit(ok ? 0 : 1);
