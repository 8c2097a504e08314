// Measures (does not assert) how long changing a filter takes in the browser on a large board:
// from the select's change event to the last row shown or hidden, and how many requests the
// changes made (the live board filters from the index it carries: none). For docs/performance.md.
// Usage (release server on a 1,000-system catalog): node end2end/measure-filter.mjs http://127.0.0.1:3201
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3201";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(base + "/");
await page.locator('main[data-hydrated="true"]').waitFor();
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
      const start = performance.now();
      let last = start;
      // Rows are shown or hidden in one synchronous pass; the sentence is written last.
      const observer = new MutationObserver(() => { last = performance.now(); });
      observer.observe(document.querySelector(".systems-table tbody"), { attributes: true, subtree: true, attributeFilter: ["hidden"] });
      observer.observe(document.getElementById("result-count"), { childList: true, characterData: true, subtree: true });
      const select = document.getElementById(id);
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      // After the effect has run and the browser has painted once.
      requestAnimationFrame(() => setTimeout(() => {
        observer.disconnect();
        resolve({ update: last - start, shown: document.querySelectorAll("tbody tr[data-system]:not([hidden])").length });
      }, 0));
    }), [id, value]));
  }
}
const updates = samples.map((s) => s.update).sort((a, b) => a - b);
console.log(JSON.stringify({
  rows,
  changes: samples.length,
  median_ms_change_to_dom_updated: +updates[Math.floor(updates.length / 2)].toFixed(1),
  max_ms: +updates[updates.length - 1].toFixed(1),
  requests_made: requests,
}, null, 2));
await browser.close();
