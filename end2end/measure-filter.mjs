// Measures (does not assert) how long changing a filter takes in the browser on a large board,
// as the reader meets it: from the select's change event to the rows laid out (style and layout
// forced after the island's update), beside plain JavaScript toggling `hidden` on the same rows
// of the same DOM in the same run (the bare baseline), the last-mutation figure of before, and
// how many requests the changes made (the live board filters from the index it carries: none).
// Then the page's weight and load: bytes on the wire (brotli), DOM nodes, load and hydration.
// For docs/performance.md.
// Usage (release server on a large catalog): node end2end/measure-filter.mjs http://127.0.0.1:3201
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3201";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
let wire = 0;
page.on("response", async (r) => {
  if (r.url() === base + "/") wire = Number((await r.allHeaders())["content-length"] ?? 0);
});
const t0 = Date.now();
await page.goto(base + "/", { waitUntil: "load" });
const loaded = Date.now() - t0;
await page.locator('main[data-hydrated="true"]').waitFor({ timeout: 120000 });
const hydrated = Date.now() - t0;
const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
const rows = await page.locator("tbody tr[data-system]").count();
let requests = 0;
page.on("request", (r) => {
  if (!r.url().includes("/api/board/version")) requests++;
});

const changes = [
  ["filter-owner", "Finance"], ["filter-owner", ""], ["filter-status", "blocked"], ["filter-status", ""],
  ["filter-owner", "Legal"], ["filter-owner", ""], ["filter-status", "manual_fallback"], ["filter-status", ""],
];
const samples = [];
for (let round = 0; round < 3; round++) {
  for (const [id, value] of changes) {
    samples.push(await page.evaluate(([id, value]) => new Promise((resolve) => {
      const all = [...document.querySelectorAll("tbody tr[data-system]")];
      const sentence = document.getElementById("result-count");
      const before = all.map((r) => r.hidden);
      const beforeWords = sentence.textContent;
      const layout = () => document.body.offsetHeight;
      const task = () => new Promise((done) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => done();
        channel.port2.postMessage(0);
      });
      let last = 0;
      const observer = new MutationObserver(() => { last = performance.now(); });
      observer.observe(document.querySelector(".systems-table tbody"), { attributes: true, subtree: true, attributeFilter: ["hidden"] });
      observer.observe(sentence, { childList: true, characterData: true, subtree: true });
      const start = performance.now();
      const select = document.getElementById(id);
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      // The island's update runs on microtasks: one task later it is done; then layout.
      task().then(async () => {
        layout();
        const island = performance.now() - start;
        observer.disconnect();
        const after = all.map((r) => r.hidden);
        const afterWords = sentence.textContent;
        // The bare baseline: the same rows back as they were (untimed), then plain JS sets
        // them as the island did, writes the same sentence, and layout is forced.
        all.forEach((r, i) => { r.hidden = before[i]; });
        sentence.textContent = beforeWords;
        layout();
        await task();
        const bareStart = performance.now();
        all.forEach((r, i) => { if (r.hidden !== after[i]) r.hidden = after[i]; });
        sentence.textContent = afterWords;
        layout();
        const bare = performance.now() - bareStart;
        resolve({
          laid_out: island,
          bare,
          update: (last || start) - start,
          shown: after.filter((h) => !h).length,
        });
      });
    }), [id, value]));
  }
}
const median = (key) => {
  const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
  return +sorted[Math.floor(sorted.length / 2)].toFixed(1);
};
const max = (key) => +Math.max(...samples.map((s) => s[key])).toFixed(1);
console.log(JSON.stringify({
  rows,
  dom_nodes: nodes,
  page_bytes_on_wire_br: wire,
  load_ms: loaded,
  hydrated_ms: hydrated,
  changes: samples.length,
  median_ms_change_to_laid_out: median("laid_out"),
  max_ms_change_to_laid_out: max("laid_out"),
  median_ms_bare_js_to_laid_out: median("bare"),
  median_ms_change_to_last_mutation: median("update"),
  requests_made: requests,
}, null, 2));
await browser.close();
